"""Language identification with lingua, restricted to a configurable set of languages.

The candidate set and accuracy mode come from ``resources/ingest.yaml`` (environment
``CLAIMGRAPH_LANGUAGES=en,ru,...`` overrides the set). The detector is built once per set and
cached; lingua loads its models lazily, on the first text it scores. Scripts that no candidate
uses (Japanese kana, Hangul, Hebrew, Greek) are named by script alone.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from claimgraph.errors import ClaimgraphError
from claimgraph.resources import load_yaml

if TYPE_CHECKING:
    from lingua import LanguageDetector

SUPPORTED_FOR_CLAIMS = ("en",)
ENV_LANGUAGES = "CLAIMGRAPH_LANGUAGES"
SAMPLE_CHARS = 500
"""Longer texts are scored on an evenly spread sample of this many characters."""

_OTHER_SCRIPTS: list[tuple[str, re.Pattern[str]]] = [
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
]
_SCRIPT_CLASSES: list[tuple[str, re.Pattern[str]]] = [
    ("han", re.compile(r"[\u4e00-\u9fff]")),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("arabic", re.compile(r"[\u0600-\u06ff]")),
    ("latin", re.compile(r"[A-Za-z\u00c0-\u024f]")),
]


@dataclass(frozen=True)
class ParagraphLanguage:
    """Language of one paragraph: ``[start, end)`` offsets into the text."""

    start: int
    end: int
    language: str | None
    confidence: float | None


def _settings() -> dict[str, Any]:
    settings: dict[str, Any] = load_yaml("ingest.yaml")["language"]
    return settings


def candidate_languages() -> tuple[str, ...]:
    """ISO 639-1 codes lingua chooses among (configuration, or the environment)."""
    env = os.environ.get(ENV_LANGUAGES, "").strip()
    codes = env.split(",") if env else list(_settings()["candidates"])
    return tuple(sorted({c.strip().lower() for c in codes if c.strip()}))


@cache
def detector(codes: tuple[str, ...], accuracy: str = "low") -> LanguageDetector:
    """The lingua detector for these languages, built once and cached."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    try:
        languages = [
            Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in codes
        ]
    except AttributeError as exc:
        raise ClaimgraphError(f"{ENV_LANGUAGES}: unknown language code ({exc})") from None
    if len(languages) < 2:
        raise ClaimgraphError(f"{ENV_LANGUAGES}: give at least two languages")
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if accuracy == "low":
        builder = builder.with_low_accuracy_mode()
    return builder.build()


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    step = len(text) // 6
    part = SAMPLE_CHARS // 6
    return " ".join(text[i : i + part] for i in range(0, len(text), step))[:SAMPLE_CHARS]


def detect_language(text: str) -> tuple[str | None, float | None]:
    """Return (ISO 639-1 code, confidence in 0..1), or (None, None) when there is no text."""
    sample = _sample(text)
    letters = sum(1 for c in sample if c.isalpha())
    if not letters:
        return None, None
    for code, pattern in _OTHER_SCRIPTS:
        share = len(pattern.findall(sample)) / letters
        if share > 0.3:
            return code, round(min(1.0, share + 0.2), 2)
    accuracy = _settings()["accuracy"]
    values = detector(candidate_languages(), accuracy).compute_language_confidence_values(sample)
    if not values or values[0].value <= 0:
        return None, 0.0
    best = values[0]
    return best.language.iso_code_639_1.name.lower(), round(best.value, 2)


def dominant_script(text: str) -> str | None:
    """The script most letters of ``text`` are written in (han, cyrillic, arabic, latin)."""
    counts = Counter({name: len(rx.findall(text)) for name, rx in _SCRIPT_CLASSES})
    name, count = counts.most_common(1)[0]
    return name if count else None


def paragraphs(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each non-empty line of ``text`` (clean text has one paragraph a line)."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def paragraph_languages(
    text: str, language: str | None, confidence: float | None
) -> list[ParagraphLanguage]:
    """Per-paragraph languages when the document is mixed, else an empty list.

    A document is mixed when its long paragraphs are in different scripts, or when lingua is
    not confident of one language for the whole and a few sampled paragraphs disagree with it.
    Short paragraphs keep the document's language.
    """
    settings = _settings()
    minimum = int(settings["min_paragraph_chars"])
    spans = paragraphs(text)
    long_spans = [(s, e) for s, e in spans if e - s >= minimum]
    scripts = {dominant_script(text[s:e]) for s, e in long_spans} - {None}
    if len(scripts) < 2:
        if confidence is None or confidence >= settings["mixed_below"]:
            return []
        ends = long_spans[:1] + long_spans[-1:] if len(long_spans) > 1 else long_spans
        sampled = [detect_language(text[s : min(e, s + 250)]) for s, e in ends]
        if all(code == language or (conf or 0) < 0.6 for code, conf in sampled):
            return []
    found = []
    for start, end in spans:
        if end - start >= minimum:
            code, conf = detect_language(text[start:end])
        else:
            code, conf = language, None
        found.append(ParagraphLanguage(start, end, code, conf))
    return found
