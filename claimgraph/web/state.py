"""What the web app keeps while it runs: the store, a cached corpus (reloaded when the
database changes), upload jobs, token checks and browser sessions."""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, func, select

from claimgraph.errors import ClaimgraphError
from claimgraph.export.corpus import Corpus, load_corpus
from claimgraph.export.tables import entity_edits
from claimgraph.store import schema
from claimgraph.store.db import Store
from claimgraph.web.tokens import TokenChecker, TokenInfo

log = logging.getLogger(__name__)

SESSION_SECONDS = 12 * 3600
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


@dataclass
class Settings:
    """How the app runs."""

    db: str
    uploads: Path
    public_read: bool = False
    loopback: bool = True


@dataclass
class Session:
    """A browser logged in with a token."""

    token: TokenInfo
    csrf: str
    expires: float


@dataclass
class JobItem:
    """One uploaded file of a job."""

    name: str
    status: str = "queued"
    doc_id: str | None = None
    reason: str | None = None


@dataclass
class Job:
    """An upload being ingested in the background."""

    id: str
    status: str
    created: str
    items: list[JobItem] = field(default_factory=list)
    finished: str | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "id": self.id,
            "status": self.status,
            "created": self.created,
            "finished": self.finished,
            "error": self.error,
            "items": [vars(i) for i in self.items],
        }


class AppState:
    """Shared by every request."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = Store.open(settings.db, create=False)
        self.tokens = TokenChecker(self.store)
        self.sessions: dict[str, Session] = {}
        self.jobs: dict[str, Job] = {}
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimgraph-ingest")
        self._lock = threading.Lock()
        self._corpus: Corpus | None = None
        self._stamp: tuple[Any, ...] | None = None

    def close(self) -> None:
        """Stop the worker and release the database."""
        self._executor.shutdown(wait=True, cancel_futures=True)
        self.store.close()

    # -- corpus -------------------------------------------------------------------------------

    def corpus(self) -> Corpus:
        """Everything in the store with edits applied; reloaded when the database changed."""
        stamp = self._stamp_now()
        with self._lock:
            if self._corpus is None or stamp != self._stamp:
                self._corpus = load_corpus(self.store)
                self._stamp = stamp
            return self._corpus

    def _stamp_now(self) -> tuple[Any, ...]:
        d, g, e, o = schema.documents, schema.grades, entity_edits, schema.source_overrides
        with self.store.reading() as conn:
            docs = conn.execute(select(func.count(), func.max(d.c.ingested_at))).one()
            grades = conn.execute(select(func.count(), func.max(g.c.id))).one()
            edits = conn.execute(
                select(func.count(), func.max(e.c.id), func.sum(e.c.reverted.cast(Integer)))
            ).one()
            overrides = conn.execute(select(func.count(), func.max(o.c.at))).one()
            merged = conn.execute(select(func.count()).select_from(schema.merged_claims)).scalar()
        return (*docs, *grades, *edits, *overrides, merged)

    # -- sessions -----------------------------------------------------------------------------

    def login(self, token: str) -> tuple[str, Session] | None:
        """A new browser session for a valid token."""
        info = self.tokens.check(token)
        if info is None:
            return None
        session_id = secrets.token_urlsafe(32)
        session = Session(info, secrets.token_urlsafe(24), time.monotonic() + SESSION_SECONDS)
        with self._lock:
            self._expire_sessions()
            self.sessions[session_id] = session
        return session_id, session

    def session(self, session_id: str | None) -> Session | None:
        """The live session of a cookie value."""
        if not session_id:
            return None
        with self._lock:
            session = self.sessions.get(session_id)
            if session is None or session.expires < time.monotonic():
                self.sessions.pop(session_id, None)
                return None
            return session

    def logout(self, session_id: str | None) -> None:
        """End a session."""
        with self._lock:
            self.sessions.pop(session_id or "", None)

    def _expire_sessions(self) -> None:
        now = time.monotonic()
        for key in [k for k, s in self.sessions.items() if s.expires < now]:
            del self.sessions[key]

    # -- uploads ------------------------------------------------------------------------------

    def submit(
        self, files: list[tuple[str, bytes]], published: str | None, outlet: str | None
    ) -> Job:
        """Save uploaded files beside the database and ingest them in the background."""
        job = Job(id=uuid.uuid4().hex[:12], status="queued", created=_now())
        folder = self.settings.uploads / job.id
        folder.mkdir(parents=True, exist_ok=True)
        paths: list[Path] = []
        for name, data in files:
            safe = _safe_name(name, len(paths))
            if (folder / safe).exists():
                safe = f"{len(paths)}-{safe}"
            path = folder / safe
            path.write_bytes(data)
            paths.append(path)
            job.items.append(JobItem(safe))
        with self._lock:
            self.jobs[job.id] = job
        self._executor.submit(self._run, job, paths, published, outlet)
        return job

    def _run(self, job: Job, paths: list[Path], published: str | None, outlet: str | None) -> None:
        from claimgraph.ingest.batch import ingest_file

        job.status = "running"
        try:
            for item, path in zip(job.items, paths, strict=True):
                item.status = "running"
                result = ingest_file(self.store, path, published=published, outlet=outlet)
                item.status, item.doc_id, item.reason = result.status, result.doc_id, result.reason
            _update_crossdoc(self.store)
            job.status = "done"
        except ClaimgraphError as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # keep the server up; report the job as failed
            log.exception("upload job %s failed", job.id)
            job.status, job.error = "failed", f"unexpected error ({type(exc).__name__})"
        job.finished = _now()


def _update_crossdoc(store: Store) -> None:
    """Run the cross-document stage when this claimgraph has it."""
    try:
        from claimgraph.analysis.crossdoc import update
    except ImportError:
        return
    update(store)


def _safe_name(name: str, index: int) -> str:
    """A file name without folders or odd characters (the suffix kept)."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^\w.\- ]+", "_", base).strip(" .") or f"upload-{index}.txt"
    return base[:120]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
