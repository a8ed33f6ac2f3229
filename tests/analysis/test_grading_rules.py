"""Grading across documents, on texts written for these tests: copies never confirm, two
independent origins confirm, a denial or another figure lowers credibility, overrides apply."""

from __future__ import annotations

from functools import cache

from claimgraph.analysis.crossdoc import CrossDocResult, run
from claimgraph.analysis.grading import Override
from claimgraph.model import Analysis, MergedClaim
from claimgraph.pipeline import analyze_text

WIRE = (
    "MOSCOW (Reuters) - Russia delivered 24 Su-35 fighter jets to Iran in March 2024, the "
    "Russian defence ministry said on Tuesday."
)
COPIES = [
    WIRE,
    WIRE.replace(" (Reuters)", ""),
    WIRE.replace("MOSCOW (Reuters) - ", "") + " (Reuters)",
    WIRE + " The ministry gave no further details.",
    WIRE + " Reporting by the Moscow bureau; editing by the world desk.",
]
OTHER_SOURCE = (
    "Russia delivered 24 Su-35 fighter jets to Iran in March 2024, Iran's defence minister "
    "Aziz Nasirzadeh said on Wednesday."
)
RELAY = (
    "Russia delivered 24 Su-35 fighter jets to Iran in March 2024, according to a statement the "
    "Russian defence ministry published on its website on Tuesday."
)
DENIAL = (
    "Iran's foreign ministry denied on Thursday that Russia had delivered any Su-35 fighter "
    "jets to Iran."
)
OTHER_FIGURE = (
    "Russia delivered 30 Su-35 fighter jets to Iran in March 2024, Iran's defence minister "
    "Aziz Nasirzadeh said on Friday."
)


@cache
def _analyse(text: str, published: str) -> Analysis:
    return analyze_text(text, published=published)


def _supply(result: CrossDocResult) -> MergedClaim:
    found = [m for m in result.merged if m.relation == "supply"]
    assert len(found) == 1, [m.summary for m in result.merged]
    return found[0]


def _run(*texts: tuple[str, str], overrides: dict[str, Override] | None = None) -> CrossDocResult:
    return run([_analyse(t, day) for t, day in texts], overrides)


def _grade_of(result: CrossDocResult, merged: MergedClaim, text_doc: str) -> tuple[int, list[str]]:
    support = next(c for c in merged.claims if c.doc_id == text_doc)
    grade = result.grades[f"{support.doc_id}/{support.claim_id}"]
    return grade.credibility, grade.rationale


def test_one_origin_syndicated_five_times_is_not_confirmed() -> None:
    result = _run(*[(t, "2024-04-02") for t in COPIES])
    assert len(set(result.clusters.origin.values())) == 1
    merged = _supply(result)
    assert len(merged.documents) == 5
    assert merged.independent_origins == 1
    assert merged.grade is not None and merged.grade.credibility >= 2
    for support in merged.claims:
        grade = result.grades[f"{support.doc_id}/{support.claim_id}"]
        assert grade.credibility >= 2
        assert grade.independent_origins == 1
        assert any("copies and relays count once" in r for r in grade.rationale)


def test_the_same_source_quoted_by_another_outlet_is_one_origin() -> None:
    result = _run((WIRE, "2024-04-02"), (RELAY, "2024-04-02"))
    merged = _supply(result)
    assert len(set(result.clusters.origin.values())) == 2  # two texts ...
    assert merged.independent_origins == 1  # ... one original source


def test_two_independent_origins_confirm() -> None:
    result = _run((WIRE, "2024-04-02"), (OTHER_SOURCE, "2024-04-03"))
    merged = _supply(result)
    assert merged.independent_origins == 2
    assert merged.grade is not None and merged.grade.credibility == 1
    assert any("corroborated by 2 independent origins" in r for r in merged.grade.rationale)


def test_a_denial_lowers_credibility_and_shows_both_sides() -> None:
    confirmed = _supply(_run((WIRE, "2024-04-02"), (OTHER_SOURCE, "2024-04-03")))
    result = _run((WIRE, "2024-04-02"), (OTHER_SOURCE, "2024-04-03"), (DENIAL, "2024-04-04"))
    merged = _supply(result)
    assert merged.grade is not None and confirmed.grade is not None
    assert merged.grade.credibility > confirmed.grade.credibility
    (denial,) = [c for c in merged.contradictions if c.kind == "denial"]
    assert len(denial.supporting) == 2 and len(denial.contradicting) == 1
    assert "foreign" in denial.detail.lower()
    assert {c.stance for c in merged.claims} == {"supports", "contradicts"}
    assert any(r.startswith("contradicted: denied by") for r in merged.grade.rationale)


def test_another_figure_is_a_contradiction() -> None:
    result = _run((WIRE, "2024-04-02"), (OTHER_FIGURE, "2024-04-05"))
    merged = _supply(result)
    (figures,) = [c for c in merged.contradictions if c.kind == "quantity"]
    assert "24" in figures.detail and "30" in figures.detail
    assert merged.grade is not None and merged.grade.credibility >= 2


def test_override_changes_reliability_with_the_reason() -> None:
    plain = _supply(_run((WIRE, "2024-04-02")))
    assert plain.grade is not None and plain.grade.reliability == "C"
    override = {"gov:ru-mod": Override("E", "history of false delivery claims")}
    merged = _supply(_run((WIRE, "2024-04-02"), overrides=override))
    assert merged.grade is not None and merged.grade.reliability == "E"
    assert any("history of false delivery claims" in r for r in merged.grade.rationale)


def test_a_source_that_cannot_be_judged_is_never_confirmed() -> None:
    override = {"gov:ru-mod": Override("F", "provenance unknown")}
    result = _run((WIRE, "2024-04-02"), (OTHER_SOURCE, "2024-04-03"), overrides=override)
    merged = _supply(result)
    wire_doc = _analyse(WIRE, "2024-04-02").document.id
    credibility, rationale = _grade_of(result, merged, wire_doc)
    assert credibility >= 3
    assert any("cannot be judged" in r for r in rationale)
    assert merged.independent_origins == 2
