"""Search: full text over documents and facts (totals, pages), with the people, groups and events the
words name."""
from __future__ import annotations

import re

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from .. import views
from ..deps import SEARCH_PER_PAGE, Web, bad, fact_view, find_groups, int_param, web

router = APIRouter()


@router.get("/api/search", tags=["search"], summary="Full-text search over documents and facts, with totals and pages")
def api_search(q: str = Query(..., max_length=500, description='Words (all must occur), "a phrase", a prefix*, '
                              "-word or NOT word to leave out; other FTS syntax is searched as plain words."),
               limit: int = Query(20, ge=1, le=views.MAX_PER_PAGE, description="Results per section."),
               offset: int = Query(0, ge=0, le=1_000_000, description="Results to skip in each section."),
               w: Web = Depends(web)):
    from ...query.search import search
    return {"query": q, **search(w.store, q, limit, offset)}


@router.get("/search", response_class=HTMLResponse, include_in_schema=False)
def search_page(request: Request, q: str = "", page: str = "1", kind: str = "all", w: Web = Depends(web)):
    from ...query.search import parse, search
    from ...resolve.resolver import clusters_named
    store, snapshot = w.store, w.snapshot
    res, people, groups, facts, nav = None, [], [], [], None
    n = int_param(page, "page", 1, 1, 100_000)
    if q.strip():
        if len(q) > 500:
            raise bad("the query is too long")
        res = search(store, q, SEARCH_PER_PAGE, (n - 1) * SEARCH_PER_PAGE)
        pages = max(1, -(-max(res["total"]["documents"], res["total"]["facts"]) // SEARCH_PER_PAGE))
        nav = views.page_links("/search", {"q": q}, n, pages)
        by_id = snapshot.people()["by_id"]
        named = " ".join(parse(q).words)   # people and groups by the words to find, not the syntax
        people = [by_id[c] for c in clusters_named(store, named, "person") if c in by_id]
        people += [p for p in views.find_people(snapshot, named)[:10] if p not in people]
        groups = find_groups(w, named)[:10]
        facts = [fact_view(w, f) for f in res["facts"]]
    events = search_events(w, q) if res is not None else []
    facets = None
    if res is not None:
        facets = [("all", "everything", None), ("people", "people", len(people)), ("groups", "groups", len(groups)),
                  ("events", "events", len(events)), ("documents", "documents", res["total"]["documents"]),
                  ("facts", "facts", res["total"]["facts"])]
    show = kind if kind in ("people", "groups", "events", "documents", "facts") else "all"
    return w.render(request, "search.html", q=q, res=res, people=people[:15], groups=groups, facts=facts, nav=nav,
                    events=events[:50], facets=facets, show=show)


def search_events(w: Web, q: str) -> list[dict]:
    """Events whose type, place, perpetrators or targets hold every word the query asks for."""
    terms = [re.compile(t, re.I) for t in views.term_patterns(q)]
    if not terms:
        return []
    briefs = w.snapshot.briefs()    # (another state of the store than the words' when a write came between)
    out = [{**(briefs.get(r["id"]) or views.event_brief(r)), "by": ", ".join(r.get("perpetrators") or [])}
           for hay, r in w.snapshot.event_words() if all(t.search(hay) for t in terms)]
    return sorted(out, key=lambda e: e["date"], reverse=True)
