"""Render a :class:`~claimgraph.export.report.Report` as self-contained HTML or as Markdown.

All text from documents is escaped: HTML through Jinja2's autoescaping (the page also sets a
Content-Security-Policy that forbids scripts and remote loads), Markdown by turning ``<``,
``>`` and ``&`` into entities and escaping Markdown syntax, so a hostile article cannot inject
markup into either."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

from claimgraph import __version__
from claimgraph.export.report import ClaimView, Report
from claimgraph.model import Claim


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("claimgraph.export", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    env.filters["quoted"] = quoted
    return env


def quoted(text: str) -> str:
    """Text in quotation marks, unless it is already a quotation."""
    text = text.strip()
    return text if text[:1] in {"“", '"', "‘", "'", "«"} else f"“{text}”"


def report_css() -> str:
    """The report's stylesheet (inlined into the HTML)."""
    return (
        resources.files("claimgraph.export")
        .joinpath("templates/report.css")
        .read_text(encoding="utf-8")
    )


def render_html(report: Report, doc_titles: dict[str, str]) -> str:
    """One HTML file: inline CSS and SVG, no script, nothing loaded from the network."""
    template = _env().get_template("report.html.j2")

    def doc_label(claim: Claim) -> str:
        return doc_titles.get(claim.doc_id, claim.doc_id[:12])

    return template.render(r=report, css=report_css(), version=__version__, doc_label=doc_label)


# -- Markdown -----------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: object) -> str:
    """Text safe inside Markdown (and table cells): no HTML, no Markdown syntax, one line."""
    flat = " ".join(str(text).split())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _row(*cells: object) -> str:
    return "| " + " | ".join(md(c) for c in cells) + " |"


def _table(headers: list[str], rows: list[list[object]]) -> list[str]:
    lines = [_row(*headers), "|" + "|".join("---" for _ in headers) + "|"]
    return lines + [_row(*row) for row in rows]


def render_markdown(report: Report, doc_titles: dict[str, str]) -> str:
    """The report as Markdown (charts become tables)."""
    out = [
        f"# {md(report.title)}",
        "",
        f"Scope: {md(report.scope)} · generated {md(report.generated)} by claimgraph "
        f"{__version__} · database {md(report.database)}",
        "",
        " · ".join(f"**{n}** {k}" for k, n in report.counts.items()),
        "",
        "## Key judgements",
        "",
    ]
    if not report.judgements:
        out += ["No claims in scope.", ""]
    for i, view in enumerate(report.judgements, 1):
        out += _claim_md(view, doc_titles, number=i)
    out += _timeline_md(report)
    out += _network_md(report)
    out += _transfers_md(report)
    out += ["## Claims by topic", ""]
    for topic in report.topics:
        out += [f"### {md(topic.title)} ({len(topic.claims)})", ""]
        for view in topic.claims:
            out += _claim_md(view, doc_titles)
    out += _sources_md(report)
    out += _documents_md(report)
    out += _method_md(report)
    return "\n".join(out) + "\n"


def _claim_md(view: ClaimView, doc_titles: dict[str, str], number: int | None = None) -> list[str]:
    lead = f"{number}. " if number else "- "
    pad = "   " if number else "  "
    grade = f"**{view.grade_text}**" + (f" ({md(view.grade_words)})" if view.grade else "")
    lines = [
        f"{lead}{grade} {md(view.headline)}",
        f"{pad}- Certainty: {md(view.claim.certainty)} (ICD 203, as worded: {md(view.icd203)}) "
        f"· {md(view.doc_label)}",
        f"{pad}- Evidence: {md(quoted(view.claim.evidence.text))}",
        f"{pad}- Source chain: {md(view.chain)}",
        f"{pad}- Independent origins: {view.origins}" + _related_md(view, doc_titles),
    ]
    if view.grade and view.grade.rationale:
        lines.append(f"{pad}- Grade reasons: " + "; ".join(md(r) for r in view.grade.rationale))
    return lines + [""]


def _related_md(view: ClaimView, doc_titles: dict[str, str]) -> str:
    rel = view.related
    parts = []
    if rel.corroborating:
        names = ", ".join(md(doc_titles.get(c.doc_id, c.doc_id[:12])) for c in rel.corroborating)
        parts.append(f"corroborated in: {names}")
    if rel.same_origin:
        parts.append(f"{len(rel.same_origin)} copies from the same origin (not counted)")
    if rel.contradicting:
        names = ", ".join(
            f"{md(doc_titles.get(c.doc_id, c.doc_id[:12]))} ({c.certainty})"
            for c in rel.contradicting
        )
        parts.append(f"contradicted in: {names}")
    return (" · " + " · ".join(parts)) if parts else ""


def _timeline_md(report: Report) -> list[str]:
    out = ["## Timeline", ""]
    if not report.timeline:
        return out + ["No dated claims in scope.", ""]
    rows: list[list[object]] = [
        [
            (e.label or e.when) + (" (forecast)" if e.forecast else ""),
            e.what,
            e.certainty,
            view.grade_text if view else "",
        ]
        for _, e, view in report.timeline
    ]
    return out + _table(["When", "What", "Certainty", "Grade"], rows) + [""]


def _network_md(report: Report) -> list[str]:
    out = ["## Actor network", ""]
    if not report.graph_edges:
        return out + ["No claims link two actors in scope.", ""]
    rows: list[list[object]] = [[a, b, labels, c, n] for a, b, labels, c, n in report.graph_edges]
    return out + _table(["From", "To", "Relations", "Strongest certainty", "Claims"], rows) + [""]


def _transfers_md(report: Report) -> list[str]:
    out = ["## Transfers (register style)", ""]
    if not report.transfers:
        return out + ["No transfers in scope.", ""]
    headers = [
        "Recipient",
        "Supplier",
        "Year of order",
        "Number ordered",
        "Weapon designation",
        "Weapon description",
        "Number delivered",
        "Year(s) of delivery",
        "Deal status",
        "Certainty",
        "Grade",
        "Source chain",
    ]
    rows: list[list[object]] = [[t[h] for h in headers] for t in report.transfers]
    note = "Numbers in brackets are estimates; recipient first, as in SIPRI's register."
    return out + [note, ""] + _table(headers, rows) + [""]


def _sources_md(report: Report) -> list[str]:
    out = ["## Sources and their reliability", ""]
    if not report.sources:
        return out + ["No attributed sources in scope.", ""]
    rows: list[list[object]] = [
        [
            s.name + (" (anonymous)" if s.anonymous else ""),
            s.kind,
            f"{s.reliability} {s.words}",
            s.basis + (f": {s.reason}" if s.reason else ""),
            s.claims,
            s.documents,
        ]
        for s in report.sources
    ]
    headers = ["Source", "Kind", "Reliability", "Basis", "Claims", "Documents"]
    return out + _table(headers, rows) + [""]


def _documents_md(report: Report) -> list[str]:
    rows: list[list[object]] = [
        [
            d["title"],
            d["outlet"],
            d["published"] or "unknown",
            d["claims"],
            d["removed"],
            d["cluster"][:12] or "—",
            "discloses AI assistance" if d["ai"] else "",
        ]
        for d in report.documents
    ]
    headers = [
        "Document",
        "Outlet",
        "Published",
        "Claims",
        "Junk removed",
        "Origin cluster",
        "Notes",
    ]
    return ["## Documents", ""] + _table(headers, rows) + [""]


def _method_md(report: Report) -> list[str]:
    out = ["## Method note", "", "### What was automated", ""]
    out += [f"- {md(m)}" for m in report.method]
    out += ["", "### What is uncertain", ""]
    out += [f"- {md(u)}" for u in report.uncertain]
    out += ["", "### Certainty → ICD 203 → STIX confidence", ""]
    rows: list[list[object]] = [list(row) for row in report.icd203]
    return out + _table(["Certainty", "ICD 203 (as worded)", "Range", "STIX confidence"], rows)
