"""Tables of the store (SQLAlchemy Core, portable to PostgreSQL).

Every table keeps the full record as JSON in ``record`` and copies the fields used for filtering
into plain columns. Records that carry no ``doc_id`` of their own (mentions, attributions, grades,
timeline entries) get one here. ``seq`` keeps the order of records within their document.

This module describes the *current* schema. Migrations (``migrations.py``) build it step by step;
when a later migration alters a table, freeze the older definition in that migration instead of
relying on :data:`metadata`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()

RecordJSON = JSON().with_variant(JSONB(), "postgresql")
ID = String(200)
DOC_ID = String(64)


def _doc_fk() -> Column[str]:
    return Column("doc_id", DOC_ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False)


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", DOC_ID, primary_key=True),
    Column("source", Text),
    Column("media_type", String(100), nullable=False),
    Column("outlet", Text),
    Column("title", Text),
    Column("published", String(40)),
    Column("language", String(20)),
    Column("text", Text, nullable=False),
    Column("raw_sha256", String(64), index=True),
    Column("ingested_at", String(40), nullable=False),
    Column("record", RecordJSON, nullable=False),
)

entities = Table(
    "entities",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", Text, nullable=False),
    Column("type", String(40), nullable=False, index=True),
    Column("country", String(20)),
    Column("record", RecordJSON, nullable=False),
)

document_entities = Table(
    "document_entities",
    metadata,
    _doc_fk(),
    Column("entity_id", ID, ForeignKey("entities.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    PrimaryKeyConstraint("doc_id", "entity_id"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("entity_id", ID, ForeignKey("entities.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("how", String(40)),
    Index("ix_mentions_doc", "doc_id"),
)

claims = Table(
    "claims",
    metadata,
    _doc_fk(),
    Column("id", ID, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("subject_id", ID, index=True),
    Column("relation", String(100), nullable=False),
    Column("object_id", ID, index=True),
    Column("certainty", String(20), nullable=False, index=True),
    Column("evidence_text", Text, nullable=False),
    Column("record", RecordJSON, nullable=False),
    PrimaryKeyConstraint("doc_id", "id"),
)

transfers = Table(
    "transfers",
    metadata,
    _doc_fk(),
    Column("id", ID, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("claim_id", ID),
    Column("supplier_id", ID, index=True),
    Column("supplier_name", Text),
    Column("recipient_id", ID, index=True),
    Column("recipient_name", Text),
    Column("item", Text, nullable=False),
    Column("category", String(40)),
    Column("quantity", Float),
    Column("status", String(20), nullable=False, index=True),
    Column("certainty", String(20), nullable=False),
    Column("record", RecordJSON, nullable=False),
    PrimaryKeyConstraint("doc_id", "id"),
)

attributions = Table(
    "attributions",
    metadata,
    _doc_fk(),
    Column("id", ID, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("source_id", ID, index=True),
    Column("anonymous", Boolean, nullable=False),
    Column("kind", String(40)),
    Column("record", RecordJSON, nullable=False),
    PrimaryKeyConstraint("doc_id", "id"),
)

grades = Table(
    "grades",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("seq", Integer, nullable=False),
    Column("claim_id", ID, nullable=False, index=True),
    Column("reliability", String(1), nullable=False),
    Column("credibility", Integer, nullable=False),
    Column("record", RecordJSON, nullable=False),
    UniqueConstraint("doc_id", "seq"),
)

timeline = Table(
    "timeline",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _doc_fk(),
    Column("seq", Integer, nullable=False),
    Column("claim_id", ID, nullable=False),
    Column("when", String(40), nullable=False, index=True),
    Column("precision", String(20), nullable=False),
    Column("forecast", Boolean, nullable=False),
    Column("certainty", String(20), nullable=False),
    Column("record", RecordJSON, nullable=False),
    UniqueConstraint("doc_id", "seq"),
)

ingest_failures = Table(
    "ingest_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(40), nullable=False),
)

V1_TABLES: tuple[Table, ...] = (
    documents,
    entities,
    document_entities,
    mentions,
    claims,
    transfers,
    attributions,
    grades,
    timeline,
    ingest_failures,
)
"""Tables created by migration 1, in dependency order."""

PER_DOCUMENT_TABLES: tuple[Table, ...] = (
    document_entities,
    mentions,
    claims,
    transfers,
    attributions,
    grades,
    timeline,
)
"""Tables holding rows that belong to one document (all have ``doc_id``)."""

FTS_TABLE = "search_index"
"""SQLite FTS5 table over document title+text and claim evidence (migration 2)."""


# -- cross-document stage (migration 3) ------------------------------------------------------

doc_features = Table(
    "doc_features",
    metadata,
    Column("doc_id", DOC_ID, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("record", RecordJSON, nullable=False),
    Column("shingles", LargeBinary, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

doc_buckets = Table(
    "doc_buckets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", BigInteger, nullable=False, index=True),
    _doc_fk(),
)

doc_links = Table(
    "doc_links",
    metadata,
    Column("a", DOC_ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("b", DOC_ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("level", String(10), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("score", Float, nullable=False),
    PrimaryKeyConstraint("a", "b"),
    Index("ix_doc_links_b", "b"),
)

doc_clusters = Table(
    "doc_clusters",
    metadata,
    Column("doc_id", DOC_ID, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("origin_cluster", String(40), nullable=False, index=True),
    Column("event_cluster", String(40), nullable=False, index=True),
)

origin_clusters = Table(
    "origin_clusters",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("earliest", DOC_ID),
    Column("source_id", ID),
    Column("record", RecordJSON, nullable=False),
)

claim_features = Table(
    "claim_features",
    metadata,
    _doc_fk(),
    Column("claim_id", ID, nullable=False),
    Column("block", Text, nullable=False, index=True),
    Column("textual", Boolean, nullable=False),
    Column("source_id", ID, index=True),
    Column("merged_id", String(40), index=True),
    Column("record", RecordJSON, nullable=False),
    Column("signature", LargeBinary),
    PrimaryKeyConstraint("doc_id", "claim_id"),
)

claim_buckets = Table(
    "claim_buckets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", BigInteger, nullable=False, index=True),
    _doc_fk(),
    Column("claim_id", ID, nullable=False),
)

merged_claims = Table(
    "merged_claims",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("subject_id", ID, index=True),
    Column("relation", String(100), nullable=False),
    Column("object_id", ID, index=True),
    Column("when", String(40), index=True),
    Column("independent_origins", Integer, nullable=False),
    Column("contradictions", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    Column("record", RecordJSON, nullable=False),
)

source_overrides = Table(
    "source_overrides",
    metadata,
    Column("source_id", ID, primary_key=True),
    Column("reliability", String(1), nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", String(40), nullable=False),
)

CROSSDOC_TABLES: tuple[Table, ...] = (
    doc_features,
    doc_buckets,
    doc_links,
    doc_clusters,
    origin_clusters,
    claim_features,
    claim_buckets,
    merged_claims,
    source_overrides,
)
"""Tables of the cross-document stage (migration 3): fingerprints, LSH buckets, links,
clusters, claim features, merged claims and the user's reliability overrides."""
