"""The same claim across documents: blocking, grouping and the merged claim's record.

A claim with both parties and an event relation is *structured*: claims with the same
(relation family, subject, object) are one claim when their times and places are compatible
(``2025`` and ``2025-09``; an undated claim joins the dated one when there is only one), and
paraphrases fall together because the relation is already normalised ("bought from" is a
supply seen from the other side). Statements ("X said ...") and claims missing a party are
*textual*: they are one claim when their evidence says the same (MinHash of its words).

Within a merged claim, denied or negated reports stand on the other side; so do reports giving
another figure (beyond a tolerance) or a contradictory transfer status. Each report counts as
the independent origin it comes from (STANAG 2511): the source its chain names, else the wire
agency its text names, else its origin cluster. Copies and quotes of one source are one origin.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from claimgraph.analysis.corroboration import TRANSFER_FAMILY, Support, support_in_document
from claimgraph.analysis.dedup import UnionFind, agency_name, candidate_pairs, cluster_name
from claimgraph.analysis.fingerprint import (
    band_matrix,
    config,
    content_terms,
    jaccard,
    signatures,
    tokens,
)
from claimgraph.analysis.grading import GradeBasis, Override, grade, grade_basis
from claimgraph.model import (
    Analysis,
    ClaimSupport,
    Contradiction,
    Entity,
    EntityRef,
    Grade,
    MergedClaim,
    TimeExpr,
    Transfer,
)

TEXTUAL_RELATIONS = {"say", "deny"}
EVIDENCE_BANDS = (16, 4)
PRECISION_RANK = {"day": 5, "month": 4, "year": 3, "decade": 2, "century": 1}
GRADE_ORDER = "ABCDEF"


@dataclass(slots=True, eq=False)
class ClaimFeatures:
    """What the merge needs of one claim (kept in the store, so no re-analysis)."""

    doc_id: str
    claim_id: str
    relation: str
    subject: EntityRef | None
    object: EntityRef | None
    block: str
    textual: bool
    time: TimeExpr | None
    location: EntityRef | None
    quantity: float | None
    certainty: str
    negated: bool
    status: str | None
    category: str | None
    source: EntityRef | None
    anonymous: bool
    wire: str | None
    published: str | None
    forecast: bool
    evidence: str
    basis: GradeBasis
    local: Support = field(default_factory=Support)
    signature: np.ndarray | None = None

    @property
    def key(self) -> str:
        """The claim's key in the store: document id / claim id."""
        return f"{self.doc_id}/{self.claim_id}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-able form (without the signature)."""
        return {
            "doc_id": self.doc_id,
            "claim_id": self.claim_id,
            "relation": self.relation,
            "subject": _ref_json(self.subject),
            "object": _ref_json(self.object),
            "block": self.block,
            "textual": self.textual,
            "time": self.time.model_dump(mode="json") if self.time else None,
            "location": _ref_json(self.location),
            "quantity": self.quantity,
            "certainty": self.certainty,
            "negated": self.negated,
            "status": self.status,
            "category": self.category,
            "source": _ref_json(self.source),
            "anonymous": self.anonymous,
            "wire": self.wire,
            "published": self.published,
            "forecast": self.forecast,
            "evidence": self.evidence,
            "basis": self.basis.to_json(),
            "local": {"origins": self.local.origins, "denials": self.local.denials},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], signature: bytes | None = None) -> ClaimFeatures:
        """Rebuild from :meth:`to_json` and the evidence signature's bytes."""
        local = data.get("local") or {}
        return cls(
            doc_id=data["doc_id"],
            claim_id=data["claim_id"],
            relation=data["relation"],
            subject=_ref(data.get("subject")),
            object=_ref(data.get("object")),
            block=data["block"],
            textual=bool(data["textual"]),
            time=TimeExpr.model_validate(data["time"]) if data.get("time") else None,
            location=_ref(data.get("location")),
            quantity=data.get("quantity"),
            certainty=data["certainty"],
            negated=bool(data.get("negated")),
            status=data.get("status"),
            category=data.get("category"),
            source=_ref(data.get("source")),
            anonymous=bool(data.get("anonymous")),
            wire=data.get("wire"),
            published=data.get("published"),
            forecast=bool(data.get("forecast")),
            evidence=data.get("evidence", ""),
            basis=GradeBasis.from_json(data["basis"]),
            local=Support(
                origins=dict(local.get("origins", {})),
                denials=[(str(n), bool(p)) for n, p in local.get("denials", [])],
            ),
            signature=np.frombuffer(signature, dtype=np.uint32) if signature else None,
        )


def _ref_json(ref: EntityRef | None) -> dict[str, str] | None:
    return ref.model_dump() if ref else None


def _ref(data: dict[str, str] | None) -> EntityRef | None:
    return EntityRef.model_validate(data) if data else None


def block_of(relation: str, subject: str | None, obj: str | None) -> tuple[str, bool]:
    """(block key, textual?) of a claim: purchases are supplies seen from the buyer's side."""
    family = "transfer" if relation in TRANSFER_FAMILY else relation
    if relation == "purchase":
        subject, obj = obj, subject
    textual = relation in TEXTUAL_RELATIONS or subject is None or obj is None
    return f"{family}|{subject or '?'}|{obj or '?'}", textual


def sign_evidence(claims: Sequence[ClaimFeatures]) -> None:
    """MinHash the evidence words of the textual claims (in bulk)."""
    textual = [c for c in claims if c.textual and c.signature is None]
    sigs = signatures([content_terms(tokens(c.evidence), ()) for c in textual])
    for claim, sig in zip(textual, sigs, strict=True):
        claim.signature = sig


def claim_bucket_keys(claim: ClaimFeatures) -> list[int]:
    """Bucket keys of a claim: its block, and for a textual one its evidence bands."""
    if not claim.textual or claim.signature is None:
        return [_key64(b"b" + claim.block.encode())]
    return [int(k) for k in claim_key_matrix([claim])[0]]


_NONE = int(np.iinfo(np.int64).min)


def claim_key_matrix(claims: Sequence[ClaimFeatures]) -> np.ndarray:
    """Evidence bucket keys of many textual claims: (claims, bands). A structured claim's row
    is padding that matches nothing (structured claims meet by block)."""
    width = EVIDENCE_BANDS[0]
    out = np.full((len(claims), width), _NONE, dtype=np.int64)
    textual = [i for i, c in enumerate(claims) if c.textual and c.signature is not None]
    if textual:
        sigs = np.stack([claims[i].signature for i in textual])  # type: ignore[misc]
        bands = band_matrix(sigs, EVIDENCE_BANDS, b"c").view(np.uint64)
        blocks = np.array([_key64(b"c" + claims[i].block.encode()) for i in textual])
        with np.errstate(over="ignore"):
            mixed = bands ^ blocks.view(np.uint64)[:, None]
            mixed = mixed * np.uint64(0x9E3779B97F4A7C15) + np.uint64(1)
        out[textual] = mixed.view(np.int64)
    for i, claim in enumerate(claims):
        if not (claim.textual and claim.signature is not None):
            out[i] = _NONE + 1 + i * width + np.arange(width)
    return out


def _key64(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


# -- compatibility ----------------------------------------------------------------------------


def _time_key(value: str) -> str:
    return value[:3] if value.endswith("0s") and len(value) == 5 else value


def times_compatible(a: TimeExpr | None, b: TimeExpr | None) -> bool:
    """Same time at different precision ('2025' and '2025-09'; 'XXXX-09' and '2025-09')."""
    if a is None or b is None:
        return True
    x, y = _time_key(a.value), _time_key(b.value)
    return all(p == q or "X" in (p, q) for p, q in zip(x, y, strict=False))


def _compatible(group: list[ClaimFeatures], claim: ClaimFeatures, timeless: bool = False) -> bool:
    head = group[0]
    if not timeless and not times_compatible(head.time, claim.time):
        return False
    if head.location and claim.location and head.location.id != claim.location.id:
        return False
    return not (head.category and claim.category and head.category != claim.category)


def group_structured(claims: Sequence[ClaimFeatures]) -> list[list[ClaimFeatures]]:
    """Claims of one structured block into claims about one event (deterministic).

    Dated reports form the groups, most precise first; an undated report, or a denial (whose
    date is usually the denial's), joins the one group it fits, else the undated group.
    """
    ordered = sorted(
        claims,
        key=lambda c: (
            _denied(c) or c.time is None,
            -(PRECISION_RANK.get(c.time.precision, 0) if c.time else -1),
            c.time.value if c.time else "",
            c.location.id if c.location else "~",
            c.doc_id,
            c.claim_id,
        ),
    )
    dated: list[list[ClaimFeatures]] = []
    undated: list[list[ClaimFeatures]] = []
    for claim in ordered:
        if claim.time is not None and not _denied(claim):
            _join(dated, claim)
            continue
        fits = [g for g in dated if _compatible(g, claim)]
        if not fits and _denied(claim):
            fits = [g for g in dated if _compatible(g, claim, timeless=True)]
        if len(fits) == 1:
            fits[0].append(claim)
        else:
            _join(undated, claim)
    return dated + undated


def _join(groups: list[list[ClaimFeatures]], claim: ClaimFeatures) -> None:
    home = next((g for g in groups if _compatible(g, claim)), None)
    if home is None:
        groups.append([claim])
    else:
        home.append(claim)


def same_statement(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Two textual claims saying the same thing."""
    if a.block != b.block or a.signature is None or b.signature is None:
        return False
    if not times_compatible(a.time, b.time):
        return False
    return jaccard(a.signature, b.signature) >= float(config()["thresholds"]["claim_evidence"])


def cluster_claims(claims: Sequence[ClaimFeatures], cap: int | None = None) -> list[list[int]]:
    """Groups (indices into ``claims``) of the same claim across documents."""
    cap = cap or int(config()["thresholds"]["bucket_cap"])
    sign_evidence(claims)
    blocks: dict[str, list[int]] = defaultdict(list)
    textual: list[int] = []
    for i, claim in enumerate(claims):
        if claim.textual:
            textual.append(i)
        else:
            blocks[claim.block].append(i)
    groups: list[list[int]] = []
    index_of = {id(c): i for i, c in enumerate(claims)}
    for members in blocks.values():
        for group in group_structured([claims[i] for i in members]):
            groups.append([index_of[id(c)] for c in group])
    groups.extend(_textual_groups(claims, textual, cap))
    return groups


def _textual_groups(
    claims: Sequence[ClaimFeatures], textual: list[int], cap: int
) -> list[list[int]]:
    if not textual:
        return []
    keys = claim_key_matrix([claims[i] for i in textual])
    found = UnionFind(str(i) for i in range(len(textual)))
    for a, b in candidate_pairs(keys, cap):
        if same_statement(claims[textual[a]], claims[textual[b]]):
            found.union(str(a), str(b))
    return [sorted(textual[int(m)] for m in members) for members in found.groups().values()]


# -- origins and contradictions ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocOrigin:
    """A document's origin cluster and the wire agency its cluster's texts name."""

    cluster: str
    wire: str | None = None


def origin_of(claim: ClaimFeatures, where: DocOrigin | None) -> tuple[str, EntityRef]:
    """(key, reference) of the independent origin a report counts as."""
    cluster = where.cluster if where else cluster_name("oc", claim.doc_id)
    wire = (where.wire if where else None) or claim.wire
    if claim.source is not None:
        if claim.anonymous:  # unnamed people: one origin per original text
            return f"{claim.source.id}@{cluster}", claim.source
        return claim.source.id, claim.source
    if wire:
        return wire, EntityRef(id=wire, name=agency_name(wire))
    return cluster, EntityRef(id=cluster, name=f"the text of origin cluster {cluster}")


def _denied(claim: ClaimFeatures) -> bool:
    return claim.certainty == "denied" or claim.negated


def _quantity_groups(claims: Sequence[ClaimFeatures]) -> list[list[ClaimFeatures]]:
    """Reports with figures, grouped by compatible value (within the tolerance)."""
    tolerance = float(config()["thresholds"]["quantity_tolerance"])
    groups: list[list[ClaimFeatures]] = []
    for claim in sorted(
        (c for c in claims if c.quantity is not None), key=lambda c: c.quantity or 0
    ):
        last = groups[-1][0].quantity if groups else None
        if (
            last is not None
            and claim.quantity is not None
            and claim.quantity <= last * (1 + tolerance)
        ):
            groups[-1].append(claim)
        else:
            groups.append([claim])
    return groups


@cache
def _status_conflicts() -> set[frozenset[str]]:
    return {frozenset(pair) for pair in config()["status_conflicts"]}


def contradictions(
    supporting: Sequence[ClaimFeatures],
    against: Sequence[ClaimFeatures],
    names: Mapping[str, str],
) -> tuple[list[Contradiction], float | None, set[str]]:
    """Contradictions within one merged claim, its figure, and the claim keys giving another
    figure or status than the merged claim's."""
    found: list[Contradiction] = []
    minority: set[str] = set()
    if supporting and against:
        kind = "denial" if any(c.certainty == "denied" for c in against) else "negation"
        who = sorted({names[c.key] for c in against})
        found.append(
            Contradiction(
                kind=kind,
                detail=f"{'denied' if kind == 'denial' else 'reported as not happening'} by "
                + ", ".join(who),
                supporting=[c.key for c in supporting],
                contradicting=[c.key for c in against],
            )
        )
    quantity = None
    groups = _quantity_groups(supporting)
    if groups:
        ranked = sorted(groups, key=lambda g: (-len({names[c.key] for c in g}), _first(g)))
        main = ranked[0]
        quantity = main[0].quantity
        if len(groups) > 1:
            others = [c for g in ranked[1:] for c in g]
            minority.update(c.key for c in others)
            found.append(
                Contradiction(
                    kind="quantity",
                    detail="different figures: " + " vs ".join(_figure(g, names) for g in ranked),
                    supporting=[c.key for c in main],
                    contradicting=[c.key for c in others],
                )
            )
    found.extend(_status_contradictions(supporting, names, minority))
    return found, quantity, minority


def _status_contradictions(
    supporting: Sequence[ClaimFeatures], names: Mapping[str, str], minority: set[str]
) -> list[Contradiction]:
    by_status: dict[str, list[ClaimFeatures]] = defaultdict(list)
    for claim in supporting:
        if claim.status:
            by_status[claim.status].append(claim)
    pairs = _status_conflicts()
    for first in sorted(by_status):
        for second in sorted(by_status):
            if first < second and frozenset((first, second)) in pairs:
                main, other = sorted(
                    (by_status[first], by_status[second]), key=lambda g: (-len(g), _first(g))
                )
                minority.update(c.key for c in other)
                return [
                    Contradiction(
                        kind="status",
                        detail=f"status {main[0].status} ({_who(main, names)}) vs "
                        f"{other[0].status} ({_who(other, names)})",
                        supporting=[c.key for c in main],
                        contradicting=[c.key for c in other],
                    )
                ]
    return []


def _first(group: Sequence[ClaimFeatures]) -> tuple[str, str]:
    return min((c.published or "9999", c.key) for c in group)


def _who(group: Sequence[ClaimFeatures], names: Mapping[str, str]) -> str:
    return ", ".join(sorted({names[c.key] for c in group}))


def _figure(group: Sequence[ClaimFeatures], names: Mapping[str, str]) -> str:
    value = group[0].quantity or 0
    return f"{value:g} ({_who(group, names)})"


# -- the merged claim -------------------------------------------------------------------------


@dataclass
class Merged:
    """A merged claim and the grades of its reports (by claim key)."""

    record: MergedClaim
    grades: dict[str, Grade]


def merged_id(members: Sequence[ClaimFeatures]) -> str:
    """A stable id: from the smallest member key."""
    first = min(c.key for c in members)
    return "mc-" + hashlib.sha1(first.encode()).hexdigest()[:12]


def build_merged(
    members: Sequence[ClaimFeatures],
    clusters: Mapping[str, DocOrigin],
    overrides: Mapping[str, Override] | None = None,
) -> Merged:
    """The merged claim of one group: sides, origins, contradictions and every report's grade."""
    mid = merged_id(members)
    origins = {c.key: origin_of(c, clusters.get(c.doc_id)) for c in members}
    names = {key: ref.name for key, (_, ref) in origins.items()}
    against = [c for c in members if _denied(c)]
    supporting = [c for c in members if not _denied(c)] or list(members)
    if len(supporting) == len(members):
        against = []
    denying = {c.key for c in against}
    found, quantity, minority = contradictions(supporting, against, names)
    side_origins = _side_origins(supporting, origins)
    grades = {}
    for claim in members:
        mine = against if claim.key in denying else supporting
        support = Support(
            # a denial repeated elsewhere does not make the event more credible
            origins={
                **_side_origins(mine if mine is supporting else [claim], origins),
                **_local(claim, origins),
            },
            denials=[] if mine is against else _denials(against, names, claim),
            conflicts=_conflicts(claim, found, minority),
            documents=len({c.doc_id for c in mine}),
        )
        grades[claim.key] = grade(claim.basis, support, overrides).model_copy(
            update={
                "merged_claim_id": mid,
                "origin_cluster": _cluster(clusters, claim),
                "contradictions": sum(len(x.contradicting) for x in found),
            }
        )
    head = _representative(supporting, grades)
    record = MergedClaim(
        id=mid,
        subject=head.subject,
        relation=head.relation,
        object=head.object,
        time=_most_precise(supporting),
        location=_location(supporting),
        quantity=quantity,
        summary=_summary(head),
        claims=[
            ClaimSupport(
                claim_id=c.claim_id,
                doc_id=c.doc_id,
                origin_cluster=_cluster(clusters, c),
                origin=origins[c.key][1],
                stance="contradicts" if c.key in denying else "supports",
                certainty=c.certainty,
                quantity=c.quantity,
                status=c.status,
                published=c.published,
            )
            for c in sorted(members, key=lambda c: (c.published or "9999", c.key))
        ],
        documents=sorted({c.doc_id for c in members}),
        origin_clusters=sorted({_cluster(clusters, c) for c in members}),
        independent_origins=max(1, len(side_origins)),
        origins=sorted(side_origins.values()),
        contradictions=found,
        grade=grades[head.key].model_copy(update={"claim_id": mid}),
        first_published=min((c.published for c in members if c.published), default=None),
        forecast=any(c.forecast for c in supporting),
    )
    return Merged(record=record, grades=grades)


def _cluster(clusters: Mapping[str, DocOrigin], claim: ClaimFeatures) -> str:
    where = clusters.get(claim.doc_id)
    return where.cluster if where else cluster_name("oc", claim.doc_id)


def _side_origins(
    side: Sequence[ClaimFeatures], origins: Mapping[str, tuple[str, EntityRef]]
) -> dict[str, str]:
    return {origins[c.key][0]: origins[c.key][1].name for c in side}


def _local(claim: ClaimFeatures, origins: Mapping[str, tuple[str, EntityRef]]) -> dict[str, str]:
    """In-document support other than the claim's own origin ('the navy confirmed')."""
    own = origins[claim.key][0]
    extra = {k: v for k, v in claim.local.origins.items() if k not in ("document", own)}
    if claim.source is not None and claim.source.id in extra:
        del extra[claim.source.id]
    return extra


def _denials(
    against: Sequence[ClaimFeatures], names: Mapping[str, str], claim: ClaimFeatures
) -> list[tuple[str, bool]]:
    parties = {claim.subject.id if claim.subject else "", claim.object.id if claim.object else ""}
    seen: dict[str, bool] = dict(claim.local.denials)
    for other in against:
        is_party = other.source is not None and other.source.id in parties
        seen[names[other.key]] = seen.get(names[other.key], False) or is_party
    return sorted(seen.items())


def _conflicts(
    claim: ClaimFeatures, found: Sequence[Contradiction], minority: set[str]
) -> list[str]:
    out = []
    for item in found:
        if item.kind in ("quantity", "status") and claim.key in set(item.supporting) | minority:
            out.append(item.detail)
    return out


def _representative(side: Sequence[ClaimFeatures], grades: Mapping[str, Grade]) -> ClaimFeatures:
    """The best-graded, then earliest, report."""
    return min(
        side,
        key=lambda c: (
            GRADE_ORDER.index(grades[c.key].reliability),
            grades[c.key].credibility,
            c.published or "9999",
            c.key,
        ),
    )


def _most_precise(side: Sequence[ClaimFeatures]) -> TimeExpr | None:
    dated = [c.time for c in side if c.time is not None]
    if not dated:
        return None
    return max(dated, key=lambda t: (PRECISION_RANK.get(t.precision, 0), "X" not in t.value))


def _location(side: Sequence[ClaimFeatures]) -> EntityRef | None:
    counts = Counter(c.location.id for c in side if c.location)
    if not counts:
        return None
    lid = counts.most_common(1)[0][0]
    return next(c.location for c in side if c.location and c.location.id == lid)


def _summary(claim: ClaimFeatures) -> str:
    parts = [claim.subject.name if claim.subject else "(someone)", claim.relation]
    if claim.object:
        parts.append(claim.object.name)
    return " ".join(parts)


# -- from analysed documents ------------------------------------------------------------------

STATE_LIKE = {"state", "armed_force", "government_body"}


def claim_features(analysis: Analysis, wire: str | None = None) -> list[ClaimFeatures]:
    """The merge features of every claim of one analysed document."""
    doc = analysis.document
    entities = {e.id: e for e in analysis.entities}
    doc_hops = {"outlet:document", *(e.id for e in analysis.entities if "author" in e.roles)}
    if wire:
        doc_hops.add(wire)
    local = support_in_document(analysis.claims, entities, doc_hops)
    transfers = {t.id: t for t in analysis.transfers}
    forecasts = {t.claim_id: t.forecast for t in analysis.timeline}
    out = []
    for claim in analysis.claims:
        chain = [h for h in claim.attribution if h.source.id not in doc_hops]
        transfer = next((transfers[t] for t in claim.transfer_ids if t in transfers), None)
        block, textual = block_of(
            claim.relation.name,
            _party(claim.subject, claim.relation.name, entities),
            _party(claim.object, claim.relation.name, entities),
        )
        subject, obj = claim.subject, claim.object
        if claim.relation.name == "purchase":
            subject, obj = obj, subject
        out.append(
            ClaimFeatures(
                doc_id=doc.id,
                claim_id=claim.id,
                relation="supply" if claim.relation.name == "purchase" else claim.relation.name,
                subject=subject,
                object=obj,
                block=block,
                textual=textual,
                time=claim.time.model_copy(update={"span": None}) if claim.time else None,
                location=claim.location,
                quantity=claim.quantity if claim.quantity is not None else _qty(transfer),
                certainty=claim.certainty,
                negated=claim.relation.negated,
                status=transfer.status if transfer else None,
                category=(transfer.category or transfer.item) if transfer else None,
                source=chain[0].source if chain else None,
                anonymous=bool(chain and chain[0].anonymous),
                wire=wire,
                published=doc.published,
                forecast=forecasts.get(claim.id, False),
                evidence=claim.evidence.text,
                basis=grade_basis(claim, doc, entities),
                local=local.get(claim.id, Support()),
            )
        )
    return out


def _party(ref: EntityRef | None, relation: str, entities: Mapping[str, Entity]) -> str | None:
    """A party's key: for transfers, the country a state body or force stands for."""
    if ref is None:
        return None
    entity = entities.get(ref.id)
    if relation in TRANSFER_FAMILY and entity and entity.type in STATE_LIKE and entity.country:
        return f"country:{entity.country}"
    return ref.id


def _qty(transfer: Transfer | None) -> float | None:
    return transfer.quantity if transfer else None
