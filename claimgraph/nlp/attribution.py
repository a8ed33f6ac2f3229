"""Attribution: who says what, through whom (``resources/lexicons/attribution.yaml``).

Per sentence it finds sources, cues and content for "according to X", "X said/notes/warned",
inverted quotes ("..., the source said"), "X quoted Y as saying", "citing Y", relays ("speaking
anonymously to Y", "told Y", "in a statement carried by Y", "..., Reuters reported"), document
sources ("the documents suggest"), and anaphora ("the source said"). Across sentences it keeps
the document's provenance: "The information comes from leaked documents published by X" and
"the materials were passed to Y" give the chain documents -> X -> Y for the claims they cover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from claimgraph.model import Entity, EntityRef, Hop, Span
from claimgraph.nlp.entities import EntityIndex, ref, slug
from claimgraph.nlp.gazetteer import load_gazetteer
from claimgraph.nlp.tokens import PhraseIndex, Sentence, Token, token_span
from claimgraph.resources import load_yaml

NP_BREAKS = {
    ",",
    ";",
    ":",
    "(",
    ")",
    '"',
    "“",
    "”",
    "that",
    "—",
    "–",
    "and",
    "but",
    "while",
    "since",
    "because",
    "when",
    "after",
    "before",
    "although",
    "though",
    "if",
    "as",
    "where",
    "whether",
    "until",
    "unless",
    "so",
    "who",
    "which",
    "whom",
    "whose",
    "than",
}
PRONOUNS = {"he", "she", "they", "we", "i", "you", "it"}
VERBISH = {
    "is",
    "was",
    "were",
    "are",
    "be",
    "been",
    "has",
    "have",
    "had",
    "will",
    "would",
    "can",
    "could",
    "may",
    "might",
    "should",
    "must",
    "not",
    "to",
    "did",
    "does",
    "do",
}
POSSESSIVES = {
    "his",
    "her",
    "their",
    "its",
    "our",
    "my",
    "your",
    "the",
    "a",
    "an",
    "this",
    "these",
    "those",
    "some",
    "many",
    "several",
    "two",
    "three",
    "four",
    "other",
}
PREPOSITIONS = {"for", "of", "at", "from", "with", "in", "on", "to", "by", "within", "inside"}
DETERMINERS = {
    "a",
    "an",
    "the",
    "two",
    "three",
    "several",
    "some",
    "one",
    "many",
    "other",
    "senior",
    "unnamed",
    "anonymous",
    "western",
    "independent",
}
GOVERNMENT_HEADS = {
    "ministry",
    "department",
    "government",
    "office",
    "agency",
    "administration",
    "cabinet",
    "parliament",
    "embassy",
    "presidency",
    "command",
    "navy",
    "army",
}
NOUN_LIKE = {
    "report",
    "reports",
    "claim",
    "claims",
    "estimate",
    "estimates",
    "list",
    "lists",
    "post",
    "posts",
    "show",
    "shows",
    "detail",
    "details",
    "quote",
    "state",
    "states",
    "note",
    "notes",
    "warning",
    "warnings",
    "tweet",
    "tweets",
    "statement",
}
MEDIA_HEADS = {
    "television",
    "tv",
    "broadcaster",
    "radio",
    "newspaper",
    "daily",
    "tabloid",
    "channel",
    "outlet",
}
UNNAMED_HEADS = {
    "official",
    "source",
    "diplomat",
    "officer",
    "insider",
    "person",
    "people",
    "member",
    "aide",
    "adviser",
    "advisor",
    "executive",
    "expert",
    "analyst",
    "researcher",
    "commander",
    "resident",
    "witness",
    "engineer",
    "technician",
}
NAMED_SOURCE_TYPES = {
    "person",
    "media",
    "think_tank",
    "organization",
    "government_body",
    "international_org",
    "hacker_group",
    "armed_group",
    "armed_force",
    "state",
    "military_unit",
    "source",
}


@dataclass
class Found:
    """One attribution found in a sentence."""

    sentence: int
    source: Entity
    cue: Span
    content: Span | None
    evidence: Span
    kind: str
    anonymous: bool = False
    descriptor: str | None = None
    affiliation: EntityRef | None = None
    via: Entity | None = None
    outer: list[Hop] = field(default_factory=list)
    denial: bool = False
    source_span: Span | None = None

    def chain(self) -> list[Hop]:
        """Hops from the source outward (relays and outer reporters), before the outlet."""
        first = Hop(
            source=ref(self.source),
            anonymous=self.anonymous,
            cue=self.cue,
            via=ref(self.via) if self.via else None,
        )
        hops = [first]
        if self.affiliation is not None and self.source.type == "person":
            hops.append(Hop(source=self.affiliation))
        return [*hops, *self.outer]


@cache
def lexicon() -> dict:
    return load_yaml("lexicons/attribution.yaml")


@cache
def _phrases(key: str) -> PhraseIndex:
    return PhraseIndex((str(p), None) for p in lexicon()[key])


def _match(tokens: list[Token], i: int, key: str) -> int:
    """Length of the longest phrase of lexicon list ``key`` at token i (0 if none)."""
    if i < 0 or i >= len(tokens):
        return 0
    found = _phrases(key).match(tokens, i)
    return found[0] if found else 0


@dataclass
class Attributor:
    """Finds attributions sentence by sentence, remembering recent sources for anaphora."""

    index: EntityIndex
    recent: list[Found] = field(default_factory=list)
    provenance: list[Hop] = field(default_factory=list)
    provenance_source: Entity | None = None
    provenance_sentence: int | None = None
    custody: list[tuple[int, Hop, Hop]] = field(default_factory=list)
    affiliations: dict[str, Entity] = field(default_factory=dict)
    _current: Sentence | None = None
    _history: list[Sentence] = field(default_factory=list)

    # ---- sources -------------------------------------------------------------------------
    def source_of(
        self, tokens: list[Token], start: int, end: int, subject: bool = False
    ) -> tuple[Entity, dict] | None:
        """Resolve the noun phrase tokens[start:end] to a source entity.

        ``subject``: the phrase is the subject of a reporting verb, so it starts after the last
        verb-like word before the verb ("Clinton is seizing upon a report" -> "a report").
        """
        while start < end and tokens[start].norm in {"also", "then", "later", "earlier", "now"}:
            start += 1
        while end > start and tokens[end - 1].norm in {
            "also",
            "then",
            "later",
            "has",
            "have",
            "had",
            "was",
            "were",
            "is",
            "previously",
        }:
            end -= 1
        if subject:
            start = _after_last_verb(tokens, start, end)
        while end > start and _adverb(tokens[end - 1]):
            end -= 1
        if start >= end:
            return None
        found = self._resolve(tokens[start:end])
        if found is None:
            return None
        entity, meta = found
        return entity, {**meta, "source_span": token_span(tokens[start:end])}

    def _resolve(self, words: list[Token]) -> tuple[Entity, dict] | None:
        """The entity a (trimmed) source noun phrase names or describes."""
        words = _without_brackets(words) or words
        head_end = next(
            (j for j, t in enumerate(words) if t.norm in PREPOSITIONS and j > 0), len(words)
        )
        head = words[head_end - 1]
        mentions = self.index.within(words[0].start, words[-1].end)
        head_mention = next((m for m in mentions if m.span.start <= head.start < m.span.end), None)
        if head_mention and head_mention.how not in {"demonym"}:
            entity = self.index.entities[head_mention.entity.id]
            if head_mention.how == "metonym" or entity.type != "state" or head_end == len(words):
                return entity, {}
        named = self._publisher(words, mentions)
        if named is not None:
            return named, {}
        anaphor = self._anaphor(words)
        if anaphor is not None:
            return anaphor
        if head.norm in MEDIA_HEADS:
            return self._described_media(words, mentions), {}
        if (
            head.norm.rstrip("s") in {h.rstrip("s") for h in lexicon()["anonymous_heads"]}
            or head.norm in GOVERNMENT_HEADS
        ):
            return self._described(words, mentions, head_end)
        if _match(words, len(words) - 1, "document_sources") or _document_head(words):
            return self._document_source(words), {}
        return self._generic(words)

    def _generic(self, words: list[Token]) -> tuple[Entity, dict] | None:
        """Any plausible speaker: a pronoun, an unknown name, a noun phrase."""
        core = _without_brackets(words)
        norms = [w.norm for w in core]
        if not core or len(core) > 8 or any(n in VERBISH for n in norms):
            return None
        if not core[-1].text.isalpha():
            return None
        if len(core) == 1 and norms[0] in PRONOUNS:
            return self._pronoun(core[0])
        names = [
            w for w in core if w.norm not in {"the", "of", "de", "al", "bin", "van", "von", "."}
        ]
        known = self.index.within(core[0].start, core[-1].end)
        if known:
            return self.index.entities[known[-1].entity.id], {}
        if names and all(w.is_capitalised for w in names) and 2 <= len(names) <= 5:
            entity = Entity(id=f"person:{slug(_text(words))}", name=_text(words), type="person")
            if not self.index.at(words[0].start, words[-1].end):
                added = self.index.add(
                    entity, words[0].start, words[-1].end, _text(words), "pattern"
                )
                entity = self.index.entities[added.entity.id]
            return entity, {}
        last = core[-1]
        nounish = last.text.islower() and not last.norm.endswith(("ly", "ing", "ed"))
        if (
            norms[0] in POSSESSIVES
            or last.norm.endswith("s")
            or len(core) <= 3
            or (nounish and len(core) <= 6)
        ):
            description = _text(words)
            description = (
                description[0].lower() + description[1:] if norms[0] in POSSESSIVES else description
            )
            entity = Entity(id=f"source:{slug(description)}", name=description, type="source")
            return entity, {"descriptor": description}
        return None

    def _pronoun(self, word: Token) -> tuple[Entity, dict]:
        """'she said': the person named last; 'it said': the organisation named last."""
        wanted = {"he": {"person"}, "she": {"person"}}.get(
            word.norm,
            {
                "government_body",
                "media",
                "organization",
                "think_tank",
                "armed_force",
                "hacker_group",
                "armed_group",
                "international_org",
            }
            if word.norm == "it"
            else set(),
        )
        for mention in reversed(self.index.mentions):
            entity = self.index.entities[mention.entity.id]
            if mention.span.end <= word.start and entity.type in wanted:
                return entity, {}
        for found in reversed(self.recent):
            if word.norm in {"they", "we"} or found.source.type in wanted:
                return found.source, {"anonymous": found.anonymous, "descriptor": found.descriptor}
        return Entity(id=f"source:{word.norm}", name=word.text, type="source"), {}

    def _described(self, words: list[Token], mentions: list, head_end: int) -> tuple[Entity, dict]:
        """A source by description: 'a Taiwanese security official', 'Sudan's foreign ministry'."""
        text = _text(words)
        affiliation = next((self.index.entities[m.entity.id] for m in mentions), None)
        if affiliation is None and words[head_end - 1].norm in GOVERNMENT_HEADS:
            affiliation = self._first_state_before(words[0].start)
        head = words[head_end - 1].norm
        description = text[0].lower() + text[1:] if words[0].norm in {"a", "an", "the"} else text
        country = affiliation.country if affiliation else None
        if head in GOVERNMENT_HEADS:
            body = _ministry(words, affiliation, description)
            meta = {
                "descriptor": description,
                "affiliation": ref(affiliation) if affiliation else None,
            }
            if body is not None:
                return body, meta
            name = description.removeprefix("the ")
            entity = Entity(
                id=f"gov:{slug(name)}", name=name, type="government_body", country=country
            )
            return entity, meta
        entity = Entity(
            id=f"source:{slug(description)}", name=description, type="source", country=country
        )
        anonymous = head.rstrip("s") in UNNAMED_HEADS and words[0].norm not in {"the"}
        return entity, {
            "descriptor": description,
            "anonymous": anonymous,
            "affiliation": ref(affiliation) if affiliation else None,
        }

    def _publisher(self, words: list[Token], mentions: list) -> Entity | None:
        """'an analysis published by X', 'a report from X', 'SIPRI data': X is the source."""
        is_document = _match(words, len(words) - 1, "document_sources") or any(
            _match(words, j, "document_sources") for j in range(min(3, len(words)))
        )
        if not is_document:
            return None
        for tok in words:
            if tok.norm in {"by", "from", "of"}:
                after = [m for m in mentions if m.span.start >= tok.end and m.how != "demonym"]
                if after:
                    return self.index.entities[after[0].entity.id]
        before_head = [
            m
            for m in mentions
            if m.how not in {"demonym"} and self.index.entities[m.entity.id].type != "state"
        ]
        return self.index.entities[before_head[0].entity.id] if before_head else None

    def _first_state_before(self, position: int) -> Entity | None:
        """The state the sentence is about: the first one named before an unqualified ministry."""
        line_start = self._sentence_start(position)
        for mention in self.index.mentions:
            if line_start <= mention.span.start and mention.span.end <= position:
                entity = self.index.entities[mention.entity.id]
                if entity.type == "state":
                    return entity
        return None

    def _sentence_start(self, position: int) -> int:
        return self._current.start if self._current is not None else max(0, position - 200)

    def _described_media(self, words: list[Token], mentions: list) -> Entity:
        """'Turkish state television', 'the state news agency': a media source by description."""
        country = next((self.index.entities[m.entity.id].country for m in mentions), None)
        name = _text([w for w in words if w.norm not in {"the", "a", "an"}])
        return Entity(id=f"media:{slug(name)}", name=name, type="media", country=country)

    def _document_source(self, words: list[Token]) -> Entity:
        """'the documents', 'the leaked contracts': the document's provenance source, if any."""
        if self.provenance_source is not None and words[0].norm in {"the", "these", "those"}:
            return self.provenance_source
        name = _text([w for w in words if w.norm not in {"the", "a", "an", "these", "those"}])
        return Entity(id=f"source:{slug(name)}", name=name, type="source")

    def _anaphor(self, words: list[Token]) -> tuple[Entity, dict] | None:
        """'the source', 'the ministry', 'she', 'the Journal': the latest matching source."""
        norms = [w.norm for w in words]
        if (
            not words
            or len(words) > 5
            or (norms[0] not in {"the", "he", "she", "they", "this", "that"})
        ):
            return None
        head = norms[-1]
        tests = [
            lambda s: (
                s.name.lower().split()[-1].rstrip("s") == head.rstrip("s")
                or (words[-1].is_capitalised and words[-1].text.lower() in s.name.lower())
            ),
            lambda s: (
                s.type in _type_words(head)
                or (head in {"he", "she"} and s.type == "person")
                or head == "they"
            ),
        ]
        for test in tests:
            for found in reversed(self.recent):
                if test(found.source):
                    meta = {
                        "anonymous": found.anonymous,
                        "descriptor": found.descriptor,
                        "affiliation": found.affiliation,
                        "via": found.via,
                    }
                    return found.source, meta
        for mention in reversed(self.index.mentions):
            entity = self.index.entities[mention.entity.id]
            if mention.span.start < words[0].start and (
                words[-1].is_capitalised
                and words[-1].text.lower() in entity.name.lower()
                or entity.type in _type_words(head)
            ):
                return entity, {}
        return None

    # ---- one sentence ----------------------------------------------------------------------
    def sentence(self, sent: Sentence) -> list[Found]:
        """Attributions of one sentence (and provenance it establishes)."""
        tokens = sent.tokens
        if not tokens or sent.kind in {"meta"}:
            return []
        self._current = sent
        self._history.append(sent)
        if sent.kind == "heading" and _title_case(tokens):
            return []
        self._provenance(sent)
        found: list[Found] = []
        outer = self._outer_reporter(sent)
        for i, tok in enumerate(tokens):
            if _match(tokens, i, "according_to"):
                hit = self._according_to(sent, i)
            elif (tok.norm in _verbs() or tok.norm in _stances()) and tok.text.islower():
                hit = self._reporting_verb(sent, i)
            else:
                hit = None
            if found and tok.norm.endswith("ing") and tok.norm in _verbs():
                hit = self._continuing(sent, i, found[-1])  # "..., adding that ..."
            if hit is not None and sent.kind == "heading" and hit.content is None:
                continue
            if hit is not None and not any(h.cue.start == hit.cue.start for h in found):
                found.append(hit)
        if outer is not None:
            found = [f for f in found if f.cue.start != outer.cue.start]
            for hit in found:
                if hit.via is None:
                    hit.via = outer.source
                else:
                    hit.outer.append(Hop(source=ref(outer.source), cue=outer.cue))
            if not found:
                found.append(outer)
        self.recent.extend(found)
        return found

    def _quote_start(self, sent: Sentence, np_start: int, content: Span | None) -> Span | None:
        """A quote closed in this sentence but opened in an earlier one starts there."""
        before = sent.tokens[:np_start]
        if content is None or any(t.text in {"“", '"'} for t in before[:-2]):
            return content
        if not any(t.text in {"”", '"'} for t in before):
            return content
        for previous in reversed(self._history[-4:]):
            if previous.paragraph != sent.paragraph:
                break
            opening = next((t for t in previous.tokens if t.text in {"“", '"'}), None)
            if opening is not None:
                return Span(start=opening.end, end=content.end, text="")
        return content

    def _continuing(self, sent: Sentence, i: int, previous: Found) -> Found | None:
        """'..., adding that ...': the same source says more."""
        tokens = sent.tokens
        content = _content(tokens, i, i, False)
        if content is None:
            return None
        return Found(
            sent.index,
            previous.source,
            token_span([tokens[i]]),
            content,
            sent.span(),
            "indirect",
            anonymous=previous.anonymous,
            descriptor=previous.descriptor,
            affiliation=previous.affiliation,
            via=previous.via,
            source_span=previous.source_span,
        )

    def _according_to(self, sent: Sentence, i: int) -> Found | None:
        tokens = sent.tokens
        n = _match(tokens, i, "according_to")
        end = next(
            (j for j in range(i + n, len(tokens)) if tokens[j].text in {",", ";", "."}), len(tokens)
        )
        resolved = self.source_of(tokens, i + n, end)
        if resolved is None:
            return None
        entity, meta = resolved
        cue = token_span(tokens[i : i + n])
        if i == 0 or tokens[i - 1].text == ",":
            content_tokens = tokens[end + 1 :] if i == 0 else tokens[: i - 1]
        else:
            content_tokens = tokens[:i]
        content = token_span(content_tokens) if content_tokens else None
        return Found(sent.index, entity, cue, content, sent.span(), "according_to", **meta)

    def _reporting_verb(self, sent: Sentence, i: int) -> Found | None:
        tokens = sent.tokens
        if (
            i > 0
            and tokens[i - 1].norm in {"was", "were", "is", "are", "been", "be"}
            and tokens[i].norm != "quoted"
        ):
            return None  # passive: "the cargo was reported ..." is a hedge, not a source
        if tokens[i].norm == "quoted":
            return self._quoted_as(sent, i)
        if i + 1 < len(tokens) and tokens[i + 1].norm == "by":
            return None  # "documents published by X": a participle, not a reporting verb
        if i > 0 and tokens[i - 1].norm in DETERMINER_WORDS:
            return None  # "the reported flights", "the find": not a verb
        if tokens[i].norm in NOUN_LIKE and not _subject_ends_before(tokens, i):
            return None  # "a US newspaper report that ...", "keep details": a noun, not a verb
        start = _np_start(tokens, i)
        resolved = self.source_of(tokens, start, i, subject=True)
        if resolved is None and start > 1 and tokens[start - 1].norm in {"who", "which"}:
            head_start = _np_start(tokens, start - 1)
            resolved = self.source_of(tokens, head_start, start - 1, subject=True)
        inverted = False
        if resolved is None and i + 1 < len(tokens):
            after_end = next(
                (j for j in range(i + 1, len(tokens)) if tokens[j].text in {",", ".", ";"}),
                len(tokens),
            )
            short = after_end - (i + 1) <= 5
            resolved = (
                self.source_of(tokens, i + 1, after_end)
                if short and _inverted_position(tokens, i)
                else None
            )
            inverted = resolved is not None
        if resolved is None:
            resolved = self._appositive_source(tokens, i)
        if resolved is None:
            return None
        entity, meta = resolved
        content = self._quote_start(sent, start, _content(tokens, i, start, inverted))
        via = self._relay(tokens, start, i)
        if via is not None:
            meta = {**meta, "via": via}
        if self._anonymity(tokens):
            meta = {**meta, "anonymous": True}
        if entity.type == "person":
            org = self._person_affiliation(sent, entity)
            if org is not None:
                meta = {**meta, "affiliation": ref(org)}
        cue_start = i
        while cue_start > 0 and _adverb(tokens[cue_start - 1]) and cue_start - 1 >= start:
            cue_start -= 1
        intention = i + 1 < len(tokens) and tokens[i + 1].norm == "to"
        stance = tokens[i].norm in _stances() and tokens[i].norm not in _verbs()
        found = Found(
            sent.index,
            entity,
            token_span(tokens[cue_start : i + 1]),
            content,
            sent.span(),
            "intention" if intention else "stance" if stance else "indirect",
            denial=tokens[i].norm in lexicon()["denial_verbs"],
            **meta,
        )
        self._citing(sent, i, found)
        return found

    def _person_affiliation(self, sent: Sentence, person: Entity) -> Entity | None:
        """'Lena Hartmann, an analyst at SIPRI, said': SIPRI; remembered for 'Hartmann said'."""
        tokens = sent.tokens
        for mention in self.index.within(sent.start, sent.end):
            if mention.entity.id != person.id:
                continue
            k = next((j for j, t in enumerate(tokens) if t.start >= mention.span.end), None)
            if k is None or tokens[k].text != "," or k + 1 >= len(tokens):
                continue
            if tokens[k + 1].norm not in {"a", "an", "the"}:
                continue
            end = next((j for j in range(k + 1, len(tokens)) if tokens[j].text == ","), len(tokens))
            orgs = [
                self.index.entities[m.entity.id]
                for m in self.index.within(tokens[k].end, tokens[end - 1].end)
                if self.index.entities[m.entity.id].type not in {"state", "person", "location"}
            ]
            if orgs:
                self.affiliations[person.id] = orgs[0]
                return orgs[0]
        return self.affiliations.get(person.id)

    def _appositive_source(self, tokens: list[Token], i: int) -> tuple[Entity, dict] | None:
        """'A Taiwanese security official, speaking anonymously to Y, emphasized ...'."""
        if i < 2 or tokens[i - 1].text != ",":
            return None
        opening = next((j for j in range(i - 2, -1, -1) if tokens[j].text == ","), None)
        if opening is None:
            return None
        return self.source_of(tokens, _np_start(tokens, opening), opening)

    def _relay(self, tokens: list[Token], start: int, end: int) -> Entity | None:
        """'speaking ... to Y', 'told Y', 'in a statement carried by Y' around the source."""
        for j, tok in enumerate(tokens):
            if (
                tok.norm in {"told"}
                or (
                    tok.norm == "to"
                    and j > 0
                    and any(
                        t.norm in {"speaking", "spoke", "talking"}
                        for t in tokens[max(0, j - 8) : j]
                    )
                )
                or (
                    tok.norm == "by"
                    and j > 0
                    and tokens[j - 1].norm in {"carried", "published", "released", "issued"}
                )
            ):
                mentions = [
                    m
                    for m in self.index.within(tok.end, tokens[min(j + 8, len(tokens) - 1)].end)
                    if m.span.start - tok.end < 30
                ]
                media = [m for m in mentions if self.index.entities[m.entity.id].type == "media"]
                if media:
                    return self.index.entities[media[0].entity.id]
                anaphor = self._anaphor(_np_after(tokens, j + 1))
                if anaphor is not None and anaphor[0].type == "media":
                    return anaphor[0]
        return None

    def _anonymity(self, tokens: list[Token]) -> bool:
        text = " ".join(t.norm for t in tokens)
        return any(str(m) in text for m in lexicon()["anonymity_markers"])

    def _citing(self, sent: Sentence, i: int, found: Found) -> None:
        """'X reported, citing Y': Y becomes the source and X the next hop."""
        tokens = sent.tokens
        for j in range(i + 1, len(tokens)):
            if _match(tokens, j, "citing"):
                end = next(
                    (
                        k
                        for k in range(j + 1, len(tokens))
                        if tokens[k].text in {",", ";", "."} or tokens[k].norm == "and"
                    ),
                    len(tokens),
                )
                inner = self.source_of(tokens, j + 1, end)
                if inner is None:
                    return
                entity, meta = inner
                found.outer.insert(0, Hop(source=ref(found.source), cue=found.cue))
                found.source, found.cue = entity, token_span([tokens[j]])
                found.source_span = meta.get("source_span")
                found.anonymous = bool(meta.get("anonymous"))
                found.descriptor = meta.get("descriptor")
                return

    def _quoted_as(self, sent: Sentence, i: int) -> Found | None:
        """'X quoted Y as saying ...': Y is the source, X relays it."""
        tokens = sent.tokens
        as_at = next(
            (j for j in range(i + 1, min(i + 12, len(tokens))) if tokens[j].norm == "as"), None
        )
        outer = self.source_of(tokens, _np_start(tokens, i), i)
        if as_at is None:
            return None
        inner = self.source_of(tokens, i + 1, as_at)
        if inner is None:
            return None
        entity, meta = inner
        content_start = (
            as_at + 2
            if as_at + 1 < len(tokens) and tokens[as_at + 1].norm == "saying"
            else as_at + 1
        )
        after = tokens[content_start:]
        if after and after[0].norm == "that":
            after = after[1:]
        np_start = _np_start(tokens, i)
        if (not after or after[0].norm in CLOSING) and np_start > 1:
            before = [t for t in tokens[: np_start - 1] if t.text not in {"“", "”", '"'}]
            content = token_span(before) if before else None
        else:
            content = token_span(after) if after else None
        cue = token_span(tokens[as_at : min(as_at + 2, len(tokens))])
        found = Found(sent.index, entity, cue, content, sent.span(), "indirect", **meta)
        if outer is not None:
            found.via = outer[0]
        return found

    def _outer_reporter(self, sent: Sentence) -> Found | None:
        """'..., Reuters reported.' / '..., the state news agency Antara reported, adding ...'."""
        tokens = sent.tokens
        for i in range(len(tokens) - 1, 0, -1):
            if tokens[i].norm in {"reported", "reports", "said"} and _inverted_position(
                tokens, i, before=True
            ):
                start = _np_start(tokens, i)
                resolved = self.source_of(tokens, start, i)
                if resolved and resolved[0].type == "media":
                    content = token_span(tokens[: start - 1]) if start > 1 else None
                    return Found(
                        sent.index,
                        resolved[0],
                        token_span([tokens[i]]),
                        content,
                        sent.span(),
                        "indirect",
                    )
        return None

    # ---- provenance --------------------------------------------------------------------------
    def _provenance(self, sent: Sentence) -> None:
        """'The information comes from X published by Y'; 'the materials were passed to Z'."""
        tokens = sent.tokens
        for i in range(len(tokens)):
            n = _match(tokens, i, "provenance_cues")
            if n:
                self._start_provenance(sent, i, n)
                return
            n = _match(tokens, i, "custody_cues")
            if n and self.provenance and tokens[i].norm not in {"obtained", "seen"}:
                mentions = self.index.within(tokens[i + n - 1].end, sent.end)
                if mentions:
                    entity = self.index.entities[mentions[0].entity.id]
                    if all(h.source.id != entity.id for h in self.provenance):
                        hop = Hop(source=ref(entity), cue=token_span(tokens[i : i + n]))
                        self.custody.append((sent.index, self.provenance[-1], hop))
                        self.provenance.append(hop)
                return

    def _start_provenance(self, sent: Sentence, i: int, n: int) -> None:
        tokens = sent.tokens
        end = next(
            (
                j
                for j in range(i + n, len(tokens))
                if _match(tokens, j, "publish_cues") or tokens[j].text in {",", ";", "."}
            ),
            len(tokens),
        )
        words = [t for t in tokens[i + n : end] if t.norm not in {"the", "a", "an"}]
        if not words:
            return
        name = _text(words)
        source = Entity(id=f"source:{slug(name)}", name=name, type="source")
        hops = [Hop(source=ref(source), cue=token_span(tokens[i : i + n]))]
        if end < len(tokens) and _match(tokens, end, "publish_cues"):
            publisher = self.index.within(tokens[end].end, sent.end)
            if publisher:
                entity = self.index.entities[publisher[0].entity.id]
                k = _match(tokens, end, "publish_cues")
                hops.append(Hop(source=ref(entity), cue=token_span(tokens[end : end + k])))
        self.provenance_source = source
        self.provenance = hops
        self.provenance_sentence = sent.index


@cache
def _verbs() -> set[str]:
    return {str(v) for v in lexicon()["verbs"]}


def _ministry(words: list[Token], state: Entity | None, description: str) -> Entity | None:
    """'Sudan's foreign ministry' -> the gazetteer's (or a canonical) foreign ministry."""
    if state is None or state.type != "state" or words[-1].norm != "ministry":
        return None
    norms = {w.norm for w in words}
    for spec in lexicon()["ministries"].values():
        if not norms & set(spec["match"]):
            continue
        alias = description.removeprefix("the ").removeprefix("a ")
        for entry in load_gazetteer().entries.values():
            name = str(entry["name"]).lower()
            if (
                entry.get("type") == "government_body"
                and entry.get("country") == state.country
                and "ministry" in name
                and any(m in name for m in spec["match"])
            ):
                entity = load_gazetteer().entity(entry["id"])
                return entity.model_copy(update={"aliases": [*entity.aliases, alias]})
        name = spec["name"].format(state=state.name)
        return Entity(
            id=f"gov:{slug(name)}",
            name=name,
            type="government_body",
            country=state.country,
            aliases=[alias],
        )
    return None


@cache
def _stances() -> set[str]:
    return {str(v) for v in lexicon().get("stance_verbs") or []}


def _type_words(word: str) -> set[str]:
    """Entity types a definite description can refer to ('the group' -> groups, think tanks)."""
    groups = {"hacker_group", "armed_group", "organization", "think_tank"}
    return {
        "ministry": {"government_body"},
        "department": {"government_body"},
        "group": groups,
        "think": {"think_tank"},
        "tank": {"think_tank"},
        "institute": {"think_tank"},
        "agency": {"media", "government_body"},
        "newspaper": {"media"},
        "paper": {"media"},
        "journal": {"media"},
        "broadcaster": {"media"},
        "army": {"armed_force"},
        "military": {"armed_force"},
        "navy": {"armed_force"},
        "company": {"organization"},
        "firm": {"organization"},
        "spokesperson": {"source"},
        "official": {"source"},
        "officials": {"source"},
        "source": {"source"},
        "sources": {"source"},
    }.get(word, set())


def _document_head(words: list[Token]) -> bool:
    heads = {str(d).split()[-1] for d in lexicon()["document_sources"]}
    return words[-1].norm in heads and words[0].norm in {
        "the",
        "these",
        "those",
        "leaked",
        "hacked",
    }


def _np_start(tokens: list[Token], end: int) -> int:
    """Start of the noun phrase that ends right before token ``end``."""
    j = end
    while j > 0 and tokens[j - 1].norm not in NP_BREAKS - {")"}:
        if tokens[j - 1].text == ")":
            opening = next((k for k in range(j - 2, -1, -1) if tokens[k].text == "("), None)
            if opening is None:
                return j
            j = opening
            continue
        j -= 1
    return j


def _np_after(tokens: list[Token], start: int) -> list[Token]:
    end = start
    while end < len(tokens) and tokens[end].norm not in NP_BREAKS | {"."} and end - start < 6:
        end += 1
    return tokens[start:end] or tokens[start : start + 1]


CLOSING = {
    ".",
    ",",
    ";",
    "in",
    "on",
    "at",
    "during",
    "late",
    "earlier",
    "yesterday",
    "today",
    "last",
    "this",
    "after",
    "when",
    "while",
    "adding",
    "according",
    "citing",
}


QUOTE_MARKS = {"”", '"', "'", "’"}


def _without_brackets(words: list[Token]) -> list[Token]:
    """Drop parenthesised parts and full stops: 'Rep. Gwen Moore (D-Wis.)' -> Rep Gwen Moore."""
    out, depth = [], 0
    for w in words:
        if w.text == "(":
            depth += 1
        elif w.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0 and w.text != ".":
            out.append(w)
    return out


def _inverted_position(tokens: list[Token], i: int, before: bool = False) -> bool:
    """Is the verb at i in a closing '..., SOURCE said' or '..., said SOURCE' position?"""
    j = _np_start(tokens, i) if before else i
    after_ok = i + 1 >= len(tokens) or tokens[i + 1].norm in CLOSING or not before
    opened = (
        j > 1
        and tokens[j - 1].text in {","} | QUOTE_MARKS
        or (j > 1 and tokens[j - 2].text in QUOTE_MARKS)
    )
    return opened and after_ok


ADVERBS = {
    "both",
    "each",
    "now",
    "also",
    "then",
    "again",
    "still",
    "repeatedly",
    "later",
    "earlier",
    "previously",
    "recently",
    "once",
    "further",
    "first",
    "publicly",
    "privately",
    "often",
    "long",
    "never",
    "already",
    "even",
    "just",
    "only",
    "quickly",
    "reportedly",
    "separately",
    "similarly",
}


def _adverb(tok: Token) -> bool:
    return tok.norm in ADVERBS or (
        tok.norm.endswith("ly") and tok.text.islower() and len(tok.norm) > 4
    )


def _after_last_verb(tokens: list[Token], start: int, end: int) -> int:
    """Start of the noun phrase after the last verb-like word in tokens[start:end]."""
    cut = start
    for j in range(start, end):
        norm = tokens[j].norm
        participle = (
            norm.endswith(("ed", "ing"))
            and tokens[j].text.islower()
            and j > start
            and tokens[j - 1].norm not in POSSESSIVES
            and not _adverb(tokens[j - 1])
        )
        if (
            norm in VERBISH
            or (norm in _verbs() and tokens[j].text.islower())
            or participle
            or (
                norm in PREPOSITIONS
                and j > start
                and not tokens[j - 1].is_capitalised
                and tokens[j - 1].norm not in HEAD_NOUNS
            )
        ):
            cut = j + 1
    return cut


HEAD_NOUNS = {
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "member",
    "members",
    "director",
    "head",
    "chief",
    "official",
    "officials",
    "minister",
    "secretary",
    "analyst",
    "researcher",
    "fellow",
    "professor",
    "expert",
    "experts",
    "leader",
    "president",
    "chairman",
    "ceo",
    "commander",
    "adviser",
    "advisor",
    "ambassador",
    "representative",
    "aide",
    "source",
    "sources",
    "lawyer",
    "attorney",
    "group",
    "panel",
    "team",
    "office",
    "ministry",
}


def _content(tokens: list[Token], i: int, np_start: int, inverted: bool) -> Span | None:
    """What the source says: the quote before an inverted verb, else the clause after it."""
    closing = i + 1 >= len(tokens) or tokens[i + 1].norm in CLOSING
    if (np_start > 1 and tokens[np_start - 1].text in {","} | QUOTE_MARKS and closing) or inverted:
        body = [t for t in tokens[: np_start - 1] if t.text not in {"“", "‘"} | QUOTE_MARKS]
        while body and body[-1].text in {","} | QUOTE_MARKS:
            body.pop()
        return token_span(body) if body else None
    after = tokens[i + 1 :]
    if tokens[i].norm in {"told", "tells", "tell", "telling", "informed", "assured", "warned"}:
        that = next((k for k, t in enumerate(after[:10]) if t.norm in COMPLEMENTIZERS), None)
        if that is not None:
            after = after[that:]
    cut = next(
        (
            k
            for k in range(1, len(after))
            if after[k - 1].text in {",", ";"}
            and after[k].norm in {"but", "while", "whereas", "although"}
        ),
        None,
    )
    if cut is not None:
        after = after[: cut - 1]  # ", but ...": the writer's own clause
    while after and after[-1].text in {".", "”", '"', ","}:
        after = after[:-1]
    return token_span(after) if after else None


def _title_case(tokens: list[Token]) -> bool:
    """'Democrat Voters Worried About Clinton': a headline in title case."""
    words = [t for t in tokens if t.text.isalpha() and len(t.text) > 3]
    return len(words) >= 3 and sum(t.is_capitalised for t in words) >= 0.8 * len(words)


DETERMINER_WORDS = {
    "a",
    "an",
    "the",
    "this",
    "that",
    "these",
    "those",
    "its",
    "their",
    "his",
    "her",
    "our",
    "my",
    "your",
    "no",
    "any",
    "every",
    "each",
}


def _subject_ends_before(tokens: list[Token], i: int) -> bool:
    """Could a subject end right before token i (so a noun-like word there is a verb)?"""
    if i == 0:
        return False
    prev = tokens[i - 1]
    if prev.norm in {"a", "an", "the", "its", "their", "this", "his", "her", "our", "similar"}:
        return False
    plural = prev.norm.endswith("s") and len(prev.norm) > 3 and prev.text.islower()
    return (
        prev.is_capitalised
        or prev.norm in PRONOUNS
        or plural
        or _adverb(prev)
        or prev.norm in {"also", "has", "have", "had", "will", "would", "then"}
    )


COMPLEMENTIZERS = {"that", "how", "what", "whether", "why", "if", "when", "where", "who"}


def _text(words: list[Token]) -> str:
    return token_span(words).text
