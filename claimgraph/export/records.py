"""Record exports: one JSON object, JSON lines, one CSV file per record type, and the
transfers in SIPRI arms-transfer register style.

Records are read through the analyst's edits and overrides (:class:`EditView`); without edits
they are exactly as stored. CSV columns come from the record classes (``store/export.py``), so
they are the same for every database.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from claimgraph.export.corpus import Corpus, chain_text, grade_label
from claimgraph.export.edits import EditView
from claimgraph.export.stix import icd203_word
from claimgraph.model import Entity, Grade, Mention
from claimgraph.store.db import Store
from claimgraph.store.export import SECTIONS, Section, iter_section, write_csv

SIPRI_COLUMNS: tuple[str, ...] = (
    "Recipient",
    "Supplier",
    "Year of order",
    "Number ordered",
    "Weapon designation",
    "Weapon description",
    "Number delivered",
    "Year(s) of delivery",
    "Deal status",
    "Comments",
    "Certainty",
    "ICD 203 (as worded)",
    "Grade",
    "Source chain",
    "Document",
    "Claim",
    "Evidence",
)
"""Register-style columns (recipient first, numbers in brackets are estimates, as in SIPRI's
register), then claimgraph's sourcing columns."""

DELIVERED = {"delivered", "in_service"}


def iter_records(store: Store, view: EditView) -> Iterator[tuple[Section, str | None, BaseModel]]:
    """``(section, doc_id, record)`` for every record, edits applied."""
    for section in SECTIONS:
        for doc_id, record in iter_viewed(store, view, section):
            yield section, doc_id, record


def iter_viewed(
    store: Store, view: EditView, section: Section
) -> Iterator[tuple[str | None, BaseModel]]:
    """``(doc_id, record)`` of one section, edits applied."""
    if section.name == "entities":
        yield from ((None, e) for e in view.entity_list())
        return
    for doc_id, record in iter_section(store, section):
        yield doc_id, _viewed(view, record, doc_id)


def _viewed(view: EditView, record: BaseModel, doc_id: str | None) -> BaseModel:
    if isinstance(record, Grade):
        return view.grade(record, doc_id)
    if isinstance(record, Mention) and doc_id is not None:
        return view.mention(record, doc_id)
    if isinstance(record, Entity):
        return view.entity(record.id) or record
    return view.record(record, doc_id)


def _as_json(section: Section, doc_id: str | None, record: BaseModel) -> dict[str, Any]:
    data = record.model_dump(mode="json", exclude=set(section.exclude))
    return {"doc_id": doc_id, **data} if section.add_doc_id else data


def write_json(store: Store, out: IO[str], view: EditView) -> None:
    """One JSON object with an array per record type (one record a line)."""
    out.write("{")
    for n, section in enumerate(SECTIONS):
        out.write(f'{"," if n else ""}\n"{section.name}": [')
        for i, (doc_id, record) in enumerate(iter_viewed(store, view, section)):
            line = json.dumps(_as_json(section, doc_id, record), ensure_ascii=False)
            out.write(("," if i else "") + "\n" + line)
        out.write("\n]")
    out.write("\n}\n")


def write_jsonl(store: Store, out: IO[str], view: EditView) -> int:
    """One JSON record a line, its record type (section name) under ``record_type``; return
    the number of lines."""
    count = 0
    for section, doc_id, record in iter_records(store, view):
        data = {"record_type": section.name, **_as_json(section, doc_id, record)}
        out.write(json.dumps(data, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv_folder(store: Store, folder: Path, view: EditView) -> list[Path]:
    """``<type>.csv`` per record type; return the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for section in SECTIONS:
        path = folder / f"{section.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            write_csv(fh, section, iter_viewed(store, view, section))
        written.append(path)
    return written


def sipri_rows(corpus: Corpus) -> Iterator[dict[str, str]]:
    """Transfers as register rows (recipient, supplier, numbers, designation, years, ...)."""
    for t in sorted(
        corpus.transfers,
        key=lambda t: (_name(t.recipient), _name(t.supplier), t.order_year or 0, t.id),
    ):
        claim = corpus.claim(t.claim_id, t.doc_id) if t.claim_id else None
        grade = corpus.grade(claim) if claim else None
        number = _number(t.quantity, t.quantity_max, t.quantity_text, t.estimated)
        delivered = t.status in DELIVERED
        comments = [f"{t.kind} transfer"]
        if t.category:
            comments.append(t.category)
        if t.quantity_text and t.quantity is None:
            comments.append(f"quantity given as “{t.quantity_text}”")
        doc = corpus.documents.get(t.doc_id)
        yield {
            "Recipient": _name(t.recipient),
            "Supplier": _name(t.supplier),
            "Year of order": str(t.order_year or ""),
            "Number ordered": "" if delivered else number,
            "Weapon designation": t.designation or "",
            "Weapon description": t.item,
            "Number delivered": number if delivered else "",
            "Year(s) of delivery": "; ".join(str(y) for y in t.delivery_years),
            "Deal status": t.status,
            "Comments": "; ".join(comments),
            "Certainty": t.certainty,
            "ICD 203 (as worded)": icd203_word(t.certainty),
            "Grade": grade_label(grade),
            "Source chain": chain_text(t),
            "Document": (doc.title or doc.source or t.doc_id[:12]) if doc else t.doc_id[:12],
            "Claim": t.claim_id or "",
            "Evidence": t.evidence.text,
        }


def write_sipri_csv(corpus: Corpus, out: IO[str]) -> int:
    """The transfers as a register-style CSV; return the number of rows."""
    writer = csv.DictWriter(out, fieldnames=list(SIPRI_COLUMNS))
    writer.writeheader()
    count = 0
    for row in sipri_rows(corpus):
        writer.writerow(row)
        count += 1
    return count


def _name(ref: Any) -> str:
    return ref.name if ref is not None else "unknown"


def _number(
    quantity: float | None, quantity_max: float | None, text: str | None, estimated: bool
) -> str:
    if quantity is None:
        return ""
    value = f"{quantity:g}"
    if quantity_max is not None and quantity_max != quantity:
        value += f"–{quantity_max:g}"
    return f"({value})" if estimated else value
