"""Batch ingest: files and folders -> read -> analyse -> store, one transaction per document.

A failing item is logged (``ingest_failures``) and the batch goes on; a database that cannot be
written stops it. Re-ingesting the same input changes nothing.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

from claimgraph import pipeline
from claimgraph.errors import ClaimgraphError, StoreError
from claimgraph.ingest.discover import Discovery, discover
from claimgraph.ingest.readers import read_input
from claimgraph.store.db import InvalidAnalysisError, Store

log = logging.getLogger(__name__)

Status = Literal["ingested", "duplicate", "failed"]


@dataclass(frozen=True)
class ItemResult:
    """What happened to one input item."""

    source: str
    status: Status
    doc_id: str | None = None
    reason: str | None = None


@dataclass
class IngestReport:
    """Results of one batch, plus files found but not of a supported type."""

    results: list[ItemResult] = field(default_factory=list)
    ignored: list[Path] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """Number of items with this status."""
        return sum(1 for r in self.results if r.status == status)

    @property
    def failures(self) -> list[ItemResult]:
        """The failed items, in input order."""
        return [r for r in self.results if r.status == "failed"]

    @property
    def stored_any(self) -> bool:
        """True if at least one document was ingested or was already stored."""
        return any(r.status != "failed" for r in self.results)


class Observer(Protocol):
    """Progress hooks of a batch (e.g. a progress bar)."""

    def start(self, total: int) -> None: ...

    def item_started(self, path: Path) -> None: ...

    def item_done(self, result: ItemResult) -> None: ...


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    published: str | None = None,
    outlet: str | None = None,
    observer: Observer | None = None,
) -> IngestReport:
    """Ingest every document under ``paths``; missing paths are logged as failures."""
    return ingest_found(
        store, discover(paths), published=published, outlet=outlet, observer=observer
    )


def ingest_found(
    store: Store,
    found: Discovery,
    *,
    published: str | None = None,
    outlet: str | None = None,
    observer: Observer | None = None,
) -> IngestReport:
    """Ingest the files of a :class:`Discovery`, in order; its missing paths are failures."""
    report = IngestReport(ignored=found.ignored)
    for missing in found.missing:
        report.results.append(_fail(store, missing, "no such file or folder"))
    if observer:
        observer.start(len(found.files))
    for path in found.files:
        if observer:
            observer.item_started(path)
        result = ingest_file(store, path, published=published, outlet=outlet)
        report.results.append(result)
        if observer:
            observer.item_done(result)
    from claimgraph.analysis.crossdoc import update as update_crossdoc

    update_crossdoc(store)  # clusters, merged claims and grades across documents (issue 6)
    return report


def ingest_file(
    store: Store, path: str | Path, *, published: str | None = None, outlet: str | None = None
) -> ItemResult:
    """Read, analyse and store one file; a failure is logged and returned, not raised
    (except database errors, which stop the batch)."""
    source = str(path)
    try:
        raw = read_input(path)
        raw_sha256 = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
        if store.has_raw(raw_sha256):
            return ItemResult(source, "duplicate")
        analysis = pipeline.analyze_text(
            raw.text,
            source=raw.source,
            published=published,
            outlet=outlet,
            media_type=raw.media_type,
        )
        saved = store.save_analysis(analysis, raw_sha256=raw_sha256)
    except InvalidAnalysisError as exc:
        return _fail(store, source, str(exc))
    except StoreError:
        raise
    except ClaimgraphError as exc:
        return _fail(store, source, str(exc))
    except Exception as exc:  # a bug in one stage must not lose the rest of a long batch
        log.debug("unexpected error on %s", source, exc_info=True)
        return _fail(store, source, f"unexpected error ({type(exc).__name__}: {exc})")
    doc_id = analysis.document.id
    return ItemResult(source, "ingested" if saved else "duplicate", doc_id=doc_id)


def _fail(store: Store, source: str, reason: str) -> ItemResult:
    """Log a failure in the store and return it; the reason drops a repeated path prefix."""
    reason = reason.removeprefix(f"{source}: ")
    store.record_failure(source, reason)
    return ItemResult(source, "failed", reason=reason)
