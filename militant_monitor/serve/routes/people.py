"""People: the list of resolved people (most documented first, or matching a name), a profile as a
monitor's brief with every fact's sources; the JSON and CSV of both."""
from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from .. import views
from ..actions import ActionError
from ..deps import Web, bad, csv_response, int_param, web

router = APIRouter()


@router.get("/api/people", tags=["people"], summary="Resolved people, most documented first (or matching q)")
def api_people(q: Optional[str] = Query(None, max_length=300, description="Part of any name or alias."),
               page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=views.MAX_PER_PAGE),
               format: str = Query("json", pattern="^(json|csv)$", description="csv: every match, one row each"),
               w: Web = Depends(web)):
    found = views.find_people(w.snapshot, q)
    if format == "csv":
        return csv_response([views.person_json(p) for p in found], views.PEOPLE_CSV, "people.csv")
    res = views.page_of(found, page, per_page)
    res["items"] = [views.person_json(p) for p in res["items"]]
    return res


def get_profile(w: Web, name: str) -> dict:
    """The profile of the one person ``name`` means; ``Ambiguous`` when it fits several."""
    from ...query.profile import profile
    name = (name or "").strip()
    if not name or len(name) > 300:
        raise bad("give a name, an alias or a person id")
    p = profile(w.store, name)
    if p is None:
        raise ActionError(404, f"no person known as {name!r}")
    return p


@router.get("/api/people/{entity_id}", tags=["people"],
            summary="A person's profile (by id, name or alias), every fact with its sources",
            description="An id a merge retired gives the profile under the id in use (`id`, and "
                        "`redirected_from`). A name that fits several people answers 300 Multiple Choices "
                        "with `candidates`: each one's `id`, names, groups, roles, places, report dates and "
                        "number of sources; ask again by `id`.")
def api_person(entity_id: str, w: Web = Depends(web)):
    from ...query.profile import is_id, render_brief
    p = get_profile(w, entity_id)
    extra = {"redirected_from": entity_id.strip()} if is_id(entity_id) and entity_id.strip() != p["id"] else {}
    return {**p, **extra, "brief": render_brief(p)}


@router.get("/people", response_class=HTMLResponse, include_in_schema=False)
def people_page(request: Request, q: str = "", page: str = "1", w: Web = Depends(web)):
    n = int_param(page, "page", 1, 1)
    res = views.page_of(views.find_people(w.snapshot, q), n, 50)
    return w.render(request, "people.html", q=q, res=res,
                    nav=views.page_links("/people", {"q": q}, n, res["pages"]))


@router.get("/people/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
def profile_page(request: Request, entity_id: str, w: Web = Depends(web)):
    from ...query.profile import is_id
    p = get_profile(w, entity_id)
    if is_id(entity_id) and entity_id != p["id"]:   # a retired id, a mention's id: the page of the id in use
        return RedirectResponse("/people/" + views.q(p["id"]), status_code=301)
    by_id = w.snapshot.people()["by_id"]
    others = [{"id": o, "name": by_id[o]["name"] if o in by_id else o} for o in p["others"]]
    return w.render(request, "profile.html", p=p, b=views.brief(w.store, p), others=others,
                    sources=[{**s, "href": views.evidence_href(s["doc_id"]), "url": views.safe_url(s.get("url"))}
                             for s in p["sources"]])
