"""Pairwise precision/recall of duplicate (origin) and same-event clusters.

    .venv/bin/python benchmarks/dedup.py [--json]

Two sets:

- the team's gold clusters (``../shared/corpus/gold/dedup_clusters.jsonl`` over
  ``articles.jsonl`` and ``agnews_world_snippets.jsonl``; set ``CLAIMGRAPH_SHARED`` to move
  it). Every document is analysed by the pipeline, then the cross-document stage clusters them.
  *Origin* level: pairs of ``exact_duplicate`` / ``near_duplicate*`` clusters are positives;
  pairs inside the other gold clusters (same event, storyline, the AG-News clusters that mix
  syndicated copies with same-event reports) are not scored; every other pair is a negative.
  *Event* level: pairs of every gold cluster are positives, all other pairs negatives.
  ``templated_distinct_events`` clusters are must-not-merge pairs at both levels;
- the project's own texts below: templated reports of different events (must not merge),
  wire copies with and without the agency's credit, a truncated re-send, a rewrite of the same
  event by another outlet, and a translation (checked on fingerprints: the pipeline reads
  English only).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claimgraph.analysis.crossdoc import run  # noqa: E402
from claimgraph.analysis.dedup import cluster_documents  # noqa: E402
from claimgraph.analysis.fingerprint import build_features, features_many  # noqa: E402
from claimgraph.model import Analysis  # noqa: E402
from claimgraph.pipeline import analyze_text  # noqa: E402

SHARED = Path(os.environ.get("CLAIMGRAPH_SHARED", ROOT.parent / "shared"))
ORIGIN_TYPES = ("exact_duplicate", "near_duplicate")
NEGATIVE_TYPES = ("templated_distinct_events",)

# The project's own texts: (id, origin truth, event truth, published, text)
TEMPLATE = (
    "{place} (Reuters) - A roadside bomb killed {n} soldiers near {place} on {day}, the "
    "provincial governor {person} said. No group claimed responsibility for the attack, the "
    "{ordinal} in the province this month."
)
OWN = [
    (
        "t1",
        "o1",
        "e1",
        "2024-03-04",
        dict(place="Kandahar", n="four", day="Monday", person="Ahmad Karimi", ordinal="third"),
    ),
    (
        "t2",
        "o2",
        "e2",
        "2024-03-12",
        dict(place="Helmand", n="seven", day="Tuesday", person="Nasir Rahimi", ordinal="fifth"),
    ),
    (
        "t3",
        "o3",
        "e3",
        "2024-03-20",
        dict(place="Kunduz", n="two", day="Wednesday", person="Wali Sherzad", ordinal="second"),
    ),
    (
        "t4",
        "o4",
        "e4",
        "2024-03-21",
        dict(place="Ghazni", n="four", day="Thursday", person="Ahmad Karimi", ordinal="third"),
    ),
]
WIRE = (
    "TAIPEI (AP) - Taiwan's navy said on Friday it tracked 14 Chinese warships and 32 aircraft "
    "around the island over 24 hours, the largest deployment since August. Defence minister "
    "Wellington Koo said the drills were meant to intimidate the island's people and that the "
    "armed forces had raised their readiness level."
)
COPIES = [
    ("w1", "o5", "e5", "2024-05-24", WIRE),
    ("w2", "o5", "e5", "2024-05-24", WIRE.replace(" (AP)", "") + " (AP)"),
    ("w3", "o5", "e5", "2024-05-24", WIRE.replace("TAIPEI (AP) - ", "")),
    ("w4", "o5", "e5", "2024-05-24", WIRE[: WIRE.index(" Defence minister")]),
    (
        "w5",
        "o6",
        "e5",
        "2024-05-24",
        "Taiwan reported 14 Chinese warships and 32 military aircraft near the island on "
        "Friday, its largest count since August, and Defence minister Wellington Koo called "
        "the Chinese drills an attempt to intimidate Taiwan's people, Focus Taiwan reported.",
    ),
]
RUSSIAN = (
    "ТАЙБЭЙ, 24 мая. ВМС Тайваня за 24 часа зафиксировали у острова 14 китайских военных "
    "кораблей и 32 самолёта, сообщил министр обороны Веллингтон Ку."
)


def _gold() -> tuple[dict[str, dict], list[dict]]:
    corpus = SHARED / "corpus"
    records = {}
    for name in ("articles.jsonl", "agnews_world_snippets.jsonl"):
        for line in (corpus / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records[record["id"]] = record
    clusters = [
        json.loads(line)
        for line in (corpus / "gold" / "dedup_clusters.jsonl").read_text().splitlines()
        if line.strip()
    ]
    return records, clusters


def _analyse(doc_id: str, text: str, **meta: str | None) -> Analysis:
    analysis = analyze_text(text, source=doc_id, **meta)
    return analysis.model_copy(
        update={"document": analysis.document.model_copy(update={"id": doc_id})}
    )


def _pairs(groups: Iterable[Iterable[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for g in groups for p in combinations(sorted(set(g)), 2)}


def _predicted(assign: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, list[str]] = {}
    for doc, cid in assign.items():
        groups.setdefault(cid, []).append(doc)
    return _pairs(groups.values())


def score(
    predicted: set[frozenset[str]],
    positive: set[frozenset[str]],
    ignored: set[frozenset[str]] = frozenset(),  # type: ignore[assignment]
    forbidden: set[frozenset[str]] = frozenset(),  # type: ignore[assignment]
) -> dict[str, float | int]:
    """Pairwise precision and recall; ``ignored`` pairs are not scored."""
    scored = predicted - ignored
    tp = len(scored & positive)
    return {
        "precision": round(tp / len(scored), 3) if scored else 1.0,
        "recall": round(tp / len(positive), 3) if positive else 1.0,
        "predicted_pairs": len(scored),
        "gold_pairs": len(positive),
        "must_not_merge_pairs": len(forbidden),
        "must_not_merge_violated": len(predicted & forbidden),
    }


def gold_benchmark() -> dict:
    """Scores on the team's gold clusters."""
    records, clusters = _gold()
    analyses = []
    for rid, r in records.items():
        analyses.append(
            _analyse(
                rid,
                r["text"],
                published=(r.get("date") or None) and r["date"][:10],
                title=r.get("title"),
                outlet=r.get("outlet"),
            )
        )
    result = run(analyses)
    origin_pos = _pairs(c["members"] for c in clusters if c["type"].startswith(ORIGIN_TYPES))
    every = _pairs(c["members"] for c in clusters if c["type"] not in NEGATIVE_TYPES)
    forbidden = _pairs(c["members"] for c in clusters if c["type"] in NEGATIVE_TYPES)
    return {
        "documents": len(analyses),
        "gold_clusters": len(clusters),
        "gold_types": sorted({c["type"].split(" ")[0] for c in clusters}),
        "origin": score(
            _predicted(result.clusters.origin), origin_pos, every - origin_pos, forbidden
        ),
        "event": score(_predicted(result.clusters.event), every, set(), forbidden),
    }


def own_benchmark() -> dict:
    """Scores on the project's own texts (templated reports, copies, a translation)."""
    analyses = [_analyse(i, TEMPLATE.format(**facts), published=day) for i, _, _, day, facts in OWN]
    analyses += [_analyse(i, text, published=day) for i, _, _, day, text in COPIES]
    result = run(analyses)
    truth = [(i, o, e) for i, o, e, *_ in OWN + COPIES]
    origin_pos = _pairs(_group(truth, 1))
    event_pos = _pairs(_group(truth, 2))
    forbidden = _pairs([[i for i, *_ in OWN]])
    out = {
        "documents": len(analyses),
        "origin": score(_predicted(result.clusters.origin), origin_pos, set(), forbidden),
        "event": score(_predicted(result.clusters.event), event_pos, set(), forbidden),
        "links": sorted(f"{x.a}-{x.b}:{x.kind}" for x in result.clusters.links),
    }
    out["translation_found"] = _translation(analyses)
    return out


def _group(truth: list[tuple[str, str, str]], column: int) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for row in truth:
        groups.setdefault(row[column], []).append(row[0])
    return list(groups.values())


def _translation(analyses: list[Analysis]) -> bool:
    """Is the Russian version linked to the English wire text (fingerprints only)?"""
    wire = next(a for a in analyses if a.document.id == "w1")
    items = [
        build_features(
            doc_id="w1",
            text=wire.document.text,
            language="en",
            published="2024-05-24",
            entities=wire.entities,
        ),
        build_features(doc_id="ru1", text=RUSSIAN, language="ru", published="2024-05-24"),
    ]
    clusters = cluster_documents(features_many(items))
    return any(link.kind == "translation" for link in clusters.links)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report: dict = {"own": own_benchmark()}
    if (SHARED / "corpus" / "gold" / "dedup_clusters.jsonl").is_file():
        report["gold"] = gold_benchmark()
    else:
        report["gold"] = f"skipped: no gold at {SHARED / 'corpus'}"
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for name, block in report.items():
        if isinstance(block, str):
            print(f"{name}: {block}")
            continue
        for level in ("origin", "event"):
            s = block[level]
            print(
                f"{name:>4} {level:>6}: precision {s['precision']:.3f} recall {s['recall']:.3f} "
                f"({s['predicted_pairs']} predicted / {s['gold_pairs']} gold pairs; "
                f"must-not-merge violated {s['must_not_merge_violated']}/"
                f"{s['must_not_merge_pairs']})"
            )
    print(f" own translation linked: {report['own']['translation_found']}")


if __name__ == "__main__":
    main()
