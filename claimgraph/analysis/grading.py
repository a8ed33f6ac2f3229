"""Admiralty grades (STANAG 2511) for the claims of one document, with reasons.

Reliability (A–F) belongs to the originating source of the claim's attribution chain, from the
default table in ``resources/grading.yaml``; credibility (1–6) starts from the claim's certainty
and moves with the number of independent origins and contradictions. F and 6 mean "cannot be
judged". Across documents, the corroboration stage feeds ``independent_origins``.
"""

from __future__ import annotations

from functools import cache

from claimgraph.analysis.corroboration import Support
from claimgraph.model import Claim, Document, Entity, Grade, Hop
from claimgraph.resources import load_yaml


@cache
def _table() -> dict:
    return load_yaml("grading.yaml")


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


def grade_claim(
    claim: Claim,
    document: Document,
    entities: dict[str, Entity],
    *,
    support: Support | None = None,
) -> Grade:
    """Grade one claim from its chain, certainty, corroboration and contradiction."""
    support = support or Support()
    independent_origins = max(1, len(support.origins))
    chain = [h for h in claim.attribution if h.source.id not in _document_hops(document, entities)]
    origin = chain[0] if chain else None
    kind = source_kind(origin, entities) if origin else "unknown"
    reliability = _table()["reliability"].get(kind, "F")
    reasons = [_origin_reason(origin, chain, kind, reliability, document)]
    credibility = _table()["credibility"].get(claim.certainty, 6)
    if independent_origins >= 2:
        credibility = max(1, credibility - (independent_origins - 1))
        names = ", ".join(support.origins.values())
        reasons.append(f"corroborated by {independent_origins} independent origins: {names}")
    else:
        reasons.append(
            "single origin: no independent corroboration"
            + (f" ({_chain_text(chain)})" if chain else "")
        )
    if support.denials:
        parties_only = all(is_party for _, is_party in support.denials)
        credibility = min(4 if parties_only else 5, credibility + 1)
        who = ", ".join(sorted({name for name, _ in support.denials}))
        reasons.append(
            f"contradicted: denied by {who}" + (" (interested parties)" if parties_only else "")
        )
    reasons.extend(_cue_reasons(claim))
    if document.ai_disclosure is not None:
        reasons.append("outlet discloses AI assistance in writing the article")
    if reliability == "F" and credibility <= 2:
        credibility = 3
        reasons.append("source cannot be judged, so the information is at best possibly true")
    return Grade(
        claim_id=claim.id,
        source=origin.source if origin else None,
        reliability=reliability,
        credibility=credibility,
        independent_origins=independent_origins,
        rationale=reasons,
    )


def _document_hops(document: Document, entities: dict[str, Entity]) -> set[str]:
    """Ids of the hops that stand for the document itself (outlet, author)."""
    return {e.id for e in entities.values() if "author" in e.roles} | {"outlet:document"}


def _chain_text(chain: list[Hop]) -> str:
    names = []
    for hop in chain:
        names.append(hop.source.name + (f" via {hop.via.name}" if hop.via else ""))
    return " -> ".join(names)


def _origin_reason(
    origin: Hop | None, chain: list[Hop], kind: str, reliability: str, document: Document
) -> str:
    if origin is None:
        who = document.outlet or (", ".join(document.authors) if document.authors else "the author")
        return f"unattributed: asserted by {who} itself (reliability {reliability}: {kind})"
    label = {
        "government_body": "official statement",
        "state": "official statement",
        "armed_force": "official statement (armed forces)",
        "official": "official statement",
        "anonymous": "anonymous source",
        "wire_agency": "wire agency",
    }.get(kind, kind.replace("_", " "))
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
