"""``claimgraph extract``: the clean text (or Document record) of one input, no NLP; and the
cap options shared with ``claimgraph ingest``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import click

from claimgraph.errors import InputError
from claimgraph.ingest.items import Item, ItemFailure, iter_input, iter_path, iter_url
from claimgraph.ingest.limits import MIB, Limits
from claimgraph.ingest.readers import MAX_BYTES, RawInput, check_size
from claimgraph.ingest.web import is_url
from claimgraph.model import Document

F = TypeVar("F", bound=Callable[..., Any])


def limit_options(func: F) -> F:
    """Options for the caps on one input (defaults: ``resources/ingest.yaml``)."""
    defaults = Limits()
    options = [
        click.option(
            "--allow-private",
            is_flag=True,
            help="Fetch URLs on private, loopback and link-local addresses too.",
        ),
        click.option("--no-ocr", is_flag=True, help="Do not OCR PDF pages without text."),
        click.option(
            "--max-file-mb",
            type=click.FloatRange(min=0.001),
            default=defaults.max_file_bytes / MIB,
            show_default=True,
            help="Largest file, archive member or download (MiB).",
        ),
        click.option(
            "--max-total-mb",
            type=click.FloatRange(min=0.001),
            default=defaults.max_total_bytes / MIB,
            show_default=True,
            help="Most bytes unpacked from one archive, e-mail or feed (MiB).",
        ),
        click.option(
            "--max-depth",
            type=click.IntRange(min=0),
            default=defaults.max_archive_depth,
            show_default=True,
            help="Deepest nesting of archives and e-mail attachments.",
        ),
        click.option(
            "--max-members",
            type=click.IntRange(min=1),
            default=defaults.max_members,
            show_default=True,
            help="Most documents taken from one archive, mailbox or feed.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def limits_from(options: dict[str, Any]) -> Limits:
    """The :class:`Limits` the cap options ask for (the options are removed from the dict)."""
    file_bytes = int(options.pop("max_file_mb") * MIB)
    return Limits(
        max_file_bytes=file_bytes,
        max_download_bytes=file_bytes,
        max_total_bytes=int(options.pop("max_total_mb") * MIB),
        max_archive_depth=options.pop("max_depth"),
        max_members=options.pop("max_members"),
        allow_private=options.pop("allow_private"),
        ocr=not options.pop("no_ocr"),
    )


@click.command()
@click.argument("source", metavar="PATH|URL|-")
@click.option("--json", "as_json", is_flag=True, help="Print the Document record(s) as JSON.")
@limit_options
def extract(source: str, as_json: bool, **options: Any) -> None:
    """Print the clean text of one input (a file, a URL, or - for standard input).

    HTML, PDF, DOCX, e-mail (EML, MBOX), RSS/Atom, text and Markdown, and ZIP/TAR archives of
    them. An input with several documents prints each after a '==> source <==' line (with
    --json: a JSON array). No claims are extracted.
    """
    from claimgraph.text.clean import build_document

    limits = limits_from(options)
    documents: list[Document] = []
    failures: list[ItemFailure] = []
    ids: dict[str, str] = {}
    for item in _items(source, limits):
        if isinstance(item, ItemFailure):
            failures.append(item)
            continue
        try:
            doc = _document(item, build_document, ids)
        except InputError as exc:
            failures.append(ItemFailure(item.source, str(exc).removeprefix(f"{item.source}: ")))
            continue
        ids[item.source] = doc.id
        documents.append(doc)
    if not documents and len(failures) == 1:
        raise InputError(f"{failures[0].source}: {failures[0].reason}")
    for failure in failures:
        click.echo(f"failed: {failure.source}: {failure.reason}", err=True)
    if not documents:
        raise InputError(f"{source}: no document could be read ({len(failures)} failed)")
    _print(documents, as_json)


def _items(source: str, limits: Limits) -> Iterator[Item]:
    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        check_size(len(data), "<stdin>", limits.max_file_bytes)
        return iter_input(data, "-", name="-", limits=limits)
    if is_url(source):
        return iter_url(source, limits)
    return iter_path(source, limits)


def _document(item: RawInput, build: Callable[..., Document], ids: dict[str, str]) -> Document:
    parent_id = ids.get(item.parent) if item.parent else None
    return build(
        item.text,
        source=item.source,
        media_type=item.media_type,
        meta=item.document_meta(parent_id=parent_id),
    )


def _print(documents: list[Document], as_json: bool) -> None:
    if as_json:
        records = [d.model_dump(mode="json") for d in documents]
        data: Any = records[0] if len(records) == 1 else records
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for index, doc in enumerate(documents):
        if len(documents) > 1:
            click.echo(("\n" if index else "") + f"==> {doc.source} <==")
        click.echo(doc.text)
