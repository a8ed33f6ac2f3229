"""Reading and writing the cross-document tables inside one transaction.

The analysis side (``claimgraph.analysis.crossdoc``) decides; this module only moves records
between the tables and Python objects.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, and_, delete, func, literal, or_, select, update

from claimgraph.analysis.claimmerge import ClaimFeatures, DocOrigin, claim_bucket_keys
from claimgraph.analysis.dedup import Link
from claimgraph.analysis.fingerprint import (
    EVENT_BANDS,
    ORIGIN_BANDS,
    DocFeatures,
    band_keys,
    bucket_keys,
    extra_keys,
)
from claimgraph.analysis.grading import Override
from claimgraph.model import Grade, MergedClaim, OriginCluster
from claimgraph.store import schema
from claimgraph.store.writer import now

CHUNK = 500  # ids per IN (...) clause


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class CrossDocTables:
    """The cross-document tables, through one connection (one transaction)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    # -- documents ---------------------------------------------------------------------------

    def pending(self, doc_ids: Iterable[str] | None = None) -> list[str]:
        """Stored documents the stage has not seen yet (of ``doc_ids`` if given), oldest first."""
        d, f = schema.documents, schema.doc_features
        query = (
            select(d.c.id)
            .outerjoin(f, f.c.doc_id == d.c.id)
            .where(f.c.doc_id.is_(None))
            .order_by(d.c.ingested_at, d.c.id)
        )
        found = list(self.conn.execute(query).scalars())
        if doc_ids is None:
            return found
        wanted = set(doc_ids)
        return [i for i in found if i in wanted]

    def add_documents(self, features: Sequence[DocFeatures]) -> None:
        """Store fingerprints and bucket keys of new documents."""
        if not features:
            return
        self.conn.execute(
            schema.doc_features.insert(),
            [
                {
                    "doc_id": f.doc_id,
                    "record": f.to_json(),
                    "shingles": f.shingles.tobytes(),
                    "content": f.content.tobytes(),
                }
                for f in features
            ],
        )
        rows = [{"key": k, "doc_id": f.doc_id} for f in features for k in set(bucket_keys(f))]
        for chunk in _chunks(rows, 5000):
            self.conn.execute(schema.doc_buckets.insert(), list(chunk))

    def doc_candidates(self, f: DocFeatures, cap: int, hot: int | None = None) -> set[str]:
        """Documents sharing a bucket with ``f``: per bucket, the ``cap`` latest others;
        signature bands shared by more than ``hot`` documents are skipped (boilerplate)."""
        b = schema.doc_buckets
        bands = set(band_keys(f.shingles, ORIGIN_BANDS, b"o"))
        bands |= set(band_keys(f.content, EVENT_BANDS, b"e"))
        keys = set(extra_keys(f))
        if hot is None:
            keys |= bands
        else:
            keys |= _not_hot(self.conn, b, sorted(bands), hot)
        return _capped(self.conn, b, b.c.doc_id, sorted(keys), f.doc_id, cap)

    def features(self, doc_ids: Iterable[str]) -> dict[str, DocFeatures]:
        """Stored fingerprints of documents."""
        t = schema.doc_features
        out = {}
        for chunk in _chunks(sorted(set(doc_ids))):
            rows = self.conn.execute(
                select(t.c.record, t.c.shingles, t.c.content).where(t.c.doc_id.in_(chunk))
            )
            for record, shingles, content in rows:
                f = DocFeatures.from_json(record, shingles, content)
                out[f.doc_id] = f
        return out

    def add_links(self, links: Sequence[Link]) -> None:
        """Store links not stored yet."""
        t = schema.doc_links
        for link in links:
            exists = self.conn.execute(
                select(1).where(t.c.a == link.a, t.c.b == link.b).limit(1)
            ).first()
            if exists is None:
                self.conn.execute(
                    t.insert().values(
                        a=link.a, b=link.b, level=link.level, kind=link.kind, score=link.score
                    )
                )

    def component(self, start: Iterable[str]) -> tuple[set[str], list[Link]]:
        """Documents linked (at any level) to ``start``, and the links among them."""
        t = schema.doc_links
        seen = set(start)
        frontier = sorted(seen)
        links: dict[tuple[str, str], Link] = {}
        while frontier:
            found = []
            for chunk in _chunks(frontier):
                rows = self.conn.execute(
                    select(t.c.a, t.c.b, t.c.level, t.c.kind, t.c.score).where(
                        or_(t.c.a.in_(chunk), t.c.b.in_(chunk))
                    )
                )
                for a, b, level, kind, score in rows:
                    links[(a, b)] = Link(a, b, level, kind, score)
                    found += [x for x in (a, b) if x not in seen]
                    seen.update((a, b))
            frontier = sorted(set(found))
        return seen, list(links.values())

    def write_clusters(
        self,
        members: Iterable[str],
        origin: Mapping[str, str],
        event: Mapping[str, str],
        records: Iterable[OriginCluster],
    ) -> None:
        """Replace the clusters of ``members`` (a closed component) by the new ones."""
        ids = sorted(set(members))
        dc, oc = schema.doc_clusters, schema.origin_clusters
        old: set[str] = set()
        for chunk in _chunks(ids):
            old.update(
                self.conn.execute(
                    select(dc.c.origin_cluster).where(dc.c.doc_id.in_(chunk))
                ).scalars()
            )
            self.conn.execute(delete(dc).where(dc.c.doc_id.in_(chunk)))
        for chunk in _chunks(sorted(old)):
            self.conn.execute(delete(oc).where(oc.c.id.in_(chunk)))
        rows = [{"doc_id": d, "origin_cluster": origin[d], "event_cluster": event[d]} for d in ids]
        for chunk in _chunks(rows, 5000):
            self.conn.execute(dc.insert(), list(chunk))
        self.conn.execute(
            oc.insert(),
            [
                {
                    "id": r.id,
                    "size": len(r.documents),
                    "earliest": r.earliest,
                    "source_id": r.source.id if r.source else None,
                    "record": r.model_dump(mode="json"),
                }
                for r in records
            ],
        )

    def doc_origins(self, doc_ids: Iterable[str]) -> dict[str, DocOrigin]:
        """Origin cluster and named wire of documents."""
        dc, oc = schema.doc_clusters, schema.origin_clusters
        out = {}
        for chunk in _chunks(sorted(set(doc_ids))):
            rows = self.conn.execute(
                select(dc.c.doc_id, dc.c.origin_cluster, oc.c.source_id)
                .outerjoin(oc, oc.c.id == dc.c.origin_cluster)
                .where(dc.c.doc_id.in_(chunk))
            )
            for doc_id, cluster, source in rows:
                out[doc_id] = DocOrigin(cluster, source)
        return out

    # -- claims ------------------------------------------------------------------------------

    def add_claims(self, claims: Sequence[ClaimFeatures]) -> None:
        """Store features and bucket keys of new claims (not merged yet)."""
        if not claims:
            return
        rows = [
            {
                "doc_id": c.doc_id,
                "claim_id": c.claim_id,
                "block": c.block,
                "textual": c.textual,
                "source_id": c.basis.origin.source.id if c.basis.origin else None,
                "merged_id": None,
                "record": c.to_json(),
                "signature": c.signature.tobytes() if c.signature is not None else None,
            }
            for c in claims
        ]
        for chunk in _chunks(rows, 2000):
            self.conn.execute(schema.claim_features.insert(), list(chunk))
        buckets = [
            {"key": k, "doc_id": c.doc_id, "claim_id": c.claim_id}
            for c in claims
            for k in set(claim_bucket_keys(c))
        ]
        for chunk in _chunks(buckets, 5000):
            self.conn.execute(schema.claim_buckets.insert(), list(chunk))

    def claim_candidates(self, claim: ClaimFeatures, cap: int) -> set[str]:
        """Keys of claims sharing an evidence bucket with a textual claim (capped)."""
        b = schema.claim_buckets
        keyed = b.c.doc_id + literal("/") + b.c.claim_id
        return _capped(self.conn, b, keyed, list(set(claim_bucket_keys(claim))), claim.key, cap)

    def claims_in_blocks(self, blocks: Iterable[str]) -> list[ClaimFeatures]:
        """Every stored claim of these blocks."""
        t = schema.claim_features
        return self._claims_where(t.c.block, sorted(set(blocks)))

    def claims_merged_as(self, merged_ids: Iterable[str]) -> dict[str, list[ClaimFeatures]]:
        """The stored claims of these merged claims, by merged claim id."""
        t = schema.claim_features
        out: dict[str, list[ClaimFeatures]] = defaultdict(list)
        for chunk in _chunks(sorted(set(merged_ids))):
            rows = self.conn.execute(
                select(t.c.merged_id, t.c.record, t.c.signature)
                .where(t.c.merged_id.in_(chunk))
                .order_by(t.c.doc_id, t.c.claim_id)
            )
            for merged_id, record, signature in rows:
                out[merged_id].append(ClaimFeatures.from_json(record, signature))
        return dict(out)

    def claims_by_key(self, keys: Iterable[str]) -> list[ClaimFeatures]:
        """Stored claims by ``doc_id/claim_id`` key."""
        t = schema.claim_features
        by_doc: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            doc_id, claim_id = key.split("/", 1)
            by_doc[doc_id].append(claim_id)
        out = []
        for doc_id, ids in by_doc.items():
            rows = self.conn.execute(
                select(t.c.record, t.c.signature).where(t.c.doc_id == doc_id, t.c.claim_id.in_(ids))
            )
            out += [ClaimFeatures.from_json(r, s) for r, s in rows]
        return out

    def claims_of_documents(self, doc_ids: Iterable[str]) -> list[ClaimFeatures]:
        """Every stored claim of these documents."""
        t = schema.claim_features
        return self._claims_where(t.c.doc_id, sorted(set(doc_ids)))

    def claims_from_source(self, source_id: str) -> list[ClaimFeatures]:
        """Claims whose originating source is ``source_id``."""
        t = schema.claim_features
        return self._claims_where(t.c.source_id, [source_id])

    def merged_ids_of(self, keys: Iterable[str]) -> dict[str, str | None]:
        """Merged claim id of stored claims (by key)."""
        t = schema.claim_features
        out: dict[str, str | None] = {}
        by_doc: dict[str, list[str]] = defaultdict(list)
        for key in keys:
            doc_id, claim_id = key.split("/", 1)
            by_doc[doc_id].append(claim_id)
        for doc_id, ids in by_doc.items():
            rows = self.conn.execute(
                select(t.c.claim_id, t.c.merged_id).where(
                    t.c.doc_id == doc_id, t.c.claim_id.in_(ids)
                )
            )
            out.update({f"{doc_id}/{cid}": mid for cid, mid in rows})
        return out

    def _claims_where(self, column: Any, values: Sequence[str]) -> list[ClaimFeatures]:
        t = schema.claim_features
        out = []
        for chunk in _chunks(values):
            rows = self.conn.execute(
                select(t.c.record, t.c.signature)
                .where(column.in_(chunk))
                .order_by(t.c.doc_id, t.c.claim_id)
            )
            out += [ClaimFeatures.from_json(r, s) for r, s in rows]
        return out

    def replace_merged(
        self, old_ids: Iterable[str], merged: Sequence[MergedClaim], grades: Mapping[str, Grade]
    ) -> None:
        """Drop merged claims ``old_ids``, store ``merged`` and the reports' new grades."""
        m, cf, g = schema.merged_claims, schema.claim_features, schema.grades
        for chunk in _chunks(sorted(set(old_ids))):
            self.conn.execute(delete(m).where(m.c.id.in_(chunk)))
        rows = [_merged_row(r) for r in merged]
        for chunk in _chunks(rows, 2000):
            self.conn.execute(m.insert(), list(chunk))
        for record in merged:
            for support in record.claims:
                self.conn.execute(
                    update(cf)
                    .where(cf.c.doc_id == support.doc_id, cf.c.claim_id == support.claim_id)
                    .values(merged_id=record.id)
                )
        for key, grade in grades.items():
            doc_id, claim_id = key.split("/", 1)
            self.conn.execute(
                update(g)
                .where(and_(g.c.doc_id == doc_id, g.c.claim_id == claim_id))
                .values(
                    reliability=grade.reliability,
                    credibility=grade.credibility,
                    record=grade.model_dump(mode="json"),
                )
            )

    # -- overrides ---------------------------------------------------------------------------

    def overrides(self) -> dict[str, Override]:
        """The user's reliability overrides, by source id."""
        t = schema.source_overrides
        rows = self.conn.execute(select(t.c.source_id, t.c.reliability, t.c.reason))
        return {sid: Override(rel, reason) for sid, rel, reason in rows}

    def set_override(self, source_id: str, reliability: str | None, reason: str) -> None:
        """Set (or with ``reliability=None`` remove) the override of one source."""
        t = schema.source_overrides
        self.conn.execute(delete(t).where(t.c.source_id == source_id))
        if reliability is not None:
            self.conn.execute(
                t.insert().values(
                    source_id=source_id, reliability=reliability, reason=reason, at=now()
                )
            )


def _capped(
    conn: Connection, table: Any, member: Any, keys: list[int], me: str, cap: int
) -> set[str]:
    """Members sharing a key with ``me``: per key, the ``cap`` most recently added others."""
    if not keys:
        return set()
    found: set[str] = set()
    for chunk in _chunks(keys):
        ranked = (
            select(
                member.label("member"),
                func.row_number()
                .over(partition_by=table.c.key, order_by=table.c.id.desc())
                .label("rank"),
            )
            .where(table.c.key.in_(chunk), member != me)
            .subquery()
        )
        found.update(conn.execute(select(ranked.c.member).where(ranked.c.rank <= cap)).scalars())
    return found


def _not_hot(conn: Connection, table: Any, keys: list[int], hot: int) -> set[int]:
    """The keys that at most ``hot`` rows of ``table`` share."""
    out: set[int] = set()
    for chunk in _chunks(keys):
        rows = conn.execute(
            select(table.c.key, func.count()).where(table.c.key.in_(chunk)).group_by(table.c.key)
        )
        busy = {key for key, n in rows if n > hot}
        out.update(k for k in chunk if k not in busy)
    return out


def _merged_row(record: MergedClaim) -> dict[str, Any]:
    return {
        "id": record.id,
        "subject_id": record.subject.id if record.subject else None,
        "relation": record.relation,
        "object_id": record.object.id if record.object else None,
        "when": record.time.value if record.time else None,
        "independent_origins": record.independent_origins,
        "contradictions": len(record.contradictions),
        "documents": len(record.documents),
        "record": record.model_dump(mode="json"),
    }
