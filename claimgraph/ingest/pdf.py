"""PDF reader: the text layer with pypdfium2; pages without one are OCR'd with tesseract.

Debian's ``tesseract-ocr`` (with ``tesseract-ocr-rus`` and ``tesseract-ocr-chi-sim``) is used
when installed; otherwise such pages are reported as needing OCR. Password-protected and
broken files fail with a clear reason.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import tempfile
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from claimgraph.errors import InputError
from claimgraph.ingest.readers import RawInput
from claimgraph.model import Origin
from claimgraph.resources import load_yaml

log = logging.getLogger(__name__)

OCR_TIMEOUT_S = 120
_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?")


def _ocr_settings() -> dict[str, Any]:
    settings: dict[str, Any] = load_yaml("ingest.yaml")["ocr"]
    return settings


def read_pdf(
    data: bytes, source: str, *, ocr: bool = True, origin: Origin | None = None
) -> RawInput:
    """Text of every page (one blank line between pages) and the document's metadata."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(_load_error(source, str(exc))) from None
    try:
        texts, needs_ocr, ocr_done = _page_texts(pdf, ocr)
        meta = _metadata(pdf)
    finally:
        pdf.close()
    warnings = []
    if ocr_done:
        warnings.append(f"text of page(s) {_pages(ocr_done)} read by OCR (tesseract)")
    if needs_ocr:
        warnings.append(f"needs OCR: page(s) {_pages(needs_ocr)} have no text layer")
    text = "\n\n".join(t for t in texts if t.strip())
    if not text.strip():
        if needs_ocr:
            raise InputError(
                f"{source}: needs OCR: no page has a text layer (scanned PDF) and tesseract is "
                "not installed (Debian: apt-get install tesseract-ocr tesseract-ocr-rus "
                "tesseract-ocr-chi-sim)"
            )
        raise InputError(f"{source}: empty document (no text in the PDF)")
    return RawInput(
        text=text,
        source=source,
        media_type="application/pdf",
        title=meta.get("title"),
        authors=tuple(meta["authors"]),
        published=meta.get("published"),
        origin=origin,
        warnings=tuple(warnings),
    )


def _load_error(source: str, message: str) -> str:
    if "password" in message.lower():
        return f"{source}: password-protected PDF; remove the password first (e.g. qpdf --decrypt)"
    reason = message.split("(PDFium: ")[-1].rstrip(").") if "PDFium:" in message else message
    return f"{source}: not a readable PDF ({reason.strip().lower()})"


def _page_texts(pdf: Any, ocr: bool) -> tuple[list[str], list[int], list[int]]:
    minimum = int(_ocr_settings()["min_text_chars"])
    texts: list[str] = []
    needs_ocr: list[int] = []
    ocr_done: list[int] = []
    for index in range(len(pdf)):
        page = pdf[index]
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        textpage.close()
        if len(text.strip()) < minimum:
            scanned = ocr_page(page) if ocr and tesseract_languages() else None
            if scanned is None:
                needs_ocr.append(index + 1)
            else:
                ocr_done.append(index + 1)
                text = scanned
        page.close()
        texts.append(reflow(text))
    return texts, needs_ocr, ocr_done


def reflow(text: str) -> str:
    """Join the hard line breaks of PDF text inside paragraphs (a line that does not end a
    sentence, followed by one starting in lower case); drop hyphens split across lines."""
    lines = [ln.rstrip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line[:1].islower():
            previous = out[-1]
            if previous.endswith("-") and previous[-2:-1].isalpha():
                out[-1] = previous[:-1] + line.lstrip()
                continue
            if not previous.endswith((".", "!", "?", ":", ";")):
                out[-1] = previous + " " + line.lstrip()
                continue
        out.append(line)
    return "\n".join(out).strip()


@cache
def tesseract_languages() -> str | None:
    """The configured OCR languages that tesseract has (``eng+rus+chi_sim``), or None when
    tesseract is not installed."""
    binary = shutil.which("tesseract")
    if binary is None:
        return None
    try:
        listed = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return None
    wanted = str(_ocr_settings()["languages"]).split("+")
    have = [lang for lang in wanted if lang in listed]
    return "+".join(have) if have else None


def ocr_page(page: Any) -> str | None:
    """Text of one rendered page by tesseract, or None if OCR failed."""
    languages = tesseract_languages()
    if languages is None:
        return None
    bitmap = page.render(scale=float(_ocr_settings()["dpi"]) / 72, grayscale=True)
    with tempfile.TemporaryDirectory(prefix="claimgraph-ocr-") as tmp:
        image = Path(tmp) / "page.pgm"
        _write_pgm(bitmap, image)
        try:
            done = subprocess.run(
                ["tesseract", str(image), "stdout", "-l", languages],
                capture_output=True,
                text=True,
                timeout=OCR_TIMEOUT_S,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            log.warning("OCR failed: %s", exc)
            return None
    if done.returncode != 0:
        log.warning("tesseract failed: %s", done.stderr.strip()[:200])
        return None
    return done.stdout


def _write_pgm(bitmap: Any, path: Path) -> None:
    """Write an 8-bit grey bitmap as a binary PGM file (tesseract reads it natively)."""
    width, height, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    rows = b"".join(buffer[y * stride : y * stride + width] for y in range(height))
    path.write_bytes(f"P5 {width} {height} 255\n".encode("ascii") + rows)


def _metadata(pdf: Any) -> dict[str, Any]:
    try:
        info = pdf.get_metadata_dict(skip_empty=True)
    except Exception:  # broken info dictionary: no metadata
        info = {}
    authors = [a.strip() for a in re.split(r"[;,]| and ", info.get("Author", "")) if a.strip()]
    return {
        "title": (info.get("Title") or "").strip() or None,
        "authors": authors,
        "published": _pdf_date(info.get("CreationDate", "")),
    }


def _pdf_date(value: str) -> str | None:
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return "-".join(p for p in (year, month, day) if p)


def _pages(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)
