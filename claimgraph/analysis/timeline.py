"""The timeline: dated claims (of one document, or merged across documents) in order,
forecasts marked as such."""

from __future__ import annotations

from collections import Counter
from datetime import date

from claimgraph.model import Certainty, Claim, MergedClaim, TimelineEntry

FUTURE_CERTAINTIES = {"possible", "probable", "doubtful"}


def summary(claim: Claim) -> str:
    """A one-line human summary of a claim: subject verb object."""
    parts = [
        claim.subject.name if claim.subject else "(someone)",
        claim.relation.verb or claim.relation.name,
    ]
    if claim.object:
        parts.append(claim.object.name)
    return " ".join(parts)


def is_forecast(claim: Claim, reference: date | None) -> bool:
    """A claim about something not yet happened when the text was written."""
    if claim.time is None:
        return False
    year = claim.time.value[:4]
    if reference is not None and year.isdigit():
        return int(year) > reference.year or (
            claim.time.qualifier == "by" and int(year) >= reference.year
        )
    return (
        claim.relation.future
        or claim.certainty in FUTURE_CERTAINTIES
        or claim.time.qualifier == "by"
    )


def build_timeline(claims: list[Claim], reference: date | None) -> list[TimelineEntry]:
    """Timeline entries of the dated claims, sorted by date (open years last)."""
    entries = []
    for claim in claims:
        if claim.time is None:
            continue
        entries.append(
            TimelineEntry(
                when=claim.time.value,
                precision=claim.time.precision,
                label=claim.time.label or claim.time.value,
                forecast=is_forecast(claim, reference),
                claim_id=claim.id,
                what=f"{summary(claim)} — {claim.evidence.text}",
                certainty=claim.certainty,
            )
        )
    return sorted(entries, key=lambda e: e.when.replace("XXXX", "9999"))


def merged_timeline(merged: list[MergedClaim]) -> list[TimelineEntry]:
    """Timeline of merged claims (across documents): dated ones in order, forecasts marked."""
    entries = []
    for claim in merged:
        if claim.time is None:
            continue
        grade = claim.grade
        entries.append(
            TimelineEntry(
                when=claim.time.value,
                precision=claim.time.precision,
                label=claim.time.label or claim.time.value,
                forecast=claim.forecast,
                claim_id=claim.id,
                what=claim.summary,
                certainty=_certainty(claim),
                merged_claim_id=claim.id,
                independent_origins=claim.independent_origins,
                documents=len(claim.documents),
                contradicted=bool(claim.contradictions)
                or (grade is not None and grade.contradictions > 0),
            )
        )
    return sorted(entries, key=lambda e: (e.when.replace("XXXX", "9999"), e.claim_id))


def _certainty(claim: MergedClaim) -> Certainty:
    """The certainty most reports on the claim's side give."""
    side = [s.certainty for s in claim.claims if s.stance == "supports"] or [
        s.certainty for s in claim.claims
    ]
    return Counter(side).most_common(1)[0][0] if side else "fact"
