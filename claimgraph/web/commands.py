"""Commands: ``serve`` (HTTP API and web UI) and ``tokens`` (create, list, revoke)."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import click

from claimgraph.errors import InputError
from claimgraph.export.commands import db_option
from claimgraph.store.db import Store
from claimgraph.store.engine import sqlite_path


def register(main: click.Group) -> None:
    """Add serve and tokens to the main group."""
    main.add_command(serve)
    main.add_command(tokens)


def is_loopback(host: str) -> bool:
    """Is ``host`` a loopback address or name?"""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def default_uploads(db: str) -> Path:
    """Where uploaded files are kept: a folder beside the database file."""
    path = sqlite_path(db)
    if path is None:
        return Path("claimgraph-uploads")
    return path.with_name(path.name + ".uploads")


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--public-read",
    is_flag=True,
    help="Let anyone who can reach the server read without a token (loopback only).",
)
@click.option(
    "--uploads",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for uploaded files (default: beside the database, DB.uploads).",
)
def serve(db: str, host: str, port: int, public_read: bool, uploads: Path | None) -> None:
    """Serve the HTTP API (/api, OpenAPI at /api/openapi.json) and the web UI.

    Listens on 127.0.0.1 unless --host says otherwise. Reading needs a token (create one
    with 'claimgraph tokens create'); uploads and edits need an editor token.
    """
    import uvicorn

    from claimgraph.web.app import create_app
    from claimgraph.web.state import Settings
    from claimgraph.web.tokens import list_tokens

    loopback = is_loopback(host)
    if public_read and not loopback:
        raise InputError("--public-read is only allowed on a loopback address (127.0.0.1)")
    _check_port(host, port)
    settings = Settings(
        db=db, uploads=uploads or default_uploads(db), public_read=public_read, loopback=loopback
    )
    app = create_app(settings)
    with Store.open(db, create=False) as store:
        has_tokens = any(not t.revoked for t in list_tokens(store))
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"claimgraph: serving {db} on http://{shown}:{port}/ (API: /api, docs: /api-docs)")
    if not loopback:
        click.echo("warning: listening beyond this machine; put TLS in front of it", err=True)
    if not has_tokens and not public_read:
        click.echo(
            "no API tokens yet: create one with 'claimgraph tokens create --role editor "
            f"--db {db}'",
            err=True,
        )
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def _check_port(host: str, port: int) -> None:
    """Fail early, with a readable message, when the address is taken."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise InputError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


@click.group()
def tokens() -> None:
    """API tokens (stored hashed): create, list, revoke."""


@tokens.command("create")
@db_option
@click.option("--role", type=click.Choice(["read", "editor"]), default="read", show_default=True)
@click.option("--name", help="A label, e.g. who uses the token.")
def tokens_create(db: str, role: str, name: str | None) -> None:
    """Create a token and print it (it is shown only once)."""
    from claimgraph.web.tokens import create_token

    with Store.open(db, create=False) as store:
        token, info = create_token(store, role, name)
    click.echo(token)
    click.echo(f"created {info.role} token {info.id} ({info.name}); keep it secret", err=True)


@tokens.command("list")
@db_option
def tokens_list(db: str) -> None:
    """List tokens (never their secrets)."""
    from claimgraph.web.tokens import list_tokens

    with Store.open(db, create=False) as store:
        found = list_tokens(store)
    for t in found:
        state = "revoked" if t.revoked else "active"
        used = t.last_used_at or "never used"
        click.echo(f"{t.id}  {t.role:<6}  {state:<7}  {t.created_at}  {used}  {t.name}")
    if not found:
        click.echo("no tokens", err=True)


@tokens.command("revoke")
@db_option
@click.argument("token_id")
def tokens_revoke(db: str, token_id: str) -> None:
    """Revoke a token by its id (the part after 'cg_')."""
    from claimgraph.web.tokens import revoke_token

    token_id = token_id.removeprefix("cg_").split("_", 1)[0]
    with Store.open(db, create=False) as store:
        if not revoke_token(store, token_id):
            raise InputError(f"no token {token_id!r}")
    click.echo(f"revoked {token_id}")
