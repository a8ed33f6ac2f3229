"""The one-document pipeline (DESIGN.md §2): clean -> annotate -> claims -> grades.

``analyze_text`` is the library entry point behind ``claimgraph analyze``; each stage is a plain
function from typed records to typed records and does no I/O.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from claimgraph.analysis.corroboration import support_in_document
from claimgraph.analysis.grading import grade_claim
from claimgraph.analysis.timeline import build_timeline
from claimgraph.errors import UnsupportedLanguageError
from claimgraph.model import (
    Analysis,
    Attribution,
    Claim,
    Document,
    Entity,
    EntityRef,
    Hop,
    Relation,
    Span,
    Transfer,
)
from claimgraph.nlp.attribution import Attributor, Found
from claimgraph.nlp.dates import Context, document_years
from claimgraph.nlp.entities import EntityIndex, recognise, ref
from claimgraph.nlp.events import EventFinder
from claimgraph.nlp.gazetteer import load_gazetteer
from claimgraph.nlp.tokens import Sentence, dateline_agency, split_sentences, tokenize
from claimgraph.text.clean import DocumentMeta, build_document, reference_date
from claimgraph.text.language import SUPPORTED_FOR_CLAIMS

R = TypeVar("R", Claim, Transfer)


def analyze_text(
    text: str,
    *,
    source: str | None = None,
    published: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    media_type: str = "text/plain",
    meta: DocumentMeta | None = None,
) -> Analysis:
    """Analyse one document's raw text (``meta``: what its reader found beside it) and return
    every record derived from it."""
    document = build_document(
        text,
        source=source,
        published=published,
        title=title,
        outlet=outlet,
        media_type=media_type,
        meta=meta,
    )
    if document.language not in SUPPORTED_FOR_CLAIMS:
        raise UnsupportedLanguageError(
            f"{source or 'document'}: language {document.language or 'unknown'!r} is not supported "
            f"yet (claims need one of: {', '.join(SUPPORTED_FOR_CLAIMS)})"
        )
    return analyze_document(document)


def analyze_document(document: Document) -> Analysis:
    """Run the annotation and claim stages on a clean document."""
    sentences = split_sentences(document)
    index = recognise(document, sentences)
    last_hops = _document_hops(document, index)
    attributor = Attributor(index)
    context = Context(reference_date(document), document_years(document.text))
    finder = EventFinder(document.id, index, context)
    attributions: list[Attribution] = []
    found_by_sentence: dict[int, list[Found]] = {}
    for sent in sentences:
        found_by_sentence[sent.index] = attributor.sentence(sent)
    section: list[Hop] = []
    for sent in sentences:
        if sent.kind == "heading":
            hits = found_by_sentence.get(sent.index)
            section = hits[0].chain() if hits else []
        hops, covered = _coverage(sent, found_by_sentence, attributor, sentences)
        if not covered and section and sent.kind == "body":
            hops, covered = section, [sent.span()]
        finder.sentence(sent, hops, covered)
    for found in (f for group in found_by_sentence.values() for f in group):
        attributions.append(_attribution(found, len(attributions), document.id))
    claims = finder.result.claims
    claims += _custody_claims(attributor, sentences, found_by_sentence, document.id, len(claims))
    claims += _say_claims(found_by_sentence, document.id, len(claims))
    claims = [_with_last_hops(c, last_hops) for c in claims]
    transfers = [_with_last_hops(t, last_hops) for t in finder.result.transfers]
    entities = index.finish() + _source_entities(found_by_sentence, attributor, index)
    by_id = {e.id: e for e in entities}
    support = support_in_document(claims, by_id, {h.source.id for h in last_hops})
    grades = [grade_claim(c, document, by_id, support=support[c.id]) for c in claims]
    analysis = Analysis(
        document=document,
        entities=entities,
        claims=claims,
        transfers=transfers,
        attributions=attributions,
        timeline=build_timeline(claims, context.reference),
        grades=grades,
    )
    _true_span_texts(analysis, document.text)
    return analysis


def _true_span_texts(record: BaseModel, text: str) -> None:
    """Make every span's text the exact slice of the clean text it points to."""
    for name in type(record).model_fields:
        value = getattr(record, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Span):
                item.text = text[item.start : item.end]
            elif isinstance(item, BaseModel):
                _true_span_texts(item, text)


def _document_hops(document: Document, index: EntityIndex) -> list[Hop]:
    """The document's outlet and author: the last hops of every chain."""
    hops = []
    agency = dateline_agency(document.text)
    if agency:
        found = load_gazetteer().match_at(tokenize(agency), 0)
        if found:
            entity = load_gazetteer().entity(found[1].entity_id)
            hops.append(Hop(source=EntityRef(id=entity.id, name=entity.name)))
        else:
            hops.append(Hop(source=EntityRef(id=f"media:{agency.lower()}", name=agency)))
    if document.outlet:
        hops.append(Hop(source=EntityRef(id="outlet:document", name=document.outlet)))
    for entity in index.entities.values():
        if "author" in entity.roles:
            hops.append(Hop(source=ref(entity)))
    return hops


def _with_last_hops(record: R, last_hops: list[Hop]) -> R:
    """Append the document's outlet and author to a chain that lacks them."""
    present = {hop.source.id for hop in record.attribution}
    missing: list[Hop] = [h for h in last_hops if h.source.id not in present]
    return (
        record.model_copy(update={"attribution": [*record.attribution, *missing]})
        if missing
        else record
    )


def _coverage(
    sent: Sentence, found: dict[int, list[Found]], attributor: Attributor, sentences: list[Sentence]
) -> tuple[list[Hop], list]:
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
