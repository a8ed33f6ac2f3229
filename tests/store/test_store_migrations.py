"""Schema versions: fresh databases, re-opening, upgrading old ones, refusing newer ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

from claimgraph.errors import StoreError
from claimgraph.store import Store, schema
from claimgraph.store.engine import make_engine, write_transaction
from claimgraph.store.migrations import LATEST, MIGRATIONS, migrate
from claimgraph.store.search import search
from claimgraph.store.writer import write_analysis


def _versions(db: Path) -> list[int]:
    with sqlite3.connect(db) as conn:
        return [v for (v,) in conn.execute("SELECT version FROM schema_version ORDER BY version")]


def test_migrations_are_numbered_one_to_n() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert all(m.apply.__doc__ for m in MIGRATIONS)


def test_fresh_database_has_every_table_and_version(db_path: Path) -> None:
    with Store.open(db_path) as store:
        assert store.version == LATEST
    assert _versions(db_path) == list(range(1, LATEST + 1))
    with sqlite3.connect(db_path) as conn:
        tables = {n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {
        "documents",
        "entities",
        "mentions",
        "claims",
        "transfers",
        "attributions",
        "grades",
        "timeline",
        "ingest_failures",
        "schema_version",
        "search_index",
    } <= tables


def test_connections_use_wal_foreign_keys_and_busy_timeout(store: Store) -> None:
    with store.reading() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_reopening_keeps_data_and_applies_nothing(db_path: Path, make_analysis) -> None:
    with Store.open(db_path) as store:
        store.save_analysis(make_analysis())
        before = store.counts()
    with Store.open(db_path) as store:
        assert store.counts() == before
    assert _versions(db_path) == list(range(1, LATEST + 1))


def test_old_database_is_migrated_and_search_backfilled(db_path: Path, make_analysis) -> None:
    engine = make_engine(str(db_path))
    assert migrate(engine, target=1) == 1
    with write_transaction(engine) as conn:  # a document stored before full-text search existed
        write_analysis(conn, make_analysis(), raw_sha256=None, fts=False)
    engine.dispose()
    assert _versions(db_path) == [1]

    with Store.open(db_path) as store:
        assert store.version == LATEST
        kinds = sorted(hit.kind for hit in search(store, "India"))
    assert kinds == ["claim", "document"]


def test_newer_database_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO schema_version VALUES (?, 'future', 'now')", (LATEST + 7,))
    with pytest.raises(StoreError, match="newer than this claimgraph knows"):
        Store.open(db_path)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("these are notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open(junk)


def test_missing_database_when_not_creating(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such database"):
        Store.open(tmp_path / "absent.db", create=False)
    assert not (tmp_path / "absent.db").exists()


def test_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


def test_default_location_from_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_DB", str(tmp_path / "env.db"))
    with Store.open() as store:
        assert store.location == str(tmp_path / "env.db")
    assert (tmp_path / "env.db").exists()


def test_sqlite_url_is_accepted(tmp_path: Path) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'url.db'}") as store:
        assert store.version == LATEST


def test_schema_compiles_for_postgresql() -> None:
    dialect = postgresql.dialect()
    for table in schema.metadata.sorted_tables:
        ddl = str(CreateTable(table).compile(dialect=dialect))
        assert "CREATE TABLE" in ddl
    assert "JSONB" in str(CreateTable(schema.claims).compile(dialect=dialect))


def test_unusable_url_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="cannot open database"):
        Store.open("nosuchdialect://user@host/db")
