"""Gold fields beyond the seed file: commentary, quantity ranges, designations, transfer time and
location, claim quantity, attribution affiliation (each passing and failing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import GoldFileError
from claimgraph.eval.checklist import (
    ChecklistResult,
    designation_matches,
    is_commentary,
    load_gold,
    score_checklist,
)
from claimgraph.model import Analysis, TimeExpr

from .builders import ref

EQUIPMENT = "light amphibious assault vehicle"
TRANSFER = "T1: light amphibious assault vehicle"
EXAMPLES = Path(__file__).parents[2] / "examples" / "articles"


def check(result: ChecklistResult, check_id: str) -> tuple[bool, str]:
    found = [c for c in result.checks if c.id == check_id]
    assert len(found) == 1, [c.id for c in result.checks]
    return found[0].passed, found[0].reason


def verdict(analysis: Analysis, gold: dict[str, Any], check_id: str) -> tuple[bool, str]:
    return check(score_checklist(analysis, gold), check_id)


def both(analysis: Analysis, gold: dict[str, Any], **fields: Any) -> tuple[bool, bool]:
    """Give the fields to the equipment line and the transfer; whether each check passes."""
    gold["equipment"][0].update(fields)
    gold["transfers"][0].update(fields)
    result = score_checklist(analysis, gold)
    return check(result, EQUIPMENT)[0], check(result, TRANSFER)[0]


# ---------------------------------------------------------------- commentary


def test_commentary_fields_are_accepted_and_ignored(
    analysis: Analysis, gold: dict[str, Any]
) -> None:
    before = score_checklist(analysis, gold)
    gold["note"] = "top-level commentary"
    gold["provenance_chain_for_C1_note"] = "a note, not a chain"
    gold["document"].update(
        date_note="no date",
        quantity_note="ranges",
        dateline="ANKARA, Feb 20, 2025 (Reuters)",
        other_credits=["Dewi Kurniasari", "Mark Holloway"],
    )
    gold["entities"][0]["note"] = "x"
    gold["entities"][0]["country_note"] = None
    gold["equipment"][0]["note"] = "x"
    gold["transfers"][0]["note"] = "x"
    gold["claims"][0].update(note="x", time_note="x", subject_note="x")
    gold["attributions"][0]["note"] = "x"
    gold["provenance_chain_for_C1"]["note"] = "x"
    gold["grading"]["C1"]["note"] = "x"
    gold["timeline"][0]["when_note"] = "x"
    after = score_checklist(analysis, gold)
    assert [(c.id, c.passed) for c in after.checks] == [(c.id, c.passed) for c in before.checks]
    assert after.passed == after.total


def test_commentary_rule() -> None:
    assert is_commentary("note") and is_commentary("time_note") and is_commentary("date_note")
    assert not is_commentary("notes") and not is_commentary("notebook")


@pytest.mark.parametrize(
    ("where", "field", "value", "message"),
    [
        ("claims", "note", 3, "claims.0.note: commentary must be a string, got 3"),
        ("document", "date_note", ["x"], "document.date_note: commentary must be a string"),
        ("document", "other_credits", "Jane Doe", "document.other_credits: expected a list"),
        ("document", "dateline", 2025, "document.dateline: expected a string"),
        ("document", "notes", "x", "document.notes: unknown field"),
    ],
)
def test_commentary_must_be_text(
    analysis: Analysis, gold: dict[str, Any], where: str, field: str, value: Any, message: str
) -> None:
    target = gold[where][0] if isinstance(gold[where], list) else gold[where]
    target[field] = value
    with pytest.raises(GoldFileError) as info:
        score_checklist(analysis, gold)
    assert message in str(info.value)


# ---------------------------------------------------------------- quantities


def test_estimated(analysis: Analysis, gold: dict[str, Any]) -> None:
    assert both(analysis, gold, estimated=False) == (True, True)
    assert both(analysis, gold, estimated=True) == (False, False)
    analysis.transfers[0].estimated = True
    assert both(analysis, gold, estimated=True) == (True, True)
    assert (
        "got estimated True"
        in verdict(
            analysis,
            {**gold, "transfers": [{**gold["transfers"][0], "estimated": False}]},
            TRANSFER,
        )[1]
    )


def test_quantity_range(analysis: Analysis, gold: dict[str, Any]) -> None:
    for g in (gold["equipment"][0], gold["transfers"][0]):
        del g["quantity"]
        g.update(quantity_min=20, quantity_max=30, quantity_text="between 20 and 30")
    t = analysis.transfers[0]
    t.quantity, t.quantity_max, t.quantity_text = 20, 30, "between 20 and 30"
    assert both(analysis, gold) == (True, True)
    t.quantity_max = None
    passed, reason = verdict(analysis, gold, TRANSFER)
    assert not passed and "quantity_max 30" in reason and "got quantity_max None" in reason
    t.quantity, t.quantity_max = 25, 30
    passed, reason = verdict(analysis, gold, EQUIPMENT)
    assert not passed and "quantity_min 20" in reason and "got quantity 25)" in reason


def test_range_without_quantity_asks_nothing_more_of_quantity(
    analysis: Analysis, gold: dict[str, Any]
) -> None:
    # "at least 37": only the lower bound; the tool's quantity_max is free
    for g in (gold["equipment"][0], gold["transfers"][0]):
        del g["quantity"]
        g["quantity_min"] = 37
    analysis.transfers[0].quantity_max = 99
    assert both(analysis, gold) == (True, True)
    # "up to 12": only the upper bound; the tool's quantity is free (37 here, or None)
    for g in (gold["equipment"][0], gold["transfers"][0]):
        del g["quantity_min"]
        g["quantity_max"] = 12
    analysis.transfers[0].quantity_max = 12
    assert both(analysis, gold) == (True, True)
    analysis.transfers[0].quantity = None
    assert both(analysis, gold) == (True, True)
    analysis.transfers[0].quantity_max = 11
    assert both(analysis, gold) == (False, False)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"quantity_min": 30, "quantity_max": 20}, "quantity_min 30 is above quantity_max 20"),
        ({"quantity": 40, "quantity_min": 20}, "quantity 40 differs from quantity_min 20"),
        ({"quantity": None, "quantity_min": 20}, "quantity None differs from quantity_min 20"),
        ({"quantity_max": "30"}, "transfers.0.quantity_max: expected an integer or a number"),
        ({"estimated": "yes"}, "transfers.0.estimated: expected true or false"),
    ],
)
def test_inconsistent_quantities_are_gold_errors(
    analysis: Analysis, gold: dict[str, Any], fields: dict[str, Any], message: str
) -> None:
    gold["transfers"][0].update(fields)
    with pytest.raises(GoldFileError) as info:
        score_checklist(analysis, gold)
    assert message in str(info.value)


def test_quantity_text_on_transfers(analysis: Analysis, gold: dict[str, Any]) -> None:
    analysis.transfers[0].quantity_text = "Thirty-seven"
    gold["transfers"][0]["quantity_text"] = "thirty-seven"
    assert verdict(analysis, gold, TRANSFER)[0]
    gold["transfers"][0]["quantity_text"] = "about 37"
    passed, reason = verdict(analysis, gold, TRANSFER)
    assert not passed and "got quantity_text 'Thirty-seven'" in reason


# ---------------------------------------------------------------- designation and category


def test_designation_rule() -> None:
    assert designation_matches("K9 Thunder", None, "k9 thunder")
    assert designation_matches("K-9 Thunder", None, "K9 Thunder")
    assert designation_matches("Mohajer 6", None, "Mohajer-6")
    assert designation_matches(None, "six Mohajer-6 combat drones", "Mohajer-6")
    assert designation_matches(None, "K-9 Thunder self-propelled howitzers", "K9 Thunder")
    assert designation_matches(None, "two K9s", "K9")
    assert designation_matches("Qaem-5", "guided bombs", "Qaem 5")
    assert not designation_matches("K9 Thunder", "self-propelled howitzer", "K10")
    assert not designation_matches(None, "K90 rifles", "K9")
    assert not designation_matches(None, "Mohajer-61 drones", "Mohajer-6")
    assert not designation_matches(None, None, "K9")


def test_designation(analysis: Analysis, gold: dict[str, Any]) -> None:
    analysis.transfers[0].designation = "LAAV-37M"
    assert both(analysis, gold, designation="laav 37m") == (True, True)
    analysis.transfers[0].designation = None
    analysis.transfers[0].item = "LAAV-37M light amphibious assault vehicles"
    assert both(analysis, gold, designation="LAAV-37M") == (True, True)
    passed, reason = verdict(
        analysis,
        {**gold, "equipment": [{**gold["equipment"][0], "designation": "BMD-4M"}]},
        EQUIPMENT,
    )
    assert not passed
    assert "designation 'BMD-4M'" in reason
    assert "got designation None, item 'LAAV-37M light amphibious assault vehicles'" in reason


def test_category_on_transfers(analysis: Analysis, gold: dict[str, Any]) -> None:
    gold["transfers"][0]["category"] = "Armoured vehicle"
    assert verdict(analysis, gold, TRANSFER)[0]
    gold["transfers"][0]["category"] = "artillery"
    passed, reason = verdict(analysis, gold, TRANSFER)
    assert not passed and "got category 'armoured vehicles'" in reason


# ---------------------------------------------------------------- years, time, location


def test_order_year(analysis: Analysis, gold: dict[str, Any]) -> None:
    assert both(analysis, gold, order_year=2023) == (True, True)
    assert both(analysis, gold, order_year=2024) == (False, False)
    assert "got order_year 2023" in verdict(analysis, gold, TRANSFER)[1]


def test_delivery_years(analysis: Analysis, gold: dict[str, Any]) -> None:
    analysis.transfers[0].delivery_years = [2026, 2027, 2028]
    assert both(analysis, gold, delivery_years=[2026, 2027]) == (True, True)
    assert both(analysis, gold, delivery_years=[2025, 2026]) == (False, False)
    passed, reason = verdict(analysis, gold, EQUIPMENT)
    assert not passed and "got delivery_years [2026, 2027, 2028]" in reason


def test_transfer_time_from_its_claim(analysis: Analysis, gold: dict[str, Any]) -> None:
    claim = analysis.claims[0]  # the transfer's claim (claim_id "c1")
    claim.time = TimeExpr(value="2024-08", precision="month")
    gold["transfers"][0]["time"] = "2024-08"
    assert verdict(analysis, gold, TRANSFER)[0]
    gold["transfers"][0]["time"] = "2024-09"
    passed, reason = verdict(analysis, gold, TRANSFER)
    assert not passed and "time '2024-09'" in reason and "got claim time '2024-08'" in reason
    claim.time = TimeExpr(value="2027", precision="year", qualifier="by")
    gold["transfers"][0]["time"] = "by 2027"
    assert verdict(analysis, gold, TRANSFER)[0]
    claim.time = TimeExpr(value="2027", precision="year")
    assert not verdict(analysis, gold, TRANSFER)[0]  # "by" needs the qualifier
    # the claim found through transfer_ids when the transfer names none
    analysis.transfers[0].claim_id = None
    claim.time = TimeExpr(value="2025-02-18", precision="day")
    gold["transfers"][0]["time"] = "2025-02-18"
    assert verdict(analysis, gold, TRANSFER)[0]


def test_transfer_year_from_order_or_delivery(analysis: Analysis, gold: dict[str, Any]) -> None:
    assert analysis.claims[0].time is None and analysis.transfers[0].order_year == 2023
    gold["transfers"][0]["time"] = "2023"
    assert verdict(analysis, gold, TRANSFER)[0]
    gold["transfers"][0]["time"] = "2026"
    passed, reason = verdict(analysis, gold, TRANSFER)
    assert not passed and "order_year 2023, delivery_years []" in reason
    analysis.transfers[0].delivery_years = [2026]
    assert verdict(analysis, gold, TRANSFER)[0]
    gold["transfers"][0]["time"] = "2026-05"  # a month needs the claim's time
    assert not verdict(analysis, gold, TRANSFER)[0]


@pytest.mark.parametrize("bad", ["Aug 2024", "2024-8", "late 2024", "2024-08-01T00:00"])
def test_transfer_time_form(analysis: Analysis, gold: dict[str, Any], bad: str) -> None:
    gold["transfers"][0]["time"] = bad
    with pytest.raises(GoldFileError, match=r"transfers\.0\.time: expected \"YYYY\""):
        score_checklist(analysis, gold)


def test_transfer_location_from_its_claim(analysis: Analysis, gold: dict[str, Any]) -> None:
    gold["entities"].append({"name": "Wadi Seidna air base", "aliases": ["Wadi Seidna"]})
    gold["transfers"][0]["location"] = "Wadi Seidna air base"
    passed, reason = verdict(analysis, gold, TRANSFER)
    assert not passed and "got claim location None" in reason
    analysis.claims[0].location = ref("loc:wadi-seidna", "Wadi Seidna")
    assert verdict(analysis, gold, TRANSFER)[0]
    gold["transfers"][0]["location"] = "Omdurman"
    assert not verdict(analysis, gold, TRANSFER)[0]
    analysis.transfers[0].claim_id = None
    analysis.claims[0].transfer_ids = []
    gold["transfers"][0]["location"] = "Wadi Seidna"
    passed, reason = verdict(analysis, gold, TRANSFER)
    assert not passed and "got no claim" in reason


# ---------------------------------------------------------------- claims and attributions


def test_claim_quantity(analysis: Analysis, gold: dict[str, Any]) -> None:
    gold["claims"][0]["quantity"] = 37  # transfer t1 of claim c1 has 37
    assert analysis.claims[0].quantity is None
    assert verdict(analysis, gold, "C1")[0]
    gold["claims"][0]["quantity"] = 45
    passed, reason = verdict(analysis, gold, "C1")
    assert not passed and "quantity 45" in reason
    assert "got quantity None, transfer quantities [37.0]" in reason
    analysis.claims[0].quantity = 45
    assert verdict(analysis, gold, "C1")[0]
    # a transfer that only names the claim through its claim_id counts too
    analysis.claims[0].quantity, analysis.claims[0].transfer_ids = None, []
    gold["claims"][0]["quantity"] = 37
    assert verdict(analysis, gold, "C1")[0]
    gold["claims"][0]["quantity"] = "37"
    with pytest.raises(GoldFileError, match="claims.0.quantity: expected an integer"):
        score_checklist(analysis, gold)


def test_attribution_affiliation(analysis: Analysis) -> None:
    a = analysis.attributions[0]
    a.source = ref("person:hartmann", "Lena Hartmann")
    gold: dict[str, Any] = {
        "entities": [
            {"name": "Stockholm International Peace Research Institute", "aliases": ["SIPRI"]}
        ],
        "attributions": [
            {
                "source": "Lena Hartmann",
                "affiliation": "Stockholm International Peace Research Institute",
            }
        ],
    }
    label = "A1: Lena Hartmann"
    passed, reason = verdict(analysis, gold, label)
    assert not passed
    assert "got affiliation None, source 'Lena Hartmann', descriptor None" in reason
    a.affiliation = ref("org:sipri", "SIPRI")  # the name rule, through the gold alias
    assert verdict(analysis, gold, label)[0]
    a.affiliation = ref("org:iiss", "IISS")
    assert not verdict(analysis, gold, label)[0]
    a.affiliation = None
    a.descriptor = "an analyst at the Stockholm International Peace Research Institute"
    assert verdict(analysis, gold, label)[0]  # the gold string in the descriptor
    a.descriptor = "a SIPRI analyst"
    assert verdict(analysis, gold, label)[0]  # a gold alias there, as whole words
    a.descriptor = "a SIPRIS analyst"
    assert not verdict(analysis, gold, label)[0]
    a.descriptor = None
    a.source = ref("person:hartmann", "Lena Hartmann of SIPRI")
    gold["attributions"][0]["source"] = "Lena Hartmann"
    assert verdict(analysis, gold, label)[0]  # in the source name


# ---------------------------------------------------------------- the example gold files


@pytest.mark.parametrize("name", ["denial", "wire-relay", "quantity-range"])
def test_example_gold_files_load(name: str) -> None:
    path = EXAMPLES / f"{name}.expected.json"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    gold = load_gold(path)
    assert gold.claims and gold.transfers


def test_example_gold_uses_new_fields() -> None:
    path = EXAMPLES / "quantity-range.expected.json"
    if not path.is_file():
        pytest.skip(f"{path} not found")
    gold = load_gold(path)
    k9 = gold.transfers[0]
    assert (k9.designation, k9.quantity_min, k9.quantity_max, k9.estimated) == (
        "K9 Thunder",
        20,
        30,
        True,
    )
    assert k9.order_year == 2024 and k9.delivery_years == [2026, 2027]
    assert "quantity" not in k9.model_fields_set
    assert gold.attributions[3].affiliation == "Stockholm International Peace Research Institute"
