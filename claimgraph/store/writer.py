"""Writing one :class:`Analysis` into the tables (called inside one transaction)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, Table, select, text

from claimgraph.model import Analysis, Attribution, Claim, Entity, Transfer
from claimgraph.store import schema

Row = dict[str, Any]


def write_analysis(
    conn: Connection, analysis: Analysis, *, raw_sha256: str | None, fts: bool
) -> None:
    """Insert every record of one document; entities are upserted (aliases merged)."""
    doc = analysis.document
    conn.execute(schema.documents.insert().values(document_row(analysis, raw_sha256)))
    entities = merge_duplicates(analysis.entities)
    for entity in entities:
        upsert_entity(conn, entity)
    _insert(
        conn,
        schema.document_entities,
        [{"doc_id": doc.id, "entity_id": e.id, "seq": i} for i, e in enumerate(entities)],
    )
    _insert(conn, schema.mentions, mention_rows(doc.id, entities))
    _insert(conn, schema.claims, [claim_row(c, i) for i, c in enumerate(analysis.claims)])
    _insert(conn, schema.transfers, [transfer_row(t, i) for i, t in enumerate(analysis.transfers)])
    _insert(
        conn,
        schema.attributions,
        [attribution_row(doc.id, a, i) for i, a in enumerate(analysis.attributions)],
    )
    _insert(
        conn,
        schema.grades,
        [
            {
                "doc_id": doc.id,
                "seq": i,
                "claim_id": g.claim_id,
                "reliability": g.reliability,
                "credibility": g.credibility,
                "record": _json(g),
            }
            for i, g in enumerate(analysis.grades)
        ],
    )
    _insert(
        conn,
        schema.timeline,
        [
            {
                "doc_id": doc.id,
                "seq": i,
                "claim_id": t.claim_id,
                "when": t.when,
                "precision": t.precision,
                "forecast": t.forecast,
                "certainty": t.certainty,
                "record": _json(t),
            }
            for i, t in enumerate(analysis.timeline)
        ],
    )
    if fts:
        index_fts(conn, analysis)


def now() -> str:
    """The current time, ISO 8601 in UTC."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def document_row(analysis: Analysis, raw_sha256: str | None) -> Row:
    doc = analysis.document
    return {
        "id": doc.id,
        "source": doc.source,
        "media_type": doc.media_type,
        "outlet": doc.outlet,
        "title": doc.title,
        "published": doc.published,
        "language": doc.language,
        "text": doc.text,
        "raw_sha256": raw_sha256,
        "ingested_at": now(),
        "record": _json(doc),
    }


def claim_row(claim: Claim, seq: int) -> Row:
    return {
        "doc_id": claim.doc_id,
        "id": claim.id,
        "seq": seq,
        "subject_id": claim.subject.id if claim.subject else None,
        "relation": claim.relation.name,
        "object_id": claim.object.id if claim.object else None,
        "certainty": claim.certainty,
        "evidence_text": claim.evidence.text,
        "record": _json(claim),
    }


def transfer_row(transfer: Transfer, seq: int) -> Row:
    supplier, recipient = transfer.supplier, transfer.recipient
    return {
        "doc_id": transfer.doc_id,
        "id": transfer.id,
        "seq": seq,
        "claim_id": transfer.claim_id,
        "supplier_id": supplier.id if supplier else None,
        "supplier_name": supplier.name if supplier else None,
        "recipient_id": recipient.id if recipient else None,
        "recipient_name": recipient.name if recipient else None,
        "item": transfer.item,
        "category": transfer.category,
        "quantity": transfer.quantity,
        "status": transfer.status,
        "certainty": transfer.certainty,
        "record": _json(transfer),
    }


def attribution_row(doc_id: str, attribution: Attribution, seq: int) -> Row:
    return {
        "doc_id": doc_id,
        "id": attribution.id,
        "seq": seq,
        "source_id": attribution.source.id,
        "anonymous": attribution.anonymous,
        "kind": attribution.kind,
        "record": _json(attribution),
    }


def mention_rows(doc_id: str, entities: list[Entity]) -> list[Row]:
    return [
        {
            "doc_id": doc_id,
            "entity_id": e.id,
            "seq": i,
            "start": m.span.start,
            "end": m.span.end,
            "text": m.span.text,
            "how": m.how,
        }
        for e in entities
        for i, m in enumerate(e.mentions)
    ]


def merge_duplicates(entities: list[Entity]) -> list[Entity]:
    """One entity per id (first wins, aliases and mentions merged), in first-seen order."""
    merged: dict[str, Entity] = {}
    for entity in entities:
        first = merged.get(entity.id)
        if first is None:
            merged[entity.id] = entity
        else:
            both = merge_entity(first, entity)
            mentions = first.mentions + entity.mentions
            merged[entity.id] = both.model_copy(update={"mentions": mentions})
    return list(merged.values())


def merge_entity(old: Entity, new: Entity) -> Entity:
    """``old`` with the aliases, roles, external ids and country that ``new`` adds."""
    aliases = list(old.aliases)
    for alias in [new.name, *new.aliases]:
        if alias != old.name and alias not in aliases:
            aliases.append(alias)
    roles = old.roles + [r for r in new.roles if r not in old.roles]
    return old.model_copy(
        update={
            "aliases": aliases,
            "roles": roles,
            "external_ids": {**new.external_ids, **old.external_ids},
            "country": old.country or new.country,
        }
    )


def upsert_entity(conn: Connection, entity: Entity) -> None:
    """Insert a canonical entity (without mentions) or merge it into the stored one."""
    canonical = entity.model_copy(update={"mentions": []})
    stored = conn.execute(
        select(schema.entities.c.record).where(schema.entities.c.id == entity.id)
    ).scalar()
    if stored is None:
        conn.execute(schema.entities.insert().values(_entity_row(canonical)))
        return
    old = Entity.model_validate(stored)
    merged = merge_entity(old, canonical)
    if merged != old:
        conn.execute(
            schema.entities.update()
            .where(schema.entities.c.id == entity.id)
            .values(_entity_row(merged))
        )


def index_fts(conn: Connection, analysis: Analysis) -> None:
    """Add the document and its claims' evidence to the FTS5 index."""
    doc = analysis.document
    rows = [
        {
            "title": doc.title or "",
            "body": doc.text,
            "kind": "document",
            "doc_id": doc.id,
            "ref_id": doc.id,
        }
    ]
    rows += [
        {"title": "", "body": c.evidence.text, "kind": "claim", "doc_id": doc.id, "ref_id": c.id}
        for c in analysis.claims
    ]
    conn.execute(
        text(
            f"INSERT INTO {schema.FTS_TABLE} (title, body, kind, doc_id, ref_id) "
            "VALUES (:title, :body, :kind, :doc_id, :ref_id)"
        ),
        rows,
    )


def _entity_row(entity: Entity) -> Row:
    return {
        "id": entity.id,
        "name": entity.name,
        "type": entity.type,
        "country": entity.country,
        "record": _json(entity),
    }


def _insert(conn: Connection, table: Table, rows: list[Row]) -> None:
    if rows:
        conn.execute(table.insert(), rows)


def _json(record: BaseModel) -> dict[str, Any]:
    return record.model_dump(mode="json")
