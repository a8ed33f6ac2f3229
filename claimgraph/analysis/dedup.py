"""Duplicates, syndication and same-event reports: documents into origin and event clusters.

Candidates share an LSH bucket (MinHash bands, the exact text, the lede, the set of numbers);
each candidate pair is then compared:

- *origin* links (one original text): exact copies, near-duplicates, truncated re-sends, wire
  copies with or without the agency's credit, translations (other language, same facts);
- *event* links (the same event told in other words): similar content words and entities,
  dates close, no conflicting places or dates.

Texts that share boilerplate but report other facts (templated reports: other numbers, dates,
places or names) are never linked as copies, and not as one event when their places or dates
differ. Origin clusters are the connected components of origin links; event clusters those of
both kinds. Cluster ids derive from the smallest member id, so the result does not depend on
the order documents arrive in.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Literal

import numpy as np

from claimgraph.analysis.fingerprint import (
    EVENT_BANDS,
    ORIGIN_BANDS,
    DocFeatures,
    band_matrix,
    config,
    extra_keys,
    jaccard,
)
from claimgraph.model import EntityRef, OriginCluster

Level = Literal["origin", "event"]
SHORT_FACTS = 4  # a report giving more specific facts than this is a long one
AGENCY_NAMES = {
    "media:reuters": "Reuters",
    "media:ap": "Associated Press",
    "media:afp": "AFP",
}


@dataclass(frozen=True, slots=True)
class Link:
    """Two documents found to carry one text (origin) or report one event."""

    a: str
    b: str
    level: Level
    kind: str
    score: float


def _t(name: str) -> float:
    return _thresholds()[name]


@cache
def _thresholds() -> dict[str, float]:
    return {k: float(v) for k, v in config()["thresholds"].items()}


def compare(a: DocFeatures, b: DocFeatures) -> Link | None:
    """The link between two documents, or None."""
    lo, hi = sorted((a.doc_id, b.doc_id))
    if a.language and b.language and a.language != b.language:
        return _translation(a, b, lo, hi)
    if a.exact == b.exact:
        kind = "exact" if a.wire == b.wire else "wire_copy"
        return Link(lo, hi, "origin", kind, 1.0)
    similarity = jaccard(a.shingles, b.shingles)
    small, large = sorted((a.n_shingles, b.n_shingles))
    contained = similarity * (small + large) / ((1 + similarity) * max(small, 1))
    copy = similarity >= _t("near_duplicate") or (contained >= _t("containment") and small >= 8)
    if copy and not origin_conflict(a, b):
        if small / max(large, 1) < _t("truncated_ratio") and contained >= _t("containment"):
            kind = "truncated"
        else:
            kind = "near_duplicate" if a.wire == b.wire else "wire_copy"
        return Link(lo, hi, "origin", kind, round(min(1.0, max(similarity, contained)), 3))
    return _same_event(a, b, lo, hi)


def _translation(a: DocFeatures, b: DocFeatures, lo: str, hi: str) -> Link | None:
    """Other languages: a translation when the figures (and other facts) agree.

    Figures are written alike in every language; names are not (the gazetteers are mostly
    English), so the figures alone suffice when three or more agree."""
    numbers = [a.facts.get("num", frozenset()), b.facts.get("num", frozenset())]
    shared_numbers = numbers[0] & numbers[1]
    if not shared_numbers or event_conflict(a, b):
        return None
    mine, theirs = _all_facts(a), _all_facts(b)
    shared = mine & theirs
    need = _t("translation_min_shared")
    by_facts = len(shared) / len(mine | theirs)
    by_numbers = len(shared_numbers) / len(numbers[0] | numbers[1])
    score = max(by_facts, by_numbers)
    if (by_facts >= _t("translation_facts") and len(shared) >= need) or (
        by_numbers >= _t("translation_numbers") and len(shared_numbers) >= need
    ):
        return Link(lo, hi, "origin", "translation", round(score, 3))
    return None


def _all_facts(f: DocFeatures) -> set[str]:
    """Every fact of a document but its dateline place (where the reporter was)."""
    return {f"{k}:{v}" for k, values in f.facts.items() for v in values if not v.startswith("dl:")}


def _same_event(a: DocFeatures, b: DocFeatures, lo: str, hi: str) -> Link | None:
    if event_conflict(a, b):
        return None
    similarity = jaccard(a.content, b.content)
    if similarity >= _t("event_content"):
        return Link(lo, hi, "event", "same_event", round(similarity, 3))
    days = days_apart(a.published, b.published)
    actors = (a.facts.get("actor", frozenset()) | a.facts.get("place", frozenset())) & (
        b.facts.get("actor", frozenset()) | b.facts.get("place", frozenset())
    )
    if (
        similarity >= _t("event_content_weak")
        and days is not None
        and days <= _t("event_days")
        and len(actors) >= _t("event_shared_actors")
    ):
        return Link(lo, hi, "event", "same_event", round(similarity, 3))
    return None


def origin_conflict(a: DocFeatures, b: DocFeatures) -> bool:
    """Facts that make two similar texts reports of different events (templated reports)."""
    for kind in ("num", "date", "place"):
        mine, theirs = a.facts.get(kind, frozenset()), b.facts.get(kind, frozenset())
        if mine - theirs and theirs - mine:
            return True
    for kind in ("actor", "state"):
        mine, theirs = a.facts.get(kind, frozenset()), b.facts.get(kind, frozenset())
        if mine - theirs and theirs - mine and len(mine & theirs) / len(mine | theirs) < 0.5:
            return True
    days = days_apart(a.published, b.published)
    return days is not None and days > _t("conflict_days")


def event_conflict(a: DocFeatures, b: DocFeatures) -> bool:
    """Places, dates or figures that make two reports about different events.

    Short reports must agree on each kind of fact both give (place, day, figure); long ones,
    whose incidental facts differ, must share at least one of them.
    """
    days = days_apart(a.published, b.published)
    if days is not None and days > _t("conflict_days"):
        return True
    mine, theirs = _specifics(a), _specifics(b)
    if max(sum(map(len, mine.values())), sum(map(len, theirs.values()))) > SHORT_FACTS:
        every_mine = set().union(*mine.values())
        every_theirs = set().union(*theirs.values())
        return bool(every_mine and every_theirs and not every_mine & every_theirs)
    return any(mine[k] and theirs[k] and not mine[k] & theirs[k] for k in ("place", "date"))


def _specifics(f: DocFeatures) -> dict[str, set[str]]:
    """Places (not the dateline), days and figures a report gives."""
    return {
        "place": {p for p in f.facts.get("place", frozenset()) if not p.startswith("dl:")},
        "date": {d for d in f.facts.get("date", frozenset()) if not d.isdigit()},
        "num": set(f.facts.get("num", frozenset())),
    }


def days_apart(first: str | None, second: str | None) -> int | None:
    """Days between two ISO dates (day precision only), None when unknown."""
    one, two = _ordinal(first), _ordinal(second)
    return None if one is None or two is None else abs(one - two)


@cache
def _ordinal(day: str | None) -> int | None:
    if not day or len(day) < 10:
        return None
    try:
        return date.fromisoformat(day[:10]).toordinal()
    except ValueError:
        return None


# -- candidates ------------------------------------------------------------------------------


def candidate_pairs(
    keys: np.ndarray, cap: int, hot: int | None = None, hot_columns: int = 0
) -> np.ndarray:
    """Index pairs (i < j) sharing a bucket key. ``keys`` is (documents, keys).

    Each document meets at most ``cap`` earlier members of a bucket. A bucket of the first
    ``hot_columns`` columns (the signature bands) with more than ``hot`` members is skipped
    altogether: a band that thousands of texts share says only that they share boilerplate.
    """
    n, width = keys.shape
    flat = keys.reshape(-1)
    owner = np.repeat(np.arange(n, dtype=np.int64), width)
    if hot is not None and hot_columns and len(flat):
        _, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
        column = np.tile(np.arange(width), n)
        keep = (counts[inverse] <= hot) | (column >= hot_columns)
        flat, owner = flat[keep], owner[keep]
    order = np.lexsort((owner, flat))
    flat, owner = flat[order], owner[order]
    pairs = []
    for back in range(1, cap + 1):
        same = flat[back:] == flat[:-back] if back < len(flat) else np.zeros(0, dtype=bool)
        if not same.any():
            break
        first, second = owner[:-back][same], owner[back:][same]
        keep_pair = first != second
        pairs.append(np.stack([first[keep_pair], second[keep_pair]], axis=1))
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    found = np.concatenate(pairs)
    found.sort(axis=1)
    return np.unique(found, axis=0)


class UnionFind:
    """Disjoint sets over hashable items, with path halving."""

    def __init__(self, items: Iterable[str] = ()) -> None:
        self.parent: dict[str, str] = {i: i for i in items}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        while parent != item:
            grand = self.parent[parent]
            self.parent[item] = grand
            item, parent = parent, grand
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = defaultdict(list)
        for item in self.parent:
            out[self.find(item)].append(item)
        return out


@dataclass
class DocClusters:
    """Origin and event cluster of every document, the links found and the cluster records."""

    origin: dict[str, str] = field(default_factory=dict)
    event: dict[str, str] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    clusters: dict[str, OriginCluster] = field(default_factory=dict)


def cluster_documents(features: Sequence[DocFeatures], cap: int | None = None) -> DocClusters:
    """Cluster a batch of documents (all in memory)."""
    cap = cap or int(config()["thresholds"]["bucket_cap"])
    hot = int(_t("hot_bucket"))
    bands = ORIGIN_BANDS[0] + EVENT_BANDS[0]
    pairs = promising(features, candidate_pairs(_key_matrix(features), cap, hot, bands))
    links = []
    for i, j in pairs:
        link = compare(features[i], features[j])
        if link is not None:
            links.append(link)
    return assemble(features, links)


def promising(features: Sequence[DocFeatures], pairs: np.ndarray) -> np.ndarray:
    """The candidate pairs worth comparing: similar enough by signature, or in other
    languages (translations share facts, not words). Vectorised, in chunks."""
    if not len(pairs):
        return pairs
    shingles = np.stack([f.shingles for f in features])
    content = np.stack([f.content for f in features])
    sizes = np.array([max(f.n_shingles, 1) for f in features], dtype=np.float64)
    languages = np.array([hash(f.language) for f in features])
    exact = np.array([hash(f.exact) for f in features])
    keep = []
    low_copy = _t("near_duplicate") - 0.15
    low_contained = _t("containment") - 0.15
    low_event = _t("event_content_weak") - 0.03
    for start in range(0, len(pairs), 200_000):
        chunk = pairs[start : start + 200_000]
        a, b = chunk[:, 0], chunk[:, 1]
        js = (shingles[a] == shingles[b]).mean(axis=1)
        jc = (content[a] == content[b]).mean(axis=1)
        small = np.minimum(sizes[a], sizes[b])
        contained = js * (sizes[a] + sizes[b]) / ((1 + js) * small)
        ok = (
            (js >= low_copy)
            | (contained >= low_contained)
            | (jc >= low_event)
            | (languages[a] != languages[b])
            | (exact[a] == exact[b])
        )
        keep.append(chunk[ok])
    return np.concatenate(keep)


def _key_matrix(features: Sequence[DocFeatures]) -> np.ndarray:
    """Bucket keys of every document, one row each (as :func:`bucket_keys` gives them),
    padded with keys no other row has."""
    if not features:
        return np.zeros((0, 1), dtype=np.int64)
    bands = [
        band_matrix(np.stack([f.shingles for f in features]), ORIGIN_BANDS, b"o"),
        band_matrix(np.stack([f.content for f in features]), EVENT_BANDS, b"e"),
    ]
    extra = [extra_keys(f) for f in features]
    width = max(len(e) for e in extra)
    floor = int(np.iinfo(np.int64).min)
    padded = np.array(
        [e + [floor + i * width + c for c in range(len(e), width)] for i, e in enumerate(extra)],
        dtype=np.int64,
    )
    return np.concatenate([*bands, padded], axis=1)


def assemble(features: Sequence[DocFeatures], links: Sequence[Link]) -> DocClusters:
    """Clusters from documents and the links among them."""
    ids = [f.doc_id for f in features]
    origin, event = UnionFind(ids), UnionFind(ids)
    for link in links:
        event.union(link.a, link.b)
        if link.level == "origin":
            origin.union(link.a, link.b)
    result = DocClusters(links=list(links))
    event_of = {}
    for root, members in event.groups().items():
        for m in members:
            event_of[m] = cluster_name("ev", root)
    by_id = {f.doc_id: f for f in features}
    kinds: dict[str, set[str]] = defaultdict(set)
    for link in links:
        if link.level == "origin":
            kinds[origin.find(link.a)].add(link.kind)
    for root, members in origin.groups().items():
        cid = cluster_name("oc", root)
        for m in members:
            result.origin[m] = cid
            result.event[m] = event_of[m]
        result.clusters[cid] = origin_cluster(
            cid, [by_id[m] for m in members], kinds.get(root, set()), event_of[root]
        )
    return result


def cluster_name(prefix: str, doc_id: str) -> str:
    """A cluster id from its smallest member's id: 12 hex digits of a sha256 id, else the
    whole id (up to 36 characters)."""
    short = doc_id[:12] if re.fullmatch(r"[0-9a-f]{64}", doc_id) else doc_id[:36]
    return f"{prefix}-{short}"


def origin_cluster(
    cid: str, members: Sequence[DocFeatures], kinds: set[str], event_cluster: str | None
) -> OriginCluster:
    """The record of one origin cluster: earliest document and the source the texts name."""
    ordered = sorted(members, key=lambda f: (f.published or "9999", f.doc_id))
    earliest = ordered[0]
    wires = Counter(f.wire for f in ordered if f.wire)
    wire = next((f.wire for f in ordered if f.wire), None)
    if wires and wire is None:
        wire = wires.most_common(1)[0][0]
    languages = sorted({f.language for f in members if f.language})
    return OriginCluster(
        id=cid,
        documents=[f.doc_id for f in ordered],
        earliest=earliest.doc_id,
        earliest_published=earliest.published,
        source=EntityRef(id=wire, name=agency_name(wire)) if wire else None,
        links=sorted(kinds),
        languages=languages,
        translated="translation" in kinds,
        event_cluster=event_cluster,
    )


def agency_name(agency: str) -> str:
    """A readable name for an agency id."""
    if agency in AGENCY_NAMES:
        return AGENCY_NAMES[agency]
    name = agency.split(":", 1)[-1].replace("-", " ")
    return name.upper() if len(name) <= 5 else name.title()
