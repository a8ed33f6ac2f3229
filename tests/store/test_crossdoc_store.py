"""The cross-document stage on a store: run after ingest, incremental, idempotent, and the
commands that show it (clusters, merged, timeline, grades, claims)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from claimgraph.analysis.crossdoc import run, update
from claimgraph.cli import main
from claimgraph.ingest.batch import ingest_paths
from claimgraph.pipeline import analyze_text
from claimgraph.store import Store, schema

WIRE = (
    "MOSCOW (Reuters) - Russia delivered 24 Su-35 fighter jets to Iran in March 2024, the "
    "Russian defence ministry said on Tuesday."
)
TEXTS = {
    "wire.txt": WIRE,
    "copy.txt": WIRE.replace("MOSCOW (Reuters) - ", "") + " (Reuters)",
    "copy2.txt": WIRE + " The ministry gave no further details.",
    "other.txt": (
        "Russia delivered 24 Su-35 fighter jets to Iran in March 2024, Iran's defence minister "
        "Aziz Nasirzadeh said on Wednesday."
    ),
    "denial.txt": (
        "Iran's foreign ministry denied on Thursday that Russia had delivered any Su-35 fighter "
        "jets to Iran."
    ),
}
CROSSDOC = [t for t in schema.CROSSDOC_TABLES if t is not schema.source_overrides]


def _write(folder: Path, names: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text(TEXTS[name], encoding="utf-8")
    return folder


def _counts(store: Store) -> dict[str, int]:
    with store.reading() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in CROSSDOC
        }


def _summary(store: Store) -> tuple:
    docs = store.documents()
    groups: dict[str, set[str]] = {}
    for d in docs:
        assert d.origin_cluster is not None
        groups.setdefault(d.origin_cluster, set()).add(d.id)
    merged = sorted(
        (m.summary, len(m.documents), m.independent_origins, len(m.contradictions))
        for m in store.merged_claims()
    )
    return sorted(sorted(g) for g in groups.values()), merged


@pytest.fixture
def ingested(tmp_path: Path) -> Path:
    db = tmp_path / "cases.db"
    with Store.open(db) as store:
        ingest_paths(store, [_write(tmp_path / "in", list(TEXTS))])
    return db


def test_ingest_runs_the_stage_and_grades_every_claim(ingested: Path) -> None:
    with Store.open(ingested) as store:
        clusters = store.origin_clusters(min_size=2)
        assert len(clusters) == 1 and len(clusters[0].documents) == 3
        assert clusters[0].source is not None and clusters[0].source.id == "media:reuters"
        grades = store.grades_by_claim()
        assert grades and all(g.merged_claim_id and g.origin_cluster for g in grades.values())
        (supply,) = [m for m in store.merged_claims() if m.relation == "supply"]
        assert supply.independent_origins == 2
        assert len(supply.documents) == 5
        assert [c.kind for c in supply.contradictions] == ["denial"]
        docs = store.documents()
        assert all(d.origin_cluster and d.event_cluster for d in docs)


def test_incremental_update_equals_one_batch(tmp_path: Path, ingested: Path) -> None:
    db = tmp_path / "two-steps.db"
    with Store.open(db) as store:
        ingest_paths(store, [_write(tmp_path / "a", ["wire.txt", "denial.txt"])])
        ingest_paths(store, [_write(tmp_path / "b", ["copy.txt", "other.txt"])])
        ingest_paths(store, [_write(tmp_path / "c", ["copy2.txt"])])
        stepwise = _summary(store)
    with Store.open(ingested) as store:
        assert _summary(store) == stepwise
        analyses = [store.load_analysis(d.id) for d in store.documents()]
        in_memory = run([a for a in analyses if a is not None])
        stored = {m.id: m.independent_origins for m in store.merged_claims()}
    assert stored == {m.id: m.independent_origins for m in in_memory.merged}


def test_update_in_small_chunks_equals_one_batch(tmp_path: Path, ingested: Path) -> None:
    db = tmp_path / "chunked.db"
    with Store.open(db) as store:
        for name in TEXTS:  # stored without the stage, then caught up two documents at a time
            folder = _write(tmp_path / name.split(".")[0], [name])
            for path in folder.iterdir():
                analysis = analyze_text(path.read_text(), source=str(path))
                store.save_analysis(analysis)
        assert update(store, chunk=2).documents == len(TEXTS)
        chunked = _summary(store)
    with Store.open(ingested) as store:
        assert _summary(store) == chunked


def test_rerunning_changes_nothing(tmp_path: Path, ingested: Path) -> None:
    with Store.open(ingested) as store:
        before = (_counts(store), _summary(store), store.grades_by_claim())
        assert update(store).documents == 0
        ingest_paths(store, [tmp_path / "in"])
        assert (_counts(store), _summary(store), store.grades_by_claim()) == before


def _cli(runner: CliRunner, db: Path, *args: str) -> str:
    result = runner.invoke(main, [*args, "--db", str(db)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_commands_show_clusters_merged_claims_and_timeline(
    ingested: Path, runner: CliRunner
) -> None:
    clusters = json.loads(_cli(runner, ingested, "clusters", "--json"))
    assert len(clusters) == 1 and clusters[0]["source"]["name"] == "Reuters"
    assert "1 origin clusters" in _cli(runner, ingested, "clusters")
    merged = json.loads(_cli(runner, ingested, "merged", "--contradicted", "--json"))
    assert merged and merged[0]["contradictions"][0]["kind"] == "denial"
    assert "denied by" in _cli(runner, ingested, "merged", "--multi")
    timeline = json.loads(_cli(runner, ingested, "timeline", "--entity", "Iran", "--json"))
    assert timeline and timeline[0]["when"] == "2024-03"
    assert timeline[0]["precision"] == "month" and timeline[0]["contradicted"]
    assert json.loads(_cli(runner, ingested, "timeline", "--entity", "Chile", "--json")) == []
    claims = _cli(runner, ingested, "claims", "--why")
    assert "grade" in claims and "origins" in claims and "corroborated by" in claims


def test_grades_override_regrades_and_is_listed(ingested: Path, runner: CliRunner) -> None:
    sources = {s["source"]["id"]: s for s in json.loads(_cli(runner, ingested, "grades", "--json"))}
    assert sources["gov:ru-mod"]["reliability"] == "C"
    out = _cli(runner, ingested, "grades", "override", "gov:ru-mod", "E", "--reason", "test")
    assert "reliability E" in out
    sources = {s["source"]["id"]: s for s in json.loads(_cli(runner, ingested, "grades", "--json"))}
    assert sources["gov:ru-mod"]["reliability"] == "E"
    assert sources["gov:ru-mod"]["override_reason"] == "test"
    with Store.open(ingested) as store:
        graded = [
            g for g in store.grades_by_claim().values() if g.source and g.source.id == "gov:ru-mod"
        ]
    assert graded and all(g.reliability == "E" for g in graded)
    assert all(any("set by the user: test" in r for r in g.rationale) for g in graded)
    _cli(runner, ingested, "grades", "clear", "gov:ru-mod")
    with Store.open(ingested) as store:
        graded = [
            g for g in store.grades_by_claim().values() if g.source and g.source.id == "gov:ru-mod"
        ]
    assert all(g.reliability == "C" for g in graded)


def test_override_needs_a_known_grade(ingested: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        main, ["grades", "override", "gov:ru-mod", "Z", "--reason", "x", "--db", str(ingested)]
    )
    assert result.exit_code != 0 and "Traceback" not in result.output
