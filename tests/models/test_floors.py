"""Quality floors of the shipped model on the shared gold sets (skip without ../shared).

Floors sit a little under the scores in claimgraph/models/MODEL_CARD.md so noise in
unrelated changes does not trip them; a real regression does.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.models.evaluate import evaluate
from claimgraph.models.recognize import recognize
from claimgraph.nlp import ner_model

# Measured (MODEL_CARD.md): re3d 62.0 / 60.2 / flat 57.0, UNER 50.2, wikigold 44.4,
# EWT test LAS 80.7 and sentence F 74.6 on running text.
FLOORS = {
    ("re3d", "six main types"): 60.0,
    ("re3d", "all types"): 58.0,
    ("re3d", "six main types, flat gold"): 55.0,
    ("uner", "PER/ORG/LOC"): 48.5,
    ("wikigold", "PER/ORG/LOC"): 42.5,
}
LAS_FLOOR = 80.0
SENTS_F_FLOOR = 73.0


def combined(text: str) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.coarse) for m in recognize(text)]


@pytest.mark.parametrize("gold_name", ["re3d", "uner", "wikigold"])
def test_ner_floor(gold_name: str, data_dir: Path, model: None) -> None:
    for score in evaluate(gold_name, combined, data_dir):
        floor = FLOORS[(gold_name, score.name)]
        assert score.micro.f >= floor, f"{gold_name} {score.name}: {score.micro.f:.1f} < {floor}"


def test_parser_floor_on_ewt_test(data_dir: Path, model: None) -> None:
    from claimgraph.models.parser_eval import score_treebank

    scores = score_treebank(data_dir / "ud-english-ewt" / "en_ewt-ud-test.conllu.gz")
    assert scores["dep_las"] >= LAS_FLOOR
    assert scores["sents_f"] >= SENTS_F_FLOOR


def test_parse_api(model: None) -> None:
    doc = ner_model.parse("The ministry said the tanks arrived. Officials denied it.")
    assert len(list(doc.sents)) == 2
    assert all(t.tag_ and t.pos_ and t.dep_ for t in doc)
    assert ner_model.load_pipeline() is ner_model.load_pipeline()
