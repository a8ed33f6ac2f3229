"""Plain-text and Markdown readers with checks for the inputs that are not documents."""

from __future__ import annotations

import codecs
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes

from claimgraph.errors import InputError
from claimgraph.model import Origin
from claimgraph.text.clean import DocumentMeta

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024
"""Largest input accepted as one document (bytes)."""

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})

SNIFF_BYTES = 8192
CONTROL_RATIO = 0.05
"""Share of control bytes (not tab, newline, form feed, escape) above which data is binary."""

MIN_COHERENCE = 0.25
MAX_CHAOS = 0.1
"""charset-normalizer thresholds under which a guessed encoding counts as confident."""

LEGACY_ENCODINGS = (
    "cp1252",
    "cp1250",
    "cp1251",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "koi8_r",
    "koi8_u",
    "iso8859_2",
    "iso8859_5",
    "iso8859_7",
    "mac_roman",
    "gb18030",
    "big5",
    "shift_jis",
    "euc_jp",
    "euc_kr",
)
"""Undeclared encodings considered (news text: Windows code pages, KOI8, the CJK standards);
DOS code pages are left out because they win ties on mostly-ASCII text."""

MULTIBYTE = frozenset({"gb18030", "big5", "shift_jis", "euc_jp", "euc_kr"})
"""Encodings whose byte structure is itself evidence (no language coherence is needed)."""

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "legacy Office document"),
    (b"\x7fELF", "executable"),
    (b"RIFF", "audio/video or WebP file"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_TEXT_CONTROLS = frozenset(b"\t\n\r\x0c\x1b")


@dataclass(frozen=True)
class RawInput:
    """Text of one input item, where it came from, and the metadata its reader found."""

    text: str
    source: str
    media_type: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    site_name: str | None = None
    url: str | None = None
    origin: Origin | None = None
    parent: str | None = field(default=None, compare=False)
    """``source`` of the item this one is attached to (an e-mail for its attachments)."""
    warnings: tuple[str, ...] = ()

    def document_meta(self, parent_id: str | None = None) -> DocumentMeta:
        """The metadata to pass to :func:`claimgraph.pipeline.analyze_text`."""
        return DocumentMeta(
            title=self.title,
            authors=self.authors,
            published=self.published,
            site_name=self.site_name,
            url=self.url,
            origin=self.origin,
            parent_id=parent_id,
            warnings=self.warnings,
        )


def read_input(path: str | Path) -> RawInput:
    """Read one file as one document (HTML, PDF, DOCX, e-mail, text), refusing what is not a
    readable document. An e-mail gives its message (attachments are left to ``ingest``); an
    archive, mailbox or feed with several documents is refused with a pointer to ``ingest``."""
    from claimgraph.ingest.items import iter_path

    return _one(list(iter_path(path)), str(path))


def read_stdin() -> RawInput:
    """Read a document from standard input (at most :data:`MAX_BYTES`)."""
    from claimgraph.ingest.items import iter_input
    from claimgraph.ingest.limits import Limits

    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    check_size(len(data), "<stdin>")
    return _one(list(iter_input(data, "-", name="-", limits=Limits())), "-")


def _one(items: list[object], name: str) -> RawInput:
    """The single document among ``items``, or a clear error."""
    from claimgraph.ingest.items import ItemFailure

    if not items:
        raise InputError(f"{name}: empty document")
    first = items[0]
    if isinstance(first, ItemFailure):
        raise InputError(f"{first.source}: {first.reason}")
    assert isinstance(first, RawInput)
    attached = f"{first.source}#attachment:"
    others = [i for i in items[1:] if not getattr(i, "source", "").startswith(attached)]
    if others:
        raise InputError(
            f"{name}: holds {len(items)} documents; use 'claimgraph extract' to read them or "
            "'claimgraph ingest' to analyse them all"
        )
    return first


def media_type_of(path: Path) -> str:
    """Media type of a text file from its suffix."""
    return "text/markdown" if path.suffix.lower() in MARKDOWN_SUFFIXES else "text/plain"


def check_size(size: int, name: str, limit: int = MAX_BYTES) -> None:
    """Refuse inputs larger than ``limit`` (default :data:`MAX_BYTES`) before reading them."""
    if size > limit:
        raise InputError(
            f"{name}: {size / 2**20:.1f} MiB is over the {limit // 2**20} MiB size limit "
            "for one document; split it into smaller files"
        )


def decode(data: bytes, name: str, limit: int = MAX_BYTES) -> str:
    """Decode bytes as text (UTF-8, a BOM-marked UTF-16/32, or a confidently detected legacy
    encoding), or raise a clear :class:`InputError`."""
    check_size(len(data), name, limit)
    if not data.strip():
        raise InputError(f"{name}: empty document")
    text = _decode_bom(data)
    if text is None:
        kind = binary_kind(data[:SNIFF_BYTES])
        if kind:
            raise InputError(f"{name}: binary data ({kind}), not a text document")
        text = _decode_utf8(data)
    if text is None:
        text = _decode_detected(data, name)
    if not text.strip():
        raise InputError(f"{name}: empty document")
    return text


def binary_kind(head: bytes) -> str | None:
    """Describe ``head`` if it starts a binary file, else None."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if b"\x00" in head:
        return "contains NUL bytes"
    controls = sum(1 for b in head if (b < 0x20 or b == 0x7F) and b not in _TEXT_CONTROLS)
    if head and controls / len(head) > CONTROL_RATIO:
        return "control characters"
    return None


def looks_like_text(path: Path) -> bool:
    """Cheap check used for extension-less files found in folders."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError:
        return False
    return bool(head.strip()) and binary_kind(head) is None


def _decode_bom(data: bytes) -> str | None:
    """Decode data that starts with a UTF-16/32 byte order mark."""
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                return None
    return None


def _decode_utf8(data: bytes) -> str | None:
    """UTF-8 (an optional BOM is dropped), or None."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _decode_detected(data: bytes, name: str) -> str:
    """Decode an undeclared legacy encoding when charset-normalizer is confident."""
    best = from_bytes(data, cp_isolation=list(LEGACY_ENCODINGS)).best()
    if best is None or not _confident(best.encoding, best.chaos, best.coherence):
        raise InputError(
            f"{name}: not UTF-8 and its encoding could not be detected with confidence; "
            "convert it to UTF-8 (e.g. iconv -f <encoding> -t UTF-8)"
        )
    # Single-byte code pages that decode identically tie; Windows-1252 is the usual Western one.
    encoding = "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding
    log.info("%s: decoded as %s (detected)", name, encoding)
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return str(best)


def _confident(encoding: str, chaos: float, coherence: float) -> bool:
    if chaos > MAX_CHAOS:
        return False
    return encoding in MULTIBYTE or coherence >= MIN_COHERENCE
