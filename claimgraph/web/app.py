"""The FastAPI application: the JSON API under /api, the web UI, static files.

Pages carry a strict Content-Security-Policy (scripts only from this server, nothing from
other sites) on top of escaping every piece of document text; when the server listens on a
loopback address it also refuses requests for other host names (DNS rebinding)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from claimgraph import __version__
from claimgraph.errors import ClaimgraphError
from claimgraph.web import api, ui
from claimgraph.web.auth import LoginRequired
from claimgraph.web.state import AppState, Settings

LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'; connect-src 'self'"
)
DESCRIPTION = """
Sourced, graded claims from open reports.

**Authentication**: send `Authorization: Bearer <token>` (create one with
`claimgraph tokens create --role read|editor`). Reading needs any role; uploads, entity edits
(rename, merge, split) and reliability overrides need `editor`.

Entity edits are an edit log applied whenever records are read, so they survive re-ingesting
documents. Grades are Admiralty (STANAG 2511): source reliability A–F, information credibility
1–6; F and 6 mean "cannot be judged".
"""


def create_app(settings: Settings) -> FastAPI:
    """The application for one database."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.claimgraph.close()

    app = FastAPI(
        title="claimgraph",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.claimgraph = AppState(settings)
    app.include_router(api.router)
    app.include_router(ui.router)
    app.mount("/static", StaticFiles(packages=[("claimgraph.web", "static")]), name="static")
    _handlers(app)
    app.middleware("http")(_security_headers)
    if settings.loopback:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=LOOPBACK_HOSTS)
    return app


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    if not request.url.path.startswith("/static/"):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse("/login?" + urlencode({"next": exc.next_url}), status_code=303)

    @app.exception_handler(ClaimgraphError)
    async def user_error(request: Request, exc: ClaimgraphError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail), exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": jsonable(exc.errors())}, status_code=422)
        return _error(request, 422, "some fields of the request are missing or invalid")


def jsonable(errors: object) -> object:
    """Validation errors without objects JSON cannot carry."""
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(errors, custom_encoder={Exception: str})


def _error(
    request: Request, status: int, message: str, headers: Mapping[str, str] | None = None
) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status, headers=dict(headers or {}))
    response = ui.page(
        request, "error.html", ui.optional_principal(request), status=status, message=message
    )
    response.status_code = status
    return response
