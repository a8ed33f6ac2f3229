"""The dossier report: self-contained HTML (no script, nothing remote) and Markdown, with
every section, and hostile text escaped in both."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.export.commands import render_report
from claimgraph.export.corpus import Scope, load_corpus
from claimgraph.export.svg import Edge, Node, TimelinePoint, layout, period, timeline_svg
from claimgraph.store import Store

SECTIONS = [
    "judgements",
    "timeline",
    "network",
    "transfers",
    "claims",
    "sources",
    "documents",
    "method",
]
REMOTE = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:|//|javascript:)""", re.I)


def assert_self_contained(html: str) -> None:
    assert "<script" not in html.lower()
    style = html[html.index("<style>") : html.index("</style>")]
    assert '"Segoe UI"' in style and "&#34;" not in style  # CSS inlined as is, not escaped
    assert not REMOTE.search(html)
    assert "@import" not in html and "url(http" not in html


def test_html_report_has_every_section(export_store: Store) -> None:
    html = render_report(load_corpus(export_store), "html", database="export.db")
    assert_self_contained(html)
    for section in SECTIONS:
        assert f'id="{section}"' in html
    assert "class='chart timeline'" in html and "class='chart network'" in html
    assert "Ruritania → Osterlich: 24 Falcon (agreed)" in html
    assert "Night Owl" in html and "reliability cannot be judged" in html
    assert "contradicted in 1 document" in html  # the denial
    assert "almost certain" in html  # the ICD 203 table


def test_hostile_text_is_escaped(export_store: Store) -> None:
    corpus = load_corpus(export_store)
    html = render_report(corpus, "html", database="x")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)" in html
    assert "<b>claims</b>" not in html and "&lt;b&gt;claims&lt;/b&gt;" in html
    md = render_report(corpus, "md", database="x")
    assert "<script>" not in md and "&lt;script&gt;alert\\(1\\)" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in md


def test_markdown_report(export_store: Store) -> None:
    md = render_report(load_corpus(export_store, Scope(entity="Night Owl")), "md", database="x")
    assert md.startswith("# Dossier: Night Owl\n")
    for heading in ["## Key judgements", "## Timeline", "## Actor network", "## Transfers"]:
        assert heading in md
    assert "| Osterlich | Ruritania | 2024 | 24 | Falcon |" in md
    assert "Ruritania denies" not in md  # out of scope


def test_report_command(export_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.md"
    result = CliRunner().invoke(main, ["report", "--db", str(export_db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Dossier: all documents")
    html = CliRunner().invoke(main, ["report", "--db", str(export_db), "--doc", "0"])
    assert html.exit_code in {0, 2}
    bad = CliRunner().invoke(
        main, ["report", "--db", str(export_db), "--entity", "X", "--doc", "1"]
    )
    assert bad.exit_code == 2 and bad.stderr.startswith("error: give at most one")


def test_timeline_periods_and_chart() -> None:
    assert period("2025-09") == (2025 + 8 / 12, 2025 + 9 / 12)
    assert period("XXXX-09") is None and period("202X") == (2020.0, 2030.0)
    svg = timeline_svg(
        [TimelinePoint(2024, 2025, "2024", "<i>x</i>", "reported", False, "/claims/c1")],
        marker=2025.2,
    )
    assert "&lt;i&gt;x&lt;/i&gt;" in svg and "latest report" in svg and "/claims/c1" in svg


def test_layout_is_deterministic_and_inside_the_square() -> None:
    nodes = [Node(str(i), f"n{i}", "state") for i in range(7)]
    edges = [Edge("0", "1"), Edge("1", "2"), Edge("3", "4")]
    first, second = layout(nodes, edges), layout(nodes, edges)
    assert first == second and set(first) == {n.id for n in nodes}
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in first.values())
