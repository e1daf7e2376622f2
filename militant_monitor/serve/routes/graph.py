"""The network around an entity: people, groups and events (Cytoscape.js page, GraphML, JSON)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from .. import views
from ..actions import ActionError
from ..deps import VENDOR, Web, bad, int_param, web

router = APIRouter()


@router.get("/api/graph", tags=["graph"], summary="People, groups and events around an entity")
def api_graph(name: str = Query(..., min_length=1, max_length=300), depth: int = Query(1, ge=1, le=3),
              format: str = Query("json", pattern="^(json|graphml)$",
                                  description="json, or graphml for Gephi and yEd"),
              w: Web = Depends(web)):
    g = get_graph(w, name, depth)
    if format == "graphml":
        return Response(views.graphml_text(g), media_type="application/graphml+xml",
                        headers={"Content-Disposition": 'attachment; filename="network.graphml"'})
    return {"name": name, "depth": depth, **views.graph_json(g)}


def get_graph(w: Web, name: str, depth: int):
    from ...query.graph import around
    if not name.strip():
        raise bad("give a name")
    g = around(w.store, name.strip(), depth, g=w.snapshot.graph())
    if g.number_of_nodes() == 0:
        raise ActionError(404, f"nothing known as {name!r}")
    return g


@router.get("/graph", response_class=HTMLResponse, include_in_schema=False)
def graph_page(request: Request, name: str = "", depth: str = "1", limit: str = "120", w: Web = Depends(web)):
    d = int_param(depth, "depth", 1, 1, 3)
    cap = None if limit == "all" else int_param(limit, "limit", 120, 10, 5000)
    g = get_graph(w, name, d) if name.strip() else None
    net = views.network_data(g, cap) if g is not None else None
    gv = views.graph_view(g) if g is not None and not VENDOR.exists() else None
    return w.render(request, "graph.html", name=name, depth=d, gv=gv, net=net, limit=limit,
                    limits=["60", "120", "300", "all"], vendor=VENDOR.exists())
