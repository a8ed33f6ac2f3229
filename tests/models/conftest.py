"""Fixtures of the model tests: the shared data folder (skip when absent) and the model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimgraph.nlp import ner_model


def shared_data() -> Path | None:
    """../shared/data (or $CLAIMGRAPH_SHARED/data) when present."""
    env = os.environ.get("CLAIMGRAPH_SHARED")
    base = Path(env) if env else Path(__file__).resolve().parents[3] / "shared"
    data = base / "data"
    return data if data.is_dir() else None


@pytest.fixture
def data_dir() -> Path:
    path = shared_data()
    if path is None:
        pytest.skip("../shared/data is absent")
    return path


@pytest.fixture
def model() -> None:
    if not ner_model.model_available():
        pytest.skip("spaCy or the shipped model is not installed")
