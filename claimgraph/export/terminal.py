"""The readable dossier printed by `claimgraph analyze` (rich)."""

from __future__ import annotations

from rich.console import Console

from claimgraph.model import Analysis


def print_dossier(result: Analysis, *, show_removed: bool = False, console: Console | None = None) -> None:
    """Print document facts, entities, claims, transfers and timeline."""
    console = console or Console()
    console.print(f"[bold]{result.document.title or result.document.source}[/bold]")
