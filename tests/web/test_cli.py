"""The serve and tokens commands, and the app's options (in process, no network)."""

from __future__ import annotations

import shutil
import socket
import warnings
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.web.app import create_app
from claimgraph.web.commands import default_uploads, is_loopback
from claimgraph.web.state import Settings


def client_for(settings: Settings, **options: object) -> Any:
    """Starlette's in-process test client (its httpx deprecation notice silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(create_app(settings), **options)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_tokens_create_list_revoke(fixture_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    shutil.copyfile(fixture_db, db)
    code, out, err = run("tokens", "create", "--db", str(db), "--role", "editor", "--name", "me")
    assert code == 0 and out.startswith("cg_") and "editor token" in err
    token_id = out.split("_")[1]
    code, out, _ = run("tokens", "list", "--db", str(db))
    assert code == 0 and token_id in out and "active" in out and "me" in out
    assert run("tokens", "revoke", "--db", str(db), token_id)[0] == 0
    assert "revoked" in run("tokens", "list", "--db", str(db))[1]
    code, _, err = run("tokens", "revoke", "--db", str(db), "nope")
    assert code == 2 and err == "error: no token 'nope'\n"
    code, _, err = run("tokens", "create", "--db", str(db), "--role", "admin")
    assert code == 2 and "admin" in err


def test_serve_refuses_bad_setups(tmp_path: Path) -> None:
    code, _, err = run("serve", "--db", str(tmp_path / "missing.db"))
    assert code != 0 and err.startswith("error:") and "Traceback" not in err
    code, _, err = run("serve", "--db", "x.db", "--host", "0.0.0.0", "--public-read")
    assert code == 2 and "loopback" in err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        code, _, err = run("serve", "--db", "x.db", "--port", port)
    assert code == 2 and err.startswith(f"error: cannot listen on 127.0.0.1:{port}")


def test_loopback_and_upload_folder() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("example.org")
    assert default_uploads("cases/x.db") == Path("cases/x.db.uploads")


def test_public_read_lets_anyone_read_but_not_edit(fixture_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    shutil.copyfile(fixture_db, db)
    settings = Settings(db=str(db), uploads=tmp_path / "up", public_read=True, loopback=False)
    with client_for(settings) as client:
        assert client.get("/api/me").json()["role"] == "public"
        assert client.get("/api/claims").status_code == 200
        assert client.get("/").status_code == 200
        assert client.post("/api/entities/country:EE/rename", json={"name": "X"}).status_code == 403
        page = client.get("/entities/country%3AEE").text
        assert 'name="csrf"' not in page  # no edit forms for the public


def test_ui_redirects_to_login_without_a_session(fixture_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    shutil.copyfile(fixture_db, db)
    settings = Settings(db=str(db), uploads=tmp_path / "up", loopback=False)
    with client_for(settings, follow_redirects=False) as client:
        response = client.get("/documents?x=1")
        assert response.status_code == 303
        assert response.headers["location"] == "/login?next=%2Fdocuments%3Fx%3D1"
        login = client.get("/login?next=//evil.example")
        assert 'value="/"' in login.text  # no open redirect
        bad = client.post("/login", data={"token": "cg_x_y", "next": "/"})
        assert bad.status_code == 303 and "error=" in bad.headers["location"]
        headers = client.get("/login").headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
