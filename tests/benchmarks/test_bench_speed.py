"""The speed benchmark's measurement runs and reports its fields (no timing is asserted)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from claimgraph.errors import GoldFileError
from claimgraph.eval.speed import measure, words


def test_measure_reports_rate_and_memory() -> None:
    texts = ["Russia delivered 14 tanks to India, officials said.", "Nothing happened here today."]
    out = measure(texts, passes=1, trace=True)
    assert out["documents"] == 2
    assert out["words"] == sum(words(t) for t in texts) == 12
    assert out["words_per_second"] > 0
    assert out["max_rss_mib"]["peak"] >= out["max_rss_mib"]["at_start"] > 0
    assert out["tracemalloc_peak_per_document_mib"] > 0


def test_missing_corpus_is_an_error(script: Callable[[str], ModuleType], tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match="corpus not found"):
        script("speed").main(["--corpus", str(tmp_path / "none.jsonl")])
