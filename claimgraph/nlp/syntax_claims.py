"""Claims from syntax: every clause's predicate with its subject and object from the parse.

The event-lexicon stage (``claimgraph_events``) knows arms transfers, attacks and the other
relations of ``events.yaml`` in depth; this stage adds a claim for every other predicate whose
subject or object is an actor: "gunmen abducted two teachers", "the junta promised elections",
"security forces used live ammunition". Arguments come from the dependency relations
(``nlp/syntax.py``: passives, conjunctions, control, relative clauses), actors from the entity
index or, for generic agents ("Iraqi troops", "police"), from the Phoenix agents dictionary with
the country of the demonym or state in the phrase; event types from the CAMEO verb dictionary
mapped to PLOVER. Certainty starts from the cue lexicon (``certainty.yaml``) and is then read
off the parse: negation and modal auxiliaries in the predicate's own clause.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, cast

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.model import Certainty, Claim, Cue, Entity, EntityRef, Hop, Relation, Span, TimeExpr
from claimgraph.nlp import dictionaries, syntax
from claimgraph.nlp.certainty import certainty_of, find_cues
from claimgraph.nlp.components import Stage, _require
from claimgraph.nlp.dates import find_times
from claimgraph.nlp.entities import EntityIndex, ref, slug
from claimgraph.nlp.events import ACTOR_TYPES
from claimgraph.nlp.events import word_table as event_words
from claimgraph.nlp.tokens import Sentence
from claimgraph.resources import load_yaml

if TYPE_CHECKING:
    from spacy.tokens import Token

MAX_DESCRIPTION_WORDS = 6
# Mentions that qualify an agent noun ("Iraqi troops") rather than name the actor themselves.
STATE_LIKE = {"state", "location"}
# How far back (characters) a pronoun looks for the subject it stands for.
ANTECEDENT_WINDOW = 600
SPEECH_RELATIONS = {"say", "deny", "pass_to"}
ACTOR_GROUPS = ACTOR_TYPES - {"person"}  # what "they" and "it" can stand for
WEAKER = {"fact": 0, "reported": 1, "probable": 2, "possible": 3, "doubtful": 4, "denied": 5}


@Language.factory(
    "claimgraph_syntax_claims",
    requires=["token.dep", "token.lemma", "doc._.cg_entities", "doc._.cg_coverage"],
    assigns=["doc._.cg_claims", "doc._.cg_extra_entities"],
    default_config={"described_actors": True},
)
def make_syntax_claims(nlp: Language, name: str, described_actors: bool) -> SyntaxClaims:
    return SyntaxClaims(nlp, name, described_actors=described_actors)


class SyntaxClaims(Stage):
    """A claim for each predicate the event lexicon did not cover."""

    resources = (
        "lexicons/syntax.yaml",
        "lexicons/cameo_verbs.yaml",
        "lexicons/phoenix_agents.yaml",
        "lexicons/certainty.yaml",
    )

    def __init__(self, nlp: Language, name: str, described_actors: bool = True) -> None:
        super().__init__(nlp, name)
        self.described_actors = described_actors

    def __call__(self, doc: Doc) -> Doc:
        if not doc.has_annotation("DEP"):
            return doc  # the parser was excluded: nothing to read
        state = _DocState.start(doc, self.name, self.described_actors)
        for sent in _require(doc, "cg_sentences", self.name):
            if sent.kind == "body":
                state.sentence(sent)
        doc._.cg_claims = [_intent_type(c) for c in state.claims]
        doc._.cg_extra_entities = list(state.extra.values())
        return doc


@dataclass
class _DocState:
    doc: Doc
    index: EntityIndex
    coverage: dict[int, tuple[list[Hop], list[Span]]]
    claims: list[Claim]
    extra: dict[str, Entity]
    described_actors: bool
    doc_id: str
    text: str = ""
    starts: list[int] = field(default_factory=list)
    # Claims by the start of their evidence (their sentence), so that nothing here scans every
    # claim of the document per sentence or pronoun (linear in long documents).
    by_start: dict[int, list[int]] = field(default_factory=dict)
    evidence_starts: list[int] = field(default_factory=list)

    @classmethod
    def start(cls, doc: Doc, stage: str, described_actors: bool) -> _DocState:
        state = cls(
            doc=doc,
            index=_require(doc, "cg_entities", stage),
            coverage=_require(doc, "cg_coverage", stage),
            claims=list(doc._.cg_claims or []),
            extra={e.id: e for e in doc._.cg_extra_entities or []},
            described_actors=described_actors,
            doc_id=doc._.cg_document.id,
            text=doc._.cg_document.text,
            starts=[t.idx for t in doc],
        )
        for n, claim in enumerate(state.claims):
            state._index(n, claim)
        return state

    def _index(self, n: int, claim: Claim) -> None:
        start = claim.evidence.start
        if start not in self.by_start:
            self.by_start[start] = []
            insort(self.evidence_starts, start)
        self.by_start[start].append(n)

    def _in_sentence(self, start: int) -> list[tuple[int, Claim]]:
        return [(n, self.claims[n]) for n in self.by_start.get(start, [])]

    def _append(self, claim: Claim) -> None:
        self.claims.append(claim)
        self._index(len(self.claims) - 1, claim)

    # ---- one sentence ------------------------------------------------------------------------
    def sentence(self, sent: Sentence) -> None:
        tokens = self._tokens(sent)
        covered_verbs = self._lexicon_verbs(sent)
        hops, covered = self.coverage.get(sent.index, ([], []))
        cue_hits = find_cues(sent.tokens)
        times = find_times(sent.text, sent.start, self.doc._.cg_context)
        new: list[tuple[Claim, Token]] = []
        for verb in tokens:
            if not syntax.is_predicate(verb):
                continue
            if verb.lemma_.lower() in covered_verbs or verb.lower_ in covered_verbs:
                self._complete(sent, verb)
                continue
            if self._skip(verb):
                continue
            claim = self._claim(sent, verb, hops, covered, cue_hits, times)
            if claim is not None:
                new.append((claim, verb))
        typed = any(c.relation.plover for _, c in self._in_sentence(sent.start))
        for claim in _one_coded_event(new, already_coded=typed):
            self._append(claim.model_copy(update={"id": self._next_id()}))

    def _next_id(self) -> str:
        return f"{self.doc_id[:8]}-c{len(self.claims) + 1}"

    def _tokens(self, sent: Sentence) -> list[Token]:
        first = bisect_left(self.starts, sent.start)
        last = bisect_left(self.starts, sent.end)
        return list(self.doc[first:last])

    def _lexicon_verbs(self, sent: Sentence) -> set[str]:
        """Words of this sentence that already head a claim of the event-lexicon stage."""
        words: set[str] = set()
        for _, claim in self._in_sentence(sent.start):
            if claim.relation.verb:
                words.add(claim.relation.verb.lower())
                words.add(claim.relation.name.lower())
        return words

    def _complete(self, sent: Sentence, verb: Token) -> None:
        """An earlier stage's claim of this verb gets its arguments from the parse: a missing
        subject or object ('Gunmen abducted two teachers': the lexicon knows no 'gunmen'; the
        addressee of 'warned China'), and the named subject the parse gives where the event
        lexicon took a different actor by word order (never for transfers or speech acts,
        whose roles those stages set)."""
        words = {verb.lemma_.lower(), verb.lower_}
        for n, claim in self._in_sentence(sent.start):
            if (claim.relation.verb or "").lower() not in words:
                continue
            args = syntax.arguments(verb)
            speech = claim.relation.name in SPEECH_RELATIONS
            update: dict = {}
            subject = self.actor(args.subject) if args.subject is not None else None
            if subject is not None and subject.id != getattr(claim.object, "id", None):
                named = subject.id in self.index.entities and not args.inherited
                better = named or self._refines(subject, claim.subject)
                if not args.inherited and not self._in_clause(claim.subject, verb):
                    better = True  # the lexicon's actor lies outside the verb's clause
                if claim.subject is None or (
                    better and not speech and not claim.transfer_ids and subject != claim.subject
                ):
                    update["subject"] = subject
            if claim.object is None and args.object is not None:
                obj = self._object(args)
                owner = update.get("subject", claim.subject)
                if obj is not None and obj.id != getattr(owner, "id", None):
                    update["object"] = obj
            if update:
                self.claims[n] = claim.model_copy(update=update)
            return

    def _object(self, args: syntax.Arguments) -> EntityRef | None:
        """The first object candidate that names an entity ('paid tribute to the GDR': the
        GDR), else the first that describes something."""
        described: EntityRef | None = None
        candidates = args.candidates or ([(args.object, None)] if args.object is not None else [])
        for token, preposition in candidates:
            found = self.actor(token, as_object=True)
            if found is None:
                continue
            if not found.id.startswith("np:"):
                args.object, args.object_preposition = token, preposition
                return found
            described = described or found
        return described

    def _in_clause(self, actor: EntityRef | None, verb: Token) -> bool:
        """Is the actor mentioned inside the verb's clause (its subtree)?"""
        if actor is None:
            return False
        words = list(verb.subtree)
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        return any(m.entity.id == actor.id for m in self.index.at(start, end))

    def _refines(self, agent: EntityRef, actor: EntityRef | None) -> bool:
        """Is ``agent`` a generic agent of the state ``actor`` ('Moldovan troops' for Moldova)?"""
        found = self.extra.get(agent.id)
        state = self.index.entities.get(actor.id) if actor is not None else None
        return bool(
            found is not None
            and state is not None
            and state.type == "state"
            and found.country
            and found.country == state.country
        )

    def _skip(self, verb: Token) -> bool:
        lemma = verb.lemma_.lower()
        if lemma in set(syntax.lexicon()["light_verbs"]):
            return True
        if lemma in set(syntax.lexicon()["hedging_passives"]) and _agentless_passive(verb):
            return True
        return bool(syntax.children(verb, "clausal_complement", "parataxis")) and not (
            syntax.children(verb, "object")
        )

    # ---- one claim ---------------------------------------------------------------------------
    def _claim(
        self,
        sent: Sentence,
        verb: Token,
        hops: list[Hop],
        covered: list[Span],
        cue_hits: list,
        times: list[TimeExpr],
    ) -> Claim | None:
        args = syntax.arguments(verb)
        event_noun = _occurrence(verb, args)
        if event_noun is not None:  # 'a clash occurred': the event is the noun
            args = syntax.Arguments()
        subject = self.actor(args.subject) if args.subject is not None else None
        obj = self._object(args)
        if subject is None and obj is None and event_noun is None:
            return None
        if subject is not None and obj is not None and subject.id == obj.id:
            obj = None
        inside = any(s.start <= verb.idx < s.end for s in covered)
        chain = hops if inside else self._reported_by(verb)
        certainty, cues = self._certainty(sent, verb, cue_hits, attributed=bool(chain))
        relation = self._relation(verb, args, cues)
        if event_noun is not None:
            relation = relation.model_copy(
                update={
                    "name": event_noun.lemma_.lower(),
                    "verb": f"{event_noun.lower_} {verb.lemma_}",
                }
            )
        others = [
            r
            for r in (self.actor(t, as_object=True) for t in args.co_objects + args.co_subjects)
            if r is not None and r.id not in {getattr(subject, "id", ""), getattr(obj, "id", "")}
        ]
        return Claim(
            id=f"{self.doc_id[:8]}-c{len(self.claims) + 1}",
            doc_id=self.doc_id,
            subject=subject,
            relation=relation,
            object=obj,
            others=others,
            time=_nearest_time(times, verb.idx),
            certainty=certainty,
            cues=cues,
            attribution=chain,
            evidence=sent.span(),
        )

    def _relation(self, verb: Token, args: syntax.Arguments, cues: list[Cue]) -> Relation:
        lemma = verb.lemma_.lower()
        particle = syntax.particle(verb)
        direct = next((t for t, prep in args.candidates if prep is None), args.object)
        object_head = direct.lemma_.lower() if direct is not None else None
        preposition = particle or args.object_preposition
        code = _lexicon_code(verb) or dictionaries.verb_event(
            lemma, particle=preposition, object_head=object_head
        )
        phrase = " ".join(w for w in (lemma, particle or args.object_preposition) if w)
        name = code.phrase.replace(" ", "_") if code and " " in code.phrase else lemma
        kinds = {c.kind for c in cues}
        modal, _ = syntax.modality(verb)
        return Relation(
            name=name,
            plover=code.plover if code else None,
            mode=code.mode if code else None,
            verb=phrase,
            negated="negation" in kinds or "denial" in kinds,
            future=modal in {"future", "intention"},
            hypothetical=modal in {"possible", "conditional"},
        )

    def _certainty(
        self, sent: Sentence, verb: Token, cue_hits: list, *, attributed: bool
    ) -> tuple[Certainty, list[Cue]]:
        """The cue lexicon's certainty, then negation and modality from the parse."""
        position = _token_index(sent, verb.idx)
        cues: list[Cue] = []
        certainty: Certainty = "reported" if attributed else "fact"
        if position is not None:
            found, cues = certainty_of(sent.tokens, cue_hits, position, attributed=attributed)
            certainty = cast(Certainty, found)
        neg = syntax.negation(verb)
        if neg is not None:
            cues.append(Cue(span=_span(neg), certainty="denied", kind="negation"))
            return "denied", cues
        modal, word = syntax.modality(verb)
        if modal in {"possible", "conditional"} and word is not None:
            cues.append(Cue(span=_span(word), certainty="possible", kind="modal"))
            certainty = _weaker(certainty, "possible")
        elif modal == "intention" and word is not None:
            cues.append(Cue(span=_span(word), certainty="probable", kind="modal"))
            certainty = _weaker(certainty, "probable")
        return certainty, cues

    def _reported_by(self, verb: Token) -> list[Hop]:
        """'Pentagon officials said the talks had stalled': the source of a clause governed by
        a reporting verb, where the attribution stage found none."""
        clause = verb
        for _ in range(4):
            kind, head = syntax.role(clause), clause.head
            if head is clause or kind not in {"clausal_complement", "parataxis", "conjunct"}:
                return []
            if kind != "conjunct" and (
                head.lemma_.lower() in reporting_verbs() or head.lower_ in reporting_verbs()
            ):
                subjects = syntax.children(head, "subject")
                source = self.actor(subjects[0]) if subjects else None
                return [Hop(source=source, cue=_span(head))] if source is not None else []
            clause = head
        return []

    # ---- actors ------------------------------------------------------------------------------
    def actor(self, head: Token, as_object: bool = False) -> EntityRef | None:
        """The entity a noun phrase names or describes, or None."""
        if head.pos_ == "PRON":
            return None if as_object else self._pronoun(head)
        for mention in self.index.at(head.idx, head.idx + len(head.text)):
            return self._mentioned(mention.entity.id)
        start, end = syntax.core_phrase(head)
        inside = self.index.within(start, end)
        named = [m for m in inside if self._type(m.entity.id) not in STATE_LIKE]
        if named:  # 'FMLN rebels', 'Taliban fighters': the named group is the actor
            return self._mentioned(named[-1].entity.id)
        code = dictionaries.agent_code(head.lemma_.lower()) if head.pos_ == "NOUN" else None
        if code is not None:
            return self._agent(head, code, start, end, inside)
        actors = [m for m in inside if self._type(m.entity.id) != "location"]
        if not as_object:  # 'Russia's experience may ...': a possessor is not the subject
            actors = [m for m in actors if m.span.start in _modifier_starts(head)]
        if actors and head.pos_ != "PROPN":
            nearest = max(actors, key=lambda m: m.span.start)
            return self._mentioned(nearest.entity.id)
        for appos in syntax.children(head, "apposition"):
            found = self.actor(appos, as_object)
            if found is not None:
                return found
        if self.described_actors and head.pos_ in {"PROPN", "NOUN"}:
            return self._description(start, end)
        return None

    def _type(self, entity_id: str) -> str:
        return self.index.entities[entity_id].type

    def _mentioned(self, entity_id: str) -> EntityRef:
        return ref(self.index.entities[entity_id])

    def _agent(self, head: Token, code: str, start: int, end: int, inside: list) -> EntityRef:
        """'Iraqi troops' -> an armed force of Iraq; 'police' -> a government body."""
        country = next(
            (
                self.index.entities[m.entity.id].country
                for m in inside
                if self.index.entities[m.entity.id].country
            ),
            None,
        )
        etype = dictionaries.agent_type(code) or "organization"
        name = _without_determiner(self.text[start:end])
        entity_id = f"agent:{(country or 'xx').lower()}-{code.lower()}-{slug(head.lemma_)}"
        entity = self.extra.get(entity_id) or Entity(
            id=entity_id,
            name=name,
            type=etype,
            country=country,
        )
        self.extra.setdefault(entity_id, entity)
        return ref(entity)

    def _description(self, start: int, end: int) -> EntityRef | None:
        name = _without_determiner(self.text[start:end])
        if not name or len(name.split()) > MAX_DESCRIPTION_WORDS:
            return None
        return EntityRef(id=f"np:{slug(name)}", name=name)

    def _pronoun(self, head: Token) -> EntityRef | None:
        """The subject of the nearest earlier claim a pronoun can stand for ('he' a person,
        'they'/'it' a group, state or force), else the nearest earlier actor mention."""
        kinds = syntax.lexicon()["pronouns"]
        if head.lower_ in kinds["person"]:
            wanted = {"person"}
        elif head.lower_ in kinds["group"]:
            wanted = ACTOR_GROUPS
        else:
            return None
        floor = head.idx - ANTECEDENT_WINDOW
        first = bisect_left(self.evidence_starts, floor)
        last = bisect_left(self.evidence_starts, head.idx)
        earlier = [
            c
            for start in self.evidence_starts[first:last]
            for _, c in self._in_sentence(start)
            if c.subject is not None
        ]
        for subject in reversed([c.subject for c in earlier if c.subject is not None]):
            if self._kind(subject.id) in wanted:
                return subject
        for mention in reversed(self.index.at(max(0, floor), head.idx)):
            if self._kind(mention.entity.id) in wanted:
                return self._mentioned(mention.entity.id)
        return None

    def _kind(self, entity_id: str) -> str | None:
        entity = self.index.entities.get(entity_id) or self.extra.get(entity_id)
        return entity.type if entity is not None else None


def _lexicon_code(verb: Token) -> dictionaries.VerbCode | None:
    """The project's own event lexicon (``events.yaml``) types its words before CAMEO does, so
    one verb gets one type whichever stage makes the claim."""
    found = event_words().get(verb.lower_) or event_words().get(verb.lemma_.lower())
    if found is None or not found[1].get("plover"):
        return None
    name, spec = found
    return dictionaries.VerbCode("", str(spec["plover"]), spec.get("mode"), verb.lemma_.lower())


@cache
def reporting_verbs() -> frozenset[str]:
    """Reporting verbs and their forms (``lexicons/attribution.yaml``)."""
    return frozenset(str(v) for v in load_yaml("lexicons/attribution.yaml")["verbs"])


def _one_coded_event(new: list[tuple[Claim, Token]], already_coded: bool) -> list[Claim]:
    """Keep the PLOVER type of a sentence's main event only, as event coders code one event
    per sentence: the coded predicate nearest the root, unless an earlier stage already coded
    one. The other claims keep their relation (the verb) without a type."""
    coded = [
        (syntax.depth(verb), n) for n, (claim, verb) in enumerate(new) if claim.relation.plover
    ]
    keep = None if already_coded or not coded else min(coded)[1]
    out = []
    for n, (claim, _verb) in enumerate(new):
        if claim.relation.plover and n != keep:
            relation = claim.relation.model_copy(update={"plover": None, "mode": None})
            claim = claim.model_copy(update={"relation": relation})
        out.append(claim)
    return out


def _intent_type(claim: Claim) -> Claim:
    """A future or intended event takes the PLOVER type of the intention (AGREE, THREATEN), a
    negated one REJECT; the relation's name keeps what is intended."""
    relation = claim.relation
    if not relation.plover or not relation.future:
        return claim
    table = syntax.lexicon()["intent_types"]
    intent = next((t for t, kinds in table.items() if relation.plover in kinds), None)
    if intent is None:
        return claim
    if relation.negated:
        intent = syntax.lexicon()["refusal_type"]
    if intent == relation.plover:
        return claim
    update = {"plover": intent, "mode": relation.mode or relation.plover.lower()}
    return claim.model_copy(update={"relation": relation.model_copy(update=update)})


def _agentless_passive(verb: Token) -> bool:
    args = syntax.arguments(verb)
    return args.passive and not syntax.children(verb, "agent")


def _occurrence(verb: Token, args: syntax.Arguments) -> Token | None:
    """The event noun of 'a clash occurred', 'fighting broke out', 'talks took place'."""
    phrase = " ".join(w for w in (verb.lemma_.lower(), syntax.particle(verb)) if w)
    if args.subject is None or args.object is not None:
        return None
    if phrase not in set(syntax.lexicon()["occurrence_verbs"]) or args.subject.pos_ != "NOUN":
        return None
    return args.subject


def _modifier_starts(head: Token) -> set[int]:
    """Start offsets of the words that name what the head is ('Iranian' in 'Iranian
    negotiators', 'UN' in 'UN inspectors'): compounds and adjectives, not possessors or
    'of' phrases."""
    return {
        t.idx
        for child in head.children
        if syntax.role(child) in {"compound", "modifier"} and child.dep_ != "nmod"
        for t in child.subtree
    }


def _token_index(sent: Sentence, start: int) -> int | None:
    for n, tok in enumerate(sent.tokens):
        if tok.start <= start < tok.end or tok.start >= start:
            return n
    return None


def _span(tok: Token) -> Span:
    return Span(start=tok.idx, end=tok.idx + len(tok.text), text=tok.text)


def _weaker(a: Certainty, b: Certainty) -> Certainty:
    return a if WEAKER[a] >= WEAKER[b] else b


def _nearest_time(times: list[TimeExpr], position: int) -> TimeExpr | None:
    if not times:
        return None
    return min(times, key=lambda t: abs((t.span.start if t.span else 0) - position))


def _without_determiner(text: str) -> str:
    words = text.split()
    while words and words[0].lower() in {"the", "a", "an", "some", "this", "that", "these"}:
        words = words[1:]
    return " ".join(words).strip(" ,;:")
