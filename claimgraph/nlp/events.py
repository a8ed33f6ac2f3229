"""Events and transfers: event words (``resources/lexicons/events.yaml``) with their subject,
object, time, certainty and attribution; arms and training transfers with quantities, items,
status (``transfer_status.yaml``), and list items that inherit supplier and recipient from
their lead-in ("... vehicles Russia plans to deliver to China, including:").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from claimgraph.model import Claim, Cue, Entity, EntityRef, Hop, Relation, Span, TimeExpr, Transfer
from claimgraph.nlp import equipment
from claimgraph.nlp.certainty import certainty_of, find_cues, is_break, weakest
from claimgraph.nlp.dates import Context, find_times
from claimgraph.nlp.entities import EntityIndex, ref
from claimgraph.nlp.quantities import Quantity, find_quantities
from claimgraph.nlp.tokens import Sentence, Token, token_span, tokenize
from claimgraph.resources import load_yaml

ACTOR_TYPES = {
    "state",
    "armed_force",
    "military_unit",
    "government_body",
    "organization",
    "think_tank",
    "hacker_group",
    "armed_group",
    "international_org",
    "person",
    "media",
}
PASSIVE_AUX = {"was", "were", "been", "being", "be", "is", "are"}
SUBJECT_BREAKS = {";", ":", "that", "which", "who", "while", "whereas", "although", "but"}
COORD_AUX = {
    "has",
    "have",
    "had",
    "is",
    "are",
    "was",
    "were",
    "will",
    "would",
    "also",
    "then",
    "later",
    "continues",
    "continue",
    "could",
    "may",
    "might",
    "can",
}


VERBAL_CONTEXT = {
    "to",
    "will",
    "would",
    "could",
    "may",
    "might",
    "can",
    "should",
    "must",
    "did",
    "does",
    "do",
    "has",
    "have",
    "had",
    "not",
    "also",
    "reportedly",
    "allegedly",
    "who",
    "which",
    "and",
    "that",
}


@dataclass
class Trigger:
    """An event word in a sentence and the relation it expresses."""

    index: int
    relation: str
    spec: dict
    nominal: bool = False


@dataclass
class LeadIn:
    """A sentence that introduces a list of transferred items."""

    supplier: EntityRef | None
    recipient: EntityRef | None
    status: str
    certainty: str
    attribution: list[Hop]
    category: str | None
    claim_id: str
    time: TimeExpr | None


@dataclass
class EventResult:
    """Claims and transfers of a document."""

    claims: list[Claim] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)


@cache
def lexicon() -> dict:
    return load_yaml("lexicons/events.yaml")


@cache
def word_table() -> dict[str, tuple[str, dict]]:
    """Each event word -> (relation name, its spec in ``events.yaml``)."""
    table: dict[str, tuple[str, dict]] = {}
    for name, spec in lexicon()["relations"].items():
        for word in spec["words"]:
            table.setdefault(str(word), (name, spec))
    return table


@cache
def _status_table() -> list[tuple[str, tuple[str, ...]]]:
    data = load_yaml("lexicons/transfer_status.yaml")
    return [
        (status, tuple(t.norm for t in tokenize(str(cue))))
        for status, cues in data["statuses"].items()
        for cue in cues
    ]


@cache
def _kind_table() -> dict[str, str]:
    data = load_yaml("lexicons/transfer_status.yaml")
    return {str(w): kind for kind, words in data["kinds"].items() for w in words}


def find_triggers(
    tokens: list[Token], is_demonym: Callable[[Token], bool] = lambda _tok: False
) -> list[Trigger]:
    """Event words of a sentence; a word coordinated with the previous one joins it.

    Words that are as often nouns as verbs ("ship", "strike") count only in a verbal context;
    ``is_demonym`` tells an adjective ("a Brazilian ship") from a subject ("Brazil ships").
    """
    found: list[Trigger] = []
    table = word_table()
    consumed: set[int] = set()
    phrasal = lexicon().get("phrasal") or {}
    for i, tok in enumerate(tokens):
        pair = f"{tok.norm} {tokens[i + 1].norm}" if i + 1 < len(tokens) else ""
        if pair in phrasal:
            name = phrasal[pair]
            found.append(Trigger(i, name, lexicon()["relations"][name], False))
            consumed.add(i + 1)
            continue
        if tok.norm not in table or i in consumed:
            continue
        name, spec = table[tok.norm]
        nominal = _is_nominal(tokens, i)
        if tok.norm in _ambiguous() and not nominal and not _verbal_context(tokens, i, is_demonym):
            continue
        if name in {"agree", "support"} and i + 1 < len(tokens) and tokens[i + 1].norm == "to":
            continue  # "agreed to supply": an intention, the supply is the event
        if spec.get("requires_noun"):
            noun = _required_noun(tokens, i, spec["requires_noun"])
            if noun is None:
                continue
            consumed.add(noun)
        if (
            found
            and i - found[-1].index == 2
            and tokens[i - 1].norm in {"and", "or"}
            and found[-1].relation == name
            or found
            and i - found[-1].index == 2
            and tokens[i - 1].norm in {"and", "or"}
            and spec.get("transfer")
            and found[-1].spec.get("transfer")
        ):
            continue
        found.append(Trigger(i, name, spec, _is_nominal(tokens, i)))
    return found


@cache
def _ambiguous() -> frozenset[str]:
    return frozenset(str(w) for w in lexicon().get("ambiguous") or [])


PRONOUN_SUBJECTS = {"he", "she", "they", "it", "we", "i", "you", "who", "which"}


def _verbal_context(tokens: list[Token], i: int, is_demonym: Callable[[Token], bool]) -> bool:
    """Is the word at i used as a verb (after a subject, auxiliary, 'to' or an adverb)?"""
    if i == 0:
        return False
    prev = tokens[i - 1]
    if prev.norm in VERBAL_CONTEXT | PASSIVE_AUX | PRONOUN_SUBJECTS or prev.norm.endswith("ly"):
        return True
    return prev.is_capitalised and prev.norm not in {"the", "a", "an"} and not is_demonym(prev)


def _is_nominal(tokens: list[Token], i: int) -> bool:
    """Is the event word at i a noun ('the delivery', 'Russia's invasion')?"""
    if tokens[i].norm not in set(lexicon()["nouns"]):
        return False
    if i == 0:
        return True
    prev = tokens[i - 1].norm
    return not (prev in VERBAL_CONTEXT or prev.endswith("ly") or prev in PASSIVE_AUX)


def _required_noun(tokens: list[Token], i: int, kind: str) -> int | None:
    """Index of the noun that completes a relation ('preparing for an assault'), if any."""
    nouns = set(lexicon()["attack_nouns" if kind == "attack" else "threat_nouns"])
    return next((j for j in range(i + 1, min(i + 8, len(tokens))) if tokens[j].norm in nouns), None)


@dataclass
class EventFinder:
    """Walks the sentences of a document and builds claims and transfers."""

    doc_id: str
    index: EntityIndex
    context: Context
    result: EventResult = field(default_factory=EventResult)
    lead_in: LeadIn | None = None
    scope: tuple[int, int] | None = None

    def sentence(
        self,
        sent: Sentence,
        attribution: list[Hop],
        covered: list[Span],
        speaker_hops: list[Hop] | None = None,
    ) -> None:
        """Claims and transfers of one sentence, given the attribution chain covering it."""
        if sent.kind == "list_item":
            if self.lead_in is not None:
                self._list_item(sent)
            return
        self.lead_in = None
        if sent.kind != "body":
            return
        tokens = sent.tokens
        cues = find_cues(tokens)
        times = find_times(sent.text, sent.start, self.context)
        previous: Claim | None = None
        triggers = find_triggers(tokens, self._is_demonym)
        if not triggers:
            self._continuation(sent, attribution)
        for n, trigger in enumerate(triggers):
            hops = attribution if _inside(tokens[trigger.index], covered) else []
            self.scope = next(
                (
                    (s.start, s.end)
                    for s in covered
                    if s.start <= tokens[trigger.index].start < s.end
                ),
                None,
            )
            before = triggers[n - 1].index if n else None
            claim = self._claim(sent, trigger, cues, times, hops, previous, before)
            if claim is not None:
                self.result.claims.append(claim)
                previous = claim

    def _continuation(self, sent: Sentence, attribution: list[Hop]) -> None:
        """'The package also included two ground control stations': more of the last transfer."""
        tokens = sent.tokens
        verbs = set(lexicon()["continuation_verbs"])
        subjects = set(lexicon()["continuation_subjects"])
        last = self.result.transfers[-1] if self.result.transfers else None
        for i, tok in enumerate(tokens):
            if (
                tok.norm in verbs
                and last is not None
                and any(t.norm in subjects for t in tokens[max(0, i - 4) : i])
            ):
                claim = next((c for c in self.result.claims if c.id == last.claim_id), None)
                if claim is None:
                    return
                for quantity, phrase in self._equipment_after(tokens, i):
                    transfer = self._transfer(
                        sent,
                        claim,
                        last.supplier,
                        last.recipient,
                        last.status,
                        quantity,
                        phrase,
                        phrase.kind,
                        attribution or last.attribution,
                    )
                    self.result.transfers.append(transfer)
                return

    # ---- claims -------------------------------------------------------------------------------
    def _claim(
        self,
        sent: Sentence,
        trigger: Trigger,
        cues: list,
        times: list[TimeExpr],
        hops: list[Hop],
        previous: Claim | None,
        before: int | None,
    ) -> Claim | None:
        tokens = sent.tokens
        i = trigger.index
        passive = i > 0 and tokens[i - 1].norm in PASSIVE_AUX and not tokens[i].norm.endswith("ing")
        if trigger.nominal:
            subject, obj = self._nominal_participants(tokens, i)
            others: list[EntityRef] = []
            if obj is None and not (trigger.spec.get("transfer") and subject is not None):
                return None
        else:
            subject = None if passive else self._subject(tokens, i, previous)
            obj, others = self._object(tokens, i, trigger, subject)
        if passive:
            if trigger.relation == "accuse":
                return (
                    None  # "X has been accused of ...": an allegation cue, not an accusation event
                )
            subject = self._agent(tokens, i)
        if (
            subject is None
            and obj is None
            and trigger.spec.get("transfer")
            and self.result.transfers
        ):
            last = self.result.transfers[-1]  # "eight missiles had been shipped": the same deal
            subject, obj = (
                (last.recipient, last.supplier)
                if trigger.spec.get("inverse")
                else (last.supplier, last.recipient)
            )
        if trigger.spec.get("symmetric") and obj is None and subject is not None:
            subject, obj = self._coordinated_subjects(tokens, i, subject)
        if passive and subject is None and obj is not None and trigger.spec.get("transfer"):
            subject = self._last_supplier_to(obj)
        if subject is not None and obj is not None and subject.id == obj.id:
            obj = None
        if subject is None and obj is None or obj is None and trigger.spec.get("needs_object"):
            return None
        certainty, claim_cues = certainty_of(
            tokens, cues, i, attributed=bool(hops), first_event=before
        )
        negation = _negated_object(tokens, i)
        if negation is not None:
            certainty = "denied"
            claim_cues.append(Cue(span=negation, certainty="denied", kind="negation"))
        for hop in hops:
            if hop.cue is not None and tokens[0].start <= hop.cue.start < tokens[-1].end:
                claim_cues.append(Cue(span=hop.cue, certainty="reported", kind="attribution"))
        claim_cues = list({(c.span.start, c.span.end): c for c in claim_cues}.values())
        time = _nearest_time(times, tokens[i])
        relation = self._flags(self._relation(tokens, i, trigger), claim_cues, time)
        claim = Claim(
            id=f"{self.doc_id[:8]}-c{len(self.result.claims) + 1}",
            doc_id=self.doc_id,
            subject=subject,
            relation=relation,
            object=obj,
            others=others,
            time=time,
            certainty=certainty,
            cues=claim_cues,
            attribution=hops,
            evidence=sent.span(),
            location=self._location(tokens, i),
        )
        if trigger.spec.get("transfer"):
            claim = self._transfers(sent, trigger, claim)
            if claim.object is None and not claim.transfer_ids and self.lead_in is None:
                return None
        if trigger.relation == "accuse":
            claim = self._allegation(tokens, i, claim)
        return claim

    def _allegation(self, tokens: list[Token], i: int, claim: Claim) -> Claim:
        """'X accused Y of entering its waters': Y's act, alleged, with X as its source.

        The claim's subject becomes the accused and its object the accuser (usually the wronged
        party), unless the act names another party ('of arming the rebels'); the accuser is the
        first hop of the attribution and the accusing word its cue.
        """
        accuser, accused = claim.subject, claim.object
        if accuser is None or accused is None:
            return claim
        of = next((j for j in range(i + 1, len(tokens)) if tokens[j].norm == "of"), None)
        act = tokens[of + 1].norm if of is not None and of + 1 < len(tokens) else None
        victim = accuser
        if of is not None:
            for j in range(of + 2, len(tokens)):
                if is_break(tokens, j):
                    break
                actor = self._actor_at(tokens[j])
                if (
                    actor is not None
                    and actor != accused
                    and _preposition_before(tokens, j) in {"to", "against", "on", "with"}
                ):
                    victim = actor
                    break
        cue = Cue(span=token_span([tokens[i]]), certainty="alleged", kind="allegation")
        hop = Hop(source=accuser, cue=cue.span)
        relation = claim.relation.model_copy(
            update={"verb": _lemma(act, "accuse") if act else "accuse"}
        )
        return claim.model_copy(
            update={
                "subject": accused,
                "object": victim,
                "relation": relation,
                "certainty": weakest([claim.certainty, "alleged"]),
                "cues": [*claim.cues, cue],
                "attribution": [hop, *claim.attribution],
            }
        )

    def _last_supplier_to(self, recipient: EntityRef) -> EntityRef | None:
        """The supplier named for the last transfer to the same recipient (or its country)."""
        country = (
            self.index.entities[recipient.id].country
            if recipient.id in self.index.entities
            else None
        )
        for last in reversed(self.result.transfers):
            target = last.recipient
            if target is None or last.supplier is None:
                continue
            target_country = (
                self.index.entities[target.id].country if target.id in self.index.entities else None
            )
            if target.id == recipient.id or (country and target_country == country):
                return last.supplier
        return None

    def _nominal_participants(
        self, tokens: list[Token], i: int
    ) -> tuple[EntityRef | None, EntityRef | None]:
        """'Russia's invasion of Ukraine', 'cooperation between China and Russia'."""
        subject = None
        for j in range(i - 1, max(-1, i - 6), -1):
            if tokens[j].norm in {"its", "their"}:
                subject = self._subject(tokens, j, None)
                break
            actor = self._actor_at(tokens[j])
            if actor is not None:
                subject = actor
                break
        obj = None
        for j in range(i + 1, min(i + 6, len(tokens))):
            if tokens[j].norm in {"of", "on", "against", "to", "with", "between", "by"}:
                for k in range(j + 1, min(j + 5, len(tokens))):
                    actor = self._actor_at(tokens[k])
                    if actor is not None:
                        if tokens[j].norm == "between":
                            second = next(
                                (
                                    self._actor_at(tokens[m])
                                    for m in range(k + 1, min(k + 5, len(tokens)))
                                    if self._actor_at(tokens[m])
                                    and self._actor_at(tokens[m]) != actor
                                ),
                                None,
                            )
                            return actor, second
                        if tokens[j].norm == "by":
                            return actor, obj
                        return subject, actor
                break
        return subject, obj

    def _relation(self, tokens: list[Token], i: int, trigger: Trigger) -> Relation:
        spec = trigger.spec
        future_words = {str(w) for w in lexicon()["future"]}
        window = " ".join(t.norm for t in tokens[max(0, i - 4) : i])
        future = any(f" {w} " in f" {window} " for w in future_words)
        return Relation(
            name=trigger.relation,
            plover=spec.get("plover"),
            mode=spec.get("mode"),
            verb=_lemma(tokens[i].norm, trigger.relation),
            future=future,
        )

    def _flags(self, relation: Relation, cues: list[Cue], time: TimeExpr | None) -> Relation:
        """PLOVER's auxiliary flags: negated, hypothetical (modal, conditional), historical."""
        negated = any(c.kind == "negation" for c in cues)
        hypothetical = any(c.certainty == "possible" for c in cues)
        year = int(time.value[:4]) if time and time.value[:4].isdigit() else None
        reference = self.context.reference
        historical = bool(year and reference and year < reference.year - 1)
        if reference and year and year > reference.year:
            relation = relation.model_copy(update={"future": True})
        return relation.model_copy(
            update={"negated": negated, "hypothetical": hypothetical, "historical": historical}
        )

    def _subject(self, tokens: list[Token], i: int, previous: Claim | None) -> EntityRef | None:
        """Nearest actor to the left in the clause; coordinated verbs share the subject."""
        for j in range(i - 1, -1, -1):
            tok = tokens[j]
            if tok.norm in {"which", "who"} and j >= 2 and tokens[j - 1].text == ",":
                return self._actor_at(tokens[j - 2])
            if tok.norm in SUBJECT_BREAKS or is_break(tokens, j):
                return None
            if tok.norm == "and" and j + 1 < len(tokens) and tokens[j + 1].norm in COORD_AUX:
                return previous.subject if previous else None
            actor = self._actor_at(tok)
            if actor is not None and not _after_preposition(tokens, j):
                return actor
        return None

    def _coordinated_subjects(
        self, tokens: list[Token], i: int, subject: EntityRef
    ) -> tuple[EntityRef, EntityRef | None]:
        """'The US and Jordan agreed': the first is the subject, the second the object."""
        for j in range(i - 1, -1, -1):
            if self._actor_at(tokens[j]) == subject:
                k = j
                while k > 0 and self._actor_at(tokens[k - 1]) == subject:
                    k -= 1
                if k >= 2 and tokens[k - 1].norm == "and":
                    for m in range(k - 2, max(-1, k - 6), -1):
                        first = self._actor_at(tokens[m])
                        if first is not None and first != subject:
                            return first, subject
                break
        return subject, None

    def _is_demonym(self, tok: Token) -> bool:
        return any(m.how == "demonym" for m in self.index.at(tok.start, tok.end))

    def _actor_at(self, tok: Token) -> EntityRef | None:
        if self.scope is not None and not self.scope[0] <= tok.start < self.scope[1]:
            return None  # outside what the source says: "..., the IISS said"
        for mention in self.index.at(tok.start, tok.end):
            entity = self.index.entities[mention.entity.id]
            if entity.type in ACTOR_TYPES:
                return self._as_actor(entity, mention.how)
        return None

    def _as_actor(self, entity: Entity, how: str) -> EntityRef:
        return ref(entity)

    def _object(
        self, tokens: list[Token], i: int, trigger: Trigger, subject: EntityRef | None
    ) -> tuple[EntityRef | None, list[EntityRef]]:
        """Object: after one of the relation's prepositions, else the first actor after it."""
        preps = set(trigger.spec.get("object_preps") or [])
        actors: list[tuple[int, EntityRef, bool]] = []
        for j in range(i + 1, len(tokens)):
            if is_break(tokens, j) or tokens[j].norm in {"which", "who", "while"}:
                break
            if word_table().get(tokens[j].norm, ("", {}))[0] in {"say"}:
                break
            actor = self._actor_at(tokens[j])
            if actor is not None and (not actors or actors[-1][1].id != actor.id):
                prep = _preposition_before(tokens, j)
                actors.append((j, actor, prep in preps))
        if not actors:
            return self._fallback_object(tokens, subject, trigger), []
        preferred = [a for a in actors if a[2]] or actors
        first = preferred[0]
        others = [
            a[1]
            for a in actors
            if a[1].id != first[1].id
            and a[0] - first[0] <= 6
            and any(t.norm == "and" for t in tokens[first[0] : a[0]])
        ]
        return first[1], others

    def _fallback_object(
        self, tokens: list[Token], subject: EntityRef | None, trigger: Trigger
    ) -> EntityRef | None:
        """A transfer with no named recipient: the other state named in the sentence."""
        if not trigger.spec.get("transfer") or subject is None:
            return None
        for tok in tokens:
            actor = self._actor_at(tok)
            if actor is not None and actor.id != subject.id and actor.id.startswith("country:"):
                return actor
        return None

    def _agent(self, tokens: list[Token], i: int) -> EntityRef | None:
        """Agent of a passive: 'by X' after the verb."""
        for j in range(i + 1, min(i + 8, len(tokens))):
            if tokens[j].norm == "by":
                for k in range(j + 1, min(j + 6, len(tokens))):
                    actor = self._actor_at(tokens[k])
                    if actor:
                        return actor
        return None

    def _location(self, tokens: list[Token], i: int) -> EntityRef | None:
        """'in/at <capital or location>' after the event word."""
        for j in range(i + 1, len(tokens)):
            if is_break(tokens, j):
                return None
            prev = (
                tokens[j - 2].norm if tokens[j - 1].norm == "the" and j >= 2 else tokens[j - 1].norm
            )
            if prev in {"in", "at", "from", "near", "of", "off", "over"}:
                for mention in self.index.at(tokens[j].start, tokens[j].end):
                    entity = self.index.entities[mention.entity.id]
                    if (
                        entity.type == "location"
                        or mention.how == "metonym"
                        and prev in {"in", "at"}
                    ):
                        return EntityRef(
                            id=f"place:{mention.span.text.lower()}", name=mention.span.text
                        )
        return None

    # ---- transfers --------------------------------------------------------------------------
    def _transfers(self, sent: Sentence, trigger: Trigger, claim: Claim) -> Claim:
        tokens = sent.tokens
        i = trigger.index
        inverse = bool(trigger.spec.get("inverse"))
        supplier, recipient = (
            (claim.object, claim.subject) if inverse else (claim.subject, claim.object)
        )
        status = _status(tokens, i, claim.certainty)
        phrases = self._equipment_after(tokens, i)
        if not phrases and i > 0 and tokens[i - 1].norm in PASSIVE_AUX:
            phrases = self._equipment_before(tokens, i)
        if not phrases:
            phrases = self._relative_antecedent(tokens, i)
        phrases = [
            (q, self._specific(p, self._state_level(supplier)[0], recipient)) for q, p in phrases
        ]
        if tokens[-1].text == ":" or (len(tokens) > 1 and tokens[-1].norm == "including"):
            everywhere = [p for k in range(len(tokens)) if (p := equipment.phrase_after(tokens, k))]
            category = next((p.category for p in everywhere if p.category), None)
            self.lead_in = LeadIn(
                supplier,
                recipient,
                status,
                claim.certainty,
                claim.attribution,
                category,
                claim.id,
                claim.time,
            )
            return claim
        if not phrases and tokens[i].norm in TRAINING_WORDS and recipient is not None:
            if i + 1 < len(tokens) and tokens[i + 1].norm in {
                "in",
                "with",
                "at",
                "under",
                "alongside",
            }:
                supplier, recipient = recipient, supplier
            phrases = [(None, _training_phrase(tokens, i))]
        ids = []
        for quantity, phrase in phrases:
            transfer = self._transfer(
                sent,
                claim,
                supplier,
                recipient,
                status,
                quantity,
                phrase,
                _kind_of(tokens, i, phrase),
            )
            self.result.transfers.append(transfer)
            ids.append(transfer.id)
        return claim.model_copy(update={"transfer_ids": ids})

    def _equipment_before(self, tokens: list[Token], i: int) -> list[QuantifiedItem]:
        """The passive subject: 'eight missiles had been shipped'."""
        start = i
        while start > 0 and not (
            is_break(tokens, start - 1) or tokens[start - 1].norm in {"that", ",", ":"}
        ):
            start -= 1
        return [(q, p) for q, p in _quantified_items(tokens, start, i) if p.end <= i]

    def _state_level(self, party: EntityRef | None) -> tuple[EntityRef | None, EntityRef | None]:
        """A firm as supplier is its state in the register (SIPRI style); the firm is kept aside."""
        entity = self.index.entities.get(party.id) if party else None
        if entity is None or entity.type != "organization" or not entity.country:
            return party, None
        state = self.index.entities.get(f"country:{entity.country}")
        return (ref(state), party) if state is not None else (party, None)

    def _relative_antecedent(self, tokens: list[Token], i: int) -> list[QuantifiedItem]:
        """'the first of 45 that Indonesia ordered': 45 of the item named before in the sentence."""
        rel = next(
            (j for j in range(i - 1, max(-1, i - 5), -1) if tokens[j].norm in {"that", "which"}),
            None,
        )
        if rel is None or rel == 0:
            return []
        quantities = find_quantities(tokens[rel - 1].text)
        if (
            not quantities
            or quantities[0].value is None
            or len(quantities[0].text) != len(tokens[rel - 1].text)
        ):
            return []
        items = [
            p for k in range(rel - 1) if (p := equipment.phrase_after(tokens, k)) and p.end < rel
        ]
        if not items:
            return []
        q = quantities[0]
        shifted = Quantity(
            q.value, q.maximum, q.text, q.estimated, tokens[rel - 1].start, tokens[rel - 1].end
        )
        return [(shifted, items[-1])]

    def _specific(
        self,
        phrase: equipment.EquipmentPhrase,
        supplier: EntityRef | None,
        recipient: EntityRef | None,
    ) -> equipment.EquipmentPhrase:
        """'eight missiles' after 'Atmaca anti-ship missiles': generic items take the named one."""
        if phrase.designation:
            return phrase
        head = phrase.item.split()[-1] if phrase.item else ""
        for last in reversed(self.result.transfers):
            same_parties = (last.supplier, last.recipient) == (supplier, recipient)
            same_kind = last.item.split()[-1:] == [head] or (
                len(phrase.item.split()) == 1
                and phrase.category
                and last.category == phrase.category
            )
            if same_parties and same_kind and last.item != phrase.item:
                return equipment.EquipmentPhrase(
                    phrase.start,
                    phrase.end,
                    last.item,
                    last.designation,
                    last.category or phrase.category,
                    phrase.kind,
                )
        return phrase

    def _equipment_after(self, tokens: list[Token], i: int) -> list[QuantifiedItem]:
        """(quantity, phrase) pairs in the clause after the event word."""
        clause_end = next(
            (j for j in range(i + 1, len(tokens)) if is_break(tokens, j)), len(tokens)
        )
        out = _quantified_items(tokens, i + 1, clause_end)
        if not out:
            for k in range(i + 1, clause_end):
                if tokens[k].norm in {"with", "of"} or k == i + 1:
                    start = k + 1 if tokens[k].norm in {"with", "of"} else k
                    out.extend((None, p) for p in _coordinated_phrases(tokens, start))
                    if out:
                        break
        return out

    def _transfer(
        self,
        sent: Sentence,
        claim: Claim,
        supplier: EntityRef | None,
        recipient: EntityRef | None,
        status: str,
        quantity: object,
        phrase: equipment.EquipmentPhrase,
        kind: str,
        attribution: list[Hop] | None = None,
    ) -> Transfer:
        supplier, supplier_org = self._state_level(supplier)
        year = int(claim.time.value[:4]) if claim.time and claim.time.value[:4].isdigit() else None
        order_year = year if status in {"agreed", "contracted"} else None
        delivery = [year] if year and status in {"delivered", "in_service", "planned"} else []
        value = getattr(quantity, "value", None)
        return Transfer(
            id=f"{self.doc_id[:8]}-t{len(self.result.transfers) + 1}",
            doc_id=self.doc_id,
            claim_id=claim.id,
            supplier=supplier,
            recipient=recipient,
            supplier_org=supplier_org,
            item=phrase.item,
            designation=phrase.designation,
            category=phrase.category,
            quantity=value,
            quantity_text=getattr(quantity, "text", None),
            quantity_max=getattr(quantity, "maximum", None),
            estimated=bool(getattr(quantity, "estimated", False)),
            kind=kind,
            status=status,
            order_year=order_year,
            delivery_years=delivery,
            certainty=claim.certainty,
            attribution=attribution if attribution is not None else claim.attribution,
            evidence=sent.span(),
        )

    def _list_item(self, sent: Sentence) -> None:
        """'- 37 light amphibious assault vehicles' under a transfer lead-in."""
        lead = self.lead_in
        assert lead is not None
        tokens = [t for t in sent.tokens if t.text not in {"-", "*", "•", "▪", "◦", "·"}]
        if not tokens:
            return
        text = sent.text
        quantities = find_quantities(text)
        first = (
            quantities[0]
            if quantities and quantities[0].start <= text.find(tokens[0].text) + 1
            else None
        )
        k = 0
        if first is not None:
            k = next(
                (j for j, t in enumerate(tokens) if t.start >= first.end + sent.start), len(tokens)
            )
        phrase = equipment.phrase_after(tokens, k, to_end=True, default_category=lead.category)
        if phrase is None:
            return
        claim = next(c for c in self.result.claims if c.id == lead.claim_id)
        evidence = Span(
            start=tokens[0].start,
            end=tokens[-1].end,
            text=sent.text[tokens[0].start - sent.start :],
        )
        sub = Sentence(
            sent.start, sent.end, sent.text, "list_item", sent.index, sent.paragraph, tokens
        )
        transfer = self._transfer(
            sub,
            claim,
            lead.supplier,
            lead.recipient,
            lead.status,
            first,
            phrase,
            phrase.kind,
            lead.attribution,
        )
        transfer = transfer.model_copy(update={"evidence": evidence})
        self.result.transfers.append(transfer)
        index = self.result.claims.index(claim)
        self.result.claims[index] = claim.model_copy(
            update={"transfer_ids": [*claim.transfer_ids, transfer.id]}
        )


TRAINING_WORDS = {"train", "trains", "trained", "training"}


def _training_phrase(tokens: list[Token], i: int) -> equipment.EquipmentPhrase:
    """'trained Sudanese drone operators' -> item 'sudanese drone operator training'."""
    words: list[str] = []
    for tok in tokens[i + 1 : i + 7]:
        if tok.norm in equipment.STOP or not tok.text[0].isalnum():
            if words:
                break
            continue
        words.append(tok.norm)
    if words:
        words[-1] = equipment.singular(words[-1]).lower()
    item = " ".join([*words, "training"]) if words else "training"
    return equipment.EquipmentPhrase(i, i + 1, item, None, None, "training")


QuantifiedItem = tuple[Quantity | None, equipment.EquipmentPhrase]


def _quantified_items(tokens: list[Token], lo: int, hi: int) -> list[QuantifiedItem]:
    """Quantities followed by an equipment phrase, starting in tokens[lo:hi]."""
    if lo >= len(tokens) or lo >= hi:
        return []
    base = tokens[0].start
    text = "".join(
        " " * (t.start - (tokens[k - 1].end if k else t.start)) + t.text
        for k, t in enumerate(tokens)
    )
    out: list[QuantifiedItem] = []
    used: set[int] = set()
    for q in find_quantities(text):
        if not tokens[lo].start <= q.start + base < tokens[hi - 1].end:
            continue
        k = next((j for j, t in enumerate(tokens) if t.start >= q.end + base), None)
        if k is None or k >= hi:
            continue
        phrase = equipment.phrase_after(tokens, k)
        if phrase and phrase.start not in used:
            used.add(phrase.start)
            out.append((q, phrase))
    return out


def _coordinated_phrases(tokens: list[Token], start: int) -> list[equipment.EquipmentPhrase]:
    """'combat drones and guided bombs': each equipment phrase joined by 'and'."""
    phrases = []
    phrase = equipment.phrase_after(tokens, start)
    while phrase is not None:
        phrases.append(phrase)
        if phrase.end < len(tokens) and tokens[phrase.end].norm == "and":
            phrase = equipment.phrase_after(tokens, phrase.end + 1)
        else:
            break
    return phrases


def _lemma(word: str, relation: str) -> str:
    """The base form of an event word: irregular table first, then suffix rules."""
    irregular = lexicon().get("irregular") or {}
    if word in irregular:
        return str(irregular[word])
    known = word_table()
    candidates = []
    for suffix, repl in (
        ("ied", "y"),
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 2:
            stem = word[: -len(suffix)] + repl
            candidates += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                candidates.append(stem[:-1])
    return next((c for c in candidates if c in known), word)


def _inside(tok: Token, spans: list[Span]) -> bool:
    return any(s.start <= tok.start < s.end for s in spans)


def _after_preposition(tokens: list[Token], j: int) -> bool:
    """Is token j inside a prepositional phrase ('with Russia', 'of Taiwan')?"""
    for k in range(j - 1, max(-1, j - 4), -1):
        norm = tokens[k].norm
        if norm in {
            "with",
            "of",
            "to",
            "from",
            "against",
            "on",
            "by",
            "for",
            "about",
            "over",
            "than",
        }:
            return True
        if norm in {"in"} and k == 0:
            return False
        if not (tokens[k].is_capitalised or norm in {"the", "'", "s", "’"}):
            return False
    return False


def _preposition_before(tokens: list[Token], j: int) -> str | None:
    for k in range(j - 1, max(-1, j - 4), -1):
        norm = tokens[k].norm
        if norm in {"to", "from", "with", "on", "against", "for", "of", "by", "at", "in"}:
            return norm
        if not (tokens[k].is_capitalised or norm in {"the", "a", "an", "'", "s", "its", "their"}):
            return None
    return None


def _negated_object(tokens: list[Token], i: int) -> Span | None:
    """'received no weapons', 'sent none': the span of the negated object."""
    for j in range(i + 1, min(i + 3, len(tokens))):
        if tokens[j].norm in {"no", "none", "nothing"}:
            end = j + 2 if tokens[j].norm == "no" and j + 1 < len(tokens) else j + 1
            return token_span(tokens[j:end])
    return None


def _nearest_time(times: list[TimeExpr], tok: Token) -> TimeExpr | None:
    if not times:
        return None
    return min(times, key=lambda t: abs((t.span.start if t.span else 0) - tok.start))


def _status(tokens: list[Token], i: int, certainty: str) -> str:
    """Transfer status from the words around the event word (the event word included)."""
    if certainty == "denied":
        return "denied"
    window = [t.norm for t in tokens[max(0, i - 5) : i + 2]]
    for status, cue in _status_table():
        for k in range(len(window) - len(cue) + 1):
            if tuple(window[k : k + len(cue)]) == cue:
                return status
    return "delivered" if tokens[i].norm.endswith("ed") else "planned"


def _kind_of(tokens: list[Token], i: int, phrase: equipment.EquipmentPhrase) -> str:
    table = _kind_table()
    item_kind = table.get(phrase.item.split()[-1]) if phrase.item else None
    return item_kind or table.get(tokens[i].norm) or phrase.kind or "arms"
