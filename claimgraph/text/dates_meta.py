"""The publication date of a document when its text states it (dateline, 'Published ...')."""

from __future__ import annotations

import re

import dateparser

from claimgraph.nlp.tokens import dateline_end
from claimgraph.resources import load_yaml

HEAD_LINES = 8
_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month"]}


def find_published(text: str) -> tuple[str, str] | None:
    """(ISO date, precision) from a dateline or publication line near the top or the end."""
    meta = load_yaml("metadata.yaml")
    lines = [ln for ln in text.split("\n") if ln.strip()]
    candidates = lines[:HEAD_LINES] + lines[-3:]
    for line in candidates:
        end = dateline_end(line)
        if end:
            found = re.search(r"(\w+\.? \d{1,2},? \d{4}|\d{1,2} \w+\.?,? \d{4})", line[:end])
            parsed = _parse(found.group(1)) if found else None
            if parsed:
                return parsed
    for pattern in meta["published"] + meta["dateline"]:
        rx = re.compile(pattern, re.IGNORECASE)
        for line in candidates:
            match = rx.search(line)
            if match:
                parsed = _parse(match.group("date"))
                if parsed:
                    return parsed
    return None


def _parse(raw: str) -> tuple[str, str] | None:
    value = dateparser.parse(raw.strip(" ,.|"), languages=["en"], settings=_SETTINGS)
    if value is None:
        return None
    if re.search(r"\b\d{1,2}\b(?!\d)", re.sub(r"\d{4}", "", raw)):
        return value.date().isoformat(), "day"
    return value.strftime("%Y-%m"), "month"
