"""The real server on a free loopback port, over a database ingested from the fixture articles
in tests/web/fixtures (written for these tests)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from claimgraph.ingest.batch import ingest_paths
from claimgraph.store import Store
from claimgraph.web.tokens import create_token

FIXTURES = Path(__file__).parent / "fixtures"
SCREENSHOTS = Path(__file__).parent / "screenshots"
START_TIMEOUT = 90.0


@dataclass(frozen=True)
class Server:
    """A running ``claimgraph serve`` and the tokens to talk to it."""

    base: str
    db: Path
    editor: str
    reader: str
    log: Path

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.base, headers=headers, timeout=60.0)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(db: Path, log: Path) -> Iterator[Server]:
    """Start the server on ``db`` (tokens created first), wait until it answers, stop it."""
    with Store.open(db) as store:
        editor, _ = create_token(store, "editor", "test editor")
        reader, _ = create_token(store, "read", "test reader")
    port = free_port()
    command = [sys.executable, "-c", "from claimgraph.cli import main; main()", "serve"]
    command += ["--db", str(db), "--port", str(port), "--uploads", str(db.parent / "uploads")]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", db, editor, reader, log)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(server: Server, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server exited: {server.log.read_text()}")
        try:
            if httpx.get(f"{server.base}/api/health", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    pytest.fail(f"server did not answer within {START_TIMEOUT:.0f} s: {server.log.read_text()}")


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture articles ingested once (copied for each server)."""
    path = tmp_path_factory.mktemp("webdb") / "template.db"
    with Store.open(path) as store:
        report = ingest_paths(store, [FIXTURES], published=None)
    assert report.count("ingested") == len(list(FIXTURES.glob("*.txt")))
    return path


def _copy(template: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "claimgraph.db"
    shutil.copyfile(template, target)
    return target


@pytest.fixture(scope="session")
def server(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server for reading (tests must not change its database)."""
    folder = tmp_path_factory.mktemp("server")
    with running_server(_copy(fixture_db, folder), folder / "server.log") as running:
        yield running


@pytest.fixture(scope="module")
def edit_server(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose database the tests may change (edits, overrides, uploads)."""
    folder = tmp_path_factory.mktemp("edit-server")
    with running_server(_copy(fixture_db, folder), folder / "server.log") as running:
        yield running


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where browser tests save screenshots (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
