"""Readers of every format, with files generated here: HTML, PDF, DOCX, e-mail, feeds,
archives; one item per document, each saying where it came from."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.ingest import read_input
from claimgraph.ingest.items import ItemFailure, iter_input, iter_path
from claimgraph.ingest.limits import Limits
from claimgraph.ingest.pdf import tesseract_languages
from claimgraph.ingest.readers import RawInput

from .makefiles import (
    ARTICLE,
    ATOM,
    PAGE,
    RSS,
    docx_bytes,
    email_bytes,
    encrypted_pdf,
    scanned_pdf,
    text_pdf,
)


def _items(data: bytes, name: str, **limits: int) -> list[RawInput | ItemFailure]:
    return list(iter_input(data, name, name=name, limits=Limits(**limits)))


def _docs(items: list[RawInput | ItemFailure]) -> list[RawInput]:
    return [i for i in items if isinstance(i, RawInput)]


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    raw = read_input(tmp_path / "page.html")
    assert raw.media_type == "text/html"
    assert ARTICLE in raw.text
    assert "Home" not in raw.text and "INJECTED" not in raw.text
    assert raw.title == "Leopards for Kyiv"
    assert raw.authors == ("Jane Roe",)
    assert raw.site_name == "Defence Daily"
    assert raw.published == "2024-03-05"
    assert raw.url == "https://news.example.org/a/leopards"


def test_html_without_suffix_is_sniffed() -> None:
    [raw] = _items(PAGE.encode(), "download")
    assert isinstance(raw, RawInput) and raw.media_type == "text/html"


def test_html_fallback_when_extraction_finds_too_little() -> None:
    page = (
        "<html><body><div><span>Russia delivered S-400 systems to India.</span></div></body></html>"
    )
    [raw] = _items(page.encode(), "tiny.html")
    assert isinstance(raw, RawInput)
    assert "S-400" in raw.text


@pytest.mark.parametrize(
    "data",
    [b"<html><body><script>alert(1)</script></body></html>", b"<html>\x00\x01</html>"],
)
def test_html_without_text_is_a_failure(data: bytes) -> None:
    [item] = _items(data, "empty.html")
    assert isinstance(item, ItemFailure)


def test_legacy_encoded_html_is_decoded() -> None:
    page = (
        "<html><head><meta charset='windows-1251'></head><body><p>"
        + "Министерство обороны заявило, что поставки зенитных ракетных комплексов продолжатся. "
        * 5
        + "</p></body></html>"
    )
    [raw] = _items(page.encode("cp1251"), "ru.html")
    assert isinstance(raw, RawInput) and "Министерство обороны" in raw.text


def test_pdf_text_layer_and_metadata() -> None:
    pdf = text_pdf(["Germany will deliver Leopard tanks to Poland,", "officials said on Tuesday."])
    [raw] = _items(pdf, "report.pdf")
    assert isinstance(raw, RawInput)
    assert raw.text == "Germany will deliver Leopard tanks to Poland, officials said on Tuesday."
    assert raw.title == "Deliveries report" and raw.authors == ("Jane Roe",)
    assert raw.published == "2024-03-05"
    assert raw.warnings == ()


def test_broken_and_encrypted_pdfs_fail_clearly() -> None:
    [broken] = _items(b"%PDF-1.4\nnot really a pdf", "broken.pdf")
    assert isinstance(broken, ItemFailure) and "not a readable PDF" in broken.reason
    [locked] = _items(encrypted_pdf(), "locked.pdf")
    assert isinstance(locked, ItemFailure) and "password-protected" in locked.reason


def test_scanned_pdf_needs_ocr_without_tesseract(monkeypatch) -> None:
    from claimgraph.ingest import pdf

    monkeypatch.setattr(pdf, "tesseract_languages", lambda: None)
    [item] = _items(scanned_pdf(["SCANNED REPORT"]), "scan.pdf")
    assert isinstance(item, ItemFailure) and item.reason.startswith("needs OCR")


def test_scanned_pdf_ocr_can_be_turned_off() -> None:
    [item] = _items(scanned_pdf(["SCANNED REPORT"]), "scan.pdf", ocr=False)
    assert isinstance(item, ItemFailure) and "needs OCR" in item.reason


@pytest.mark.skipif(tesseract_languages() is None, reason="tesseract is not installed")
def test_scanned_pdf_is_read_by_ocr() -> None:
    [raw] = _items(scanned_pdf(["SCANNED REPORT", "Russia delivered tanks to Syria."]), "scan.pdf")
    assert isinstance(raw, RawInput)
    assert "SCANNED REPORT" in raw.text and "Syria" in raw.text
    assert any("OCR" in w for w in raw.warnings)


def test_docx_paragraphs_and_tables_in_order() -> None:
    [raw] = _items(docx_bytes(), "memo.docx")
    assert isinstance(raw, RawInput)
    assert raw.text.split("\n") == [
        "Deliveries in 2024",
        "Germany delivered 14 Leopard tanks to Poland, officials said.",
        "",
        "Item | Quantity",
        "Leopard 2A4 | 14",
        "",
        "After the table.",
    ]
    assert raw.title == "Deliveries" and raw.authors == ("Jane Roe",)


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"PK\x03\x04 not a zip at all", "not a readable DOCX"),
        (b"", "not a readable DOCX"),
    ],
)
def test_malformed_docx_is_a_failure(data: bytes, reason: str) -> None:
    [item] = _items(data, "bad.docx")
    assert isinstance(item, ItemFailure) and reason in item.reason


def test_docx_with_entity_declarations_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>',
        )
    [item] = _items(buffer.getvalue(), "laughs.docx")
    assert isinstance(item, ItemFailure) and "declares entities" in item.reason


def test_email_headers_body_and_linked_attachments() -> None:
    items = _items(email_bytes(), "memo.eml")
    message, report, page = _docs(items)
    assert message.title == "Leaked memo on S-400"
    assert message.authors == ("Ann Analyst",)
    assert message.published == "2024-03-05"
    assert message.origin is not None and message.origin.message_id == "<memo-1@example.org>"
    assert "S-400 systems to India" in message.text
    assert report.source == "memo.eml#attachment:report.txt"
    assert report.parent == "memo.eml" and page.parent == "memo.eml"
    assert report.origin is not None and report.origin.attachment == "report.txt"
    assert page.media_type == "text/html" and ARTICLE in page.text


def test_read_input_gives_the_message_of_an_email(tmp_path: Path) -> None:
    (tmp_path / "memo.eml").write_bytes(email_bytes())
    assert read_input(tmp_path / "memo.eml").title == "Leaked memo on S-400"


def test_malformed_email_is_a_failure() -> None:
    [item] = _items(b"\x00\x01\x02 no headers here", "broken.eml")
    assert isinstance(item, ItemFailure)


def test_mbox_gives_each_message() -> None:
    mbox = b"".join(
        b"From ann@example.org Tue Mar  5 10:00:00 2024\n" + email_bytes(False) + b"\n"
        for _ in range(2)
    )
    items = _items(mbox, "box.mbox")
    assert [i.source for i in items] == ["box.mbox#message-1", "box.mbox#message-2"]


@pytest.mark.parametrize("feed, name", [(RSS, "wire.rss"), (ATOM, "wire.atom")])
def test_feed_entries_are_documents(feed: str, name: str) -> None:
    items = _docs(_items(feed.encode(), name))
    assert items and all(i.origin and i.origin.feed_entry_id for i in items)
    first = items[0]
    assert first.url and first.url.startswith("https://news.example.org/")
    assert first.published and first.published.startswith("2024-03-0")
    assert "<p>" not in first.text


def test_rss_entry_metadata() -> None:
    first = _docs(_items(RSS.encode(), "wire.rss"))[0]
    assert first.title == "Tanks for Ukraine"
    assert first.site_name == "Defence Wire"
    assert first.origin is not None and first.origin.feed_entry_id == "wire-1"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _tar(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def test_zip_is_read_recursively_with_paths() -> None:
    inner = _tar({"deep/note.txt": b"Iran sent drones to Sudan, officials said."})
    data = _zip(
        {
            "a.txt": ARTICLE.encode(),
            "sub/page.html": PAGE.encode(),
            "memo.eml": email_bytes(False),
            "inner.tar.gz": inner,
            "bad.pdf": b"%PDF-1.4 junk",
            "__MACOSX/._a.txt": b"junk",
        }
    )
    items = _items(data, "bundle.zip")
    sources = [i.source for i in items]
    assert sources == [
        "bundle.zip!a.txt",
        "bundle.zip!sub/page.html",
        "bundle.zip!memo.eml",
        "bundle.zip!inner.tar.gz!deep/note.txt",
        "bundle.zip!bad.pdf",
    ]
    deep = items[3]
    assert isinstance(deep, RawInput) and deep.origin is not None
    assert (
        deep.origin.container == "bundle.zip" and deep.origin.path == "inner.tar.gz!deep/note.txt"
    )
    assert isinstance(items[4], ItemFailure)


def test_tar_is_read() -> None:
    items = _items(_tar({"x/a.txt": ARTICLE.encode()}, "w"), "plain.tar")
    assert [i.source for i in _docs(items)] == ["plain.tar!x/a.txt"]


def test_archive_depth_cap() -> None:
    data = ARTICLE.encode()
    for level in range(5):
        data = _zip({f"level{level}.zip" if level else "a.txt": data})
    items = _items(data, "nested.zip", max_archive_depth=2)
    assert len(items) == 1 and isinstance(items[0], ItemFailure)
    assert "archive depth cap" in items[0].reason


def test_zip_bomb_stops_at_the_total_cap() -> None:
    bomb = _zip({f"zeros{i}.txt": b"0" * (4 * 2**20) for i in range(4)})
    assert len(bomb) < 100_000
    items = _items(bomb, "bomb.zip", max_total_bytes=6 * 2**20)
    assert isinstance(items[-1], ItemFailure)
    assert items[-1].source == "bomb.zip" and "total size cap" in items[-1].reason
    assert len(items) <= 3


def test_member_bigger_than_the_file_cap_is_one_failure() -> None:
    data = _zip({"big.txt": b"0" * (3 * 2**20), "a.txt": ARTICLE.encode()})
    items = _items(data, "big.zip", max_file_bytes=2**20)
    assert isinstance(items[0], ItemFailure) and "size limit" in items[0].reason
    assert isinstance(items[1], RawInput)


def test_member_cap_stops_the_archive() -> None:
    data = _zip({f"{i}.txt": f"Document number {i} about tanks.".encode() for i in range(10)})
    items = _items(data, "many.zip", max_members=3)
    assert len(_docs(items)) == 3
    assert isinstance(items[-1], ItemFailure) and "member cap" in items[-1].reason


def test_corrupt_zip_is_a_failure() -> None:
    [item] = _items(b"PK\x03\x04" + b"\x00" * 100, "broken.zip")
    assert isinstance(item, ItemFailure)


def test_read_input_refuses_a_multi_document_archive(tmp_path: Path) -> None:
    (tmp_path / "two.zip").write_bytes(_zip({"a.txt": b"One text.", "b.txt": b"Two texts."}))
    with pytest.raises(InputError, match="holds 2 documents"):
        read_input(tmp_path / "two.zip")


def test_iter_path_reports_missing_files(tmp_path: Path) -> None:
    [item] = list(iter_path(tmp_path / "nope.pdf"))
    assert isinstance(item, ItemFailure) and item.reason == "no such file or folder"
