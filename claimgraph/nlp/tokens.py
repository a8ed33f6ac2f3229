"""Tokens and sentences with character offsets into the clean text.

Sentences are split by rule inside each line (a line is never crossed: headings, list items and
paragraphs are separate). Each sentence knows its kind: body, heading, list_item or meta
(byline / disclosure lines, which later stages skip).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from claimgraph.model import Document, Span
from claimgraph.resources import load_yaml

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+(?:[-.][^\W_]+)*|\S", re.UNICODE)
_QUOTES = str.maketrans(
    {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-"}
)
_SENT_END = re.compile(r"[.!?]+[\"'\u201d\u2019)]*\s+(?=[\"'\u201c\u2018(]?[A-Z0-9\u0400-\u04ff])")


@dataclass(frozen=True, slots=True)
class Token:
    """One word or punctuation mark with its offsets; ``norm`` is lower case with typographic
    quotes and dashes made plain."""

    text: str
    start: int
    end: int
    norm: str
    is_capitalised: bool


class PhraseIndex:
    """Multi-word phrases indexed by their first normalised token, matched longest first."""

    def __init__(self, phrases: Iterable[tuple[str, object]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], object]]] = {}
        for phrase, payload in phrases:
            key = tuple(t.norm for t in tokenize(phrase))
            if key:
                self._by_first.setdefault(key[0], []).append((key, payload))
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def match(self, tokens: list[Token], i: int) -> tuple[int, object] | None:
        """(length, payload) of the longest phrase starting at token i, or None."""
        for key, payload in self._by_first.get(tokens[i].norm, ()):
            n = len(key)
            if i + n <= len(tokens) and all(tokens[i + k].norm == key[k] for k in range(1, n)):
                return n, payload
        return None


@dataclass
class Sentence:
    """A sentence of the clean text, its tokens and its kind."""

    start: int
    end: int
    text: str
    kind: str = "body"
    index: int = 0
    paragraph: int = 0
    tokens: list[Token] = field(default_factory=list)

    def span(self) -> Span:
        return Span(start=self.start, end=self.end, text=self.text)


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split text into tokens whose offsets are shifted by ``offset``."""
    return [
        Token(
            m.group(),
            m.start() + offset,
            m.end() + offset,
            m.group().translate(_QUOTES).lower(),
            m.group()[:1].isupper(),
        )
        for m in _TOKEN.finditer(text)
    ]


def _abbreviations() -> set[str]:
    return set(load_yaml("lexicons/abbreviations.yaml")["abbreviations"])


def split_line(line: str) -> list[tuple[int, int]]:
    """Sentence boundaries (start, end) inside one line."""
    abbreviations = _abbreviations()
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _SENT_END.finditer(line):
        before = line[start : match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if last in abbreviations or (len(last) == 1 and last.isalpha()):
            continue
        end = match.end() - (len(match.group()) - len(match.group().rstrip()))
        bounds.append((start, end))
        start = match.end()
    if start < len(line.rstrip()):
        bounds.append((start, len(line.rstrip())))
    return bounds


def split_sentences(document: Document) -> list[Sentence]:
    """All sentences of a document, in order, with their kinds and paragraph numbers."""
    if hard_wrapped(document.text):
        return _wrapped_sentences(document)
    headings = {(h.start, h.end) for h in document.headings}
    meta = [s for s in (document.byline, document.ai_disclosure) if s is not None]
    sentences: list[Sentence] = []
    offset, paragraph = 0, 0
    for line in document.text.split("\n"):
        if not line.strip():
            paragraph += 1
        else:
            kind = _line_kind(line, offset, headings, meta)
            if kind == "heading":
                paragraph += 1
            skip = dateline_end(line) if kind == "body" and offset == _first_body(document) else 0
            for start, end in split_line(line[skip:]) if kind == "body" else [(0, len(line))]:
                start, end = start + skip, end + skip
                sentences.append(
                    _sentence(line, offset, start, end, kind, len(sentences), paragraph)
                )
            if kind == "heading":
                paragraph += 1
        offset += len(line) + 1
    return sentences


_OPEN_END = re.compile(r"[^.!?:;\"'\u201d\u2019)\]]$")


def hard_wrapped(text: str) -> bool:
    """Is the text wrapped at a fixed width (wire and teletype copy), so lines are not units?"""
    long_lines = [ln.rstrip() for ln in text.split("\n") if len(ln.strip()) >= 45]
    if len(long_lines) < 5:
        return False
    open_ends = sum(1 for ln in long_lines if _OPEN_END.search(ln))
    widths = sorted(len(ln) for ln in long_lines)
    narrow = widths[int(len(widths) * 0.9)] <= 90
    return narrow and open_ends >= 0.5 * len(long_lines)


def _wrapped_sentences(document: Document) -> list[Sentence]:
    """Sentences across wrapped lines: blank lines separate paragraphs, line ends are spaces."""
    meta = [s for s in (document.byline, document.ai_disclosure) if s is not None]
    sentences: list[Sentence] = []
    for paragraph, match in enumerate(re.finditer(r"\S(?:.|\n(?!\s*\n))*", document.text)):
        block, offset = match.group(), match.start()
        kind = "meta" if any(m.start <= offset < m.end for m in meta) else "body"
        for start, end in split_line(block) if kind == "body" else [(0, len(block))]:
            sentences.append(_sentence(block, offset, start, end, kind, len(sentences), paragraph))
    return sentences


_DATELINE = re.compile(
    r"^[A-Z][A-Z .'/\-]{2,40},?\s+"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?,?\s+\d{4})?"
    r"\s*(?:\([^)]{2,40}\))?\s*[-\u2013\u2014]+\s+"
)


# A looser lead than _DATELINE for telling the parser where the story starts: any-case place,
# a short date, the agency in brackets, dashes, then editorial markers ("[Text]", "[Report]
# [David Smith]") as FBIS translations open.
_LEAD = re.compile(
    r"^\s*[A-Z][\w .'/\-]{1,40},\s+"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s+\d{2,4})?"
    r"\s*(?:\([^)]{2,40}\))?\s*[-\u2013\u2014]+\s*"
    r"(?:\[[^\]]{1,60}\]\s*)*"
)


def lead_end(text: str) -> int:
    """Length of a sentence's leading dateline and editorial markers, 0 if none."""
    match = _LEAD.match(text)
    return max(match.end() if match else 0, dateline_end(text))


def dateline_end(line: str) -> int:
    """Length of a leading dateline ('ANKARA, Feb 20, 2025 (Reuters) - '), 0 if none."""
    match = _DATELINE.match(line)
    return match.end() if match else 0


def dateline_agency(text: str) -> str | None:
    """The agency named in a dateline's brackets: 'Reuters' in '... (Reuters) - '."""
    for line in text.split("\n")[:8]:
        end = dateline_end(line)
        if end:
            found = re.search(r"\(([^)]{2,40})\)", line[:end])
            return found.group(1) if found else None
    return None


def _first_body(document: Document) -> int:
    """Offset of the first line that could carry a dateline (any of the first lines)."""
    offset = 0
    for line in document.text.split("\n"):
        if dateline_end(line):
            return offset
        offset += len(line) + 1
    return -1


def _line_kind(line: str, offset: int, headings: set[tuple[int, int]], meta: list[Span]) -> str:
    if (offset, offset + len(line)) in headings:
        return "heading"
    if any(m.start <= offset < m.end for m in meta):
        return "meta"
    if re.match(r"\s*([-*•▪◦·]|\d+[.)])\s+", line):
        return "list_item"
    return "body"


def _sentence(
    line: str, offset: int, start: int, end: int, kind: str, index: int, para: int
) -> Sentence:
    text = line[start:end]
    return Sentence(
        start=offset + start,
        end=offset + end,
        text=text,
        kind=kind,
        index=index,
        paragraph=para,
        tokens=tokenize(text, offset + start),
    )


def token_text(tokens: list[Token]) -> str:
    """The text a run of tokens covers, with single spaces where the source had a gap."""
    out = tokens[0].text if tokens else ""
    for prev, tok in zip(tokens, tokens[1:], strict=False):
        out += " " * (tok.start - prev.end) + tok.text
    return out


def token_span(tokens: list[Token]) -> Span:
    """The span a run of tokens covers."""
    return Span(start=tokens[0].start, end=tokens[-1].end, text=token_text(tokens))
