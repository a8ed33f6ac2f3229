"""PLOVER gold-standard records: event type, actor and recipient country, false events.

    .venv/bin/python benchmarks/plover.py [--set gsr|petr] [--limit N] [--json] [--errors N]

``gsr`` (default) is ``../shared/data/events/plover_gsr_dev_en.jsonl`` (165 records, one gold
event each); ``petr`` is the PETRARCH unit-test sentences (fictional actors, so only the type
numbers mean anything). Each record's ``text`` goes through ``analyze_text`` as one document
(``published`` = the record's date when it has one). Scoring rules: claimgraph/eval/events_gold.py.
"""

from __future__ import annotations

import argparse
import json
import sys

from claimgraph.eval.events_gold import EventRow, EventSummary, score_record
from claimgraph.eval.gold import (
    analyze_safely,
    format_report,
    read_jsonl,
    run_benchmark,
    shared_file,
)

SETS = {
    "gsr": ("data", "events", "plover_gsr_dev_en.jsonl"),
    "petr": ("data", "events", "petr_unittest_records_en.jsonl"),
}


def evaluate(records: list[dict]) -> EventSummary:
    """Analyse and score every record."""
    summary = EventSummary()
    for record in records:
        date = record.get("date")
        analysis, error = analyze_safely(record["text"], published=date[:10] if date else None)
        summary.rows.append(score_record(record, analysis, error))
    return summary


def error_examples(rows: list[EventRow], n: int) -> dict[str, list[str]]:
    """Up to n examples per error class."""
    classes = {
        "no event found": [r for r in rows if not r.predicted],
        "wrong type": [r for r in rows if r.predicted and not r.type_ok],
        "false extra event": [r for r in rows if r.type_ok and not r.no_false],
        "actor country wrong": [r for r in rows if r.gold_actor and r.first and not r.actor_ok],
        "recipient country wrong": [
            r for r in rows if r.gold_recipient and r.first and not r.recipient_ok
        ],
    }
    out = {}
    for name, found in classes.items():
        out[f"{name} ({len(found)})"] = [
            f"{r.id}: {r.text[:160]!r} gold={sorted(r.gold)} actor={sorted(r.gold_actor)} "
            f"recipient={sorted(r.gold_recipient)} | ours={r.predicted} actor={r.actor} "
            f"recipient={r.recipient}" + (f" error={r.error}" if r.error else "")
            for r in found[:n]
        ]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), default="gsr")
    parser.add_argument("--limit", type=int, help="score only the first N records")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", type=int, default=0, help="print N examples per error class")
    args = parser.parse_args(argv)
    records = list(read_jsonl(shared_file(*SETS[args.set]), args.limit))
    summary = evaluate(records)
    result = {"set": args.set, **summary.as_dict()}
    if args.errors:
        result["errors"] = error_examples(summary.rows, args.errors)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_report(f"PLOVER ({args.set})", result))


if __name__ == "__main__":
    sys.exit(run_benchmark(main))
