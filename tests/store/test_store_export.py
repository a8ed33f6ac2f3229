"""Exports: JSON with an array per record type; CSV with stable, flattened columns."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.store import Store
from claimgraph.store.export import SECTIONS, export_csv, section_columns

TYPES = [
    "documents",
    "entities",
    "mentions",
    "claims",
    "transfers",
    "attributions",
    "timeline",
    "grades",
    "origin_clusters",
    "merged_claims",
]


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def test_csv_columns_do_not_depend_on_data(tmp_path: Path, make_analysis) -> None:
    with Store.open(tmp_path / "empty.db") as empty, Store.open(tmp_path / "full.db") as full:
        full.save_analysis(make_analysis())
        export_csv(empty, tmp_path / "empty")
        export_csv(full, tmp_path / "full")
    for name in TYPES:
        empty_header, rows = _read_csv(tmp_path / "empty" / f"{name}.csv")
        full_header, _ = _read_csv(tmp_path / "full" / f"{name}.csv")
        assert empty_header == full_header, name
        assert rows == []


def test_csv_flattening_rules(store: Store, tmp_path: Path, make_analysis) -> None:
    analysis = make_analysis()
    store.save_analysis(analysis)
    export_csv(store, tmp_path / "out")

    header, claims = _read_csv(tmp_path / "out" / "claims.csv")
    assert header[:6] == [
        "id",
        "doc_id",
        "subject_id",
        "subject_name",
        "relation_name",
        "relation_plover",
    ]
    assert {"evidence_start", "evidence_end", "evidence_text", "time_span_text"} <= set(header)
    claim = claims[0]
    assert claim["subject_id"] == "country:RU" and claim["object_name"] == "India"
    assert claim["evidence_text"] == analysis.claims[0].evidence.text
    assert claim["relation_negated"] == "false"
    assert json.loads(claim["cues"])[0]["certainty"] == "reported"

    _, transfers = _read_csv(tmp_path / "out" / "transfers.csv")
    assert transfers[0]["delivery_years"] == "2021;2022"
    assert transfers[0]["supplier_name"] == "Russia"

    header, entities = _read_csv(tmp_path / "out" / "entities.csv")
    assert "mentions" not in header
    russia = next(e for e in entities if e["id"] == "country:RU")
    assert russia["aliases"] == "Russian Federation"
    assert russia["external_ids"] == "wikidata=Q159"

    header, mentions = _read_csv(tmp_path / "out" / "mentions.csv")
    assert header == [
        "doc_id",
        "entity_id",
        "entity_name",
        "span_start",
        "span_end",
        "span_text",
        "how",
    ]
    assert len(mentions) == 3 and mentions[0]["doc_id"] == analysis.document.id


def test_every_section_starts_with_its_key() -> None:
    for section in SECTIONS:
        columns = section_columns(section)
        assert len(columns) == len(set(columns)), section.name
        assert columns[0] in {"id", "doc_id", "when", "claim_id"}, section.name


def test_json_export(store: Store, db_path: Path, runner: CliRunner, make_analysis) -> None:
    analysis = make_analysis()
    store.save_analysis(analysis)
    result = runner.invoke(main, ["export", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == TYPES
    assert data["claims"][0] == analysis.claims[0].model_dump(mode="json")
    assert data["grades"][0]["doc_id"] == analysis.document.id
    assert "mentions" not in data["entities"][0]
    assert len(data["mentions"]) == 3


def test_json_export_to_file(
    store: Store, db_path: Path, tmp_path: Path, runner: CliRunner, make_analysis
) -> None:
    store.save_analysis(make_analysis())
    out = tmp_path / "export.json"
    result = runner.invoke(main, ["export", "--db", str(db_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text())["documents"]) == 1


def test_csv_export_command(store: Store, db_path: Path, tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "csv"
    result = runner.invoke(
        main, ["export", "--db", str(db_path), "--format", "csv", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.stem for p in out.iterdir()) == sorted(TYPES)

    missing_out = runner.invoke(main, ["export", "--db", str(db_path), "--format", "csv"])
    assert missing_out.exit_code == 2
    assert "--out" in missing_out.stderr
