"""Reads shared by the API and the UI: filtered search, claim and entity details."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from claimgraph.errors import InputError
from claimgraph.export.corpus import (
    Corpus,
    claim_date,
    claim_parties,
    grade_matches,
    in_date_range,
    transfer_parties,
)
from claimgraph.export.report import ClaimView, claim_view, doc_label
from claimgraph.export.stix import icd203_word
from claimgraph.model import Claim, Document, Entity
from claimgraph.store.db import Store
from claimgraph.store.search import MARK, SearchHit, search

MAX_RESULTS = 500


@dataclass(frozen=True)
class Filters:
    """Search filters (all optional)."""

    q: str | None = None
    entity: str | None = None
    type: str | None = None
    certainty: str | None = None
    grade: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def active(self) -> bool:
        return any(vars(self).values())


@dataclass
class Results:
    """Claims and documents matching the filters."""

    claims: list[Claim] = field(default_factory=list)
    documents: list[SearchHit] = field(default_factory=list)
    snippets: dict[tuple[str, str], str] = field(default_factory=dict)
    total: int = 0


def run_search(corpus: Corpus, store: Store, filters: Filters, limit: int = 200) -> Results:
    """Claims (and, with a query, documents) matching every filter, best first."""
    results = Results()
    if filters.q and filters.q.strip():
        hits = search(store, filters.q, limit=MAX_RESULTS)
        order = {(h.doc_id, h.claim_id): i for i, h in enumerate(hits) if h.claim_id}
        results.snippets = {(h.doc_id, h.claim_id or ""): h.snippet for h in hits if h.claim_id}
        claims = sorted(
            (c for c in corpus.claims if (c.doc_id, c.id) in order),
            key=lambda c: order[(c.doc_id, c.id)],
        )
        results.documents = [h for h in hits if h.kind == "document"]
    else:
        claims = sorted(corpus.claims, key=lambda c: _newest_first(corpus, c))
    claims = [c for c in claims if _keep(corpus, c, filters)]
    results.total = len(claims)
    results.claims = claims[:limit]
    if filters.entity:
        ids = entity_ids(corpus, filters.entity)
        results.documents = [
            h for h in results.documents if any(_mentions(corpus, h.doc_id, i) for i in ids)
        ]
    return results


def _newest_first(corpus: Corpus, claim: Claim) -> tuple[str, str, int]:
    doc = corpus.documents.get(claim.doc_id)
    published = doc.published if doc and doc.published else ""
    inverted = "".join(chr(0x10FFFF - ord(ch)) for ch in published)
    return inverted, claim.doc_id, claim.evidence.start


def _keep(corpus: Corpus, claim: Claim, f: Filters) -> bool:
    if f.certainty and claim.certainty != f.certainty:
        return False
    if f.type and not type_matches(claim, f.type):
        return False
    if f.entity and not (entity_ids(corpus, f.entity) & involved(corpus, claim)):
        return False
    if f.grade and not grade_matches(corpus.grade(claim), f.grade):
        return False
    if f.date_from or f.date_to:
        doc = corpus.documents.get(claim.doc_id)
        if not in_date_range(claim_date(claim, doc), f.date_from, f.date_to):
            return False
    return True


def type_matches(claim: Claim, wanted: str) -> bool:
    """A claim type filter: a relation name, a PLOVER type, or 'transfer'."""
    wanted = wanted.strip()
    if wanted == "transfer":
        return bool(claim.transfer_ids)
    return wanted in {claim.relation.name, claim.relation.plover or ""}


def entity_ids(corpus: Corpus, name: str) -> set[str]:
    """Entity ids for an id, name or alias (after edits); an unknown name is an error."""
    ids = corpus.match_entities(name)
    if name in corpus.entities:
        ids.add(name)
    if not ids:
        raise InputError(f"no entity with id, name or alias {name!r}")
    return ids


def involved(corpus: Corpus, claim: Claim) -> set[str]:
    """Entities taking part in a claim or in its transfers."""
    ids = claim_parties(claim)
    for t in corpus.transfers:
        if t.doc_id == claim.doc_id and t.claim_id == claim.id:
            ids |= transfer_parties(t)
    return ids


def _mentions(corpus: Corpus, doc_id: str, entity_id: str) -> bool:
    return any(m.entity.id == entity_id for m in corpus.mentions.get(doc_id, []))


def facets(corpus: Corpus) -> dict[str, list[str]]:
    """Values offered by the UI's filter menus."""
    relations = Counter(c.relation.name for c in corpus.claims)
    return {
        "types": ["transfer", *sorted(relations)],
        "certainties": [
            "fact",
            "reported",
            "probable",
            "alleged",
            "possible",
            "doubtful",
            "denied",
        ],
        "grades": ["A", "B", "C", "D", "E", "F", "1", "2", "3", "4", "5", "6", "B2", "C3"],
    }


def marked(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_match) parts (matches are marked ``**x**``)."""
    return [(part, i % 2 == 1) for i, part in enumerate(snippet.split(MARK)) if part]


# -- details ------------------------------------------------------------------------------------


def claim_summary(corpus: Corpus, claim: Claim) -> dict[str, Any]:
    """A claim with its grade and document, for lists."""
    grade = corpus.grade(claim)
    doc = corpus.documents.get(claim.doc_id)
    return {
        "claim": claim.model_dump(mode="json"),
        "grade": grade.model_dump(mode="json") if grade else None,
        "icd203": icd203_word(claim.certainty),
        "document": doc_summary(doc, claim.doc_id),
    }


def doc_summary(doc: Document | None, doc_id: str) -> dict[str, Any]:
    """Title, outlet and date of a document."""
    return {
        "id": doc_id,
        "title": doc_label(doc, doc_id),
        "outlet": doc.outlet if doc else None,
        "published": doc.published if doc else None,
        "origin_cluster": doc.origin_cluster if doc else None,
    }


def claim_detail(corpus: Corpus, claim: Claim) -> tuple[ClaimView, dict[str, Any]]:
    """Everything the claim page shows, as a view and as JSON."""
    view = claim_view(corpus, claim)

    def refs(claims: list[Claim]) -> list[dict[str, Any]]:
        return [
            {
                "claim_id": c.id,
                "certainty": c.certainty,
                "evidence": c.evidence.text,
                "document": doc_summary(corpus.documents.get(c.doc_id), c.doc_id),
            }
            for c in claims
        ]

    merged = view.related.merged
    data = {
        **claim_summary(corpus, claim),
        "headline": view.headline,
        "source_chain": view.chain,
        "independent_origins": view.origins,
        "transfers": [t.model_dump(mode="json") for t in view.transfers],
        "corroborating": refs(view.related.corroborating),
        "contradicting": refs(view.related.contradicting),
        "same_origin": refs(view.related.same_origin),
        "merged_claim": merged.model_dump(mode="json") if merged is not None else None,
    }
    return view, data


def entity_detail(corpus: Corpus, entity: Entity) -> dict[str, Any]:
    """An entity with its claims, transfers, documents and edits."""
    ids = {entity.id}
    claims = corpus.entity_claims(ids)
    docs = corpus.entity_docs(entity.id)
    mentions = sum(1 for d in docs for m in corpus.mentions.get(d.id, []) if m.entity.id in ids)
    return {
        "entity": entity.model_dump(mode="json"),
        "documents": [doc_summary(d, d.id) for d in docs],
        "mentions": mentions,
        "claims": [claim_summary(corpus, c) for c in claims],
        "transfers": [t.model_dump(mode="json") for t in corpus.entity_transfers(ids)],
        "edits": [
            e.as_dict()
            for e in corpus.view.edits
            if e.entity_id == entity.id
            or e.args.get("other") == entity.id
            or e.args.get("new_id") == entity.id
        ],
    }
