"""Nested readings of recognised mentions, for ``claimgraph ner``.

A mention often holds, or sits inside, another mention of its own: "the United States" (the
government) holds "United States" (the state), "the Assad regime" holds "Assad", "Syrian
Democratic Forces" holds the nationality "Syrian", "Gen. Joseph Votel" is the titled form of
"Joseph Votel", "eastern Aleppo" is a place that holds "Aleppo". Annotation schemes that keep
every mention (re3d, ACE) mark both; a flat tagger finds one. Each reading below was kept only
where re3d's training documents mark the second mention at least two times in five (the point
above which adding it raises F1 at the scores we reach); the rates are in the docstrings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from claimgraph.models.recognize import (
    NerMention,
    _core,
    _lookup,
    _mention,
    person_title_words,
)
from claimgraph.nlp.gazetteer import load_gazetteer
from claimgraph.resources import load_yaml

Reading = tuple[int, int, str]
_ARTICLE_BEFORE = re.compile(r"(?:\b[Tt]he|\bTHE)\s+$")
_ARTICLE_AT = re.compile(r"(?:[Tt]he|THE)\s+")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9&-]{1,7}")
_WORD = re.compile(r"\S+")
_CAPITALISED = re.compile(r"(?<![\w-])[A-Z][a-z]+(?![\w-])")
_NAME_PART = re.compile(
    r"(?:[A-Z][\w'\u2019-]*\.?|(?:al|el|bin|ibn|van|von|de|da|di)-?[\w'\u2019-]*)"
)
_STATE_TYPES = frozenset({"state"})
_BODY_TYPES = frozenset({"international_org"})


def with_nested_readings(text: str, found: list[NerMention]) -> list[NerMention]:
    """Add the second mention of each pattern above that is not found already."""
    out = list(found)
    have = {(m.start, m.end, m.coarse) for m in found}
    for m in found:
        for reading in _readings(text, m):
            if reading not in have:
                have.add(reading)
                out.append(_linked(text, *reading, around=m))
    return sorted(out, key=lambda m: (m.start, -m.end))


def _readings(text: str, m: NerMention) -> Iterator[Reading]:
    yield from _name_after_title(text, m)
    yield from _government_core(text, m)
    yield from _government_outer(text, m)
    yield from _acronym_article(text, m)
    yield from _demonyms_inside(text, m)
    yield from _titled_person(text, m)
    yield from _place_prefixes(text, m)


def _linked(text: str, start: int, end: int, coarse: str, around: NerMention) -> NerMention:
    """A mention for a reading, resolved through the gazetteer where the span is a known name
    (keeping the reading's label: "United States" as a place inside the government); a titled
    person is the person named inside."""
    mention = _mention(text, start, end, coarse, _lookup(text, start, end), "nested")
    mention.coarse = coarse
    if mention.how == "nested" and coarse == around.coarse == "PER":
        mention.entity_id, mention.entity_name = around.entity_id, around.entity_name
        mention.type = around.type
    return mention


def _government_core(text: str, m: NerMention) -> Iterator[Reading]:
    """The name inside a group mention: the state in "the United States" or "the UK" read as a
    government (re3d train: 29 of 40), the body in "the UN" (6 of 6), the person in "the Assad
    regime" (the trailing "regime" is the context an ambiguous surname needs)."""
    if m.coarse != "ORG":
        return
    start, end = _core(text, m.start, m.end)
    if (start, end) == (m.start, m.end):
        return
    link = _lookup(text, start, end, context=end < m.end)
    if link is None:
        return
    etype = link.entry.get("type")
    if etype in _STATE_TYPES:
        yield start, end, "LOC"
    elif etype in _BODY_TYPES:
        yield start, end, "ORG"
    elif etype == "person":
        yield start, end, "PER"


def _government_outer(text: str, m: NerMention) -> Iterator[Reading]:
    """ "the United States" as a government around a state named after "the" (29 of 40)."""
    if m.type not in _STATE_TYPES or m.coarse not in ("LOC", "ORG"):
        return
    article = _ARTICLE_BEFORE.search(text, max(0, m.start - 5), m.start)
    if article is not None:
        yield article.start(), m.end, "ORG"


def _name_after_title(text: str, m: NerMention) -> Iterator[Reading]:
    """The name at the end of a long person mention, from a given name on ("John Kerry" in "US
    Secretary of State John Kerry", "Tobias Ellwood" in "Minister for the Middle East Tobias
    Ellwood")."""
    if m.coarse != "PER":
        return
    words = list(_WORD.finditer(m.text))
    for i, word in enumerate(words[1:-1], start=1):
        if word.group() in first_names() and all(
            _NAME_PART.fullmatch(w.group()) for w in words[i:]
        ):
            yield m.start + word.start(), m.end, "PER"
            return


@cache
def first_names() -> frozenset[str]:
    """Given names (``lexicons/first_names.yaml``)."""
    return frozenset(str(n) for n in load_yaml("lexicons/first_names.yaml")["names"])


def _acronym_article(text: str, m: NerMention) -> Iterator[Reading]:
    """Both "the SDF" and "SDF" for an organisation's acronym (re3d train: the bare acronym
    inside "the X" 10 of 21, "the X" around a bare acronym 10 of 18)."""
    if m.coarse != "ORG":
        return
    article = _ARTICLE_AT.match(m.text)
    if article is not None and _ACRONYM.fullmatch(m.text, article.end()):
        yield m.start + article.end(), m.end, "ORG"
    elif _ACRONYM.fullmatch(m.text):
        before = _ARTICLE_BEFORE.search(text, max(0, m.start - 5), m.start)
        if before is not None:
            yield before.start(), m.end, "ORG"


def _demonyms_inside(text: str, m: NerMention) -> Iterator[Reading]:
    """A nationality word inside a longer name: "Syrian" in "Syrian Democratic Forces" (an
    organisation 36 times in 70, a person's title 10 in 10)."""
    if m.coarse not in ("ORG", "PER") or " " not in m.text:
        return
    for word in _CAPITALISED.finditer(m.text):
        if word.group() in _demonyms():
            yield m.start + word.start(), m.start + word.end(), "NAT"


@cache
def _demonyms() -> frozenset[str]:
    """Every one-word demonym the gazetteer knows ("Syrian", "Iraqi", "Russians")."""
    return frozenset(
        str(form)
        for entry in load_gazetteer().entries.values()
        for form in entry.get("demonyms") or []
        if " " not in str(form)
    )


def _titled_person(text: str, m: NerMention) -> Iterator[Reading]:
    """The person with the title in front of the name: "Gen. Joseph Votel" around "Joseph
    Votel" (14 of 26)."""
    if m.coarse != "PER":
        return
    title = _title_before().search(text, max(0, m.start - 60), m.start)
    if title is not None and title.start() < m.start:
        yield title.start(), m.end, "PER"


@cache
def _title_before() -> re.Pattern[str]:
    """A run of person titles ending right before a name ("Maj. Gen. ")."""
    return re.compile(rf"(?i)(?<![\w.])(?:(?:{person_title_words()})\s+)+$")


def _place_prefixes(text: str, m: NerMention) -> Iterator[Reading]:
    """A place with the words before its name: the part named by a direction ("eastern
    Aleppo", 6 of 8) and the kind of place ("the city of Mosul", 4 of 6)."""
    if m.coarse != "LOC":
        return
    for pattern in _place_prefix_patterns():
        before = pattern.search(text, max(0, m.start - 30), m.start)
        if before is not None:
            yield before.start(), m.end, "LOC"


@cache
def _place_prefix_patterns() -> tuple[re.Pattern[str], ...]:
    places = load_yaml("lexicons/places.yaml")
    directions, kinds = (
        "|".join(re.escape(str(w)) for w in sorted(places[key], key=len, reverse=True))
        for key in ("direction_words", "of_nouns")
    )
    return (
        re.compile(rf"(?i)(?<![\w-])(?:{directions})\s+$"),
        re.compile(rf"\b[Tt]he\s+(?:{kinds})\s+of\s+$"),
    )
