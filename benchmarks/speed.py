"""Speed of the analyze stage: words/second on one core and peak memory.

    .venv/bin/python benchmarks/speed.py [--corpus PATH] [--limit N] [--passes 3] [--json]
                                         [--no-trace] [--profile N]

Default corpus: ``../shared/corpus/articles.jsonl`` (the ``text`` of every record; any JSONL or
JSONL.gz with a ``text`` field works). The process is pinned to one CPU first. Target: at least
2,000 words/s. ``--profile N`` adds the N functions with the most cumulative time (cProfile).
Definitions: claimgraph/eval/speed.py.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
from pathlib import Path

from claimgraph.errors import GoldFileError
from claimgraph.eval.gold import (
    format_report,
    read_jsonl,
    run_benchmark,
    shared_file,
)
from claimgraph.eval.speed import measure, one_pass, pin_one_core

TARGET = 2000


def profile(texts: list[str], top: int) -> str:
    """cProfile's top functions by cumulative time for one pass."""
    profiler = cProfile.Profile()
    profiler.runcall(one_pass, texts)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="JSONL(.gz) with a 'text' field per record")
    parser.add_argument("--limit", type=int, help="use only the first N documents")
    parser.add_argument("--passes", type=int, default=3, help="timed passes (median reported)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--no-trace", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--profile", type=int, default=0, help="show the N costliest functions")
    args = parser.parse_args(argv)
    path = args.corpus or shared_file("corpus", "articles.jsonl")
    if not path.is_file():
        raise GoldFileError(f"corpus not found: {path}")
    texts = [str(r["text"]) for r in read_jsonl(path, args.limit) if r.get("text")]
    if not texts:
        raise GoldFileError(f"{path}: no record with a 'text' field")
    cpu = pin_one_core()
    result = {"corpus": str(path), "cpu": cpu, **measure(texts, args.passes, not args.no_trace)}
    result["target_words_per_second"] = TARGET
    result["meets_target"] = (result["words_per_second"] or 0) >= TARGET
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(format_report("Speed of analyze_text", result))
    if args.profile:
        print(profile(texts, args.profile), file=sys.stderr if args.json else sys.stdout)


if __name__ == "__main__":
    sys.exit(run_benchmark(main))
