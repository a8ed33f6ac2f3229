"""Equipment phrases: designations (T-90M, K9 Thunder), generic types ("armoured personnel
carrier") and head nouns ("vehicles", "drones"), with their SIPRI category, from the taxonomy in
``resources/equipment.yaml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claimgraph.nlp.tokens import Token, tokenize
from claimgraph.resources import has_resource, load_yaml

MAX_PHRASE = 8
STOP = {
    "to",
    "from",
    "for",
    "by",
    "with",
    "in",
    "on",
    "at",
    "that",
    "which",
    "who",
    "were",
    "was",
    "are",
    "is",
    "will",
    "would",
    "had",
    "have",
    "has",
    "be",
    "been",
    "could",
    "may",
    "might",
    "under",
    "into",
    "as",
    "than",
    "while",
    "after",
    "before",
    "since",
    "including",
    "and",
    "or",
    "its",
    "their",
    "his",
    "her",
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "worth",
    "said",
    "says",
    "per",
    "each",
    "over",
}
DETERMINERS = {
    "the",
    "a",
    "an",
    "its",
    "their",
    "his",
    "her",
    "this",
    "these",
    "those",
    "some",
    "no",
    "any",
    "all",
    "other",
    "such",
    "new",
    "key",
    "necessary",
    "further",
    "more",
    "additional",
    "first",
    "latest",
}


@dataclass(frozen=True)
class EquipmentPhrase:
    """An equipment mention: token range, normalised item, designation and category."""

    start: int
    end: int
    item: str
    designation: str | None
    category: str | None
    kind: str = "arms"


def singular(word: str) -> str:
    """Crude English singular of a plural noun."""
    lower = word.lower()
    if lower in _taxonomy()["invariant"] or len(lower) < 4 or not lower.endswith("s"):
        return word
    if lower.endswith("ies"):
        return word[:-3] + "y"
    if lower.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if lower.endswith("ss"):
        return word
    return word[:-1]


def _norm(tokens: list[Token]) -> tuple[str, ...]:
    words = [t.norm for t in tokens]
    if words:
        words[-1] = singular(words[-1]).lower()
    return tuple(words)


@cache
def _taxonomy() -> dict:
    data = load_yaml("equipment.yaml") if has_resource("equipment.yaml") else {}
    words = load_yaml("lexicons/equipment_words.yaml")
    types: dict[tuple[str, ...], dict] = {}
    for entry in data.get("types") or []:
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            key = tuple(t.norm for t in tokenize(str(form)))
            types.setdefault(key, entry)
    designations: dict[tuple[str, ...], dict] = {}
    for entry in data.get("designations") or []:
        for form in [entry["designation"], *(entry.get("aliases") or [])]:
            key = tuple(t.norm for t in tokenize(str(form)))
            designations.setdefault(key, entry)
    heads = {str(k).lower(): v for k, v in (data.get("heads") or {}).items()}
    heads.update({str(k).lower(): v for k, v in words["heads"].items()})
    kinds = {str(k).lower(): v for k, v in words["kinds"].items()}
    invariant = {str(w).lower() for w in words["invariant"]}
    return {
        "types": types,
        "designations": designations,
        "designation_starts": {key[0] for key in designations if key},
        "heads": heads,
        "kinds": kinds,
        "invariant": invariant,
    }


def is_equipment_head(word: str) -> bool:
    """Is the word a generic equipment head noun ("tanks", "helicopter", "missiles")?"""
    return singular(word).lower() in _taxonomy()["heads"]


def match_designation(tokens: list[Token], i: int) -> tuple[int, dict] | None:
    """Longest designation starting at token i."""
    taxonomy = _taxonomy()
    if tokens[i].norm not in taxonomy["designation_starts"]:
        return None
    table = taxonomy["designations"]
    for n in range(min(5, len(tokens) - i), 0, -1):
        key = tuple(t.norm for t in tokens[i : i + n])
        if key in table:
            return n, table[key]
    return None


def phrase_after(
    tokens: list[Token], i: int, *, to_end: bool = False, default_category: str | None = None
) -> EquipmentPhrase | None:
    """The equipment phrase starting at token i (after a quantity or determiner).

    The phrase ends at its last head noun before a stop word; with ``to_end`` (a list item) it
    runs to the end of the tokens and needs no known head.
    """
    while i < len(tokens) and tokens[i].norm in DETERMINERS | {"of"}:
        i += 1
    window: list[Token] = []
    for tok in tokens[i : i + MAX_PHRASE]:
        stop = tok.norm in STOP or not re.match(r"[\w-]", tok.text)
        if not to_end and stop and (tok.norm != "and" or not window or _is_head(window[-1])):
            break
        if to_end and tok.text in {",", ";", "(", ".", ":"}:
            break
        if (
            not to_end
            and window
            and tok.is_capitalised
            and window[-1].text.islower()
            and _is_head(window[-1])
        ):
            break  # "vehicles Russia plans to deliver": a new clause starts
        window.append(tok)
    while window and window[-1].norm in STOP:
        window.pop()
    return _classify(tokens, i, window, to_end, default_category)


def _classify(
    tokens: list[Token], i: int, window: list[Token], to_end: bool, default_category: str | None
) -> EquipmentPhrase | None:
    tax = _taxonomy()
    designation, category, kind = None, None, "arms"
    head_at = -1
    for j in range(len(window)):
        found = match_designation(window, j)
        if found:
            designation, category = found[1]["designation"], found[1].get("category")
        word = singular(window[j].norm).lower()
        if word in tax["heads"] or word in tax["kinds"]:
            head_at = j
    if head_at < 0 and designation is None and not to_end:
        return None
    if not to_end and head_at >= 0 and head_at < len(window) - 1 and designation is None:
        return None  # the noun phrase goes on past its equipment word: "satellite imagery"
    end = len(window) if to_end or head_at < 0 else head_at + 1
    phrase = window[:end]
    if not phrase:
        return None
    category = category or _type_category(phrase) or _head_category(phrase) or default_category
    kind = tax["kinds"].get(singular(phrase[-1].norm).lower(), "arms")
    item = " ".join(_norm(phrase))
    if designation and item.lower() == designation.lower():
        item = designation
    return EquipmentPhrase(i, i + len(phrase), item, designation, category, kind)


def _is_head(tok: Token) -> bool:
    word = singular(tok.norm).lower()
    return word in _taxonomy()["heads"] or word in _taxonomy()["kinds"]


def _type_category(phrase: list[Token]) -> str | None:
    types = _taxonomy()["types"]
    for j in range(len(phrase)):
        key = _norm(phrase[j:])
        if key in types:
            return types[key].get("category")
    return None


def _head_category(phrase: list[Token]) -> str | None:
    word = singular(phrase[-1].norm).lower()
    return _taxonomy()["heads"].get(word)
