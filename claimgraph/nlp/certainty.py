"""Certainty cues and their scope (``resources/lexicons/certainty.yaml``).

A cue governs an event word after it: ``next`` cues only the first event word within a few
tokens, ``clause`` cues the rest of their clause, ``sentence`` cues the rest of the sentence.
Clause boundaries stop every cue but sentence-scoped ones, so a hedge stays in its own clause.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import cast

from claimgraph.model import Cue, Span
from claimgraph.nlp.tokens import PhraseIndex, Token, token_span
from claimgraph.resources import load_yaml

CLAUSE_BREAKS = {";", "but", "while", "whereas", "although", "though", "however", "yet", "—", "–"}
REPORTING_SCOPE = {"reported", "alleged"}


@dataclass(frozen=True)
class CueHit:
    """A certainty cue found at token ``start`` (``length`` tokens long)."""

    start: int
    length: int
    certainty: str
    scope: str
    window: int


@cache
def _cue_table() -> PhraseIndex:
    lexicon = load_yaml("lexicons/certainty.yaml")["cues"]
    return PhraseIndex(
        (str(word), (certainty, group["scope"], int(group.get("window", 99))))
        for certainty, groups in lexicon.items()
        for group in groups
        for word in group["words"]
    )


@cache
def certainty_order() -> list[str]:
    return list(load_yaml("lexicons/certainty.yaml")["order"])


@cache
def conditionals() -> set[str]:
    return {str(w) for w in load_yaml("lexicons/certainty.yaml")["conditionals"]}


def find_cues(tokens: list[Token]) -> list[CueHit]:
    """Certainty cues of a sentence, longest match first, non-overlapping."""
    hits: list[CueHit] = []
    i = 0
    table = _cue_table()
    while i < len(tokens):
        found = table.match(tokens, i)
        if found is None:
            i += 1
            continue
        n, payload = found
        certainty, scope, window = cast(tuple[str, str, int], payload)
        hits.append(CueHit(i, n, certainty, scope, window))
        i += n
    return hits


def is_break(tokens: list[Token], i: int) -> bool:
    """Is token i a clause boundary?"""
    return tokens[i].norm in CLAUSE_BREAKS


def governs(tokens: list[Token], hit: CueHit, target: int) -> bool:
    """Does the cue govern the event word at token ``target``?"""
    end = hit.start + hit.length
    if target < end:
        return False
    if hit.scope == "sentence":
        return True
    if any(is_break(tokens, j) for j in range(end, target)):
        return False
    if hit.scope == "next" and _verb_group_cue(tokens, hit):
        return all(_in_verb_group(tokens[j]) for j in range(end, target))
    return hit.scope == "clause" or target - end < hit.window


VERB_GROUP = {
    "be",
    "been",
    "being",
    "have",
    "has",
    "had",
    "also",
    "not",
    "never",
    "yet",
    "even",
    "still",
    "ever",
    "already",
    "soon",
    "eventually",
    "then",
    "now",
    "again",
    "further",
    "both",
    "all",
    "just",
    "only",
    "reportedly",
    "allegedly",
}
NOUN_MODIFIERS = {"possible", "potential", "alleged", "purported", "reported", "no"}


def _verb_group_cue(tokens: list[Token], hit: CueHit) -> bool:
    """Modal and negation cues govern only the verb of their own verb group."""
    words = {t.norm for t in tokens[hit.start : hit.start + hit.length]}
    return (
        hit.certainty in {"possible", "denied", "probable"}
        and not words & NOUN_MODIFIERS
        and "evidence" not in words
        and hit.length <= 2
        and not words & {"likely", "expected", "probably"}
    )


def _in_verb_group(tok: Token) -> bool:
    return tok.norm in VERB_GROUP or (tok.norm.endswith("ly") and tok.text.islower())


def weakest(values: list[str]) -> str:
    """The least committed certainty among values."""
    order = certainty_order()
    return max(values, key=order.index) if values else "fact"


def certainty_of(
    tokens: list[Token],
    hits: list[CueHit],
    target: int,
    *,
    attributed: bool,
    first_event: int | None = None,
) -> tuple[str, list[Cue]]:
    """Certainty of the event at ``target`` and the cues that set it.

    ``first_event``: the nearest event word before ``target`` in the clause; a ``next`` cue that
    governs that word is used up and does not reach ``target``.
    """
    chosen: list[CueHit] = []
    for hit in hits:
        if not governs(tokens, hit, target):
            continue
        if (
            hit.scope == "next"
            and first_event is not None
            and hit.start + hit.length <= first_event < target
        ):
            continue
        chosen.append(hit)
    values = [h.certainty for h in chosen]
    if _conditional_before(tokens, target):
        values.append("possible")
    if not values:
        values = ["reported" if attributed else "fact"]
    cues = [
        Cue(span=_span(tokens, h), certainty=h.certainty, kind=_kind(h.certainty)) for h in chosen
    ]
    return weakest(values), cues


def _conditional_before(tokens: list[Token], target: int) -> bool:
    markers = conditionals()
    for j in range(target - 1, -1, -1):
        if is_break(tokens, j) or tokens[j].text == ",":
            return False
        if tokens[j].norm in markers:
            return True
    return False


def _span(tokens: list[Token], hit: CueHit) -> Span:
    return token_span(tokens[hit.start : hit.start + hit.length])


def _kind(certainty: str) -> str:
    return {
        "reported": "report",
        "alleged": "allegation",
        "denied": "negation",
        "possible": "hedge",
        "probable": "hedge",
        "doubtful": "hedge",
    }.get(certainty, "hedge")
