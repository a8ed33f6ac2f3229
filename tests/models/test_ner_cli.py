"""`claimgraph ner` on a text written for the test, with the shipped model (no network)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from claimgraph.cli import main

COARSE = {"PER", "ORG", "LOC", "NAT", "WEAPON", "PLATFORM", "VEHICLE", "QUANTITY", "DATE", "MONEY"}
TEXT = (
    "Defence Minister Boris Pistorius said on 12 March 2024 that Germany would send 18 Leopard 2"
    " tanks to Ukraine.\nThe Russian Ministry of Defence did not comment, according to Reuters."
    " The deal is worth $2.5 billion, officials in Berlin said.\n"
)


def run(args: list[str], stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, args, input=stdin)
    return result.exit_code, result.output


def test_ner_json_offsets_and_schema(tmp_path: Path, model: None) -> None:
    path = tmp_path / "article.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, out = run(["ner", str(path), "--json"])
    assert code == 0, out
    mentions = json.loads(out)
    assert mentions
    for m in mentions:
        assert set(m) == {"start", "end", "text", "type", "entity", "coarse"}
        assert TEXT[m["start"] : m["end"]] == m["text"]
        assert m["coarse"] in COARSE
        assert set(m["entity"]) == {"id", "name"}
    by_text = {m["text"]: m for m in mentions}
    assert by_text["Germany"]["entity"]["id"] == "country:DE"
    assert by_text["Ukraine"]["entity"]["id"] == "country:UA"
    assert by_text["Reuters"]["coarse"] == "ORG"
    assert any(m["coarse"] == "PER" and "Pistorius" in m["text"] for m in mentions)
    assert by_text["12 March 2024"]["coarse"] == "DATE"
    assert by_text["$2.5 billion"]["coarse"] == "MONEY"
    ministry = [m for m in mentions if "Russian Ministry of Defence" in m["text"]]
    assert ministry and ministry[0]["entity"]["id"] == "gov:ru-mod"
    assert not any(m["text"].endswith((",", " ")) for m in mentions)


def test_ner_stdin_plain_output(model: None) -> None:
    code, out = run(["ner", "-"], stdin=TEXT)
    assert code == 0
    assert "country:DE" in out


def test_ner_gazetteer_only_needs_no_model() -> None:
    code, out = run(["ner", "-", "--no-model", "--json"], stdin=TEXT)
    assert code == 0
    ids = {m["entity"]["id"] for m in json.loads(out)}
    assert {"country:DE", "country:UA"} <= ids


def test_ner_missing_file_is_one_line_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["ner", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_eval_ner_rejects_unknown_gold() -> None:
    code, out = run(["eval", "ner", "--gold", "conll"])
    assert code != 0
    assert "conll" in out


def test_ner_all_mentions_adds_pronouns_and_noun_phrases(model: None) -> None:
    text = (
        "Defence Minister Boris Pistorius visited the city on Monday. He said the government"
        " would keep helping civilians, and we agree.\n"
    )
    code, out = run(["ner", "-", "--json", "--mentions", "all"], stdin=text)
    assert code == 0, out
    by_text = {m["text"]: m for m in json.loads(out)}
    assert by_text["He"]["coarse"] == "PER"
    assert "Pistorius" in by_text["He"]["entity"]["name"]
    assert by_text["the city"]["coarse"] == "LOC"
    assert by_text["civilians"]["coarse"] == "ORG"
    code, out = run(["ner", "-", "--json"], stdin=text)
    assert "He" not in {m["text"] for m in json.loads(out)}


def test_ner_all_mentions_needs_the_model() -> None:
    code, out = run(["ner", "-", "--no-model", "--mentions", "all"], stdin=TEXT)
    assert code == 2 and "needs the statistical model" in out
