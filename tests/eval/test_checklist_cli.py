"""`claimgraph eval checklist`: output, exit codes, gold-file errors, the seed example."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import claimgraph.pipeline
from claimgraph.cli import main
from claimgraph.eval.checklist import score_checklist
from claimgraph.eval.commands import checklist_name
from claimgraph.model import Analysis

from .builders import GOLD, TEXT, make_analysis

TOTAL = score_checklist(make_analysis(), GOLD).total


def shared_dir() -> Path:
    """``../shared`` beside the repository, or ``$CLAIMGRAPH_SHARED``."""
    env = os.environ.get("CLAIMGRAPH_SHARED")
    return Path(env) if env else (Path(__file__).parents[2] / ".." / "shared").resolve()


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    article = tmp_path / "case" / "article.txt"
    article.parent.mkdir()
    article.write_text(TEXT, encoding="utf-8")
    expected = tmp_path / "case" / "expected.json"
    expected.write_text(json.dumps(GOLD), encoding="utf-8")
    return article, expected


@pytest.fixture
def fake_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Replace the pipeline with the hand-built analysis."""

    def analyze_text(text: str, **kw: Any) -> Analysis:
        return make_analysis()

    monkeypatch.setattr(claimgraph.pipeline, "analyze_text", analyze_text)


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["eval", "checklist", *args])


@pytest.mark.usefixtures("fake_pipeline")
def test_table_and_share(files: tuple[Path, Path]) -> None:
    result = run(*map(str, files))
    assert result.exit_code == 0, result.output
    assert "✓" in result.output
    assert f"case: {TOTAL}/{TOTAL} = 100.0%" in result.output


@pytest.mark.usefixtures("fake_pipeline")
def test_json_and_min_share(files: tuple[Path, Path]) -> None:
    article, expected = files
    gold = json.loads(expected.read_text(encoding="utf-8"))
    gold["claims"][0]["certainty"] = ["fact"]
    expected.write_text(json.dumps(gold), encoding="utf-8")
    result = run(str(article), str(expected), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["total"] == TOTAL and data["passed"] == TOTAL - 1
    failed = [c for c in data["checks"] if not c["passed"]]
    assert [c["id"] for c in failed] == ["C1"]
    table = run(str(article), str(expected), "--min-share", "0.9")
    assert table.exit_code == 0
    assert "✗" in table.output and "[reported]" in table.output  # reasons are not rich markup
    low = run(str(article), str(expected), "--min-share", "0.99")
    assert low.exit_code == 1
    assert "below --min-share" in low.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"claims": [{"certainty": ["fact"]}]}', "claims.0.id: required field missing"),
        ('{"timeline": [{"when": 2030, "what": "x"}]}', "timeline.0.when"),
    ],
)
def test_malformed_gold_file(files: tuple[Path, Path], content: str, message: str) -> None:
    article, expected = files
    expected.write_text(content, encoding="utf-8")
    result = run(str(article), str(expected))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_missing_files(files: tuple[Path, Path], tmp_path: Path) -> None:
    article, expected = files
    result = run(str(article), str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "no such gold file" in result.output
    result = run(str(tmp_path / "nope.txt"), str(expected))
    assert result.exit_code == 2 and "no such file" in result.output


def test_seed_article_runs() -> None:
    seed = shared_dir() / "examples" / "seed-article"
    if not (seed / "article.txt").is_file() or not (seed / "expected.json").is_file():
        pytest.skip(f"seed example not found under {seed}")
    result = run(str(seed / "article.txt"), str(seed / "expected.json"), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["total"] > 0
    assert 0.0 <= data["share"] <= 1.0


def test_checklist_name() -> None:
    assert checklist_name(Path("examples/seed-article/article.txt")) == "seed-article"
    assert checklist_name(Path("examples/articles/denial.txt")) == "denial"


@pytest.mark.usefixtures("fake_pipeline")
def test_summary_names_a_flat_article_by_its_stem(files: tuple[Path, Path]) -> None:
    article, expected = files
    flat = article.with_name("denial.txt")
    article.rename(flat)
    result = run(str(flat), str(expected))
    assert result.exit_code == 0, result.output
    assert f"denial: {TOTAL}/{TOTAL} = 100.0%" in result.output


@pytest.mark.parametrize("name", ["denial", "wire-relay", "quantity-range"])
def test_example_articles_run(name: str) -> None:
    folder = Path(__file__).parents[2] / "examples" / "articles"
    article, expected = folder / f"{name}.txt", folder / f"{name}.expected.json"
    if not article.is_file() or not expected.is_file():
        pytest.skip(f"example {name} not found under {folder}")
    result = run(str(article), str(expected), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["name"] == name
    assert data["total"] > 0 and 0.0 <= data["share"] <= 1.0
    sections = {c["section"] for c in data["checks"]}
    assert {"document", "equipment", "transfers", "claims", "attributions"} <= sections
