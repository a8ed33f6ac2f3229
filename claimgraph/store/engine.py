"""Engines: SQLite (WAL, foreign keys, busy timeout) by default, any SQLAlchemy URL otherwise."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from claimgraph.errors import StoreError

DEFAULT_DB = "claimgraph.db"
ENV_DB = "CLAIMGRAPH_DB"
BUSY_TIMEOUT_MS = 30_000


def default_db() -> str:
    """The database used when none is given: ``$CLAIMGRAPH_DB`` or ``claimgraph.db`` here."""
    return os.environ.get(ENV_DB) or DEFAULT_DB


def is_url(path_or_url: str) -> bool:
    """True for a SQLAlchemy URL (``sqlite:///x.db``, ``postgresql+psycopg://...``)."""
    return "://" in path_or_url


def sqlite_path(path_or_url: str) -> Path | None:
    """The file behind a SQLite path or URL; None for other backends or in-memory SQLite."""
    if not is_url(path_or_url):
        return Path(path_or_url)
    url = make_url(path_or_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def make_engine(path_or_url: str) -> Engine:
    """Create the engine; SQLite connections get WAL, foreign keys and a busy timeout."""
    url = path_or_url if is_url(path_or_url) else f"sqlite:///{path_or_url}"
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot open database {path_or_url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Let SQLAlchemy, not the driver, issue BEGIN; set the connection pragmas."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    """``BEGIN IMMEDIATE`` for writes (no lock upgrade dead-ends), plain ``BEGIN`` for reads."""
    mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection inside one write transaction, committed on success, rolled back on error."""
    with engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            yield conn


@contextmanager
def read_connection(engine: Engine) -> Iterator[Connection]:
    """A connection for reads (one snapshot per transaction)."""
    with engine.connect() as conn:
        yield conn
