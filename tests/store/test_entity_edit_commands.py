"""`claimgraph entities merge|rename|split|edits|revert`: edits survive re-ingest."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from claimgraph.cli import main

ARTICLE = (
    "Kazakhstan ordered 12 armoured personnel carriers from Turkey in 2023, officials said.\n"
    "The Kazakh army will train with Turkish instructors, the defence ministry said.\n"
)


def run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def entity_names(db: str) -> dict[str, str]:
    return {e["id"]: e["name"] for e in json.loads(run("entities", "--db", db, "--json"))}


def test_edits_apply_and_survive_reingest(tmp_path: Path) -> None:
    doc = tmp_path / "kz.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "c.db")
    run("ingest", str(doc), "--db", db)
    assert entity_names(db)["country:KZ"] == "Kazakhstan"
    run("entities", "rename", "country:KZ", "Republic of Kazakhstan", "--db", db)
    run("entities", "merge", "country:KZ", "force:kazakh-army", "--db", db)
    names = entity_names(db)
    assert names["country:KZ"] == "Republic of Kazakhstan"
    assert "force:kazakh-army" not in names
    second = tmp_path / "kz2.txt"
    second.write_text(ARTICLE.replace("12", "14"), encoding="utf-8")
    run("ingest", str(doc), str(second), "--db", db)
    names = entity_names(db)
    assert names["country:KZ"] == "Republic of Kazakhstan"
    assert "force:kazakh-army" not in names
    log = run("entities", "edits", "--db", db)
    assert "rename" in log and "merge" in log
    run("entities", "revert", "2", "--db", db)
    assert "force:kazakh-army" in entity_names(db)


def test_bad_edit_is_a_clear_error(tmp_path: Path) -> None:
    doc = tmp_path / "kz.txt"
    doc.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "c.db")
    run("ingest", str(doc), "--db", db)
    result = CliRunner().invoke(main, ["entities", "merge", "country:KZ", "nope:x", "--db", db])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
