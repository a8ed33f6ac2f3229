"""Time expressions: explicit dates, months, years, decades and relative phrases resolved
against the document's reference date (its publication date). Without one, a month-level
relative date keeps its year open (``XXXX-09``) and "this decade" takes the decade of the
years the document itself names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from claimgraph.model import Span, TimeExpr
from claimgraph.resources import load_yaml

_LEX = load_yaml("lexicons/time.yaml")
MONTHS = {m: i + 1 for i, m in enumerate(_LEX["months"])} | _LEX["month_abbreviations"]
_MONTH_RX = "|".join(sorted(MONTHS, key=len, reverse=True))
_QUAL_RX = "|".join(sorted((re.escape(q) for q in _LEX["qualifiers"]), key=len, reverse=True))
_WEEKDAYS = _LEX["weekdays"]

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "full_date",
        re.compile(
            rf"\b(?:(?P<q>{_QUAL_RX})\s+)?(?P<d>\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_RX})\.?,?\s+\d{{4}}|(?:{_MONTH_RX})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
            re.I,
        ),
    ),
    (
        "month_year",
        re.compile(
            rf"\b(?:(?P<q>{_QUAL_RX})\s+)?(?:(?:early|mid|late|the end of)[- ])?"
            rf"(?P<m>{_MONTH_RX})\.?\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    (
        "month_day",
        re.compile(
            rf"\b(?:(?P<q>{_QUAL_RX})\s+)?(?:(?P<m>{_MONTH_RX})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
            rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_RX})\.?)\b(?!,?\s*\d{{4}})",
            re.I,
        ),
    ),
    (
        "decade_end",
        re.compile(
            r"\b(?P<q>by|before|until)\s+the\s+end\s+of\s+(?P<which>this|the|next)\s+decade\b", re.I
        ),
    ),
    (
        "year_end",
        re.compile(
            r"\b(?P<q>by|before|until)\s+the\s+end\s+of\s+(?P<which>this|the|next)\s+year\b", re.I
        ),
    ),
    ("decade", re.compile(r"\b(?:in\s+)?the\s+(?P<y>(?:19|20)\d0)s\b", re.I)),
    (
        "rel_month",
        re.compile(
            rf"\b(?:(?P<mod>earlier|later|early|late)\s+)?(?P<which>this|last|next|in)\s+(?P<m>{_MONTH_RX})\b(?!\s+\d)",
            re.I,
        ),
    ),
    (
        "rel_unit",
        re.compile(r"\b(?P<which>this|last|next|past)\s+(?P<unit>week|month|year)\b", re.I),
    ),
    (
        "deictic",
        re.compile(
            r"\b(?P<w>today|yesterday|tomorrow|tonight|last\s+night"
            r"|this\s+(?:morning|afternoon|evening))\b",
            re.I,
        ),
    ),
    ("weekday", re.compile(rf"\b(?:on|last|this|next)\s+(?P<wd>{'|'.join(_WEEKDAYS)})\b", re.I)),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>years?|months?)\s+ago\b",
            re.I,
        ),
    ),
    (
        "within",
        re.compile(
            r"\b(?P<q>within|in)\s+(?:the\s+next\s+)?(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+years\b",
            re.I,
        ),
    ),
    (
        "year",
        re.compile(
            rf"\b(?:(?P<q>{_QUAL_RX})\s+)?(?:(?:early|mid|late)[- ])?(?P<y>(?:19|20)\d\d)\b"
            r"(?![-/.]\d|\s*(?:%|per|km|kg|m\b|tons?|tonnes?))",
            re.I,
        ),
    ),
]
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


@dataclass(frozen=True)
class Context:
    """What relative expressions resolve against."""

    reference: date | None
    document_years: tuple[int, ...] = ()

    def decade(self) -> int | None:
        if self.reference:
            return self.reference.year // 10 * 10
        if self.document_years:
            years = sorted(self.document_years)
            return years[len(years) // 2] // 10 * 10
        return None


def document_years(text: str) -> tuple[int, ...]:
    """Explicit four-digit years a text names (to place 'this decade' without a date)."""
    return tuple(int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text))


# Every pattern above needs a digit, a month or weekday name, or a calendar unit word.
_TRIGGER = re.compile(
    rf"\d|\b(?:{_MONTH_RX}|{'|'.join(_WEEKDAYS)}|week|month|year|decade"
    r"|today|yesterday|tomorrow|tonight|night|morning|afternoon|evening)",
    re.I,
)
# Days named relative to the reference date ("yesterday" = one day before it).
_DEICTIC = {"yesterday": -1, "tomorrow": 1, "last night": -1}
# Patterns that need a month name (or an ISO date) skip texts without one: the three slowest.
_MONTH_WORD = re.compile(rf"\b(?:{_MONTH_RX})\b|\d{{4}}-\d\d-\d\d", re.I)
_NEEDS_MONTH = {"full_date", "month_year", "month_day", "rel_month"}


def find_times(text: str, offset: int, context: Context) -> list[TimeExpr]:
    """Time expressions in a sentence, non-overlapping, first pattern wins."""
    found: list[TimeExpr] = []
    if not _TRIGGER.search(text):
        return found
    taken: list[tuple[int, int]] = []
    has_month = _MONTH_WORD.search(text) is not None
    for kind, pattern in PATTERNS:
        if kind in _NEEDS_MONTH and not has_month:
            continue
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            expr = _resolve(kind, match, context)
            if expr is None:
                continue
            span = Span(start=offset + match.start(), end=offset + match.end(), text=match.group())
            found.append(expr.model_copy(update={"span": span}))
            taken.append((match.start(), match.end()))
    return sorted(found, key=lambda t: t.span.start if t.span else 0)


# ISO date, or day then month, or month then day (the year ends every other full_date match).
_DATE_PARTS = re.compile(
    rf"(\d{{4}})-(\d\d)-(\d\d)|(\d{{1,2}})\D*?({_MONTH_RX})|({_MONTH_RX})\D*?(\d{{1,2}})", re.I
)


def _full_date(text: str) -> date | None:
    """The day a full_date match names ("12 March 2024", "Dec. 26, 2016", "2024-03-12"), or
    None for an impossible one ("31 February 2024")."""
    parts = _DATE_PARTS.search(text)
    if parts is None:
        return None
    iso_year, iso_month, iso_day, day_first, month_after, month_first, day_after = parts.groups()
    try:
        if iso_year:
            return date(int(iso_year), int(iso_month), int(iso_day))
        month = MONTHS[(month_after or month_first).lower()]
        year = int(text[-4:])
        return date(year, month, int(day_first or day_after))
    except ValueError:
        return None


def _qualifier(match: re.Match[str]) -> str | None:
    q = match.groupdict().get("q")
    return _LEX["qualifiers"].get(q.lower()) if q else None


def _expr(value: str, precision: str, qualifier: str | None) -> TimeExpr:
    label = f"{qualifier} {value}" if qualifier else value
    return TimeExpr(value=value, precision=precision, qualifier=qualifier, label=label)


def _resolve(kind: str, m: re.Match[str], ctx: Context) -> TimeExpr | None:
    q = _qualifier(m)
    ref = ctx.reference
    if kind == "full_date":
        day = _full_date(m.group("d"))
        return _expr(day.isoformat(), "day", q) if day else None
    if kind == "month_day":
        return _month_day(m, ctx.reference, q)
    if kind == "month_year":
        return _expr(f"{m.group('y')}-{MONTHS[m.group('m').lower()]:02d}", "month", q)
    if kind == "year":
        return _expr(m.group("y"), "year", q)
    if kind == "decade":
        return _expr(m.group("y")[:3] + "0s", "decade", None)
    if kind == "decade_end":
        decade = ctx.decade()
        if decade is None:
            return None
        shift = 10 if m.group("which").lower() == "next" else 0
        return _expr(str(decade + 10 + shift), "year", "by")
    if kind == "year_end":
        if not ref:
            return None
        return _expr(str(ref.year + (1 if m.group("which").lower() == "next" else 0)), "year", "by")
    if kind == "rel_month":
        return _relative_month(m, ref)
    if ref is None:
        return None
    return _relative_to_reference(kind, m, ref)


def _month_day(m: re.Match[str], ref: date | None, q: str | None) -> TimeExpr | None:
    """'Dec. 27', '27 December': the last such day on or before the reference date."""
    month = MONTHS[(m.group("m") or m.group("m2")).lower()]
    day = int(m.group("d") or m.group("d2"))
    if not 1 <= day <= 31 or (m.group("m") or "").lower() == "may" and not m.group("d"):
        return None
    if ref is None:
        return _expr(f"XXXX-{month:02d}-{day:02d}", "day", q)
    year = ref.year if (month, day) <= (ref.month, ref.day) else ref.year - 1
    try:
        return _expr(date(year, month, day).isoformat(), "day", q)
    except ValueError:
        return None


def _relative_month(m: re.Match[str], ref: date | None) -> TimeExpr | None:
    month = MONTHS[m.group("m").lower()]
    which = m.group("which").lower()
    if m.group("m").lower() == "may" and which == "in":
        return None  # "in may" is almost always the verb
    if ref is None:
        return _expr(f"XXXX-{month:02d}", "month", None)
    year = ref.year
    if which == "last" or (which in {"in", "this"} and month > ref.month and which != "this"):
        year -= 1
    elif which == "next":
        year += 1
    return _expr(f"{year}-{month:02d}", "month", None)


def _relative_to_reference(kind: str, m: re.Match[str], ref: date) -> TimeExpr | None:
    if kind == "rel_unit":
        step = {"this": 0, "last": -1, "past": -1, "next": 1}[m.group("which").lower()]
        unit = m.group("unit").lower()
        if unit == "year":
            return _expr(str(ref.year + step), "year", None)
        if unit == "month":
            month_index = ref.year * 12 + ref.month - 1 + step
            return _expr(f"{month_index // 12}-{month_index % 12 + 1:02d}", "month", None)
        return _expr((ref + timedelta(weeks=step)).isoformat(), "day", None)
    if kind == "deictic":
        word = " ".join(m.group("w").lower().split())
        return _expr((ref + timedelta(days=_DEICTIC.get(word, 0))).isoformat(), "day", None)
    if kind == "weekday":
        target = _WEEKDAYS.index(m.group("wd").lower())
        delta = (ref.weekday() - target) % 7
        return _expr((ref - timedelta(days=delta)).isoformat(), "day", None)
    n_raw = m.group("n").lower()
    n = int(n_raw) if n_raw.isdigit() else _NUMBER_WORDS[n_raw]
    if kind == "ago":
        return _expr(str(ref.year - n), "year", None) if "year" in m.group("unit") else None
    return _expr(str(ref.year + n), "year", "by")
