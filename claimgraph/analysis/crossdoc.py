"""The cross-document stage: dedup -> claim merge -> corroboration -> grades (DESIGN.md §2).

``run`` does it for a batch in memory (benchmarks, tests, a corpus at once); ``update`` does it
incrementally on a store after an ingest: new documents join the clusters and merged claims
already there, in one transaction; documents already seen are skipped, so running it again
changes nothing. Both work from stored records (text, entities, claims), never re-running the
language pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from claimgraph.analysis.claimmerge import (
    ClaimFeatures,
    DocOrigin,
    Merged,
    build_merged,
    claim_features,
    cluster_claims,
    group_structured,
    same_statement,
    sign_evidence,
)
from claimgraph.analysis.dedup import (
    DocClusters,
    Link,
    UnionFind,
    assemble,
    cluster_documents,
    compare,
)
from claimgraph.analysis.fingerprint import DocFeatures, config, features_from_analysis
from claimgraph.analysis.grading import Override
from claimgraph.model import Analysis, Grade, MergedClaim
from claimgraph.store.crossdoc import CrossDocTables
from claimgraph.store.db import Store


@dataclass
class CrossDocResult:
    """Clusters of documents, merged claims and every claim's grade (by ``doc_id/claim_id``)."""

    clusters: DocClusters
    merged: list[MergedClaim] = field(default_factory=list)
    grades: dict[str, Grade] = field(default_factory=dict)


def _cap() -> int:
    return int(config()["thresholds"]["bucket_cap"])


def doc_origins(clusters: DocClusters) -> dict[str, DocOrigin]:
    """Each document's origin cluster and the wire agency the cluster names."""
    out = {}
    for doc_id, cid in clusters.origin.items():
        record = clusters.clusters.get(cid)
        out[doc_id] = DocOrigin(cid, record.source.id if record and record.source else None)
    return out


def merge_claims(
    claims: Sequence[ClaimFeatures],
    origins: Mapping[str, DocOrigin],
    overrides: Mapping[str, Override] | None = None,
) -> list[Merged]:
    """Merged claims (with grades) of a batch of claim features."""
    return [
        build_merged([claims[i] for i in group], origins, overrides)
        for group in cluster_claims(claims, _cap())
    ]


def run_features(
    docs: Sequence[DocFeatures],
    claims: Sequence[ClaimFeatures],
    overrides: Mapping[str, Override] | None = None,
) -> CrossDocResult:
    """The whole stage on fingerprints and claim features already computed."""
    clusters = cluster_documents(docs, _cap())
    merged = merge_claims(claims, doc_origins(clusters), overrides)
    result = CrossDocResult(clusters=clusters)
    for item in merged:
        result.merged.append(item.record)
        result.grades.update(item.grades)
    return result


def run(
    analyses: Sequence[Analysis], overrides: Mapping[str, Override] | None = None
) -> CrossDocResult:
    """The whole stage on analysed documents held in memory."""
    docs = features_from_analysis(analyses)
    wires = {f.doc_id: f.wire for f in docs}
    claims = [c for a in analyses for c in claim_features(a, wires[a.document.id])]
    return run_features(docs, claims, overrides)


# -- on a store -------------------------------------------------------------------------------


UPDATE_CHUNK = 1000  # documents per transaction of an incremental update


@dataclass
class UpdateReport:
    """What one incremental update did."""

    documents: int = 0
    links: int = 0
    merged_claims: int = 0
    regraded: int = 0


def update(
    store: Store, doc_ids: Iterable[str] | None = None, *, chunk: int = UPDATE_CHUNK
) -> UpdateReport:
    """Bring the store's clusters, merged claims and grades up to date with its documents
    (only ``doc_ids`` if given). Documents already seen are skipped; the new ones go in
    chunks of ``chunk`` documents, one transaction each."""
    with store.reading() as conn:
        pending = CrossDocTables(conn).pending(doc_ids)
    report = UpdateReport()
    for start in range(0, len(pending), chunk):
        done = _update_chunk(store, pending[start : start + chunk])
        report.documents += done.documents
        report.links += done.links
        report.merged_claims += done.merged_claims
        report.regraded += done.regraded
    return report


def _update_chunk(store: Store, pending: Sequence[str]) -> UpdateReport:
    analyses = [a for a in (store.load_analysis(d) for d in pending) if a is not None]
    if not analyses:
        return UpdateReport()
    docs = features_from_analysis(analyses)
    wires = {f.doc_id: f.wire for f in docs}
    claims = [c for a in analyses for c in claim_features(a, wires[a.document.id])]
    sign_evidence(claims)
    with store.transaction() as conn:
        tables = CrossDocTables(conn)
        tables.add_documents(docs)
        links = _link_new(tables, docs)
        tables.add_links(links)
        members, origins = _recluster(tables, [f.doc_id for f in docs])
        tables.add_claims(claims)
        groups = _claim_groups(tables, claims, members)
        merged = _rebuild(tables, groups, origins)
    return UpdateReport(
        documents=len(docs),
        links=len(links),
        merged_claims=len(merged),
        regraded=sum(len(m.grades) for m in merged),
    )


def regrade_source(store: Store, source_id: str) -> int:
    """Regrade the merged claims that have a report from ``source_id`` (after an override);
    return the number of reports regraded."""
    update(store)
    with store.transaction() as conn:
        tables = CrossDocTables(conn)
        groups = _by_merged_id(tables, tables.claims_from_source(source_id))
        merged = _rebuild(tables, groups, {})
    return sum(len(m.grades) for m in merged)


def _link_new(tables: CrossDocTables, docs: Sequence[DocFeatures]) -> list[Link]:
    """Links from each new document to its candidates (stored or new)."""
    cap = _cap()
    hot = int(config()["thresholds"]["hot_bucket"])
    candidates = {f.doc_id: tables.doc_candidates(f, cap, hot) for f in docs}
    known = tables.features(set().union(*candidates.values())) if candidates else {}
    known.update({f.doc_id: f for f in docs})
    links: dict[tuple[str, str], Link] = {}
    for f in docs:
        for other in sorted(candidates[f.doc_id]):
            if other in known and other != f.doc_id:
                link = compare(f, known[other])
                if link is not None:
                    links[(link.a, link.b)] = link
    return list(links.values())


def _recluster(
    tables: CrossDocTables, new_ids: Sequence[str]
) -> tuple[set[str], dict[str, DocOrigin]]:
    """Recompute the clusters of the components that new documents touch."""
    members, links = tables.component(new_ids)
    features = tables.features(members)
    clusters = assemble([features[d] for d in sorted(members) if d in features], links)
    tables.write_clusters(
        clusters.origin, clusters.origin, clusters.event, clusters.clusters.values()
    )
    return set(clusters.origin), doc_origins(clusters)


def _claim_groups(
    tables: CrossDocTables, new: Sequence[ClaimFeatures], changed_docs: set[str]
) -> list[list[ClaimFeatures]]:
    """Groups of claims whose merged claims must be rebuilt."""
    groups: list[list[ClaimFeatures]] = []
    blocks = sorted({c.block for c in new if not c.textual})
    for block_claims in _by_block(tables.claims_in_blocks(blocks)).values():
        groups.extend(group_structured(block_claims))
    groups.extend(_textual_groups(tables, [c for c in new if c.textual]))
    covered = {c.key for g in groups for c in g}
    stale = [c for c in tables.claims_of_documents(changed_docs) if c.key not in covered]
    groups.extend(_by_merged_id(tables, stale))
    return groups


def _by_block(claims: Sequence[ClaimFeatures]) -> dict[str, list[ClaimFeatures]]:
    out: dict[str, list[ClaimFeatures]] = {}
    for claim in claims:
        out.setdefault(claim.block, []).append(claim)
    return out


def _textual_groups(
    tables: CrossDocTables, new: Sequence[ClaimFeatures]
) -> list[list[ClaimFeatures]]:
    """New statements joined to the stored statements (and their merged claims) they repeat."""
    if not new:
        return []
    cap = _cap()
    known = {c.key: c for c in new}
    found = UnionFind(known)
    candidates = {c.key: tables.claim_candidates(c, cap) for c in new}
    stored = tables.claims_by_key(set().union(*candidates.values()) - set(known))
    known.update({c.key: c for c in stored})
    for claim in new:
        for other in candidates[claim.key]:
            if other in known and same_statement(claim, known[other]):
                found.union(claim.key, other)
    stored_keys = [k for k in found.parent if k not in {c.key for c in new}]
    merged_ids = {m for m in tables.merged_ids_of(stored_keys).values() if m}
    for members in tables.claims_merged_as(merged_ids).values():
        for member in members:
            known.setdefault(member.key, member)
            found.union(members[0].key, member.key)
    return [[known[k] for k in sorted(g)] for g in found.groups().values()]


def _by_merged_id(
    tables: CrossDocTables, claims: Sequence[ClaimFeatures]
) -> list[list[ClaimFeatures]]:
    """The whole stored groups of the merged claims these claims belong to."""
    merged_of = tables.merged_ids_of([c.key for c in claims])
    groups = tables.claims_merged_as({m for m in merged_of.values() if m})
    loose = [[c] for c in claims if not merged_of.get(c.key)]
    return list(groups.values()) + loose


def _rebuild(
    tables: CrossDocTables,
    groups: Sequence[Sequence[ClaimFeatures]],
    origins: Mapping[str, DocOrigin],
) -> list[Merged]:
    """Build the merged claims of ``groups`` and replace their old records and grades."""
    if not groups:
        return []
    docs = {c.doc_id for g in groups for c in g}
    where = {**tables.doc_origins(docs - set(origins)), **origins}
    overrides = tables.overrides()
    merged = [build_merged(list(g), where, overrides) for g in groups if g]
    old = {m for m in tables.merged_ids_of([c.key for g in groups for c in g]).values() if m}
    grades = {k: v for m in merged for k, v in m.grades.items()}
    tables.replace_merged(old, [m.record for m in merged], grades)
    return merged


def annotate(analysis: Analysis) -> Analysis:
    """One document on its own (``claimgraph analyze``): its origin and event cluster, and its
    grades with their merged claim (claims it repeats), origin cluster and contradictions."""
    result = run([analysis])
    doc = analysis.document
    document = doc.model_copy(
        update={
            "origin_cluster": result.clusters.origin.get(doc.id),
            "event_cluster": result.clusters.event.get(doc.id),
        }
    )
    grades = [result.grades.get(f"{doc.id}/{g.claim_id}", g) for g in analysis.grades]
    return analysis.model_copy(update={"document": document, "grades": grades})
