"""Versioned schema migrations: an ordered list of functions, each applied in a transaction.

The version of a database is the highest row of ``schema_version``. Opening a database applies
the migrations it lacks; a database newer than this code is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, func, inspect, select

from claimgraph.errors import StoreError
from claimgraph.store import schema
from claimgraph.store.engine import read_connection, write_transaction


@dataclass(frozen=True)
class Migration:
    """One step of the schema: ``version`` is reached by running ``apply``."""

    version: int
    name: str
    apply: Callable[[Connection], None]


def _m001_core_tables(conn: Connection) -> None:
    """Documents, entities, mentions, claims, transfers, attributions, grades, timeline,
    ingest failures."""
    schema.metadata.create_all(conn, tables=list(schema.V1_TABLES))


def _m002_full_text(conn: Connection) -> None:
    """FTS5 index over document title+text and claim evidence (SQLite only), filled from the
    rows already stored."""
    if conn.dialect.name != "sqlite":
        return
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE {schema.FTS_TABLE} USING fts5("
        "title, body, kind UNINDEXED, doc_id UNINDEXED, ref_id UNINDEXED, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    conn.exec_driver_sql(
        f"INSERT INTO {schema.FTS_TABLE} (title, body, kind, doc_id, ref_id) "
        "SELECT coalesce(title, ''), text, 'document', id, id FROM documents"
    )
    conn.exec_driver_sql(
        f"INSERT INTO {schema.FTS_TABLE} (title, body, kind, doc_id, ref_id) "
        "SELECT '', evidence_text, 'claim', doc_id, id FROM claims"
    )


def _m003_cross_document(conn: Connection) -> None:
    """Cross-document stage: document fingerprints and LSH buckets, duplicate and same-event
    links, origin clusters, claim features, merged claims, source reliability overrides."""
    schema.metadata.create_all(conn, tables=list(schema.CROSSDOC_TABLES))


def _m004_analyst_layer(conn: Connection) -> None:
    """Entity edits (rename, merge, split; applied on read) and hashed API tokens."""
    from claimgraph.export.tables import create

    create(conn)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "core tables", _m001_core_tables),
    Migration(2, "full-text search", _m002_full_text),
    Migration(3, "cross-document stage", _m003_cross_document),
    Migration(4, "analyst edits and API tokens", _m004_analyst_layer),
)
LATEST = MIGRATIONS[-1].version


def current_version(conn: Connection) -> int:
    """The schema version of the database (0 when it has no version table)."""
    if not inspect(conn).has_table(schema.schema_version.name):
        return 0
    return int(conn.execute(select(func.max(schema.schema_version.c.version))).scalar() or 0)


def migrate(engine: Engine, target: int = LATEST) -> int:
    """Bring the database up to ``target``; return the version it ends at."""
    with read_connection(engine) as conn:
        version = current_version(conn)
    _check_known(version)
    while version < target:
        version = _step(engine, target)
    return version


def _step(engine: Engine, target: int) -> int:
    """Apply the next pending migration in its own write transaction; return the new version."""
    with write_transaction(engine) as conn:
        schema.schema_version.create(conn, checkfirst=True)
        version = current_version(conn)
        _check_known(version)
        if version >= target:
            return version
        step = MIGRATIONS[version]
        step.apply(conn)
        applied_at = datetime.now(UTC).isoformat(timespec="seconds")
        conn.execute(
            schema.schema_version.insert().values(
                version=step.version, name=step.name, applied_at=applied_at
            )
        )
        return step.version


def _check_known(version: int) -> None:
    if version > LATEST:
        raise StoreError(
            f"database schema version {version} is newer than this claimgraph knows "
            f"(up to {LATEST}); upgrade claimgraph to open it"
        )
