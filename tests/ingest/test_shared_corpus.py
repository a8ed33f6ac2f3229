"""The team's corpus (``../shared/corpus``): its HTML records, written out as files, ingest
without a failure (skipped when the shared data is absent)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from claimgraph.ingest.batch import ingest_paths
from claimgraph.store import Store

SHARED = Path(
    os.environ.get("CLAIMGRAPH_SHARED") or Path(__file__).resolve().parents[2] / "../shared"
)
ARTICLES = SHARED / "corpus" / "articles.jsonl"


@pytest.mark.skipif(not ARTICLES.is_file(), reason="../shared/corpus is not present")
def test_corpus_html_records_ingest_without_failure(tmp_path: Path) -> None:
    records = [json.loads(line) for line in ARTICLES.read_text(encoding="utf-8").splitlines()]
    pages = [r for r in records if r.get("html")]
    assert pages
    for record in pages:
        (tmp_path / f"{record['id']}.html").write_text(record["html"], encoding="utf-8")
    with Store.open(tmp_path / "corpus.db") as store:
        report = ingest_paths(store, [tmp_path])
        documents = {d.source: d for d in store.documents()}
    assert report.failures == []
    assert report.count("ingested") == len(pages)
    titles = {Path(s).stem: d.title for s, d in documents.items()}
    matching = sum(1 for r in pages if titles[r["id"]] == r["title"])
    assert matching >= 0.75 * len(pages)
