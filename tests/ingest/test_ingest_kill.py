"""A batch killed with SIGKILL leaves every committed document whole; a re-run completes it."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

HELPER = Path(__file__).with_name("slow_ingest.py")
N_DOCS = 40
SENTENCE = (
    "Russia delivered air defence systems to India under a contract signed by "
    "Rosoboronexport and India's ministry, according to Russia and India."
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


def _write_corpus(folder: Path) -> None:
    folder.mkdir()
    for i in range(N_DOCS):
        k = 3 + i % 5
        body = " ".join(f"{SENTENCE[:-1]} (report {i}, item {j})." for j in range(12))
        (folder / f"doc{i:02d}.txt").write_text(f"Report {i} claims={k}. {body}\n")


def _ingest(folder: Path, db: Path, delay: float) -> subprocess.Popen[str]:
    env = {**os.environ, "SLOW_INGEST_DELAY": str(delay)}
    return subprocess.Popen(
        [sys.executable, str(HELPER), "ingest", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def _check_whole(db: Path) -> int:
    """Integrity, and every stored document with all of its rows; returns the document count."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        docs = conn.execute("SELECT id, text FROM documents").fetchall()
        for doc_id, text in docs:
            k = int(re.search(r"claims=(\d+)", text).group(1))  # type: ignore[union-attr]
            for table, expected in (
                ("claims", k),
                ("transfers", 1),
                ("document_entities", 3),
                ("mentions", 6),
                ("search_index", k + 1),
            ):
                n = conn.execute(
                    f"SELECT count(*) FROM {table} WHERE doc_id = ?", (doc_id,)
                ).fetchone()[0]
                assert n == expected, (table, doc_id)
        for table in ("claims", "mentions", "search_index"):
            orphans = conn.execute(
                f"SELECT count(*) FROM {table} WHERE doc_id NOT IN (SELECT id FROM documents)"
            ).fetchone()[0]
            assert orphans == 0, table
        raw = conn.execute("SELECT count(DISTINCT raw_sha256) FROM documents").fetchone()[0]
        assert raw == len(docs)
        return len(docs)


def test_killed_batch_is_consistent_and_rerun_completes(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "kill.db"
    _write_corpus(corpus)

    proc = _ingest(corpus, db, delay=0.15)
    deadline = time.monotonic() + 15
    while _stored(db) < 3:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "ingest did not commit in time"
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    before = _check_whole(db)
    assert 3 <= before < N_DOCS

    rerun = _ingest(corpus, db, delay=0)
    out, err = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, err
    assert out.startswith(f"ingested {N_DOCS - before}, skipped {before} as duplicate, failed 0")
    assert _check_whole(db) == N_DOCS
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM entities").fetchone()[0] == 3
