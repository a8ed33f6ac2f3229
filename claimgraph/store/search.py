"""Full-text search: FTS5 on SQLite, a LIKE scan on other backends."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, func, select, text
from sqlalchemy.exc import OperationalError

from claimgraph.errors import InputError
from claimgraph.store import schema
from claimgraph.store.db import Store

MARK = "**"
"""Marks a matched term in snippets (``**term**``)."""

SNIPPET_CHARS = 160
FTS_OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


@dataclass(frozen=True)
class SearchHit:
    """One match: a document (its title or text) or a claim (its evidence)."""

    kind: str
    doc_id: str
    claim_id: str | None
    title: str | None
    source: str | None
    snippet: str


def search(store: Store, query: str, *, limit: int = 20) -> list[SearchHit]:
    """Best matches of ``query`` among documents and claim evidence."""
    if not terms_of(query):
        raise InputError("empty search query: give one or more words")
    with store.reading() as conn:
        if store.fts:
            return _search_fts(conn, query, limit)
        return _search_like(conn, query, limit)


def terms_of(query: str) -> list[str]:
    """The plain words of a query (quotes, operators and FTS syntax dropped)."""
    words = (w.strip('"*()^:+-') for w in query.split())
    return [w for w in words if w and w not in FTS_OPERATORS]


def quote_terms(query: str) -> str:
    """A safe FTS5 query: every word quoted as a phrase, all required."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in terms_of(query))


_FTS = schema.FTS_TABLE
_FTS_SQL = text(
    f"SELECT {_FTS}.kind, {_FTS}.doc_id, {_FTS}.ref_id, d.title, d.source, "
    f"snippet({_FTS}, -1, '{MARK}', '{MARK}', '…', 16) "
    f"FROM {_FTS} JOIN documents AS d ON d.id = {_FTS}.doc_id "
    f"WHERE {_FTS} MATCH :query ORDER BY {_FTS}.rank LIMIT :limit"
)


def _search_fts(conn: Connection, query: str, limit: int) -> list[SearchHit]:
    """Run the query as FTS5 syntax; if it is not valid FTS5, run its words quoted."""
    for attempt in (query, quote_terms(query)):
        try:
            rows = conn.execute(_FTS_SQL.bindparams(query=attempt, limit=limit)).all()
        except OperationalError as exc:
            last = exc
            continue
        return [
            _hit(kind, doc_id, ref, title, source, snip)
            for kind, doc_id, ref, title, source, snip in rows
        ]
    raise InputError(f"cannot search for {query!r}: {last.orig}")


def _search_like(conn: Connection, query: str, limit: int) -> list[SearchHit]:
    """Case-insensitive substring search for every word (backends without FTS5)."""
    words = [w.lower() for w in terms_of(query)]
    d, c = schema.documents, schema.claims
    doc_text = func.lower(func.coalesce(d.c.title, "") + " " + d.c.text)
    docs = conn.execute(
        select(d.c.id, d.c.title, d.c.source, d.c.text)
        .where(and_(*(_like(doc_text, w) for w in words)))
        .order_by(d.c.id)
        .limit(limit)
    ).all()
    hits = [_hit("document", i, i, t, s, make_snippet(body, words)) for i, t, s, body in docs]
    claim_rows = conn.execute(
        select(c.c.doc_id, c.c.id, d.c.title, d.c.source, c.c.evidence_text)
        .join(d, d.c.id == c.c.doc_id)
        .where(and_(*(_like(func.lower(c.c.evidence_text), w) for w in words)))
        .order_by(c.c.doc_id, c.c.seq)
        .limit(limit)
    ).all()
    hits += [
        _hit("claim", di, ci, t, s, make_snippet(ev, words)) for di, ci, t, s, ev in claim_rows
    ]
    return hits[:limit]


def make_snippet(body: str, words: list[str]) -> str:
    """About :data:`SNIPPET_CHARS` characters around the first matched word, words marked."""
    lower = body.lower()
    positions = [p for p in (lower.find(w) for w in words) if p >= 0]
    first = min(positions, default=0)
    start = max(0, first - SNIPPET_CHARS // 3)
    piece = body[start : start + SNIPPET_CHARS]
    for word in sorted(set(words), key=len, reverse=True):
        piece = re.sub(re.escape(word), lambda m: f"{MARK}{m.group(0)}{MARK}", piece, flags=re.I)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + SNIPPET_CHARS < len(body) else ""
    return prefix + " ".join(piece.split()) + suffix


def _like(column: ColumnElement[str], word: str) -> ColumnElement[bool]:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


def _hit(
    kind: str, doc_id: str, ref: str, title: str | None, source: str | None, snippet: str
) -> SearchHit:
    return SearchHit(
        kind=kind,
        doc_id=doc_id,
        claim_id=ref if kind == "claim" else None,
        title=title,
        source=source,
        snippet=" ".join(snippet.split()),
    )
