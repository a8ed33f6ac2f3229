"""The records of a store as analysts see them: analyst edits and overrides applied, a scope
(an entity, a search, a document) selected, and claims linked across documents.

Reports, exports, the API and the web UI all read through :func:`load_corpus`. Cross-document
records (origin clusters, merged claims) are used when the store has them; without them,
corroboration across documents falls back to matching subject, relation and object.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from claimgraph.errors import InputError
from claimgraph.export.edits import EditView
from claimgraph.model import (
    Attribution,
    Claim,
    Document,
    Entity,
    Grade,
    Mention,
    TimelineEntry,
    Transfer,
)
from claimgraph.store import schema
from claimgraph.store.db import Store

TRANSFER_FAMILY = {"supply", "purchase", "provide_military_aid"}


@dataclass(frozen=True)
class Scope:
    """What a report or export covers: everything, one entity, a search, or one document."""

    entity: str | None = None
    query: str | None = None
    doc: str | None = None

    def __post_init__(self) -> None:
        if sum(x is not None for x in (self.entity, self.query, self.doc)) > 1:
            raise InputError("give at most one of --entity, --query and --doc")

    @property
    def everything(self) -> bool:
        """True when nothing narrows the scope."""
        return self.entity is None and self.query is None and self.doc is None

    def label(self) -> str:
        """A short human description."""
        if self.entity is not None:
            return f"entity {self.entity}"
        if self.query is not None:
            return f"search “{self.query}”"
        if self.doc is not None:
            return f"document {self.doc[:12]}"
        return "all documents"


@dataclass
class Related:
    """Claims in other documents that bear on one claim."""

    corroborating: list[Claim] = field(default_factory=list)
    contradicting: list[Claim] = field(default_factory=list)
    same_origin: list[Claim] = field(default_factory=list)
    merged: Any = None  # a MergedClaim when the cross-document stage produced one


@dataclass
class Corpus:
    """Records with edits and overrides applied, indexed for the views."""

    documents: dict[str, Document]
    entities: dict[str, Entity]
    claims: list[Claim]
    transfers: list[Transfer]
    grades: dict[tuple[str, str], Grade]
    timeline: list[tuple[str, TimelineEntry]]
    attributions: dict[str, list[Attribution]]
    mentions: dict[str, list[Mention]]
    view: EditView
    merged: list[Any] = field(default_factory=list)
    clusters: dict[str, Any] = field(default_factory=dict)
    scope: Scope = field(default_factory=Scope)

    def __post_init__(self) -> None:
        self._by_claim: dict[str, list[Claim]] = defaultdict(list)
        for claim in self.claims:
            self._by_claim[claim.id].append(claim)
        self._merged_of: dict[tuple[str, str], Any] = {}
        for merged in self.merged:
            for support in getattr(merged, "claims", []):
                self._merged_of[(support.doc_id, support.claim_id)] = merged

    # -- lookups ------------------------------------------------------------------------------

    def claim(self, claim_id: str, doc_id: str | None = None) -> Claim | None:
        """A claim by id (and document id prefix when ids repeat)."""
        found = [
            c for c in self._by_claim.get(claim_id, []) if not doc_id or c.doc_id.startswith(doc_id)
        ]
        return found[0] if found else None

    def grade(self, claim: Claim) -> Grade | None:
        """The grade of a claim (analyst overrides applied)."""
        return self.grades.get((claim.doc_id, claim.id))

    def document(self, doc_id: str) -> Document | None:
        """A document by id or unique id prefix."""
        if doc_id in self.documents:
            return self.documents[doc_id]
        found = [d for k, d in self.documents.items() if k.startswith(doc_id)]
        return found[0] if len(found) == 1 else None

    def doc_claims(self, doc_id: str) -> list[Claim]:
        """Claims of one document, in text order."""
        return [c for c in self.claims if c.doc_id == doc_id]

    def doc_transfers(self, doc_id: str) -> list[Transfer]:
        """Transfers of one document."""
        return [t for t in self.transfers if t.doc_id == doc_id]

    def match_entities(self, name: str) -> set[str]:
        """Entity ids whose id, name or alias is ``name`` (any case), after edits."""
        wanted = name.casefold()
        return {
            e.id
            for e in self.entities.values()
            if wanted in {e.id.casefold(), e.name.casefold(), *(a.casefold() for a in e.aliases)}
        }

    def entity_claims(self, ids: set[str], *, sourced: bool = False) -> list[Claim]:
        """Claims with one of the entities as subject, object or other participant (with
        ``sourced``, also those whose attribution chain names it)."""
        return [
            c
            for c in self.claims
            if ids & claim_parties(c) or (sourced and ids & {h.source.id for h in c.attribution})
        ]

    def entity_transfers(self, ids: set[str]) -> list[Transfer]:
        """Transfers with one of the entities as supplier or recipient."""
        return [t for t in self.transfers if ids & transfer_parties(t)]

    def entity_docs(self, entity_id: str) -> list[Document]:
        """Documents that mention an entity."""
        return [
            d
            for d in self.documents.values()
            if any(m.entity.id == entity_id for m in self.mentions.get(d.id, []))
        ]

    def cluster_of(self, doc: Document) -> Any:
        """The origin cluster record of a document, if the store has clusters."""
        return self.clusters.get(doc.origin_cluster) if doc.origin_cluster else None

    # -- across documents ---------------------------------------------------------------------

    def related(self, claim: Claim) -> Related:
        """Corroborating, contradicting and same-origin claims in other documents: those the
        cross-document stage merged with this one, then those with the same subject, relation
        and object; one claim per document in each list."""
        merged = self._merged_of.get((claim.doc_id, claim.id))
        related = self._related_merged(claim, merged) if merged is not None else Related()
        extra = self._related_by_key(claim)
        seen = {claim.doc_id}
        for name in ("contradicting", "corroborating", "same_origin"):
            kept = []
            for other in [*getattr(related, name), *getattr(extra, name)]:
                if other.doc_id not in seen:
                    seen.add(other.doc_id)
                    kept.append(other)
            setattr(related, name, kept)
        return related

    def _related_merged(self, claim: Claim, merged: Any) -> Related:
        related = Related(merged=merged)
        mine = next(s for s in merged.claims if s.claim_id == claim.id and s.doc_id == claim.doc_id)
        cluster = self._cluster_id(claim.doc_id)
        for support in merged.claims:
            if support is mine:
                continue
            other = self.claim(support.claim_id, support.doc_id)
            if other is None:
                continue
            if support.stance != mine.stance:
                related.contradicting.append(other)
            elif cluster is not None and self._cluster_id(other.doc_id) == cluster:
                related.same_origin.append(other)
            else:
                related.corroborating.append(other)
        return related

    def _related_by_key(self, claim: Claim) -> Related:
        related = Related()
        key = claim_key(claim)
        if key is None:
            return related
        cluster = self._cluster_id(claim.doc_id)
        for other in self.claims:
            if other.doc_id == claim.doc_id or claim_key(other) != key:
                continue
            if is_denial(other) != is_denial(claim):
                related.contradicting.append(other)
            elif cluster is not None and self._cluster_id(other.doc_id) == cluster:
                related.same_origin.append(other)
            else:
                related.corroborating.append(other)
        return related

    def _cluster_id(self, doc_id: str) -> str | None:
        doc = self.documents.get(doc_id)
        return doc.origin_cluster if doc else None

    # -- scope --------------------------------------------------------------------------------

    def select(self, scope: Scope, store: Store | None = None) -> Corpus:
        """The part of the corpus a scope covers (claims, their documents and records)."""
        if scope.everything:
            return self
        if scope.doc is not None:
            doc = self.document(scope.doc)
            if doc is None:
                raise InputError(f"no single document with an id starting {scope.doc!r}")
            claims = self.doc_claims(doc.id)
            transfers = self.doc_transfers(doc.id)
            doc_ids = {doc.id}
        elif scope.entity is not None:
            ids = self.match_entities(scope.entity)
            if not ids:
                raise InputError(f"no entity with id, name or alias {scope.entity!r}")
            claims = self.entity_claims(ids, sourced=True)
            transfers = self.entity_transfers(ids)
            doc_ids = {c.doc_id for c in claims} | {t.doc_id for t in transfers}
            doc_ids |= {d.id for i in ids for d in self.entity_docs(i)}
        else:
            assert scope.query is not None
            claims, doc_ids = self._search(scope.query, store)
            claim_keys = {(c.doc_id, c.id) for c in claims}
            transfers = [t for t in self.transfers if (t.doc_id, t.claim_id) in claim_keys]
        return self._subset(scope, claims, transfers, doc_ids)

    def _search(self, query: str, store: Store | None) -> tuple[list[Claim], set[str]]:
        if store is None:
            raise InputError("a search scope needs the database")
        from claimgraph.store.search import search

        hits = search(store, query, limit=500)
        wanted = {(h.doc_id, h.claim_id) for h in hits if h.claim_id}
        claims = [c for c in self.claims if (c.doc_id, c.id) in wanted]
        return claims, {h.doc_id for h in hits}

    def _subset(
        self, scope: Scope, claims: list[Claim], transfers: list[Transfer], doc_ids: set[str]
    ) -> Corpus:
        keys = {(c.doc_id, c.id) for c in claims}
        keys |= {(t.doc_id, t.claim_id) for t in transfers if t.claim_id}
        chosen = {(t.doc_id, t.id) for t in transfers}
        transfers = [
            t
            for t in self.transfers
            if (t.doc_id, t.id) in chosen or (t.doc_id, t.claim_id) in keys
        ]
        claims = [c for c in self.claims if (c.doc_id, c.id) in keys]
        doc_ids |= {c.doc_id for c in claims}
        docs = {k: d for k, d in self.documents.items() if k in doc_ids}
        return Corpus(
            documents=docs,
            entities=self.entities,
            claims=claims,
            transfers=transfers,
            grades={k: g for k, g in self.grades.items() if k in keys},
            timeline=[(d, e) for d, e in self.timeline if (d, e.claim_id) in keys],
            attributions={k: v for k, v in self.attributions.items() if k in docs},
            mentions={k: v for k, v in self.mentions.items() if k in docs},
            view=self.view,
            merged=self.merged,
            clusters=self.clusters,
            scope=scope,
        )


# -- loading ------------------------------------------------------------------------------------


def load_corpus(
    store: Store, scope: Scope | None = None, *, view: EditView | None = None
) -> Corpus:
    """Everything in the store (edits and overrides applied), narrowed to ``scope``."""
    view = view or EditView.from_store(store)
    documents = {d.id: d for d in store.documents()}
    mentions: dict[str, list[Mention]] = defaultdict(list)
    for doc_id, mention in store.iter_mentions():
        mentions[doc_id].append(view.mention(mention, doc_id))
    for items in mentions.values():
        items.sort(key=lambda m: m.span.start)
    grades: dict[tuple[str, str], Grade] = {}
    for doc_id, grade in store.iter_doc_records(schema.grades, Grade):
        grades[(doc_id, grade.claim_id)] = view.grade(grade, doc_id)
    attributions: dict[str, list[Attribution]] = defaultdict(list)
    for doc_id, attribution in store.iter_doc_records(schema.attributions, Attribution):
        attributions[doc_id].append(view.record(attribution, doc_id))
    corpus = Corpus(
        documents=documents,
        entities={e.id: e for e in view.entity_list()},
        claims=[view.record(c) for _, c in store.iter_doc_records(schema.claims, Claim)],
        transfers=[view.record(t) for _, t in store.iter_doc_records(schema.transfers, Transfer)],
        grades=grades,
        timeline=list(store.iter_doc_records(schema.timeline, TimelineEntry)),
        attributions=dict(attributions),
        mentions=dict(mentions),
        view=view,
        merged=_optional_records(store, "merged_claims", view),
        clusters={c.id: c for c in _optional_records(store, "origin_clusters", view)},
    )
    return corpus.select(scope or Scope(), store)


def ingested_times(store: Store) -> dict[str, str]:
    """doc id -> ISO time the document was ingested."""
    t = schema.documents
    with store.reading() as conn:
        return {doc_id: at for doc_id, at in conn.execute(select(t.c.id, t.c.ingested_at))}


def _optional_records(store: Store, method: str, view: EditView) -> list[Any]:
    """Cross-document records when the store offers them (an empty list otherwise)."""
    getter: Callable[[], Iterable[Any]] | None = getattr(store, method, None)
    if getter is None:
        return []
    try:
        return [view.record(r) for r in getter()]
    except TypeError:
        return []


# -- claim helpers ------------------------------------------------------------------------------


def claim_parties(claim: Claim) -> set[str]:
    """Ids of the entities taking part in a claim."""
    refs = [claim.subject, claim.object, *claim.others]
    return {r.id for r in refs if r is not None}


def transfer_parties(transfer: Transfer) -> set[str]:
    """Ids of a transfer's supplier and recipient."""
    return {r.id for r in (transfer.supplier, transfer.recipient) if r is not None}


def is_denial(claim: Claim) -> bool:
    """Does the text deny or negate the event?"""
    return claim.certainty == "denied" or claim.relation.negated


def claim_key(claim: Claim) -> tuple[str, str, str] | None:
    """(subject, relation family, object) for matching the same event across documents."""
    if claim.subject is None or claim.object is None:
        return None
    subject, obj, relation = claim.subject.id, claim.object.id, claim.relation.name
    if relation in TRANSFER_FAMILY:
        if relation == "purchase":
            subject, obj = obj, subject
        relation = "transfer"
    return subject, relation, obj


def grade_label(grade: Grade | None) -> str:
    """``B2``-style label ('' without a grade)."""
    return f"{grade.reliability}{grade.credibility}" if grade else ""


def grade_matches(grade: Grade | None, spec: str) -> bool:
    """Does a grade meet ``spec``: a reliability letter ('B': A or B), a credibility digit
    ('3': 1 to 3) or both ('B3'). 'F' and '6' match only themselves (cannot be judged)."""
    spec = spec.strip().upper()
    match = re.fullmatch(r"([A-F])?([1-6])?", spec)
    if not spec or match is None:
        raise InputError(f"grade filter {spec!r}: use a letter A–F, a digit 1–6, or both (B3)")
    if grade is None:
        return False
    letter, digit = match.groups()
    if letter == "F" and grade.reliability != "F":
        return False
    if (
        letter
        and letter != "F"
        and (grade.reliability == "F" or "ABCDE".index(grade.reliability) > "ABCDE".index(letter))
    ):
        return False
    if digit == "6":
        return grade.credibility == 6
    return not digit or grade.credibility <= int(digit)


def claim_date(claim: Claim, doc: Document | None) -> str | None:
    """The date a claim is about (its time, else its document's publication), ISO-like."""
    if claim.time is not None and not claim.time.value.startswith("X"):
        return claim.time.value
    return doc.published if doc else None


def in_date_range(value: str | None, start: str | None, end: str | None) -> bool:
    """Is an ISO-like date (any precision) inside [start, end]? Unknown dates are outside
    any range."""
    if not start and not end:
        return True
    if not value:
        return False
    if start and value < start[: len(value)]:
        return False
    return not (end and value[: len(end)] > end)


def iter_chain(claim: Claim | Transfer) -> Iterator[str]:
    """The attribution chain as readable hops ('X (anonymous) via Y')."""
    for hop in claim.attribution:
        text = hop.source.name + (" (anonymous)" if hop.anonymous else "")
        if hop.via is not None:
            text += f" via {hop.via.name}"
        yield text


def chain_text(claim: Claim | Transfer) -> str:
    """The attribution chain on one line."""
    return " → ".join(iter_chain(claim)) or "unattributed"
