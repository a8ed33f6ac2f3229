"""Exact-span NER scoring against the gold sets in ``../shared/data`` (per type and micro)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from claimgraph.models import data as gold

Predictor = Callable[[str], list[tuple[int, int, str]]]
GOLD_SETS = ("re3d", "uner", "wikigold")
# What each gold set's guideline marks: re3d every referring expression (names, noun phrases,
# pronouns), UNER and wikigold names only.
GUIDELINE_MENTIONS = {"re3d": "all", "uner": "names", "wikigold": "names"}


@dataclass
class PRF:
    """Counts and precision/recall/F1 (percent)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return 100.0 * self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return 100.0 * self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f(self) -> float:
        return 2 * self.p * self.r / (self.p + self.r) if self.p + self.r else 0.0

    def as_dict(self) -> dict:
        return {
            "p": round(self.p, 1),
            "r": round(self.r, 1),
            "f": round(self.f, 1),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Score:
    """Micro and per-type scores over a label set."""

    name: str
    labels: tuple[str, ...]
    micro: PRF = field(default_factory=PRF)
    per_type: dict[str, PRF] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "labels": list(self.labels),
            "micro": self.micro.as_dict(),
            "per_type": {k: v.as_dict() for k, v in sorted(self.per_type.items())},
        }


def gold_docs(name: str, data: Path | None = None) -> list[gold.GoldDoc]:
    """The evaluation documents of a gold set (held-back parts only for sets we train on).

    re3d keeps every gold mention, nested and overlapping ones included, whatever its
    annotation confidence.
    """
    root = gold.shared_data_dir(data)
    if name == "re3d":
        return gold.split_re3d(gold.read_re3d(root))[1]
    if name == "wikigold":
        return gold.split_wikigold(gold.read_wikigold(root))[1]
    if name == "uner":
        return gold.read_uner(root, "test")
    raise gold.DataMissingError(f"unknown gold set {name!r}; choose from {', '.join(GOLD_SETS)}")


def label_sets(name: str) -> list[tuple[str, tuple[str, ...]]]:
    """The label sets a gold set is scored on."""
    if name == "re3d":
        return [("six main types", gold.RE3D_MAIN), ("all types", gold.COARSE_LABELS)]
    return [("PER/ORG/LOC", ("PER", "ORG", "LOC"))]


def score(
    docs: Iterable[gold.GoldDoc],
    predictions: Iterable[list[tuple[int, int, str]]],
    name: str,
    labels: tuple[str, ...],
) -> Score:
    """Exact (start, end, label) matches; whitespace around spans is not forgiven."""
    result = Score(name, labels, per_type={label: PRF() for label in labels})
    for doc, predicted in zip(docs, predictions, strict=True):
        want = {m for m in doc.mentions if m[2] in labels}
        got = {m for m in predicted if m[2] in labels}
        for label in labels:
            w = {m for m in want if m[2] == label}
            g = {m for m in got if m[2] == label}
            counts = result.per_type[label]
            counts.tp += len(w & g)
            counts.fp += len(g - w)
            counts.fn += len(w - g)
    for counts in result.per_type.values():
        result.micro.tp += counts.tp
        result.micro.fp += counts.fp
        result.micro.fn += counts.fn
    return result


def flat_gold(doc: gold.GoldDoc) -> gold.GoldDoc:
    """The document with overlapping gold mentions reduced to non-overlapping ones, longest
    first (as spaCy's ``filter_spans`` does), for comparison with flat-tagger scores."""
    chosen: list[gold.Gold] = []
    taken: set[int] = set()
    for m in sorted(doc.mentions, key=lambda m: (m[0] - m[1], m[0])):
        if taken.isdisjoint(range(m[0], m[1])):
            taken.update(range(m[0], m[1]))
            chosen.append(m)
    return gold.GoldDoc(doc.id, doc.text, sorted(chosen), source=doc.source)


def evaluate(name: str, predict: Predictor, data: Path | None = None) -> list[Score]:
    """Run a predictor over a gold set's documents and score it on each label set (re3d also
    on the six main types against flat gold)."""
    docs = gold_docs(name, data)
    predictions = [predict(doc.text) for doc in docs]
    scores = [score(docs, predictions, title, labels) for title, labels in label_sets(name)]
    if name == "re3d":
        flat = [flat_gold(doc) for doc in docs]
        scores.append(score(flat, predictions, "six main types, flat gold", gold.RE3D_MAIN))
    return scores
