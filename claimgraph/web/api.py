"""The HTTP API (JSON under /api; OpenAPI at /api/openapi.json).

Reading needs a token of any role (``Authorization: Bearer cg_...``); uploads, entity edits
and reliability overrides need an editor token."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import (
    APIRouter,
    Depends,
    File,
    Form,
    HTTPException,
    Query,
    Request,
    UploadFile,
)
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from claimgraph.errors import ClaimgraphError
from claimgraph.export.corpus import Corpus, Scope
from claimgraph.export.edits import EditError, add_edit, revert_edit, set_override
from claimgraph.export.graph import actor_graph, graph_json
from claimgraph.export.report import sources
from claimgraph.model import Analysis, Entity, Grade, TimelineEntry, Transfer
from claimgraph.web.auth import Principal, app_state, require_editor, require_read
from claimgraph.web.queries import (
    Filters,
    claim_detail,
    claim_summary,
    doc_summary,
    entity_detail,
    entity_ids,
    run_search,
)
from claimgraph.web.state import MAX_UPLOAD_BYTES, AppState

router = APIRouter(prefix="/api")
Reader = Annotated[Principal, Depends(require_read)]
Editor = Annotated[Principal, Depends(require_editor)]


# -- bodies and answers -------------------------------------------------------------------------


class Health(BaseModel):
    status: str = "ok"
    documents: int


class Me(BaseModel):
    name: str
    role: str
    via: str


class RenameBody(BaseModel):
    name: str = Field(description="the entity's new name (the old one becomes an alias)")


class MergeBody(BaseModel):
    other: str = Field(description="id of the entity folded into this one")


class SplitBody(BaseModel):
    name: str = Field(description="name of the new entity")
    aliases: list[str] = Field([], description="surface forms that refer to the new entity")
    docs: list[str] = Field([], description="documents (ids or prefixes) where it is meant")
    new_id: str | None = Field(None, description="id of the new entity (default: from the name)")


class ReliabilityBody(BaseModel):
    reliability: Literal["A", "B", "C", "D", "E", "F"]
    reason: str = Field("", description="why (kept with the override and shown in grades)")


class Job(BaseModel):
    id: str
    status: str = Field(description="queued | running | done | failed")
    created: str
    finished: str | None = None
    error: str | None = None
    items: list[dict[str, Any]] = Field(description="per file: name, status, doc_id, reason")


def _state(request: Request) -> AppState:
    return app_state(request)


def _corpus(request: Request) -> Corpus:
    try:
        return app_state(request).corpus()
    except ClaimgraphError as exc:
        raise HTTPException(500, str(exc)) from None


def _user_error(exc: ClaimgraphError) -> HTTPException:
    return HTTPException(400, str(exc))


# -- meta ---------------------------------------------------------------------------------------


@router.get("/health", response_model=Health, tags=["meta"], summary="Is the server up?")
def health(request: Request) -> Health:
    """No token needed."""
    return Health(documents=len(_corpus(request).documents))


@router.get("/me", response_model=Me, tags=["meta"], summary="Who am I?")
def me(principal: Reader) -> Me:
    return Me(name=principal.name, role=principal.role, via=principal.via)


# -- documents ----------------------------------------------------------------------------------


@router.post(
    "/documents",
    status_code=202,
    response_model=Job,
    tags=["documents"],
    summary="Upload documents and ingest them in the background",
)
async def upload(
    request: Request,
    principal: Editor,
    files: Annotated[list[UploadFile], File(description="text or Markdown files")],
    published: Annotated[str | None, Form(description="publication date (ISO)")] = None,
    outlet: Annotated[str | None, Form(description="publishing outlet")] = None,
) -> Job:
    """Returns a job at once; poll `GET /api/jobs/{id}` for each file's result."""
    received = []
    for upload_file in files:
        data = await upload_file.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            raise HTTPException(
                413, f"{upload_file.filename}: larger than {MAX_UPLOAD_BYTES} bytes"
            )
        received.append((upload_file.filename or "upload.txt", data))
    if not received:
        raise HTTPException(400, "no files")
    job = _state(request).submit(received, published or None, outlet or None)
    return Job(**job.as_dict())


@router.get("/jobs/{job_id}", response_model=Job, tags=["documents"], summary="Upload job status")
def job_status(job_id: str, request: Request, principal: Reader) -> Job:
    job = _state(request).jobs.get(job_id)
    if job is None:
        raise HTTPException(404, f"no job {job_id}")
    return Job(**job.as_dict())


@router.get("/documents", tags=["documents"], summary="List documents")
def list_documents(request: Request, principal: Reader) -> list[dict[str, Any]]:
    corpus = _corpus(request)
    counts: dict[str, int] = {}
    for claim in corpus.claims:
        counts[claim.doc_id] = counts.get(claim.doc_id, 0) + 1
    return [
        {**doc_summary(d, d.id), "claims": counts.get(d.id, 0), "language": d.language}
        for d in corpus.documents.values()
    ]


@router.get(
    "/documents/{doc_id}",
    response_model=Analysis,
    tags=["documents"],
    summary="One document with everything read from it (edits applied)",
)
def get_document(doc_id: str, request: Request, principal: Reader) -> Analysis:
    corpus = _corpus(request)
    doc = corpus.document(doc_id)
    if doc is None:
        raise HTTPException(404, f"no single document with an id starting {doc_id!r}")
    entity_ids_here = {m.entity.id for m in corpus.mentions.get(doc.id, [])}
    mentions = corpus.mentions.get(doc.id, [])
    entities = [
        corpus.entities[i].model_copy(
            update={"mentions": [m for m in mentions if m.entity.id == i]}
        )
        for i in sorted(entity_ids_here)
        if i in corpus.entities
    ]
    claims = corpus.doc_claims(doc.id)
    return Analysis(
        document=doc,
        entities=entities,
        claims=claims,
        transfers=corpus.doc_transfers(doc.id),
        attributions=corpus.attributions.get(doc.id, []),
        timeline=[e for d, e in corpus.timeline if d == doc.id],
        grades=[g for c in claims if (g := corpus.grade(c)) is not None],
    )


# -- search and claims --------------------------------------------------------------------------


def _filters(
    q: str | None = Query(None, description="full-text query (FTS5 syntax on SQLite)"),
    entity: str | None = Query(None, description="entity id, name or alias"),
    type: str | None = Query(
        None, description="relation (supply, say, ...), PLOVER type or 'transfer'"
    ),
    certainty: str | None = Query(None, description="fact, reported, alleged, ..."),
    grade: str | None = Query(None, description="at least this grade: 'B', '3' or 'B3'"),
    date_from: str | None = Query(None, description="ISO date (any precision)"),
    date_to: str | None = Query(None, description="ISO date (any precision)"),
) -> Filters:
    return Filters(q, entity, type, certainty, grade, date_from, date_to)


@router.get("/search", tags=["claims"], summary="Search claims and documents with filters")
def search_api(
    request: Request,
    principal: Reader,
    filters: Annotated[Filters, Depends(_filters)],
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> dict[str, Any]:
    corpus = _corpus(request)
    try:
        results = run_search(corpus, _state(request).store, filters, limit=limit)
    except ClaimgraphError as exc:
        raise _user_error(exc) from None
    return {
        "total": results.total,
        "claims": [
            {
                **claim_summary(corpus, c),
                "snippet": results.snippets.get((c.doc_id, c.id)),
            }
            for c in results.claims
        ],
        "documents": [
            {**doc_summary(corpus.documents.get(h.doc_id), h.doc_id), "snippet": h.snippet}
            for h in results.documents
        ],
    }


@router.get("/claims", tags=["claims"], summary="List claims (same filters as search)")
def list_claims(
    request: Request,
    principal: Reader,
    filters: Annotated[Filters, Depends(_filters)],
    doc: str | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> list[dict[str, Any]]:
    corpus = _corpus(request)
    try:
        results = run_search(corpus, _state(request).store, filters, limit=5000)
    except ClaimgraphError as exc:
        raise _user_error(exc) from None
    claims = [c for c in results.claims if not doc or c.doc_id.startswith(doc)]
    return [claim_summary(corpus, c) for c in claims[:limit]]


@router.get(
    "/claims/{claim_id}",
    tags=["claims"],
    summary="One claim: evidence, source chain, grade, corroborating and contradicting reports",
)
def get_claim(
    claim_id: str, request: Request, principal: Reader, doc: str | None = None
) -> dict[str, Any]:
    corpus = _corpus(request)
    claim = corpus.claim(claim_id, doc)
    if claim is None:
        raise HTTPException(404, f"no claim {claim_id}")
    return claim_detail(corpus, claim)[1]


# -- entities -----------------------------------------------------------------------------------


@router.get("/entities", response_model=list[Entity], tags=["entities"], summary="List entities")
def list_entities(request: Request, principal: Reader, type: str | None = None) -> list[Entity]:
    corpus = _corpus(request)
    return [e for e in corpus.entities.values() if not type or e.type == type]


@router.get("/entities/{entity_id}", tags=["entities"], summary="One entity")
def get_entity(entity_id: str, request: Request, principal: Reader) -> dict[str, Any]:
    corpus = _corpus(request)
    entity = corpus.view.entity(entity_id)
    if entity is None or entity.id not in corpus.entities:
        raise HTTPException(404, f"no entity {entity_id}")
    return entity_detail(corpus, corpus.entities[entity.id])


def _edit(request: Request, principal: Principal, op: str, entity_id: str, args: dict[str, Any]):
    try:
        edit = add_edit(_state(request).store, op, entity_id, args, author=principal.name)
    except EditError as exc:
        raise _user_error(exc) from None
    return edit.as_dict()


@router.post("/entities/{entity_id}/rename", tags=["entities"], summary="Rename an entity")
def rename(entity_id: str, body: RenameBody, request: Request, principal: Editor) -> dict[str, Any]:
    """Logged as an edit and applied whenever records are read: it survives re-ingest."""
    return _edit(request, principal, "rename", entity_id, body.model_dump())


@router.post(
    "/entities/{entity_id}/merge", tags=["entities"], summary="Merge another entity into one"
)
def merge(entity_id: str, body: MergeBody, request: Request, principal: Editor) -> dict[str, Any]:
    return _edit(request, principal, "merge", entity_id, body.model_dump())


@router.post("/entities/{entity_id}/split", tags=["entities"], summary="Split off a new entity")
def split(entity_id: str, body: SplitBody, request: Request, principal: Editor) -> dict[str, Any]:
    """Mentions with the given surface forms, and everything in the given documents, move to
    the new entity."""
    return _edit(request, principal, "split", entity_id, body.model_dump())


@router.get("/edits", tags=["entities"], summary="The entity edit log")
def list_edits(request: Request, principal: Reader) -> list[dict[str, Any]]:
    from claimgraph.export.edits import load_edits

    return [e.as_dict() for e in load_edits(_state(request).store, include_reverted=True)]


@router.delete("/edits/{edit_id}", tags=["entities"], summary="Revert an edit")
def delete_edit(edit_id: int, request: Request, principal: Editor) -> dict[str, Any]:
    if not revert_edit(_state(request).store, edit_id):
        raise HTTPException(404, f"no edit {edit_id}")
    return {"reverted": edit_id}


# -- transfers, timeline, graph, grades ---------------------------------------------------------


@router.get("/transfers", response_model=list[Transfer], tags=["claims"], summary="Transfers")
def list_transfers(
    request: Request,
    principal: Reader,
    supplier: str | None = None,
    recipient: str | None = None,
    status: str | None = None,
) -> list[Transfer]:
    corpus = _corpus(request)
    try:
        sup = entity_ids(corpus, supplier) if supplier else None
        rec = entity_ids(corpus, recipient) if recipient else None
    except ClaimgraphError as exc:
        raise _user_error(exc) from None
    return [
        t
        for t in corpus.transfers
        if (sup is None or (t.supplier and t.supplier.id in sup))
        and (rec is None or (t.recipient and t.recipient.id in rec))
        and (status is None or t.status == status)
    ]


def _scoped(request: Request, entity: str | None, doc: str | None, query: str | None) -> Corpus:
    corpus = _corpus(request)
    try:
        return corpus.select(Scope(entity=entity, doc=doc, query=query), _state(request).store)
    except ClaimgraphError as exc:
        raise _user_error(exc) from None


@router.get("/timeline", tags=["claims"], summary="Dated claims in order")
def timeline(
    request: Request, principal: Reader, entity: str | None = None, doc: str | None = None
) -> list[dict[str, Any]]:
    corpus = _scoped(request, entity, doc, None)
    entries: list[tuple[str, TimelineEntry]] = sorted(
        corpus.timeline, key=lambda de: de[1].when.replace("X", "9")
    )
    return [{"doc_id": d, **e.model_dump(mode="json")} for d, e in entries]


@router.get("/graph", tags=["claims"], summary="Actor network (nodes and links)")
def graph(
    request: Request, principal: Reader, entity: str | None = None, doc: str | None = None
) -> dict[str, Any]:
    corpus = _scoped(request, entity, doc, None)
    return graph_json(*actor_graph(corpus, max_nodes=200))


@router.get("/grades", response_model=list[Grade], tags=["grades"], summary="Claim grades")
def list_grades(request: Request, principal: Reader, doc: str | None = None) -> list[Grade]:
    corpus = _corpus(request)
    return [g for (d, _), g in corpus.grades.items() if not doc or d.startswith(doc)]


@router.get("/sources", tags=["grades"], summary="Sources with their reliability")
def list_sources(request: Request, principal: Reader) -> list[dict[str, Any]]:
    return [vars(s) for s in sources(_corpus(request))]


@router.put(
    "/sources/{source_id}/reliability",
    tags=["grades"],
    summary="Override a source's reliability (A–F)",
)
def put_reliability(
    source_id: str, body: ReliabilityBody, request: Request, principal: Editor
) -> dict[str, Any]:
    """Replaces the default for the source's kind; its claims are regraded."""
    set_override(
        _state(request).store, source_id, body.reliability, body.reason or None, principal.name
    )
    return {"source_id": source_id, "reliability": body.reliability, "reason": body.reason}


@router.delete(
    "/sources/{source_id}/reliability",
    tags=["grades"],
    summary="Remove a reliability override",
)
def delete_reliability(source_id: str, request: Request, principal: Editor) -> dict[str, Any]:
    set_override(_state(request).store, source_id, None, None, principal.name)
    return {"source_id": source_id, "reliability": None}


# -- exports ------------------------------------------------------------------------------------

MEDIA = {
    "json": "application/json",
    "jsonl": "application/x-ndjson",
    "stix": "application/stix+json;version=2.1",
    "ftm": "application/x-ndjson",
    "sipri-csv": "text/csv; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


@router.get("/export", tags=["exports"], summary="Export (json, jsonl, csv, stix, ftm, sipri-csv)")
def export(
    request: Request,
    principal: Reader,
    format: Literal["json", "jsonl", "csv", "stix", "ftm", "sipri-csv"] = "json",
    record: str | None = Query(None, description="csv: the record type (claims, transfers, ...)"),
    entity: str | None = None,
    query: str | None = None,
    doc: str | None = None,
) -> Response:
    """stix, ftm and sipri-csv take entity, query or doc to narrow what is exported."""
    from claimgraph.export.commands import write_scoped
    from claimgraph.export.records import write_json, write_jsonl

    state = _state(request)
    buffer = io.StringIO()
    if format in {"stix", "ftm", "sipri-csv"}:
        write_scoped(state.store, _scoped(request, entity, doc, query), format, buffer)
    elif format == "csv":
        _csv_section(state, record, buffer)
    elif format == "json":
        write_json(state.store, buffer, _corpus(request).view)
    else:
        write_jsonl(state.store, buffer, _corpus(request).view)
    suffix = {"stix": "stix.json", "ftm": "ftm.jsonl", "sipri-csv": "sipri.csv"}.get(format, format)
    name = f"claimgraph-{record}.csv" if format == "csv" else f"claimgraph.{suffix}"
    return Response(
        buffer.getvalue(),
        media_type=MEDIA[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _csv_section(state: AppState, record: str | None, buffer: io.StringIO) -> None:
    from claimgraph.export.records import iter_viewed
    from claimgraph.store.export import SECTIONS, write_csv

    section = next((s for s in SECTIONS if s.name == record), None)
    if section is None:
        names = ", ".join(s.name for s in SECTIONS)
        raise HTTPException(400, f"csv needs record=one of {names}")
    write_csv(buffer, section, iter_viewed(state.store, state.corpus().view, section))


@router.get("/report", tags=["exports"], summary="Dossier report (self-contained HTML or Markdown)")
def report(
    request: Request,
    principal: Reader,
    format: Literal["html", "md"] = "html",
    entity: str | None = None,
    query: str | None = None,
    doc: str | None = None,
) -> Response:
    from claimgraph.export.commands import render_report

    corpus = _scoped(request, entity, doc, query)
    text = render_report(corpus, format, database=_state(request).settings.db)
    if format == "md":
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
    return Response(text, media_type="text/html; charset=utf-8")
