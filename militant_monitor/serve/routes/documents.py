"""Documents: the list (newest first, or best match for words), one article with its evidence span
marked and the facts read from it; the JSON of both."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from .. import views
from ..actions import ActionError
from ..deps import DATE_RE, Web, bad, fact_view, int_param, web

router = APIRouter()


@router.get("/api/documents", tags=["documents"], summary="Documents, newest first (or best match for q)")
def api_documents(q: Optional[str] = Query(None, max_length=500, description="Full-text search words."),
                  publisher: Optional[str] = Query(None, max_length=200),
                  since: Optional[str] = Query(None, description="YYYY[-MM[-DD]]"),
                  until: Optional[str] = Query(None, description="YYYY[-MM[-DD]]"),
                  page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=views.MAX_PER_PAGE),
                  w: Web = Depends(web)):
    return documents_page(w, q, publisher, since, until, page, per_page)


def documents_page(w: Web, q, publisher, since, until, page, per_page) -> dict:
    for label, d in (("since", since), ("until", until)):
        if d and not DATE_RE.match(d):
            raise bad(f"{label} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {d!r}")
    if q and q.strip():
        from ...query.search import search
        hits = search(w.store, q, limit=1000)["documents"]
        meta = w.snapshot.documents()
        docs = [{**meta.get(h["id"], {}), "snippet": h["snippet"]} for h in hits if h["id"] in meta]
    else:
        meta = w.snapshot.documents()
        docs = sorted(meta.values(), key=lambda d: (d.get("published") or "", d["id"]), reverse=True)
    if publisher:
        docs = [d for d in docs if (d.get("publisher") or "").lower() == publisher.strip().lower()]
    if since:
        docs = [d for d in docs if (d.get("published") or "") >= since]
    if until:
        docs = [d for d in docs if d.get("published") and d["published"][:len(until)] <= until]
    res = views.page_of(docs, page, per_page)
    res["items"] = [views.public_document(d) for d in res["items"]]
    return res


@router.get("/api/documents/{doc_id}", tags=["documents"], summary="One document: text, metadata and its statements")
def api_document(doc_id: str, w: Web = Depends(web)):
    d = w.store.document(doc_id)
    if d is None:
        raise ActionError(404, f"no document {doc_id!r}")
    d.pop("content_hash", None)
    d["statements"] = w.store.statements(doc_id=doc_id)
    d["partial"] = views.partial_of(d["statements"])
    return views.public_document(d)


@router.get("/documents", response_class=HTMLResponse, include_in_schema=False)
def documents_list(request: Request, q: str = "", page: str = "1", w: Web = Depends(web)):
    n = int_param(page, "page", 1, 1)
    res = documents_page(w, q, None, None, None, n, 50)
    return w.render(request, "documents.html", q=q, res=res,
                    nav=views.page_links("/documents", {"q": q}, n, res["pages"]))


@router.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
def document_page(request: Request, doc_id: str, start: str = "", end: str = "", q: str = "", w: Web = Depends(web)):
    d = w.store.document(doc_id)
    if d is None:
        raise ActionError(404, f"no document {doc_id!r}")
    text = d["text"] or ""
    s, e = int_param(start, "start", None, 0), int_param(end, "end", None, 0)
    if (s is None) != (e is None):
        raise bad("give both start and end")
    if s is not None and not (s <= e <= len(text)):
        raise bad(f"start and end must satisfy 0 <= start <= end <= {len(text)}")
    pieces = (text[:s], text[s:e], text[e:]) if s is not None else (text, None, "")
    every = w.store.statements(doc_id=doc_id)
    stmts = [st for st in every if st["span_start"] is not None and st["prop"] not in ("evidence",)][:300]
    facts = [{"entity_id": st["entity_id"], "prop": st["prop"],
              "text": fact_view(w, {**st, "value": st["value"]})["text"],
              "href": f"/documents/{views.q(doc_id)}?start={st['span_start']}&end={st['span_end']}#evidence",
              "current": s == st["span_start"] and e == st["span_end"]} for st in stmts]
    rx = views.hit_pattern(q[:500]) if q.strip() else None
    marked = [views.highlighted(p, rx) if p is not None else None for p in pieces]
    hits = sum(1 for part in marked if part for _, h in part if h)
    return w.render(request, "document.html", d=d, pieces=pieces, marked=marked, hits=hits, q=q,
                    facts=facts, partial=views.partial_of(every), url=views.safe_url(d.get("url")))
