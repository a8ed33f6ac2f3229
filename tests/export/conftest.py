"""Fixtures of the export tests: a database with the leak and the denial (see builders)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.store import Store

from .builders import denial_analysis, leak_analysis


@pytest.fixture
def export_db(tmp_path: Path) -> Path:
    """A database with the leak and the denial."""
    path = tmp_path / "export.db"
    with Store.open(path) as store:
        store.save_analysis(leak_analysis())
        store.save_analysis(denial_analysis())
    return path


@pytest.fixture
def export_store(export_db: Path) -> Iterator[Store]:
    with Store.open(export_db) as store:
        yield store


@pytest.fixture
def shared_dir() -> Path:
    """The team's shared data (skips the test when it is absent)."""
    import os

    env = os.environ.get("CLAIMGRAPH_SHARED")
    path = Path(env) if env else Path(__file__).resolve().parents[2] / "../shared"
    if not (path / "examples" / "seed-article" / "article.txt").is_file():
        pytest.skip("../shared (seed article) is not available")
    return path.resolve()
