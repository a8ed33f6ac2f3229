"""The actor network and the timeline of a corpus, as data for the SVG charts and the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from claimgraph.export.corpus import TRANSFER_FAMILY, Corpus
from claimgraph.export.svg import Edge, Node, TimelinePoint, period
from claimgraph.model import Claim, EntityRef

NON_ACTORS = {"source", "equipment"}
CERTAINTY_RANK = ["fact", "reported", "probable", "alleged", "possible", "doubtful", "denied"]
Href = Callable[[str], str] | None


def actor_graph(
    corpus: Corpus, *, max_nodes: int = 40, href: Href = None
) -> tuple[list[Node], list[Edge]]:
    """Actors (entities taking part in claims and transfers) and the links between them."""
    edges: dict[tuple[str, str], Edge] = {}
    for claim in corpus.claims:
        if claim.subject is None or claim.object is None:
            continue
        label = claim.relation.name.replace("_", " ")
        if claim.relation.negated:
            label = f"not {label}"
        transfer = claim.relation.name in TRANSFER_FAMILY
        a, b = claim.subject, claim.object
        if claim.relation.name == "purchase":
            a, b, label = b, a, "supply"
        _link(corpus, edges, a, b, label, claim.certainty, transfer)
    for t in corpus.transfers:
        if t.supplier is None or t.recipient is None:
            continue
        item = t.designation or t.item
        _link(corpus, edges, t.supplier, t.recipient, f"{t.kind}: {item}", t.certainty, True)
    weights: dict[str, int] = {}
    for edge in edges.values():
        weights[edge.source] = weights.get(edge.source, 0) + edge.count
        weights[edge.target] = weights.get(edge.target, 0) + edge.count
    keep = sorted(weights, key=lambda i: (-weights[i], i))[:max_nodes]
    nodes = [_node(corpus, i, weights[i], href) for i in sorted(keep)]
    kept = set(keep)
    return nodes, [e for e in edges.values() if e.source in kept and e.target in kept]


def _link(
    corpus: Corpus,
    edges: dict[tuple[str, str], Edge],
    a: EntityRef,
    b: EntityRef,
    label: str,
    certainty: str,
    transfer: bool,
) -> None:
    if a.id == b.id or not (_is_actor(corpus, a) and _is_actor(corpus, b)):
        return
    edge = edges.setdefault((a.id, b.id), Edge(a.id, b.id, certainty=certainty))
    edge.labels.append(label)
    edge.count += 1
    edge.transfer = edge.transfer or transfer
    denied = certainty == "denied" or label.startswith("not ")
    if edge.count > 1 and denied != (edge.certainty == "denied"):
        edge.contested = True
    if CERTAINTY_RANK.index(certainty) < CERTAINTY_RANK.index(edge.certainty):
        edge.certainty = certainty


def _is_actor(corpus: Corpus, ref: EntityRef) -> bool:
    entity = corpus.entities.get(ref.id)
    return entity is not None and entity.type not in NON_ACTORS


def _node(corpus: Corpus, entity_id: str, weight: int, href: Href) -> Node:
    entity = corpus.entities[entity_id]
    return Node(entity_id, entity.name, entity.type, weight, href(entity_id) if href else None)


def graph_json(nodes: list[Node], edges: list[Edge]) -> dict[str, Any]:
    """The network as JSON (API)."""
    return {
        "nodes": [{"id": n.id, "name": n.name, "type": n.type, "links": n.weight} for n in nodes],
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "relations": list(dict.fromkeys(e.labels)),
                "claims": e.count,
                "certainty": e.certainty,
                "transfer": e.transfer,
                "contested": e.contested,
            }
            for e in edges
        ],
    }


def timeline_points(
    corpus: Corpus, *, href: Callable[[Claim], str] | None = None
) -> tuple[list[TimelinePoint], list[tuple[str, Any]]]:
    """Placeable timeline entries as chart points, and the entries whose year is open."""
    points, open_year = [], []
    for doc_id, entry in sorted(corpus.timeline, key=lambda de: de[1].when.replace("X", "9")):
        claim = corpus.claim(entry.claim_id, doc_id)
        when = period(entry.when)
        if when is None:
            open_year.append((doc_id, entry))
            continue
        what = entry.what.split(" — ", 1)[0]
        points.append(
            TimelinePoint(
                start=when[0],
                end=when[1],
                label=entry.label or entry.when,
                text=what,
                certainty=entry.certainty,
                forecast=entry.forecast,
                href=href(claim) if href and claim else None,
            )
        )
    return points, open_year


def latest_report(corpus: Corpus) -> float | None:
    """The newest publication date in the corpus, as a fractional year."""
    dates = []
    for doc in corpus.documents.values():
        if doc.published and len(doc.published) >= 4 and doc.published[:4].isdigit():
            when = period(doc.published[:10])
            if when:
                dates.append(when[0])
    return max(dates) if dates else None


def today_year() -> float:
    """Today as a fractional year."""
    today = date.today()
    return today.year + (today.timetuple().tm_yday - 1) / 365
