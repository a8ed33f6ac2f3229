"""The seed article end to end: ingested into a temporary database, its report shows the
transfers, the timeline and the actor graph; its STIX and FtM exports validate.
Skips without ../shared."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from claimgraph.export.commands import render_report
from claimgraph.export.corpus import load_corpus
from claimgraph.export.stix import write_stix
from claimgraph.ingest.batch import ingest_paths
from claimgraph.store import Store

from .test_report import assert_self_contained
from .test_stix import assert_valid


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    env = os.environ.get("CLAIMGRAPH_SHARED")
    shared = Path(env) if env else Path(__file__).resolve().parents[2] / "../shared"
    article = shared / "examples" / "seed-article" / "article.txt"
    if not article.is_file():
        pytest.skip("../shared (seed article) is not available")
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    with Store.open(path) as store:
        report = ingest_paths(store, [article])
    assert report.count("ingested") == 1
    return path


def test_seed_report_shows_transfers_timeline_and_graph(seed_db: Path) -> None:
    with Store.open(seed_db) as store:
        html = render_report(load_corpus(store), "html", database="seed.db")
    assert_self_contained(html)
    transfers = html[html.index('id="transfers"') : html.index('id="claims"')]
    assert "light amphibious assault vehicle" in transfers and ">37<" in transfers
    assert transfers.count('class="main-row"') >= 5
    timeline = html[html.index('id="timeline"') : html.index('id="network"')]
    assert "class='chart timeline'" in timeline
    for year in ("2023", "2027"):
        assert f">{year}<" in timeline
    network = html[html.index('id="network"') : html.index('id="transfers"')]
    labels = set(re.findall(r"<text [^>]*>([^<]+)</text></g>", network))
    assert {"Russia", "China", "Taiwan"} <= labels


def test_seed_exports_validate(seed_db: Path) -> None:
    with Store.open(seed_db) as store:
        corpus = load_corpus(store)
    out = io.StringIO()
    write_stix(corpus, out)
    bundle = json.loads(out.getvalue())
    assert_valid(bundle)
    assert any(o["type"] == "threat-actor" and o["name"] == "Black Moon" for o in bundle["objects"])
    out = io.StringIO()
    pytest.importorskip("followthemoney", reason="the 'ftm' extra is not installed")
    from claimgraph.export.ftm import write_ftm

    from .test_ftm import assert_valid_ftm

    write_ftm(corpus, out)
    assert_valid_ftm([json.loads(line) for line in out.getvalue().splitlines()])
