"""Quantity expressions: numbers (digits and words), approximations ("about 20", "at least 11",
"up to 12"), ranges ("between 20 and 30", "20-30") and vague amounts ("dozens of", "Multiple").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimgraph.resources import load_yaml

_LEX = load_yaml("lexicons/quantities.yaml")


def _alternation(words: list[str] | dict) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


_WORDS = _alternation(_LEX["numbers"])
_MULTIPLIERS = _alternation(_LEX["multipliers"])
_NUM = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{_WORDS})(?:\s+(?:{_MULTIPLIERS}))?"
_APPROX = _alternation(_LEX["approximators"])
_VAGUE = _alternation(_LEX["vague"])
QUANTITY = re.compile(
    rf"(?<![\w.\-])(?:(?P<approx>{_APPROX})\s+)?(?:between\s+(?P<lo>{_NUM})\s+and\s+(?P<hi>{_NUM})"
    rf"|(?<![\w.\-])(?P<a>{_NUM})(?:\s*(?:to|-|–|or)\s*(?P<b>{_NUM}))?)\b(?!\s*(?:%|per\s?cent|years?\b|km\b|kilometres|miles|percent))"
    rf"|\b(?P<vague>{_VAGUE})\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    """A quantity found in text, with offsets relative to the searched string."""

    value: float | None
    maximum: float | None
    text: str
    estimated: bool
    start: int
    end: int


def parse_number(raw: str) -> float:
    """'1,200' -> 1200, 'eleven' -> 11, 'two hundred' -> 200, '3 million' -> 3e6."""
    words = raw.lower().split()
    multiplier = 1
    if len(words) > 1 and words[-1] in _LEX["multipliers"]:
        multiplier = _LEX["multipliers"][words[-1]]
        words = words[:-1]
    base = " ".join(words)
    value = _LEX["numbers"].get(base)
    if value is None:
        value = float(base.replace(",", ""))
    return float(value) * multiplier


def find_quantities(text: str) -> list[Quantity]:
    """All quantity expressions in a string."""
    out = []
    for m in QUANTITY.finditer(text):
        if m.group("vague"):
            word = m.group("vague")
            out.append(Quantity(None, None, word, True, m.start(), m.end()))
            continue
        out.append(_numeric(m))
    return out


def _numeric(m: re.Match[str]) -> Quantity:
    approx = (m.group("approx") or "").lower()
    rule = _LEX["approximators"].get(approx, {}) if approx else {}
    low_raw, high_raw = (
        (m.group("lo"), m.group("hi")) if m.group("lo") else (m.group("a"), m.group("b"))
    )
    low = parse_number(low_raw)
    high = parse_number(high_raw) if high_raw else None
    if high is not None and high < low:
        high = None
    estimated = bool(approx) and not rule.get("exact") or high is not None
    maximum = high
    if rule.get("max"):
        maximum = low
    return Quantity(low, maximum, m.group().strip(), estimated, m.start(), m.end())


_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(?:million|billion|trillion|thousand|bn|mn|m|k)\b)?"
MONEY = re.compile(
    rf"(?<![\w$£€¥])(?:{_alternation(_LEX['currency_signs'])})\s?(?:{_AMOUNT}){_SCALE}"
    rf"|\b(?:{_AMOUNT}|{_WORDS})(?:\s(?:{_MULTIPLIERS}))?\s(?:{_alternation(_LEX['currency_words'])})\b",
    re.IGNORECASE,
)


def find_money(text: str) -> list[tuple[int, int]]:
    """Spans of amounts of money ("$5 million", "£59.5m", "9 billion euros")."""
    return [(m.start(), m.end()) for m in MONEY.finditer(text)]
