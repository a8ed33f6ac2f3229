"""Cleaning: junk lines out, repeated ledes kept once, headings found, byline and AI disclosure
recognised as metadata.

Patterns are data (``resources/junk.yaml``, ``resources/metadata.yaml``); every removal is
recorded in ``Document.removed`` with its reason. Byline and disclosure lines stay in the text
(so their spans point into it) but are marked, and later stages skip them.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from claimgraph.errors import InputError
from claimgraph.model import Document, Origin, ParagraphLanguage, Precision, Removal, Span
from claimgraph.resources import load_yaml
from claimgraph.text.dates_meta import find_published
from claimgraph.text.language import detect_language, paragraph_languages

HEADING_MAX_WORDS = 12
SENTENCE_END = (".", "!", ":", ";", ",", "\u201d", '"', "\u2019", "'", ")")


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata a reader found beside the text (HTML head, e-mail headers, feed entry, ...).

    Values given explicitly to :func:`build_document` (command-line flags) win over these.
    """

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None  # ISO date, as precise as known
    site_name: str | None = None
    url: str | None = None
    origin: Origin | None = None
    parent_id: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class CleanResult:
    """Clean text and what cleaning learned about the document."""

    text: str
    removed: list[Removal] = field(default_factory=list)
    headings: list[Span] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    byline: Span | None = None
    ai_disclosure: Span | None = None


def document_id(clean_text: str) -> str:
    """sha256 of the whitespace-normalised clean text."""
    normalised = " ".join(clean_text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p, re.IGNORECASE) for p in patterns]


_JUNK_PATTERNS = load_yaml("junk.yaml")["patterns"]
_JUNK_REASONS = {f"j{i}": p["reason"] for i, p in enumerate(_JUNK_PATTERNS)}
_JUNK = re.compile(
    "|".join(f"(?P<j{i}>{p['regex']})" for i, p in enumerate(_JUNK_PATTERNS)), re.IGNORECASE
)
"""All junk patterns as one alternation, tried in file order; the group that matched names
the reason."""
_META = load_yaml("metadata.yaml")
_BYLINE = [re.compile(p["regex"], re.IGNORECASE if p.get("ci") else 0) for p in _META["byline"]]
_AI = _compile(_META["ai_disclosure"])
_AI_HINT = re.compile(r"\b(ai\b|a\.i\.|artificial|chatgpt|llm|language model|generative)", re.I)
"""A line can only be an AI-use disclosure if it names AI one of these ways."""


JUNK_MAX_CHARS = 400
"""Lines longer than this are never junk (no pattern in junk.yaml can match them)."""


def junk_reason(line: str) -> str | None:
    """The reason a whole line is page junk, or None if it is content."""
    if len(line) > JUNK_MAX_CHARS:
        return None
    match = _JUNK.fullmatch(line)
    if match is None:
        return None
    return next(_JUNK_REASONS[k] for k, v in match.groupdict().items() if v is not None)


def _normal(line: str) -> str:
    return re.sub(r"\W+", " ", line.lower()).strip()


def is_heading(line: str, next_line: str | None) -> bool:
    """A short line without closing punctuation that introduces a paragraph."""
    words = line.split()
    if not words or len(words) > HEADING_MAX_WORDS or line.startswith(("-", "*", "•")):
        return False
    if line.endswith(SENTENCE_END):
        return False
    if line.endswith("?") and len(words) > 8:
        return False
    return bool(re.match(r"[\"“‘'(\[]?[^\W\d_]|\d", line)) and next_line is not None


def find_authors(line: str) -> list[str] | None:
    """Author names if the line is a byline, else None."""
    lower = line.lower()
    if "by" not in lower and "author" not in lower:  # every byline pattern names one of them
        return None
    for pattern in _BYLINE:
        match = pattern.fullmatch(line)
        if match and match.groupdict().get("credits"):
            return re.findall(
                r"by ([A-Z][\w.’'\-]+(?: [A-Z][\w.’'\-]+){1,3})", match.group("credits")
            )
        if match and match.groupdict().get("author"):
            names = re.split(r",\s*|\s+and\s+", match.group("author").strip(" .,"))
            return [n.strip() for n in names if n.strip()]
    return None


def clean_text(raw: str) -> CleanResult:
    """Remove junk and repeated lines; find headings, byline and AI disclosure."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[tuple[int, str]] = []
    removed: list[Removal] = []
    seen: set[str] = set()
    counts = Counter(_normal(line) for line in lines if line.strip())
    for number, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            kept.append((number, ""))
            continue
        reason = junk_reason(stripped)
        key = _normal(stripped)
        if reason is None and key in seen and _is_teaser_repeat(key, counts[key]):
            reason = "repeated lede or teaser"
        if reason:
            removed.append(Removal(text=stripped, reason=reason, line=number))
            continue
        seen.add(key)
        kept.append((number, stripped))
    return _assemble(kept, removed)


def _is_teaser_repeat(key: str, count: int) -> bool:
    """A line seen before is a repeated lede or teaser when it is a sentence (4+ words) that
    occurs exactly twice; lines repeated more often are the page's structure (table headers,
    interview questions, recipe steps) and stay."""
    return count == 2 and len(key.split()) >= 4


def _assemble(kept: list[tuple[int, str]], removed: list[Removal]) -> CleanResult:
    """Join kept lines (one blank line between paragraphs) and mark headings and metadata."""
    content = [line for _, line in kept]
    out: list[str] = []
    for line in content:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    result = CleanResult(text="\n".join(out), removed=removed)
    offset = 0
    for index, line in enumerate(out):
        span = Span(start=offset, end=offset + len(line), text=line)
        following = next((n for n in out[index + 1 :] if n), None)
        _mark_line(result, span, following)
        offset += len(line) + 1
    return result


def _mark_line(result: CleanResult, span: Span, following: str | None) -> None:
    line = span.text
    if not line:
        return
    authors = find_authors(line)
    if authors and len(line) < 300:
        result.authors.extend(a for a in authors if a not in result.authors)
        result.byline = result.byline or span
    if len(line) < 400 and _AI_HINT.search(line) and any(p.fullmatch(line) for p in _AI):
        result.ai_disclosure = result.ai_disclosure or span
    elif authors is None and is_heading(line, following):
        result.headings.append(span)


def build_document(
    raw: str,
    *,
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    media_type: str = "text/plain",
    meta: DocumentMeta | None = None,
) -> Document:
    """Turn raw text (and what its reader found, ``meta``) into a clean :class:`Document`."""
    meta = meta or DocumentMeta()
    cleaned = clean_text(raw)
    published, precision = _publication(published, meta.published, cleaned.text)
    language, confidence = detect_language(cleaned.text)
    authors = list(meta.authors) + [a for a in cleaned.authors if a not in meta.authors]
    return Document(
        id=document_id(cleaned.text),
        source=source,
        media_type=media_type,
        outlet=outlet or meta.site_name,
        title=title or meta.title,
        authors=authors,
        published=published,
        published_precision=precision,
        language=language,
        language_confidence=confidence,
        text=cleaned.text,
        headings=cleaned.headings,
        removed=cleaned.removed,
        ai_disclosure=cleaned.ai_disclosure,
        byline=cleaned.byline,
        url=meta.url,
        site_name=meta.site_name,
        origin=meta.origin,
        parent_id=meta.parent_id,
        paragraph_languages=_paragraph_languages(cleaned.text, language, confidence),
        warnings=list(meta.warnings),
    )


def _publication(
    given: str | None, found_by_reader: str | None, text: str
) -> tuple[str | None, Precision | None]:
    """The publication date: the user's, the reader's (page metadata), or one in the text."""
    if given:
        value = _checked_date(given)
        return value, _precision_of(value)
    if found_by_reader and _valid_iso(found_by_reader):
        return found_by_reader, _precision_of(found_by_reader)
    found = find_published(text)
    if found:
        return found[0], cast(Precision, found[1])
    return None, None


def _paragraph_languages(
    text: str, language: str | None, confidence: float | None
) -> list[ParagraphLanguage]:
    return [
        ParagraphLanguage(
            span=Span(start=p.start, end=p.end, text=text[p.start : p.end]),
            language=p.language,
            confidence=p.confidence,
        )
        for p in paragraph_languages(text, language, confidence)
    ]


def _valid_iso(value: str) -> bool:
    try:
        _checked_date(value)
    except InputError:
        return False
    return True


def _checked_date(value: str) -> str:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) given by the user, or a clear error."""
    value = value.strip()
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise InputError(f"--published {value!r}: expected an ISO date such as 2025-09-14")
    parts = [int(p) for p in value.split("-")]
    try:
        date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError as exc:
        raise InputError(f"--published {value!r}: {exc}") from None
    return value


def _precision_of(value: str) -> Precision:
    """Precision of an ISO date string (YYYY, YYYY-MM or YYYY-MM-DD)."""
    parts = value.split("-")
    precision = {1: "year", 2: "month"}.get(len(parts), "day")
    return cast(Precision, precision)


def reference_date(document: Document) -> date | None:
    """The date relative expressions resolve against: the publication date if known."""
    if not document.published:
        return None
    parts = [int(p) for p in document.published[:10].split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(parts[0], parts[1], parts[2])
