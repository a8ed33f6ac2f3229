"""Fixtures of the benchmark tests: the shared data folder (skip when absent) and a loader for
the scripts under ``benchmarks/`` (they are files, not a package)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from claimgraph.eval.gold import SHARED_ENV, shared_root

SCRIPTS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture
def shared() -> Path:
    root = shared_root()
    if root is None:
        pytest.skip(f"shared data not found (set {SHARED_ENV})")
    return root


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"benchmark_{name}", SCRIPTS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def script() -> Callable[[str], ModuleType]:
    """Load ``benchmarks/<name>.py`` as a module."""
    return _load
