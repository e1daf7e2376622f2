"""A person's or group's dated facts in order: the page and its JSON."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from .. import views
from ..deps import Web, bad, web

router = APIRouter()


@router.get("/api/timeline", tags=["timeline"], summary="A person's or group's dated facts in order")
def api_timeline(name: str = Query(..., min_length=1, max_length=300), w: Web = Depends(web)):
    return {"name": name, "entries": get_timeline(w, name)}


def get_timeline(w: Web, name: str) -> list[dict]:
    from ...query.timeline import timeline
    if not name.strip():
        raise bad("give a name")
    return timeline(w.store, name.strip(), events=w.snapshot.events(), docs=w.snapshot.documents())


@router.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
def timeline_page(request: Request, name: str = "", w: Web = Depends(web)):
    entries = get_timeline(w, name) if name.strip() else []
    return w.render(request, "timeline.html", name=name,
                    entries=[{**e, "href": views.evidence_href(e["source"]["doc_id"]),
                              "label": views.source_label(e["source"])} for e in entries])
