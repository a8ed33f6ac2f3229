"""PLOVER event scoring on a hand-made record and analysis; floors on the shared gold."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from claimgraph.eval.events_gold import EventSummary, gold_types, normalise_type, score_record
from claimgraph.model import Analysis, Claim, Document, Entity, EntityRef, Relation, Span

TEXT = "Ruritania attacked Freedonia on Monday and threatened Sylvania."

RECORD = {
    "id": "T-1",
    "text": TEXT,
    "events": [
        {"source_actor": "RUSMIL", "target_actor": "UKR+POL", "event_type": "FIGHT"},
    ],
}

# Floors measured on the shared gold (see the reply of the evaluation helper); raise them when
# the pipeline improves, never lower them to make a test pass.
# Since claims come from syntax, 92% of records get a coded event (56% before), so the share of
# records with no false event at all (0.73 before) now mostly measures abstention; the floor is
# on the same check among records with a coded event (0.52 -> 0.566), next to type accuracy.
GSR_FLOORS = {
    "type_accuracy": 0.55,
    "no_false_event_when_predicted": 0.54,
    "actor_country": 0.60,
    "recipient_country": 0.43,
}


def _claim(n: int, plover: str | None, subject: str, obj: str | None) -> Claim:
    def ref(x: str) -> EntityRef:
        return EntityRef(id=f"country:{x}", name=x)

    return Claim(
        id=f"c{n}",
        doc_id="d",
        subject=ref(subject),
        object=ref(obj) if obj else None,
        relation=Relation(name="attack", plover=plover),
        certainty="fact",
        evidence=Span(start=0, end=len(TEXT), text=TEXT),
    )


def _analysis(claims: list[Claim]) -> Analysis:
    entities = [
        Entity(id=f"country:{c}", name=c, type="state", country=c) for c in ("RU", "UA", "PL")
    ]
    return Analysis(document=Document(id="d", text=TEXT), entities=entities, claims=claims)


def test_types_are_normalised_to_plover_2021() -> None:
    assert normalise_type("fight") == "ASSAULT"
    assert normalise_type("DEMAND") == "REQUEST"
    assert normalise_type("AID") == "AID"
    assert gold_types(RECORD) == {"ASSAULT"}


def test_first_event_decides_type_and_countries() -> None:
    row = score_record(
        RECORD,
        _analysis(
            [
                _claim(1, None, "RU", None),
                _claim(2, "ASSAULT", "RU", "UA"),
                _claim(3, "THREATEN", "RU", "PL"),
            ]
        ),
    )
    assert row.first == "ASSAULT" and row.type_ok and row.any_ok
    assert not row.no_false  # THREATEN is not gold
    assert row.actor_ok and row.recipient_ok
    assert row.gold_recipient == {"UA", "PL"}


def test_missing_event_and_refused_text() -> None:
    wrong = score_record(RECORD, _analysis([_claim(1, "AID", "UA", "RU")]))
    assert not wrong.type_ok and not wrong.actor_ok and not wrong.recipient_ok
    refused = score_record(RECORD, None, "language 'pt' is not supported")
    assert refused.predicted == [] and refused.no_false and refused.error
    summary = EventSummary(rows=[wrong, refused]).as_dict()
    assert summary["type_accuracy"] == 0.0
    assert summary["with_event"] == 0.5
    assert summary["no_false_event"] == 0.5
    assert summary["pipeline_errors"] == 1
    assert summary["confusion"] == {"ASSAULT -> AID": 1, "ASSAULT -> none": 1}


def test_gsr_floors(
    shared: Path, script: Callable[[str], ModuleType], capsys: pytest.CaptureFixture[str]
) -> None:
    script("plover").main(["--json"])
    result = json.loads(capsys.readouterr().out)
    assert result["records"] == 165
    for key, floor in GSR_FLOORS.items():
        assert result[key] >= floor, f"{key}: {result[key]} < {floor}"
