"""Scoring of events against the PLOVER gold-standard records (``benchmarks/plover.py``).

Per record: the gold PLOVER 2021 types and actor countries, and our event claims (claims with a
``relation.plover`` type). The **predicted event** of a record is the first event claim in the
order the pipeline lists claims (event claims in text order, then REJECT claims from denials);
"any" accuracy also counts a record right when the gold type is among all our event types.
A predicted event is **false** when its type is not a gold type of the record. Type accuracy
counts records with at least one typed gold event; a record with no predicted event counts as
wrong for type and country, and as free of false events. Actor (recipient) country: the subject
(object) entity's ``country`` of the predicted event is one of the countries of the gold source
(target) actor codes (``USAGOV+RUSGOV`` -> US, RU; ``IGO...`` has none and is not scored).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from claimgraph.eval.gold import cameo_countries, entity_country, ratio, same_country
from claimgraph.model import Analysis, Claim
from claimgraph.resources import load_yaml


@cache
def _plover() -> dict[str, Any]:
    return dict(load_yaml("eval/plover.yaml"))


def normalise_type(name: str | None) -> str | None:
    """A PLOVER type in its 2021 name (``FIGHT`` -> ``ASSAULT``), None if empty."""
    if not name:
        return None
    upper = name.strip().upper()
    return str(_plover()["older"].get(upper, upper))


def gold_types(record: dict[str, Any]) -> set[str]:
    """PLOVER 2021 types of a gold record's events."""
    types = set()
    for event in record.get("events") or []:
        value = normalise_type(event.get("event_type_plover2021") or event.get("event_type"))
        if value:
            types.add(value)
    return types


def event_claims(analysis: Analysis) -> list[Claim]:
    """Our claims that carry a PLOVER type, in pipeline order."""
    return [c for c in analysis.claims if c.relation.plover]


@dataclass
class EventRow:
    """One gold record scored against our analysis."""

    id: str
    text: str
    gold: set[str]
    predicted: list[str]
    gold_actor: set[str]
    gold_recipient: set[str]
    actor: str | None = None
    recipient: str | None = None
    error: str | None = None

    @property
    def first(self) -> str | None:
        return self.predicted[0] if self.predicted else None

    @property
    def type_ok(self) -> bool:
        return self.first in self.gold

    @property
    def any_ok(self) -> bool:
        return bool(self.gold & set(self.predicted))

    @property
    def no_false(self) -> bool:
        return all(t in self.gold for t in self.predicted)

    @property
    def actor_ok(self) -> bool:
        return any(same_country(self.actor, g) for g in self.gold_actor)

    @property
    def recipient_ok(self) -> bool:
        return any(same_country(self.recipient, g) for g in self.gold_recipient)


def score_record(record: dict[str, Any], analysis: Analysis | None, error: str = "") -> EventRow:
    """Score one gold record; ``analysis`` None means the pipeline refused the text."""
    events = record.get("events") or []
    row = EventRow(
        id=str(record.get("id")),
        text=str(record.get("text", "")),
        gold=gold_types(record),
        predicted=[],
        gold_actor=set().union(*(cameo_countries(e.get("source_actor")) for e in events)),
        gold_recipient=set().union(*(cameo_countries(e.get("target_actor")) for e in events)),
        error=error or None,
    )
    if analysis is None:
        return row
    claims = event_claims(analysis)
    row.predicted = [t for c in claims if (t := normalise_type(c.relation.plover))]
    if claims:
        row.actor = entity_country(analysis, claims[0].subject)
        row.recipient = entity_country(analysis, claims[0].object)
    return row


@dataclass
class EventSummary:
    """Totals over the records."""

    rows: list[EventRow] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        rows = self.rows
        with_actor = [r for r in rows if r.gold_actor]
        with_recipient = [r for r in rows if r.gold_recipient]
        predicted = [r for r in rows if r.predicted]
        typed = [r for r in rows if r.gold]
        return {
            "records": len(rows),
            "records_with_gold_type": len(typed),
            "pipeline_errors": sum(r.error is not None for r in rows),
            "with_event": ratio(len(predicted), len(rows)),
            "type_accuracy": ratio(sum(r.type_ok for r in typed), len(typed)),
            "type_accuracy_any": ratio(sum(r.any_ok for r in typed), len(typed)),
            "type_accuracy_when_predicted": ratio(
                sum(r.type_ok for r in predicted), len(predicted)
            ),
            "no_false_event": ratio(sum(r.no_false for r in rows), len(rows)),
            "no_false_event_when_predicted": ratio(
                sum(r.no_false for r in predicted), len(predicted)
            ),
            "actor_country": ratio(sum(r.actor_ok for r in with_actor), len(with_actor)),
            "actor_country_when_predicted": _when_predicted(with_actor, "actor_ok"),
            "actor_records": len(with_actor),
            "recipient_country": ratio(
                sum(r.recipient_ok for r in with_recipient), len(with_recipient)
            ),
            "recipient_country_when_predicted": _when_predicted(with_recipient, "recipient_ok"),
            "recipient_records": len(with_recipient),
            "per_type": self.per_type(),
            "confusion": self.confusion(),
        }

    def per_type(self) -> dict[str, dict[str, Any]]:
        """Per gold type: records, accuracy of the first event, and how often we say it."""
        out: dict[str, dict[str, Any]] = {}
        said = Counter(r.first for r in self.rows if r.first)
        for gold in sorted({t for r in self.rows for t in r.gold}):
            rows = [r for r in self.rows if gold in r.gold]
            out[gold] = {
                "n": len(rows),
                "accuracy": ratio(sum(r.type_ok for r in rows), len(rows)),
                "predicted": said.get(gold, 0),
            }
        return out

    def confusion(self) -> dict[str, int]:
        """'GOLD -> OURS' counts of wrong first events (OURS is 'none' when we had no event)."""
        counts: Counter[str] = Counter()
        for r in self.rows:
            if not r.type_ok:
                counts[f"{'/'.join(sorted(r.gold)) or '-'} -> {r.first or 'none'}"] += 1
        return dict(counts.most_common())


def _when_predicted(rows: list[EventRow], attribute: str) -> float | None:
    """Share of rows with a predicted event whose ``attribute`` holds."""
    predicted = [r for r in rows if r.predicted]
    return ratio(sum(bool(getattr(r, attribute)) for r in predicted), len(predicted))
