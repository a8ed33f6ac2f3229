"""URLs: fetched from a local server started here (loopback needs --allow-private), refused
without it; redirects, content types and the size cap."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.ingest.items import ItemFailure, iter_url
from claimgraph.ingest.limits import Limits
from claimgraph.ingest.readers import RawInput

from .makefiles import ARTICLE, PAGE

ROUTES: dict[str, tuple[int, str, bytes, dict[str, str]]] = {
    "/article.html": (200, "text/html; charset=utf-8", PAGE.encode(), {}),
    "/moved": (302, "text/plain", b"", {"Location": "/article.html"}),
    "/loop": (302, "text/plain", b"", {"Location": "/loop"}),
    "/logo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64), {}),
    "/big.txt": (200, "text/plain", b"tanks " * 400_000, {}),
    "/gone": (404, "text/plain", b"not here", {}),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 -- http.server's name
        status, content_type, body, headers = ROUTES.get(self.path, (404, "text/plain", b"no", {}))
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


LOCAL = Limits(allow_private=True, timeout_s=5)


def test_page_is_fetched_with_allow_private(server: str) -> None:
    [raw] = list(iter_url(f"{server}/article.html", LOCAL))
    assert isinstance(raw, RawInput)
    assert ARTICLE in raw.text and raw.title == "Leopards for Kyiv"
    assert raw.url == "https://news.example.org/a/leopards"  # the page's canonical URL


def test_loopback_is_refused_without_allow_private(server: str) -> None:
    [item] = list(iter_url(f"{server}/article.html", Limits(timeout_s=5)))
    assert isinstance(item, ItemFailure)
    assert "private, loopback or link-local" in item.reason and "--allow-private" in item.reason


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/x", "http://169.254.169.254/latest", "http://[::1]/x"]
)
def test_private_addresses_are_refused_before_connecting(url: str) -> None:
    [item] = list(iter_url(url, Limits(timeout_s=1)))
    assert isinstance(item, ItemFailure) and "refused" in item.reason


def test_redirect_is_followed_and_loops_are_cut(server: str) -> None:
    [raw] = list(iter_url(f"{server}/moved", LOCAL))
    assert isinstance(raw, RawInput) and ARTICLE in raw.text
    [item] = list(iter_url(f"{server}/loop", LOCAL))
    assert isinstance(item, ItemFailure) and "redirects" in item.reason


def test_content_type_size_cap_and_http_errors(server: str) -> None:
    [png] = list(iter_url(f"{server}/logo.png", LOCAL))
    assert isinstance(png, ItemFailure) and "image/png" in png.reason
    small = Limits(allow_private=True, timeout_s=5, max_download_bytes=2**20)
    [big] = list(iter_url(f"{server}/big.txt", small))
    assert isinstance(big, ItemFailure) and "download cap" in big.reason
    [gone] = list(iter_url(f"{server}/gone", LOCAL))
    assert isinstance(gone, ItemFailure) and "HTTP 404" in gone.reason


def test_other_schemes_are_refused() -> None:
    [item] = list(iter_url("https://", Limits()))
    assert isinstance(item, ItemFailure)


def test_cli_extract_and_ingest_a_url(server: str, tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"{server}/article.html"
    refused = runner.invoke(main, ["extract", url])
    assert refused.exit_code == 2 and "--allow-private" in refused.stderr
    done = runner.invoke(main, ["extract", "--allow-private", "--json", url])
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["title"] == "Leopards for Kyiv"
    db = tmp_path / "u.db"
    ingested = runner.invoke(main, ["ingest", "--allow-private", url, "--db", str(db)])
    assert ingested.exit_code == 0, ingested.output
    assert "ingested 1" in ingested.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT source FROM documents").fetchone()[0] == url


def _resolver(address: str, calls: list[str]):  # type: ignore[no-untyped-def]
    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list:
        calls.append(host)
        return [(2, 1, 6, "", (address, port))]

    return getaddrinfo


def test_connection_goes_to_the_checked_address(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name is resolved once, by the check; httpx connects to that address, so a second,
    different DNS answer (rebinding) is never asked for. Loopback stands in for a public
    address here, and the host name below exists in no DNS."""
    from claimgraph.ingest import web

    calls: list[str] = []
    monkeypatch.setattr(web.socket, "getaddrinfo", _resolver("127.0.0.1", calls))
    monkeypatch.setattr(web, "_private", lambda address: False)
    port = server.rsplit(":", 1)[1]
    fetched = web.fetch(f"http://news.example.invalid:{port}/moved", Limits(timeout_s=5))
    assert b"Leopards for Kyiv" in fetched.data
    assert fetched.url == f"http://news.example.invalid:{port}/article.html"
    # One lookup of the name per hop; the socket layer only ever sees the address literal.
    assert [c for c in calls if not c[0].isdigit()] == ["news.example.invalid"] * 2
    assert {c for c in calls if c[0].isdigit()} == {"127.0.0.1"}


def test_pinned_request_keeps_the_host_name_for_tls_and_host_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimgraph.ingest import web

    monkeypatch.setattr(web.socket, "getaddrinfo", _resolver("93.184.216.34", []))
    target, host, server_name = web._pinned("https://news.example.org/a?b=1", False)
    assert (target, host, server_name) == (
        "https://93.184.216.34/a?b=1",
        "news.example.org",
        "news.example.org",
    )
    monkeypatch.setattr(web.socket, "getaddrinfo", _resolver("2606:2800:220:1::", []))
    target, host, server_name = web._pinned("http://news.example.org:8080/a", False)
    assert (target, host, server_name) == (
        "http://[2606:2800:220:1::]:8080/a",
        "news.example.org:8080",
        None,
    )
