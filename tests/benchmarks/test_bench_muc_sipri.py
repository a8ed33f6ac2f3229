"""MUC-4 confidence and SIPRI row matching on hand-made records; floors on the corpus gold."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from claimgraph.eval.muc_sipri_gold import (
    RegisterRow,
    agreement,
    best_transfer,
    designation_match,
    perpetrator_certainty,
    perpetrators,
    sipri_category,
)
from claimgraph.model import Analysis, Document, Entity, EntityRef, Span, Transfer

FILL = 'REPORTED AS FACT / POSSIBLE: "RED BAND"\nCLAIMED OR ADMITTED: "BLUE FRONT" / "BF"'
MUC_FLOOR = 0.75  # 3 of 4 perpetrator fills today; the gold is tiny, a single change moves it
SIPRI_FLOORS = {"recipient": 0.33}


def test_perpetrator_fills_are_parsed() -> None:
    record = {
        "doc_id": "d1",
        "templates": [
            {
                "slots": {
                    "MESSAGE: TEMPLATE": "1",
                    "PERP: ORGANIZATION CONFIDENCE": FILL,
                }
            },
            {"slots": {"MESSAGE: TEMPLATE": "2", "PERP: ORGANIZATION CONFIDENCE": "-"}},
        ],
    }
    found = perpetrators(record)
    assert [(p.labels, p.names) for p in found] == [
        (["REPORTED AS FACT", "POSSIBLE"], ["RED BAND"]),
        (["CLAIMED OR ADMITTED"], ["BLUE FRONT", "BF"]),
    ]
    assert {"fact", "possible"} <= found[0].allowed()
    assert "alleged" in found[1].allowed()


def test_perpetrator_certainty_by_the_rules() -> None:
    text = "Guerrillas of the Red Band allegedly burned the bridge. The Red Band is small."
    analysis = Analysis(document=Document(id="d", text=text))
    certainty, path, evidence = perpetrator_certainty(analysis, ["RED BAND"])
    assert (certainty, path) == ("alleged", "rules")
    assert evidence.startswith("Guerrillas")
    assert perpetrator_certainty(analysis, ["GREEN ARMY"])[1] == "not found"


def test_register_matching() -> None:
    assert sipri_category("anti-ship missile") == "missiles"
    assert sipri_category("aircraft EO system") == "sensors"
    assert sipri_category("SAM system") == "air defence"
    assert sipri_category("portable SAM") == "missiles"
    assert sipri_category("tank") == "armoured vehicles"
    assert designation_match("M-1A1 Abrams", "M1A1")
    assert designation_match("F-16C", "F-16")
    assert not designation_match("Redeye", "Stinger")
    row = RegisterRow(
        "r1", "US", "EG", "M-1A1 Abrams", "tank", "armoured vehicles", 524, 524, 1988, [1992]
    )
    text = "The US will sell 524 M1A1 tanks to Egypt."
    ev = Span(start=0, end=len(text), text=text)
    entities = [Entity(id=f"country:{c}", name=c, type="state", country=c) for c in ("US", "EG")]
    ours = Transfer(
        id="t1",
        doc_id="d",
        supplier=EntityRef(id="country:US", name="US"),
        recipient=EntityRef(id="country:EG", name="EG"),
        item="tanks",
        designation="M1A1",
        category="armoured vehicles",
        quantity=524,
        status="planned",
        order_year=1988,
        evidence=ev,
    )
    analysis = Analysis(document=Document(id="d", text=text), entities=entities, transfers=[ours])
    assert all(agreement(row, ours, analysis).values())
    other = ours.model_copy(
        update={"id": "t2", "designation": None, "item": "trucks", "quantity": 3}
    )
    transfer, fields = best_transfer(row, analysis.model_copy(update={"transfers": [other, ours]}))
    assert transfer is ours and all(fields.values())


def test_corpus_floors(
    shared: Path, script: Callable[[str], ModuleType], capsys: pytest.CaptureFixture[str]
) -> None:
    script("muc_sipri").main(["--json"])
    result = json.loads(capsys.readouterr().out)
    assert result["muc4"]["perpetrator_fills"] == 4
    assert result["muc4"]["agreement"] >= MUC_FLOOR
    for key, floor in SIPRI_FLOORS.items():
        assert result["sipri"]["field_agreement"][key] >= floor
    assert result["sipri"]["false_matches_on_no_match_links"] == []
