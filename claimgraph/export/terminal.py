"""The readable dossier printed by `claimgraph analyze` (rich)."""

from __future__ import annotations

from collections import defaultdict

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from claimgraph.analysis.timeline import summary
from claimgraph.model import Analysis, Claim, Grade, Hop

CERTAINTY_STYLE = {
    "fact": "green",
    "reported": "cyan",
    "probable": "cyan",
    "alleged": "yellow",
    "possible": "yellow",
    "doubtful": "red",
    "denied": "red",
}


def print_dossier(
    result: Analysis, *, show_removed: bool = False, console: Console | None = None
) -> None:
    """Print document facts, entities, claims, transfers and timeline."""
    console = console or Console()
    _document(result, console, show_removed)
    _entities(result, console)
    _claims(result, console)
    _transfers(result, console)
    _timeline(result, console)


def _document(result: Analysis, console: Console, show_removed: bool) -> None:
    doc = result.document
    console.rule(f"[bold]{escape(doc.title or doc.source or 'document')}")
    facts = [
        ("id", doc.id[:16]),
        ("outlet", doc.outlet or "—"),
        ("authors", ", ".join(doc.authors) or "—"),
        ("published", doc.published or "— (relative dates keep their year open)"),
        ("language", f"{doc.language} ({doc.language_confidence})" if doc.language else "—"),
        ("AI use disclosed", escape(doc.ai_disclosure.text) if doc.ai_disclosure else "no"),
        ("junk removed", f"{len(doc.removed)} lines"),
        ("origin cluster", doc.origin_cluster or "—"),
    ]
    for key, value in facts:
        console.print(
            f"[bold]{key:>17}[/bold]  {escape(str(value)) if key != 'AI use disclosed' else value}"
        )
    if show_removed:
        for removal in doc.removed:
            console.print(
                f"  [dim]- line {removal.line}: {escape(removal.text)} ({removal.reason})[/dim]"
            )


def _entities(result: Analysis, console: Console) -> None:
    groups: dict[str, list[str]] = defaultdict(list)
    for entity in result.entities:
        label = entity.name + (f" [{entity.country}]" if entity.country else "")
        groups[entity.type].append(f"{label} ×{len(entity.mentions)}" if entity.mentions else label)
    table = Table(title="Entities", show_lines=False, expand=True)
    table.add_column("type", style="bold", no_wrap=True)
    table.add_column("entities")
    for etype in sorted(groups):
        table.add_row(etype, escape(", ".join(groups[etype])))
    console.print(table)


def chain_text(hops: list[Hop]) -> str:
    """'a Taiwanese security official (anonymous) via The Washington Post -> author'."""
    parts = []
    for hop in hops:
        text = hop.source.name + (" (anonymous)" if hop.anonymous else "")
        if hop.via:
            text += f" via {hop.via.name}"
        parts.append(text)
    return " → ".join(parts) or "—"


def _claims(result: Analysis, console: Console) -> None:
    grades: dict[str, Grade] = {g.claim_id: g for g in result.grades}
    table = Table(title="Claims", expand=True, show_lines=True)
    for column in ("claim", "certainty", "sources", "grade", "evidence"):
        table.add_column(column)
    for claim in result.claims:
        grade = grades.get(claim.id)
        table.add_row(
            escape(_claim_label(claim)),
            f"[{CERTAINTY_STYLE[claim.certainty]}]{claim.certainty}[/]"
            + (
                f"\n[dim]{escape(', '.join(c.span.text for c in claim.cues))}[/dim]"
                if claim.cues
                else ""
            ),
            escape(chain_text(claim.attribution)),
            _grade_cell(grade),
            escape(claim.evidence.text[:160]),
        )
    console.print(table)


def _grade_cell(grade: Grade | None) -> str:
    """'F3 · 1 origin' with the reasons dimmed underneath."""
    if grade is None:
        return "—"
    origins = grade.independent_origins
    cell = f"[bold]{grade.reliability}{grade.credibility}[/bold] · {origins} origin" + (
        "s" if origins != 1 else ""
    )
    against = getattr(grade, "contradictions", 0) or 0
    if against:
        cell += f" · {against} against"
    reasons = "\n".join(f"- {r}" for r in grade.rationale)
    return cell + (f"\n[dim]{escape(reasons)}[/dim]" if reasons else "")


def _claim_label(claim: Claim) -> str:
    label = summary(claim)
    if claim.time:
        label += f" ({claim.time.label})"
    return label


def _transfers(result: Analysis, console: Console) -> None:
    if not result.transfers:
        console.print("[dim]No transfers found.[/dim]")
        return
    table = Table(title="Transfers", expand=True)
    for column in (
        "supplier",
        "recipient",
        "qty",
        "item",
        "category",
        "kind",
        "status",
        "year",
        "certainty",
    ):
        table.add_column(column)
    for t in result.transfers:
        quantity = t.quantity_text or (f"{t.quantity:g}" if t.quantity is not None else "?")
        year = t.order_year or (t.delivery_years[0] if t.delivery_years else "")
        table.add_row(
            escape(t.supplier.name if t.supplier else "?"),
            escape(t.recipient.name if t.recipient else "?"),
            escape(quantity),
            escape(
                t.item
                + (f" ({t.designation})" if t.designation and t.designation not in t.item else "")
            ),
            t.category or "",
            t.kind,
            t.status,
            str(year),
            t.certainty,
        )
    console.print(table)


def _timeline(result: Analysis, console: Console) -> None:
    if not result.timeline:
        console.print("[dim]No dated claims.[/dim]")
        return
    table = Table(title="Timeline", expand=True)
    for column in ("when", "what", "certainty"):
        table.add_column(column)
    for entry in result.timeline:
        when = entry.label + (" [magenta](forecast)[/]" if entry.forecast else "")
        table.add_row(when, escape(entry.what[:140]), entry.certainty)
    console.print(table)
