"""Admiralty grades (STANAG 2511) of claims, with reasons.

Reliability (A–F) belongs to the originating source of the claim's attribution chain, from the
default table in ``resources/grading.yaml`` or a user's override for that source; credibility
(1–6) starts from the claim's certainty and moves with the number of independent origins and
contradictions. F and 6 mean "cannot be judged", never "low".

A grade rests on two things: the claim's :class:`GradeBasis` (its origin and wording, fixed
when the document is analysed) and its :class:`Support` (corroboration and contradiction, in
the document or, after the cross-document stage, across documents). Both are plain data, so
the cross-document stage regrades from stored records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast

from claimgraph.analysis.corroboration import Support
from claimgraph.model import Claim, Document, Entity, Grade, Hop

Letter = Literal["A", "B", "C", "D", "E", "F"]
LETTERS = ("A", "B", "C", "D", "E", "F")
CONFIRMABLE = {"fact", "reported", "probable"}
KIND_LABELS = {
    "government_body": "official statement",
    "state": "official statement",
    "armed_force": "official statement (armed forces)",
    "official": "official statement",
    "anonymous": "anonymous source",
    "wire_agency": "wire agency",
}


@cache
def _table() -> dict[str, Any]:
    from claimgraph.resources import load_yaml

    data: dict[str, Any] = load_yaml("grading.yaml")
    return data


def default_reliability(kind: str) -> Letter:
    """The default reliability of a kind of source (``resources/grading.yaml``)."""
    return cast(Letter, _table()["reliability"].get(kind, "F"))


@dataclass(frozen=True)
class Override:
    """A user's reliability for one source, with the reason they gave."""

    reliability: Letter
    reason: str


@dataclass(frozen=True, slots=True)
class GradeBasis:
    """What a claim's grade rests on apart from corroboration: its origin and its wording."""

    claim_id: str
    certainty: str
    origin: Hop | None
    chain: tuple[Hop, ...]
    kind: str
    cue_reasons: tuple[str, ...]
    ai_disclosed: bool
    asserted_by: str

    def to_json(self) -> dict[str, Any]:
        """A JSON-able form, for the store."""
        return {
            "claim_id": self.claim_id,
            "certainty": self.certainty,
            "origin": self.origin.model_dump(mode="json") if self.origin else None,
            "chain": [h.model_dump(mode="json") for h in self.chain],
            "kind": self.kind,
            "cue_reasons": list(self.cue_reasons),
            "ai_disclosed": self.ai_disclosed,
            "asserted_by": self.asserted_by,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> GradeBasis:
        """Rebuild from :meth:`to_json`."""
        return cls(
            claim_id=data["claim_id"],
            certainty=data["certainty"],
            origin=Hop.model_validate(data["origin"]) if data.get("origin") else None,
            chain=tuple(Hop.model_validate(h) for h in data.get("chain", [])),
            kind=data["kind"],
            cue_reasons=tuple(data.get("cue_reasons", [])),
            ai_disclosed=bool(data.get("ai_disclosed")),
            asserted_by=data.get("asserted_by", "the author"),
        )


def source_kind(hop: Hop | None, entities: dict[str, Entity]) -> str:
    """The grading category of a source hop."""
    if hop is None:
        return "unknown"
    if hop.anonymous:
        return "anonymous"
    entity = entities.get(hop.source.id)
    if hop.source.id in _table()["wire_agencies"]:
        return "wire_agency"
    if entity is None:
        return "documents" if hop.source.id.startswith("source:") else "unknown"
    if entity.type == "source":
        return "official" if entity.country else "documents"
    return entity.type if entity.type in _table()["reliability"] else "unknown"


def grade_basis(claim: Claim, document: Document, entities: dict[str, Entity]) -> GradeBasis:
    """The origin and wording of a claim, from its document."""
    hops = _document_hops(entities)
    chain = tuple(h for h in claim.attribution if h.source.id not in hops)
    origin = chain[0] if chain else None
    return GradeBasis(
        claim_id=claim.id,
        certainty=claim.certainty,
        origin=origin,
        chain=chain,
        kind=source_kind(origin, entities) if origin else "unknown",
        cue_reasons=tuple(_cue_reasons(claim)),
        ai_disclosed=document.ai_disclosure is not None,
        asserted_by=document.outlet
        or (", ".join(document.authors) if document.authors else "the author"),
    )


def grade_claim(
    claim: Claim,
    document: Document,
    entities: dict[str, Entity],
    *,
    support: Support | None = None,
    overrides: Mapping[str, Override] | None = None,
) -> Grade:
    """Grade one claim from its chain, certainty, corroboration and contradiction."""
    return grade(grade_basis(claim, document, entities), support, overrides)


def grade(
    basis: GradeBasis,
    support: Support | None = None,
    overrides: Mapping[str, Override] | None = None,
) -> Grade:
    """The grade of a claim from its basis and support (and the user's overrides)."""
    support = support or Support()
    origin = basis.origin
    reliability = default_reliability(basis.kind)
    reasons = [_origin_reason(basis, reliability)]
    override = (overrides or {}).get(origin.source.id) if origin else None
    if override is not None:
        reliability = override.reliability
        reasons.append(f"reliability {reliability} set by the user: {override.reason}")
    credibility, more = _credibility(basis, support)
    reasons += more
    reasons.extend(basis.cue_reasons)
    if basis.ai_disclosed:
        reasons.append("outlet discloses AI assistance in writing the article")
    if reliability == "F" and credibility <= 2:
        credibility = 3
        reasons.append("source cannot be judged, so the information is at best possibly true")
    return Grade(
        claim_id=basis.claim_id,
        source=origin.source if origin else None,
        reliability=reliability,
        credibility=cast(Literal[1, 2, 3, 4, 5, 6], credibility),
        independent_origins=max(1, len(support.origins)),
        rationale=reasons,
    )


def _credibility(basis: GradeBasis, support: Support) -> tuple[int, list[str]]:
    """Credibility from certainty, independent origins, denials and other figures."""
    reasons = []
    independent = max(1, len(support.origins))
    credibility = int(_table()["credibility"].get(basis.certainty, 6))
    if independent >= 2:
        # STANAG 2511 "confirmed": asserted, not hedged, and from another independent origin
        confirmed = basis.certainty in CONFIRMABLE
        credibility = 1 if confirmed else max(1, credibility - (independent - 1))
        names = ", ".join(support.origins.values())
        reasons.append(f"corroborated by {independent} independent origins: {names}")
    else:
        reasons.append(
            "single origin: no independent corroboration"
            + (f" ({_chain_text(list(basis.chain))})" if basis.chain else "")
        )
    if support.documents > 1:
        reasons.append(
            f"reported by {support.documents} documents from {independent} independent "
            f"origin{'s' if independent > 1 else ''} (copies and relays count once)"
        )
    if support.denials:
        parties_only = all(is_party for _, is_party in support.denials)
        credibility = min(4 if parties_only else 5, credibility + 1)
        who = ", ".join(sorted({name for name, _ in support.denials}))
        reasons.append(
            f"contradicted: denied by {who}" + (" (interested parties)" if parties_only else "")
        )
    if support.conflicts:
        credibility = min(5, credibility + 1)
        reasons.extend(f"contradicted: {detail}" for detail in support.conflicts)
    return credibility, reasons


def _document_hops(entities: dict[str, Entity]) -> set[str]:
    """Ids of the hops that stand for the document itself (outlet, author)."""
    return {e.id for e in entities.values() if "author" in e.roles} | {"outlet:document"}


def _chain_text(chain: list[Hop]) -> str:
    names = []
    for hop in chain:
        names.append(hop.source.name + (f" via {hop.via.name}" if hop.via else ""))
    return " -> ".join(names)


def _origin_reason(basis: GradeBasis, reliability: str) -> str:
    origin, kind = basis.origin, basis.kind
    if origin is None:
        return (
            f"unattributed: asserted by {basis.asserted_by} itself "
            f"(reliability {reliability}: {kind})"
        )
    label = KIND_LABELS.get(kind, kind.replace("_", " "))
    if kind == "documents":
        label = (
            "leaked or unpublished documents"
            if "leak" in origin.source.name.lower() or "hack" in origin.source.name.lower()
            else "documents whose provenance cannot be checked"
        )
    note = " (cannot be judged)" if reliability == "F" else ""
    return f"originating source: {origin.source.name}, {label}, reliability {reliability}{note}"


def _cue_reasons(claim: Claim) -> list[str]:
    reasons = []
    for cue in claim.cues:
        word = {
            "reported": "hedged",
            "alleged": "alleged",
            "possible": "hedged",
            "probable": "hedged",
            "doubtful": "doubted",
            "denied": "denied or negated",
        }.get(cue.certainty, "hedged")
        reasons.append(f"{word}: {cue.span.text}")
    if not claim.cues and claim.certainty == "reported":
        reasons.append("reported through a source, not asserted by the author")
    return reasons
