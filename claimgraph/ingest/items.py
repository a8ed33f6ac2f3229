"""From an input (file, URL, bytes) to its items: one per document, each with where it came
from, or a failure with its reason. One bad item never stops the others; only a whole-input
cap (total size, member count) stops reading the rest of that input."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from claimgraph.errors import InputError
from claimgraph.ingest.limits import Budget, CapExceeded, Limits
from claimgraph.ingest.readers import (
    SNIFF_BYTES,
    RawInput,
    check_size,
    decode,
    media_type_of,
)
from claimgraph.ingest.sniff import Kind, kind_of
from claimgraph.model import Origin

CONTAINERS: frozenset[Kind] = frozenset({"zip", "tar", "eml", "mbox", "feed"})


@dataclass(frozen=True)
class ItemFailure:
    """An item that could not be read, and why (without the source prefix)."""

    source: str
    reason: str


Item = RawInput | ItemFailure


def iter_path(path: str | Path, limits: Limits | None = None) -> Iterator[Item]:
    """Items of one file (an archive, mailbox or feed gives several)."""
    limits = limits or Limits()
    p = Path(path)
    try:
        data = read_file(p, limits)
    except InputError as exc:
        yield ItemFailure(str(p), _strip(str(exc), str(p)))
        return
    yield from iter_input(data, str(p), name=p.name, limits=limits)


def read_file(p: Path, limits: Limits) -> bytes:
    """The bytes of one file, refusing what is not a file or is over the size cap."""
    if not p.exists():
        raise InputError(f"{p}: no such file or folder")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; use 'claimgraph ingest' for folders")
    if not p.is_file():
        raise InputError(f"{p}: not a regular file")
    check_size(p.stat().st_size, str(p), limits.max_file_bytes)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot be read ({exc.strerror or exc})") from None


def iter_url(url: str, limits: Limits | None = None) -> Iterator[Item]:
    """Items of one URL, fetched within the caps."""
    from claimgraph.ingest.web import fetch

    limits = limits or Limits()
    try:
        fetched = fetch(url, limits)
    except InputError as exc:
        yield ItemFailure(url, _strip(str(exc), url))
        return
    yield from iter_input(
        fetched.data,
        url,
        name=urlsplit(fetched.url).path,
        limits=limits,
        content_type=fetched.content_type,
        charset=fetched.charset,
        url=fetched.url,
    )


def iter_input(
    data: bytes,
    source: str,
    *,
    name: str,
    limits: Limits,
    content_type: str | None = None,
    charset: str | None = None,
    url: str | None = None,
) -> Iterator[Item]:
    """Items of one top-level input given as bytes."""
    budget = Budget(limits)
    try:
        yield from iter_bytes(
            data,
            source,
            name=name,
            budget=budget,
            depth=0,
            content_type=content_type,
            charset=charset,
            url=url,
        )
    except CapExceeded as exc:
        yield ItemFailure(source, _strip(str(exc), source))


def iter_bytes(
    data: bytes,
    source: str,
    *,
    name: str,
    budget: Budget,
    depth: int,
    origin: Origin | None = None,
    parent: str | None = None,
    content_type: str | None = None,
    charset: str | None = None,
    url: str | None = None,
) -> Iterator[Item]:
    """Items of one input or member; failures are yielded, whole-input caps raised."""
    try:
        kind = kind_of(name, data[:SNIFF_BYTES], content_type)
        if kind in CONTAINERS and depth > budget.limits.max_archive_depth:
            raise InputError(
                f"{source}: nested more than {budget.limits.max_archive_depth} levels deep; "
                "not read (archive depth cap)"
            )
        if kind in CONTAINERS:
            yield from _container(kind, data, source, budget, depth, origin)
            return
        raw = _single(kind, data, source, name, budget, origin, charset, url)
        yield dataclasses.replace(raw, parent=parent) if parent else raw
    except CapExceeded:
        raise
    except InputError as exc:
        yield ItemFailure(source, _strip(str(exc), source))
    except RecursionError:
        yield ItemFailure(source, "nested too deeply to read")
    except Exception as exc:  # a third-party parser failing on hostile input: one failure
        yield ItemFailure(source, f"unexpected error while reading ({type(exc).__name__}: {exc})")


def _container(
    kind: Kind, data: bytes, source: str, budget: Budget, depth: int, origin: Origin | None
) -> Iterator[Item]:
    from claimgraph.ingest import archives, feeds, mail

    readers = {
        "zip": archives.iter_zip,
        "tar": archives.iter_tar,
        "eml": mail.iter_message,
        "mbox": mail.iter_mbox,
    }
    if kind == "feed":
        items = feeds.iter_feed(data, source, budget=budget, origin=origin)
    else:
        items = readers[kind](
            data, source, budget=budget, depth=depth, origin=origin, recurse=iter_bytes
        )
    for item in items:
        assert isinstance(item, (RawInput, ItemFailure))
        yield item


def _single(
    kind: Kind | None,
    data: bytes,
    source: str,
    name: str,
    budget: Budget,
    origin: Origin | None,
    charset: str | None,
    url: str | None,
) -> RawInput:
    if kind == "html":
        from claimgraph.ingest.html import read_html

        return read_html(data, source, url=url, charset=charset, origin=origin)
    if kind == "pdf":
        from claimgraph.ingest.pdf import read_pdf

        return read_pdf(data, source, ocr=budget.limits.ocr, origin=origin)
    if kind == "docx":
        from claimgraph.ingest.office import read_docx

        return read_docx(data, source, budget=budget, origin=origin)
    text = decode(data, "<stdin>" if source == "-" else source, budget.limits.max_file_bytes)
    media_type = "text/markdown" if kind == "markdown" else media_type_of(Path(name))
    return RawInput(text=text, source=source, media_type=media_type, origin=origin, url=url)


def _strip(message: str, source: str) -> str:
    return message.removeprefix(f"{source}: ")
