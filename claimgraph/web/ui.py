"""The web UI: server-rendered pages (Jinja2, autoescaped), a little vanilla script for
toggles. Pages read through the same corpus as the API; changes go through forms that carry
the session's CSRF token."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape

from claimgraph import __version__
from claimgraph.errors import ClaimgraphError
from claimgraph.export.corpus import Corpus, Scope, grade_label
from claimgraph.export.edits import EditError, add_edit, set_override
from claimgraph.export.graph import actor_graph, latest_report, timeline_points
from claimgraph.export.render import quoted
from claimgraph.export.report import claim_view, doc_label, sources
from claimgraph.export.stix import icd203_table, icd203_word
from claimgraph.export.svg import legend_items, network_svg, timeline_svg
from claimgraph.model import Claim
from claimgraph.web.auth import COOKIE, Principal, app_state, check_csrf, identify, ui_reader
from claimgraph.web.highlight import highlight
from claimgraph.web.queries import (
    Filters,
    claim_detail,
    entity_detail,
    facets,
    marked,
    run_search,
)
from claimgraph.web.state import MAX_UPLOAD_BYTES, AppState

router = APIRouter(include_in_schema=False)
Reader = Annotated[Principal, Depends(ui_reader)]


def claim_url(claim: Claim) -> str:
    """The page of a claim."""
    return f"/claims/{quote(claim.id, safe='')}?doc={claim.doc_id[:16]}"


def entity_url(entity_id: str) -> str:
    """The page of an entity."""
    return f"/entities/{quote(entity_id, safe='')}"


def doc_url(doc_id: str) -> str:
    """The page of a document."""
    return f"/documents/{quote(doc_id, safe='')}"


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("claimgraph.web", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    env.globals.update(
        claim_url=claim_url,
        entity_url=entity_url,
        doc_url=doc_url,
        grade_label=grade_label,
        icd203=icd203_word,
        version=__version__,
        marked=marked,
    )
    env.filters["urlq"] = lambda value: quote(str(value), safe="")
    env.filters["quoted"] = quoted
    return env


templates = Jinja2Templates(env=_env())


def _state(request: Request) -> AppState:
    return app_state(request)


def _corpus(request: Request) -> Corpus:
    return _state(request).corpus()


def page(request: Request, name: str, principal: Principal | None, **context: Any) -> Response:
    """Render a page template with the common context."""
    corpus = _corpus(request) if principal is not None else None
    return templates.TemplateResponse(
        request,
        name,
        {
            "principal": principal,
            "counts": {
                "documents": len(corpus.documents) if corpus else 0,
                "claims": len(corpus.claims) if corpus else 0,
            },
            **context,
        },
    )


# -- login --------------------------------------------------------------------------------------


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/", error: str | None = None) -> Response:
    return page(request, "login.html", None, next=_safe_next(next), error=error)


@router.post("/login")
def login(
    request: Request, token: Annotated[str, Form()], next: Annotated[str, Form()] = "/"
) -> Response:
    found = _state(request).login(token.strip())
    if found is None:
        query = urlencode({"next": _safe_next(next), "error": "That token is not valid."})
        return RedirectResponse(f"/login?{query}", status_code=303)
    session_id, _ = found
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, session_id, httponly=True, samesite="strict", path="/")
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    _state(request).logout(request.cookies.get(COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


# -- search -------------------------------------------------------------------------------------


@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    principal: Reader,
    q: str | None = None,
    entity: str | None = None,
    type: str | None = None,
    certainty: str | None = None,
    grade: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> Response:
    corpus = _corpus(request)
    filters = Filters(
        q=_blank(q),
        entity=_blank(entity),
        type=_blank(type),
        certainty=_blank(certainty),
        grade=_blank(grade),
        date_from=_blank(date_from),
        date_to=_blank(date_to),
    )
    error, results = None, None
    try:
        results = run_search(corpus, _state(request).store, filters)
    except ClaimgraphError as exc:
        error = str(exc)
    views = [claim_view(corpus, c) for c in results.claims] if results else []
    return page(
        request,
        "search.html",
        principal,
        filters=filters,
        facets=facets(corpus),
        results=results,
        views=views,
        error=error,
        corpus=corpus,
        doc_label=doc_label,
    )


def _blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


# -- documents ----------------------------------------------------------------------------------


@router.get("/documents", response_class=HTMLResponse)
def documents_page(request: Request, principal: Reader) -> Response:
    corpus = _corpus(request)
    counts: dict[str, int] = {}
    for claim in corpus.claims:
        counts[claim.doc_id] = counts.get(claim.doc_id, 0) + 1
    return page(
        request,
        "documents.html",
        principal,
        documents=list(corpus.documents.values()),
        claim_counts=counts,
        doc_label=doc_label,
    )


@router.get("/documents/{doc_id}", response_class=HTMLResponse)
def document_page(doc_id: str, request: Request, principal: Reader) -> Response:
    corpus = _corpus(request)
    doc = corpus.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no single document with an id starting {doc_id!r}")
    claims = sorted(corpus.doc_claims(doc.id), key=lambda c: c.evidence.start)
    mentions = corpus.mentions.get(doc.id, [])
    text, unplaced = highlight(
        doc, mentions, claims, corpus.entities, claim_href=claim_url, entity_href=entity_url
    )
    mentioned: dict[str, int] = {}
    for mention in mentions:
        mentioned[mention.entity.id] = mentioned.get(mention.entity.id, 0) + 1
    entities = [(corpus.entities[i], n) for i, n in mentioned.items() if i in corpus.entities]
    return page(
        request,
        "document.html",
        principal,
        doc=doc,
        title=doc_label(doc, doc.id),
        text=text,
        unplaced=unplaced,
        claims=[claim_view(corpus, c) for c in claims],
        entities=sorted(entities, key=lambda en: (en[0].type, -en[1], en[0].name)),
        transfers=corpus.doc_transfers(doc.id),
        cluster=corpus.cluster_of(doc),
    )


# -- claims -------------------------------------------------------------------------------------


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
def claim_page(
    claim_id: str, request: Request, principal: Reader, doc: str | None = None
) -> Response:
    corpus = _corpus(request)
    claim = corpus.claim(claim_id, doc)
    if claim is None:
        raise HTTPException(404, f"no claim {claim_id}")
    view, _ = claim_detail(corpus, claim)
    document = corpus.documents.get(claim.doc_id)
    context = _context(document.text if document else "", claim)
    grade = view.grade
    source = grade.source if grade else None
    return page(
        request,
        "claim.html",
        principal,
        v=view,
        doc=document,
        context=context,
        doc_label=doc_label,
        corpus=corpus,
        source=source,
        override=corpus.view.reliability_of(source.id) if source else None,
        words=icd203_table(),
        timeline=[e for d, e in corpus.timeline if d == claim.doc_id and e.claim_id == claim.id],
    )


def _context(text: str, claim: Claim) -> list[tuple[str, str]]:
    """The evidence with the text around it, as (kind, text) parts: before, cue, evidence,
    after."""
    start, end = claim.evidence.start, claim.evidence.end
    before = text[max(0, start - 280) : start]
    after = text[end : end + 280]
    parts: list[tuple[str, str]] = [("before", ("…" if start > 280 else "") + before)]
    cursor = start
    for cue in sorted(claim.cues, key=lambda c: c.span.start):
        if cue.span.start < cursor or cue.span.end > end:
            continue
        parts += [("evidence", text[cursor : cue.span.start]), ("cue", cue.span.text)]
        cursor = cue.span.end
    parts += [
        ("evidence", text[cursor:end]),
        ("after", after + ("…" if end + 280 < len(text) else "")),
    ]
    return [(kind, piece) for kind, piece in parts if piece]


# -- entities -----------------------------------------------------------------------------------


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, principal: Reader, type: str | None = None) -> Response:
    corpus = _corpus(request)
    docs: dict[str, set[str]] = {}
    for doc_id, mentions in corpus.mentions.items():
        for mention in mentions:
            docs.setdefault(mention.entity.id, set()).add(doc_id)
    entities = [e for e in corpus.entities.values() if not type or e.type == type]
    return page(
        request,
        "entities.html",
        principal,
        entities=sorted(entities, key=lambda e: (-len(docs.get(e.id, ())), e.name)),
        docs=docs,
        types=sorted({e.type for e in corpus.entities.values()}),
        type=type,
    )


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(entity_id: str, request: Request, principal: Reader) -> Response:
    corpus = _corpus(request)
    entity = corpus.view.entity(entity_id)
    if entity is None or entity.id not in corpus.entities:
        raise HTTPException(404, f"no entity {entity_id}")
    if entity.id != entity_id:  # merged away: show where it went
        return RedirectResponse(entity_url(entity.id), status_code=303)
    detail = entity_detail(corpus, corpus.entities[entity.id])
    claims = corpus.entity_claims({entity.id})
    return page(
        request,
        "entity.html",
        principal,
        entity=corpus.entities[entity.id],
        detail=detail,
        claims=[claim_view(corpus, c) for c in claims],
        transfers=corpus.entity_transfers({entity.id}),
        others=sorted(
            (e for e in corpus.entities.values() if e.id != entity.id and e.type != "source"),
            key=lambda e: e.name,
        ),
        override=corpus.view.reliability_of(entity.id),
        error=request.query_params.get("error"),
    )


@router.post("/entities/{entity_id}/edit")
def entity_edit(
    entity_id: str,
    request: Request,
    principal: Reader,
    op: Annotated[str, Form()],
    csrf: Annotated[str, Form()] = "",
    name: Annotated[str, Form()] = "",
    other: Annotated[str, Form()] = "",
    aliases: Annotated[str, Form()] = "",
    docs: Annotated[str, Form()] = "",
) -> Response:
    _editor(principal, csrf)
    args: dict[str, Any] = {"name": name, "other": other}
    if op == "split":
        args = {
            "name": name,
            "aliases": [a.strip() for a in aliases.split(";") if a.strip()],
            "docs": [d.strip() for d in docs.split() if d.strip()],
        }
    try:
        edit = add_edit(_state(request).store, op, entity_id, args, author=principal.name)
    except EditError as exc:
        query = urlencode({"error": str(exc)})
        return RedirectResponse(f"{entity_url(entity_id)}?{query}", status_code=303)
    target = edit.args.get("new_id", entity_id) if op == "split" else entity_id
    return RedirectResponse(entity_url(str(target)), status_code=303)


def _editor(principal: Principal, csrf: str) -> None:
    if not principal.can_edit:
        raise HTTPException(403, "this needs an editor token")
    check_csrf(principal, csrf)


# -- sources and grades -------------------------------------------------------------------------


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, principal: Reader) -> Response:
    corpus = _corpus(request)
    return page(request, "sources.html", principal, sources=sources(corpus), words=icd203_table())


@router.post("/sources/{source_id}/reliability")
def source_reliability(
    source_id: str,
    request: Request,
    principal: Reader,
    csrf: Annotated[str, Form()] = "",
    reliability: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "/sources",
) -> Response:
    _editor(principal, csrf)
    try:
        set_override(
            _state(request).store, source_id, reliability or None, reason or None, principal.name
        )
    except EditError as exc:
        raise HTTPException(400, str(exc)) from None
    return RedirectResponse(_safe_next(back), status_code=303)


# -- timeline and graph -------------------------------------------------------------------------


def _scoped(request: Request, entity: str | None) -> tuple[Corpus, str | None]:
    corpus = _corpus(request)
    if not entity:
        return corpus, None
    try:
        return corpus.select(Scope(entity=entity)), None
    except ClaimgraphError as exc:
        return corpus, str(exc)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, principal: Reader, entity: str | None = None) -> Response:
    corpus, error = _scoped(request, entity)
    points, open_year = timeline_points(corpus, href=claim_url)
    rows = [
        (doc_id, e, corpus.claim(e.claim_id, doc_id))
        for doc_id, e in sorted(corpus.timeline, key=lambda de: de[1].when.replace("X", "9"))
    ]
    return page(
        request,
        "timeline.html",
        principal,
        svg=timeline_svg(points, marker=latest_report(corpus)),
        rows=rows,
        open_year=open_year,
        entity=entity,
        error=error,
        corpus=corpus,
        doc_label=doc_label,
    )


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, principal: Reader, entity: str | None = None) -> Response:
    corpus, error = _scoped(request, entity)
    nodes, edges = actor_graph(corpus, href=entity_url)
    names = {n.id: n.name for n in nodes}
    return page(
        request,
        "graph.html",
        principal,
        svg=network_svg(nodes, edges),
        legend=legend_items([n.type for n in nodes]),
        edges=[(e, names[e.source], names[e.target]) for e in edges],
        entity=entity,
        error=error,
    )


# -- uploads ------------------------------------------------------------------------------------


@router.get("/upload", response_class=HTMLResponse)
def upload_page(request: Request, principal: Reader) -> Response:
    return page(request, "upload.html", principal, jobs=list(_state(request).jobs.values())[-10:])


@router.post("/upload")
async def upload_form(request: Request, principal: Reader) -> Response:
    form = await request.form()
    _editor(principal, str(form.get("csrf", "")))
    files = []
    for item in form.getlist("files"):
        if isinstance(item, UploadFile) and item.filename:
            data = await item.read(MAX_UPLOAD_BYTES + 1)
            if len(data) > MAX_UPLOAD_BYTES:
                raise HTTPException(413, f"{item.filename}: too large")
            files.append((item.filename, data))
    if not files:
        raise HTTPException(400, "choose one or more files")
    published = str(form.get("published") or "") or None
    outlet = str(form.get("outlet") or "") or None
    job = _state(request).submit(files, published, outlet)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(job_id: str, request: Request, principal: Reader) -> Response:
    job = _state(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id}")
    return page(request, "job.html", principal, job=job)


@router.get("/favicon.ico")
def favicon() -> Response:
    """A small icon (no request for it ends in a 404)."""
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><circle cx='4' cy='11' "
        "r='3' fill='#1565c0'/><circle cx='12' cy='5' r='3' fill='#c62828'/><path d='M6 10 "
        "L10 6' stroke='#1f2933' stroke-width='1.5'/></svg>"
    )
    return Response(svg, media_type="image/svg+xml")


# -- API reference ------------------------------------------------------------------------------


@router.get("/api-docs", response_class=HTMLResponse)
def api_docs(request: Request, principal: Reader) -> Response:
    """The OpenAPI description as a page (no external assets)."""
    spec = request.app.openapi()
    operations = [
        (method.upper(), path, op)
        for path, methods in spec.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return page(request, "api.html", principal, operations=operations, spec=spec)


def optional_principal(request: Request) -> Principal | None:
    """The caller if any (error pages)."""
    try:
        return identify(request)
    except HTTPException:
        return None
