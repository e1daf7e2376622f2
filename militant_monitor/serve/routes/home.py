"""The front of the site: the dashboard (``/``), health, the store's counts, the ``/api`` page, the icon."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ... import __version__
from .. import views
from ..deps import DATE_RE, VENDOR, Web, bad, web

router = APIRouter()


@router.get("/healthz", include_in_schema=False)
def healthz(w: Web = Depends(web)):
    return {"ok": True, "version": __version__, "writable": w.token is not None}


@router.get("/api/stats", tags=["store"], summary="Counts of what the knowledge base holds")
def api_stats(w: Web = Depends(web)):
    return w.snapshot.counts()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, since: str = "", until: str = "", w: Web = Depends(web)):
    from ...query import watch
    from ..dashboard import dashboard
    store, snapshot = w.store, w.snapshot
    for name, v in (("since", since), ("until", until)):
        if v and not DATE_RE.match(v):
            raise bad(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD")
    latest = snapshot.latest_documents()[:10]
    idx = snapshot.people()     # once: a second call may see a newer store (an ingest running beside us)
    people = [idx["by_id"][k] for k in idx["order"][:10]]
    recent = snapshot.latest_documents("ingested_at")[:50]
    watching = len(watch.watched(store))
    alerts = watch.alerts(store, [d["id"] for d in recent]) if watching else []
    for a in alerts:
        a["href"] = views.evidence_href(a["doc_id"])
    return w.render(request, "home.html", counts=snapshot.counts(), latest=latest, people=people,
                    dash=dashboard(snapshot.days(), since or None, until or None, snapshot.groups(), snapshot.briefs()),
                    since=since, until=until, alerts=alerts[:20], watching=watching, vendor=VENDOR.exists())


@router.get("/api", response_class=HTMLResponse, include_in_schema=False)
def api_page(request: Request, w: Web = Depends(web)):
    spec = request.app.openapi()
    ops = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "params": [p["name"] for p in op.get("parameters", [])],
                        "write": method.lower() == "post"})
    return w.render(request, "api.html", ops=ops)


@router.get("/favicon.ico", include_in_schema=False)
def favicon():
    return RedirectResponse("/static/favicon.svg")
