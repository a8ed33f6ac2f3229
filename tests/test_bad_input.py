"""Inputs that are not documents: each gives one clear line, a non-zero exit and a sound database.

Every case runs through ``claimgraph ingest`` and ``claimgraph analyze``.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from ingest.makefiles import BILLION_LAUGHS, encrypted_pdf

from claimgraph import pipeline
from claimgraph.cli import main
from claimgraph.errors import UnsupportedLanguageError

ENTRY = "import sys; from claimgraph.cli import main; sys.argv[0] = 'claimgraph'; main()"
FINNISH = (
    "Venäjä toimitti Intialle S-400-ilmatorjuntajärjestelmiä vuonna 2021, kertoivat "
    "viranomaiset. Puolustusministeriö ei kommentoinut asiaa."
)


def _big(tmp: Path) -> Path:
    path = tmp / "big.txt"
    line = b"Russia delivered S-400 systems to India in 2021, officials said.\n"
    chunk = line * (2**20 // len(line))
    with path.open("wb") as fh:
        for _ in range(50 * 2**20 // len(chunk) + 1):
            fh.write(chunk)
    return path


def _write(name: str, data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        (tmp / name).write_bytes(data)
        return tmp / name

    return make


def _empty_folder(tmp: Path) -> Path:
    folder = tmp / "nothing"
    folder.mkdir()
    (folder / ".hidden.txt").write_text("hidden")
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return folder


CASES: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    # name: (make input, message from ingest, message from analyze)
    "missing": (lambda tmp: tmp / "nope.txt", "no such file or folder", "no such file or folder"),
    "empty-folder": (_empty_folder, "no documents found in", "is a folder"),
    "random-bytes": (
        _write("noise.txt", random.Random(7).randbytes(4096)),
        "binary data",
        "binary data",
    ),
    "png": (
        _write("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)),
        "binary data (PNG image)",
        "binary data (PNG image)",
    ),
    "empty-file": (_write("empty.txt", b""), "empty document", "empty document"),
    "undetectable-encoding": (
        _write("short.txt", "D\xe9fense".encode("latin-1")),
        "encoding could not be detected",
        "encoding could not be detected",
    ),
    "50MB": (_big, "over the 20 MiB size limit", "over the 20 MiB size limit"),
    "unsupported-language": (_write("fi.txt", FINNISH.encode()), "not supported", "not supported"),
    # hostile or broken documents of the other formats: each one clear reason
    "broken-pdf": (
        _write("b.pdf", b"%PDF-1.4\nbroken"),
        "not a readable PDF",
        "not a readable PDF",
    ),
    "locked-pdf": (_write("l.pdf", encrypted_pdf()), "password-protected", "password-protected"),
    "broken-docx": (
        _write("b.docx", b"PK\x03\x04bad"),
        "not a readable DOCX",
        "not a readable DOCX",
    ),
    "billion-laughs": (_write("l.rss", BILLION_LAUGHS.encode()), "declares entities", "declares"),
    "script-only-html": (
        _write("s.html", b"<html><body><script>document.write('x')</script></body></html>"),
        "no text found in the HTML page",
        "no text found in the HTML page",
    ),
    "not-an-email": (_write("m.eml", b"\x00\x01 nothing"), "not an e-mail", "not an e-mail"),
}


@pytest.fixture
def unsupported_language(monkeypatch) -> None:
    """Until the pipeline refuses languages it has no resources for, make it refuse Finnish."""
    try:
        pipeline.analyze_text(FINNISH)
    except UnsupportedLanguageError:
        return
    real = pipeline.analyze_text

    def analyze(text: str, **kwargs):
        if text.startswith("Venäjä"):
            raise UnsupportedLanguageError("language 'fi' is not supported yet")
        return real(text, **kwargs)

    monkeypatch.setattr(pipeline, "analyze_text", analyze)  # the CLI's analyze calls it too


def _one_error_line(result) -> str:
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    return lines[0]


def _assert_sound_and_empty(db: Path) -> None:
    if not db.exists():
        return
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM claims").fetchone()[0] == 0


@pytest.mark.parametrize("case", list(CASES))
def test_ingest_refuses(case: str, tmp_path: Path, runner: CliRunner, request) -> None:
    if case == "unsupported-language":
        request.getfixturevalue("unsupported_language")
    make, message, _ = CASES[case]
    path, db = make(tmp_path), tmp_path / "bad.db"
    started = time.monotonic()
    result = runner.invoke(main, ["ingest", str(path), "--db", str(db)])
    assert time.monotonic() - started < 5
    assert result.exit_code == 2, result.output
    assert message in _one_error_line(result)
    assert result.stdout == ""
    _assert_sound_and_empty(db)
    if case not in ("missing", "empty-folder"):  # a document was tried: its failure is logged
        with sqlite3.connect(db) as conn:
            sources = [s for (s,) in conn.execute("SELECT source FROM ingest_failures")]
        assert sources == [str(path)]
    else:
        assert not db.exists()


@pytest.mark.parametrize("case", list(CASES))
def test_analyze_refuses(case: str, tmp_path: Path, runner: CliRunner, request) -> None:
    if case == "unsupported-language":
        request.getfixturevalue("unsupported_language")
    make, _, message = CASES[case]
    result = runner.invoke(main, ["analyze", str(make(tmp_path))])
    assert result.exit_code == 2, result.output
    assert message in _one_error_line(result)


def test_several_bad_inputs_list_each_failure(tmp_path: Path, runner: CliRunner) -> None:
    paths = [str(make(tmp_path)) for make, _, _ in (CASES["png"], CASES["empty-file"])]
    result = runner.invoke(main, ["ingest", *paths, "--db", str(tmp_path / "bad.db")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"failed: {paths[0]}: binary data (PNG image), not a text document",
        f"failed: {paths[1]}: empty document",
        "error: nothing ingested: all 2 documents failed",
    ]


def test_good_and_bad_together_exit_zero(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "good.txt").write_text("Germany will send Leopard tanks to Poland.")
    (tmp_path / "docs" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n")
    result = runner.invoke(
        main, ["ingest", str(tmp_path / "docs"), "--db", str(tmp_path / "ok.db")]
    )
    assert result.exit_code == 0, result.output
    assert "ingested 1, skipped 0 as duplicate, failed 1" in result.stdout


def test_legacy_encoding_is_decoded_when_confident(tmp_path: Path, runner: CliRunner) -> None:
    text = (
        "General Müller said on Tuesday that the Bundeswehr will deliver more Leopard tanks "
        "to Poland before the summer; officials at the Défense ministry declined to comment."
    )
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    db = tmp_path / "latin1.db"
    result = runner.invoke(main, ["ingest", str(tmp_path / "latin1.txt"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT text FROM documents").fetchone()[0] == text
    analyzed = runner.invoke(main, ["analyze", "--json", str(tmp_path / "latin1.txt")])
    assert analyzed.exit_code == 0 and "Müller" in analyzed.stdout


def test_real_entry_point_prints_no_traceback(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for args in (
        ["analyze", str(tmp_path / "logo.png")],
        ["ingest", str(tmp_path / "logo.png"), "--db", str(tmp_path / "x.db")],
    ):
        proc = subprocess.run(
            [sys.executable, "-c", ENTRY, *args], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 2
        assert proc.stderr.strip().splitlines() == [
            f"error: {tmp_path / 'logo.png'}: binary data (PNG image), not a text document"
        ]
