"""Shared helpers of the gold-set benchmarks (``benchmarks/*.py``).

Where the team's shared data lives, JSONL loading, precision/recall/F1, Pearson r and macro-F1,
country codes (ISO alpha-3, CAMEO actor codes and register names to ISO alpha-2), certainty as a
number, and the alignment of offsets between a gold text and claimgraph's clean text.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path
from typing import Any

from claimgraph.errors import ClaimgraphError, GoldFileError
from claimgraph.model import Analysis, EntityRef
from claimgraph.pipeline import analyze_text
from claimgraph.resources import load_yaml

SHARED_ENV = "CLAIMGRAPH_SHARED"


def shared_root() -> Path | None:
    """The team's shared data folder (``$CLAIMGRAPH_SHARED`` or ``../shared``), None if absent."""
    env = os.environ.get(SHARED_ENV)
    path = Path(env) if env else Path(__file__).resolve().parents[2].parent / "shared"
    return path if path.is_dir() else None


def shared_file(*parts: str) -> Path:
    """A file under the shared folder, or a clear error when it is missing."""
    root = shared_root()
    if root is None:
        raise GoldFileError(f"shared data not found (set {SHARED_ENV} to the shared folder)")
    path = root.joinpath(*parts)
    if not path.exists():
        raise GoldFileError(f"gold file not found: {path}")
    return path


def read_jsonl(path: Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file (plain or ``.gz``), at most ``limit`` of them."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        count = 0
        for number, line in enumerate(handle, 1):
            if limit is not None and count >= limit:
                return
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFileError(f"{path}:{number}: not JSON ({exc.msg})") from None
            count += 1


# ---------------------------------------------------------------- scores


@dataclass
class PRF:
    """True positives, false positives and false negatives, with P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def ratio(part: float, whole: float) -> float | None:
    """part / whole rounded to 4 places, None when whole is 0."""
    return round(part / whole, 4) if whole else None


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson correlation, None when undefined (fewer than 2 points or no variance)."""
    n = len(xs)
    if n < 2 or n != len(ys):
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def macro_f1(
    gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] | None = None
) -> float:
    """Mean F1 over ``labels`` (default: every label seen in gold or pred)."""
    classes = list(labels) if labels is not None else sorted(set(gold) | set(pred))
    if not classes:
        return 0.0
    scores = []
    for label in classes:
        prf = PRF()
        for g, p in zip(gold, pred, strict=True):
            prf.tp += g == label and p == label
            prf.fp += g != label and p == label
            prf.fn += g == label and p != label
        scores.append(prf.f1)
    return sum(scores) / len(scores)


# ---------------------------------------------------------------- countries


@cache
def _countries() -> dict[str, Any]:
    return dict(load_yaml("eval/countries.yaml"))


def iso2_of_code(code: str) -> str | None:
    """ISO alpha-2 of an ISO alpha-3 or CAMEO country code (``ITL`` -> ``IT``), else None."""
    table = _countries()
    code = code.upper()
    if code in table["no_country"]:
        return None
    return table["cameo"].get(code) or table["alpha3"].get(code)


def cameo_countries(actor: str | None) -> set[str]:
    """Countries of a CAMEO actor code: ``USAGOV+RUSGOV`` -> {US, RU}; ``IGOGOV`` -> {}."""
    found: set[str] = set()
    for part in (actor or "").split("+"):
        code = iso2_of_code(part.strip()[:3]) if len(part.strip()) >= 3 else None
        if code:
            found.add(code)
    return found


def country_of_name(name: str) -> str | None:
    """ISO alpha-2 of a country name as SIPRI or ISO write it, else None."""
    names: dict[str, str] = _countries()["names"]
    if name in names:
        return names[name]
    lowered = {k.lower(): v for k, v in names.items()}
    return lowered.get(name.strip().rstrip("*").strip().lower())


def same_country(a: str | None, b: str | None) -> bool:
    """Do two alpha-2 codes name the same state (a former state agrees with its successor)?"""
    if not a or not b:
        return False
    equivalent: dict[str, str] = _countries()["equivalent"]
    return equivalent.get(a, a) == equivalent.get(b, b)


def entity_country(analysis: Analysis, entity: EntityRef | None) -> str | None:
    """The ``country`` of a referenced entity (``country:XX`` ids need no lookup)."""
    if entity is None:
        return None
    for record in analysis.entities:
        if record.id == entity.id:
            return record.country
    match = re.fullmatch(r"country:([A-Z]{2})", entity.id)
    return match.group(1) if match else None


# ---------------------------------------------------------------- certainty


@cache
def certainty_scores() -> dict[str, float]:
    """claimgraph certainty -> number on the UDS-IH2 scale (``resources/eval``)."""
    return {k: float(v) for k, v in load_yaml("eval/certainty_scores.yaml")["scores"].items()}


# ---------------------------------------------------------------- offsets


class Alignment:
    """Character offsets between an original text and the clean text made from it.

    Cleaning keeps lines verbatim (stripped) or drops them, so each clean line is searched in
    the original after the previous one; a line that was changed is aligned by
    ``difflib.SequenceMatcher`` inside the stretch of original text that follows.
    """

    def __init__(self, original: str, clean: str) -> None:
        self.original, self.clean = original, clean
        self.to_orig = [-1] * len(clean)
        cursor = pos = 0
        for line in clean.split("\n"):
            if line:
                cursor = self._place(line, pos, cursor)
            pos += len(line) + 1
        self.to_clean = [-1] * len(original)
        for i, j in enumerate(self.to_orig):
            if j >= 0:
                self.to_clean[j] = i

    def _place(self, line: str, pos: int, cursor: int) -> int:
        found = self.original.find(line, cursor)
        if found >= 0:
            self.to_orig[pos : pos + len(line)] = range(found, found + len(line))
            return found + len(line)
        window = self.original[cursor : cursor + 2 * len(line) + 200]
        matcher = SequenceMatcher(None, line, window, autojunk=False)
        end = cursor
        for a, b, size in matcher.get_matching_blocks():
            for k in range(size):
                self.to_orig[pos + a + k] = cursor + b + k
            if size:
                end = cursor + b + size
        return end

    def span_to_original(self, start: int, end: int) -> tuple[int, int] | None:
        """The original range a clean range covers, None if none of it maps."""
        return _map_range(self.to_orig, start, end)

    def span_to_clean(self, start: int, end: int) -> tuple[int, int] | None:
        """The clean range an original range covers, None if it was removed."""
        return _map_range(self.to_clean, start, end)


def _map_range(table: list[int], start: int, end: int) -> tuple[int, int] | None:
    inside = [table[i] for i in range(max(start, 0), min(end, len(table))) if table[i] >= 0]
    return (min(inside), max(inside) + 1) if inside else None


# ---------------------------------------------------------------- running and reporting


def analyze_safely(text: str, **kwargs: Any) -> tuple[Analysis | None, str]:
    """``analyze_text`` that returns (None, reason) when the pipeline refuses the text."""
    try:
        return analyze_text(text, **kwargs), ""
    except ClaimgraphError as exc:
        return None, str(exc)


def format_report(title: str, result: dict[str, Any], indent: int = 0) -> str:
    """A readable, indented rendering of a nested result dict."""
    lines = [title] if title else []
    pad = "  " * indent
    for key, value in result.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.append(format_report("", value, indent + 1))
        elif isinstance(value, float):
            lines.append(f"{pad}{key}: {value:.4f}")
        else:
            lines.append(f"{pad}{key}: {value}")
    return "\n".join(line for line in lines if line)


def run_benchmark(main: Any, argv: Sequence[str] | None = None) -> int:
    """Run a benchmark's ``main(argv)``: a ClaimgraphError becomes a one-line error, exit 2."""
    try:
        main(argv)
    except ClaimgraphError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return 0
