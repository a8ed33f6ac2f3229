"""Throughput and memory of the analyze stage (``benchmarks/speed.py``).

The stage is ``analyze_text``: clean, sentences, entities, attribution, events and transfers,
grades and timeline. Words are whitespace-separated tokens of the raw input text. Each pass
analyses every text once; the reported rate is the median over passes (the first pass,
which also pays for lazily built tables, is shown apart). Peak memory is the
process's maximum resident set size (``resource.getrusage``) and, in a separate pass, the largest
``tracemalloc`` peak of one document (Python allocations only, slower, so not timed).
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Sequence
from typing import Any

from claimgraph.eval.gold import analyze_safely
from claimgraph.text.clean import build_document

WARM_UP = "Russia delivered 14 tanks to India in 2021, officials said."


def words(text: str) -> int:
    """Whitespace-separated tokens of a text."""
    return len(text.split())


def pin_one_core() -> int | None:
    """Restrict this process to one CPU (Linux); the CPU number, or None where unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def max_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def one_pass(texts: Sequence[str]) -> tuple[float, int]:
    """Seconds to analyse every text once, and how many the pipeline refused."""
    refused = 0
    start = time.perf_counter()
    for text in texts:
        refused += analyze_safely(text)[0] is None
    return time.perf_counter() - start, refused


def clean_seconds(texts: Sequence[str]) -> float:
    """Seconds spent in cleaning alone (``build_document``)."""
    start = time.perf_counter()
    for text in texts:
        build_document(text)
    return time.perf_counter() - start


def traced_peak_mib(texts: Sequence[str]) -> float:
    """The largest tracemalloc peak of analysing one text, in MiB."""
    worst = 0
    tracemalloc.start()
    try:
        for text in texts:
            tracemalloc.reset_peak()
            analyze_safely(text)
            worst = max(worst, tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()
    return worst / (1024 * 1024)


def measure(texts: Sequence[str], passes: int = 3, trace: bool = True) -> dict[str, Any]:
    """Words per second and peak memory over ``passes`` passes of the texts."""
    rss_start = max_rss_mib()
    start = time.perf_counter()
    analyze_safely(WARM_UP)
    warm_up = time.perf_counter() - start
    rss_loaded = max_rss_mib()
    total = sum(words(t) for t in texts)
    timings, refused = [], 0
    for _ in range(max(passes, 1)):
        seconds, refused = one_pass(texts)
        timings.append(seconds)
    seconds = statistics.median(timings)
    cleaning = clean_seconds(texts)
    out: dict[str, Any] = {
        "documents": len(texts),
        "words": total,
        "pipeline_refused": refused,
        "passes": len(timings),
        "seconds_per_pass": round(seconds, 3),
        "words_per_second": round(total / seconds) if seconds else None,
        "words_per_second_first_pass": round(total / timings[0]) if timings[0] else None,
        "ms_per_document": round(1000 * seconds / len(texts), 2) if texts else None,
        "clean_share": round(cleaning / seconds, 3) if seconds else None,
        "first_call_seconds": round(warm_up, 3),
        "max_rss_mib": {
            "at_start": round(rss_start, 1),
            "after_loading": round(rss_loaded, 1),
            "peak": round(max_rss_mib(), 1),
        },
    }
    if trace:
        out["tracemalloc_peak_per_document_mib"] = round(traced_peak_mib(texts), 2)
    return out
