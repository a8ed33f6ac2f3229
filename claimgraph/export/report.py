"""The dossier report: key judgements with grades, claims by topic with evidence and source
chains, transfers in register style, a timeline chart, an actor network, sources with their
reliability, documents, and a method note. Rendered as Markdown or as one self-contained HTML
file (inline CSS and SVG, no script, nothing fetched)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from typing import Any

from claimgraph import __version__
from claimgraph.analysis.grading import source_kind
from claimgraph.export.corpus import (
    Corpus,
    Related,
    chain_text,
    claim_key,
    grade_label,
    is_denial,
)
from claimgraph.export.graph import actor_graph, latest_report, timeline_points
from claimgraph.export.records import sipri_rows
from claimgraph.export.stix import icd203_table, icd203_word
from claimgraph.export.svg import legend_items, network_svg, timeline_svg
from claimgraph.model import Claim, Document, Grade, Hop, Transfer
from claimgraph.resources import load_yaml

SPEECH = {"say", "pass_to", "report", "confirm", "publish"}
CERTAINTY_RANK = ["fact", "reported", "probable", "alleged", "possible", "doubtful", "denied"]
MAX_JUDGEMENTS = 6


@cache
def _topics() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("report_topics.yaml")
    return data


@cache
def _grading() -> dict[str, Any]:
    data: dict[str, Any] = load_yaml("grading.yaml")
    return data


@dataclass
class ClaimView:
    """A claim with what the report shows next to it."""

    claim: Claim
    doc: Document | None
    grade: Grade | None
    related: Related
    transfers: list[Transfer]
    topic: str

    @property
    def headline(self) -> str:
        """'Russia supplies China: 37 vehicles (planned)' or 'Russia trains China'."""
        return headline(self.claim, self.transfers)

    @property
    def chain(self) -> str:
        return chain_text(self.claim)

    @property
    def icd203(self) -> str:
        return icd203_word(self.claim.certainty)

    @property
    def grade_text(self) -> str:
        return grade_label(self.grade) or "not graded"

    @property
    def grade_words(self) -> str:
        """'reliability cannot be judged; possibly true'."""
        if self.grade is None:
            return ""
        table = icd203_table()
        return (
            f"{table['reliability_words'][self.grade.reliability]}; "
            f"{table['credibility_words'][self.grade.credibility]}"
        )

    @property
    def origins(self) -> int:
        merged = self.related.merged
        if merged is not None:
            return int(getattr(merged, "independent_origins", 1))
        return self.grade.independent_origins if self.grade else 1

    @property
    def doc_label(self) -> str:
        return doc_label(self.doc, self.claim.doc_id)


@dataclass
class Topic:
    """Claims of one topic."""

    id: str
    title: str
    claims: list[ClaimView] = field(default_factory=list)


@dataclass
class SourceRow:
    """A source named in the attribution chains, with its reliability."""

    id: str
    name: str
    kind: str
    reliability: str
    basis: str
    claims: int
    documents: int
    anonymous: bool
    reason: str | None = None

    @property
    def words(self) -> str:
        return str(icd203_table()["reliability_words"].get(self.reliability, ""))


@dataclass
class Report:
    """Everything the renderers need."""

    title: str
    scope: str
    generated: str
    database: str
    counts: dict[str, int]
    judgements: list[ClaimView]
    topics: list[Topic]
    transfers: list[dict[str, str]]
    timeline: list[tuple[str, Any, ClaimView | None]]
    open_year: list[tuple[str, Any]]
    timeline_svg: str
    graph_svg: str
    graph_edges: list[tuple[str, str, str, str, int]]
    legend: list[tuple[str, str]]
    sources: list[SourceRow]
    documents: list[dict[str, Any]]
    method: list[str]
    uncertain: list[str]
    icd203: list[tuple[str, str, str, int]]


# -- building -----------------------------------------------------------------------------------


def build_report(corpus: Corpus, *, database: str, title: str | None = None) -> Report:
    """Assemble the report of a corpus (already narrowed to its scope)."""
    views = [claim_view(corpus, c) for c in corpus.claims]
    by_key = {(v.claim.doc_id, v.claim.id): v for v in views}
    nodes, edges = actor_graph(corpus)
    points, open_year = timeline_points(corpus)
    names = {n.id: n.name for n in nodes}
    return Report(
        title=title or _title(corpus),
        scope=corpus.scope.label(),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        database=database,
        counts={
            "documents": len(corpus.documents),
            "claims": len(corpus.claims),
            "transfers": len(corpus.transfers),
            "actors": len(nodes),
        },
        judgements=judgements(views),
        topics=topics(views),
        transfers=list(sipri_rows(corpus)),
        timeline=[
            (doc_id, entry, by_key.get((doc_id, entry.claim_id)))
            for doc_id, entry in sorted(corpus.timeline, key=lambda de: _sort_when(de[1].when))
        ],
        open_year=open_year,
        timeline_svg=timeline_svg(points, marker=latest_report(corpus)),
        graph_svg=network_svg(nodes, edges),
        graph_edges=[
            (
                names[e.source],
                names[e.target],
                ", ".join(dict.fromkeys(e.labels)),
                e.certainty,
                e.count,
            )
            for e in edges
        ],
        legend=legend_items([n.type for n in nodes]),
        sources=sources(corpus),
        documents=documents(corpus),
        method=method_note(corpus),
        uncertain=uncertainties(corpus),
        icd203=[
            (c, row["word"], f"{row['range'][0]}–{row['range'][1]}%", int(row["stix"]))
            for c, row in icd203_table()["icd203"].items()
        ],
    )


def claim_view(corpus: Corpus, claim: Claim) -> ClaimView:
    """A claim with its document, grade, related claims, transfers and topic."""
    transfers = [t for t in corpus.transfers if t.doc_id == claim.doc_id and t.claim_id == claim.id]
    return ClaimView(
        claim=claim,
        doc=corpus.documents.get(claim.doc_id),
        grade=corpus.grade(claim),
        related=corpus.related(claim),
        transfers=transfers,
        topic=topic_of(claim),
    )


def topic_of(claim: Claim) -> str:
    """The topic id of a claim (``resources/report_topics.yaml``)."""
    for topic in _topics()["topics"]:
        if claim.relation.name in topic["relations"]:
            return str(topic["id"])
    for topic in _topics()["topics"]:
        if claim.relation.plover and claim.relation.plover in topic["plover"]:
            return str(topic["id"])
    return "other"


def headline(claim: Claim, transfers: list[Transfer]) -> str:
    """A one-line reading of a claim."""
    subject = claim.subject.name if claim.subject else "(unnamed)"
    if transfers:
        t = transfers[0]
        supplier = t.supplier.name if t.supplier else subject
        recipient = t.recipient.name if t.recipient else "(unnamed recipient)"
        quantity = t.quantity_text or (f"{t.quantity:g}" if t.quantity is not None else "")
        item = " ".join(x for x in (quantity, t.designation or t.item) if x)
        extra = len(transfers) - 1
        more = f" and {extra} more item{'s' if extra > 1 else ''}" if extra else ""
        return f"{supplier} → {recipient}: {item}{more} ({t.status})"
    phrase = _topics()["phrases"].get(claim.relation.name, claim.relation.name.replace("_", " "))
    if claim.relation.negated or claim.certainty == "denied":
        phrase = f"denied: {phrase}"
    parts = [subject, phrase]
    if claim.object:
        parts.append(claim.object.name)
    if claim.time:
        parts.append(f"({claim.time.label or claim.time.value})")
    return " ".join(parts)


def judgements(views: list[ClaimView]) -> list[ClaimView]:
    """The strongest distinct claims: transfers and military matters first, then by grade,
    independent origins and certainty; one per subject–relation–object."""
    candidates = [v for v in views if v.claim.relation.name not in SPEECH] or views
    ranked = sorted(candidates, key=_judgement_rank)
    chosen, seen = [], set()
    for view in ranked:
        key = claim_key(view.claim) or (view.claim.doc_id, view.claim.id, "")
        if key in seen:
            continue
        seen.add(key)
        chosen.append(view)
        if len(chosen) == MAX_JUDGEMENTS:
            break
    return chosen


def _judgement_rank(view: ClaimView) -> tuple[Any, ...]:
    order = [t["id"] for t in _topics()["topics"]]
    credibility = view.grade.credibility if view.grade else 6
    return (
        order.index(view.topic) if view.topic in order else len(order),
        not view.transfers,
        credibility,
        -view.origins,
        CERTAINTY_RANK.index(view.claim.certainty),
        view.claim.doc_id,
        view.claim.evidence.start,
    )


def topics(views: list[ClaimView]) -> list[Topic]:
    """Claims grouped by topic, in the topic table's order."""
    groups = {t["id"]: Topic(t["id"], t["title"]) for t in _topics()["topics"]}
    for view in views:
        groups.setdefault(view.topic, Topic(view.topic, view.topic)).claims.append(view)
    return [g for g in groups.values() if g.claims]


def sources(corpus: Corpus) -> list[SourceRow]:
    """Every source named in the chains, with its reliability and on what basis."""
    hops: dict[str, Hop] = {}
    claims: Counter[str] = Counter()
    docs: dict[str, set[str]] = defaultdict(set)
    for claim in corpus.claims:
        for hop in claim.attribution:
            hops.setdefault(hop.source.id, hop)
            claims[hop.source.id] += 1
            docs[hop.source.id].add(claim.doc_id)
    graded: dict[str, Counter[str]] = defaultdict(Counter)
    for grade in corpus.grades.values():
        if grade.source is not None:
            graded[grade.source.id][grade.reliability] += 1
    rows = []
    for source_id, hop in hops.items():
        kind = source_kind(hop, corpus.entities)
        entity = corpus.entities.get(source_id)
        override = corpus.view.reliability_of(source_id)
        if override is not None:
            reliability, basis = override.reliability, "set by an analyst"
        elif entity is not None and "author" in entity.roles:
            kind, reliability = "author", str(_grading()["reliability"].get("unknown", "F"))
            basis = "the document's author: claims it makes itself count as unattributed"
        elif graded.get(source_id):
            reliability, basis = (
                graded[source_id].most_common(1)[0][0],
                "grade as originating source",
            )
        else:
            reliability = str(_grading()["reliability"].get(kind, "F"))
            basis = "default for its kind (relay or author)"
        rows.append(
            SourceRow(
                id=source_id,
                name=hop.source.name,
                kind=kind.replace("_", " "),
                reliability=reliability,
                basis=basis,
                claims=claims[source_id],
                documents=len(docs[source_id]),
                anonymous=hop.anonymous,
                reason=override.reason if override else None,
            )
        )
    return sorted(rows, key=lambda r: (r.reliability, -r.claims, r.name))


def documents(corpus: Corpus) -> list[dict[str, Any]]:
    """One row per document."""
    counts = Counter(c.doc_id for c in corpus.claims)
    rows = []
    for doc in corpus.documents.values():
        cluster = corpus.cluster_of(doc)
        rows.append(
            {
                "id": doc.id,
                "title": doc_label(doc, doc.id),
                "outlet": doc.outlet or "",
                "authors": ", ".join(doc.authors),
                "published": doc.published or "",
                "language": doc.language or "",
                "claims": counts[doc.id],
                "removed": len(doc.removed),
                "ai": doc.ai_disclosure is not None,
                "cluster": doc.origin_cluster or "",
                "cluster_size": len(getattr(cluster, "documents", []) or []) if cluster else 0,
            }
        )
    return rows


def method_note(corpus: Corpus) -> list[str]:
    """What was automated and what the analyst changed."""
    removed = sum(len(d.removed) for d in corpus.documents.values())
    notes = [
        f"Everything in this report was extracted automatically by claimgraph {__version__} "
        f"from {len(corpus.documents)} document(s): page junk removed by pattern "
        f"({removed} lines), entities found from gazetteers and patterns, attribution chains, "
        "certainty cues, events and transfers found by rules, each tied to the quoted sentence.",
        "Grades follow STANAG 2511 (Admiralty): source reliability A–F from a default table "
        "by source type (claimgraph/resources/grading.yaml), information credibility 1–6 from "
        "the text's certainty, independent origins and contradictions, with the reasons listed.",
        "Certainty words describe how the text hedges a claim; the ICD 203 words are a fixed "
        "mapping of that hedging (table below), not an analyst's estimate of likelihood.",
    ]
    if corpus.merged or any(d.origin_cluster for d in corpus.documents.values()):
        notes.append(
            "Documents were grouped into origin clusters (syndicated copies count once) and the "
            "same claim was merged across documents before counting independent origins."
        )
    else:
        notes.append(
            "The cross-document stage has not run on this database: independent origins are "
            "counted inside each document, and related reports are matched across documents "
            "by subject, relation and object only."
        )
    edits, overrides = len(corpus.view.edits), len(corpus.view.overrides)
    if edits or overrides:
        notes.append(
            f"Analyst changes applied: {edits} entity edit(s) (rename, merge, split) and "
            f"{overrides} source reliability override(s)."
        )
    return notes


def uncertainties(corpus: Corpus) -> list[str]:
    """What a reader should check before relying on the report."""
    items = [
        "Rules can misread a sentence: check each claim against its quoted evidence.",
        "F (reliability) and 6 (credibility) mean the grade cannot be judged, not that it is low.",
    ]
    single = [
        c for c in corpus.claims if (g := corpus.grade(c)) is not None and g.independent_origins < 2
    ]
    if single:
        items.append(
            f"{len(single)} of {len(corpus.claims)} claims rest on a single origin "
            "(no independent corroboration)."
        )
    hedged = [c for c in corpus.claims if c.certainty not in {"fact"}]
    if hedged:
        items.append(f"{len(hedged)} claims are hedged, reported, alleged or denied in the text.")
    denials = [c for c in corpus.claims if is_denial(c)]
    if denials:
        items.append(f"{len(denials)} claims are denials or negated events.")
    open_years = [e for _, e in corpus.timeline if e.when.startswith("X")]
    if open_years:
        items.append(
            f"{len(open_years)} dates have an open year (no publication date to resolve "
            "relative dates against)."
        )
    ai = [d for d in corpus.documents.values() if d.ai_disclosure is not None]
    if ai:
        items.append(f"{len(ai)} document(s) disclose AI assistance in their writing.")
    no_date = [d for d in corpus.documents.values() if not d.published]
    if no_date:
        items.append(f"{len(no_date)} document(s) have no known publication date.")
    return items


def doc_label(doc: Document | None, doc_id: str) -> str:
    """Title, else source, else short id."""
    if doc is None:
        return doc_id[:12]
    return doc.title or (doc.source or "").rsplit("/", 1)[-1] or doc.id[:12]


def _title(corpus: Corpus) -> str:
    scope = corpus.scope
    if scope.entity is not None:
        ids = corpus.match_entities(scope.entity)
        names = sorted(corpus.entities[i].name for i in ids if i in corpus.entities)
        return f"Dossier: {', '.join(names) or scope.entity}"
    if scope.doc is not None and len(corpus.documents) == 1:
        doc = next(iter(corpus.documents.values()))
        return f"Dossier: {doc_label(doc, doc.id)}"
    if scope.query is not None:
        return f"Dossier: “{scope.query}”"
    return "Dossier: all documents"


def _sort_when(when: str) -> str:
    return when.replace("X", "9")
