"""Record exports through the command: json, jsonl, csv (unchanged columns) and the
register-style transfers CSV; analyst edits show in every format."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.export.corpus import load_corpus
from claimgraph.export.edits import add_edit
from claimgraph.export.records import SIPRI_COLUMNS, write_sipri_csv
from claimgraph.store import Store
from claimgraph.store.export import SECTIONS, section_columns

from .builders import RURITANIA


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_jsonl_has_one_typed_record_a_line(export_db: Path) -> None:
    code, out, _ = run("export", "--db", str(export_db), "--format", "jsonl")
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    types = [r["record_type"] for r in records]
    assert types.count("documents") == 2 and "claims" in types and "mentions" in types
    assert list(dict.fromkeys(types)) == [s.name for s in SECTIONS if s.name in types]


def test_edits_show_in_json_and_csv(export_db: Path, tmp_path: Path) -> None:
    with Store.open(export_db) as store:
        add_edit(store, "rename", RURITANIA.id, {"name": "Ruritania (edited)"})
    code, out, _ = run("export", "--db", str(export_db))
    assert code == 0
    data = json.loads(out)
    assert [s.name for s in SECTIONS] == list(data)
    names = {e["id"]: e["name"] for e in data["entities"]}
    assert names[RURITANIA.id] == "Ruritania (edited)"
    assert {c["subject"]["name"] for c in data["claims"]} == {"Ruritania (edited)"}
    code, _, err = run(
        "export", "--db", str(export_db), "--format", "csv", "--out", str(tmp_path / "c")
    )
    assert code == 0 and "CSV files" in err
    for section in SECTIONS:
        with (tmp_path / "c" / f"{section.name}.csv").open(newline="", encoding="utf-8") as fh:
            header = next(csv.reader(fh))
        assert header == section_columns(section)
    claims_csv = (tmp_path / "c" / "claims.csv").read_text(encoding="utf-8")
    assert "Ruritania (edited)" in claims_csv


def test_sipri_csv_columns_and_estimates(export_store: Store, export_db: Path) -> None:
    out = io.StringIO()
    assert write_sipri_csv(load_corpus(export_store), out) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == SIPRI_COLUMNS
    row = rows[0]
    assert (row["Recipient"], row["Supplier"], row["Year of order"]) == (
        "Osterlich",
        "Ruritania",
        "2024",
    )
    assert row["Number ordered"] == "24" and row["Number delivered"] == ""
    assert row["Weapon designation"] == "Falcon" and row["Grade"] == "F3"
    assert row["ICD 203 (as worded)"] == "likely" and row["Source chain"] == "Night Owl"
    code, text, _ = run("export", "--db", str(export_db), "--format", "sipri-csv")
    assert code == 0 and text.splitlines()[0].startswith("Recipient,Supplier,Year of order")


def test_bad_export_options_are_one_line_errors(export_db: Path, tmp_path: Path) -> None:
    code, _, err = run("export", "--db", str(export_db), "--entity", "Ruritania")
    assert code == 2 and "--entity" in err
    code, _, err = run("export", "--db", str(tmp_path / "missing.db"))
    assert code != 0 and err.startswith("error:") and "Traceback" not in err
    code, _, err = run("export", "--db", str(export_db), "--format", "stix", "--entity", "Atlantis")
    assert code == 2 and err.strip() == "error: no entity with id, name or alias 'Atlantis'"
    code, _, err = run("export", "--db", str(export_db), "--format", "csv")
    assert code == 2 and "--out" in err
