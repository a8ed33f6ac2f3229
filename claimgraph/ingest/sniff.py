"""What kind of input a file is: from its name, its first bytes, or an HTTP content type."""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["text", "markdown", "html", "pdf", "docx", "eml", "mbox", "feed", "zip", "tar"]

SUFFIXES: dict[str, Kind] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".eml": "eml",
    ".mbox": "mbox",
    ".rss": "feed",
    ".atom": "feed",
    ".zip": "zip",
    ".tar": "tar",
    ".tgz": "tar",
    ".tbz2": "tar",
    ".txz": "tar",
}
COMPOUND = {".tar.gz": "tar", ".tar.bz2": "tar", ".tar.xz": "tar"}
DOCUMENT_SUFFIXES = frozenset(SUFFIXES) | frozenset(COMPOUND)
"""Suffixes a folder walk takes (besides extension-less text files); other files, ``.xml``
feeds among them, are read when named explicitly."""

CONTENT_TYPES: dict[str, Kind] = {
    "text/plain": "text",
    "text/markdown": "markdown",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "message/rfc822": "eml",
    "application/mbox": "mbox",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
    "application/zip": "zip",
    "application/x-tar": "tar",
    "application/gzip": "tar",
    "application/x-gzip": "tar",
}

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b", re.I | re.S)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b", re.I)
_HEADER = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]?\S")
_MAIL_HEADERS = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"received:")


def suffix_of(name: str) -> str:
    """The lower-cased suffix, compound ones (``.tar.gz``) included."""
    lower = name.lower()
    for compound in COMPOUND:
        if lower.endswith(compound):
            return compound
    dot = lower.rfind(".")
    return lower[dot:] if dot > lower.rfind("/") and dot != -1 else ""


def kind_of(name: str, head: bytes, content_type: str | None = None) -> Kind | None:
    """The kind of an input, or None if it is none of ours (then it is read as text)."""
    suffix = suffix_of(name)
    if suffix in COMPOUND:
        return "tar"
    by_suffix = SUFFIXES.get(suffix)
    if by_suffix in ("text", "markdown"):
        return by_suffix
    by_content = sniff(head)
    if by_content == "zip" and by_suffix == "docx":
        return "docx"
    if by_content is not None:
        return by_content
    if by_suffix is not None:
        return by_suffix
    if content_type:
        return CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())
    return None


def sniff(head: bytes) -> Kind | None:
    """The kind from the first bytes of the data."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if b"word/" in head[:2000] or b"[Content_Types].xml" in head[:100] else "zip"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")) or head[257:262] == b"ustar":
        return "tar"
    text = head.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(text):
        return "html"
    stripped = text.lstrip()
    if stripped.startswith(b"<?xml") or stripped.startswith((b"<rss", b"<feed")):
        if _FEED_ROOT.search(stripped[:4096]):
            return "feed"
        if re.search(rb"<html\b", stripped[:4096], re.I):
            return "html"
    if text.startswith(b"From ") and b"\n" in text:
        return "mbox"
    return "eml" if _looks_like_mail(text) else None


def _looks_like_mail(head: bytes) -> bool:
    """RFC 5322 headers: header lines up to the first blank line, naming From and Subject/Date."""
    block = head.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    lines = [ln for ln in block.splitlines() if ln and not ln[:1].isspace()]
    if len(lines) < 2 or not all(_HEADER.match(ln) for ln in lines):
        return False
    names = {ln.split(b":", 1)[0].lower() + b":" for ln in lines}
    return b"from:" in names and len(names & set(_MAIL_HEADERS)) >= 2
