"""Who is asking: a bearer token (API), a browser session (UI, after /login with a token), or
nobody (allowed to read only with ``serve --public-read``). Editors may change things;
browser sessions must also send their CSRF token with every change."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi import HTTPException, Request

from claimgraph.web.state import AppState, Session

COOKIE = "cg_session"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class Principal:
    """The caller of a request."""

    role: str  # read | editor | public
    name: str
    via: str  # token | session | public
    session: Session | None = None

    @property
    def can_edit(self) -> bool:
        return self.role == "editor"

    @property
    def csrf(self) -> str:
        return self.session.csrf if self.session else ""


class LoginRequired(Exception):
    """A UI page needs a logged-in browser (the app redirects to /login)."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


def app_state(request: Request) -> AppState:
    """The app's shared state."""
    state: AppState = request.app.state.claimgraph
    return state


def identify(request: Request) -> Principal | None:
    """The caller, or None when nobody is authenticated (and reading is not public)."""
    state = app_state(request)
    header = request.headers.get("authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        info = state.tokens.check(token) if scheme.lower() == "bearer" else None
        if info is None:
            raise HTTPException(401, "invalid or revoked token", {"WWW-Authenticate": "Bearer"})
        return Principal(info.role, info.name, "token")
    session = state.session(request.cookies.get(COOKIE))
    if session is not None:
        return Principal(session.token.role, session.token.name, "session", session)
    if state.settings.public_read:
        return Principal("public", "anonymous", "public")
    return None


def require_read(request: Request) -> Principal:
    """API dependency: any authenticated caller (or anyone with --public-read)."""
    principal = identify(request)
    if principal is None:
        raise HTTPException(
            401, "send 'Authorization: Bearer <token>'", {"WWW-Authenticate": "Bearer"}
        )
    return principal


def require_editor(request: Request) -> Principal:
    """API dependency: an editor token; a browser session must send its CSRF header."""
    principal = require_read(request)
    if not principal.can_edit:
        raise HTTPException(403, "this needs an editor token")
    if principal.via == "session":
        check_csrf(principal, request.headers.get(CSRF_HEADER))
    return principal


def check_csrf(principal: Principal, sent: str | None) -> None:
    """Refuse a change from a browser session without its CSRF token."""
    if principal.via != "session":
        return
    if not sent or not hmac.compare_digest(sent, principal.csrf):
        raise HTTPException(403, "missing or wrong CSRF token; reload the page")


def ui_reader(request: Request) -> Principal:
    """UI dependency: a reader, else a redirect to the login page."""
    principal = identify(request)
    if principal is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return principal
