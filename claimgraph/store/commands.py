"""Store commands: ingest, documents, entities, claims, transfers, search."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar, get_args

import click
from pydantic import BaseModel
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from claimgraph.errors import InputError
from claimgraph.ingest.batch import IngestReport, ItemResult, ingest_found
from claimgraph.ingest.commands import limit_options, limits_from
from claimgraph.ingest.discover import Discovery, discover
from claimgraph.ingest.limits import Limits
from claimgraph.model import Certainty, EntityType, TransferStatus
from claimgraph.store.db import Store
from claimgraph.store.engine import DEFAULT_DB, ENV_DB
from claimgraph.store.search import MARK, SearchHit, search

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db",
    envvar=ENV_DB,
    default=DEFAULT_DB,
    show_default=True,
    metavar="FILE|URL",
    help=f"SQLite file or SQLAlchemy URL (environment: {ENV_DB}).",
)


def output_options(func: F) -> F:
    """Add --json and --jsonl."""
    func = click.option("--jsonl", is_flag=True, help="Print one JSON record per line.")(func)
    return click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")(func)


def register(main: click.Group) -> None:
    """Add the store commands to the main group."""
    from claimgraph.store.entity_commands import add_edit_commands

    add_edit_commands(entities, db_option)
    for command in (ingest, documents, entities, claims, transfers, search_command):
        main.add_command(command)
    from claimgraph.store.crossdoc_commands import register as register_crossdoc

    register_crossdoc(main)


# -- ingest -----------------------------------------------------------------------------------


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH|URL...")
@db_option
@click.option("--published", help="Publication date (ISO) applied to every document.")
@click.option("--outlet", help="Publishing outlet applied to every document.")
@limit_options
def ingest(
    paths: tuple[str, ...], db: str, published: str | None, outlet: str | None, **caps: Any
) -> None:
    """Analyse files, folders and URLs into the database.

    Folders are read recursively (text, Markdown, HTML, PDF, DOCX, EML, MBOX, RSS/Atom, ZIP
    and TAR files, and extension-less text files; hidden files are skipped). An archive,
    mailbox or feed gives one document per item; e-mail attachments are documents linked to
    their message. Re-ingesting the same text changes nothing. One failing document is logged
    and the batch goes on.
    """
    limits = limits_from(caps)
    found = discover(paths)
    if not found.files and not found.urls:
        raise InputError(_nothing_found(paths, found))
    with Store.open(db) as store:
        report = _run_with_progress(store, found, published=published, outlet=outlet, limits=limits)
    if not report.stored_any:
        raise InputError(_nothing_ingested(report))
    _print_summary(report, db)


def _run_with_progress(
    store: Store,
    found: Discovery,
    *,
    published: str | None,
    outlet: str | None,
    limits: Limits | None = None,
) -> IngestReport:
    console = Console(stderr=True)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=not console.is_terminal) as progress:
        observer = _ProgressObserver(progress)
        report = ingest_found(
            store, found, published=published, outlet=outlet, observer=observer, limits=limits
        )
        progress.update(observer.task, description="ingested")
    return report


class _ProgressObserver:
    """Drives a rich progress bar from the batch hooks."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.task = progress.add_task("ingesting", total=None)

    def start(self, total: int) -> None:
        self.progress.update(self.task, total=total)

    def item_started(self, path: Path) -> None:
        self.progress.update(self.task, description=f"ingesting {path.name[:40]}")

    def item_done(self, result: ItemResult) -> None:
        self.progress.advance(self.task)


def _nothing_found(paths: Sequence[str], found: Discovery) -> str:
    folders = [p for p in paths if p not in found.missing]
    parts = []
    if folders:
        n = len(found.ignored)
        ignored = f" (ignored {n} files of unsupported types)" if n else ""
        parts.append(f"no documents found in {', '.join(folders)}{ignored}")
    parts += [f"{p}: no such file or folder" for p in found.missing]
    return "; ".join(parts)


def _nothing_ingested(report: IngestReport) -> str:
    failures = report.failures
    if len(failures) == 1:
        return f"{failures[0].source}: {failures[0].reason}"
    for failure in failures:
        click.echo(f"failed: {failure.source}: {failure.reason}", err=True)
    return f"nothing ingested: all {len(failures)} documents failed"


def _print_summary(report: IngestReport, db: str) -> None:
    click.echo(
        f"ingested {report.count('ingested')}, skipped {report.count('duplicate')} as duplicate, "
        f"failed {report.count('failed')} (database: {db})"
    )
    for failure in report.failures:
        click.echo(f"  failed: {failure.source}: {failure.reason}")
    if report.ignored:
        suffixes = sorted({p.suffix.lower() or "(none)" for p in report.ignored})
        click.echo(
            f"  ignored {len(report.ignored)} files of unsupported types ({', '.join(suffixes)})"
        )


# -- listings ---------------------------------------------------------------------------------


@click.command()
@db_option
@output_options
@click.option("--limit", type=int, help="Show at most this many documents.")
def documents(db: str, as_json: bool, jsonl: bool, limit: int | None) -> None:
    """List stored documents."""
    with Store.open(db, create=False) as store:
        docs = store.documents(limit=limit)
        if _emit_records(docs, as_json, jsonl):
            return
        counts = store.claim_counts()
    table = _table("id", "title / source", "outlet", "published", "lang", "claims")
    for d in docs:
        table.add_row(
            *_texts(
                d.id[:12],
                d.title or d.source,
                d.outlet,
                d.published,
                d.language,
                counts.get(d.id, 0),
            )
        )
    _print_table(table, len(docs), "documents")


@click.group(invoke_without_command=True)
@db_option
@output_options
@click.option("--type", "type_", type=click.Choice(get_args(EntityType)), help="Entity type.")
@click.pass_context
def entities(ctx: click.Context, db: str, as_json: bool, jsonl: bool, type_: str | None) -> None:
    """List entities, merged across documents, with analysts' edits applied.

    JSON records leave out mentions (see 'export' for mentions with their documents).
    Subcommands edit entities: merge, rename, split, edits (the log), revert.
    """
    if ctx.invoked_subcommand is not None:
        return
    from claimgraph.export.edits import EditView

    with Store.open(db, create=False) as store:
        view = EditView.from_store(store)
        ents = view.entity_list() if view.active else store.entities()
        ents = [e for e in ents if type_ is None or e.type == type_]
        if _emit_records(ents, as_json, jsonl):
            return
        stats = store.entity_stats()
    table = _table("id", "name", "type", "country", "docs", "mentions", "aliases")
    for e in ents:
        s = stats.get(e.id)
        table.add_row(
            *_texts(
                e.id,
                e.name,
                e.type,
                e.country,
                s.documents if s else 0,
                s.mentions if s else 0,
                "; ".join(e.aliases),
            )
        )
    _print_table(table, len(ents), "entities")


@click.command()
@db_option
@output_options
@click.option("--certainty", type=click.Choice(get_args(Certainty)), help="Only this certainty.")
@click.option("--doc", help="Only claims of this document (id or id prefix).")
@click.option(
    "--entity", help="Only claims with this entity (id, name or alias) as subject or object."
)
@click.option("--why", is_flag=True, help="Show the reasons of each grade.")
def claims(
    db: str,
    as_json: bool,
    jsonl: bool,
    certainty: str | None,
    doc: str | None,
    entity: str | None,
    why: bool,
) -> None:
    """List claims with their grade, independent origins, origin cluster and contradictions.

    JSON records are the claims as extracted; their grades (with the cross-document
    corroboration) are in 'export' and 'merged --json'.
    """
    with Store.open(db, create=False) as store:
        found = store.claims(certainty=certainty, doc_id=doc, entity=entity)
        grades = {} if (as_json or jsonl) else store.grades_by_claim(doc)
    if _emit_records(found, as_json, jsonl):
        return
    table = _table(
        "doc",
        "claim",
        "subject",
        "relation",
        "object",
        "certainty",
        "grade",
        "origins",
        "cluster",
        "evidence",
    )
    for c in found:
        g = grades.get((c.doc_id, c.id))
        grade = f"{g.reliability}{g.credibility}" if g else None
        if g and why:
            grade = "\n".join([grade or "", *(f"- {r}" for r in g.rationale)])
        origins = None
        if g:
            origins = f"{g.independent_origins}" + (
                f", {g.contradictions} against" if g.contradictions else ""
            )
        table.add_row(
            *_texts(
                c.doc_id[:12],
                c.id,
                c.subject.name if c.subject else None,
                c.relation.name,
                c.object.name if c.object else None,
                c.certainty,
                grade,
                origins,
                g.origin_cluster if g else None,
                _short(c.evidence.text, 100),
            )
        )
    _print_table(table, len(found), "claims")


@click.command()
@db_option
@output_options
@click.option("--supplier", help="Supplier id, name or alias.")
@click.option("--recipient", help="Recipient id, name or alias.")
@click.option("--status", type=click.Choice(get_args(TransferStatus)), help="Transfer status.")
@click.option("--doc", help="Only transfers of this document (id or id prefix).")
def transfers(
    db: str,
    as_json: bool,
    jsonl: bool,
    supplier: str | None,
    recipient: str | None,
    status: str | None,
    doc: str | None,
) -> None:
    """List transfers of arms, training and technology."""
    with Store.open(db, create=False) as store:
        found = store.transfers(supplier=supplier, recipient=recipient, status=status, doc_id=doc)
    if _emit_records(found, as_json, jsonl):
        return
    table = _table("supplier", "recipient", "item", "quantity", "status", "certainty", "doc")
    for t in found:
        table.add_row(
            *_texts(
                t.supplier.name if t.supplier else None,
                t.recipient.name if t.recipient else None,
                t.designation or t.item,
                t.quantity_text or t.quantity,
                t.status,
                t.certainty,
                t.doc_id[:12],
            )
        )
    _print_table(table, len(found), "transfers")


# -- search --------------------------------------------------------------------------------


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@db_option
@output_options
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
def search_command(query: tuple[str, ...], db: str, as_json: bool, jsonl: bool, limit: int) -> None:
    """Full-text search of documents and claims.

    Words are all required; FTS5 syntax (OR, NOT, "phrases", prefix*) works on SQLite.
    """
    with Store.open(db, create=False) as store:
        hits = search(store, " ".join(query), limit=limit)
    if _emit_dicts([dataclasses.asdict(h) for h in hits], as_json, jsonl):
        return
    table = _table("kind", "doc", "claim", "title / source", "snippet")
    for h in hits:
        table.add_row(*_texts(h.kind, h.doc_id[:12], h.claim_id, h.title or h.source), _marked(h))
    _print_table(table, len(hits), "matches")


# -- output helpers ---------------------------------------------------------------------------


def _emit_records(records: Sequence[BaseModel], as_json: bool, jsonl: bool) -> bool:
    """Print records as JSON/JSONL if asked; True if printed."""
    return _emit_dicts([r.model_dump(mode="json") for r in records], as_json, jsonl)


def _emit_dicts(items: list[dict[str, Any]], as_json: bool, jsonl: bool) -> bool:
    if jsonl:
        for item in items:
            click.echo(json.dumps(item, ensure_ascii=False))
        return True
    if as_json:
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return True
    return False


def _table(*headers: str) -> Table:
    table = Table(show_lines=False, header_style="bold")
    for header in headers:
        table.add_column(header, overflow="fold")
    return table


def _print_table(table: Table, count: int, noun: str) -> None:
    console = Console()
    if count:
        console.print(table)
    console.print(Text(f"{count} {noun}", style="dim"))


def _texts(*values: object) -> Iterable[Text]:
    return [Text("" if v is None else str(v)) for v in values]


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _marked(hit: SearchHit) -> Text:
    """The snippet with matched terms in bold."""
    out = Text()
    for i, part in enumerate(hit.snippet.split(MARK)):
        out.append(part, style="bold yellow" if i % 2 else "")
    return out
