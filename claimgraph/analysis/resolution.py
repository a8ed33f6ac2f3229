"""Entity resolution across documents.

Gazetteer entities already share canonical ids everywhere. Names the pipeline found by pattern
("Lena Hartmann", "Conflict Armament Research") get ids from their spelling, so the same person
written "Dr. Lena Hartmann" or "Lena Hartmann" in another document, or a transliteration variant,
would stay apart. :class:`EntityResolver` keeps an index of the names already stored and maps a
new document's pattern-made entities onto them: titles stripped, accents folded, fuzzy matching
with rapidfuzz, surnames only when a single known person carries them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from pydantic import BaseModel
from rapidfuzz import fuzz

from claimgraph.model import Analysis, Entity, EntityRef
from claimgraph.nlp.gazetteer import load_gazetteer
from claimgraph.resources import load_yaml

if TYPE_CHECKING:
    from claimgraph.store import Store

RESOLVED_TYPES = {
    "person",
    "organization",
    "think_tank",
    "media",
    "hacker_group",
    "armed_group",
    "government_body",
    "armed_force",
    "military_unit",
    "international_org",
}
PERSON_THRESHOLD = 92
NAME_THRESHOLD = 94


@cache
def _titles() -> tuple[str, ...]:
    cues = load_yaml("lexicons/entity_patterns.yaml")["types"]["person"]["before"]
    return tuple(sorted((str(c).lower().rstrip(".") for c in cues), key=len, reverse=True))


def normal_name(name: str, person: bool = False) -> str:
    """Lower case, accents folded, punctuation out, titles stripped from people."""
    folded = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    ).lower()
    folded = re.sub(r"[^\w\s]", " ", folded)
    words = folded.split()
    if person:
        changed = True
        while changed and len(words) > 2:
            changed = False
            for title in _titles():
                parts = title.split()
                if words[: len(parts)] == parts and len(words) - len(parts) >= 2:
                    words = words[len(parts) :]
                    changed = True
                    break
    return " ".join(words)


@dataclass
class EntityResolver:
    """Known entities by type and normalised name; maps new documents onto them."""

    by_type: dict[str, dict[str, str]] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, entities: list[Entity]) -> EntityResolver:
        """An index of entities already stored."""
        resolver = cls()
        for entity in entities:
            resolver.learn(entity)
        return resolver

    def learn(self, entity: Entity) -> None:
        """Remember an entity under its name and aliases."""
        if entity.type not in RESOLVED_TYPES:
            return
        person = entity.type == "person"
        table = self.by_type.setdefault(entity.type, {})
        self.names[entity.id] = entity.name
        for name in [entity.name, *entity.aliases]:
            key = normal_name(name, person)
            if key:
                table.setdefault(key, entity.id)
        if person and len(normal_name(entity.name, True).split()) >= 2:
            surname = normal_name(entity.name, True).split()[-1]
            self.surnames.setdefault(surname, set()).add(entity.id)

    def match(self, entity: Entity) -> str | None:
        """The id of a known entity this one names, if any."""
        if entity.type not in RESOLVED_TYPES or _is_canonical(entity.id):
            return None
        person = entity.type == "person"
        key = normal_name(entity.name, person)
        table = self.by_type.get(entity.type, {})
        if key in table:
            return table[key]
        if person and len(key.split()) == 1:
            ids = self.surnames.get(key, set())
            return next(iter(ids)) if len(ids) == 1 else None
        threshold = PERSON_THRESHOLD if person else NAME_THRESHOLD
        best, score = None, 0.0
        for known, known_id in table.items():
            value = fuzz.token_sort_ratio(key, known)
            if value > score:
                best, score = known_id, value
        return best if score >= threshold else None

    def resolve(self, analysis: Analysis) -> Analysis:
        """The analysis with its pattern-made entities mapped onto known ones."""
        mapping: dict[str, str] = {}
        for entity in analysis.entities:
            known = self.match(entity)
            if known is not None and known != entity.id:
                mapping[entity.id] = known
        if mapping:
            analysis = _renamed(analysis, mapping, self.names)
        for entity in analysis.entities:
            self.learn(entity)
        return analysis


def _is_canonical(entity_id: str) -> bool:
    """Ids from the gazetteer are already shared by every document."""
    return entity_id in load_gazetteer().entries


def _renamed(analysis: Analysis, mapping: dict[str, str], names: dict[str, str]) -> Analysis:
    """Every reference to a mapped id points to the known entity; entities merged."""
    data = analysis.model_copy(deep=True)
    _rewrite(data, mapping, names)
    merged: dict[str, Entity] = {}
    for entity in data.entities:
        old_name = entity.name
        if entity.id in merged:
            kept = merged[entity.id]
            aliases = sorted({*kept.aliases, *entity.aliases, old_name} - {kept.name})
            merged[entity.id] = kept.model_copy(
                update={"aliases": aliases, "mentions": [*kept.mentions, *entity.mentions]}
            )
        else:
            merged[entity.id] = entity
    return data.model_copy(update={"entities": list(merged.values())})


def _rewrite(record: BaseModel, mapping: dict[str, str], names: dict[str, str]) -> None:
    """Point every EntityRef (and Entity id) inside a record at its mapped id."""
    for name in type(record).model_fields:
        value = getattr(record, name)
        items = value if isinstance(value, list) else [value]
        for item in items:
            if isinstance(item, EntityRef) and item.id in mapping:
                item.id = mapping[item.id]
                item.name = names.get(item.id, item.name)
            elif isinstance(item, Entity) and item.id in mapping:
                alias = item.name
                item.id = mapping[item.id]
                item.name = names.get(item.id, item.name)
                if alias != item.name and alias not in item.aliases:
                    item.aliases.append(alias)
                _rewrite(item, mapping, names)
            elif isinstance(item, BaseModel):
                _rewrite(item, mapping, names)


_RESOLVERS: WeakKeyDictionary[object, EntityResolver] = WeakKeyDictionary()


def resolver_for(store: Store) -> EntityResolver:
    """The resolver of a store (built from its entities once, then kept up to date)."""
    resolver = _RESOLVERS.get(store)
    if resolver is None:
        resolver = EntityResolver.of(store.entities())
        _RESOLVERS[store] = resolver
    return resolver
