"""A place's page: its events, the dead and injured, the perpetrators and forces named, the people
from there, its gazetteer entry."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from .. import views
from ..actions import ActionError
from ..deps import Web, bad, event_filters, web

router = APIRouter()


@router.get("/places/{name}", response_class=HTMLResponse, include_in_schema=False)
def place_page(request: Request, name: str, w: Web = Depends(web)):
    from ...query.events import event_table
    store, snapshot = w.store, w.snapshot
    name = name.strip()
    if not name or len(name) > 200:
        raise bad("give a place name")
    f = event_filters(place=name)
    rows = event_table(store, f, rows=snapshot.events())
    if not rows:
        from .. import filters
        near = filters.warnings(snapshot, store, {"place": name}, "/events")
        suggest = near[0]["suggest"] if near else []
        raise ActionError(404, f"no event is placed in {name!r}"
                          + (": did you mean " + ", ".join(x["name"] for x in suggest) + "?" if suggest else ""))
    import json

    from sqlalchemy import select

    from ...store import schema
    st = schema.statements.c
    with store.engine.connect() as c:   # the men said to come from here (few rows: origins only)
        origins = [(r.entity_id, json.loads(r.value)) for r in c.execute(
            select(st.entity_id, st.value).where(st.prop == "origin"))]
    return w.render(request, "place.html", **views.place_view(name, rows, snapshot,
                                                              [(e, str(v)) for e, v in origins]))
