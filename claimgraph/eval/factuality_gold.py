"""Certainty against UDS-IH2 event factuality (``benchmarks/factuality.py``).

For each gold predicate we need our certainty at that token. Each sentence goes through
``analyze_text`` once (its original EWT text when the record has it). Two paths:

- **claim**: a claim of ours whose evidence contains the predicate and whose trigger
  (``relation.verb``, or its last word) is the predicate's form or lemma; the first such claim's
  certainty is used.
- **rules**: otherwise the certainty the cue rules give at that token:
  ``certainty_of(tokens, find_cues(tokens), i, attributed=...)`` on ``tokenize(sentence)``,
  ``attributed`` when the predicate lies inside the content of one of our attributions.

Certainty becomes a number by ``resources/eval/certainty_scores.yaml``. Scores: Pearson r with
the gold score, and macro-F1 of the sign (happened > 0 / not < 0) over predicates whose gold
score is not 0 (our numbers are never 0).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from claimgraph.eval.gold import (
    Alignment,
    analyze_safely,
    certainty_scores,
    macro_f1,
    pearson,
    ratio,
)
from claimgraph.model import Analysis
from claimgraph.nlp.certainty import certainty_of, find_cues
from claimgraph.nlp.tokens import tokenize


@dataclass
class Predicate:
    """One gold predicate: character range in the sentence, form, lemma, gold score."""

    start: int
    end: int
    form: str
    lemma: str
    score: float


@dataclass
class FactRow:
    """Our certainty for one gold predicate and the path that gave it."""

    sentence_id: str
    text: str
    predicate: Predicate
    certainty: str
    path: str

    @property
    def value(self) -> float:
        return certainty_scores()[self.certainty]


def sentence_of(record: dict[str, Any]) -> tuple[str, list[Predicate]]:
    """The sentence text and its predicates (EWT original text when linked)."""
    use_ewt = bool(record.get("ewt_text")) and all(
        p.get("ewt_start") is not None for p in record.get("predicates") or []
    )
    text = record["ewt_text"] if use_ewt else record["text"]
    key = "ewt_" if use_ewt else ""
    preds = [
        Predicate(
            start=int(p[f"{key}start"]),
            end=int(p[f"{key}end"]),
            form=str(p.get("form", "")),
            lemma=str(p.get("lemma", "")),
            score=float(p["score"]),
        )
        for p in record.get("predicates") or []
    ]
    return text, preds


def score_sentence(record: dict[str, Any]) -> list[FactRow]:
    """Our certainty for every gold predicate of one sentence record."""
    text, preds = sentence_of(record)
    analysis, _ = analyze_safely(text)
    alignment = Alignment(text, analysis.document.text) if analysis else None
    rows = []
    for pred in preds:
        certainty, path = certainty_at(text, pred, analysis, alignment)
        rows.append(FactRow(str(record.get("id")), text, pred, certainty, path))
    return rows


def certainty_at(
    text: str, pred: Predicate, analysis: Analysis | None, alignment: Alignment | None
) -> tuple[str, str]:
    """(certainty, path) for one predicate: ``claim``, ``rules`` or ``rules_pipeline_refused``."""
    where = alignment.span_to_clean(pred.start, pred.end) if alignment else None
    if analysis is not None and where is not None:
        claim = _claim_at(analysis, where, pred)
        if claim is not None:
            return claim, "claim"
    attributed = analysis is not None and where is not None and _in_content(analysis, where)
    path = "rules" if analysis is not None else "rules_pipeline_refused"
    return rule_certainty(text, pred.start, attributed=attributed), path


def _claim_at(analysis: Analysis, where: tuple[int, int], pred: Predicate) -> str | None:
    names = {pred.form.lower(), pred.lemma.lower()}
    for claim in analysis.claims:
        words = (claim.relation.verb or "").lower().split()
        ev = claim.evidence
        if (
            words
            and ev.start <= where[0] < ev.end
            and (" ".join(words) in names or words[-1] in names)
        ):
            return claim.certainty
    return None


def _in_content(analysis: Analysis, where: tuple[int, int]) -> bool:
    return any(
        a.content is not None and a.content.start <= where[0] < a.content.end
        for a in analysis.attributions
    )


def rule_certainty(text: str, start: int, *, attributed: bool = False) -> str:
    """The certainty the cue rules give to the token starting at (or covering) ``start``."""
    tokens = tokenize(text)
    target = next((i for i, t in enumerate(tokens) if t.start <= start < t.end), None)
    if target is None:
        return "reported" if attributed else "fact"
    certainty, _ = certainty_of(tokens, find_cues(tokens), target, attributed=attributed)
    return certainty


def summarise(rows: list[FactRow]) -> dict[str, Any]:
    """Pearson r, sign macro-F1, path counts and the gold mean per certainty."""
    gold = [r.predicate.score for r in rows]
    ours = [r.value for r in rows]
    signed = [r for r in rows if r.predicate.score != 0]
    by_certainty: dict[str, list[float]] = defaultdict(list)
    for r in rows:
        by_certainty[r.certainty].append(r.predicate.score)
    out: dict[str, Any] = {
        "predicates": len(rows),
        "pearson_r": _round(pearson(ours, gold)),
        "sign_macro_f1": round(
            macro_f1(
                [_sign(r.predicate.score) for r in signed],
                [_sign(r.value) for r in signed],
                labels=["happened", "not"],
            ),
            4,
        ),
        "sign_accuracy": ratio(
            sum(_sign(r.predicate.score) == _sign(r.value) for r in signed), len(signed)
        ),
        "sign_scored": len(signed),
        "gold_zero_left_out": len(rows) - len(signed),
        "paths": dict(Counter(r.path for r in rows)),
    }
    for path in ("claim", "rules", "rules_pipeline_refused"):
        part = [r for r in rows if r.path == path]
        out[f"pearson_r_{path}"] = _round(
            pearson([r.value for r in part], [r.predicate.score for r in part])
        )
    out["gold_mean_by_certainty"] = {
        c: {"n": len(v), "gold_mean": round(sum(v) / len(v), 3), "ours": certainty_scores()[c]}
        for c, v in sorted(by_certainty.items(), key=lambda kv: -len(kv[1]))
    }
    return out


def _sign(value: float) -> str:
    return "happened" if value > 0 else "not"


def _round(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None
