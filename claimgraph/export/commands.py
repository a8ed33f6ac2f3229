"""Commands: ``export`` (json, jsonl, csv, stix, ftm, sipri-csv) and ``report`` (md, html)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TypeVar

import click

from claimgraph.errors import ClaimgraphError, InputError
from claimgraph.export.corpus import Corpus, Scope, ingested_times, load_corpus
from claimgraph.export.edits import EditView
from claimgraph.store.commands import db_option
from claimgraph.store.db import Store

F = TypeVar("F", bound=Callable[..., Any])
EXPORT_FORMATS = ("json", "jsonl", "csv", "stix", "ftm", "sipri-csv")
SCOPED_FORMATS = ("stix", "ftm", "sipri-csv")


def scope_options(func: F) -> F:
    """Add --entity, --query and --doc."""
    func = click.option("--doc", help="Only this document (id or id prefix).")(func)
    func = click.option("--query", help="Only claims matching this full-text search.")(func)
    return click.option(
        "--entity", help="Only claims about or sourced from this entity (id, name or alias)."
    )(func)


def register(main: click.Group) -> None:
    """Add the export and report commands to the main group."""
    main.add_command(export)
    main.add_command(report)


@contextmanager
def _output(out: Path | None) -> Any:
    if out is None:
        yield sys.stdout
        return
    if out.is_dir():
        raise InputError(f"{out}: is a folder; give a file name")
    if not out.parent.exists():
        raise InputError(f"{out}: folder {out.parent} does not exist")
    with out.open("w", encoding="utf-8", newline="") as fh:
        yield fh
    click.echo(f"wrote {out}", err=True)


@click.command()
@db_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="json",
    show_default=True,
    help="json: one object; jsonl: one record a line; csv: one file per record type; "
    "stix: STIX 2.1 bundle; ftm: FollowTheMoney entities; sipri-csv: transfers register.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    help="Output file (default: standard output) or, for csv, folder (required).",
)
@scope_options
@click.option(
    "--statements", is_flag=True, help="ftm: write one FtM statement a line instead of entities."
)
def export(
    db: str,
    fmt: str,
    out: Path | None,
    entity: str | None,
    query: str | None,
    doc: str | None,
    statements: bool,
) -> None:
    """Export the database (analyst edits and reliability overrides applied).

    json is one object with an array per record type; jsonl one record a line with its
    "record_type"; csv one file per record type with flattened, stable columns. stix, ftm and
    sipri-csv take --entity, --query or --doc to narrow what is exported.
    """
    scope = Scope(entity=entity, query=query, doc=doc)
    if not scope.everything and fmt not in SCOPED_FORMATS:
        raise click.UsageError(f"--entity/--query/--doc work with {', '.join(SCOPED_FORMATS)}")
    if statements and fmt != "ftm":
        raise click.UsageError("--statements works with --format ftm")
    if fmt == "csv" and out is None:
        raise click.UsageError("--format csv writes one file per record type; give --out FOLDER")
    with Store.open(db, create=False) as store:
        if fmt in SCOPED_FORMATS:
            _export_scoped(store, fmt, scope, out, statements)
        else:
            _export_records(store, fmt, out)


def _export_records(store: Store, fmt: str, out: Path | None) -> None:
    from claimgraph.export.records import write_csv_folder, write_json, write_jsonl

    view = EditView.from_store(store)
    if fmt == "csv":
        assert out is not None
        if out.exists() and not out.is_dir():
            raise InputError(f"{out}: is a file; csv needs a folder")
        files = write_csv_folder(store, out, view)
        click.echo(f"wrote {len(files)} CSV files to {out}", err=True)
        return
    with _output(out) as fh:
        if fmt == "json":
            write_json(store, fh, view)
        else:
            write_jsonl(store, fh, view)


def _export_scoped(
    store: Store, fmt: str, scope: Scope, out: Path | None, statements: bool
) -> None:
    corpus = load_corpus(store, scope)
    with _output(out) as fh:
        write_scoped(store, corpus, fmt, fh, statements=statements)


def write_scoped(
    store: Store, corpus: Corpus, fmt: str, fh: IO[str], *, statements: bool = False
) -> int:
    """Write a stix, ftm or sipri-csv export of a corpus; return the number of items."""
    if fmt == "stix":
        from claimgraph.export.stix import created_times, write_stix

        return write_stix(corpus, fh, created=created_times(ingested_times(store).items()))
    if fmt == "ftm":
        try:
            from claimgraph.export.ftm import write_ftm
        except ImportError:
            raise ClaimgraphError(
                "the FtM export needs the 'ftm' extra: pip install 'claimgraph[ftm]' "
                "(it builds PyICU: install ICU headers first, e.g. apt-get install libicu-dev "
                "pkg-config g++)"
            ) from None

        return write_ftm(corpus, fh, statements=statements)
    from claimgraph.export.records import write_sipri_csv

    return write_sipri_csv(corpus, fh)


@click.command()
@db_option
@scope_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    help="md or html (default: from the --out suffix, else html).",
)
@click.option("--out", type=click.Path(path_type=Path), help="Output file (default: stdout).")
@click.option("--title", help="Report title (default: from the scope).")
def report(
    db: str,
    entity: str | None,
    query: str | None,
    doc: str | None,
    fmt: str | None,
    out: Path | None,
    title: str | None,
) -> None:
    """Write a dossier report: key judgements with grades, claims by topic with evidence and
    source chains, transfers, a timeline chart, an actor network, sources and a method note.

    The HTML file is self-contained (inline CSS and SVG, no script): it opens offline.
    """
    fmt = fmt or (
        "md" if out is not None and out.suffix.lower() in {".md", ".markdown"} else "html"
    )
    scope = Scope(entity=entity, query=query, doc=doc)
    with Store.open(db, create=False) as store:
        corpus = load_corpus(store, scope)
    text = render_report(corpus, fmt, database=db, title=title)
    with _output(out) as fh:
        fh.write(text)


def render_report(corpus: Corpus, fmt: str, *, database: str, title: str | None = None) -> str:
    """The report of a corpus as Markdown or HTML text."""
    from claimgraph.export.render import render_html, render_markdown
    from claimgraph.export.report import build_report, doc_label

    data = build_report(corpus, database=database, title=title)
    titles = {doc_id: doc_label(d, doc_id) for doc_id, d in corpus.documents.items()}
    return render_markdown(data, titles) if fmt == "md" else render_html(data, titles)
