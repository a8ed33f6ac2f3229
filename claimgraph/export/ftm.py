"""FollowTheMoney (FtM) entities of a corpus, built with the ``followthemoney`` library.

Mapping: each document -> ``Article``; states, government bodies and armed forces ->
``PublicBody``; organisations, think tanks, media, groups -> ``Organization``; people ->
``Person``; places -> ``Address``; each entity seen in a document -> ``Mention`` (document,
resolved entity, surface name); claims between two parties -> ``UnknownLink`` (role = relation,
certainty and grade); transfers -> ``Event`` (organizer = supplier, involved = both parties).
Equipment and non-entity sources ("leaked documents") stay in the text of the links.

Every value is a statement whose ``origin`` is the id of the ``Article`` it was read from,
and every entity's ``proof`` lists those articles: merged across documents, an entity keeps
each document's statements apart (``--statements`` writes them one per line).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from followthemoney.dataset import Dataset
from followthemoney.statement import StatementEntity

from claimgraph.export.corpus import Corpus, chain_text
from claimgraph.model import Claim, Document, Entity, EntityRef, Transfer

DATASET = Dataset.make({"name": "claimgraph", "title": "claimgraph"})

SCHEMA_OF_TYPE = {
    "state": "PublicBody",
    "government_body": "PublicBody",
    "armed_force": "PublicBody",
    "military_unit": "PublicBody",
    "person": "Person",
    "location": "Address",
}
TOPICS = {
    "state": "gov.national",
    "government_body": "gov",
    "armed_force": "mil",
    "military_unit": "mil",
    "armed_group": "mil",
    "hacker_group": "crime.cyber",
    "international_org": "gov.igo",
}
SKIPPED_TYPES = {"equipment", "source"}


def ftm_id(*parts: str) -> str:
    """A valid FtM id: readable prefix + hash of the claimgraph key."""
    key = "|".join(parts)
    slug = re.sub(r"[^0-9a-z]+", "-", key.casefold().encode("ascii", "ignore").decode()).strip("-")
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return f"cg-{slug[:40].strip('-')}-{digest}"


class FtmBuilder:
    """Builds the FtM entities of a corpus."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.entities: dict[str, StatementEntity] = {}

    def build(self) -> list[StatementEntity]:
        """All entities: articles first, then actors, mentions, links and events."""
        for doc in self.corpus.documents.values():
            self._article(doc)
        for doc_id, mentions in self.corpus.mentions.items():
            if doc_id not in self.corpus.documents:
                continue
            for mention in mentions:
                self._mention(doc_id, mention.entity, mention.span.text)
        for claim in self.corpus.claims:
            self._claim(claim)
        for transfer in self.corpus.transfers:
            self._transfer(transfer)
        return list(self.entities.values())

    # -- records ------------------------------------------------------------------------------

    def _article(self, doc: Document) -> None:
        article = self._make("Article", article_id(doc.id))
        origin = article.id
        article.add("title", doc.title or doc.source or doc.id[:12], origin=origin)
        article.add("name", doc.title or doc.source or doc.id[:12], origin=origin)
        article.add("bodyText", doc.text, origin=origin)
        article.add("publishedAt", doc.published, origin=origin)
        article.add("author", doc.authors, origin=origin)
        article.add("publisher", doc.outlet, origin=origin)
        article.add("language", doc.language, origin=origin, quiet=True)
        url = doc.url or (doc.source if doc.source and "://" in doc.source else None)
        article.add("sourceUrl", url, origin=origin)
        article.add("fileName", None if url else doc.source, origin=origin)
        article.add("mimeType", doc.media_type, origin=origin)

    def _actor(self, ref: EntityRef, doc_id: str) -> StatementEntity | None:
        entity = self.corpus.entities.get(ref.id)
        if entity is None or entity.type in SKIPPED_TYPES:
            return None
        schema = SCHEMA_OF_TYPE.get(entity.type, "Organization")
        actor = self._make(schema, ftm_id(entity.id))
        origin = article_id(doc_id)
        actor.add("name", entity.name, origin=origin)
        if schema == "Address":
            actor.add("full", entity.name, origin=origin)
        else:
            actor.add("alias", entity.aliases, origin=origin)
            actor.add("topics", TOPICS.get(entity.type), origin=origin)
            self._external_ids(actor, entity, origin)
        actor.add("country", entity.country, origin=origin, quiet=True)
        actor.add("proof", origin, origin=origin)
        return actor

    def _external_ids(self, actor: StatementEntity, entity: Entity, origin: str) -> None:
        qid = entity.external_ids.get("wikidata")
        if qid and re.fullmatch(r"Q\d+", qid):
            actor.add("wikidataId", qid, origin=origin)

    def _mention(self, doc_id: str, ref: EntityRef, surface: str) -> None:
        actor = self._actor(ref, doc_id)
        if actor is None or actor.schema.name == "Address":
            return
        mention = self._make("Mention", ftm_id("mention", doc_id, ref.id, surface))
        origin = article_id(doc_id)
        mention.add("document", origin, origin=origin)
        mention.add("resolved", actor.id, origin=origin)
        mention.add("name", surface, origin=origin)
        mention.add("detectedSchema", actor.schema.name, origin=origin)

    def _claim(self, claim: Claim) -> None:
        if claim.subject is None or claim.object is None:
            return
        subject = self._actor(claim.subject, claim.doc_id)
        obj = self._actor(claim.object, claim.doc_id)
        if subject is None or obj is None or subject.id == obj.id:
            return
        link = self._make("UnknownLink", ftm_id("claim", claim.doc_id, claim.id))
        origin = article_id(claim.doc_id)
        grade = self.corpus.grade(claim)
        role = claim.relation.name.replace("_", " ")
        if claim.relation.negated:
            role = f"not {role}"
        link.add("subject", subject.id, origin=origin)
        link.add("object", obj.id, origin=origin)
        link.add("role", f"{role} ({claim.certainty})", origin=origin)
        link.add("summary", claim.evidence.text, origin=origin)
        grade_text = f"; grade {grade.reliability}{grade.credibility}" if grade else ""
        link.add("description", f"Source chain: {chain_text(claim)}{grade_text}", origin=origin)
        link.add("status", claim.certainty, origin=origin)
        link.add("recordId", claim.id, origin=origin)
        link.add("proof", origin, origin=origin)
        self._dates(link, claim.time.value if claim.time else None, origin)

    def _transfer(self, transfer: Transfer) -> None:
        parties = [
            self._actor(ref, transfer.doc_id)
            for ref in (transfer.supplier, transfer.recipient)
            if ref is not None
        ]
        actors = [p for p in parties if p is not None]
        if not actors:
            return
        event = self._make("Event", ftm_id("transfer", transfer.doc_id, transfer.id))
        origin = article_id(transfer.doc_id)
        supplier = transfer.supplier.name if transfer.supplier else "unknown supplier"
        recipient = transfer.recipient.name if transfer.recipient else "unknown recipient"
        quantity = transfer.quantity_text or (
            f"{transfer.quantity:g}" if transfer.quantity is not None else ""
        )
        item = " ".join(x for x in (quantity, transfer.designation or transfer.item) if x)
        event.add("name", f"{supplier} → {recipient}: {item}", origin=origin)
        event.add("summary", transfer.evidence.text, origin=origin)
        event.add(
            "description",
            f"{transfer.kind} transfer, {transfer.status}, {transfer.certainty}; "
            f"source chain: {chain_text(transfer)}",
            origin=origin,
        )
        event.add("keywords", [transfer.kind, transfer.status, transfer.category], origin=origin)
        if transfer.supplier is not None and actors[0].id == ftm_id(transfer.supplier.id):
            event.add("organizer", actors[0].id, origin=origin)
        event.add("involved", [a.id for a in actors], origin=origin)
        event.add("recordId", transfer.id, origin=origin)
        event.add("proof", origin, origin=origin)
        years = sorted({y for y in [transfer.order_year, *transfer.delivery_years] if y})
        if years:
            event.add("startDate", str(years[0]), origin=origin)
            event.add("endDate", str(years[-1]), origin=origin)

    # -- helpers ------------------------------------------------------------------------------

    def _dates(self, entity: StatementEntity, value: str | None, origin: str) -> None:
        if value and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            entity.add("date", value, origin=origin)

    def _make(self, schema: str, entity_id: str) -> StatementEntity:
        entity = self.entities.get(entity_id)
        if entity is None:
            entity = StatementEntity(DATASET, {"schema": schema, "id": entity_id})
            self.entities[entity_id] = entity
        return entity


def article_id(doc_id: str) -> str:
    """The FtM id of a document's Article."""
    return f"cg-doc-{doc_id[:40]}"


def build_entities(corpus: Corpus) -> list[StatementEntity]:
    """FtM entities of a corpus."""
    return FtmBuilder(corpus).build()


def iter_entity_dicts(corpus: Corpus) -> Iterator[dict[str, Any]]:
    """Entities in FtM's JSON form (``properties``, plus the statements' ``origin`` list)."""
    for entity in build_entities(corpus):
        yield entity.to_dict()


def write_ftm(corpus: Corpus, out: IO[str], *, statements: bool = False) -> int:
    """Write FtM JSON lines (entities, or with ``statements`` one statement a line); return
    the number of lines."""
    count = 0
    for entity in build_entities(corpus):
        if statements:
            for stmt in entity.statements:
                out.write(json.dumps(stmt.to_dict(), ensure_ascii=False) + "\n")
                count += 1
        else:
            out.write(json.dumps(entity.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()
