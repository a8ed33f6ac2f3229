"""UDS-IH2 event factuality: Pearson r of our certainty with the gold score, sign macro-F1.

    .venv/bin/python benchmarks/factuality.py [--split dev|train] [--limit N] [--json] [--errors N]

Reports on the dev split of ``../shared/data/factuality/`` (train is for tuning the cue lexicon
and the number table by hand; nothing is trained). How our certainty is found for each gold
predicate (claim path, cue-rule path) and the number table: claimgraph/eval/factuality_gold.py
and claimgraph/resources/eval/certainty_scores.yaml.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from claimgraph.eval.factuality_gold import FactRow, score_sentence, summarise
from claimgraph.eval.gold import (
    format_report,
    read_jsonl,
    run_benchmark,
    shared_file,
)


def error_examples(rows: list[FactRow], n: int) -> dict[str, list[str]]:
    """Largest disagreements, grouped by what went wrong."""

    def show(r: FactRow) -> str:
        p = r.predicate
        marked = f"{r.text[: p.start]}[[{r.text[p.start : p.end]}]]{r.text[p.end :]}"
        return f"{marked[:220]!r} gold={p.score:+.2f} ours={r.certainty} ({r.path})"

    def worst(found: list[FactRow]) -> list[str]:
        found.sort(key=lambda r: -abs(r.value - r.predicate.score))
        return [show(r) for r in found[:n]]

    return {
        "we say happened, gold says not": worst(
            [r for r in rows if r.value > 0 and r.predicate.score < 0]
        ),
        "we say not, gold says happened": worst(
            [r for r in rows if r.value < 0 and r.predicate.score > 0]
        ),
        "hedged by us, certain in gold": worst(
            [r for r in rows if 0 < r.value < 3 and r.predicate.score >= 2.5]
        ),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "train"], default="dev")
    parser.add_argument("--limit", type=int, help="score only the first N sentences")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", type=int, default=0, help="print N examples per error class")
    args = parser.parse_args(argv)
    path = shared_file("data", "factuality", f"uds-ih2-{args.split}.jsonl.gz")
    rows = [row for record in read_jsonl(path, args.limit) for row in score_sentence(record)]
    result: dict[str, Any] = {"split": args.split, **summarise(rows)}
    if args.errors:
        result["errors"] = error_examples(rows, args.errors)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_report(f"UDS-IH2 factuality ({args.split})", result))


if __name__ == "__main__":
    sys.exit(run_benchmark(main))
