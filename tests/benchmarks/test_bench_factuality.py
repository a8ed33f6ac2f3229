"""Certainty-vs-factuality scoring on hand-made sentences; floors on UDS-IH2 dev."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from claimgraph.eval.factuality_gold import (
    FactRow,
    Predicate,
    certainty_at,
    rule_certainty,
    score_sentence,
    sentence_of,
    summarise,
)

# Floors on the first LIMIT dev sentences; raise them when the pipeline improves.
LIMIT = 600
FLOORS = {"pearson_r": 0.29, "sign_macro_f1": 0.58}


def _record(text: str, word: str, score: float) -> dict:
    start = text.index(word)
    return {
        "id": "s1",
        "text": text,
        "predicates": [
            {"start": start, "end": start + len(word), "form": word, "lemma": word, "score": score}
        ],
    }


def test_rule_certainty_reads_the_cues() -> None:
    text = "The army may withdraw, but it denied the raid."
    assert rule_certainty(text, text.index("withdraw")) == "possible"
    assert rule_certainty(text, text.index("raid")) == "denied"
    plain = "The army withdrew."
    assert rule_certainty(plain, plain.index("withdrew")) == "fact"
    assert rule_certainty(plain, plain.index("withdrew"), attributed=True) == "reported"


def test_sentence_prefers_the_original_ewt_text() -> None:
    record = _record("He did n't go .", "go", -2.0)
    record["ewt_text"] = "He didn't go."
    record["predicates"][0].update({"ewt_start": 10, "ewt_end": 12})
    text, preds = sentence_of(record)
    assert text == "He didn't go." and text[preds[0].start : preds[0].end] == "go"


def test_rules_path_without_an_analysis() -> None:
    text = "Officials might postpone the vote."
    pred = Predicate(
        text.index("postpone"), text.index("postpone") + 8, "postpone", "postpone", -0.5
    )
    assert certainty_at(text, pred, None, None) == ("possible", "rules_pipeline_refused")


def test_score_sentence() -> None:
    rows = score_sentence(_record("Officials might postpone the vote.", "postpone", -0.5))
    assert [r.certainty for r in rows] == ["possible"]
    assert rows[0].path in {"claim", "rules"}


def test_summary() -> None:
    def row(score: float, certainty: str, path: str = "rules") -> FactRow:
        return FactRow("s", "x", Predicate(0, 1, "x", "x", score), certainty, path)

    rows = [row(3.0, "fact"), row(-2.5, "denied"), row(-0.5, "possible", "claim"), row(0.0, "fact")]
    out = summarise(rows)
    assert out["predicates"] == 4
    assert out["gold_zero_left_out"] == 1
    assert out["sign_macro_f1"] == 1.0
    assert out["paths"] == {"rules": 3, "claim": 1}
    assert out["pearson_r"] is not None and out["pearson_r"] > 0.8
    assert out["gold_mean_by_certainty"]["fact"]["n"] == 2


def test_dev_floors(
    shared: Path, script: Callable[[str], ModuleType], capsys: pytest.CaptureFixture[str]
) -> None:
    script("factuality").main(["--json", "--limit", str(LIMIT)])
    result = json.loads(capsys.readouterr().out)
    for key, floor in FLOORS.items():
        assert result[key] >= floor, f"{key}: {result[key]} < {floor}"
