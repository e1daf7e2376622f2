"""Events: the event table with the filters of ``mmon events`` (paged; CSV of the same selection), one
event with what each source says of it side by side; the JSON of both."""
from __future__ import annotations

import urllib.parse
from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import views
from ..actions import ActionError
from ..deps import Web, event_filters, filters_dict, int_param, web

router = APIRouter()


@router.get("/api/events", tags=["events"],
            summary="Events across documents (the filters of `mmon events`); format=csv for a CSV file")
def api_events(group: Optional[str] = Query(None, description="Perpetrator group (any name or alias)."),
               person: Optional[str] = Query(None, description="Perpetrator person (any name or alias)."),
               type: Optional[str] = Query(None, description="Event type; 'attack' means the whole family."),
               place: Optional[str] = Query(None, description="Place at any level: name, district, province or country."),
               since: Optional[str] = Query(None, description="From this date (YYYY[-MM[-DD]])."),
               until: Optional[str] = Query(None, description="Up to this date."),
               min_killed: Optional[int] = Query(None, ge=0, description="At least this many killed (any source)."),
               page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=views.MAX_PER_PAGE),
               format: str = Query("json", pattern="^(json|csv)$"), w: Web = Depends(web)):
    from ...query import events
    f = event_filters(group, person, type, place, since, until, min_killed)
    if format == "csv":
        rows = events.event_table(w.store, f, rows=w.snapshot.events())
        return Response(events.to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="events.csv"'})
    items, total = events.page(w.store, f, (page - 1) * per_page, per_page)   # SQL: only this page's rows built
    return {**views.paged(items, total, page, per_page), "filters": filters_dict(f)}


@router.get("/api/events/{event_id:path}", tags=["events"],
            summary="One event by its id (E-...) or any of its reports' ids, every source side by side")
def api_event(event_id: str, w: Web = Depends(web)):
    from ...query.events import event_of
    r = event_of(w.snapshot.events(), event_id)
    if r is None:
        raise ActionError(404, f"no event {event_id[:80]!r}")
    return r


@router.get("/events", response_class=HTMLResponse, include_in_schema=False)
def events_page(request: Request, group: str = "", person: str = "", type: str = "", place: str = "",
                since: str = "", until: str = "", min_killed: str = "", page: str = "1", w: Web = Depends(web)):
    from ...query.events import SPECIFIC, Filters, select_events
    from ...query.events import page as event_page
    from .. import filters
    store, snapshot = w.store, w.snapshot
    params = {"group": group, "person": person, "type": type, "place": place, "since": since, "until": until,
              "min_killed": min_killed}
    f = event_filters(**params)
    n = int_param(page, "page", 1, 1)
    items, total = event_page(store, f, (n - 1) * 50, 50)       # SQL: only this page's rows built
    res = views.paged(items, total, n, 50)
    ev = views.event_evidence(store, res["items"])
    query = urllib.parse.urlencode(filters_dict(f))
    return w.render(request, "events.html", params=params, res=res, types=["attack", *SPECIFIC],
                    lists=snapshot.filter_lists(), warnings=filters.warnings(snapshot, store, params, "/events"),
                    json_href="/api/events" + ("?" + query if query else ""),
                    events=[views.event_view(r, ev) for r in res["items"]],
                    nav=views.page_links("/events", params, n, res["pages"]),
                    csv_href="/api/events?" + (query + "&" if query else "") + "format=csv",
                    map_href="/map" + ("?" + query if query else ""),
                    total_all=select_events(store, Filters(), 0, 0)[1])


@router.get("/events/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
def event_page(request: Request, event_id: str, w: Web = Depends(web)):
    from ...query.events import event_of
    r = event_of(w.snapshot.events(), event_id)
    if r is None:
        raise ActionError(404, f"no event {event_id!r}")
    return w.render(request, "event.html", e=views.event_page_view(r))
