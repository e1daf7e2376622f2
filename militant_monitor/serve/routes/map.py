"""The map of events (Leaflet over local borders; a server-drawn SVG without the libraries), with the
filters of the events page."""
from __future__ import annotations

import urllib.parse

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from .. import views
from ..deps import VENDOR, Web, event_filters, filters_dict, web

router = APIRouter()


@router.get("/map", response_class=HTMLResponse, include_in_schema=False)
def map_page(request: Request, group: str = "", person: str = "", type: str = "", place: str = "",
             since: str = "", until: str = "", min_killed: str = "", w: Web = Depends(web)):
    from ...query.events import SPECIFIC, event_table
    from .. import filters
    store, snapshot = w.store, w.snapshot
    params = {"group": group, "person": person, "type": type, "place": place, "since": since, "until": until,
              "min_killed": min_killed}
    f = event_filters(**params)
    rows = event_table(store, f, rows=snapshot.events())
    query = urllib.parse.urlencode(filters_dict(f))
    data = snapshot.whole_map() if not query else views.map_data(rows, query, snapshot.briefs(), snapshot.locations())
    return w.render(request, "map.html", params=params, total=len(rows),
                    m=None if VENDOR.exists() else views.map_view(rows),   # the SVG drawn only without the libraries
                    data=data, vendor=VENDOR.exists(),
                    lists=snapshot.filter_lists(), warnings=filters.warnings(snapshot, store, params, "/map"),
                    types=["attack", *SPECIFIC], events_href="/events" + ("?" + query if query else ""))
