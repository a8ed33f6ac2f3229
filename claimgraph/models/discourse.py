"""One reading per name per document, for ``claimgraph ner``.

A name the recogniser found once is the same name where it recurs: "6PR" tagged as an
organisation in one sentence and missed in five others, "Caloi" read as a person twice and a
place once. The other occurrences of each found name get a mention too, and mentions the model
alone typed take the type the name has most often in the document. Left alone: names that
start with "the", one-word names at the start of a sentence ("Will", "May"), and mentions the
gazetteer resolved (their type is known).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from claimgraph.models.recognize import NerMention, coverage

NAME_LABELS = frozenset({"PER", "ORG", "LOC", "NAT"})
_WORD = re.compile(r"[^\W_]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:\"\u201c]\s*|\n\s*)$")


def with_repeated_names(text: str, found: list[NerMention]) -> list[NerMention]:
    """Add the unfound occurrences of found names; give model-typed mentions their name's
    majority type; link an acronym defined in the text to its long form."""
    readings = _readings(found)
    out = list(found)
    covered = coverage(len(text), ((m.start, m.end) for m in found))
    occurrences = _occurrences(text, list(readings)) if readings else {}
    for name, source in readings.items():
        for start in occurrences.get(name, ()):
            end = start + len(name)
            if any(covered[start:end]) or _sentence_initial_word(text, name, start):
                continue
            out.append(_copy(source, start, end))
            covered[start:end] = b"\x01" * (end - start)
    _majority_types(out)
    _link_defined_acronyms(text, out)
    return sorted(out, key=lambda m: (m.start, -m.end))


def _occurrences(text: str, names: list[str]) -> dict[str, list[int]]:
    """Where each name stands in the text as whole words (not inside "6PRs" or "ex-6PR"): one
    pass over the text's words, each looked up by the names' word sequences."""
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for name in names:
        by_words[tuple(_WORD.findall(name))].append(name)
    lengths: dict[str, set[int]] = defaultdict(set)
    for key in by_words:
        if key:
            lengths[key[0]].add(len(key))
    words = [(w.group(), w.start()) for w in _WORD.finditer(text)]
    found: dict[str, list[int]] = defaultdict(list)
    for i, (word, start) in enumerate(words):
        for n in lengths.get(word, ()):
            for name in by_words.get(tuple(w for w, _ in words[i : i + n]), ()):
                if _stands_alone(text, name, start):
                    found[name].append(start)
    return found


def _stands_alone(text: str, name: str, start: int) -> bool:
    end = start + len(name)
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return text.startswith(name, start) and not _word_char(before) and not _word_char(after)


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_-"


def _readings(found: list[NerMention]) -> dict[str, NerMention]:
    """The mention that speaks for each repeatable name: one of its most frequent type."""
    by_name: dict[str, list[NerMention]] = defaultdict(list)
    for m in found:
        if _repeatable(m):
            by_name[m.text].append(m)
    out = {}
    for name, mentions in by_name.items():
        label = Counter(m.coarse for m in mentions).most_common(1)[0][0]
        out[name] = next(m for m in mentions if m.coarse == label)
    return out


def _repeatable(m: NerMention) -> bool:
    return (
        m.coarse in NAME_LABELS
        and m.how not in ("referring", "nested")
        and len(m.text) >= 2
        and any(c.isupper() for c in m.text)
        and not m.text.lower().startswith("the ")
    )


def _sentence_initial_word(text: str, name: str, start: int) -> bool:
    return " " not in name and _SENTENCE_START.search(text, max(0, start - 3), start) is not None


def _copy(source: NerMention, start: int, end: int) -> NerMention:
    return NerMention(
        start,
        end,
        source.text,
        source.coarse,
        source.type,
        source.entity_id,
        source.entity_name,
        "repeated",
    )


def _majority_types(mentions: list[NerMention]) -> None:
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.coarse in NAME_LABELS and m.how not in ("referring", "nested"):
            votes[m.text][m.coarse] += 1
    for m in mentions:
        if m.how in ("model", "repeated") and m.coarse in NAME_LABELS:
            label, count = votes[m.text].most_common(1)[0]
            if count > votes[m.text][m.coarse]:
                m.coarse = label


def _link_defined_acronyms(text: str, mentions: list[NerMention]) -> None:
    """An acronym in brackets after a name ("Royal United Services Institute (RUSI)"): every
    mention of the acronym and of the long form names one entity (a known one, if the
    gazetteer knows either)."""
    by_start = {m.start: m for m in mentions}
    for long in mentions:
        defined = _DEFINITION.match(text, long.end)
        short = by_start.get(defined.start(1)) if defined else None
        if short is None or not _abbreviates(short.text, long.text):
            continue
        known = long if "gazetteer" in long.how or "gazetteer" not in short.how else short
        for m in mentions:
            if m.text in (long.text, short.text) and "gazetteer" not in m.how:
                m.entity_id, m.entity_name, m.type = known.entity_id, known.entity_name, known.type


_DEFINITION = re.compile(r"\s*\(([A-Z][A-Za-z0-9&]{1,9})\)")
_MINOR_WORDS = frozenset({"of", "and", "for", "the", "on", "in", "de", "&"})


def _abbreviates(short: str, long: str) -> bool:
    """Do the initials of the long form's words spell the acronym (minor words optional)?"""
    words = [w for w in re.split(r"[\s-]+", long) if w]
    initials = "".join(w[0] for w in words).upper()
    major = "".join(w[0] for w in words if w.lower() not in _MINOR_WORDS).upper()
    return short.upper() in (initials, major)
