"""`claimgraph eval ...` commands."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from claimgraph.eval.checklist import ChecklistResult, load_gold, score_checklist


@click.group("eval")
def eval_group() -> None:
    """Score claimgraph against gold data."""


@eval_group.command("checklist")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("expected", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--published", help="Publication date (ISO) handed to the pipeline.")
@click.option("--title", help="Document title handed to the pipeline.")
@click.option("--outlet", help="Publishing outlet handed to the pipeline.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option(
    "--min-share",
    type=click.FloatRange(0.0, 1.0),
    help="Exit with status 1 when the share of checks passed is below this (0-1).",
)
@click.pass_context
def checklist(
    ctx: click.Context,
    article: Path,
    expected: Path,
    published: str | None,
    title: str | None,
    outlet: str | None,
    as_json: bool,
    min_share: float | None,
) -> None:
    """Analyse ARTICLE and score it against the gold checklist EXPECTED (JSON)."""
    from claimgraph.ingest import read_input
    from claimgraph.pipeline import analyze_text

    gold = load_gold(expected)
    raw = read_input(article)
    analysis = analyze_text(
        raw.text,
        source=raw.source,
        published=published,
        title=title,
        outlet=outlet,
        media_type=raw.media_type,
    )
    name = checklist_name(article)
    result = score_checklist(analysis, gold, published=published, name=name)
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        print_checklist(result)
    if min_share is not None and result.share < min_share:
        click.echo(f"share {result.share:.3f} is below --min-share {min_share}", err=True)
        ctx.exit(1)


def checklist_name(article: Path) -> str:
    """The name on the summary line: the folder of ``<case>/article.txt``, else the file stem.

    ``examples/seed-article/article.txt`` -> ``seed-article``;
    ``examples/articles/denial.txt`` -> ``denial``.
    """
    if article.stem == "article":
        return article.resolve().parent.name or article.stem
    return article.stem


def print_checklist(result: ChecklistResult, console: Console | None = None) -> None:
    """Print a table of the checks, a line per section and the share passed."""
    console = console or Console()
    table = Table(show_lines=False)
    for column in ("", "section", "id", "reason"):
        table.add_column(column, overflow="fold")
    for c in result.checks:
        mark = "[green]✓[/green]" if c.passed else "[red]✗[/red]"
        table.add_row(mark, escape(c.section), escape(c.id), escape(c.reason))
    console.print(table)
    sections = ", ".join(f"{s} {p}/{t}" for s, (p, t) in result.by_section().items())
    console.print(escape(sections))
    console.print(f"[bold]{escape(result.summary())}[/bold]")
