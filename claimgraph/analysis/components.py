"""Per-document analysis stages (grading, timeline) as registered spaCy components.

They run after the language stages of ``claimgraph/nlp/components.py`` and read the claims those
wrote to ``doc._.cg_claims``; cross-document work (dedup, corroboration across documents) is a
separate step over stored records (``claimgraph.analysis.crossdoc``).
"""

from __future__ import annotations

from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.analysis.corroboration import support_in_document
from claimgraph.analysis.grading import grade_claim
from claimgraph.analysis.timeline import build_timeline
from claimgraph.model import Claim, Document, EntityRef, Hop, Transfer
from claimgraph.nlp.components import Stage, _require
from claimgraph.nlp.entities import EntityIndex, ref
from claimgraph.nlp.gazetteer import load_gazetteer
from claimgraph.nlp.tokens import dateline_agency, tokenize

R = TypeVar("R", Claim, Transfer)


@Language.factory(
    "claimgraph_grading",
    requires=["doc._.cg_entities"],
    assigns=["doc._.cg_claims", "doc._.cg_transfers", "doc._.cg_grades"],
)
class Grading(Stage):
    """The document's outlet and author close every chain; each claim gets an Admiralty grade
    from the support inside the document (independent origins, denials)."""

    resources = ("grading.yaml",)

    def __call__(self, doc: Doc) -> Doc:
        document: Document = _require(doc, "cg_document", self.name)
        index: EntityIndex = _require(doc, "cg_entities", self.name)
        last_hops = document_hops(document, index)
        claims = [_with_last_hops(c, last_hops) for c in doc._.cg_claims or []]
        doc._.cg_claims = claims
        doc._.cg_transfers = [_with_last_hops(t, last_hops) for t in doc._.cg_transfers or []]
        by_id = {e.id: e for e in index.entities.values()}
        by_id.update({e.id: e for e in doc._.cg_extra_entities or []})
        support = support_in_document(claims, by_id, {h.source.id for h in last_hops})
        doc._.cg_grades = [grade_claim(c, document, by_id, support=support[c.id]) for c in claims]
        return doc


@Language.factory(
    "claimgraph_timeline",
    requires=["doc._.cg_claims", "doc._.cg_context"],
    assigns=["doc._.cg_timeline"],
)
class Timeline(Stage):
    """Dated claims in order, relative dates resolved against the reference date."""

    def __call__(self, doc: Doc) -> Doc:
        context = _require(doc, "cg_context", self.name)
        doc._.cg_timeline = build_timeline(doc._.cg_claims or [], context.reference)
        return doc


def document_hops(document: Document, index: EntityIndex) -> list[Hop]:
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
