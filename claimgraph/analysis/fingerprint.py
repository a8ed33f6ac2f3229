"""Fingerprints of documents for the cross-document stage: MinHash signatures and facts.

Two MinHash signatures (datasketch) per document: one over word 3-shingles of the text with its
credits stripped (datelines, "(AP)" tags, sign-offs), for copies of the same text; one over its
content words and entity ids, for other reports of the same event. The *facts* of a text
(numbers, dates, places, named actors, states) tell templated reports about different events
apart: they share boilerplate, not facts. Everything is computed from stored records (document
text and the entities and claims the pipeline found), never by re-running the pipeline.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from datasketch import MinHash

from claimgraph.model import Analysis, Entity
from claimgraph.resources import load_yaml

NUM_PERM = 64
SIGNATURE_VERSION = "datasketch2-affine32-crc32-seed1-64"
ORIGIN_BANDS = (14, 4)  # datasketch's optimal (bands, rows) for Jaccard 0.5 with 64 permutations
EVENT_BANDS = (24, 2)  # high recall from Jaccard 0.25 (86% at 0.28); buckets are capped
SHINGLE = 3
LEDE_TOKENS = 12
ACTOR_KEYS = 4  # named actors per document used as (actor, day) bucket keys

FACT_KINDS = ("num", "date", "place", "actor", "state")
PLACE_TYPES = {"location"}
ACTOR_TYPES = {
    "person",
    "organization",
    "armed_group",
    "hacker_group",
    "military_unit",
    "think_tank",
    "international_org",
}
STATE_TYPES = {"state", "armed_force", "government_body"}

_WORD = re.compile(r"[^\W_]+(?:[.'’&-][^\W_]+)*\.?")
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][\w .,'/-]{1,60}?\s*)?\((?P<agency>[^)]{2,40})\)\s*[-\u2013\u2014:]+\s*"
    r"|^\s*(?P<bare>[A-Z]{2,10})\s*[-\u2013\u2014]+\s+"
    r"|^\s*(?P<place>[A-Z][A-Z .'/]{2,40}(?:,\s*[A-Z][\w .']{2,30})?)\s*[-\u2013\u2014]+\s+"
)
_TAG = re.compile(r"\((?P<agency>[A-Za-z][A-Za-z .-]{1,30})\)")
_SIGNOFF = re.compile(r"(?:[-\u2013\u2014]\s*|\n\s*)(?P<agency>[A-Za-z][A-Za-z .-]{1,30}?)\s*$")
_ELLIPSIS = re.compile(r"(?:\.\.\.|…)\s*$")
_NUMBER = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?")
_MONTH_DAY = re.compile(
    r"\b(january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+(\d{1,2})\b|\b(\d{1,2})\s+(january|february|march|april|may|june|july|august|september"
    r"|october|november|december)\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


@cache
def config() -> dict[str, Any]:
    """The cross-document settings in ``resources/dedup.yaml``."""
    data: dict[str, Any] = load_yaml("dedup.yaml")
    return data


@cache
def _agency_names() -> dict[str, str]:
    """Lower-case agency name -> media id."""
    return {name: aid for aid, names in config()["agencies"].items() for name in names}


@cache
def _stop_words() -> frozenset[str]:
    words = set(load_yaml("lexicons/stopwords.yaml")["en"]) | set(config()["generic_words"])
    return frozenset(words)


def agency_id(name: str) -> str | None:
    """The media id of a wire agency named ``name`` ('Reuters', 'AP'), else None."""
    return _agency_names().get(" ".join(name.lower().split()))


@dataclass(slots=True)
class DocFeatures:
    """What the cross-document stage needs of one document."""

    doc_id: str
    language: str | None
    published: str | None
    wire: str | None
    exact: str
    lede: int | None
    n_shingles: int
    shingles: np.ndarray
    content: np.ndarray
    facts: dict[str, frozenset[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """A JSON-able form (signatures as lists of ints) for the store."""
        return {
            "doc_id": self.doc_id,
            "language": self.language,
            "published": self.published,
            "wire": self.wire,
            "exact": self.exact,
            "lede": self.lede,
            "n_shingles": self.n_shingles,
            "facts": {k: sorted(v) for k, v in self.facts.items() if v},
            "version": SIGNATURE_VERSION,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], shingles: bytes, content: bytes) -> DocFeatures:
        """Rebuild from :meth:`to_json` and the two signatures' bytes."""
        return cls(
            doc_id=data["doc_id"],
            language=data.get("language"),
            published=data.get("published"),
            wire=data.get("wire"),
            exact=data["exact"],
            lede=data.get("lede"),
            n_shingles=int(data["n_shingles"]),
            shingles=np.frombuffer(shingles, dtype=np.uint32),
            content=np.frombuffer(content, dtype=np.uint32),
            facts={k: frozenset(v) for k, v in data.get("facts", {}).items()},
        )


@dataclass(frozen=True, slots=True)
class TextParts:
    """A text with its credits taken off, and the wire agency those credits name."""

    body: str
    wire: str | None
    place: str | None


def strip_credits(text: str, title: str | None = None, outlet: str | None = None) -> TextParts:
    """Take off a leading dateline, '(AP)' tags and a trailing agency sign-off."""
    body = unicodedata.normalize("NFKC", text).strip()
    wire = None
    place = None
    match = _DATELINE.match(body)
    if match:
        named = match.group("agency") or match.group("bare")
        if named and agency_id(named):
            wire = agency_id(named)
        elif match.group("place"):
            place = match.group("place")
        if wire or place:
            body = body[match.end() :]
            prefix = match.group(0).split("(")[0].strip(" -\u2013\u2014,")
            place = place or (prefix if prefix and not agency_id(prefix) else None)
    body = _ELLIPSIS.sub("", body)
    sign = _SIGNOFF.search(body)
    if sign and agency_id(sign.group("agency")):
        wire = wire or agency_id(sign.group("agency"))
        body = body[: sign.start()]
    for tag in _TAG.finditer(f"{title or ''} {body[:300]}"):
        wire = wire or agency_id(tag.group("agency"))
    body = _TAG.sub(lambda m: "" if agency_id(m.group("agency")) else m.group(0), body)
    if wire is None and outlet:
        wire = _agency_in(outlet)
    return TextParts(body=body, wire=wire, place=place)


def _agency_in(outlet: str) -> str | None:
    low = f" {re.sub(r'[^a-z ]', ' ', outlet.lower())} "
    for name, aid in sorted(_agency_names().items(), key=lambda kv: -len(kv[0])):
        if len(name) > 2 and f" {name} " in low:
            return aid
    return None


def tokens(text: str) -> list[str]:
    """Lower-case word tokens; 'U.S.' and 'US' are one token."""
    return [w.replace(".", "").replace("’", "'").lower() for w in _WORD.findall(text)]


def shingles(words: Sequence[str], k: int = SHINGLE) -> list[bytes]:
    """Word k-shingles (the words themselves for a text shorter than k)."""
    if len(words) < k:
        return [w.encode() for w in words]
    return list({" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)})


def content_terms(words: Iterable[str], entity_ids: Iterable[str]) -> list[bytes]:
    """Content words (no function words, generic news words or numbers) and entity ids."""
    stop = _stop_words()
    terms = {w for w in words if len(w) > 2 and w not in stop and not w[0].isdigit()}
    terms.update(f"@{e}" for e in entity_ids)
    return [t.encode() for t in terms]


def signatures(sets: Sequence[Sequence[bytes]]) -> np.ndarray:
    """MinHash signatures (uint32, ``NUM_PERM`` columns) of many sets at once."""
    if not sets:
        return np.zeros((0, NUM_PERM), dtype=np.uint32)
    hashes = MinHash.bulk(
        [s or [b""] for s in sets],
        num_perm=NUM_PERM,
        seed=1,
        hashfunc=zlib.crc32,
        scheme="affine32",
    )
    return np.stack([m.hashvalues for m in hashes]).astype(np.uint32)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity estimated from two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


def band_keys(signature: np.ndarray, bands: tuple[int, int], salt: bytes) -> list[int]:
    """LSH bucket keys (signed 64-bit) of one signature: one per band of ``rows`` values."""
    return [int(k) for k in band_matrix(signature[None, :], bands, salt)[0]]


_MUL = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def band_matrix(signatures_: np.ndarray, bands: tuple[int, int], salt: bytes) -> np.ndarray:
    """LSH bucket keys of many signatures at once: (documents, bands), signed 64-bit."""
    n, rows = bands
    seed = np.uint64(zlib.crc32(salt))
    sig = signatures_.astype(np.uint64)
    out = np.empty((sig.shape[0], n), dtype=np.int64)
    with np.errstate(over="ignore"):
        for band in range(n):
            h = np.full(sig.shape[0], seed * _MUL + np.uint64(band + 1), dtype=np.uint64)
            for r in range(rows):
                h = _splitmix(h ^ sig[:, band * rows + r])
            out[:, band] = h.view(np.int64)
    return out


def _splitmix(x: np.ndarray) -> np.ndarray:
    x = x + _MUL
    x = (x ^ (x >> np.uint64(30))) * _MIX1
    x = (x ^ (x >> np.uint64(27))) * _MIX2
    return x ^ (x >> np.uint64(31))


def _key(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)


def bucket_keys(f: DocFeatures) -> list[int]:
    """Every bucket key of a document: candidates share at least one."""
    keys = band_keys(f.shingles, ORIGIN_BANDS, b"o")
    keys += band_keys(f.content, EVENT_BANDS, b"e")
    return keys + extra_keys(f)


def extra_keys(f: DocFeatures) -> list[int]:
    """Bucket keys besides the signature bands: exact text, lede, set of figures, and the
    named actors of the day (same-event reports told in other words)."""
    keys = [_key(b"x" + f.exact.encode())]
    if f.lede is not None:
        keys.append(f.lede)
    numbers = f.facts.get("num", frozenset())
    if len(numbers) >= 2:
        keys.append(_key(b"n" + " ".join(sorted(numbers)).encode()))
    if f.published and len(f.published) >= 10:  # named actors in the news that day
        for actor in sorted(f.facts.get("actor", frozenset()))[:ACTOR_KEYS]:
            keys.append(_key(f"a{actor}@{f.published[:10]}".encode()))
    return keys


def text_facts(text: str, place: str | None = None) -> dict[str, set[str]]:
    """Numbers and dates written in a text (digits, number words, weekdays, 'March 18')."""
    facts: dict[str, set[str]] = {k: set() for k in FACT_KINDS}
    words = config()["number_words"]
    for raw in _NUMBER.findall(text):
        value = raw.replace(",", "")
        if len(value) == 4 and value[:2] in ("19", "20"):
            facts["date"].add(value)
        else:
            facts["num"].add(value.rstrip("0").rstrip(".") if "." in value else value)
    for word in tokens(text):
        if word in words:
            facts["num"].add(str(words[word]))
    for m in _MONTH_DAY.finditer(text):
        month = (m.group(1) or m.group(4)).lower()
        facts["date"].add(f"{month}-{int(m.group(2) or m.group(3))}")
    facts["date"].update(w.lower() for w in _WEEKDAY.findall(text))
    if place:
        facts["place"].add("dl:" + " ".join(tokens(place.split(",")[0])))
    return facts


def entity_facts(entities: Iterable[Entity]) -> dict[str, set[str]]:
    """Places, named actors and states among a document's entities."""
    facts: dict[str, set[str]] = {"place": set(), "actor": set(), "state": set()}
    for e in entities:
        if e.type in PLACE_TYPES or e.id.startswith("place:"):
            facts["place"].add(e.id)
        elif e.type in ACTOR_TYPES:
            facts["actor"].add(e.id)
        elif e.type in STATE_TYPES:
            facts["state"].add(e.id)
    return facts


def build_features(
    *,
    doc_id: str,
    text: str,
    title: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    published: str | None = None,
    entities: Sequence[Entity] = (),
    times: Iterable[str] = (),
) -> tuple[DocFeatures, list[bytes], list[bytes]]:
    """Features without signatures, and the two sets to sign (see :func:`features_many`)."""
    parts = strip_credits(text, title, outlet)
    words = tokens(parts.body)
    facts = text_facts(parts.body, parts.place)
    for kind, values in entity_facts(entities).items():
        facts[kind] |= values
    facts["date"].update(t for t in times if t and not t.startswith("XXXX"))
    shingle_set = shingles(words)
    content = content_terms(words, (e.id for e in entities if e.type != "source"))
    lede = _key(b"l" + " ".join(words[:LEDE_TOKENS]).encode()) if len(words) >= 20 else None
    features = DocFeatures(
        doc_id=doc_id,
        language=language,
        published=(published or "")[:10] or None,
        wire=parts.wire,
        exact=hashlib.sha1(" ".join(words).encode()).hexdigest(),
        lede=lede,
        n_shingles=len(shingle_set),
        shingles=np.zeros(0, dtype=np.uint32),
        content=np.zeros(0, dtype=np.uint32),
        facts={k: frozenset(v) for k, v in facts.items() if v},
    )
    return features, shingle_set, content


def features_many(
    items: Sequence[tuple[DocFeatures, list[bytes], list[bytes]]],
) -> list[DocFeatures]:
    """Sign many documents at once (MinHash in bulk) and return their features."""
    shingle_sigs = signatures([s for _, s, _ in items])
    content_sigs = signatures([c for _, _, c in items])
    out = []
    for i, (features, _, _) in enumerate(items):
        features.shingles = shingle_sigs[i]
        features.content = content_sigs[i]
        out.append(features)
    return out


def features_in_chunks(
    records: Iterable[dict[str, Any]], chunk: int = 5000
) -> Iterator[DocFeatures]:
    """Features of many documents (keyword arguments of :func:`build_features`), signed in
    chunks so that the shingle sets of only one chunk are held at a time."""
    batch: list[tuple[DocFeatures, list[bytes], list[bytes]]] = []
    for record in records:
        batch.append(build_features(**record))
        if len(batch) >= chunk:
            yield from features_many(batch)
            batch = []
    if batch:
        yield from features_many(batch)


def features_from_analysis(analyses: Sequence[Analysis]) -> list[DocFeatures]:
    """Features of analysed documents (their text, entities and claim times)."""
    items = []
    for a in analyses:
        doc = a.document
        items.append(
            build_features(
                doc_id=doc.id,
                text=doc.text,
                title=doc.title,
                outlet=doc.outlet,
                language=doc.language,
                published=doc.published,
                entities=a.entities,
                times=[c.time.value for c in a.claims if c.time],
            )
        )
    return features_many(items)
