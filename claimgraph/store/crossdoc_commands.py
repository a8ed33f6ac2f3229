"""Cross-document commands: clusters, merged, timeline, grades (and overrides)."""

from __future__ import annotations

import click

from claimgraph.analysis.timeline import merged_timeline
from claimgraph.errors import InputError
from claimgraph.model import MergedClaim
from claimgraph.store.commands import (
    _emit_records,
    _print_table,
    _short,
    _table,
    _texts,
    db_option,
    output_options,
)
from claimgraph.store.db import Store

GRADES = ("A", "B", "C", "D", "E", "F")


def register(main: click.Group) -> None:
    """Add the cross-document commands to the main group."""
    for command in (clusters, merged, timeline, grades):
        main.add_command(command)


def _open(db: str) -> Store:
    """Open a database and bring its cross-document stage up to date."""
    from claimgraph.analysis.crossdoc import update

    store = Store.open(db, create=False)
    try:
        update(store)
    except BaseException:
        store.close()
        raise
    return store


@click.command()
@db_option
@output_options
@click.option("--all", "show_all", is_flag=True, help="Also list single-document clusters.")
def clusters(db: str, as_json: bool, jsonl: bool, show_all: bool) -> None:
    """List origin clusters: copies, re-sends, wire versions and translations of one text."""
    with _open(db) as store:
        found = store.origin_clusters(min_size=1 if show_all else 2)
        titles = {d.id: d.title or d.source or d.id[:12] for d in store.documents()}
    if _emit_records(found, as_json, jsonl):
        return
    table = _table(
        "cluster", "docs", "earliest", "source", "copies", "languages", "event", "titles"
    )
    for c in found:
        table.add_row(
            *_texts(
                c.id,
                len(c.documents),
                f"{c.earliest[:12] if c.earliest else ''} {c.earliest_published or ''}".strip(),
                c.source.name if c.source else None,
                ", ".join(c.links),
                ", ".join(c.languages),
                c.event_cluster,
                "; ".join(_short(titles.get(d, d[:12]), 50) for d in c.documents[:4])
                + (f" (+{len(c.documents) - 4})" if len(c.documents) > 4 else ""),
            )
        )
    _print_table(table, len(found), "origin clusters")


@click.command()
@db_option
@output_options
@click.option("--entity", help="Only merged claims with this entity as subject or object.")
@click.option("--contradicted", is_flag=True, help="Only merged claims with contradictions.")
@click.option("--min-origins", type=click.IntRange(min=1), default=1, show_default=True)
@click.option("--multi", is_flag=True, help="Only claims reported by more than one document.")
def merged(
    db: str,
    as_json: bool,
    jsonl: bool,
    entity: str | None,
    contradicted: bool,
    min_origins: int,
    multi: bool,
) -> None:
    """List merged claims: the same claim across documents, its independent origins,
    contradictions (both sides) and grade with reasons."""
    with _open(db) as store:
        found = store.merged_claims(
            entity=entity, min_origins=min_origins, contradicted=contradicted
        )
    if multi:
        found = [m for m in found if len(m.documents) > 1]
    if _emit_records(found, as_json, jsonl):
        return
    table = _table("merged claim", "when", "docs", "origins", "grade", "contradictions")
    for m in found:
        table.add_row(
            *_texts(
                f"{m.id}\n{m.summary}",
                m.time.label or m.time.value if m.time else None,
                len(m.documents),
                f"{m.independent_origins}: " + "; ".join(m.origins),
                _grade_text(m),
                "\n".join(f"{c.kind}: {c.detail}" for c in m.contradictions) or None,
            )
        )
    _print_table(table, len(found), "merged claims")


def _grade_text(m: MergedClaim) -> str | None:
    if m.grade is None:
        return None
    lines = [f"{m.grade.reliability}{m.grade.credibility}"]
    lines += [f"- {reason}" for reason in m.grade.rationale]
    return "\n".join(lines)


@click.command()
@db_option
@output_options
@click.option("--entity", help="Only claims with this entity (id, name or alias).")
def timeline(db: str, as_json: bool, jsonl: bool, entity: str | None) -> None:
    """The timeline of merged claims across documents: time with its precision, forecasts
    marked, independent origins and contradictions."""
    with _open(db) as store:
        found = store.merged_claims(entity=entity, dated=True)
    entries = merged_timeline(found)
    if _emit_records(entries, as_json, jsonl):
        return
    table = _table("when", "precision", "what", "certainty", "origins", "docs", "merged claim")
    for e in entries:
        table.add_row(
            *_texts(
                e.label + (" (forecast)" if e.forecast else ""),
                e.precision,
                e.what + (" [contradicted]" if e.contradicted else ""),
                e.certainty,
                e.independent_origins,
                e.documents,
                e.claim_id,
            )
        )
    _print_table(table, len(entries), "timeline entries")


@click.group(invoke_without_command=True)
@db_option
@output_options
@click.pass_context
def grades(ctx: click.Context, db: str, as_json: bool, jsonl: bool) -> None:
    """Source reliability (A-F) of every originating source: the default for its kind
    (resources/grading.yaml) or your override. 'grades override' sets one."""
    ctx.obj = {"db": db}
    if ctx.invoked_subcommand is not None:
        return
    with _open(db) as store:
        found = store.source_reliabilities()
    if _emit_records(found, as_json, jsonl):
        return
    table = _table("source", "name", "kind", "default", "reliability", "claims", "override reason")
    for r in found:
        table.add_row(
            *_texts(
                r.source.id,
                r.source.name,
                r.kind,
                r.default,
                r.reliability,
                r.claims,
                r.override_reason,
            )
        )
    _print_table(table, len(found), "sources")


def _grades_db(ctx: click.Context, db: str | None) -> str:
    return db or (ctx.obj or {}).get("db") or ""


@grades.command()
@click.argument("source_id")
@click.argument("reliability", type=click.Choice(GRADES, case_sensitive=False))
@click.option("--reason", required=True, help="Why (kept with the override and shown in grades).")
@click.option("--db", "db_here", metavar="FILE|URL", help="Database (also accepted before).")
@click.pass_context
def override(
    ctx: click.Context, source_id: str, reliability: str, reason: str, db_here: str | None
) -> None:
    """Set the reliability of SOURCE_ID (e.g. media:reuters) and regrade its claims."""
    from claimgraph.analysis.crossdoc import regrade_source

    if not reason.strip():
        raise InputError("--reason must say why the reliability is overridden")
    with Store.open(_grades_db(ctx, db_here), create=False) as store:
        store.set_override(source_id, reliability.upper(), reason.strip())
        count = regrade_source(store, source_id)
    click.echo(f"{source_id}: reliability {reliability.upper()} ({count} reports regraded)")


@grades.command()
@click.argument("source_id")
@click.option("--db", "db_here", metavar="FILE|URL", help="Database (also accepted before).")
@click.pass_context
def clear(ctx: click.Context, source_id: str, db_here: str | None) -> None:
    """Remove the override of SOURCE_ID (back to the default for its kind)."""
    from claimgraph.analysis.crossdoc import regrade_source

    with Store.open(_grades_db(ctx, db_here), create=False) as store:
        store.set_override(source_id, None)
        count = regrade_source(store, source_id)
    click.echo(f"{source_id}: default reliability ({count} reports regraded)")
