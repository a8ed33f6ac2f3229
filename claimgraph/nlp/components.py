"""claimgraph's per-document language stages as registered spaCy components.

Each factory declares what it ``requires`` and ``assigns``; results live in ``Doc._`` extension
attributes (``doc._.cg_*``), and the pydantic records are assembled once at the end
(``claimgraph.pipeline.analysis_from_doc``). The parser's tokens, tags, lemmas and arcs are the
same for every stage. A stage can be listed (``claimgraph stages``), excluded or replaced by
name; see ``claimgraph/pipeline.py`` and ``resources/pipeline.yaml``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from claimgraph.model import Attribution, Claim, Entity, Hop, Relation, Span
from claimgraph.nlp import syntax
from claimgraph.nlp.attribution import Attributor, Found
from claimgraph.nlp.dates import Context, document_years
from claimgraph.nlp.entities import EntityIndex, recognise, ref
from claimgraph.nlp.events import EventFinder
from claimgraph.nlp.tokens import Sentence, lead_end, split_sentences
from claimgraph.resources import load_yaml
from claimgraph.text.clean import reference_date

# Extension attributes every stage reads or writes, with their defaults.
EXTENSIONS: dict[str, Any] = {
    "cg_document": None,  # the clean Document the Doc was made from (set before the stages run)
    "cg_sentences": None,  # list[Sentence]: the project's sentences (headings, list items, body)
    "cg_context": None,  # Context: reference date and years for relative dates
    "cg_entities": None,  # EntityIndex: resolved entities and their mentions
    "cg_found": None,  # dict[int, list[Found]]: attributions per sentence index
    "cg_attributor": None,  # Attributor: document-wide provenance and custody state
    "cg_coverage": None,  # dict[int, tuple[list[Hop], list[Span]]]: chain + spans it covers
    "cg_attributions": None,  # list[Attribution]
    "cg_claims": None,  # list[Claim]
    "cg_transfers": None,  # list[Transfer]
    "cg_extra_entities": None,  # list[Entity]: sources and described actors no gazetteer knows
    "cg_grades": None,  # list[Grade]
    "cg_timeline": None,  # list[TimelineEntry]
}


def register_extensions() -> None:
    """Declare the ``doc._.cg_*`` attributes (idempotent)."""
    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


def _require(doc: Doc, attribute: str, stage: str) -> Any:
    value = getattr(doc._, attribute)
    if value is None:
        from claimgraph.errors import PipelineError

        raise PipelineError(
            f"stage {stage!r} needs doc._.{attribute}, which no earlier stage assigned; "
            "check the stages you excluded or replaced (claimgraph stages)"
        )
    return value


class Stage:
    """A claimgraph component: a named callable over a Doc with the resources it loads."""

    name = "stage"
    resources: tuple[str, ...] = ()

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - overridden
        raise NotImplementedError


@Language.factory(
    "claimgraph_sentences",
    assigns=["doc._.cg_sentences", "doc._.cg_context", "token.is_sent_start"],
)
class Sentences(Stage):
    """Sentences, headings, datelines and list items of the clean text; the reference date."""

    resources = ("lexicons/abbreviations.yaml",)

    def __call__(self, doc: Doc) -> Doc:
        document = _require(doc, "cg_document", self.name)
        sentences = split_sentences(document)
        doc._.cg_sentences = sentences
        doc._.cg_context = Context(reference_date(document), document_years(document.text))
        if not doc.has_annotation("DEP"):
            _preset_boundaries(doc, sentences)
        return doc


def _preset_boundaries(doc: Doc, sentences: list[Sentence]) -> None:
    """The parser parses the project's sentences: hard-wrapped wire copy stays one sentence
    across its line breaks, headings and list items stay apart."""
    if not len(doc):
        return
    starts = {s.start for s in sentences}
    starts |= {s.start + n for s in sentences if (n := lead_end(s.text)) and n < len(s.text)}
    flags = numpy.fromiter(
        (1 if t.idx in starts else -1 for t in doc), dtype="int32", count=len(doc)
    )
    flags[0] = 1
    doc.from_array([SENT_START], flags.astype("uint64"))  # type: ignore[arg-type]


@Language.factory(
    "claimgraph_entities",
    requires=["doc._.cg_sentences"],
    assigns=["doc._.cg_entities"],
    default_config={"ner": "parser"},
)
def make_entities(nlp: Language, name: str, ner: str) -> Entities:
    if ner not in NER_SOURCES:
        from claimgraph.errors import PipelineError

        raise PipelineError(f"stage {name!r}: ner must be one of {', '.join(NER_SOURCES)}")
    return Entities(nlp, name, ner)


# Where the people and organisations no gazetteer knows come from: the parser model's
# OntoNotes NER (default: on the dev readings of real news, entity checks 0.65 -> 0.68 against
# the project's model) or the project's own NER model (`config: {claimgraph_entities: {ner:
# project}}` in a pipeline file).
NER_SOURCES = ("project", "parser")
ONTONOTES = {"PERSON": "PER", "ORG": "ORG"}


class Entities(Stage):
    """Gazetteer, pattern and model entities with their resolution to canonical ids."""

    resources = (
        "gazetteer/*.yaml",
        "places/cities.tsv",
        "lexicons/entity_patterns.yaml",
        "lexicons/places.yaml",
        "en_core_web_sm 3.8.0 (ner) or models/en_claimgraph (NER)",
    )

    def __init__(self, nlp: Language, name: str, ner: str = "parser") -> None:
        super().__init__(nlp, name)
        self.ner = ner

    def __call__(self, doc: Doc) -> Doc:
        document = _require(doc, "cg_document", self.name)
        mentions = None
        if self.ner == "parser" and doc.has_annotation("ENT_IOB"):
            mentions = [
                (e.start_char, e.end_char, ONTONOTES[e.label_])
                for e in doc.ents
                if e.label_ in ONTONOTES
            ]
        sentences = _require(doc, "cg_sentences", self.name)
        doc._.cg_entities = recognise(document, sentences, mentions)
        return doc


@Language.factory(
    "claimgraph_attribution",
    requires=["doc._.cg_sentences", "doc._.cg_entities"],
    assigns=[
        "doc._.cg_found",
        "doc._.cg_attributor",
        "doc._.cg_coverage",
        "doc._.cg_attributions",
    ],
)
class Attributions(Stage):
    """Who says so, through whom: attribution cues, sources, content spans and chains."""

    resources = ("lexicons/attribution.yaml",)

    def __call__(self, doc: Doc) -> Doc:
        document = _require(doc, "cg_document", self.name)
        sentences: list[Sentence] = _require(doc, "cg_sentences", self.name)
        attributor = Attributor(_require(doc, "cg_entities", self.name))
        verbs = _verb_starts(doc)
        found = {
            sent.index: [hit for hit in attributor.sentence(sent) if _cue_is_verbal(hit, verbs)]
            for sent in sentences
        }
        if doc.has_annotation("DEP"):
            starts = {t.idx: t for t in doc}
            for hit in (h for group in found.values() for h in group):
                _spans_from_parse(hit, starts, document.text)
        coverage: dict[int, tuple[list[Hop], list[Span]]] = {}
        section: list[Hop] = []
        for sent in sentences:
            if sent.kind == "heading":
                hits = found.get(sent.index)
                section = hits[0].chain() if hits else []
            hops, covered = _coverage(sent, found, attributor, sentences)
            if not covered and section and sent.kind == "body":
                hops, covered = section, [sent.span()]
            coverage[sent.index] = (hops, covered)
        doc._.cg_found = found
        doc._.cg_attributor = attributor
        doc._.cg_coverage = coverage
        flat = [f for group in found.values() for f in group]
        doc._.cg_attributions = [_attribution(hit, n, document.id) for n, hit in enumerate(flat)]
        doc._.cg_extra_entities = _source_entities(found, attributor, doc._.cg_entities)
        return doc


@Language.factory(
    "claimgraph_events",
    requires=["doc._.cg_sentences", "doc._.cg_entities", "doc._.cg_coverage"],
    assigns=["doc._.cg_claims", "doc._.cg_transfers"],
)
class Events(Stage):
    """Events from the event lexicon (PLOVER types) and arms/training transfers."""

    resources = (
        "lexicons/events.yaml",
        "lexicons/transfer_status.yaml",
        "lexicons/certainty.yaml",
        "lexicons/quantities.yaml",
        "equipment.yaml",
    )

    def __call__(self, doc: Doc) -> Doc:
        document = _require(doc, "cg_document", self.name)
        coverage = _require(doc, "cg_coverage", self.name)
        finder = EventFinder(document.id, _require(doc, "cg_entities", self.name), doc._.cg_context)
        for sent in _require(doc, "cg_sentences", self.name):
            hops, covered = coverage.get(sent.index, ([], []))
            finder.sentence(sent, hops, covered)
        doc._.cg_claims = list(doc._.cg_claims or []) + finder.result.claims
        doc._.cg_transfers = list(doc._.cg_transfers or []) + finder.result.transfers
        return doc


@Language.factory(
    "claimgraph_speech_claims",
    requires=["doc._.cg_found", "doc._.cg_attributor"],
    assigns=["doc._.cg_claims"],
)
class SpeechClaims(Stage):
    """Speech acts that are news in themselves (denials, statements) and custody hand-overs."""

    resources = ("lexicons/attribution.yaml",)

    def __call__(self, doc: Doc) -> Doc:
        document = _require(doc, "cg_document", self.name)
        found = _require(doc, "cg_found", self.name)
        claims = list(doc._.cg_claims or [])
        claims += _custody_claims(
            _require(doc, "cg_attributor", self.name),
            _require(doc, "cg_sentences", self.name),
            found,
            document.id,
            len(claims),
        )
        claims += _say_claims(found, document.id, len(claims))
        doc._.cg_claims = claims
        return doc


# ---- helpers shared by the attribution and speech stages --------------------------------------
def _verb_starts(doc: Doc) -> dict[int, bool] | None:
    """Start offset of each token -> can it be a reporting cue: a verb, or a reporting noun
    followed by its content or source ('a report that', 'the report by'); None without tags."""
    if not doc.has_annotation("TAG"):
        return None
    nouns = set(load_yaml("lexicons/syntax.yaml")["reporting_nouns"])
    out = {}
    for t in doc:
        verbal = t.tag_.startswith("VB") or t.pos_ in {"VERB", "AUX"}
        following = t.nbor(1).lower_ if t.i + 1 < len(doc) else ""
        reporting = t.lower_ in nouns and following in {"that", "by", "of", "from", ",", ":"}
        out[t.idx] = verbal or reporting
    return out


def _cue_is_verbal(hit: Found, verbs: dict[int, bool] | None) -> bool:
    """A one-word reporting-verb cue the tagger reads as a noun or adjective is no cue ('a
    customs post', 'the report'); other cues ('according to', quotes) are kept."""
    if verbs is None or hit.kind not in VERB_CUE_KINDS or " " in hit.cue.text.strip():
        return True
    return verbs.get(hit.cue.start, True)


VERB_CUE_KINDS = {"indirect", "intention", "stance"}
EDGE_WORDS = {"that", ",", ":", ";", ".", "-", "--", '"', "'", "“", "”", "(", ")"}


def _spans_from_parse(hit: Found, starts: dict[int, Token], text: str) -> None:
    """Spans of a reporting-verb attribution from the parse: the source is the whole subject
    phrase ('U.S. Democratic presidential candidate Hillary Clinton'); the governed clause
    (without its 'that' and closing punctuation) is the content where the cue rules found
    none (their content spans score better on PolNeAR dev where both exist)."""
    verb = starts.get(hit.cue.start)
    if verb is None or hit.kind not in VERB_CUE_KINDS or verb.pos_ not in {"VERB", "AUX"}:
        return
    subjects = syntax.children(verb, "subject")
    if subjects:
        span = _trimmed(list(subjects[0].subtree), text)
        if span is not None and not span.start <= verb.idx < span.end:
            hit.source_span = span
    clauses = syntax.children(verb, "clausal_complement", "parataxis")
    if clauses and hit.content is None:
        span = _trimmed(list(clauses[0].subtree), text)
        if span is not None:
            hit.content = span


def _trimmed(tokens: list[Token], text: str) -> Span | None:
    """The span of tokens without leading or trailing punctuation, 'that' and spaces."""
    while tokens and (tokens[0].lower_ in EDGE_WORDS or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in EDGE_WORDS or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Span(start=start, end=end, text=text[start:end])


def _coverage(
    sent: Sentence, found: dict[int, list[Found]], attributor: Attributor, sentences: list[Sentence]
) -> tuple[list[Hop], list[Span]]:
    """The attribution chain that covers a sentence's events, and the spans it covers."""
    hits = [h for h in found.get(sent.index) or [] if h.kind not in {"intention", "stance"}]
    provenance = _provenance_for(sent, attributor, sentences)
    if hits:
        hit = hits[0]
        chain = hit.chain()
        if (
            attributor.provenance_source is not None
            and hit.source.id == attributor.provenance_source.id
        ):
            chain = attributor.provenance
        elif provenance and hit.source.type == "hacker_group":
            chain = chain + [h for h in provenance[1:] if h.source.id != hit.source.id]
        covered = [h.content for h in hits if h.content is not None] or [sent.span()]
        return chain, covered
    if provenance:
        return provenance, [sent.span()]
    return [], []


def _provenance_for(sent: Sentence, attributor: Attributor, sentences: list[Sentence]) -> list[Hop]:
    """The document provenance chain if it covers this sentence (the lede before it is named)."""
    where = attributor.provenance_sentence
    if where is None or not attributor.provenance:
        return []
    target = sentences[where]
    if sent.index < where and sent.paragraph == target.paragraph:
        return attributor.provenance
    return []


def _attribution(found: Found, n: int, doc_id: str) -> Attribution:
    return Attribution(
        id=f"{doc_id[:8]}-a{n + 1}",
        source=ref(found.source),
        source_span=found.source_span,
        anonymous=found.anonymous,
        descriptor=found.descriptor,
        affiliation=found.affiliation,
        cue=found.cue,
        content=found.content,
        via=ref(found.via) if found.via else None,
        kind=found.kind,
        evidence=found.evidence,
    )


def _custody_claims(
    attributor: Attributor,
    sentences: list[Sentence],
    found: dict[int, list[Found]],
    doc_id: str,
    start: int,
) -> list[Claim]:
    """'the materials were passed to Y': the previous holder passed them to Y."""
    claims: list[Claim] = []
    for index, giver, receiver in attributor.custody:
        hits = found.get(index) or []
        chain = hits[0].chain() if hits else []
        claims.append(
            Claim(
                id=f"{doc_id[:8]}-c{start + len(claims) + 1}",
                doc_id=doc_id,
                subject=giver.source,
                relation=Relation(
                    name="pass_to", verb=receiver.cue.text.lower() if receiver.cue else None
                ),
                object=receiver.source,
                certainty="reported" if chain else "fact",
                attribution=chain,
                evidence=sentences[index].span(),
            )
        )
    return claims


def _say_claims(found: dict[int, list[Found]], doc_id: str, start: int) -> list[Claim]:
    """Each attribution is itself a claim: the source said (or denied) something."""
    claims: list[Claim] = []
    for group in found.values():
        for hit in group:
            if hit.content is None or hit.kind in {"intention", "stance"}:
                continue
            relation = Relation(
                name="deny" if hit.denial else "say",
                plover="REJECT" if hit.denial else None,
                verb=hit.cue.text.lower(),
            )
            speaker = (
                hit.affiliation
                if hit.affiliation and not hit.anonymous and hit.source.type == "source"
                else ref(hit.source)
            )
            claims.append(
                Claim(
                    id=f"{doc_id[:8]}-c{start + len(claims) + 1}",
                    doc_id=doc_id,
                    subject=speaker,
                    relation=relation,
                    certainty="fact",
                    attribution=hit.chain(),
                    evidence=hit.evidence,
                )
            )
    return claims


def _source_entities(
    found: dict[int, list[Found]], attributor: Attributor, index: EntityIndex
) -> list[Entity]:
    """Sources that are not gazetteer entities (descriptions, documents)."""
    extra: dict[str, Entity] = {}
    sources = [h.source for g in found.values() for h in g]
    if attributor.provenance_source is not None:
        sources.append(attributor.provenance_source)
    for source in sources:
        if source.id not in index.entities:
            extra.setdefault(source.id, source)
    return list(extra.values())


StageFactory = Callable[[Language, str], Stage]
