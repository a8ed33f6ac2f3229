"""``claimgraph extract`` and ``claimgraph ingest`` on the new formats."""

from __future__ import annotations

import io
import json
import sqlite3
import zipfile
from pathlib import Path

from click.testing import CliRunner

from claimgraph.cli import main

from .makefiles import ARTICLE, PAGE, RSS, docx_bytes, email_bytes, text_pdf


def test_extract_prints_clean_text(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    result = runner.invoke(main, ["extract", str(tmp_path / "page.html")])
    assert result.exit_code == 0, result.output
    assert ARTICLE in result.stdout
    assert "Others are reading now" not in result.stdout
    assert "Share this article" not in result.stdout


def test_extract_json_is_the_document_record(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    result = runner.invoke(main, ["extract", "--json", str(tmp_path / "page.html")])
    record = json.loads(result.stdout)
    assert record["title"] == "Leopards for Kyiv"
    assert record["authors"] == ["Jane Roe"]
    assert record["site_name"] == record["outlet"] == "Defence Daily"
    assert record["published"] == "2024-03-05" and record["published_precision"] == "day"
    assert record["url"] == "https://news.example.org/a/leopards"
    assert record["language"] == "en" and record["language_confidence"] > 0.5
    reasons = {r["text"]: r["reason"] for r in record["removed"]}
    assert reasons == {
        "Others are reading now": "related-articles prompt",
        "Share this article": "share bar",
    }
    assert "claims" not in record


def test_extract_reads_stdin(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "-"], input=PAGE.encode())
    assert result.exit_code == 0 and ARTICLE in result.stdout


def test_extract_several_documents(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "memo.eml").write_bytes(email_bytes())
    result = runner.invoke(main, ["extract", str(tmp_path / "memo.eml")])
    assert result.exit_code == 0, result.output
    headers = [ln for ln in result.stdout.splitlines() if ln.startswith("==> ")]
    assert [h.rsplit("/", 1)[-1] for h in headers] == [
        "memo.eml <==",
        "memo.eml#attachment:report.txt <==",
        "memo.eml#attachment:page.html <==",
    ]
    records = json.loads(
        runner.invoke(main, ["extract", "--json", str(tmp_path / "memo.eml")]).stdout
    )
    assert [r["parent_id"] for r in records] == [None, records[0]["id"], records[0]["id"]]
    assert records[1]["origin"]["attachment"] == "report.txt"


def test_extract_formats(tmp_path: Path, runner: CliRunner) -> None:
    files = {
        "memo.docx": docx_bytes(),
        "report.pdf": text_pdf(["Turkey delivered drones to Qatar, officials said."]),
        "wire.rss": RSS.encode(),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
        result = runner.invoke(main, ["extract", str(tmp_path / name)])
        assert result.exit_code == 0, (name, result.output)
    assert (
        "drones to Qatar" in runner.invoke(main, ["extract", str(tmp_path / "report.pdf")]).stdout
    )


def test_extract_failure_is_one_line(tmp_path: Path, runner: CliRunner) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 nothing")
    result = runner.invoke(main, ["extract", str(tmp_path / "broken.pdf")])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"error: {tmp_path / 'broken.pdf'}: not a readable PDF (data format error)"
    ]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_ingest_archive_links_attachments_and_goes_on(tmp_path: Path, runner: CliRunner) -> None:
    data = _zip(
        {
            "memo.eml": email_bytes(),
            "broken.docx": b"PK\x03\x04 broken",
            "note.txt": b"Iran sent drones to Sudan, officials said.",
        }
    )
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bundle.zip").write_bytes(data)
    db = tmp_path / "z.db"
    result = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "failed 1" in result.stdout and "broken.docx: not a readable DOCX" in result.stdout
    with sqlite3.connect(db) as conn:
        rows = {
            s.rsplit("/", 1)[-1]: json.loads(r)
            for s, r in conn.execute("SELECT source, record FROM documents")
        }
    message = rows["bundle.zip!memo.eml"]
    attachment = rows["bundle.zip!memo.eml#attachment:report.txt"]
    assert attachment["parent_id"] == message["id"]
    assert attachment["origin"] == {
        "container": str(tmp_path / "in" / "bundle.zip"),
        "path": "memo.eml",
        "message_id": "<memo-1@example.org>",
        "attachment": "report.txt",
        "feed_entry_id": None,
    }


def test_ingest_zip_bomb_and_billion_laughs(tmp_path: Path, runner: CliRunner) -> None:
    from .makefiles import BILLION_LAUGHS

    (tmp_path / "bomb.zip").write_bytes(_zip({f"{i}.txt": b"0" * 2**21 for i in range(4)}))
    (tmp_path / "laughs.rss").write_text(BILLION_LAUGHS)
    (tmp_path / "good.txt").write_text("Germany will send Leopard tanks to Poland.")
    db = tmp_path / "h.db"
    args = ["ingest", str(tmp_path), "--db", str(db), "--max-total-mb", "3"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "total size cap" in result.stdout
    assert "declares entities" in result.stdout
    assert "ingested 1" in result.stdout
