"""The checklist scorer on a hand-built analysis (no pipeline involved)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import GoldFileError
from claimgraph.eval.checklist import (
    ChecklistResult,
    item_matches,
    load_gold,
    norm_item,
    score_checklist,
)
from claimgraph.model import Analysis, Hop, Span, TimeExpr

from .builders import BLACK_MOON, GOLD_WHAT_2030, RUSI, TEXT, ref, span


def result_of(analysis: Analysis, gold: dict[str, Any], **kw: Any) -> ChecklistResult:
    return score_checklist(analysis, gold, **kw)


def check(result: ChecklistResult, check_id: str) -> tuple[bool, str]:
    found = [c for c in result.checks if c.id == check_id]
    assert len(found) == 1, [c.id for c in result.checks]
    return found[0].passed, found[0].reason


# ---------------------------------------------------------------- the whole checklist


def test_matching_gold_passes_every_check(analysis: Analysis, gold: dict[str, Any]) -> None:
    result = result_of(analysis, gold, name="t")
    failed = [(c.id, c.reason) for c in result.checks if not c.passed]
    assert failed == []
    assert result.total == len(result.checks) == result.passed
    assert result.share == 1.0
    assert result.summary() == f"t: {result.total}/{result.total} = 100.0%"
    sections = result.by_section()
    assert list(sections) == [
        "document",
        "entities",
        "equipment",
        "transfers",
        "claims",
        "attributions",
        "provenance",
        "grading",
        "timeline",
    ]
    assert sections["grading"] == (3, 3)


def test_empty_analysis_fails_with_reasons(gold: dict[str, Any]) -> None:
    from claimgraph.model import Document

    empty = Analysis(document=Document(id="x", text="nothing here"))
    result = result_of(empty, gold)
    assert 0 < result.passed < result.total
    assert check(result, "C1")[1].endswith("the analysis has no claims")
    assert "the analysis has no timeline entries" in check(result, "2030: " + GOLD_WHAT_2030)[1]


# ---------------------------------------------------------------- claims


def test_wrong_certainty_fails_naming_closest_claim(
    analysis: Analysis, gold: dict[str, Any]
) -> None:
    gold["claims"][0]["certainty"] = ["fact", "probable"]
    passed, reason = check(result_of(analysis, gold), "C1")
    assert not passed
    assert "certainty in ['fact', 'probable']" in reason
    assert "closest: claim c1" in reason
    assert "(got certainty ['reported'])" in reason


def test_evidence_outside_cited_span_fails(analysis: Analysis, gold: dict[str, Any]) -> None:
    claim = analysis.claims[0]
    analysis.claims[0] = claim.model_copy(update={"evidence": span("Russia has reportedly agreed")})
    passed, reason = check(result_of(analysis, gold), "C1")
    assert not passed
    assert "got evidence 'Russia has reportedly agreed'" in reason


def test_evidence_compares_curly_quotes_and_spaces(analysis: Analysis) -> None:
    text = "Moscow agreed to supply the People’s  Liberation Army."
    analysis.document.text = text
    claim = analysis.claims[0].model_copy(update={"evidence": span(text, text)})
    analysis.claims[:] = [claim]
    gold = {"claims": [{"id": "C", "evidence": "supply the People's Liberation Army"}]}
    assert check(result_of(analysis, gold), "C")[0]


def test_subject_matches_through_aliases(analysis: Analysis, gold: dict[str, Any]) -> None:
    # tool subject is the ref "Moscow"; the gold says "Russia" (alias set via the gold entities)
    assert analysis.claims[0].subject is not None
    assert analysis.claims[0].subject.name == "Moscow"
    assert check(result_of(analysis, gold), "C1")[0]
    gold["claims"][0]["subject"] = "Ukraine"
    passed, reason = check(result_of(analysis, gold), "C1")
    assert not passed and "got subject Moscow" in reason


def test_object_list_needs_every_entity(analysis: Analysis, gold: dict[str, Any]) -> None:
    assert check(result_of(analysis, gold), "C2")[0]
    gold["claims"][1]["object"] = ["Vladimir Putin", "Kim Jong Il"]
    passed, reason = check(result_of(analysis, gold), "C2")
    assert not passed
    assert "got object Vladimir Putin, others ['Kim Jong Un']" in reason


def test_year_may_be_open(analysis: Analysis, gold: dict[str, Any]) -> None:
    assert check(result_of(analysis, gold), "C2")[0]
    gold["claims"][1]["year_may_be_open"] = False
    passed, reason = check(result_of(analysis, gold), "C2")
    assert not passed and "got time 'XXXX-09'" in reason
    gold["claims"][1].update(time="2025-10", year_may_be_open=True)
    assert not check(result_of(analysis, gold), "C2")[0]


def test_by_year_needs_the_by_qualifier(analysis: Analysis, gold: dict[str, Any]) -> None:
    assert check(result_of(analysis, gold), "C3")[0]
    time = analysis.claims[2].time
    assert time is not None
    analysis.claims[2].time = TimeExpr(value="2030", precision="year")
    passed, reason = check(result_of(analysis, gold), "C3")
    assert not passed and "got time '2030'" in reason
    gold["claims"][2]["time"] = "2030"
    assert check(result_of(analysis, gold), "C3")[0]


def test_relation_labels_and_cues(analysis: Analysis, gold: dict[str, Any]) -> None:
    gold["claims"][0]["relation"] = ["AID"]  # the PLOVER type, compared lower-case
    assert check(result_of(analysis, gold), "C1")[0]
    gold["claims"][0]["relation"] = ["attack"]
    assert not check(result_of(analysis, gold), "C1")[0]
    gold["claims"][0]["relation"] = ["arm"]
    gold["claims"][0]["cues"] = ["reportedly", "allegedly"]
    passed, reason = check(result_of(analysis, gold), "C1")
    assert not passed and "got cues ['reportedly']" in reason


def test_sources_via_and_anonymity(analysis: Analysis) -> None:
    post = ref("media:wapo", "Washington Post")
    official = ref("source:official", "a Taiwanese security official")
    analysis.claims[0].attribution = [Hop(source=official, anonymous=True, via=post)]
    gold: dict[str, Any] = {
        "entities": [{"name": "The Washington Post", "aliases": ["Washington Post"]}],
        "claims": [
            {
                "id": "C",
                "sources_include": ["Taiwanese security official"],
                "via": ["The Washington Post"],
                "anonymous_source": True,
            }
        ],
    }
    assert check(result_of(analysis, gold), "C")[0]
    gold["claims"][0]["anonymous_source"] = False
    assert not check(result_of(analysis, gold), "C")[0]


# ---------------------------------------------------------------- transfers and equipment


def test_wrong_quantity_fails_naming_closest_transfer(
    analysis: Analysis, gold: dict[str, Any]
) -> None:
    gold["transfers"][0]["quantity"] = 11
    passed, reason = check(result_of(analysis, gold), "T1: light amphibious assault vehicle")
    assert not passed
    assert "closest: transfer t1 'light amphibious assault vehicles' quantity 37.0" in reason
    assert "(got quantity 37.0)" in reason


def test_null_quantity_means_none(analysis: Analysis, gold: dict[str, Any]) -> None:
    gold["equipment"][0]["quantity"] = None
    assert not check(result_of(analysis, gold), "light amphibious assault vehicle")[0]
    analysis.transfers[0].quantity = None
    assert check(result_of(analysis, gold), "light amphibious assault vehicle")[0]


def test_transfer_year_and_kind(analysis: Analysis, gold: dict[str, Any]) -> None:
    gold["transfers"][0]["year"] = 2024
    passed, reason = check(result_of(analysis, gold), "T1: light amphibious assault vehicle")
    assert not passed and "order_year 2023" in reason
    gold["transfers"][0].update(year=2023, kind=["technology transfer"])
    assert not check(result_of(analysis, gold), "T1: light amphibious assault vehicle")[0]
    analysis.transfers[0].kind = "technology"
    assert check(result_of(analysis, gold), "T1: light amphibious assault vehicle")[0]


def test_item_rule() -> None:
    assert norm_item("Airborne Armoured Personnel Carriers") == "airborne armored personnel carrier"
    assert item_matches(
        "airborne armored personnel carriers", "airborne armoured personnel carrier"
    )
    assert item_matches(
        "amphibious anti-tank self-propelled guns", "amphibious anti-tank self-propelled gun"
    )
    assert item_matches("weaponry and know-how", "weaponry and know-how (airborne capabilities)")
    assert item_matches("APCs", "airborne armored personnel carrier", aliases=["APC"])
    assert item_matches("light amphibious assault vehicles", "amphibious assault vehicle")
    assert not item_matches("tanks", "light amphibious assault vehicle")
    assert not item_matches(None, "tank")


def test_equipment_alias_applies_to_transfers(analysis: Analysis, gold: dict[str, Any]) -> None:
    analysis.transfers[0].item = "LAAV"
    gold["equipment"][0]["aliases"] = ["LAAV"]
    result = result_of(analysis, gold)
    assert check(result, "light amphibious assault vehicle")[0]
    assert check(result, "T1: light amphibious assault vehicle")[0]


# ---------------------------------------------------------------- entities and document


def test_entity_alias_and_field_mismatch(analysis: Analysis, gold: dict[str, Any]) -> None:
    # the tool calls it only "RUSI"; the gold alias set covers it
    assert check(result_of(analysis, gold), "Royal United Services Institute")[0]
    gold["entities"][2]["type"] = "media"
    passed, reason = check(result_of(analysis, gold), "Royal United Services Institute")
    assert not passed and "got type think_tank" in reason


def test_missing_entity_names_a_similar_one(analysis: Analysis) -> None:
    gold = {"entities": [{"name": "Black Mon"}]}
    passed, reason = check(result_of(analysis, gold), "Black Mon")
    assert not passed and "closest: entity org:black-moon 'Black Moon'" in reason


def test_document_checks(analysis: Analysis, gold: dict[str, Any]) -> None:
    analysis.document.text = TEXT + "\nAlso read"
    analysis.document.ai_disclosure = None
    result = result_of(analysis, gold)
    passed, reason = check(result, "removed: Also read")
    assert not passed and reason == "removed yes, still a line of the text yes"
    assert not check(result, "ai_assistance_disclosed")[0]


def test_publication_date_rules(analysis: Analysis, gold: dict[str, Any]) -> None:
    assert check(result_of(analysis, gold), "publication_date_in_text")[0]
    analysis.document.published = "2025-09-10"
    assert not check(result_of(analysis, gold), "publication_date_in_text")[0]
    # the caller supplied the date: the tool must keep exactly that one
    assert check(result_of(analysis, gold, published="2025-09-10"), "publication_date_in_text")[0]
    gold["document"]["publication_date_in_text"] = "2025-09"
    assert check(result_of(analysis, gold), "publication_date_in_text")[0]


# ---------------------------------------------------------------- attributions, chain, grade


def test_attribution_evidence_covers_source_to_content(
    analysis: Analysis, gold: dict[str, Any]
) -> None:
    # "According to Black Moon" is outside the evidence span but inside cue..content
    assert "According" not in analysis.attributions[0].evidence.text
    assert check(result_of(analysis, gold), "A1: Black Moon")[0]
    gold["attributions"][0]["cue"] = "said"
    passed, reason = check(result_of(analysis, gold), "A1: Black Moon")
    assert not passed and "got cue 'According to'" in reason


def test_attribution_source_description(analysis: Analysis) -> None:
    attribution = analysis.attributions[0]
    attribution.source = ref("source:official", "Taiwanese security official")
    attribution.anonymous = True
    gold = {"attributions": [{"source": "a Taiwanese security official", "anonymous": True}]}
    assert check(result_of(analysis, gold), "A1: a Taiwanese security official")[0]


def test_provenance_chain_order(analysis: Analysis, gold: dict[str, Any]) -> None:
    assert check(result_of(analysis, gold), "provenance_chain_for_C1")[0]
    analysis.claims[0].attribution = [Hop(source=RUSI), Hop(source=BLACK_MOON)]
    passed, reason = check(result_of(analysis, gold), "provenance_chain_for_C1")
    assert not passed and "[RUSI -> Black Moon]" in reason


def test_grading_checks(analysis: Analysis, gold: dict[str, Any]) -> None:
    analysis.grades[0].reliability = "A"
    analysis.grades[0].rationale = ["single source"]
    result = result_of(analysis, gold)
    assert not check(result, "C1.reliability_not")[0]
    assert check(result, "C1.credibility_in")[0]
    passed, reason = check(result, "C1.rationale_mentions")
    assert not passed and "['leak', 'reportedly']" in reason
    analysis.grades.clear()
    assert "have no grade" in check(result_of(analysis, gold), "C1.credibility_in")[1]


def test_timeline(analysis: Analysis, gold: dict[str, Any]) -> None:
    result = result_of(analysis, gold)
    assert check(result, "2025-09: Xi hosts Putin at a parade")[0]
    gold["timeline"][0]["what"] = "Chinese naval exercise near Taiwan's coast"
    passed, reason = check(result_of(analysis, gold), "2025-09: " + gold["timeline"][0]["what"])
    assert not passed and "content words" in reason


# ---------------------------------------------------------------- gold file errors


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ([], "a gold file is a JSON object"),
        ({}, "no checks"),
        ({"claims": [{"evidence": "x"}]}, "claims.0.id: required field missing"),
        (
            {"claims": [{"id": "C1", "certainty": 3}]},
            "claims.0.certainty: expected a string or a list of strings, got 3",
        ),
        ({"entities": [{"name": "X", "typ": "state"}]}, "entities.0.typ: unknown field"),
        ({"claim": []}, "claim: unknown field"),
        (
            {"equipment": [{"item": "gun", "quantity": "11"}]},
            'equipment.0.quantity: expected an integer or a number, got "11"',
        ),
        ({"grading": {"C9": {}}}, "grading refers to claim 'C9'"),
        (
            {
                "provenance_chain_for_C1": {"must_include_in_order": "RUSI"},
                "claims": [{"id": "C1", "evidence": "x"}],
            },
            'provenance_chain_for_C1.must_include_in_order: expected a list, got "RUSI"',
        ),
        ({"claims": [{"id": "C1"}, {"id": "C1"}]}, "duplicate claim ids"),
        ({"document": {"lede_occurrences_in_clean_text": 1}}, "needs document.lede"),
    ],
)
def test_malformed_gold_raises(analysis: Analysis, bad: Any, message: str) -> None:
    with pytest.raises(GoldFileError, match="gold") as info:
        score_checklist(analysis, bad)
    assert message in str(info.value)


def test_load_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(GoldFileError, match="no such gold file"):
        load_gold(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"claims": [', encoding="utf-8")
    with pytest.raises(GoldFileError, match="not valid JSON"):
        load_gold(broken)
    good = tmp_path / "good.json"
    good.write_text(json.dumps({"entities": [{"name": "Russia"}]}), encoding="utf-8")
    assert load_gold(good).entities[0].name == "Russia"


def test_span_helper_is_consistent() -> None:
    s: Span = span("Black Moon")
    assert TEXT[s.start : s.end] == s.text
