"""Claim merging rules on hand-built claim features: compatible times, undated reports,
denials dated by their own day, transfer categories, statements by their words."""

from __future__ import annotations

from claimgraph.analysis.claimmerge import (
    ClaimFeatures,
    DocOrigin,
    block_of,
    build_merged,
    cluster_claims,
    group_structured,
    times_compatible,
)
from claimgraph.analysis.crossdoc import annotate
from claimgraph.analysis.grading import GradeBasis
from claimgraph.model import EntityRef, Hop, TimeExpr
from claimgraph.pipeline import analyze_text

RU = EntityRef(id="country:RU", name="Russia")
IR = EntityRef(id="country:IR", name="Iran")


def _time(value: str | None) -> TimeExpr | None:
    if value is None:
        return None
    precision = {4: "year", 7: "month", 10: "day"}[len(value)]
    return TimeExpr(value=value, precision=precision)  # type: ignore[arg-type]


def claim(
    doc: str,
    when: str | None = None,
    *,
    relation: str = "supply",
    certainty: str = "reported",
    quantity: float | None = None,
    category: str | None = None,
    source: str | None = None,
    evidence: str = "Russia delivered fighter jets to Iran.",
) -> ClaimFeatures:
    subject, obj = (RU, IR) if relation != "say" else (RU, None)
    block, textual = block_of(relation, subject.id, obj.id if obj else None)
    origin = EntityRef(id=source, name=source) if source else None
    hop = Hop(source=origin) if origin else None
    return ClaimFeatures(
        doc_id=doc,
        claim_id=f"{doc}-c1",
        relation=relation,
        subject=subject,
        object=obj,
        block=block,
        textual=textual,
        time=_time(when),
        location=None,
        quantity=quantity,
        certainty=certainty,
        negated=False,
        status=None,
        category=category,
        source=origin,
        anonymous=False,
        wire=None,
        published="2024-04-02",
        forecast=False,
        evidence=evidence,
        basis=GradeBasis(
            claim_id=f"{doc}-c1",
            certainty=certainty,
            origin=hop,
            chain=(hop,) if hop else (),
            kind="state" if source else "unknown",
            cue_reasons=(),
            ai_disclosed=False,
            asserted_by="the outlet",
        ),
    )


def _docs(groups: list[list[ClaimFeatures]]) -> list[list[str]]:
    return sorted(sorted(c.doc_id for c in g) for g in groups)


def test_times_are_compatible_at_coarser_precision() -> None:
    assert times_compatible(_time("2025"), _time("2025-09"))
    assert times_compatible(TimeExpr(value="XXXX-09", precision="month"), _time("2025-09-03"))
    assert times_compatible(TimeExpr(value="2020s", precision="decade"), _time("2024"))
    assert not times_compatible(_time("2025-03"), _time("2025-09"))
    assert times_compatible(None, _time("2025-09"))


def test_dated_reports_of_other_months_stay_apart_and_undated_joins_only_one() -> None:
    march = [claim("a", "2024-03"), claim("b", "2024-03-12"), claim("c", "2024")]
    assert _docs(group_structured([*march, claim("u")])) == [["a", "b", "c", "u"]]
    two = [claim("a", "2024-03"), claim("d", "2024-09"), claim("u")]
    assert _docs(group_structured(two)) == [["a"], ["d"], ["u"]]


def test_a_denial_dated_by_its_own_day_joins_the_event() -> None:
    groups = group_structured([claim("a", "2024-03"), claim("x", "2024-04-04", certainty="denied")])
    assert _docs(groups) == [["a", "x"]]


def test_other_transfer_categories_are_other_claims() -> None:
    groups = group_structured(
        [claim("a", "2024-03", category="aircraft"), claim("b", "2024-03", category="missiles")]
    )
    assert _docs(groups) == [["a"], ["b"]]


def test_statements_merge_by_their_words() -> None:
    said = "Russia said it would deliver more fighter jets to Iran next year."
    claims = [
        claim("a", relation="say", evidence=said),
        claim("b", relation="say", evidence="Moscow " + said),
        claim("c", relation="say", evidence="Russia said the weather in Moscow was cold today."),
    ]
    assert _docs([[claims[i] for i in g] for g in cluster_claims(claims)]) == [["a", "b"], ["c"]]


def test_quantities_within_tolerance_agree_and_others_contradict() -> None:
    origins = {d: DocOrigin(f"oc-{d}") for d in "abc"}
    close = build_merged(
        [claim("a", "2024-03", quantity=100), claim("b", "2024-03", quantity=105)], origins
    )
    assert close.record.contradictions == [] and close.record.quantity == 100
    far = build_merged(
        [
            claim("a", "2024-03", quantity=24, source="gov:ru-mod"),
            claim("b", "2024-03", quantity=24, source="gov:ir-mod"),
            claim("c", "2024-03", quantity=30, source="source:official"),
        ],
        origins,
    )
    (conflict,) = far.record.contradictions
    assert conflict.kind == "quantity" and far.record.quantity == 24
    assert conflict.contradicting == ["c/c-c1"]


def test_analyze_gets_its_own_origin_cluster_and_merged_ids() -> None:
    text = (
        "KABUL (Reuters) - Taliban fighters attacked a police checkpoint in Kunduz on Monday, "
        "a provincial spokesman said."
    )
    result = annotate(analyze_text(text, published="2024-05-06"))
    assert result.document.origin_cluster == f"oc-{result.document.id[:12]}"
    assert all(g.merged_claim_id and g.origin_cluster for g in result.grades)
