"""Language identification by script and function words (a light first version).

Cyrillic, Han, Arabic, Hebrew, Greek and other scripts decide directly; Latin-script text is
scored against short function-word lists (``resources/lexicons/stopwords.yaml``).
"""

from __future__ import annotations

import re
from collections import Counter

from claimgraph.resources import load_yaml

SUPPORTED_FOR_CLAIMS = ("en",)
_SCRIPTS: list[tuple[str, str]] = [
    ("zh", r"[\u4e00-\u9fff]"),
    ("ja", r"[\u3040-\u30ff]"),
    ("ko", r"[\uac00-\ud7af]"),
    ("ar", r"[\u0600-\u06ff]"),
    ("he", r"[\u0590-\u05ff]"),
    ("el", r"[\u0370-\u03ff]"),
    ("ru", r"[\u0400-\u04ff]"),
]
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_WORD = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> tuple[str | None, float | None]:
    """Return (ISO 639-1 code, confidence in 0..1), or (None, None) when there is no text."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return None, None
    counts = Counter({code: len(re.findall(rx, text)) for code, rx in _SCRIPTS})
    code, count = counts.most_common(1)[0]
    share = count / len(letters)
    if share > 0.3:
        if code == "ru" and len(_UKRAINIAN.findall(text)) > 0.005 * count:
            code = "uk"
        return code, round(min(1.0, share + 0.2), 2)
    return _latin_language(text)


def _latin_language(text: str) -> tuple[str | None, float | None]:
    words = [w.lower() for w in _WORD.findall(text)]
    if not words:
        return None, None
    lists: dict[str, list[str]] = load_yaml("lexicons/stopwords.yaml")
    scores = {lang: sum(1 for w in words if w in set(stop)) for lang, stop in lists.items()}
    best = max(scores, key=lambda k: scores[k])
    total = sum(scores.values())
    if scores[best] == 0:
        return None, 0.0
    return best, round(scores[best] / total, 2)
