"""Batch ingest: counts, idempotent re-ingest, failures logged and the batch going on."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph import pipeline
from claimgraph.cli import main
from claimgraph.errors import StoreError, UnsupportedLanguageError
from claimgraph.ingest import ingest_paths
from claimgraph.store import Store
from claimgraph.store.export import export_json


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text("Russia delivered S-400 systems to India in 2021.")
    (folder / "b.md").write_text("# Leopards\nGermany will send Leopard tanks to Poland.")
    (folder / "copy.txt").write_text("Russia delivered S-400 systems to India in 2021.")
    (folder / "empty.txt").write_text("")
    (folder / "sub").mkdir()
    (folder / "sub" / "c.text").write_text("Iran supplied Shahed drones to Russia, Kyiv says.")
    return folder


def _dump(store: Store) -> str:
    out = io.StringIO()
    export_json(store, out)
    return out.getvalue()


def test_ingest_counts_and_failures(store: Store, tmp_path: Path) -> None:
    report = ingest_paths(
        store, [_corpus(tmp_path / "docs")], published="2024-05-01", outlet="Test Wire"
    )
    counts = (report.count("ingested"), report.count("duplicate"), report.count("failed"))
    assert counts == (3, 1, 1)
    assert [(f.source, f.reason) for f in store.failures()] == [
        (str(tmp_path / "docs" / "empty.txt"), "empty document")
    ]
    docs = store.documents()
    assert {d.outlet for d in docs} == {"Test Wire"}
    assert {d.source for d in docs} == {
        str(tmp_path / "docs" / n) for n in ("a.txt", "b.md", "sub/c.text")
    }


def test_reingest_changes_nothing(store: Store, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs")
    ingest_paths(store, [corpus])
    counts, dump = store.counts(), _dump(store)
    report = ingest_paths(store, [corpus])
    assert report.count("ingested") == 0 and report.count("duplicate") == 4
    assert store.counts() == counts
    assert _dump(store) == dump


def test_same_text_from_another_file_is_a_duplicate(store: Store, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs")
    ingest_paths(store, [corpus / "a.txt"])
    (tmp_path / "renamed.txt").write_text("Russia delivered  S-400 systems\nto India in 2021.\n")
    report = ingest_paths(store, [tmp_path / "renamed.txt"])  # same text after normalising
    assert report.results[0].status == "duplicate"


def test_unsupported_language_is_logged_and_batch_goes_on(
    store: Store, tmp_path: Path, monkeypatch
) -> None:
    corpus = _corpus(tmp_path / "docs")
    (corpus / "fi.txt").write_text("Venäjä toimitti ohjuksia Intiaan vuonna 2021.")
    real = pipeline.analyze_text

    def analyze(text: str, **kwargs):
        if "Venäjä" in text:
            raise UnsupportedLanguageError("language 'fi' is not supported yet")
        return real(text, **kwargs)

    monkeypatch.setattr(pipeline, "analyze_text", analyze)
    report = ingest_paths(store, [corpus])
    assert report.count("ingested") == 3
    assert (str(corpus / "fi.txt"), "language 'fi' is not supported yet") in {
        (f.source, f.reason) for f in store.failures()
    }


def test_a_crashing_stage_is_logged_not_fatal(store: Store, tmp_path: Path, monkeypatch) -> None:
    corpus = _corpus(tmp_path / "docs")

    def analyze(text: str, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(pipeline, "analyze_text", analyze)
    report = ingest_paths(store, [corpus])
    assert report.count("failed") == 5
    assert "unexpected error (ValueError: boom)" in {f.reason for f in store.failures()}


def test_database_errors_stop_the_batch(store: Store, tmp_path: Path, monkeypatch) -> None:
    corpus = _corpus(tmp_path / "docs")

    def broken(*args, **kwargs):
        raise StoreError("disk full")

    monkeypatch.setattr(Store, "save_analysis", broken)
    with pytest.raises(StoreError, match="disk full"):
        ingest_paths(store, [corpus])


def test_missing_path_among_others_is_logged(store: Store, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs")
    report = ingest_paths(store, [tmp_path / "gone", corpus / "a.txt"])
    assert report.stored_any
    assert (str(tmp_path / "gone"), "no such file or folder") in {
        (f.source, f.reason) for f in store.failures()
    }


def test_ingest_command_summary(tmp_path: Path, runner: CliRunner) -> None:
    corpus = _corpus(tmp_path / "docs")
    (corpus / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    db = tmp_path / "cli.db"
    result = runner.invoke(main, ["ingest", str(corpus), "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"ingested 3, skipped 1 as duplicate, failed 1 (database: {db})"
    assert lines[1] == f"  failed: {corpus / 'empty.txt'}: empty document"
    assert lines[2] == "  ignored 1 files of unsupported types (.png)"

    again = runner.invoke(main, ["ingest", str(corpus), "--db", str(db)])
    assert again.exit_code == 0
    assert again.stdout.startswith("ingested 0, skipped 4 as duplicate, failed 1")
