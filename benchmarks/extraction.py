"""Article-extraction benchmark: claimgraph's HTML path and trafilatura alone, side by side.

Data: ``../shared/article-extraction`` (the Zyte article-extraction benchmark and trafilatura's
evaluation set; see its SOURCES.md), or ``--data DIR``, or ``$CLAIMGRAPH_SHARED``.

Scores, re-implemented here from the published definitions:

- Zyte set: shingle (4-token) precision, recall and F1 of the article body, each page's counts
  normalised to sum to one, precision and recall averaged over pages, F1 from the two averages.
- trafilatura set: each ``with`` snippet found in the output is a true positive (else a false
  negative), each ``without`` snippet found is a false positive (else a true negative);
  whitespace-normalised substring matching; P/R/F1 from the summed counts.
- Junk left: output lines that are not in the gold body (Zyte), ``without`` snippets kept
  (trafilatura set), and output lines matching claimgraph's junk patterns (both).
- Metadata (trafilatura set): exact match of title, author and date after Unicode (NFKC),
  case and whitespace normalisation (authors compared as sorted lists of names, since the gold
  gives several either as a list or as one string 'A, B & C'); over pages whose gold field is
  non-empty, and over all annotated pages (an empty gold value then expects no value).

Speed is pages per second of extraction alone (scoring excluded), both extractors timed on the
same pages in the same loop. Run: ``.venv/bin/python benchmarks/extraction.py [--limit N]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TOKEN = re.compile(r"\w+")


@dataclass
class Output:
    """One extractor's result for one page."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None


@dataclass
class Tally:
    """Per-extractor accumulators."""

    seconds: float = 0.0
    pages: int = 0
    errors: int = 0
    zyte: list[tuple[float, float, float]] = field(default_factory=list)
    snippets: Counter[str] = field(default_factory=Counter)
    lines_not_in_gold: int = 0
    junk_pattern_lines: int = 0
    output_lines: int = 0
    meta_hits: Counter[str] = field(default_factory=Counter)
    meta_total: Counter[str] = field(default_factory=Counter)


# -- extractors ---------------------------------------------------------------------------


def claimgraph_extractor() -> Callable[[bytes, str | None], Output]:
    from claimgraph.ingest.html import read_html
    from claimgraph.text.clean import build_document

    def run(html: bytes, url: str | None) -> Output:
        raw = read_html(html, "page.html")
        doc = build_document(raw.text, media_type=raw.media_type, meta=raw.document_meta())
        return Output(doc.text, doc.title, list(doc.authors), doc.published)

    return run


def trafilatura_extractor(with_metadata: bool) -> Callable[[bytes, str | None], Output]:
    import trafilatura

    def run(html: bytes, url: str | None) -> Output:
        if not with_metadata:
            text = trafilatura.extract(html, include_comments=False, include_tables=True)
            return Output(text or "")
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=True, with_metadata=True
        )
        if doc is None:
            return Output("")
        authors = [a for a in (doc.author or "").split("; ") if a]
        return Output(doc.text or "", doc.title, authors, doc.date)

    return run


def trafilatura_metadata(html: bytes) -> Output:
    """trafilatura's metadata (not timed: the timed run is its canonical text extraction)."""
    import trafilatura

    meta = trafilatura.extract_metadata(html)
    if meta is None:
        return Output("")
    authors = [a for a in (meta.author or "").split("; ") if a]
    return Output("", meta.title, authors, meta.date)


# -- scoring ------------------------------------------------------------------------------


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text or "")
    grams = [tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1))]
    return Counter(g for g in grams if g)


def zyte_counts(true: str, pred: str) -> tuple[float, float, float]:
    """(tp, fp, fn) of shingles, normalised to sum to one."""
    a, b = shingles(true), shingles(pred)
    tp = fp = fn = 0
    for key in set(a) | set(b):
        x, y = a.get(key, 0), b.get(key, 0)
        tp += min(x, y)
        fp += max(0, y - x)
        fn += max(0, x - y)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def zyte_scores(counts: list[tuple[float, float, float]]) -> dict[str, float]:
    def precision(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fp == 0 else tp / (tp + fp)

    def recall(tp: float, fp: float, fn: float) -> float:
        if fp == fn == 0:
            return 1.0
        return 0.0 if tp == fn == 0 else tp / (tp + fn)

    p = statistics.mean([precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    r = statistics.mean([recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def snippet_counts(item: dict[str, Any], text: str) -> Counter[str]:
    result = norm(text)
    tp = sum(1 for w in item["with"] if norm(w) in result) if text else 0
    fp = sum(1 for w in item["without"] if norm(w) in result) if text else 0
    return Counter(tp=tp, fp=fp, fn=len(item["with"]) - tp, tn=len(item["without"]) - fp)


def snippet_scores(c: Counter[str]) -> dict[str, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def lines_not_in_gold(text: str, gold: str) -> int:
    gold_tokens = " " + " ".join(t.lower() for t in TOKEN.findall(gold)) + " "
    count = 0
    for line in text.split("\n"):
        tokens = [t.lower() for t in TOKEN.findall(line)]
        if tokens and f" {' '.join(tokens)} " not in gold_tokens:
            count += 1
    return count


def junk_pattern_lines(text: str) -> int:
    from claimgraph.text.clean import junk_reason

    return sum(1 for line in text.split("\n") if line.strip() and junk_reason(line.strip()))


def meta_key(value: Any) -> str:
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"\s+", " ", text).strip().casefold()


def author_key(value: Any) -> str:
    """Authors as a sorted list of names: gold gives several as a list or as 'A, B & C'."""
    names = value if isinstance(value, list) else [value or ""]
    parts = [p for n in names for p in re.split(r"\s*(?:[;,&]|\band\b|\bund\b)\s*", str(n))]
    return "; ".join(sorted(k for k in (meta_key(p) for p in parts) if k))


def score_metadata(tally: Tally, item: dict[str, Any], out: Output) -> None:
    predicted = {"title": out.title, "author": out.authors, "date": out.date}
    for field_name in ("title", "author", "date"):
        if field_name not in item:
            continue
        key = author_key if field_name == "author" else meta_key
        gold, pred = key(item[field_name]), key(predicted[field_name])
        scope = "nonempty" if gold else "empty"
        tally.meta_total[f"{field_name}:{scope}"] += 1
        if gold == pred:
            tally.meta_hits[f"{field_name}:{scope}"] += 1


# -- running ------------------------------------------------------------------------------


def data_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    env = os.environ.get("CLAIMGRAPH_SHARED")
    base = Path(env) if env else ROOT / ".." / "shared"
    return base / "article-extraction"


def load(folder: Path) -> dict[str, dict[str, Any]]:
    with gzip.open(folder / "ground-truth.json.gz", "rt", encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = json.load(fh)
    return data


def run_set(
    name: str,
    folder: Path,
    extractors: dict[str, Callable[[bytes, str | None], Output]],
    limit: int | None,
) -> dict[str, Tally]:
    gold = load(folder)
    keys = sorted(gold)[:limit] if limit else sorted(gold)
    tallies = {label: Tally() for label in extractors}
    warm = b"<html><body><p>" + b"warm up text. " * 40 + b"</p></body></html>"
    for run in extractors.values():  # lazy imports and model loading are not timed
        run(warm, None)
    for key in keys:
        item = gold[key]
        with gzip.open(folder / "html" / f"{key}.html.gz") as fh:
            html = fh.read()
        for label, run in extractors.items():
            tally = tallies[label]
            started = time.perf_counter()
            try:
                out = run(html, item.get("url"))
            except Exception as exc:  # noqa: BLE001 -- a failing page scores as empty
                print(f"  {label} failed on {key}: {type(exc).__name__}: {exc}", file=sys.stderr)
                tally.errors += 1
                out = Output("")
            tally.seconds += time.perf_counter() - started
            tally.pages += 1
            if label == "trafilatura" and name == "trafilatura":
                meta = trafilatura_metadata(html)
                out = Output(out.text, meta.title, meta.authors, meta.date)
            _score(name, tally, item, out)
    return tallies


def _score(name: str, tally: Tally, item: dict[str, Any], out: Output) -> None:
    lines = [ln for ln in out.text.split("\n") if ln.strip()]
    tally.output_lines += len(lines)
    tally.junk_pattern_lines += junk_pattern_lines(out.text)
    if name == "zyte":
        tally.zyte.append(zyte_counts(item["articleBody"], out.text))
        tally.lines_not_in_gold += lines_not_in_gold(out.text, item["articleBody"])
    else:
        tally.snippets.update(snippet_counts(item, out.text))
        score_metadata(tally, item, out)


def report(name: str, tallies: dict[str, Tally]) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for label, t in tallies.items():
        row: dict[str, Any] = {
            "pages": t.pages,
            "pages_per_s": t.pages / t.seconds if t.seconds else 0.0,
            "errors": t.errors,
            "output_lines": t.output_lines,
            "junk_pattern_lines": t.junk_pattern_lines,
        }
        if name == "zyte":
            row.update(zyte_scores(t.zyte))
            row["lines_not_in_gold"] = t.lines_not_in_gold
        else:
            row.update(snippet_scores(t.snippets))
            row["without_snippets_kept"] = t.snippets["fp"]
            for f in ("title", "author", "date"):
                ne, em = f"{f}:nonempty", f"{f}:empty"
                row[f"{f}_acc"] = t.meta_hits[ne] / t.meta_total[ne] if t.meta_total[ne] else 0.0
                total = t.meta_total[ne] + t.meta_total[em]
                row[f"{f}_acc_all"] = (t.meta_hits[ne] + t.meta_hits[em]) / total if total else 0.0
        rows[label] = row
    _print(name, rows)
    return rows


def _print(name: str, rows: dict[str, Any]) -> None:
    print(f"\n== {name} ==")
    columns = sorted({k for row in rows.values() for k in row}, key=_column_order)
    print(f"{'':24}" + "".join(f"{label:>14}" for label in rows))
    for column in columns:
        values = []
        for row in rows.values():
            v = row.get(column, "")
            values.append(f"{v:>14.3f}" if isinstance(v, float) else f"{v!s:>14}")
        print(f"{column:24}" + "".join(values))


def _column_order(key: str) -> tuple[int, str]:
    first = ["f1", "precision", "recall", "pages_per_s", "pages", "errors"]
    return (first.index(key), key) if key in first else (len(first), key)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", help="folder holding zyte/ and trafilatura/")
    parser.add_argument("--set", choices=["zyte", "trafilatura", "both"], default="both")
    parser.add_argument("--limit", type=int, help="only the first N pages of each set")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    args = parser.parse_args()
    folder = data_dir(args.data)
    if not folder.is_dir():
        sys.exit(f"no benchmark data at {folder} (give --data DIR)")
    results = {}
    for name in ("zyte", "trafilatura"):
        if args.set not in (name, "both"):
            continue
        extractors = {
            "claimgraph": claimgraph_extractor(),
            "trafilatura": trafilatura_extractor(with_metadata=False),
        }
        results[name] = report(name, run_set(name, folder / name, extractors, args.limit))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
