"""The :class:`Store`: one database of analysed documents (SQLite by default)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    Table,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from claimgraph.errors import StoreError
from claimgraph.model import (
    Analysis,
    Attribution,
    Claim,
    Document,
    Entity,
    EntityRef,
    Grade,
    Mention,
    MergedClaim,
    OriginCluster,
    SourceReliability,
    Span,
    TimelineEntry,
    Transfer,
)
from claimgraph.store import schema
from claimgraph.store.engine import (
    default_db,
    make_engine,
    read_connection,
    sqlite_path,
    write_transaction,
)
from claimgraph.store.migrations import current_version, migrate
from claimgraph.store.writer import now, write_analysis

R = TypeVar("R", bound=BaseModel)


class InvalidAnalysisError(StoreError):
    """The records of one document contradict each other and cannot be stored."""

    exit_code = 1


@dataclass(frozen=True)
class Failure:
    """An input item that could not be ingested."""

    source: str
    reason: str
    at: str


@dataclass(frozen=True)
class EntityStats:
    """How often an entity occurs in the store."""

    documents: int
    mentions: int


class Store:
    """Documents and everything derived from them; every write is one transaction."""

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self.location = location
        self.fts = engine.dialect.name == "sqlite"

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(cls, path_or_url: str | Path | None = None, *, create: bool = True) -> Store:
        """Open (and migrate) a database: a SQLite path, or a SQLAlchemy URL.

        With ``create=False`` a missing SQLite file is an error instead of a new database.
        """
        location = str(path_or_url) if path_or_url is not None else default_db()
        _check_sqlite_file(location, create=create)
        engine = make_engine(location)
        try:
            migrate(engine)
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"cannot open database {location}: {_reason(exc)}") from None
        except StoreError:
            engine.dispose()
            raise
        return cls(engine, location)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def version(self) -> int:
        """Schema version of the database."""
        with self.reading() as conn:
            return current_version(conn)

    # -- writing -------------------------------------------------------------------------

    def save_analysis(self, analysis: Analysis, *, raw_sha256: str | None = None) -> bool:
        """Store all records of one document in one transaction.

        Returns False, changing nothing, when the document id is already stored. ``raw_sha256``
        (hash of the raw input text) lets later ingests skip unchanged inputs early.
        """
        check_consistent(analysis)
        doc_id = analysis.document.id
        try:
            with self._writing() as conn:
                if _exists(conn, schema.documents, schema.documents.c.id == doc_id):
                    return False
                write_analysis(conn, analysis, raw_sha256=raw_sha256, fts=self.fts)
        except IntegrityError as exc:
            if self.has_document(doc_id):  # another writer stored it first
                return False
            raise InvalidAnalysisError(
                f"document {doc_id[:12]}: records cannot be stored together ({_reason(exc)})"
            ) from None
        return True

    def record_failure(self, source: str, reason: str) -> None:
        """Log an input that could not be ingested (once per source and reason: a repeated
        failure keeps its first time, so re-running a batch changes nothing)."""
        t = schema.ingest_failures
        with self._writing() as conn:
            if not _exists(conn, t, (t.c.source == source) & (t.c.reason == reason)):
                conn.execute(t.insert().values(source=source, reason=reason, at=now()))

    # -- reading -------------------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        """True if a document with this id is stored."""
        with self.reading() as conn:
            return _exists(conn, schema.documents, schema.documents.c.id == doc_id)

    def has_raw(self, raw_sha256: str) -> bool:
        """True if a document was stored from raw text with this hash."""
        with self.reading() as conn:
            return _exists(conn, schema.documents, schema.documents.c.raw_sha256 == raw_sha256)

    def resolve_doc_id(self, prefix: str) -> str:
        """The full id of the one document whose id starts with ``prefix``."""
        query = select(schema.documents.c.id).where(schema.documents.c.id.startswith(prefix))
        with self.reading() as conn:
            ids = list(conn.execute(query.limit(2)).scalars())
        if len(ids) != 1:
            problem = "no document" if not ids else "more than one document"
            raise StoreError(f"{problem} with an id starting {prefix!r}")
        return ids[0]

    def load_analysis(self, doc_id: str) -> Analysis | None:
        """Everything stored for one document, as it was saved (entities merged across
        documents, with this document's mentions)."""
        with self.reading() as conn:
            stored = conn.execute(
                select(schema.documents.c.record).where(schema.documents.c.id == doc_id)
            ).scalar()
            if stored is None:
                return None
            return Analysis(
                document=_with_clusters(conn, _parse(Document, stored)),
                entities=self._document_entities(conn, doc_id),
                claims=_records(conn, schema.claims, Claim, doc_id),
                transfers=_records(conn, schema.transfers, Transfer, doc_id),
                attributions=_records(conn, schema.attributions, Attribution, doc_id),
                timeline=_records(conn, schema.timeline, TimelineEntry, doc_id),
                grades=_records(conn, schema.grades, Grade, doc_id),
            )

    def documents(self, limit: int | None = None) -> list[Document]:
        """Stored documents, oldest ingest first, with their origin and event clusters."""
        d, c = schema.documents, schema.doc_clusters
        query = (
            select(d.c.record, c.c.origin_cluster, c.c.event_cluster)
            .outerjoin(c, c.c.doc_id == d.c.id)
            .order_by(d.c.ingested_at, d.c.id)
            .limit(limit)
        )
        with self.reading() as conn:
            return [
                _parse(Document, record).model_copy(
                    update={"origin_cluster": origin, "event_cluster": event}
                )
                for record, origin, event in conn.execute(query)
            ]

    def entities(self, type: str | None = None) -> list[Entity]:
        """Canonical entities (aliases merged across documents; mentions not included)."""
        query = select(schema.entities.c.record).order_by(schema.entities.c.id)
        if type:
            query = query.where(schema.entities.c.type == type)
        return self._select(query, Entity)

    def claims(
        self,
        *,
        certainty: str | None = None,
        doc_id: str | None = None,
        entity: str | None = None,
    ) -> list[Claim]:
        """Claims, filtered by certainty, document id (prefix) or entity (subject or object)."""
        t = schema.claims
        query = _per_doc(t, doc_id)
        if certainty:
            query = query.where(t.c.certainty == certainty)
        if entity:
            ids = self.match_entity_ids(entity)
            query = query.where(or_(t.c.subject_id.in_(ids), t.c.object_id.in_(ids)))
        return self._select(query, Claim)

    def transfers(
        self,
        *,
        supplier: str | None = None,
        recipient: str | None = None,
        status: str | None = None,
        doc_id: str | None = None,
    ) -> list[Transfer]:
        """Transfers, filtered by supplier/recipient (id, name or alias), status, document."""
        t = schema.transfers
        query = _per_doc(t, doc_id)
        if supplier:
            query = query.where(self._party(t.c.supplier_id, t.c.supplier_name, supplier))
        if recipient:
            query = query.where(self._party(t.c.recipient_id, t.c.recipient_name, recipient))
        if status:
            query = query.where(t.c.status == status)
        return self._select(query, Transfer)

    def attributions(self, doc_id: str | None = None) -> list[Attribution]:
        """Attributions (source, cue, content)."""
        return self._select(_per_doc(schema.attributions, doc_id), Attribution)

    def grades(self, doc_id: str | None = None) -> list[Grade]:
        """Admiralty grades of claims."""
        return self._select(_per_doc(schema.grades, doc_id), Grade)

    def grades_by_claim(self, doc_id: str | None = None) -> dict[tuple[str, str], Grade]:
        """Grades by (document id, claim id)."""
        t = schema.grades
        query = select(t.c.doc_id, t.c.record).order_by(t.c.doc_id, t.c.seq)
        if doc_id:
            query = query.where(t.c.doc_id.startswith(doc_id))
        with self.reading() as conn:
            out = {}
            for did, record in conn.execute(query):
                grade = _parse(Grade, record)
                out[(did, grade.claim_id)] = grade
            return out

    def origin_clusters(self, min_size: int = 1) -> list[OriginCluster]:
        """Origin clusters (largest first) with at least ``min_size`` documents."""
        t = schema.origin_clusters
        query = select(t.c.record).where(t.c.size >= min_size).order_by(t.c.size.desc(), t.c.id)
        return self._select(query, OriginCluster)

    def merged_claims(
        self,
        *,
        entity: str | None = None,
        dated: bool = False,
        min_origins: int = 1,
        contradicted: bool = False,
    ) -> list[MergedClaim]:
        """Merged claims, filtered by entity (subject or object), date, origins, contradiction."""
        t = schema.merged_claims
        query = select(t.c.record).order_by(t.c["when"], t.c.id)
        if entity:
            ids = self.match_entity_ids(entity) or [entity]
            query = query.where(or_(t.c.subject_id.in_(ids), t.c.object_id.in_(ids)))
        if dated:
            query = query.where(t.c["when"].is_not(None))
        if min_origins > 1:
            query = query.where(t.c.independent_origins >= min_origins)
        if contradicted:
            query = query.where(t.c.contradictions > 0)
        return self._select(query, MergedClaim)

    def merged_claim(self, merged_id: str) -> MergedClaim | None:
        """One merged claim by id (or unique id prefix)."""
        t = schema.merged_claims
        query = select(t.c.record).where(t.c.id.startswith(merged_id)).limit(2)
        found = self._select(query, MergedClaim)
        return found[0] if len(found) == 1 else None

    def source_reliabilities(self) -> list[SourceReliability]:
        """Every originating source of a claim, with its default and overridden reliability."""
        from claimgraph.analysis.grading import default_reliability

        cf, o = schema.claim_features, schema.source_overrides
        with self.reading() as conn:
            overrides = {
                sid: (rel, reason)
                for sid, rel, reason in conn.execute(
                    select(o.c.source_id, o.c.reliability, o.c.reason)
                )
            }
            counts = conn.execute(
                select(cf.c.source_id, func.count())
                .where(cf.c.source_id.is_not(None))
                .group_by(cf.c.source_id)
                .order_by(cf.c.source_id)
            ).all()
            rows = [
                (
                    sid,
                    n,
                    conn.execute(
                        select(cf.c.record).where(cf.c.source_id == sid).limit(1)
                    ).scalar(),
                )
                for sid, n in counts
            ]
        out = []
        for source_id, count, record in rows:
            basis = _json_load(record)["basis"]
            kind = basis["kind"]
            default = default_reliability(kind)
            rel, reason = overrides.pop(source_id, (default, None))
            name = (basis.get("origin") or {}).get("source", {}).get("name", source_id)
            out.append(
                SourceReliability(
                    source=EntityRef(id=source_id, name=name),
                    kind=kind,
                    default=default,
                    reliability=rel,
                    override_reason=reason,
                    claims=int(count),
                )
            )
        for source_id, (rel, reason) in sorted(overrides.items()):
            out.append(
                SourceReliability(
                    source=EntityRef(id=source_id, name=source_id),
                    kind="unknown",
                    default="F",
                    reliability=rel,
                    override_reason=reason,
                )
            )
        return out

    def set_override(self, source_id: str, reliability: str | None, reason: str = "") -> None:
        """Set a user's reliability for one source (None removes it)."""
        from claimgraph.store.crossdoc import CrossDocTables

        with self._writing() as conn:
            CrossDocTables(conn).set_override(source_id, reliability, reason)

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction (committed on success, rolled back on error)."""
        with self._writing() as conn:
            yield conn

    def timeline(self) -> list[TimelineEntry]:
        """Timeline entries of all documents, in date order."""
        t = schema.timeline
        query = select(t.c.record).order_by(t.c["when"], t.c.doc_id, t.c.seq)
        return self._select(query, TimelineEntry)

    def failures(self) -> list[Failure]:
        """Logged ingest failures, oldest first."""
        t = schema.ingest_failures
        with self.reading() as conn:
            rows = conn.execute(select(t.c.source, t.c.reason, t.c.at).order_by(t.c.id))
            return [Failure(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        """Number of rows per table."""
        with self.reading() as conn:
            return {
                table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for table in schema.V1_TABLES
            }

    def claim_counts(self) -> dict[str, int]:
        """Number of claims per document id."""
        t = schema.claims
        with self.reading() as conn:
            return _count_by(conn, t.c.doc_id)

    def entity_stats(self) -> dict[str, EntityStats]:
        """Documents and mentions per entity id."""
        de, m = schema.document_entities, schema.mentions
        with self.reading() as conn:
            docs = _count_by(conn, de.c.entity_id)
            ments = _count_by(conn, m.c.entity_id)
        return {e: EntityStats(n, ments.get(e, 0)) for e, n in docs.items()}

    def match_entity_ids(self, name: str) -> list[str]:
        """Ids of entities whose id, name or one of whose aliases equals ``name`` (any case)."""
        wanted = name.casefold()
        return [
            e.id
            for e in self.entities()
            if wanted in {e.id.casefold(), e.name.casefold(), *(a.casefold() for a in e.aliases)}
        ]

    def iter_doc_records(self, table: Table, model: type[R]) -> Iterator[tuple[str, R]]:
        """``(doc_id, record)`` for every row of a per-document table, in document order."""
        query = select(table.c.doc_id, table.c.record).order_by(table.c.doc_id, table.c.seq)
        with self.reading() as conn:
            for doc_id, record in conn.execute(query):
                yield doc_id, _parse(model, record)

    def iter_mentions(self) -> Iterator[tuple[str, Mention]]:
        """``(doc_id, mention)`` for every stored mention."""
        m, e = schema.mentions, schema.entities
        query = (
            select(m.c.doc_id, m.c.entity_id, e.c.name, m.c.start, m.c.end, m.c.text, m.c.how)
            .join(e, e.c.id == m.c.entity_id)
            .order_by(m.c.doc_id, m.c.entity_id, m.c.seq)
        )
        with self.reading() as conn:
            for doc_id, ent_id, name, start, end, text, how in conn.execute(query):
                span = Span(start=start, end=end, text=text)
                yield doc_id, Mention(entity=EntityRef(id=ent_id, name=name), span=span, how=how)

    # -- helpers -------------------------------------------------------------------------

    def _document_entities(self, conn: Connection, doc_id: str) -> list[Entity]:
        de, e, m = schema.document_entities, schema.entities, schema.mentions
        rows = conn.execute(
            select(e.c.record)
            .join(de, de.c.entity_id == e.c.id)
            .where(de.c.doc_id == doc_id)
            .order_by(de.c.seq)
        ).scalars()
        mentions: dict[str, list[Mention]] = {}
        query = (
            select(m.c.entity_id, m.c.start, m.c.end, m.c.text, m.c.how)
            .where(m.c.doc_id == doc_id)
            .order_by(m.c.entity_id, m.c.seq)
        )
        entities = [_parse(Entity, r) for r in rows]
        names = {ent.id: ent.name for ent in entities}
        for ent_id, start, end, text, how in conn.execute(query):
            mentions.setdefault(ent_id, []).append(
                Mention(
                    entity=EntityRef(id=ent_id, name=names[ent_id]),
                    span=Span(start=start, end=end, text=text),
                    how=how,
                )
            )
        return [ent.model_copy(update={"mentions": mentions.get(ent.id, [])}) for ent in entities]

    def _party(self, id_col: Any, name_col: Any, name: str) -> ColumnElement[bool]:
        ids = self.match_entity_ids(name)
        by_id = id_col.in_(ids) if ids else false()
        return or_(by_id, func.lower(name_col) == name.lower())

    def _select(self, query: Select[Any], model: type[R]) -> list[R]:
        with self.reading() as conn:
            return [_parse(model, record) for record in conn.execute(query).scalars()]

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read connection; database errors surface as :class:`StoreError`."""
        try:
            with read_connection(self.engine) as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.location}: cannot read ({_reason(exc)})") from None

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        try:
            with write_transaction(self.engine) as conn:
                yield conn
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"{self.location}: cannot write ({_reason(exc)})") from None


def check_consistent(analysis: Analysis) -> None:
    """Refuse an analysis whose records belong to another document."""
    doc_id = analysis.document.id
    strays = [c.id for c in analysis.claims if c.doc_id != doc_id]
    strays += [t.id for t in analysis.transfers if t.doc_id != doc_id]
    if strays:
        raise InvalidAnalysisError(
            f"document {doc_id[:12]}: records {', '.join(strays[:3])} carry another doc_id"
        )


def _with_clusters(conn: Connection, document: Document) -> Document:
    """The document with the origin and event cluster the cross-document stage gave it."""
    c = schema.doc_clusters
    row = conn.execute(
        select(c.c.origin_cluster, c.c.event_cluster).where(c.c.doc_id == document.id)
    ).first()
    if row is None:
        return document
    return document.model_copy(update={"origin_cluster": row[0], "event_cluster": row[1]})


def _json_load(value: Any) -> Any:
    import json

    return json.loads(value) if isinstance(value, str | bytes) else value


def _check_sqlite_file(location: str, *, create: bool) -> None:
    path = sqlite_path(location)
    if path is None:
        return
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if not path.exists():
        if not create:
            raise StoreError(f"{path}: no such database; create it with 'claimgraph ingest'")
        if not path.parent.exists():
            raise StoreError(f"{path}: folder {path.parent} does not exist")


def _per_doc(table: Table, doc_id: str | None) -> Select[Any]:
    query = select(table.c.record).order_by(table.c.doc_id, table.c.seq)
    if doc_id:
        query = query.where(table.c.doc_id.startswith(doc_id))
    return query


def _records(conn: Connection, table: Table, model: type[R], doc_id: str) -> list[R]:
    query = select(table.c.record).where(table.c.doc_id == doc_id).order_by(table.c.seq)
    return [_parse(model, r) for r in conn.execute(query).scalars()]


def _count_by(conn: Connection, column: Any) -> dict[str, int]:
    rows = conn.execute(select(column, func.count()).group_by(column))
    return {str(key): int(n) for key, n in rows}


def _exists(conn: Connection, table: Table, condition: ColumnElement[bool]) -> bool:
    return conn.execute(select(1).select_from(table).where(condition).limit(1)).first() is not None


def _parse(model: type[R], record: Any) -> R:
    try:
        return model.model_validate(record)
    except ValidationError as exc:
        raise StoreError(
            f"a stored {model.__name__} no longer matches the record schema "
            f"({exc.error_count()} errors); re-ingest the documents"
        ) from None


def _reason(exc: SQLAlchemyError) -> str:
    """The driver's message without SQLAlchemy's statement dump."""
    orig = getattr(exc, "orig", None)
    return str(orig) if orig is not None else str(exc).splitlines()[0]
