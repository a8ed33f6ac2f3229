"""Tables of the analyst's layer: entity edits and API tokens.

Edits are a log applied when records are read (:mod:`claimgraph.export.edits`), never written
into the analysed records, so they survive re-ingesting the documents. Reliability overrides
live in the store's ``source_overrides`` table (cross-document stage). The tables are created
by a store migration (``store/migrations.py``), which calls :func:`create`.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    Integer,
    MetaData,
    String,
    Table,
    inspect,
)

metadata = MetaData()

entity_edits = Table(
    "entity_edits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("op", String(20), nullable=False),
    Column("entity_id", String(200), nullable=False, index=True),
    Column("args", JSON, nullable=False),
    Column("author", String(200)),
    Column("at", String(40), nullable=False),
    Column("reverted", Boolean, nullable=False, default=False),
)
"""One analyst edit of an entity: ``rename``, ``merge`` or ``split`` (``args`` per op)."""

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("role", String(20), nullable=False),
    Column("salt", String(64), nullable=False),
    Column("hash", String(128), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("last_used_at", String(40)),
    Column("revoked", Boolean, nullable=False, default=False),
)
"""API tokens: only a salted scrypt hash of the secret is stored."""

TABLES: tuple[Table, ...] = (entity_edits, api_tokens)


def create(conn: Connection, *, skip_existing: bool = True) -> None:
    """Create the tables (those another migration already made are left alone)."""
    existing = set(inspect(conn).get_table_names()) if skip_existing else set()
    metadata.create_all(conn, tables=[t for t in TABLES if t.name not in existing])
