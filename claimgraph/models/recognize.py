"""Mention recognition for ``claimgraph ner``: the statistical model plus the gazetteer.

The model proposes typed spans; the gazetteer (``claimgraph.nlp.gazetteer``) resolves them to
canonical entities where it knows the name, and adds the names the model missed. Texts mostly in
Cyrillic or CJK script skip the (English) model and use the gazetteer only, with substring
matching for Chinese (no word spaces) and stem matching for Russian case endings.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from claimgraph.nlp.gazetteer import Gazetteer, Surface, load_gazetteer
from claimgraph.nlp.ner_model import TaggedToken
from claimgraph.nlp.places import load_places
from claimgraph.nlp.tokens import Token, tokenize
from claimgraph.resources import load_yaml

NON_ENTITY_TYPES = {
    "NAT": "nationality",
    "DATE": "date",
    "QUANTITY": "quantity",
    "MONEY": "money",
    "WEAPON": "equipment",
    "PLATFORM": "equipment",
    "VEHICLE": "equipment",
}
DEFAULT_TYPES = {"PER": "person", "ORG": "organization", "LOC": "location", **NON_ENTITY_TYPES}
_LEADING = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING = re.compile(r"(?:['\u2019]s?|\s+(?:forces?|government|regime))$")
_EDGE_JUNK = set(" \t\n\r\u00a0,;:")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
_RU_ENDING = re.compile(r"(?:ия|ая|яя|ой|ей|ий|ый|ые|ых|ии|ию|ие|ом|ем|ам|ах|а|я|ы|и|у|ю|е|о|ь|й)$")


@dataclass
class NerMention:
    """One recognised mention: span, coarse label, entity reference and how it was found."""

    start: int
    end: int
    text: str
    coarse: str
    type: str
    entity_id: str
    entity_name: str
    how: str

    def to_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "type": self.type,
            "entity": {"id": self.entity_id, "name": self.entity_name},
            "coarse": self.coarse,
        }


@dataclass(frozen=True)
class GazMatch:
    """A gazetteer match: char span, the surface and its entry."""

    start: int
    end: int
    surface: Surface
    entry: dict

    @property
    def coarse(self) -> str:
        return gazetteer_coarse(self.entry, self.surface)


def gazetteer_coarse(entry: dict, surface: Surface) -> str:
    """The coarse label a gazetteer surface implies (demonyms NAT, states LOC, ...)."""
    etype = entry.get("type", "")
    if surface.how == "demonym":
        return "NAT"
    if etype == "person":
        return "PER"
    if etype == "location":
        return "LOC"
    if etype == "equipment":
        return "WEAPON"
    if etype == "state":
        return "ORG" if surface.how == "metonym" and _building(entry, surface.form) else "LOC"
    return "ORG"


def _building(entry: dict, form: str) -> bool:
    """Is a metonym a seat of power named with "the" (the Kremlin), not a capital city?"""
    forms = {str(f).lower() for f in entry.get("metonyms") or []}
    low = form.lower()
    return low.startswith("the ") or f"the {low}" in forms


def slug(text: str) -> str:
    """A lower-case id fragment of a name (letters of any script kept)."""
    text = _LEADING.sub("", unicodedata.normalize("NFKC", text.strip()))
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-_") or "x"


def script_of(text: str) -> str:
    """'cjk', 'cyrillic' or 'latin': the script most letters of the text are written in."""
    counts = {
        "cjk": len(_CJK.findall(text)),
        "cyrillic": len(_CYRILLIC.findall(text)),
        "latin": len(_LATIN.findall(text)),
    }
    return max(counts, key=lambda k: counts[k]) if any(counts.values()) else "latin"


# ----------------------------------------------------------------------------- gazetteer


def gazetteer_matches(
    text: str, gazetteer: Gazetteer | None = None, tokens: list[Token] | None = None
) -> list[GazMatch]:
    """Greedy longest gazetteer matches over the text's tokens, then places where no gazetteer
    name is (only with the shipped gazetteer), plus CJK and Russian matching."""
    gaz = gazetteer or load_gazetteer()
    tokens = tokenize(text) if tokens is None else tokens
    out = _greedy_matches(gaz, tokens, lambda e, s, toks: not _ambiguous(e, s, toks))
    taken = coverage(len(text), ((m.start, m.end) for m in out))
    extra: list[GazMatch] = []
    if gazetteer is None:
        # Cities, seas, islands and regions; names that are also ordinary words ("Mobile",
        # "Reading") are left to the model.
        extra += _greedy_matches(load_places(), tokens, lambda e, s, toks: not e.get("ambiguous"))
    extra += _cjk_matches(text, gaz) + _russian_matches(tokens, gaz)
    for m in extra:
        if not any(taken[m.start : m.end]):
            out.append(m)
            taken[m.start : m.end] = b"\x01" * (m.end - m.start)
    return sorted(out, key=lambda m: (m.start, -m.end))


def _greedy_matches(
    gaz: Gazetteer, tokens: list[Token], keep: Callable[[dict, Surface, list[Token]], bool]
) -> list[GazMatch]:
    """Longest match at each token, left to right, kept when ``keep(entry, surface, tokens)``."""
    out: list[GazMatch] = []
    i = 0
    while i < len(tokens):
        found = gaz.match_at(tokens, i)
        if found is None:
            i += 1
            continue
        n, surface = found
        entry = gaz.entries[surface.entity_id]
        if keep(entry, surface, tokens[i : i + n]):
            out.append(GazMatch(tokens[i].start, tokens[i + n - 1].end, surface, entry))
        i += n
    return out


def _ambiguous(entry: dict, surface: Surface, tokens: list[Token]) -> bool:
    forms = {str(a).lower() for a in entry.get("ambiguous_aliases") or []}
    return " ".join(t.norm for t in tokens) in forms or surface.form.lower() in forms


def coverage(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """One byte per character of the text, set where one of the spans lies (an overlap test
    is then a slice, not a scan of every span)."""
    covered = bytearray(length + 1)
    for start, end in spans:
        covered[start:end] = b"\x01" * (end - start)
    return covered


@cache
def _cjk_index() -> tuple[re.Pattern[str] | None, dict[str, Surface]]:
    gaz = load_gazetteer()
    forms: dict[str, Surface] = {}
    for surfaces in gaz.index.values():
        for s in surfaces:
            if _CJK.search(s.form) and s.form not in forms:
                forms[s.form] = s
    if not forms:
        return None, forms
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(alternatives), forms


def _cjk_matches(text: str, gaz: Gazetteer) -> list[GazMatch]:
    if not _CJK.search(text):
        return []
    pattern, forms = _cjk_index()
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        surface = forms[m.group()]
        out.append(GazMatch(m.start(), m.end(), surface, gaz.entries[surface.entity_id]))
    return out


@cache
def _russian_index() -> dict[tuple[str, ...], Surface]:
    """Cyrillic surfaces keyed by the stems of their words (case endings removed)."""
    gaz = load_gazetteer()
    index: dict[tuple[str, ...], Surface] = {}
    for key, surfaces in gaz.index.items():
        if all(_CYRILLIC.search(w) for w in key):
            stem = tuple(_ru_stem(w) for w in key)
            index.setdefault(stem, surfaces[0])
    return index


def _ru_stem(word: str) -> str:
    stem = _RU_ENDING.sub("", word.lower())
    return stem if len(stem) >= 3 else word.lower()


def _russian_matches(tokens: list[Token], gaz: Gazetteer) -> list[GazMatch]:
    if not any(_CYRILLIC.search(t.text) for t in tokens):
        return []
    index = _russian_index()
    longest = max((len(k) for k in index), default=1)
    out, i = [], 0
    while i < len(tokens):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            window = tokens[i : i + n]
            if not window[0].is_capitalised or not _CYRILLIC.search(window[0].text):
                continue
            surface = index.get(tuple(_ru_stem(t.text) for t in window))
            if surface is not None:
                entry = gaz.entries[surface.entity_id]
                out.append(GazMatch(window[0].start, window[-1].end, surface, entry))
                i += n - 1
                break
        i += 1
    return out


# ----------------------------------------------------------------------------- combination


def recognize(
    text: str, use_model: bool | None = None, nested: bool = True, referring: bool = False
) -> list[NerMention]:
    """Mentions in the text, exactly as given (offsets into ``text``), sorted by position.

    ``use_model`` None means: use the statistical model when it is installed and the text is
    mostly Latin script. ``nested`` adds the mentions re3d marks inside or around others
    (``claimgraph.models.nesting``: "Kurdish" inside "the Kurdish YPG", "United States"
    inside "the United States" read as a government). ``referring`` adds pronouns and noun
    phrases that refer to entities (``claimgraph.models.referring``; needs the model).
    """
    from claimgraph.nlp import ner_model

    if use_model is None:
        use_model = ner_model.model_available() and script_of(text) == "latin"
    model: list[tuple[int, int, str]] = []
    tagged: list[TaggedToken] = []
    if use_model and referring:
        model, tagged = ner_model.tagged_mentions(text)
    elif use_model:
        model = ner_model.statistical_mentions(text)
    return resolve(text, model, tagged, nested=nested)


def resolve(
    text: str,
    model: list[tuple[int, int, str]],
    tagged: list[TaggedToken] | None = None,
    nested: bool = True,
) -> list[NerMention]:
    """Everything after the model: gazetteer resolution and names it missed, equipment,
    dates and money, nested readings, other occurrences of found names, and (given the tagged
    tokens) pronouns and noun phrases."""
    tokens = tokenize(text)
    found = combine(text, model, gazetteer_matches(text, tokens=tokens), nested=nested)
    found = with_dates_and_money(text, with_equipment(text, found, tokens))
    if nested:
        from claimgraph.models.nesting import with_nested_readings

        found = with_nested_readings(text, found)
    from claimgraph.models.discourse import with_repeated_names

    found = with_repeated_names(text, found)
    if tagged:
        from claimgraph.models.referring import with_referring_mentions

        found = with_referring_mentions(text, found, tagged)
    return found


def with_equipment(
    text: str, found: list[NerMention], tokens: list[Token] | None = None
) -> list[NerMention]:
    """Add the weapon and platform designations of the equipment taxonomy
    (``resources/equipment.yaml``: "Leopard 2", "S-400", "F-16"), labelled by their SIPRI
    category; they replace mentions that overlap them ("Leopard" tagged as an organisation)."""
    from claimgraph.nlp.equipment import match_designation

    labels = load_yaml("lexicons/equipment_words.yaml")["ner_labels"]
    tokens = tokenize(text) if tokens is None else tokens
    out = list(found)
    i = 0
    while i < len(tokens):
        match = match_designation(tokens, i)
        label = labels.get(match[1].get("category")) if match else None
        if match is None or label is None:
            i += 1
            continue
        start, end = tokens[i].start, tokens[i + match[0] - 1].end
        if not _equipment_context(text[start:end], tokens[i + match[0] : i + match[0] + 1]):
            i += 1
            continue
        out = [m for m in out if not (m.start < end and start < m.end)]
        out.append(_mention(text, start, end, label, None, "equipment"))
        i += match[0]
    return sorted(out, key=lambda m: (m.start, -m.end))


_DATE_LEAD = re.compile(
    r"(?i)(?:in|on|at|since|by|from|until|till|during|before|after|between|of)\s+"
)


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for each line of the text (the date finder works a sentence or line at
    a time and skips lines that cannot hold a date)."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, line))
        start += len(line) + 1
    return out


def with_dates_and_money(text: str, found: list[NerMention]) -> list[NerMention]:
    """Add the amounts of money (``claimgraph.nlp.quantities.find_money``) and the dates the
    claims stage's date finder (``claimgraph.nlp.dates``) reads, without a leading preposition
    ("1956" in "in 1956"). Such a span replaces mentions that lie inside it ("June" tagged as
    a person in "25 June", "12 March" in "12 March 2024") and gives way to one that crosses
    its edge or covers it."""
    from claimgraph.nlp.dates import Context, document_years, find_times
    from claimgraph.nlp.quantities import find_money

    candidates = [(start, end, "MONEY") for start, end in find_money(text)]
    context = Context(None, document_years(text))
    times = [t for start, line in _lines(text) for t in find_times(line, start, context)]
    for expr in times:
        if expr.span is not None:
            lead = _DATE_LEAD.match(text, expr.span.start, expr.span.end)
            start = lead.end() if lead else expr.span.start
            candidates.append((start, expr.span.end, "DATE"))
    out = list(found)
    for start, end, label in candidates:
        inside = [m for m in out if start <= m.start and m.end <= end]
        crossing = [m for m in out if m.start < end and start < m.end and m not in inside]
        if start >= end or crossing:
            continue
        out = [m for m in out if m not in inside]
        out.append(_mention(text, start, end, label, None, "patterns"))
    return sorted(out, key=lambda m: (m.start, -m.end))


def _equipment_context(surface: str, after: list[Token]) -> bool:
    """Is a designation match a piece of equipment? A capitalised code with a digit ("F-16",
    "Leopard 2") is; a name that is also a word ("Bear", "Hind", "Spike") only before an
    equipment head noun ("Hind helicopters")."""
    from claimgraph.nlp.equipment import is_equipment_head

    if surface[:1].isupper() and any(c.isdigit() for c in surface):
        return True
    return bool(after) and is_equipment_head(after[0].text)


def combine(
    text: str,
    model: list[tuple[int, int, str]],
    gaz: list[GazMatch],
    nested: bool = True,
) -> list[NerMention]:
    """Merge model spans and gazetteer matches into resolved mentions."""
    out: list[NerMention] = []
    used: set[int] = set()
    model = [
        trimmed
        for span in model
        if (trimmed := trim_span(text, *span)) is not None and _plausible(text, *trimmed)
    ]
    order = sorted(range(len(gaz)), key=lambda k: gaz[k].start)
    starts = [gaz[k].start for k in order]
    gaz_spans = {(g.start, g.end) for g in gaz}
    for start, end, label in model:
        inside = _inside(gaz, order, starts, start, end)
        core = _core(text, start, end)
        link = _link(text, start, end, label, [gaz[k] for k in inside]) or _lookup(text, *core)
        out.append(_mention(text, start, end, label, link, "model"))
        bare = _without_title(text, start, end) if nested and label == "PER" else None
        if bare is not None and bare not in gaz_spans:
            out.append(_mention(text, *bare, "PER", None, "model"))
        for k in inside:
            g = gaz[k]
            used.add(k)
            names_whole = g is link and (g.start, g.end) in (core, (start, end))
            if nested and not names_whole and _reported_inside(g, label):
                out.append(_mention(text, g.start, g.end, g.coarse, g, "gazetteer"))
    taken = coverage(len(text), ((s, e) for s, e, _ in model))
    for k, g in enumerate(gaz):
        if k in used or any(taken[g.start : g.end]):
            continue
        if _is_place(g) and _inside_longer_name(text, g.start, g.end):
            continue
        out.append(_mention(text, g.start, g.end, g.coarse, g, "gazetteer"))
    return sorted(out, key=lambda m: (m.start, -m.end))


def _plausible(text: str, start: int, end: int, label: str) -> bool:
    """Is a model span a possible name of its type? A person's name has no digits ("E17",
    "10.2 Megapixels"), and a weekday is a date, not a name ("Friday")."""
    surface = text[start:end]
    if label == "PER" and any(c.isdigit() for c in surface):
        return False
    return not (label in ("PER", "ORG", "LOC") and surface.lower() in _weekdays())


@cache
def _weekdays() -> frozenset[str]:
    return frozenset(str(d).lower() for d in load_yaml("lexicons/time.yaml")["weekdays"])


def _inside(
    gaz: list[GazMatch], order: list[int], starts: list[int], start: int, end: int
) -> list[int]:
    """Indices of the gazetteer matches within [start, end) (``order``: indices by start,
    ``starts``: their starts), in list order."""
    inside = []
    for i in range(bisect_left(starts, start), len(starts)):
        if starts[i] >= end:
            break
        if gaz[order[i]].end <= end:
            inside.append(order[i])
    return sorted(inside)


def _gazetteer_type_wins(g: GazMatch, model_label: str) -> bool:
    """Does a known name's own type override the model's label? Organisations, people and
    places keep theirs; a state (or its demonym, capital or seat of power) named by the model
    as an organisation or a place keeps the model's reading (re3d and users alike treat
    "Iraq" as either, and "the Iraqis" as a group), but never as a person ("Seoul",
    "Manila")."""
    if g.entry.get("type") == "state":
        return model_label not in ("ORG", "LOC")
    return True


def _reported_inside(g: GazMatch, outer: str) -> bool:
    """Is a gazetteer name inside a longer mention a mention of its own? Places, people,
    nationalities and organisations are ("Mosul" in "the people of Mosul", "Syrian" in
    "Syrian civilians", "UN" in "the UN Security Council"), except an organisation inside a
    person's title ("FCO Minister Tobias Ellwood") and a town inside a person's name ("George"
    in "George Bush"): on re3d's training documents such inner names are gold about 70% of
    the time, organisations in titles 1 time in 6."""
    inner = g.coarse
    if inner == "NAT":
        return outer != "NAT"
    if outer == "PER":
        return inner == "PER" or (inner == "LOC" and not _is_place(g))
    return inner in ("LOC", "ORG", "PER")


@cache
def person_title_words() -> str:
    """The person titles of ``entity_patterns.yaml`` as a regex alternation, longest first."""
    titles = load_yaml("lexicons/entity_patterns.yaml")["types"]["person"]["before"]
    return "|".join(re.escape(str(t)) for t in sorted(titles, key=len, reverse=True))


@cache
def _person_titles() -> re.Pattern[str]:
    return re.compile(rf"(?i)(?:the\s+)?(?:(?:{person_title_words()})\s+)+")


def _without_title(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name inside a titled person mention ("Tobias Ellwood" in "Minister Tobias
    Ellwood", "Stephen J. Townsend" in "Lt. Gen. Stephen J. Townsend"), if there is one."""
    m = _person_titles().match(text, start, end)
    if m is None or m.end() >= end or not text[m.end()].isupper():
        return None
    return m.end(), end


def _is_place(g: GazMatch) -> bool:
    """A city or geographic feature (``claimgraph.nlp.places``), not a state or organisation."""
    return str(g.entry.get("id", "")).startswith("place:")


_CAPITALISED_AFTER = re.compile(r"[ \t]?([A-Z][a-z]+)")
_CAPITALISED_BEFORE = re.compile(r"[^.!?\n\"“\s]\s[A-Z][a-z]+[ \t]$")


@cache
def _place_heads() -> frozenset[str]:
    return frozenset(str(w) for w in load_yaml("lexicons/places.yaml")["name_heads"])


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """Is a span glued to a capitalised word, so part of a name the gazetteer does not know
    ("George" in "George Bush", "Kennedy" in "John Kennedy", "Lincoln" in "Lincoln Center")?
    A capitalised word that opens a sentence ("In Aleppo") does not count, nor a geographic
    head after the name ("Mosul Dam", "Tigris River": the town is a place of its own)."""
    after = _CAPITALISED_AFTER.match(text, end)
    if after:
        return after.group(1).lower() not in _place_heads()
    return _CAPITALISED_BEFORE.search(text, max(0, start - 40), start) is not None


def trim_span(text: str, start: int, end: int, label: str) -> tuple[int, int, str] | None:
    """Drop invisible format characters, spaces and a trailing possessive from a span's edges;
    None for a span with no letter or digit."""
    while start < end and (text[start].isspace() or unicodedata.category(text[start]) == "Cf"):
        start += 1
    while start < end and (
        text[end - 1] in _EDGE_JUNK or unicodedata.category(text[end - 1]) == "Cf"
    ):
        end -= 1
    m = _POSSESSIVE.search(text, start, end)
    if m and m.start() > start:
        end = m.start()
    if not any(c.isalnum() for c in text[start:end]):
        return None  # symbols only ("$$" read as money)
    return (start, end, label)


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without a leading "the" and a trailing possessive or "forces"/"regime"."""
    surface = text[start:end]
    lead = _LEADING.match(surface)
    core_start = start + (lead.end() if lead else 0)
    trail = _TRAILING.search(text, core_start, end)
    return core_start, trail.start() if trail and trail.start() > core_start else end


def _link(text: str, start: int, end: int, label: str, inside: list[GazMatch]) -> GazMatch | None:
    """The gazetteer match that names the same thing as the model span, if any."""
    core = _core(text, start, end)
    for g in inside:
        if (g.start, g.end) in (core, (start, end)):
            return g
    same_kind = [g for g in inside if _compatible(label, g.coarse)]
    if same_kind and label in ("PER", "ORG"):
        return max(same_kind, key=lambda g: g.end - g.start)
    return None


def _lookup(text: str, start: int, end: int, context: bool = False) -> GazMatch | None:
    """The gazetteer or place entry named by exactly this span, for model spans the token
    matcher could not see inside a longer word ("UK" in "UK-based"). ``context`` says the
    caller has the context an ambiguous alias needs ("Assad" in "the Assad regime")."""
    found = _lookup_form(text[start:end], context)
    return GazMatch(start, end, *found) if found is not None else None


@lru_cache(maxsize=8192)
def _lookup_form(form: str, context: bool) -> tuple[Surface, dict] | None:
    tokens = tokenize(form)
    if not tokens:
        return None
    for gaz in (load_gazetteer(), load_places()):
        found = gaz.match_at(tokens, 0)
        if found is not None and found[0] == len(tokens):
            entry = gaz.entries[found[1].entity_id]
            if context or not _ambiguous(entry, found[1], tokens):
                return found[1], entry
    return None


def _compatible(label: str, coarse: str) -> bool:
    return label == coarse or {label, coarse} <= {"ORG", "LOC"}


def _mention(
    text: str, start: int, end: int, coarse: str, g: GazMatch | None, how: str
) -> NerMention:
    surface = text[start:end]
    if g is None:
        return NerMention(
            start,
            end,
            surface,
            coarse,
            DEFAULT_TYPES.get(coarse, "organization"),
            f"{coarse.lower()}:{slug(surface)}",
            surface,
            how,
        )
    if (g.start, g.end) == _core(text, start, end) and _gazetteer_type_wins(g, coarse):
        coarse = g.coarse
    return NerMention(
        start,
        end,
        surface,
        coarse,
        str(g.entry.get("type", DEFAULT_TYPES.get(coarse, "organization"))),
        g.entry["id"],
        str(g.entry["name"]),
        how if how == "gazetteer" else "model+gazetteer",
    )
