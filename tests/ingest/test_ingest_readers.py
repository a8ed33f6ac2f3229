"""Readers: encodings, binary data, empty and oversized inputs, file discovery."""

from __future__ import annotations

import codecs
import io
import sys
import time
from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.ingest import RawInput, read_input, read_stdin
from claimgraph.ingest.discover import discover
from claimgraph.ingest.readers import MAX_BYTES, decode

FRENCH = (
    "Le ministère de la Défense a annoncé que la Pologne recevra des chars Leopard. "
    "Le général a précisé que les livraisons commenceront en été."
)


def test_utf8_and_markdown(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Über\nKyiv received 14 T-90M tanks.\n", encoding="utf-8")
    raw = read_input(tmp_path / "a.md")
    assert raw == RawInput(
        text="# Über\nKyiv received 14 T-90M tanks.\n",
        source=str(tmp_path / "a.md"),
        media_type="text/markdown",
    )


def test_byte_order_marks() -> None:
    assert decode(codecs.BOM_UTF8 + b"Kyiv", "x") == "Kyiv"
    assert decode("Kyiv received tanks".encode("utf-16"), "x") == "Kyiv received tanks"


def test_latin1_is_detected_and_decoded() -> None:
    assert decode(FRENCH.encode("latin-1"), "x") == FRENCH


@pytest.mark.parametrize(
    "text, encoding",
    [
        (
            "General Müller said the Bundeswehr will deliver more Leopard tanks to Poland "
            "before the "
            "summer; officials at the Défense ministry declined to comment on the café meeting.",
            "latin-1",
        ),
        (
            "Министерство обороны России заявило, что поставки зенитных ракетных комплексов "
            "продолжатся в следующем году.",
            "koi8_r",
        ),
        (
            "Министерство обороны России заявило, что поставки продолжатся в следующем году.",
            "cp1251",
        ),
        ("中国国防部表示，将继续向巴基斯坦交付护卫舰和无人机。", "gbk"),
        (
            "Ministerstwo Obrony Narodowej poinformowało, że Polska otrzyma czołgi. "
            "Żołnierze ćwiczą.",
            "cp1250",
        ),
    ],
)
def test_legacy_encodings(text: str, encoding: str) -> None:
    assert decode(text.encode(encoding), "x") == text


def test_windows_1252_is_detected_and_decoded() -> None:
    text = "The minister said “we will deliver” — the tanks arrived in Kyiv, Müller noted."
    assert decode(text.encode("cp1252"), "x") == text


def test_undetectable_encoding_is_refused() -> None:
    with pytest.raises(InputError, match="encoding could not be detected"):
        decode("D\xe9fense".encode("latin-1"), "x.txt")


@pytest.mark.parametrize(
    "data, kind",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"%PDF-1.7\n" + b"x" * 100, "PDF document"),
        (b"abc\x00def" * 10, "NUL bytes"),
        (bytes(b for b in range(1, 32) if b not in b"\t\n\r\x0c\x1b") * 5 + b"text", "control"),
    ],
)
def test_binary_is_refused(data: bytes, kind: str) -> None:
    with pytest.raises(InputError, match=f"binary data \\(.*{kind}"):
        decode(data, "x")


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", " \n".encode("utf-16")])
def test_empty_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="empty document"):
        decode(data, "x")


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("file was read"))
    started = time.monotonic()
    with pytest.raises(InputError, match="over the 20 MiB size limit"):
        read_input(big)
    assert time.monotonic() - started < 1


def test_stdin_reads_at_most_the_limit(monkeypatch) -> None:
    class Stdin:
        buffer = io.BytesIO(b"a" * (MAX_BYTES + 10))

    monkeypatch.setattr(sys, "stdin", Stdin)
    with pytest.raises(InputError, match="size limit"):
        read_stdin()


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        read_input(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a folder"):
        read_input(tmp_path)


def test_discover_walks_folders(tmp_path: Path) -> None:
    files = {
        "a.txt": b"text",
        "b.MD": b"text",
        "sub/c.markdown": b"text",
        "sub/d.text": b"text",
        "README": b"plain text without a suffix",
        "blob": b"\x00\x01\x02binary",
        ".hidden.txt": b"text",
        ".git/config.txt": b"text",
        "report.pdf": b"%PDF-1.4",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    found = discover([tmp_path, tmp_path / "a.txt", tmp_path / "missing"])
    assert [p.relative_to(tmp_path).as_posix() for p in found.files] == [
        "README",
        "a.txt",
        "b.MD",
        "report.pdf",
        "sub/c.markdown",
        "sub/d.text",
    ]
    assert sorted(p.name for p in found.ignored) == ["blob"]
    assert found.missing == [str(tmp_path / "missing")]


def test_discover_takes_document_formats_and_urls(tmp_path: Path) -> None:
    names = ["a.html", "b.htm", "c.docx", "d.eml", "e.mbox", "f.rss", "g.atom", "h.zip"]
    names += ["i.tar.gz", "j.tgz", "k.tar", "notes.xml", "logo.png"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    found = discover([tmp_path, "https://example.org/a"])
    taken = sorted(p.name for p in found.files)
    assert taken == sorted(set(names) - {"notes.xml", "logo.png"})
    assert found.urls == ["https://example.org/a"]


def test_named_files_are_always_taken(tmp_path: Path) -> None:
    (tmp_path / ".note.html").write_text("<p>hi</p>")
    assert discover([tmp_path / ".note.html"]).files == [tmp_path / ".note.html"]
