"""documents / entities / claims / transfers: tables, --json, --jsonl, filters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.model import Analysis
from claimgraph.store import Store


@pytest.fixture
def saved(store: Store, make_analysis) -> Analysis:
    analysis = make_analysis()
    store.save_analysis(analysis)
    return analysis


def _run(runner: CliRunner, db: Path, *args: str) -> str:
    result = runner.invoke(main, [*args, "--db", str(db)], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "command, count",
    [
        ("documents", 1),
        ("entities", 2),
        ("claims", 1),
        ("transfers", 1),
    ],
)
def test_json_and_jsonl(
    saved: Analysis, db_path: Path, runner: CliRunner, command: str, count: int
) -> None:
    records = json.loads(_run(runner, db_path, command, "--json"))
    assert len(records) == count
    lines = _run(runner, db_path, command, "--jsonl").splitlines()
    assert [json.loads(line) for line in lines] == records


def test_tables(saved: Analysis, db_path: Path, runner: CliRunner) -> None:
    assert "S-400 deliveries" in _run(runner, db_path, "documents")
    assert "Russian Federation" in _run(runner, db_path, "entities")
    claims = _run(runner, db_path, "claims")
    assert "provide_military_aid" in claims and "1 claims" in claims
    assert "S-400 Triumf" in _run(runner, db_path, "transfers")


def test_filters(saved: Analysis, db_path: Path, runner: CliRunner) -> None:
    assert json.loads(_run(runner, db_path, "claims", "--certainty", "fact", "--json")) == []
    assert (
        len(json.loads(_run(runner, db_path, "claims", "--certainty", "reported", "--json"))) == 1
    )
    assert json.loads(_run(runner, db_path, "entities", "--type", "person", "--json")) == []
    assert (
        len(json.loads(_run(runner, db_path, "transfers", "--supplier", "russia", "--json"))) == 1
    )
    assert json.loads(_run(runner, db_path, "transfers", "--supplier", "India", "--json")) == []
    assert "0 transfers" in _run(runner, db_path, "transfers", "--status", "denied")


def test_environment_selects_the_database(
    saved: Analysis, db_path: Path, runner: CliRunner
) -> None:
    result = runner.invoke(main, ["documents", "--json"], env={"CLAIMGRAPH_DB": str(db_path)})
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 1


def test_missing_database_is_one_line(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["claims", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "no such database" in result.stderr
    assert not (tmp_path / "typo.db").exists()


def test_bad_choice_is_a_usage_error(saved: Analysis, db_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(main, ["claims", "--db", str(db_path), "--certainty", "sure"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
