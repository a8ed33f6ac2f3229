"""Source, cue and content span scores of attributions (``benchmarks/polnear.py``).

The measures follow the definitions of the BBC's citron evaluation (so its PARC 3.0 numbers are a
fair scale), computed here from scratch:

- **exact**, per role. A predicted cue is right when a gold cue has the same boundaries. A
  predicted source (content) is right when a gold attribution whose cue overlaps the predicted
  cue has the same source (content) boundaries; two missing sources agree (PolNeAR's
  ``Attribution-no-source``). Recall counts gold attributions found the same way. Boundaries are
  compared after trimming whitespace and punctuation (quote marks, commas, periods, dashes) at
  both ends; a gold role split into fragments is compared by its extent (first start, last end).
- **overlap**, per role, on word tokens (tokens with a letter or digit; claimgraph's tokenizer
  on the gold text): precision = shared tokens / predicted tokens, recall = shared tokens / gold
  tokens, over the set of tokens each side marks with that role in the document.
- **attribution exact**: cue, source and content all exact in one predicted attribution.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from claimgraph.eval.gold import PRF, Alignment, ratio
from claimgraph.model import Analysis, Attribution, Span
from claimgraph.nlp.tokens import tokenize

ROLES = ("cue", "source", "content")
TRIM = " \t\n\r\u00a0\"'`.,;:!?()[]-\u2013\u2014\u201c\u201d\u2018\u2019\u00ab\u00bb"

Range = tuple[int, int]


@dataclass
class SpanAttribution:
    """One attribution as character ranges (fragments) per role into one text."""

    cue: list[Range]
    source: list[Range] = field(default_factory=list)
    content: list[Range] = field(default_factory=list)

    def role(self, name: str) -> list[Range]:
        return list(getattr(self, name))


def trim(text: str, start: int, end: int) -> Range | None:
    """The range without surrounding whitespace and punctuation, None if nothing is left."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return (start, end) if start < end else None


def extent(text: str, fragments: list[Range]) -> Range | None:
    """Trimmed extent of a role's fragments, None when the role is empty."""
    if not fragments:
        return None
    return trim(text, min(s for s, _ in fragments), max(e for _, e in fragments))


def overlaps(a: Range | None, b: Range | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


class SpanScorer:
    """Accumulates exact and overlap scores over documents."""

    def __init__(self) -> None:
        self.exact = {role: PRF() for role in (*ROLES, "attribution")}
        self.shared = dict.fromkeys(ROLES, 0)
        self.predicted = dict.fromkeys(ROLES, 0)
        self.gold = dict.fromkeys(ROLES, 0)
        self.counts = {"documents": 0, "gold_attributions": 0, "predicted_attributions": 0}

    def add(self, text: str, gold: list[SpanAttribution], pred: list[SpanAttribution]) -> None:
        """Score one document's predicted attributions against its gold ones."""
        self.counts["documents"] += 1
        self.counts["gold_attributions"] += len(gold)
        self.counts["predicted_attributions"] += len(pred)
        g = [_extents(text, a) for a in gold]
        p = [_extents(text, a) for a in pred]
        for role in (*ROLES, "attribution"):
            prf = self.exact[role]
            prf.tp += sum(any(_agree(x, y, role) for y in g) for x in p)
            prf.fp += sum(not any(_agree(x, y, role) for y in g) for x in p)
            prf.fn += sum(not any(_agree(x, y, role) for x in p) for y in g)
        words = [t for t in tokenize(text) if any(ch.isalnum() for ch in t.text)]
        for role in ROLES:
            gold_tokens = _tokens(words, [r for a in gold for r in a.role(role)])
            pred_tokens = _tokens(words, [r for a in pred for r in a.role(role)])
            self.shared[role] += len(gold_tokens & pred_tokens)
            self.gold[role] += len(gold_tokens)
            self.predicted[role] += len(pred_tokens)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.counts)
        for role in ROLES:
            p = ratio(self.shared[role], self.predicted[role]) or 0.0
            r = ratio(self.shared[role], self.gold[role]) or 0.0
            out[role] = {
                "exact": self.exact[role].as_dict(),
                "overlap": {
                    "precision": p,
                    "recall": r,
                    "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                },
            }
        out["attribution_exact"] = self.exact["attribution"].as_dict()
        return out


def _extents(text: str, a: SpanAttribution) -> dict[str, Range | None]:
    return {role: extent(text, a.role(role)) for role in ROLES}


def _agree(pred: dict[str, Range | None], gold: dict[str, Range | None], role: str) -> bool:
    if role == "cue":
        return pred["cue"] is not None and pred["cue"] == gold["cue"]
    if role == "attribution":
        return pred["cue"] == gold["cue"] and all(pred[r] == gold[r] for r in ROLES[1:])
    return overlaps(pred["cue"], gold["cue"]) and pred[role] == gold[role]


def _tokens(words: list[Any], ranges: list[Range]) -> set[int]:
    """Indices of the word tokens that lie inside any of the ranges."""
    return {
        i for i, tok in enumerate(words) if any(s <= tok.start and tok.end <= e for s, e in ranges)
    }


# ---------------------------------------------------------------- our attributions


def source_span(attribution: Attribution, analysis: Analysis) -> tuple[Span | None, str]:
    """Our source span and where it came from.

    ``source_span`` when the pipeline set it; else the mention of the source entity inside the
    attribution's evidence nearest to the cue; else the nearest occurrence of the source's name
    or descriptor in the evidence (case-insensitive); else None.
    """
    if attribution.source_span is not None:
        return attribution.source_span, "source_span"
    ev, cue = attribution.evidence, attribution.cue
    mentions = [
        m.span
        for e in analysis.entities
        if e.id == attribution.source.id
        for m in e.mentions
        if ev.start <= m.span.start and m.span.end <= ev.end
    ]
    if mentions:
        return min(mentions, key=lambda s: _distance(s, cue)), "entity_mention"
    text = analysis.document.text
    found: list[Span] = []
    for name in filter(None, (attribution.source.name, attribution.descriptor)):
        lowered, needle = text[ev.start : ev.end].lower(), name.lower()
        at = lowered.find(needle)
        while at >= 0:
            start = ev.start + at
            found.append(
                Span(start=start, end=start + len(name), text=text[start : start + len(name)])
            )
            at = lowered.find(needle, at + 1)
    if found:
        return min(found, key=lambda s: _distance(s, cue)), "name_in_sentence"
    return None, "none"


def _distance(span: Span, cue: Span) -> int:
    return max(cue.start - span.end, span.start - cue.end, 0)


def predicted(
    analysis: Analysis, alignment: Alignment, discard: Sequence[Range] = ()
) -> tuple[list[SpanAttribution], dict[str, int]]:
    """Our attributions as ranges into the original text, and the source-span paths used.

    Attributions whose cue falls in a ``discard`` range (text the annotators marked as not part
    of the article) are left out; so are those whose cue cannot be mapped back.
    """
    out: list[SpanAttribution] = []
    paths: dict[str, int] = {}
    for a in analysis.attributions:
        cue = alignment.span_to_original(a.cue.start, a.cue.end)
        if cue is None or any(overlaps(cue, d) for d in discard):
            continue
        span, path = source_span(a, analysis)
        paths[path] = paths.get(path, 0) + 1
        out.append(
            SpanAttribution(
                cue=[cue],
                source=_mapped(alignment, span),
                content=_mapped(alignment, a.content),
            )
        )
    return out, paths


def _mapped(alignment: Alignment, span: Span | None) -> list[Range]:
    if span is None:
        return []
    found = alignment.span_to_original(span.start, span.end)
    return [found] if found else []


def gold_attributions(record: dict[str, Any]) -> list[SpanAttribution]:
    """A PolNeAR record's primary-layer attributions."""
    out = []
    for a in record.get("attributions") or []:
        out.append(
            SpanAttribution(
                cue=[(f["start"], f["end"]) for f in a.get("cue") or []],
                source=[(f["start"], f["end"]) for f in a.get("source") or []],
                content=[(f["start"], f["end"]) for f in a.get("content") or []],
            )
        )
    return out
