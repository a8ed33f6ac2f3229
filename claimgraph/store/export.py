"""Export the store as one JSON object or as one CSV file per record type.

CSV columns come from the record classes, not from the data, so they are the same for every
database: nested records are flattened with ``_`` (an EntityRef ``subject`` gives ``subject_id``,
``subject_name``; a Span ``evidence`` gives ``evidence_start``, ``evidence_end``,
``evidence_text``); lists of words, numbers, entity refs (ids) or spans (texts) are ``;``-joined;
lists of other records (cues, attribution hops, removed lines) are JSON.
"""

from __future__ import annotations

import csv
import json
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Union, get_args, get_origin

from pydantic import BaseModel

from claimgraph.model import (
    Attribution,
    Claim,
    Document,
    Entity,
    EntityRef,
    Grade,
    Mention,
    MergedClaim,
    OriginCluster,
    Span,
    TimelineEntry,
    Transfer,
)
from claimgraph.store import schema
from claimgraph.store.db import Store


@dataclass(frozen=True)
class Section:
    """One record type of the export: its name, class, and whether rows get a ``doc_id``."""

    name: str
    model: type[BaseModel]
    add_doc_id: bool
    exclude: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section("documents", Document, False),
    Section("entities", Entity, False, exclude=("mentions",)),
    Section("mentions", Mention, True),
    Section("claims", Claim, False),
    Section("transfers", Transfer, False),
    Section("attributions", Attribution, True),
    Section("timeline", TimelineEntry, True),
    Section("grades", Grade, True),
    Section("origin_clusters", OriginCluster, False),
    Section("merged_claims", MergedClaim, False),
)


def iter_section(store: Store, section: Section) -> Iterator[tuple[str | None, BaseModel]]:
    """``(doc_id or None, record)`` for every record of one section."""
    if section.name == "documents":
        yield from ((None, d) for d in store.documents())
    elif section.name == "entities":
        yield from ((None, e) for e in store.entities())
    elif section.name == "mentions":
        yield from store.iter_mentions()
    elif section.name == "origin_clusters":
        yield from ((None, c) for c in store.origin_clusters())
    elif section.name == "merged_claims":
        yield from ((None, m) for m in store.merged_claims())
    else:
        table = getattr(schema, section.name)
        yield from store.iter_doc_records(table, section.model)


def export_json(store: Store, out: IO[str]) -> None:
    """Write one JSON object with an array per record type (streamed, one record a line)."""
    out.write("{")
    for n, section in enumerate(SECTIONS):
        out.write(f'{"," if n else ""}\n"{section.name}": [')
        for i, (doc_id, record) in enumerate(iter_section(store, section)):
            line = json.dumps(_as_json(section, doc_id, record), ensure_ascii=False)
            out.write(("," if i else "") + "\n" + line)
        out.write("\n]")
    out.write("\n}\n")


def export_csv(store: Store, folder: Path) -> list[Path]:
    """Write ``<type>.csv`` per record type into ``folder``; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section in SECTIONS:
        path = folder / f"{section.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            write_csv(fh, section, iter_section(store, section))
        written.append(path)
    return written


def write_csv(out: IO[str], section: Section, rows: Iterable[tuple[str | None, BaseModel]]) -> None:
    """Header from :func:`section_columns`, then one flattened row per record."""
    writer = csv.writer(out)
    writer.writerow(section_columns(section))
    for doc_id, record in rows:
        flat = flatten(record, section.exclude)
        writer.writerow(([doc_id or ""] if section.add_doc_id else []) + list(flat.values()))


def section_columns(section: Section) -> list[str]:
    """The CSV header of a section."""
    lead = ["doc_id"] if section.add_doc_id else []
    return lead + columns(section.model, exclude=section.exclude)


def columns(model: type[BaseModel], prefix: str = "", exclude: tuple[str, ...] = ()) -> list[str]:
    """Flat column names of a record class, in field order."""
    names: list[str] = []
    for name, field in model.model_fields.items():
        if name in exclude:
            continue
        nested = _nested_model(field.annotation)
        if nested is not None:
            names += columns(nested, f"{prefix}{name}_")
        else:
            names.append(prefix + name)
    return names


def flatten(record: BaseModel, exclude: tuple[str, ...] = ()) -> dict[str, str]:
    """Column name -> cell text for one record, in :func:`columns` order."""
    return _flatten(type(record), record, "", exclude)


def _flatten(
    model: type[BaseModel], record: BaseModel | None, prefix: str, exclude: tuple[str, ...] = ()
) -> dict[str, str]:
    """Cells of one (possibly absent) nested record; ``None`` gives empty cells."""
    cells: dict[str, str] = {}
    for name, field in model.model_fields.items():
        if name in exclude:
            continue
        value = getattr(record, name) if record is not None else None
        nested = _nested_model(field.annotation)
        if nested is not None:
            cells.update(_flatten(nested, value, f"{prefix}{name}_"))
        else:
            cells[prefix + name] = cell(value)
    return cells


def cell(value: Any) -> str:
    """The CSV text of one value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return _list_cell(value)
    if isinstance(value, dict):
        return ";".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    return str(value)


def _list_cell(values: list[Any]) -> str:
    if all(isinstance(v, EntityRef) for v in values):
        return ";".join(v.id for v in values)
    if all(isinstance(v, Span) for v in values):
        return ";".join(v.text for v in values)
    if any(isinstance(v, BaseModel) for v in values):
        return json.dumps([v.model_dump(mode="json") for v in values], ensure_ascii=False)
    return ";".join(cell(v) for v in values)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The record class of a (possibly optional) nested-record field, else None."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _as_json(section: Section, doc_id: str | None, record: BaseModel) -> dict[str, Any]:
    data = record.model_dump(mode="json", exclude=set(section.exclude))
    return {"doc_id": doc_id, **data} if section.add_doc_id else data
