"""The gazetteer: known states, forces, organisations, media, groups and people, with every
surface form that names them (names, aliases, demonyms, metonyms, epithets).

Loaded from ``resources/gazetteer/*.yaml`` and matched greedily, longest first, over tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from claimgraph.model import Entity
from claimgraph.nlp.tokens import Token, tokenize
from claimgraph.resources import list_resources, load_yaml

SURFACE_KINDS = ("name", "aliases", "demonyms", "metonyms", "epithets")
HOW = {
    "name": "gazetteer",
    "aliases": "gazetteer",
    "demonyms": "demonym",
    "metonyms": "metonym",
    "epithets": "epithet",
}


@dataclass(frozen=True)
class Surface:
    """One way of naming an entity."""

    entity_id: str
    how: str
    form: str
    exact_case: bool


@dataclass
class Gazetteer:
    """Entries by id and an index from normalised token tuples to surfaces."""

    entries: dict[str, dict] = field(default_factory=dict)
    index: dict[tuple[str, ...], list[Surface]] = field(default_factory=dict)
    longest: int = 1
    # Lengths (in tokens, longest first) of the surfaces starting with each first word.
    lengths: dict[str, list[int]] = field(default_factory=dict)

    def add(self, entry: dict) -> None:
        """Register an entry and all its surface forms."""
        self.entries[entry["id"]] = entry
        for kind in SURFACE_KINDS:
            forms = entry.get(kind) or []
            for form in [forms] if isinstance(forms, str) else forms:
                self.add_surface(entry["id"], HOW[kind], str(form))

    def add_surface(self, entity_id: str, how: str, form: str) -> None:
        key = tuple(t.norm for t in tokenize(form))
        if not key:
            return
        exact = _acronym(form)
        lengths = self.lengths.setdefault(key[0], [])
        if len(key) not in lengths:
            lengths.append(len(key))
            lengths.sort(reverse=True)
        surfaces = self.index.setdefault(key, [])
        if not any(s.entity_id == entity_id for s in surfaces):
            surfaces.append(Surface(entity_id, how, form, exact))
        self.longest = max(self.longest, len(key))

    def entity(self, entity_id: str) -> Entity:
        """The Entity record (without mentions) of an entry."""
        entry = self.entries[entity_id]
        ids = {"wikidata": entry["qid"]} if entry.get("qid") else {}
        if entry.get("type") == "state" and entry.get("country"):
            ids["iso3166"] = entry["country"]
        aliases = [
            str(a)
            for kind in ("aliases", "metonyms", "demonyms", "epithets")
            for a in entry.get(kind) or []
        ]
        roles = [entry["role"]] if entry.get("role") else []
        return Entity(
            id=entity_id,
            name=entry["name"],
            type=entry["type"],
            country=entry.get("country"),
            aliases=aliases,
            roles=roles,
            external_ids=ids,
        )

    def match_at(self, tokens: list[Token], i: int) -> tuple[int, Surface] | None:
        """Longest surface starting at token i: (number of tokens, surface)."""
        lengths = self.lengths.get(tokens[i].norm)
        if lengths is None:
            return None
        for n in lengths:
            if n > len(tokens) - i:
                continue
            key = tuple(t.norm for t in tokens[i : i + n])
            for surface in self.index.get(key, []):
                if _case_ok(tokens[i : i + n], surface):
                    return n, surface
        return None


def _acronym(form: str) -> bool:
    """Short all-capital or mixed-case forms ("NATO", "LeT") match only in their own case, so
    "Let" and "nato" are not names."""
    short = len(form) <= 6 and " " not in form
    return short and (form.isupper() or any(c.isupper() for c in form[1:]))


def _case_ok(tokens: list[Token], surface: Surface) -> bool:
    text = " ".join(t.text for t in tokens)
    if surface.exact_case:
        return text.replace(" ", "") == surface.form.replace(" ", "")
    if surface.how == "epithet":
        return True
    first = tokens[0]
    return first.is_capitalised or not first.text.isalpha() or first.text.lower() != first.text


@cache
def load_gazetteer() -> Gazetteer:
    """The shipped gazetteer (all files under resources/gazetteer)."""
    gazetteer = Gazetteer()
    for name in list_resources("gazetteer"):
        data = load_yaml(name) or {}
        for entry in data.get("entities") or []:
            gazetteer.add(entry)
    return gazetteer
