"""Batch ingest: files, folders and URLs -> items -> analyse -> store, one transaction per
document (an archive, mailbox or feed holds several; an e-mail's attachments are linked to it).

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
from claimgraph.analysis.resolution import resolver_for
from claimgraph.errors import ClaimgraphError, StoreError
from claimgraph.ingest.discover import Discovery, discover
from claimgraph.ingest.items import ItemFailure, iter_path, iter_url
from claimgraph.ingest.limits import Limits
from claimgraph.ingest.readers import RawInput
from claimgraph.ingest.web import is_url
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
    limits: Limits | None = None,
) -> IngestReport:
    """Ingest every document under ``paths`` (files, folders, URLs); missing paths are
    logged as failures."""
    return ingest_found(
        store,
        discover(paths),
        published=published,
        outlet=outlet,
        observer=observer,
        limits=limits,
    )


def ingest_found(
    store: Store,
    found: Discovery,
    *,
    published: str | None = None,
    outlet: str | None = None,
    observer: Observer | None = None,
    limits: Limits | None = None,
) -> IngestReport:
    """Ingest the files and URLs of a :class:`Discovery`, in order; its missing paths are
    failures. A file that holds several documents (archive, mailbox, feed, e-mail with
    attachments) gives one result per document."""
    report = IngestReport(ignored=found.ignored)
    for missing in found.missing:
        report.results.append(_fail(store, missing, "no such file or folder"))
    inputs: list[str | Path] = [*found.files, *found.urls]
    if observer:
        observer.start(len(inputs))
    for item in inputs:
        if observer:
            observer.item_started(Path(str(item)))
        results = ingest_input(store, item, published=published, outlet=outlet, limits=limits)
        report.results.extend(results)
        if observer:
            observer.item_done(results[-1])
    from claimgraph.analysis.crossdoc import update as update_crossdoc

    update_crossdoc(store)  # clusters, merged claims and grades across documents (issue 6)
    return report


def ingest_input(
    store: Store,
    item: str | Path,
    *,
    published: str | None = None,
    outlet: str | None = None,
    limits: Limits | None = None,
) -> list[ItemResult]:
    """Read, analyse and store every document of one file or URL; failures are logged and
    returned, not raised (except database errors, which stop the batch)."""
    limits = limits or Limits()
    items = (
        iter_url(item, limits)
        if isinstance(item, str) and is_url(item)
        else iter_path(item, limits)
    )
    results: list[ItemResult] = []
    doc_ids: dict[str, str] = {}
    for raw in items:
        if isinstance(raw, ItemFailure):
            results.append(_fail(store, raw.source, raw.reason))
            continue
        parent_id = doc_ids.get(raw.parent) if raw.parent else None
        result = _ingest_item(store, raw, published=published, outlet=outlet, parent_id=parent_id)
        if result.doc_id:
            doc_ids[raw.source] = result.doc_id
        results.append(result)
    if not results:
        results.append(_fail(store, str(item), "no documents found in it"))
    return results


def ingest_file(
    store: Store,
    path: str | Path,
    *,
    published: str | None = None,
    outlet: str | None = None,
    limits: Limits | None = None,
) -> ItemResult:
    """Ingest one file (or URL) and sum its documents up in one result: ingested if any
    document was, its failures in ``reason``."""
    results = ingest_input(store, path, published=published, outlet=outlet, limits=limits)
    if len(results) == 1:
        return results[0]
    done = [r for r in results if r.status != "failed"]
    failed = [r for r in results if r.status == "failed"]
    reason = "; ".join(f"{r.source}: {r.reason}" for r in failed) or None
    if not done:
        return ItemResult(str(path), "failed", reason=reason)
    status: Status = "ingested" if any(r.status == "ingested" for r in done) else "duplicate"
    return ItemResult(str(path), status, doc_id=done[0].doc_id, reason=reason)


def _ingest_item(
    store: Store,
    raw: RawInput,
    *,
    published: str | None,
    outlet: str | None,
    parent_id: str | None,
) -> ItemResult:
    """Analyse and store one document."""
    source = raw.source
    try:
        raw_sha256 = hashlib.sha256(raw.text.encode("utf-8")).hexdigest()
        if store.has_raw(raw_sha256):
            return ItemResult(source, "duplicate", doc_id=_stored_id(store, raw_sha256))
        analysis = pipeline.analyze_text(
            raw.text,
            source=raw.source,
            published=published,
            outlet=outlet,
            media_type=raw.media_type,
            meta=raw.document_meta(parent_id=parent_id),
        )
        analysis = resolver_for(store).resolve(analysis)  # same names across documents
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


def _stored_id(store: Store, raw_sha256: str) -> str | None:
    """Id of the document stored from this raw text (None if the store cannot say)."""
    finder = getattr(store, "document_id_for_raw", None)
    return finder(raw_sha256) if callable(finder) else None


def _fail(store: Store, source: str, reason: str) -> ItemResult:
    """Log a failure in the store and return it; the reason drops a repeated path prefix."""
    reason = reason.removeprefix(f"{source}: ")
    store.record_failure(source, reason)
    return ItemResult(source, "failed", reason=reason)
