"""DOCX reader (python-docx): paragraphs and tables in document order, core properties."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from claimgraph.errors import InputError
from claimgraph.ingest.limits import Budget
from claimgraph.ingest.readers import RawInput
from claimgraph.ingest.xmlsafe import check_xml
from claimgraph.model import Origin

_XML_PARTS = ("word/document.xml", "docProps/core.xml")


def read_docx(
    data: bytes, source: str, *, budget: Budget, origin: Origin | None = None
) -> RawInput:
    """Text of a Word document: headings and paragraphs one per line, table rows as
    ``cell | cell``."""
    _check_package(data, source, budget)
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise InputError(f"{source}: not a readable DOCX file ({exc})") from None
    lines = list(_body_lines(document))
    text = "\n".join(lines).strip()
    if not text:
        raise InputError(f"{source}: empty document (no text in the DOCX file)")
    props = document.core_properties
    published = props.created.date().isoformat() if props.created else None
    authors = tuple(a.strip() for a in (props.author or "").split(";") if a.strip())
    return RawInput(
        text=text,
        source=source,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        title=(props.title or "").strip() or None,
        authors=authors,
        published=published,
        origin=origin,
    )


def _check_package(data: bytes, source: str, budget: Budget) -> None:
    """A DOCX is a zip: refuse a broken one, cap what it expands to, and check its XML."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError(f"{source}: not a readable DOCX file (not a zip package)") from None
    with package:
        names = set(package.namelist())
        if "word/document.xml" not in names:
            raise InputError(f"{source}: not a readable DOCX file (no word/document.xml)")
        for info in package.infolist():
            budget.check_file(info.file_size, f"{source}!{info.filename}")
        for name in _XML_PARTS:
            if name in names:
                with package.open(name) as fh:
                    part = fh.read(budget.limits.max_file_bytes + 1)
                budget.take_bytes(len(part), source)
                check_xml(part, f"{source}!{name}")


def _body_lines(document: Any) -> list[str]:
    """Paragraphs and tables in the order they appear in the body."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            lines.append(text)
        elif tag == "tbl":
            lines.append("")
            lines.extend(_table_rows(Table(child, document)))
            lines.append("")
    return lines


def _table_rows(table: Any) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or cells[-1] != text:  # merged cells repeat their text
                cells.append(text)
        if any(cells):
            rows.append(" | ".join(cells))
    return rows
