"""Predicates and their arguments read from the dependency parse.

Every relation is read through one label map (``resources/lexicons/syntax.yaml``), so the
ClearNLP labels of spaCy's ``en_core_web_sm`` and the Universal Dependencies labels of the
project's own model both serve. The functions here take spaCy tokens and return spaCy tokens;
turning an argument into an entity is the claim stage's job (``nlp/syntax_claims.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from claimgraph.resources import load_yaml

if TYPE_CHECKING:
    from spacy.tokens import Token

RELATIVE_PRONOUNS = {"who", "which", "that", "whom", "whose"}


@cache
def lexicon() -> dict:
    return load_yaml("lexicons/syntax.yaml")


@cache
def _roles() -> dict[str, str]:
    return {label: role for role, labels in lexicon()["labels"].items() for label in labels}


def role(tok: Token) -> str:
    """The claim stages' name for a token's relation to its head (``subject``, ``object``...)."""
    return _roles().get(tok.dep_, tok.dep_)


def children(tok: Token, *wanted: str) -> list[Token]:
    """Children of ``tok`` whose role is one of ``wanted``."""
    return [c for c in tok.children if role(c) in wanted]


@dataclass
class Arguments:
    """Who does what to whom, as the parse says: argument heads, not yet entities."""

    subject: Token | None = None
    object: Token | None = None
    object_preposition: str | None = None
    candidates: list[tuple[Token, str | None]] = field(default_factory=list)  # (object, prep)
    co_subjects: list[Token] = field(default_factory=list)
    co_objects: list[Token] = field(default_factory=list)
    passive: bool = False
    inherited: bool = False  # subject taken from a governing or coordinated clause


def is_predicate(tok: Token) -> bool:
    """A verb heading a clause (not an auxiliary, not a participle used as an adjective)."""
    if tok.pos_ != "VERB" or not tok.is_alpha:
        return False
    following = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if following is not None and following.text == "-" and not tok.whitespace_:
        return False  # a prefix split off its word ('re' of 're-open')
    return role(tok) not in {"auxiliary", "modifier", "compound", "determiner", "preposition"}


def arguments(verb: Token) -> Arguments:
    """Subject and object of a verb, from its own dependents or, where it has none, from the
    clause it is coordinated with, controlled by or relative to."""
    args = Arguments()
    for child in verb.children:
        kind = role(child)
        if kind == "subject" and args.subject is None:
            args.subject = _relative_antecedent(verb, child)
        elif kind == "passive_subject":
            args.passive = True
            args.object = _relative_antecedent(verb, child)
        elif kind == "agent":
            args.subject = _agent_noun(child)
        elif kind == "object" and args.object is None:
            args.object = child
    args.candidates = ([(args.object, None)] if args.object is not None else []) + list(
        _prepositional_objects(verb)
    )
    if args.object is None and args.candidates:
        args.object, args.object_preposition = args.candidates[0]
    if args.object is None:
        args.object = _shared_object(verb)
    if args.subject is None:
        args.subject = _inherited_subject(verb, args)
        args.inherited = args.subject is not None
    if args.subject is not None:
        args.co_subjects = list(args.subject.conjuncts)
    if args.object is not None:
        args.co_objects = list(args.object.conjuncts)
    return args


def _relative_antecedent(verb: Token, argument: Token) -> Token:
    """'the group, which attacked X': the relative pronoun stands for the noun it modifies."""
    if argument.lower_ in RELATIVE_PRONOUNS and role(verb) == "relative_clause":
        return verb.head
    return argument


def _agent_noun(agent: Token) -> Token | None:
    """'by X': X (ClearNLP hangs it below 'by'; UD attaches X itself)."""
    if agent.pos_ in {"NOUN", "PROPN", "PRON"}:
        return agent
    objects = children(agent, "prepositional_object")
    return objects[0] if objects else None


def _prepositional_objects(verb: Token) -> list[tuple[Token, str | None]]:
    """Indirect objects and objects of participant prepositions ('to China', 'against the
    rebels'), in the order of the sentence."""
    wanted = set(lexicon()["object_prepositions"])
    found: list[tuple[Token, str | None]] = []
    for child in verb.children:
        kind = role(child)
        if kind == "indirect_object":
            found.append((child, None))
        elif kind == "preposition" and child.lower_ in wanted:
            found.extend((o, child.lower_) for o in children(child, "prepositional_object"))
        elif kind == "oblique":
            cases = [c.lower_ for c in children(child, "case")]
            if cases and cases[0] in wanted:
                found.append((child, cases[0]))
    return found


def _shared_object(verb: Token) -> Token | None:
    """'train and arm a battalion': the first verb shares the object of the verb joined to it."""
    for conjunct in children(verb, "conjunct"):
        if conjunct.pos_ == "VERB":
            found = children(conjunct, "object")
            if found:
                return found[0]
    return None


def _inherited_subject(verb: Token, args: Arguments) -> Token | None:
    """The subject a verb shares: over 'and', through control ('agreed to train'), or the noun
    a participle modifies ('forces loyal to', 'militants attacking the base')."""
    kind = role(verb)
    head = verb.head
    if head is verb:
        return None
    if kind == "conjunct":
        if head.pos_ in {"VERB", "AUX"}:
            shared = arguments(head)
            if shared.passive and not args.passive:
                return shared.object if args.object is not shared.object else None
            return shared.subject
        return None
    if kind == "open_complement":
        controller = children(head, "object")
        if controller and head.lemma_ not in set(lexicon()["modality"]["intention"]):
            return controller[0]
        return arguments(head).subject
    if kind == "relative_clause":
        return head
    if verb.dep_ == "pcomp" and head.head.pos_ == "VERB":
        governing = head.head  # 'accused Syria of harbouring militants': Syria harbours
        objects = children(governing, "object")
        return objects[0] if objects else arguments(governing).subject
    if kind == "clause_modifier" and verb.dep_ == "acl" and verb.tag_ == "VBG":
        return head
    return None


def negation(verb: Token) -> Token | None:
    """The 'not'/'never' that negates this verb, if any."""
    found = children(verb, "negation")
    if found:
        return found[0]
    for aux in children(verb, "auxiliary"):
        found = children(aux, "negation")
        if found:
            return found[0]
    return None


def modality(verb: Token) -> tuple[str | None, Token | None]:
    """('possible' | 'conditional' | 'future' | 'intention', the word) for a verb's clause:
    its own modal auxiliary, or the verb of intention that governs it ('plans to buy')."""
    table = lexicon()["modality"]
    for aux in children(verb, "auxiliary"):
        for kind in ("possible", "conditional", "future"):
            if aux.lower_ in table[kind]:
                return kind, aux
    if role(verb) == "open_complement" and verb.head.lemma_ in set(table["intention"]):
        return "intention", verb.head
    if role(verb) == "conjunct" and verb.head.pos_ == "VERB":
        return modality(verb.head)
    return None, None


def particle(verb: Token) -> str | None:
    """The particle of a phrasal verb ('hand over', 'carry out')."""
    found = children(verb, "particle")
    return found[0].lower_ if found else None


def core_phrase(head: Token) -> tuple[int, int]:
    """Character span of a noun phrase without its relative clauses, appositions,
    coordinated nouns and trailing prepositional phrases ('of' phrases kept)."""
    keep = [head]
    for child in head.children:
        kind = role(child)
        if (
            child.i < head.i
            and kind not in {"conjunct", "punct", "cc", "relative_clause"}
            or kind == "preposition"
            and child.lower_ == "of"
            or kind == "compound"
        ):
            keep.extend(child.subtree)
    start = min(t.idx for t in keep)
    last = max(keep, key=lambda t: t.idx)
    return start, last.idx + len(last.text)


def depth(tok: Token) -> int:
    """Arcs between a token and the root of its sentence."""
    steps = 0
    while tok.head is not tok and steps < 100:
        tok = tok.head
        steps += 1
    return steps
