"""MUC-4 perpetrator confidence vs our certainty; SIPRI register rows vs our transfers.

    .venv/bin/python benchmarks/muc_sipri.py [--limit N] [--json] [--errors N]

Gold: ``../shared/corpus/gold/muc4_templates.jsonl`` and ``sipri_links.jsonl`` +
``sipri_trade_register_subset.csv``; article texts from ``../shared/corpus/articles.jsonl``
(analysed with their date, title and outlet). The gold is small (a handful of templates and
links): read the counts next to every rate. Matching rules and mappings:
claimgraph/eval/muc_sipri_gold.py, resources/eval/muc_confidence.yaml, sipri_categories.yaml.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from claimgraph.eval.gold import (
    analyze_safely,
    format_report,
    ratio,
    read_jsonl,
    run_benchmark,
    shared_file,
)
from claimgraph.eval.muc_sipri_gold import (
    FIELDS,
    best_transfer,
    false_matches,
    load_register,
    perpetrator_certainty,
    perpetrators,
)
from claimgraph.model import Analysis

VIOLENT = {"ASSAULT", "COERCE"}


class Articles:
    """Corpus articles by id, analysed once each."""

    def __init__(self) -> None:
        self.records = {r["id"]: r for r in read_jsonl(shared_file("corpus", "articles.jsonl"))}
        self.cache: dict[str, Analysis | None] = {}

    def analysis(self, doc_id: str) -> Analysis | None:
        if doc_id not in self.cache:
            r = self.records.get(doc_id)
            date = (r or {}).get("date")
            self.cache[doc_id] = (
                analyze_safely(
                    r["text"],
                    published=date[:10] if date else None,
                    title=r.get("title"),
                    outlet=r.get("outlet"),
                )[0]
                if r
                else None
            )
        return self.cache[doc_id]


def muc(articles: Articles, limit: int | None) -> dict[str, Any]:
    """Agreement of our certainty with the perpetrator confidences."""
    rows: list[dict[str, Any]] = []
    negatives: list[str] = []
    for record in read_jsonl(shared_file("corpus", "gold", "muc4_templates.jsonl"), limit):
        analysis = articles.analysis(record["doc_id"])
        if not record.get("relevant"):
            violent = [
                c for c in (analysis.claims if analysis else []) if c.relation.plover in VIOLENT
            ]
            negatives.append(f"{record['doc_id']}: {len(violent)} violent event claims")
            continue
        for perp in perpetrators(record):
            if analysis is None:
                ours, path, evidence = None, "pipeline refused", ""
            else:
                ours, path, evidence = perpetrator_certainty(analysis, perp.names)
            rows.append(
                {
                    "doc": perp.doc_id,
                    "template": perp.template,
                    "gold": " / ".join(perp.labels),
                    "names": perp.names,
                    "ours": ours,
                    "path": path,
                    "agrees": ours in perp.allowed(),
                    "evidence": evidence[:200],
                }
            )
    agree = sum(bool(r["agrees"]) for r in rows)
    paths = Counter(str(r["path"]) for r in rows)
    return {
        "perpetrator_fills": len(rows),
        "agreement": ratio(agree, len(rows)),
        "agreeing": agree,
        "paths": dict(sorted(paths.items())),
        "rows": rows,
        "negatives": negatives,
    }


def sipri(articles: Articles, limit: int | None) -> dict[str, Any]:
    """Per-field agreement of our transfers with the linked register rows."""
    register = load_register(shared_file("corpus", "gold", "sipri_trade_register_subset.csv"))
    compared, wrong = [], []
    for link in read_jsonl(shared_file("corpus", "gold", "sipri_links.jsonl"), limit):
        analysis = articles.analysis(link["doc_id"])
        if analysis is None:
            continue
        if link.get("relation") == "no_match":
            wrong += [f"{link['doc_id']}: {m}" for m in false_matches(analysis, register)]
        for row_id in link.get("sipri_row_ids") or []:
            row = register.get(row_id)
            if row is None:
                continue
            transfer, fields = best_transfer(row, analysis)
            compared.append(
                {
                    "doc": link["doc_id"],
                    "relation": link.get("relation"),
                    "row": f"{row.row_id} {row.supplier}->{row.recipient} {row.designation} "
                    f"({row.description}) x{row.ordered} order {row.order_year}",
                    "ours": transfer.model_dump(
                        include={
                            "supplier",
                            "recipient",
                            "item",
                            "designation",
                            "category",
                            "quantity",
                            "quantity_max",
                            "order_year",
                            "delivery_years",
                            "status",
                        }
                    )
                    if transfer
                    else None,
                    "fields": fields,
                }
            )
    return {
        "rows_compared": len(compared),
        "field_agreement": {
            f: ratio(sum(c["fields"][f] for c in compared), len(compared)) for f in FIELDS
        },
        "rows_with_a_transfer": sum(c["ours"] is not None for c in compared),
        "false_matches_on_no_match_links": wrong,
        "rows": compared,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="use only the first N MUC records and links")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--errors", type=int, default=0, help="keep the per-row details")
    args = parser.parse_args(argv)
    articles = Articles()
    result = {"muc4": muc(articles, args.limit), "sipri": sipri(articles, args.limit)}
    if not args.errors:
        for part in result.values():
            part.pop("rows", None)
    if args.json:
        print(json.dumps(result, indent=2, default=str))
    else:
        print(format_report("MUC-4 perpetrator confidence and SIPRI transfers", result))


if __name__ == "__main__":
    sys.exit(run_benchmark(main))
