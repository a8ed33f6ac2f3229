"""Entity recognition and resolution: gazetteer matches, typed patterns for unknown names
("the hacking group Black Moon", "spokeswoman Maria Zakharova"), acronyms defined in the text,
the author from the byline, and a second pass that finds later mentions of names learnt here.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from claimgraph.model import Document, Entity, EntityRef, Mention, Span
from claimgraph.nlp.gazetteer import Gazetteer, Surface, load_gazetteer
from claimgraph.nlp.places import country_of_place, load_places
from claimgraph.nlp.tokens import PhraseIndex, Sentence, Token, token_text, tokenize
from claimgraph.resources import load_yaml

ID_PREFIX = {
    "hacker_group": "group",
    "think_tank": "tt",
    "media": "media",
    "armed_group": "group",
    "organization": "org",
    "person": "person",
    "government_body": "gov",
    "armed_force": "force",
    "military_unit": "unit",
    "source": "source",
}
SAYING_VERBS = {
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "stated",
    "noted",
    "warned",
    "argued",
    "explained",
    "insisted",
    "claimed",
    "confirmed",
    "denied",
}
CONNECTORS = {"of", "for", "the", "and", "de", "al", "bin", "von", "van", "da"}


@dataclass
class EntityIndex:
    """Entities found in one document and their mentions, sorted by position."""

    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    def add(self, entity: Entity, start: int, end: int, text: str, how: str) -> Mention:
        """Record a mention (ignored if it overlaps an existing one)."""
        if self.at(start, end):
            return self.at(start, end)[0]
        stored = self.entities.setdefault(entity.id, entity)
        mention = Mention(entity=ref(stored), span=Span(start=start, end=end, text=text), how=how)
        position = bisect_left(self._starts, start)
        self.mentions.insert(position, mention)
        self._starts.insert(position, start)
        return mention

    def remove(self, mention: Mention) -> None:
        """Forget a mention (replaced by a longer one)."""
        position = self.mentions.index(mention)
        del self.mentions[position]
        del self._starts[position]

    def at(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping [start, end) (mentions never overlap each other)."""
        position = bisect_left(self._starts, end)
        found = []
        while position > 0 and self.mentions[position - 1].span.end > start:
            position -= 1
            found.append(self.mentions[position])
        return found[::-1]

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions lying inside [start, end)."""
        return [m for m in self.mentions if start <= m.span.start and m.span.end <= end]

    def finish(self) -> list[Entity]:
        """Entities with their mentions attached, in order of first mention."""
        by_id: dict[str, list[Mention]] = {}
        for mention in self.mentions:
            by_id.setdefault(mention.entity.id, []).append(mention)
        out = []
        for entity_id, mentions in by_id.items():
            entity = self.entities[entity_id]
            out.append(entity.model_copy(update={"mentions": mentions}))
        return out


def ref(entity: Entity) -> EntityRef:
    return EntityRef(id=entity.id, name=entity.name)


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


def recognise(
    document: Document,
    sentences: list[Sentence],
    model_mentions: list[tuple[int, int, str]] | None = None,
) -> EntityIndex:
    """Find and resolve the entities of a document (``model_mentions``: a statistical NER's
    (start, end, PER|ORG|...) spans to use instead of running the project's model)."""
    gazetteer = load_gazetteer()
    index = EntityIndex()
    _add_authors(document, index)
    local = Gazetteer()
    defined = _acronym_definitions(sentences, gazetteer)
    for sentence in sentences:
        if sentence.kind != "meta":
            _match_gazetteer(sentence.tokens, defined, index)
            _match_gazetteer(sentence.tokens, gazetteer, index)
            _match_places(sentence.tokens, index)
    for sentence in sentences:
        if sentence.kind != "meta":
            _find_patterns(sentence.tokens, index, local)
    _statistical(document, sentences, index, local, model_mentions)
    for sentence in sentences:
        if sentence.kind != "meta":
            _match_gazetteer(sentence.tokens, local, index)
            _definite_descriptions(sentence.tokens, index)
            _national_forces(sentence.tokens, index)
            _locations(sentence.tokens, index, local)
    return index


def _places() -> dict:
    return load_yaml("lexicons/places.yaml")


def _locations(tokens: list[Token], index: EntityIndex, local: Gazetteer) -> None:
    """Unknown places: 'from Bandar Abbas', 'the port of Izmir', 'the Java Sea', 'X air base'."""
    places = _places()
    preps = set(places["prepositions"])
    name_heads = {str(h).lower() for h in places["name_heads"]}
    for i, tok in enumerate(tokens):
        n = _name_at(tokens, i)
        if n == 0 or index.at(tok.start, tokens[i + n - 1].end):
            continue
        prev = tokens[i - 1].norm if i else ""
        last = tokens[i + n - 1].norm
        of_place = i >= 2 and prev == "of" and tokens[i - 2].norm in set(places["of_nouns"])
        before_prep = tokens[i - 2].norm if i >= 2 else ""
        after_prep = prev in preps and before_prep not in set(places["not_after"])
        if last in name_heads or after_prep or of_place:
            n = next((k for k in range(n) if tokens[i + k].norm == "and"), n)
            end = i + n
            for tail in places["lowercase_tails"]:
                words = tuple(str(tail).split())
                if tuple(t.norm for t in tokens[end : end + len(words)]) == words:
                    end += len(words)
                    break
            name = _span_text(tokens[i:end])
            entity = index.entities.get(f"place:{slug(name)}") or Entity(
                id=f"place:{slug(name)}",
                name=name,
                type="location",
                country=country_of_place(name)
                or country_of_place(_span_text(tokens[i : i + n]))
                or _relative_place_country(tokens, end, index),
            )
            index.add(entity, tok.start, tokens[end - 1].end, name, "pattern")


DIRECTIONS = {
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "outside",
    "near",
}


def _relative_place_country(tokens: list[Token], end: int, index: EntityIndex) -> str | None:
    """'X air base, north of Omdurman': the country of the place it is placed against."""
    for j in range(end, min(end + 5, len(tokens))):
        if tokens[j].norm in DIRECTIONS:
            for k in range(j + 1, min(j + 4, len(tokens))):
                for mention in index.at(tokens[k].start, tokens[k].end):
                    entity = index.entities[mention.entity.id]
                    if entity.country:
                        return entity.country
                    return country_of_place(entity.name)
    return None


FORCE_HEADS = [
    ("air", "force"),
    ("coast", "guard"),
    ("marine", "corps"),
    ("navy",),
    ("army",),
    ("marines",),
    ("military",),
    ("armed", "forces"),
    ("special", "forces"),
]


def _national_forces(tokens: list[Token], index: EntityIndex) -> None:
    """'Indonesian Navy', 'the Vietnamese army': a state's service named by demonym + service."""
    for i, tok in enumerate(tokens):
        mentions = index.at(tok.start, tok.end)
        if not mentions or mentions[0].how != "demonym" or mentions[0].span.end != tok.end:
            continue
        for head in FORCE_HEADS:
            following = tokens[i + 1 : i + 1 + len(head)]
            if tuple(t.norm for t in following) != head or index.at(
                following[0].start, following[-1].end
            ):
                continue
            state = index.entities[mentions[0].entity.id]
            name = f"{tok.text} {' '.join(w.capitalize() for w in head)}"
            entity = index.entities.get(f"force:{slug(name)}") or Entity(
                id=f"force:{slug(name)}",
                name=name,
                type="armed_force",
                country=state.country,
                aliases=[_span_text([tok, *following])],
            )
            index.remove(mentions[0])
            index.add(
                entity, tok.start, following[-1].end, _span_text([tok, *following]), "pattern"
            )
            break


DEFINITE = {
    ("the", "army"): "armed_force",
    ("the", "military"): "armed_force",
    ("the", "navy"): "armed_force",
    ("the", "air", "force"): "armed_force",
    ("the", "armed", "forces"): "armed_force",
    ("the", "government"): "state",
    ("the", "island"): "state",
}


def _definite_descriptions(tokens: list[Token], index: EntityIndex) -> None:
    """'the army' -> the armed force named last before it (same for 'the navy', 'the island')."""
    norms = [t.norm for t in tokens]
    lengths = sorted({len(key) for key in DEFINITE})
    for i in range(len(tokens)):
        for n in lengths:
            key = tuple(norms[i : i + n])
            etype = DEFINITE.get(key)
            if etype is None or index.at(tokens[i].start, tokens[i + n - 1].end):
                continue
            before = [
                m
                for m in index.mentions
                if m.span.end <= tokens[i].start and index.entities[m.entity.id].type == etype
            ]
            head = key[-1].rstrip("s")
            same_head = [
                m
                for m in before
                if any(
                    head in n.lower()
                    for n in [
                        index.entities[m.entity.id].name,
                        *index.entities[m.entity.id].aliases,
                    ]
                )
            ]
            before = same_head or before
            if before:
                entity = index.entities[before[-1].entity.id]
                index.add(
                    entity,
                    tokens[i + 1].start,
                    tokens[i + n - 1].end,
                    _span_text(tokens[i + 1 : i + n]),
                    "coreference",
                )


def _acronym_definitions(sentences: list[Sentence], gazetteer: Gazetteer) -> Gazetteer:
    """'Conflict Armament Research (CAR)': acronyms the text defines win over the gazetteer's."""
    defined = Gazetteer()
    for sentence in sentences:
        tokens = sentence.tokens
        for i, tok in enumerate(tokens):
            if tok.text != "(" or i + 2 >= len(tokens) or tokens[i + 2].text != ")":
                continue
            abbr = tokens[i + 1].text
            if not (abbr.isupper() and 2 <= len(abbr) <= 8 and abbr.isalpha()):
                continue
            start = i
            while start > 0 and (
                tokens[start - 1].is_capitalised or tokens[start - 1].norm in CONNECTORS
            ):
                start -= 1
            while start < i and tokens[start].norm in CONNECTORS | {"the"}:
                start += 1
            if i - start < 2:
                continue
            name_tokens = tokens[start:i]
            whole = gazetteer.match_at(name_tokens, 0)
            if whole and whole[0] == len(name_tokens):
                entity_id = whole[1].entity_id
                defined.entries.setdefault(entity_id, gazetteer.entries[entity_id])
            else:
                name = _span_text(name_tokens)
                entity_id = f"org:{slug(name)}"
                defined.add(
                    {
                        "id": entity_id,
                        "name": name,
                        "type": _appositive_or_name_type(tokens, i + 3, name_tokens),
                        "aliases": [abbr],
                        "country": _based_country(tokens[i + 3 : i + 14], gazetteer),
                    }
                )
            defined.add_surface(entity_id, "gazetteer", abbr)
    return defined


def _based_country(tokens: list[Token], gazetteer: Gazetteer) -> str | None:
    """'a UK-based think tank', 'the London-based group': the country it is based in."""
    for tok in tokens:
        if tok.norm.endswith("-based"):
            place = tokenize(tok.text[: -len("-based")])
            found = gazetteer.match_at(place, 0) if place else None
            if found:
                return gazetteer.entries[found[1].entity_id].get("country")
    return None


def _appositive_or_name_type(tokens: list[Token], after: int, name_tokens: list[Token]) -> str:
    """Type from an appositive after the name (', a UK-based think tank'), else from the name."""
    if after < len(tokens) and tokens[after].text == ",":
        etype = _appositive_type(tokens, after + 1)
        if etype:
            return etype
    return _name_type(name_tokens)


def _name_type(tokens: list[Token]) -> str:
    """Entity type from the head word of an organisation's name."""
    heads = _patterns().get("name_heads", {})
    for tok in reversed(tokens):
        if tok.norm in heads:
            return str(heads[tok.norm])
    return "organization"


def _add_authors(document: Document, index: EntityIndex) -> None:
    if not document.byline:
        return
    for name in document.authors:
        entity = Entity(id=f"person:{slug(name)}", name=name, type="person", roles=["author"])
        at = document.text.find(name, document.byline.start, document.byline.end)
        if at >= 0:
            index.add(entity, at, at + len(name), name, "byline")


def _match_gazetteer(tokens: list[Token], gazetteer: Gazetteer, index: EntityIndex) -> None:
    i = 0
    while i < len(tokens):
        found = gazetteer.match_at(tokens, i)
        if not found:
            i += 1
            continue
        n, surface = found
        if surface.how in {"gazetteer", "metonym"} and _inside_longer_name(
            tokens, i, n, gazetteer, surface
        ):
            i += n
            continue
        if surface.how == "epithet" and (
            surface.entity_id not in index.entities
            or (i + n < len(tokens) and tokens[i + n].is_capitalised)
        ):
            i += 1  # "the island" only for an entity already named; "the South China Sea"
            continue
        start, end = tokens[i].start, tokens[i + n - 1].end
        entity = index.entities.get(surface.entity_id) or gazetteer.entity(surface.entity_id)
        extra = _name_continues(tokens, i + n, gazetteer) if surface.exact_case else 0
        if extra:  # "TRT Haber": a named part of the organisation an acronym names
            name = _span_text(tokens[i : i + n + extra])
            entity = Entity(
                id=f"{entity.id.split(':')[0]}:{slug(name)}",
                name=name,
                type=entity.type,
                country=entity.country,
                aliases=[surface.form],
            )
            n += extra
            end = tokens[i + n - 1].end
        text = _span_text(tokens[i : i + n])
        index.add(entity, start, end, text, surface.how)
        i += n


_span_text = token_text


def _name_continues(tokens: list[Token], j: int, gazetteer: Gazetteer) -> int:
    """Capitalised words right after a match that no gazetteer entry starts with."""
    not_names = set(_patterns()["not_names"])
    n = 0
    while (
        j + n < len(tokens)
        and tokens[j + n].is_capitalised
        and tokens[j + n].text.isalpha()
        and tokens[j + n].text not in not_names
        and gazetteer.match_at(tokens, j + n) is None
    ):
        n += 1
    return n


MODEL_TYPES = {"PER": "person", "ORG": "organization"}
PRONOUN_WORDS = {"he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its"}


def _statistical(
    document: Document,
    sentences: list[Sentence],
    index: EntityIndex,
    local: Gazetteer,
    model_mentions: list[tuple[int, int, str]] | None = None,
) -> None:
    """Names the project's trained NER finds that no gazetteer knows: people, organisations.

    Model spans are candidates only: they must be capitalised names that overlap no mention
    already found (the gazetteers and rules stay in charge). Off with CLAIMGRAPH_NO_MODEL=1.
    """
    from claimgraph.nlp import ner_model

    if os.environ.get("CLAIMGRAPH_NO_MODEL") or not ner_model.model_available():
        return
    text = document.text
    body = [(s.start, s.end) for s in sentences if s.kind in {"body", "list_item"}]
    if model_mentions is None:
        model_mentions = ner_model.statistical_mentions(text)
    for start, end, label in model_mentions:
        etype = MODEL_TYPES.get(label)
        span = text[start:end]
        words = span.split()
        if etype is None or not any(s <= start and end <= e for s, e in body):
            continue
        if index.at(start, end) or not all(w[:1].isupper() for w in words if w.isalpha()):
            continue
        if words[0].lower() in PRONOUN_WORDS or (etype == "person" and len(words) < 2):
            continue
        name_words = [w for w in words if w.lower() not in {"the", "a", "an"}]
        if etype == "organization" and len(name_words) < 2 and not name_words[0].isupper():
            continue  # one capitalised word ("The Atmaca") is as often a product as a firm
        entity = _make_entity(span, etype, local)
        index.add(entity, start, end, span, "model")


def _match_places(tokens: list[Token], index: EntityIndex) -> None:
    """Known places; ambiguous city names only after a place word."""
    places = load_places()
    preps = set(_places()["prepositions"]) | set(_places()["of_nouns"]) | {"of"}
    i = 0
    while i < len(tokens):
        found = places.match_at(tokens, i) if tokens[i].is_capitalised else None
        if found is None or index.at(tokens[i].start, tokens[i + found[0] - 1].end):
            i += 1
            continue
        n, surface = found
        entry = places.entries[surface.entity_id]
        context = i > 0 and tokens[i - 1].norm in preps
        if (entry.get("ambiguous") and not context) or _name_continues(tokens, i + n, places):
            i += n
            continue
        entity = index.entities.get(surface.entity_id) or places.entity(surface.entity_id)
        index.add(
            entity, tokens[i].start, tokens[i + n - 1].end, _span_text(tokens[i : i + n]), "place"
        )
        i += n


def _inside_longer_name(
    tokens: list[Token], i: int, n: int, gazetteer: Gazetteer, surface: Surface
) -> bool:
    """'Port Sudan', 'Port Said': a place name that is part of a longer capitalised name."""
    entry = gazetteer.entries.get(surface.entity_id, {})
    if entry.get("type") != "state" or i == 0:
        return False
    prev = tokens[i - 1]
    not_names = set(_patterns()["not_names"])
    return (
        prev.is_capitalised
        and prev.text.isalpha()
        and prev.text not in not_names
        and gazetteer.match_at(tokens, i - 1) is None
    )


def _patterns() -> dict:
    return load_yaml("lexicons/entity_patterns.yaml")


@cache
def _cue_table(position: str) -> PhraseIndex:
    """Cue phrases before/after a name, with the entity type they give."""
    return PhraseIndex(
        (str(cue), etype) for etype, cues in _patterns()["types"].items() for cue in cues[position]
    )


def _find_patterns(tokens: list[Token], index: EntityIndex, local: Gazetteer) -> None:
    """Typed unknown names: cue before, appositive after, acronym in brackets, 'X said'."""
    before = _cue_table("before")
    for i in range(len(tokens)):
        found = before.match(tokens, i)
        if found:
            n, etype = found
            country = _country_before(tokens, i, index)
            _new_entity(tokens, i + n, str(etype), index, local, "pattern", country)
    for i, tok in enumerate(tokens):
        if tok.text == ",":
            appositive = _appositive_type(tokens, i + 1)
            if appositive:
                _new_entity_ending(tokens, i, appositive, index, local)
        elif tok.norm in SAYING_VERBS and i >= 2:
            head = tokens[i - 1].norm
            etype = str(_patterns()["name_heads"].get(head, "person"))
            _new_entity_ending(
                tokens,
                i,
                etype,
                index,
                local,
                min_words=2,
                country_of=lambda start: _country_before(tokens, start, index),
            )
        elif tok.text == "(":
            _acronym(tokens, i, index, local)


def _name_at(tokens: list[Token], i: int) -> int:
    """Number of tokens of a capitalised name starting at i (0 if none)."""
    not_names = set(_patterns()["not_names"])
    if i >= len(tokens) or not tokens[i].is_capitalised or tokens[i].text in not_names:
        return 0
    n = 0
    while i + n < len(tokens) and n < 6:
        tok = tokens[i + n]
        if (
            tok.is_capitalised
            and tok.text.isalnum()
            or "-" in tok.text
            and tok.is_capitalised
            or (
                tok.norm in CONNECTORS
                and i + n + 1 < len(tokens)
                and tokens[i + n + 1].is_capitalised
            )
        ):
            n += 1
        else:
            break
    return n


def _country_before(tokens: list[Token], i: int, index: EntityIndex) -> str | None:
    """'Turkish missile maker X', 'the Indonesian state-owned firm X': the demonym's country;
    'the country's X': the state named last before."""
    if i >= 3 and tokens[i - 3].norm == "country" and tokens[i - 1].norm == "s":
        states = [
            m
            for m in index.mentions
            if m.span.end <= tokens[i].start and index.entities[m.entity.id].type == "state"
        ]
        return index.entities[states[-1].entity.id].country if states else None
    for j in range(i - 1, max(-1, i - 4), -1):
        for mention in index.at(tokens[j].start, tokens[j].end):
            entity = index.entities[mention.entity.id]
            if mention.how == "demonym" or entity.type == "state":
                return entity.country
    return None


def _new_entity(
    tokens: list[Token],
    i: int,
    etype: str,
    index: EntityIndex,
    local: Gazetteer,
    how: str,
    country: str | None = None,
) -> None:
    n = _name_at(tokens, i)
    if n == 0 or index.at(tokens[i].start, tokens[i + n - 1].end):
        return
    if etype == "person" and n < 2:
        return
    name = _span_text(tokens[i : i + n])
    entity = _make_entity(name, etype, local)
    if country and not entity.country:
        entity = entity.model_copy(update={"country": country})
    index.add(entity, tokens[i].start, tokens[i + n - 1].end, name, how)


def _make_entity(name: str, etype: str, local: Gazetteer) -> Entity:
    entity_id = f"{ID_PREFIX.get(etype, 'org')}:{slug(name)}"
    if entity_id not in local.entries:
        aliases = []
        if etype == "person" and len(name.split()) >= 2:
            aliases = [name.split()[-1]]
        local.add({"id": entity_id, "name": name, "type": etype, "aliases": aliases})
    entry = local.entries[entity_id]
    return Entity(id=entity_id, name=name, type=etype, aliases=entry.get("aliases") or [])


def _new_entity_ending(
    tokens: list[Token],
    end: int,
    etype: str,
    index: EntityIndex,
    local: Gazetteer,
    min_words: int = 1,
    country_of: Callable[[int], str | None] | None = None,
) -> None:
    """A capitalised name that ends right before token ``end``."""
    start = end
    while start > 0 and (
        tokens[start - 1].is_capitalised
        and tokens[start - 1].text.isalnum()
        or tokens[start - 1].norm in CONNECTORS
        and start - 1 > 0
        and tokens[start - 2].is_capitalised
    ):
        start -= 1
    while start < end and tokens[start].norm in CONNECTORS:
        start += 1
    n = _name_at(tokens, start)
    if n == end - start and n >= min_words:
        country = country_of(start) if country_of else None
        _new_entity(tokens, start, etype, index, local, "pattern", country)


def _appositive_type(tokens: list[Token], i: int) -> str | None:
    """Type named by an appositive 'a/an/the (adj)* CUE' starting at token i."""
    if i >= len(tokens) or tokens[i].norm not in {"a", "an", "the"}:
        return None
    after = _cue_table("after")
    for j in range(i + 1, min(i + 6, len(tokens))):
        found = after.match(tokens, j)
        if found:
            return str(found[1])
    return None


def _acronym(tokens: list[Token], i: int, index: EntityIndex, local: Gazetteer) -> None:
    """'Full Name (ABBR)': ABBR becomes an alias of the entity named before the bracket."""
    if i + 2 >= len(tokens) or tokens[i + 2].text != ")":
        return
    abbr = tokens[i + 1].text
    if not (abbr.isupper() and 2 <= len(abbr) <= 8):
        return
    before = [m for m in index.at(tokens[i - 1].start, tokens[i - 1].end)] if i else []
    if not before:
        return
    entity = index.entities[before[0].entity.id]
    if abbr not in entity.aliases:
        entity.aliases.append(abbr)
    local.index.setdefault((abbr.lower(),), []).append(Surface(entity.id, "gazetteer", abbr, True))
    local.entries.setdefault(entity.id, {"id": entity.id, "name": entity.name, "type": entity.type})
    index.add(entity, tokens[i + 1].start, tokens[i + 1].end, abbr, "acronym")
