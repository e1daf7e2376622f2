"""Review: the queue of suggested merges and splits, analysts' judgements (merge, split, answer,
undo) and forgetting a document - the JSON API (token in the header) and the review page (token in
a form field; a write answers with a redirect)."""
from __future__ import annotations

import urllib.parse
from typing import Optional

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, Field

from .. import views
from ..actions import ActionError
from ..deps import REVIEW_PER_PAGE, Web, api_writer, int_param, read_upload, text_param, web

router = APIRouter()


# --- request bodies ------------------------------------------------------------------------------------------

class MergeIn(BaseModel):
    a: str = Field(..., description="A name, alias or entity id.", max_length=300)
    b: str = Field(..., description="Another.", max_length=300)
    user: Optional[str] = Field(None, max_length=100)
    note: Optional[str] = Field(None, max_length=2000)


class SplitIn(BaseModel):
    entity: str = Field(..., description="A name or entity id whose resolved entity to split.", max_length=300)
    members: Optional[list[str]] = Field(None, description="Only take these member ids out (default: all).")
    user: Optional[str] = Field(None, max_length=100)
    note: Optional[str] = Field(None, max_length=2000)


class ForgetIn(BaseModel):
    doc_id: str = Field(..., description="Document id (doc-...).", max_length=80)


class AnswerIn(BaseModel):
    key: str = Field(..., description="The review item's key (from GET /api/review).", max_length=700)
    answer: str = Field(..., description="merge, split or unsure.", pattern="^(merge|split|unsure)$")
    user: Optional[str] = Field(None, max_length=100)
    note: Optional[str] = Field(None, max_length=2000)


class UndoIn(BaseModel):
    judgement: int = Field(..., description="The judgement number to undo.", ge=1)


# --- JSON API ----------------------------------------------------------------------------------------------------

@router.get("/api/judgements", tags=["review"], summary="Analysts' merge and split decisions")
def api_judgements(w: Web = Depends(web)):
    from ...resolve import judgements
    return {"items": judgements.history(w.store)}


@router.get("/api/review", tags=["review"], summary="The review queue: suggested merges and splits, best first",
            description="Stored when resolution runs: merges the matcher scored near its threshold, splits of "
                        "people that look like several men. Each item: `key`, `kind`, `score`, `why`, and its two "
                        "sides (`left`, `right`) with their members, names and mentions (sentence, document, "
                        "publisher, date). Answer with POST /api/review/answer.")
def api_review(limit: int = Query(20, ge=1, le=views.MAX_PER_PAGE), offset: int = Query(0, ge=0, le=1_000_000),
               w: Web = Depends(web)):
    from ...resolve import review
    return review.queue(w.store, limit, offset)


@router.post("/api/review/answer", tags=["review"], summary="Answer a review item: merge, split or unsure (token)",
             dependencies=[Depends(api_writer)])
def api_review_answer(body: AnswerIn, w: Web = Depends(web)):
    from ...resolve import review
    with w.writing():
        return review.answer(w.store, body.key, body.answer, body.user or "web", body.note)


@router.post("/api/merge", tags=["review"], summary="Record that A and B are one entity (token)",
             dependencies=[Depends(api_writer)])
def api_merge(body: MergeIn, w: Web = Depends(web)):
    from .. import actions
    with w.writing():
        return actions.merge(w.store, body.a, body.b, body.user or "web", body.note)


@router.post("/api/split", tags=["review"], summary="Keep a resolved entity's members apart (token)",
             dependencies=[Depends(api_writer)])
def api_split(body: SplitIn, w: Web = Depends(web)):
    from .. import actions
    with w.writing():
        return actions.split(w.store, body.entity, body.members, body.user or "web", body.note)


@router.post("/api/undo", tags=["review"], summary="Undo a judgement (token)", dependencies=[Depends(api_writer)])
def api_undo(body: UndoIn, w: Web = Depends(web)):
    from .. import actions
    with w.writing():
        return actions.undo(w.store, body.judgement)


@router.post("/api/forget", tags=["documents"], summary="Remove a document and the facts only it backs (token)",
             dependencies=[Depends(api_writer)])
def api_forget(body: ForgetIn, w: Web = Depends(web)):
    from .. import actions
    with w.writing():
        return actions.forget(w.store, body.doc_id)


# --- the review page ----------------------------------------------------------------------------------------------

def review_context(w: Web, q: str, page: int = 1) -> dict:
    from ...resolve import judgements, review
    people = views.find_people(w.snapshot, q)[:40]
    titles = w.snapshot.documents()
    rows = []
    for p in people:
        members = []
        for m in p["members"]:
            doc = m.split(":")[1] if m.count(":") >= 2 else None
            members.append({"id": m, "doc": doc, "title": (titles.get(doc) or {}).get("title") if doc else None})
        rows.append({**p, "member_rows": members})
    hist = list(reversed(judgements.history(w.store)))[:50]
    queue = review.queue(w.store, REVIEW_PER_PAGE, (page - 1) * REVIEW_PER_PAGE)
    pages = max(1, -(-queue["total"] // REVIEW_PER_PAGE))
    return {"q": q, "people": rows, "history": hist, "queue": queue,
            "queue_nav": views.page_links("/review", {"q": q}, page, pages)}


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(request: Request, q: str = "", done: str = "", job: str = "", page: str = "1", w: Web = Depends(web)):
    j = w.jobs.get(job) if job else None
    return w.render(request, "review.html", **review_context(w, q, int_param(page, "page", 1, 1, 100_000)),
                    result=w.flashes.pop(done, None), failure=None, job=j, jobs=w.jobs.recent(5))


def review_action(w: Web, request: Request, q: str, fn, given_token: str):
    try:
        w.check(given_token or None)
    except ActionError as exc:
        return w.render(request, "review.html", status=exc.status, **review_context(w, q), result=None,
                        failure=exc.message)
    try:
        with w.writing():
            result = fn()
    except ActionError as exc:
        return w.render(request, "review.html", status=exc.status, **review_context(w, q), result=None,
                        failure=exc.message)
    # a write answers with a redirect (POST, then GET): reloading the page never repeats it
    return RedirectResponse("/review?" + urllib.parse.urlencode({"q": q, "done": w.flash(result["message"])}),
                            status_code=303)


@router.post("/review/merge", response_class=HTMLResponse, include_in_schema=False)
def review_merge(request: Request, a: str = Form(""), b: str = Form(""), note: str = Form(""),
                 user: str = Form(""), token: str = Form(""), q: str = Form(""), w: Web = Depends(web)):
    from .. import actions
    return review_action(w, request, q, lambda: actions.merge(w.store, a, b, text_param(user, "user", 100) or "web",
                                                              text_param(note, "note", 2000)), token)


@router.post("/review/split", response_class=HTMLResponse, include_in_schema=False)
def review_split(request: Request, entity: str = Form(""), member: list[str] = Form([]), note: str = Form(""),
                 user: str = Form(""), token: str = Form(""), q: str = Form(""), w: Web = Depends(web)):
    from .. import actions
    return review_action(w, request, q, lambda: actions.split(w.store, entity, member,
                                                              text_param(user, "user", 100) or "web",
                                                              text_param(note, "note", 2000)), token)


@router.post("/review/answer", response_class=HTMLResponse, include_in_schema=False)
def review_answer(request: Request, key: str = Form(""), answer: str = Form(""), note: str = Form(""),
                  user: str = Form(""), token: str = Form(""), q: str = Form(""), w: Web = Depends(web)):
    from ...resolve import review
    return review_action(w, request, q, lambda: review.answer(w.store, text_param(key, "key", 700) or "", answer,
                                                              text_param(user, "user", 100) or "web",
                                                              text_param(note, "note", 2000)), token)


@router.post("/review/undo", response_class=HTMLResponse, include_in_schema=False)
def review_undo(request: Request, judgement: str = Form(""), token: str = Form(""), q: str = Form(""),
                w: Web = Depends(web)):
    from .. import actions
    return review_action(w, request, q, lambda: actions.undo(w.store, int_param(judgement, "judgement", 0, 1)), token)


@router.post("/review/forget", response_class=HTMLResponse, include_in_schema=False)
def review_forget(request: Request, doc_id: str = Form(""), token: str = Form(""), q: str = Form(""),
                  w: Web = Depends(web)):
    from .. import actions
    return review_action(w, request, q, lambda: actions.forget(w.store, doc_id), token)


@router.post("/review/upload", response_class=HTMLResponse, include_in_schema=False)
def review_upload(request: Request, file: UploadFile = File(...), token: str = Form(""), q: str = Form(""),
                  w: Web = Depends(web)):
    try:
        w.check(token or None)
        job = w.upload_job(file.filename, read_upload(file, w.max_upload))
    except ActionError as exc:
        return w.render(request, "review.html", status=exc.status, **review_context(w, q), result=None,
                        failure=exc.message, job=None, jobs=w.jobs.recent(5))
    return RedirectResponse("/review?" + urllib.parse.urlencode({"q": q, "job": job["id"]}), status_code=303)
