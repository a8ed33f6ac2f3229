"""The stage pipeline: listing, excluding and replacing stages by name, and the library and the
command giving the same result."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner

import claimgraph
from claimgraph import cli
from claimgraph.pipeline import analyze, describe_stages, make_spec

TEXT = (
    "KABUL, March 3 (Newswire) - Gunmen abducted two aid workers near the border on Tuesday, "
    "a police spokesman said.\n\n"
    "Russia has reportedly agreed to train and arm a Chinese airborne battalion, according to "
    "the hacking group Black Moon. The junta promised elections."
)


def test_stages_lists_every_stage_with_its_contract() -> None:
    rows = describe_stages()
    names = [r["name"] for r in rows]
    assert names[:4] == ["claimgraph_sentences", "tok2vec", "tagger", "parser"]
    assert names.index("claimgraph_entities") < names.index("claimgraph_attribution")
    assert names.index("claimgraph_syntax_claims") < names.index("claimgraph_grading")
    syntax = next(r for r in rows if r["name"] == "claimgraph_syntax_claims")
    assert "token.dep" in syntax["requires"]
    assert "doc._.cg_claims" in syntax["assigns"]
    assert "lexicons/syntax.yaml" in syntax["resources"]


def test_stages_command_json() -> None:
    result = CliRunner().invoke(cli.main, ["stages", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert {"name", "factory", "requires", "assigns", "resources"} <= set(rows[0])


def test_excluding_a_stage_removes_only_its_output() -> None:
    full = analyze(TEXT, published="2024-03-05")
    spec = make_spec(("claimgraph_syntax_claims",))
    without = analyze(TEXT, published="2024-03-05", spec=spec)
    assert len(without.claims) < len(full.claims)
    assert without.entities == full.entities or len(without.entities) <= len(full.entities)
    assert [a.model_dump() for a in without.attributions] == [
        a.model_dump() for a in full.attributions
    ]


def test_excluding_a_required_stage_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        cli.main, ["analyze", str(path), "--exclude", "claimgraph_entities"]
    )
    assert result.exit_code == 2
    assert "doc._.cg_entities" in result.output
    unknown = CliRunner().invoke(cli.main, ["analyze", str(path), "--exclude", "nonesuch"])
    assert unknown.exit_code == 2
    assert "unknown stage" in unknown.output


def test_malformed_pipeline_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "pipe.yaml"
    bad.write_text("exclude: [claimgraph_timeline]\ncolour: blue\n", encoding="utf-8")
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["analyze", str(path), "--config", str(bad)])
    assert result.exit_code == 2
    assert "pipe.yaml" in result.output and "colour" in result.output


def test_pipeline_file_values_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    for name, body in {
        "wrong.yaml": "exclude: 5\n",
        "broken.yaml": "exclude: [\n",
        "broken.toml": "[replace\n",
    }.items():
        pipe = tmp_path / name
        pipe.write_text(body, encoding="utf-8")
        result = CliRunner().invoke(cli.main, ["analyze", str(path), "--config", str(pipe)])
        assert result.exit_code == 2, result.output
        assert result.output.startswith("error: ") and name in result.output
        assert "Traceback" not in result.output and result.output.count("\n") == 1


def test_library_and_command_give_the_same_json(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    result = CliRunner().invoke(
        cli.main, ["analyze", str(path), "--json", "--published", "2024-03-05"]
    )
    assert result.exit_code == 0, result.output
    library = claimgraph.analyze(TEXT, source=str(path), published="2024-03-05")
    printed = json.loads(result.output)
    assert printed == json.loads(library.model_dump_json())
    assert printed["document"]["origin_cluster"] is not None


PLUGIN = """
from spacy.language import Language

@Language.factory("quiet_timeline", assigns=["doc._.cg_timeline"])
def make_quiet_timeline(nlp, name):
    def quiet(doc):
        doc._.cg_timeline = []
        return doc
    return quiet
"""


def test_a_third_party_stage_replaces_one_by_name(tmp_path: Path) -> None:
    """A package registered through spaCy's ``spacy_factories`` entry point replaces the
    timeline stage; everything else comes out the same."""
    site = tmp_path / "site"
    info = site / "quiet_timeline-0.1.dist-info"
    info.mkdir(parents=True)
    (site / "quiet_timeline.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: quiet-timeline\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[spacy_factories]\nquiet_timeline = quiet_timeline:make_quiet_timeline\n"
    )
    pipe = tmp_path / "pipeline.toml"
    pipe.write_text('[replace]\nclaimgraph_timeline = "quiet_timeline"\n', encoding="utf-8")
    article = tmp_path / "a.txt"
    article.write_text(TEXT, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    base = [sys.executable, "-m", "claimgraph.cli", "analyze", str(article), "--json"]
    base += ["--published", "2024-03-05"]
    plain = subprocess.run(base, capture_output=True, text=True, env=env, check=True)
    replaced = subprocess.run(
        [*base, "--config", str(pipe)], capture_output=True, text=True, env=env, check=True
    )
    a, b = json.loads(plain.stdout), json.loads(replaced.stdout)
    assert a["timeline"] and b["timeline"] == []
    assert {k: v for k, v in a.items() if k != "timeline"} == {
        k: v for k, v in b.items() if k != "timeline"
    }
    listing = subprocess.run(
        [sys.executable, "-m", "claimgraph.cli", "stages", "--json", "--config", str(pipe)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    factories = {r["name"]: r["factory"] for r in json.loads(listing.stdout)}
    assert factories["claimgraph_timeline"] == "quiet_timeline"
