"""The web application behind ``mmon serve``: a JSON API and server-rendered pages over one store.

``create_app(db, token)`` builds it. Every value comes from the library
(``militant_monitor.query``, ``resolve``, ``ingest``, the store); this module
parses requests, checks the token, and renders.

Safety rules kept here:

* Article text, titles, names - anything read from an article - is untrusted. Pages are
  Jinja2 templates with autoescaping on for every template; nothing from an article is
  marked safe. The only scripts are this server's own files (static/js, and the browser
  libraries copied into static/vendor from web/package-lock.json) and JSON data islands
  rendered with ``tojson``; the Content-Security-Policy forbids inline scripts and styles,
  frames and every origin but this server's.
* Read-only by default. Writes (ingest by upload, merge, split, undo, forget) need the
  operator's token: ``Authorization: Bearer TOKEN`` for the API, a ``token`` form field on
  the review page; compared with ``hmac.compare_digest``. No token configured: every write
  is refused (403).
* Bad input is a 400 with a one-line JSON error (or an HTML page), never a traceback.
* Host headers other than the loopback names are refused unless the server is public
  (against DNS rebinding: a web page must not read a local server through its own name).
"""
from __future__ import annotations

import contextlib
import os
import hmac
import logging
import re
import threading
import urllib.parse
from pathlib import Path
from typing import Optional

from fastapi import Depends, FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import MmonError, one_line
from ..query.profile import Ambiguous
from . import views
from .actions import ActionError
from .cache import Snapshot

log = logging.getLogger("militant_monitor.serve")

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_UPLOAD = 20_000_000
SEARCH_PER_PAGE = 30          # documents and facts on a page of /search
REVIEW_PER_PAGE = 10          # suggestions on a page of /review
VENDOR = HERE / "static" / "vendor"     # browser libraries from web/package-lock.json, copied by `make install`
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'none'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


# --- ASGI middleware -------------------------------------------------------------------------------------

class Guard:
    """Security headers on every response, the request-size limit, and the Host check."""

    def __init__(self, app, max_body: int, public: bool):
        self.app = app
        self.max_body = max_body
        self.public = public

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        if not self.public:
            host = headers.get(b"host", b"").decode("latin-1").lower()
            name = host.rsplit(":", 1)[0] if not host.startswith("[") else host.split("]")[0] + "]"
            if name not in LOOPBACK_HOSTS:
                return await _plain(send, 400, {"error": "this server answers to 127.0.0.1 and localhost only"})
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_big = int(length) > self.max_body
            except ValueError:
                return await _plain(send, 400, {"error": "bad Content-Length"})
            if too_big:
                if int(length) <= 8 * self.max_body:   # read it away, so that the client hears the answer
                    while True:
                        m = await receive()
                        if m["type"] != "http.request" or not m.get("more_body"):
                            break
                return await _plain(send, 413, {"error": f"request too large (limit {self.max_body // 1_000_000} MB)"})
        head = scope.get("method") == "HEAD"
        if head:            # HEAD is GET without the body: every page and API answer has one
            scope = {**scope, "method": "GET"}
        seen = 0
        started = False
        exceeded = False
        too_large = {"error": f"request too large (limit {self.max_body // 1_000_000} MB)"}

        async def counted_receive():
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    exceeded = True
                    raise _TooLarge()
            return message

        async def send_with_headers(message):
            nonlocal started
            if exceeded:            # whatever the app made of the cut-off body, the answer is 413
                if not started:
                    started = True
                    await _plain(send, 413, too_large)
                return
            if message["type"] == "http.response.start":
                started = True
                h = list(message.get("headers") or [])
                names = {k.lower() for k, _ in h}
                for k, v in ((b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                             (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY"),
                             (b"cross-origin-opener-policy", b"same-origin"),
                             (b"cross-origin-resource-policy", b"same-origin")):
                    if k not in names:
                        h.append((k, v))
                message = {**message, "headers": h}
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        try:
            await self.app(scope, counted_receive, send_with_headers)
        except _TooLarge:
            if not started:
                started = True
                await _plain(send, 413, too_large)


class _TooLarge(Exception):
    pass


async def _plain(send, status: int, body: dict):
    import json
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            (b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff")]})
    await send({"type": "http.response.body", "body": data})


# --- request bodies of the API -----------------------------------------------------------------------------

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


# --- helpers -------------------------------------------------------------------------------------------------

def _bad(message: str) -> ActionError:
    return ActionError(400, message)


def _int(value, name: str, default=None, lo=None, hi=None):
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        n = int(str(value).strip())
    except ValueError:
        raise _bad(f"{name} must be a whole number, not {str(value)[:40]!r}") from None
    if lo is not None and n < lo:
        raise _bad(f"{name} must be at least {lo}")
    if hi is not None and n > hi:
        raise _bad(f"{name} must be at most {hi}")
    return n


def _text(value: Optional[str], name: str, max_len: int = 300) -> Optional[str]:
    if value is None:
        return None
    value = value.strip()
    if len(value) > max_len:
        raise _bad(f"{name} is too long (over {max_len} characters)")
    return value or None


def event_filters(group=None, person=None, type=None, place=None, since=None, until=None, min_killed=None):
    """The events filters of a request, checked by ``query.events.parse_filters`` (as the CLI does)."""
    from ..query.events import parse_filters
    try:
        return parse_filters(_text(group, "group"), _text(person, "person"), _text(type, "type", 40),
                             _text(place, "place"), _text(since, "since", 10), _text(until, "until", 10),
                             _int(min_killed, "min_killed", None, 0, 1_000_000))
    except ValueError as exc:
        raise _bad(str(exc)) from None


def _filters_dict(f) -> dict:
    return {k: v for k, v in vars(f).items() if v not in (None, "")}


# --- the application --------------------------------------------------------------------------------------------

def create_app(db: str | None = None, token: str | None = None, *, max_upload: int = DEFAULT_MAX_UPLOAD,
               public: bool = False, warm: bool = True) -> FastAPI:
    """The web application over the store ``db`` (a file, a data folder or a URL; None: the default).

    ``token``: the operator's secret that writes need; None or empty: read-only."""
    from ..store import Store
    store = Store(db)
    snapshot = Snapshot(store)
    token = token or None
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["q"] = views.q
    env.filters["num"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    env.globals.update(version=__version__, writable=token is not None, safe_url=views.safe_url)

    def warm_async():
        if warm:
            threading.Thread(target=_safe_warm, args=(snapshot,), daemon=True).start()

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        warm_async()          # compute the shared results while the first pages are asked for
        yield

    app = FastAPI(title="Militant Monitor", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  openapi_url="/openapi.json",
                  description="Sourced knowledge base of militant leadership: documents, people, groups, events, "
                              "search, timelines and networks. Reads are open; writes need `Authorization: Bearer "
                              "TOKEN` (the operator's `MMON_TOKEN`).")
    app.state.store, app.state.snapshot, app.state.max_upload = store, snapshot, max_upload
    app.add_middleware(Guard, max_body=max_upload + 1_000_000, public=public)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    bearer = HTTPBearer(auto_error=False, description="The operator's token (MMON_TOKEN).")

    # --- errors ------------------------------------------------------------------------------------------
    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/healthz"

    def error(request: Request, status: int, message: str):
        message = one_line(message)
        if is_api(request):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        return render(request, "error.html", status=status, message=message, code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        parts = []
        for e in exc.errors()[:3]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
            parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else e.get("msg", "invalid"))
        return error(request, 400, "bad request: " + "; ".join(parts))

    @app.exception_handler(ActionError)
    async def _action(request: Request, exc: ActionError):
        return error(request, exc.status, exc.message)

    @app.exception_handler(Ambiguous)
    async def _ambiguous(request: Request, exc: Ambiguous):
        """A name that fits several people: 300 with the candidates (API), or a page to pick one."""
        if is_api(request):
            return JSONResponse({"error": one_line(str(exc)), "query": exc.name, "candidates": exc.candidates},
                                status_code=300)
        return render(request, "choose.html", status=300, query=exc.name,
                      candidates=[{**c, "href": _choice_href(request, exc.name, c["id"])} for c in exc.candidates])

    @app.exception_handler(MmonError)
    async def _mmon(request: Request, exc: MmonError):
        return error(request, 400, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        return error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception):
        log.exception("error serving %s", request.url.path)
        return error(request, 500, "internal error (see the server's log)")

    # --- auth ----------------------------------------------------------------------------------------------
    def check(given: Optional[str]):
        if token is None:
            raise ActionError(403, "writes are disabled: the operator starts the server with --token or MMON_TOKEN")
        if not given or not hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8")):
            raise ActionError(401, "a valid token is needed for this")

    def api_writer(cred: Optional[HTTPAuthorizationCredentials] = Depends(bearer)):
        check(cred.credentials if cred is not None else None)

    def after_write():
        snapshot.bump()
        warm_async()

    from .jobs import Jobs
    jobs = Jobs()
    app.state.jobs = jobs
    flashes: dict = {}      # one-time messages of writes done, shown by the page a POST redirects to

    def flash(message: str) -> str:
        import secrets
        fid = secrets.token_hex(6)
        flashes[fid] = message
        while len(flashes) > 500:
            flashes.pop(next(iter(flashes)))
        return fid

    def upload_job(filename: str | None, body: bytes) -> dict:
        """Save an upload now, ingest it in the background; the job record."""
        from . import actions
        path = actions.save_upload(store, filename, body, max_upload)
        label = os.path.basename((filename or "upload").replace("\\", "/"))[:120] or "upload"
        return jobs.submit(label, lambda on_item: actions.ingest_saved(store, path, max_upload, on_item), after_write)

    # --- rendering -----------------------------------------------------------------------------------------
    def render(request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
        html = env.get_template(template).render(path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})

    # ============================== JSON API ==================================================================
    @app.get("/healthz", include_in_schema=False)
    def healthz():
        return {"ok": True, "version": __version__, "writable": token is not None}

    @app.get("/api/stats", tags=["store"], summary="Counts of what the knowledge base holds")
    def api_stats():
        return snapshot.counts()

    @app.get("/api/documents", tags=["documents"], summary="Documents, newest first (or best match for q)")
    def api_documents(q: Optional[str] = Query(None, max_length=500, description="Full-text search words."),
                      publisher: Optional[str] = Query(None, max_length=200),
                      since: Optional[str] = Query(None, description="YYYY[-MM[-DD]]"),
                      until: Optional[str] = Query(None, description="YYYY[-MM[-DD]]"),
                      page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=views.MAX_PER_PAGE)):
        return documents_page(q, publisher, since, until, page, per_page)

    def documents_page(q, publisher, since, until, page, per_page) -> dict:
        for label, d in (("since", since), ("until", until)):
            if d and not DATE_RE.match(d):
                raise _bad(f"{label} must be a date YYYY, YYYY-MM or YYYY-MM-DD, not {d!r}")
        if q and q.strip():
            from ..query.search import search
            hits = search(store, q, limit=1000)["documents"]
            meta = snapshot.documents()
            docs = [{**meta.get(h["id"], {}), "snippet": h["snippet"]} for h in hits if h["id"] in meta]
        else:
            meta = snapshot.documents()
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

    @app.get("/api/documents/{doc_id}", tags=["documents"], summary="One document: text, metadata and its statements")
    def api_document(doc_id: str):
        d = store.document(doc_id)
        if d is None:
            raise ActionError(404, f"no document {doc_id!r}")
        d.pop("content_hash", None)
        d["statements"] = store.statements(doc_id=doc_id)
        return views.public_document(d)

    @app.get("/api/people", tags=["people"], summary="Resolved people, most documented first (or matching q)")
    def api_people(q: Optional[str] = Query(None, max_length=300, description="Part of any name or alias."),
                   page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=views.MAX_PER_PAGE),
                   format: str = Query("json", pattern="^(json|csv)$", description="csv: every match, one row each")):
        found = views.find_people(snapshot, q)
        if format == "csv":
            return csv_response([views.person_json(p) for p in found], views.PEOPLE_CSV, "people.csv")
        res = views.page_of(found, page, per_page)
        res["items"] = [views.person_json(p) for p in res["items"]]
        return res

    def csv_response(items: list[dict], fields: list[str], filename: str):
        return Response(views.csv_of(items, fields), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    def get_profile(name: str) -> dict:
        """The profile of the one person ``name`` means; ``Ambiguous`` when it fits several."""
        from ..query.profile import profile
        name = (name or "").strip()
        if not name or len(name) > 300:
            raise _bad("give a name, an alias or a person id")
        p = profile(store, name)
        if p is None:
            raise ActionError(404, f"no person known as {name!r}")
        return p

    @app.get("/api/people/{entity_id}", tags=["people"],
             summary="A person's profile (by id, name or alias), every fact with its sources",
             description="An id a merge retired gives the profile under the id in use (`id`, and "
                         "`redirected_from`). A name that fits several people answers 300 Multiple Choices "
                         "with `candidates`: each one's `id`, names, groups, roles, places, report dates and "
                         "number of sources; ask again by `id`.")
    def api_person(entity_id: str):
        from ..query.profile import is_id, render_brief
        p = get_profile(entity_id)
        extra = {"redirected_from": entity_id.strip()} if is_id(entity_id) and entity_id.strip() != p["id"] else {}
        return {**p, **extra, "brief": render_brief(p)}

    @app.get("/api/groups", tags=["groups"], summary="Groups, most documented first")
    def api_groups(q: Optional[str] = Query(None, max_length=300),
                   page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=views.MAX_PER_PAGE),
                   format: str = Query("json", pattern="^(json|csv)$", description="csv: every match, one row each")):
        if format == "csv":
            return csv_response([views.group_summary(g) for g in find_groups(q)], views.GROUPS_CSV, "groups.csv")
        res = views.page_of(find_groups(q), page, per_page)
        res["items"] = [views.group_summary(g) for g in res["items"]]
        return res

    def find_groups(q: Optional[str]) -> list[dict]:
        from ..model import names
        idx = snapshot.groups()
        groups = [idx["by_key"][k] for k in idx["order"]]
        if q and q.strip():
            k = names.key(q)
            groups = [g for g in groups if any(k in names.key(n) for n in [g["name"], *g["names"]])]
        return groups

    def get_group(name: str) -> dict:
        from ..resolve import ids
        from ..resolve.matching import group_key
        name = (name or "").strip()
        if ids.looks_minted(name) or name.startswith("group:"):     # a group's id: by one of its names
            known = store.statements(entity_ids=ids.members(store, name), prop="name")
            name = known[0]["value"] if known else name
        g = snapshot.groups()["by_key"].get(group_key(name))
        if g is None:
            raise ActionError(404, f"no group known as {name!r}")
        return g

    @app.get("/api/groups/{name}", tags=["groups"], summary="A group (any name or alias): leaders, members, links")
    def api_group(name: str, events: int = Query(20, ge=0, le=views.MAX_PER_PAGE,
                                                 description="How many of its latest events to include.")):
        from ..query.events import Filters, event_table
        g = get_group(name)
        v = views.group_view(snapshot, g)
        rows = event_table(store, Filters(group=g["name"]), rows=snapshot.events())
        return {**views.group_summary(g), **v, "events_total": len(rows), "latest_events": rows[:events]}

    @app.get("/api/events", tags=["events"],
             summary="Events across documents (the filters of `mmon events`); format=csv for a CSV file")
    def api_events(group: Optional[str] = Query(None, description="Perpetrator group (any name or alias)."),
                   person: Optional[str] = Query(None, description="Perpetrator person (any name or alias)."),
                   type: Optional[str] = Query(None, description="Event type; 'attack' means the whole family."),
                   place: Optional[str] = Query(None, description="Place at any level: name, district, province or country."),
                   since: Optional[str] = Query(None, description="From this date (YYYY[-MM[-DD]])."),
                   until: Optional[str] = Query(None, description="Up to this date."),
                   min_killed: Optional[int] = Query(None, ge=0, description="At least this many killed (any source)."),
                   page: int = Query(1, ge=1), per_page: int = Query(50, ge=1, le=views.MAX_PER_PAGE),
                   format: str = Query("json", pattern="^(json|csv)$")):
        from ..query.events import event_table, to_csv
        f = event_filters(group, person, type, place, since, until, min_killed)
        rows = event_table(store, f, rows=snapshot.events())
        if format == "csv":
            return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": 'attachment; filename="events.csv"'})
        return {**views.page_of(rows, page, per_page), "filters": _filters_dict(f)}

    @app.get("/api/events/{event_id:path}", tags=["events"],
             summary="One event by its id (E-...) or any of its reports' ids, every source side by side")
    def api_event(event_id: str):
        from ..query.events import event_of
        r = event_of(snapshot.events(), event_id)
        if r is None:
            raise ActionError(404, f"no event {event_id[:80]!r}")
        return r

    @app.get("/api/search", tags=["search"], summary="Full-text search over documents and facts, with totals and pages")
    def api_search(q: str = Query(..., max_length=500, description='Words (all must occur), "a phrase", a prefix*, '
                                  "-word or NOT word to leave out; other FTS syntax is searched as plain words."),
                   limit: int = Query(20, ge=1, le=views.MAX_PER_PAGE, description="Results per section."),
                   offset: int = Query(0, ge=0, le=1_000_000, description="Results to skip in each section.")):
        from ..query.search import search
        return {"query": q, **search(store, q, limit, offset)}

    @app.get("/api/timeline", tags=["timeline"], summary="A person's or group's dated facts in order")
    def api_timeline(name: str = Query(..., min_length=1, max_length=300)):
        return {"name": name, "entries": get_timeline(name)}

    def get_timeline(name: str) -> list[dict]:
        from ..query.timeline import timeline
        if not name.strip():
            raise _bad("give a name")
        return timeline(store, name.strip(), events=snapshot.events(), docs=snapshot.documents())

    @app.get("/api/graph", tags=["graph"], summary="People, groups and events around an entity")
    def api_graph(name: str = Query(..., min_length=1, max_length=300), depth: int = Query(1, ge=1, le=3),
                  format: str = Query("json", pattern="^(json|graphml)$",
                                      description="json, or graphml for Gephi and yEd")):
        g = get_graph(name, depth)
        if format == "graphml":
            return Response(views.graphml_text(g), media_type="application/graphml+xml",
                            headers={"Content-Disposition": 'attachment; filename="network.graphml"'})
        return {"name": name, "depth": depth, **views.graph_json(g)}

    def get_graph(name: str, depth: int):
        from ..query.graph import around
        if not name.strip():
            raise _bad("give a name")
        g = around(store, name.strip(), depth, g=snapshot.graph())
        if g.number_of_nodes() == 0:
            raise ActionError(404, f"nothing known as {name!r}")
        return g

    @app.get("/api/judgements", tags=["review"], summary="Analysts' merge and split decisions")
    def api_judgements():
        from ..resolve import judgements
        return {"items": judgements.history(store)}

    @app.get("/api/review", tags=["review"], summary="The review queue: suggested merges and splits, best first",
             description="Stored when resolution runs: merges the matcher scored near its threshold, splits of "
                         "people that look like several men. Each item: `key`, `kind`, `score`, `why`, and its two "
                         "sides (`left`, `right`) with their members, names and mentions (sentence, document, "
                         "publisher, date). Answer with POST /api/review/answer.")
    def api_review(limit: int = Query(20, ge=1, le=views.MAX_PER_PAGE), offset: int = Query(0, ge=0, le=1_000_000)):
        from ..resolve import review
        return review.queue(store, limit, offset)

    # --- writes (token) ---
    @app.post("/api/review/answer", tags=["review"], summary="Answer a review item: merge, split or unsure (token)",
              dependencies=[Depends(api_writer)])
    def api_review_answer(body: AnswerIn):
        from ..resolve import review
        try:
            return review.answer(store, body.key, body.answer, body.user or "web", body.note)
        finally:
            after_write()

    @app.post("/api/merge", tags=["review"], summary="Record that A and B are one entity (token)",
              dependencies=[Depends(api_writer)])
    def api_merge(body: MergeIn):
        from . import actions
        try:
            return actions.merge(store, body.a, body.b, body.user or "web", body.note)
        finally:
            after_write()

    @app.post("/api/split", tags=["review"], summary="Keep a resolved entity's members apart (token)",
              dependencies=[Depends(api_writer)])
    def api_split(body: SplitIn):
        from . import actions
        try:
            return actions.split(store, body.entity, body.members, body.user or "web", body.note)
        finally:
            after_write()

    @app.post("/api/undo", tags=["review"], summary="Undo a judgement (token)", dependencies=[Depends(api_writer)])
    def api_undo(body: UndoIn):
        from . import actions
        try:
            return actions.undo(store, body.judgement)
        finally:
            after_write()

    @app.post("/api/forget", tags=["documents"], summary="Remove a document and the facts only it backs (token)",
              dependencies=[Depends(api_writer)])
    def api_forget(body: ForgetIn):
        from . import actions
        try:
            return actions.forget(store, body.doc_id)
        finally:
            after_write()

    @app.post("/api/ingest", tags=["documents"], summary="Ingest an uploaded article or feed (token)",
              dependencies=[Depends(api_writer)])
    def api_ingest(file: UploadFile = File(..., description="HTML, text, JSON Lines, RSS or Atom."),
                   wait: bool = Query(False, description="answer when the ingest is done (200 with its report) "
                                                        "instead of at once (202 with the job)")):
        body = _read_upload(file, max_upload)
        job = upload_job(file.filename, body)
        if wait:
            job = jobs.wait(job["id"]) or job
            if job["state"] == "failed":
                raise ActionError(500 if not job["error"] else 400, job["error"] or "the ingest failed")
            return job["result"]
        return JSONResponse({"job": job["id"], "state": job["state"], "status_url": f"/api/jobs/{job['id']}"},
                            status_code=202, headers={"Location": f"/api/jobs/{job['id']}"})

    @app.get("/api/jobs", tags=["documents"], summary="Recent background jobs (uploads being ingested)")
    def api_jobs():
        return {"items": jobs.recent(50)}

    @app.get("/api/jobs/{job_id}", tags=["documents"], summary="One background job: queued, running, done or failed")
    def api_job(job_id: str):
        j = jobs.get(job_id)
        if j is None:
            raise ActionError(404, f"no job {job_id!r}")
        return j

    # ============================== pages =====================================================================
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, since: str = "", until: str = ""):
        from ..query import watch
        from .dashboard import dashboard
        for name, v in (("since", since), ("until", until)):
            if v and not DATE_RE.match(v):
                raise _bad(f"{name} must be YYYY, YYYY-MM or YYYY-MM-DD")
        meta = snapshot.documents()
        latest = sorted(meta.values(), key=lambda d: (d.get("published") or "", d["id"]), reverse=True)[:10]
        idx = snapshot.people()     # once: a second call may see a newer store (an ingest running beside us)
        people = [idx["by_id"][k] for k in idx["order"][:10]]
        recent = sorted(meta.values(), key=lambda d: (d.get("ingested_at") or "", d["id"]), reverse=True)[:50]
        watching = len(watch.watched(store))
        alerts = watch.alerts(store, [d["id"] for d in recent]) if watching else []
        for a in alerts:
            a["href"] = views.evidence_href(a["doc_id"])
        return render(request, "home.html", counts=snapshot.counts(), latest=latest, people=people,
                      dash=dashboard(snapshot.events(), since or None, until or None, snapshot.groups()["by_key"]), since=since, until=until,
                      alerts=alerts[:20], watching=watching, vendor=VENDOR.exists())

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str = "", page: str = "1", kind: str = "all"):
        from ..query.search import parse, search
        from ..resolve.resolver import clusters_named
        res, people, groups, facts, nav = None, [], [], [], None
        n = _int(page, "page", 1, 1, 100_000)
        if q.strip():
            if len(q) > 500:
                raise _bad("the query is too long")
            res = search(store, q, SEARCH_PER_PAGE, (n - 1) * SEARCH_PER_PAGE)
            pages = max(1, -(-max(res["total"]["documents"], res["total"]["facts"]) // SEARCH_PER_PAGE))
            nav = views.page_links("/search", {"q": q}, n, pages)
            by_id = snapshot.people()["by_id"]
            named = " ".join(parse(q).words)   # people and groups by the words to find, not the syntax
            people = [by_id[c] for c in clusters_named(store, named, "person") if c in by_id]
            people += [p for p in views.find_people(snapshot, named)[:10] if p not in people]
            groups = find_groups(named)[:10]
            facts = [fact_view(f) for f in res["facts"]]
        events = search_events(q) if res is not None else []
        facets = None
        if res is not None:
            facets = [("all", "everything", None), ("people", "people", len(people)), ("groups", "groups", len(groups)),
                      ("events", "events", len(events)), ("documents", "documents", res["total"]["documents"]),
                      ("facts", "facts", res["total"]["facts"])]
        show = kind if kind in ("people", "groups", "events", "documents", "facts") else "all"
        return render(request, "search.html", q=q, res=res, people=people[:15], groups=groups, facts=facts, nav=nav,
                      events=events[:50], facets=facets, show=show)

    def search_events(q: str) -> list[dict]:
        """Events whose type, place, perpetrators or targets hold every word the query asks for."""
        terms = [re.compile(t, re.I) for t in views.term_patterns(q)]
        out = []
        for r in snapshot.events():
            hay = " ".join([r.get("type") or "", *[str(v) for k, v in (r.get("place") or {}).items() if k in
                                                   ("name", "district", "province") and v],
                            *(r.get("perpetrators") or []), *(r.get("targets") or [])])
            if terms and all(t.search(hay) for t in terms):
                out.append({**views.event_brief(r), "by": ", ".join(r.get("perpetrators") or [])})
        return sorted(out, key=lambda e: e["date"], reverse=True)

    def fact_view(f: dict) -> dict:
        import json
        from ..resolve.resolver import canonical_of
        try:
            v = json.loads(f["value"]) if isinstance(f["value"], str) else f["value"]
        except ValueError:
            v = f["value"]
        if isinstance(v, dict):
            text = ", ".join(f"{k} {val}" for k, val in v.items() if val not in (None, "", []))
        elif isinstance(v, list):
            text = ", ".join(map(str, v))
        else:
            text = str(v)
        href = None
        if f["entity_type"] == "person":
            href = "/people/" + views.q(canonical_of(store, f["entity_id"]))
        elif f["entity_type"] == "group" and f["prop"] in ("name", "alias"):
            href = "/groups/" + views.q(text)
        return {**f, "text": text, "href": href, "doc_href": views.evidence_href(f["doc_id"])}

    @app.get("/people", response_class=HTMLResponse, include_in_schema=False)
    def people_page(request: Request, q: str = "", page: str = "1"):
        n = _int(page, "page", 1, 1)
        res = views.page_of(views.find_people(snapshot, q), n, 50)
        return render(request, "people.html", q=q, res=res,
                      nav=views.page_links("/people", {"q": q}, n, res["pages"]))

    @app.get("/people/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def profile_page(request: Request, entity_id: str):
        from ..query.profile import is_id
        p = get_profile(entity_id)
        if is_id(entity_id) and entity_id != p["id"]:   # a retired id, a mention's id: the page of the id in use
            return RedirectResponse("/people/" + views.q(p["id"]), status_code=301)
        by_id = snapshot.people()["by_id"]
        others = [{"id": o, "name": by_id[o]["name"] if o in by_id else o} for o in p["others"]]
        return render(request, "profile.html", p=p, b=views.brief(store, p), others=others,
                      sources=[{**s, "href": views.evidence_href(s["doc_id"]), "url": views.safe_url(s.get("url"))}
                               for s in p["sources"]])

    @app.get("/groups", response_class=HTMLResponse, include_in_schema=False)
    def groups_page(request: Request, q: str = "", page: str = "1"):
        n = _int(page, "page", 1, 1)
        res = views.page_of(find_groups(q), n, 50)
        res["items"] = [views.group_summary(g) for g in res["items"]]
        return render(request, "groups.html", q=q, res=res, nav=views.page_links("/groups", {"q": q}, n, res["pages"]))

    @app.get("/groups/{name}", response_class=HTMLResponse, include_in_schema=False)
    def group_page(request: Request, name: str):
        from ..query.events import Filters, event_table
        g = get_group(name)
        rows = event_table(store, Filters(group=g["name"]), rows=snapshot.events())
        shown = rows[:20]
        ev = views.event_evidence(store, shown)
        return render(request, "group.html", g=views.group_summary(g), v=views.group_view(snapshot, g),
                      events=[views.event_view(r, ev) for r in shown], events_total=len(rows))

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events_page(request: Request, group: str = "", person: str = "", type: str = "", place: str = "",
                    since: str = "", until: str = "", min_killed: str = "", page: str = "1"):
        from ..query.events import SPECIFIC, event_table
        params = {"group": group, "person": person, "type": type, "place": place, "since": since, "until": until,
                  "min_killed": min_killed}
        f = event_filters(**params)
        n = _int(page, "page", 1, 1)
        rows = event_table(store, f, rows=snapshot.events())
        res = views.page_of(rows, n, 50)
        ev = views.event_evidence(store, res["items"])
        query = urllib.parse.urlencode(_filters_dict(f))
        from . import filters
        return render(request, "events.html", params=params, res=res, types=["attack", *SPECIFIC],
                      lists=filters.lists(snapshot), warnings=filters.warnings(snapshot, store, params, "/events"),
                      json_href="/api/events" + ("?" + query if query else ""),
                      events=[views.event_view(r, ev) for r in res["items"]],
                      nav=views.page_links("/events", params, n, res["pages"]),
                      csv_href="/api/events?" + (query + "&" if query else "") + "format=csv",
                      map_href="/map" + ("?" + query if query else ""), total_all=len(snapshot.events()))

    @app.get("/events/{event_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str):
        from ..query.events import event_of
        r = event_of(snapshot.events(), event_id)
        if r is None:
            raise ActionError(404, f"no event {event_id!r}")
        return render(request, "event.html", e=views.event_page_view(r))

    @app.get("/places/{name}", response_class=HTMLResponse, include_in_schema=False)
    def place_page(request: Request, name: str):
        from ..query.events import event_table
        name = name.strip()
        if not name or len(name) > 200:
            raise _bad("give a place name")
        f = event_filters(place=name)
        rows = event_table(store, f, rows=snapshot.events())
        if not rows:
            from . import filters
            near = filters.warnings(snapshot, store, {"place": name}, "/events")
            suggest = near[0]["suggest"] if near else []
            raise ActionError(404, f"no event is placed in {name!r}"
                              + (": did you mean " + ", ".join(x["name"] for x in suggest) + "?" if suggest else ""))
        import json

        from sqlalchemy import select

        from ..store import schema
        st = schema.statements.c
        with store.engine.connect() as c:   # the men said to come from here (few rows: origins only)
            origins = [(r.entity_id, json.loads(r.value)) for r in c.execute(
                select(st.entity_id, st.value).where(st.prop == "origin"))]
        return render(request, "place.html", **views.place_view(name, rows, snapshot,
                                                                [(e, str(v)) for e, v in origins]))

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, group: str = "", person: str = "", type: str = "", place: str = "",
                 since: str = "", until: str = "", min_killed: str = ""):
        from ..query.events import SPECIFIC, event_table
        params = {"group": group, "person": person, "type": type, "place": place, "since": since, "until": until,
                  "min_killed": min_killed}
        f = event_filters(**params)
        rows = event_table(store, f, rows=snapshot.events())
        query = urllib.parse.urlencode(_filters_dict(f))
        from . import filters
        return render(request, "map.html", params=params, total=len(rows),
                      m=None if VENDOR.exists() else views.map_view(rows),   # the SVG drawn only without the libraries
                      data=views.map_data(rows, query), vendor=VENDOR.exists(),
                      lists=filters.lists(snapshot), warnings=filters.warnings(snapshot, store, params, "/map"),
                      types=["attack", *SPECIFIC], events_href="/events" + ("?" + query if query else ""))

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, name: str = ""):
        entries = get_timeline(name) if name.strip() else []
        return render(request, "timeline.html", name=name,
                      entries=[{**e, "href": views.evidence_href(e["source"]["doc_id"]),
                                "label": views.source_label(e["source"])} for e in entries])

    @app.get("/graph", response_class=HTMLResponse, include_in_schema=False)
    def graph_page(request: Request, name: str = "", depth: str = "1", limit: str = "120"):
        d = _int(depth, "depth", 1, 1, 3)
        cap = None if limit == "all" else _int(limit, "limit", 120, 10, 5000)
        g = get_graph(name, d) if name.strip() else None
        net = views.network_data(g, cap) if g is not None else None
        gv = views.graph_view(g) if g is not None and not VENDOR.exists() else None
        return render(request, "graph.html", name=name, depth=d, gv=gv, net=net, limit=limit,
                      limits=["60", "120", "300", "all"], vendor=VENDOR.exists())

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_list(request: Request, q: str = "", page: str = "1"):
        n = _int(page, "page", 1, 1)
        res = documents_page(q, None, None, None, n, 50)
        return render(request, "documents.html", q=q, res=res,
                      nav=views.page_links("/documents", {"q": q}, n, res["pages"]))

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, start: str = "", end: str = "", q: str = ""):
        d = store.document(doc_id)
        if d is None:
            raise ActionError(404, f"no document {doc_id!r}")
        text = d["text"] or ""
        s, e = _int(start, "start", None, 0), _int(end, "end", None, 0)
        if (s is None) != (e is None):
            raise _bad("give both start and end")
        if s is not None and not (s <= e <= len(text)):
            raise _bad(f"start and end must satisfy 0 <= start <= end <= {len(text)}")
        pieces = (text[:s], text[s:e], text[e:]) if s is not None else (text, None, "")
        stmts = [st for st in store.statements(doc_id=doc_id) if st["span_start"] is not None
                 and st["prop"] not in ("evidence",)][:300]
        facts = [{"entity_id": st["entity_id"], "prop": st["prop"],
                  "text": fact_view({**st, "value": st["value"]})["text"],
                  "href": f"/documents/{views.q(doc_id)}?start={st['span_start']}&end={st['span_end']}#evidence",
                  "current": s == st["span_start"] and e == st["span_end"]} for st in stmts]
        rx = views.hit_pattern(q[:500]) if q.strip() else None
        marked = [views.highlighted(p, rx) if p is not None else None for p in pieces]
        hits = sum(1 for part in marked if part for _, h in part if h)
        return render(request, "document.html", d=d, pieces=pieces, marked=marked, hits=hits, q=q,
                      facts=facts, url=views.safe_url(d.get("url")))

    # --- review: merge and split, with the token in a form field ---
    def review_context(q: str, page: int = 1) -> dict:
        from ..resolve import judgements, review
        people = views.find_people(snapshot, q)[:40]
        titles = snapshot.documents()
        rows = []
        for p in people:
            members = []
            for m in p["members"]:
                doc = m.split(":")[1] if m.count(":") >= 2 else None
                members.append({"id": m, "doc": doc, "title": (titles.get(doc) or {}).get("title") if doc else None})
            rows.append({**p, "member_rows": members})
        hist = list(reversed(judgements.history(store)))[:50]
        queue = review.queue(store, REVIEW_PER_PAGE, (page - 1) * REVIEW_PER_PAGE)
        pages = max(1, -(-queue["total"] // REVIEW_PER_PAGE))
        return {"q": q, "people": rows, "history": hist, "queue": queue,
                "queue_nav": views.page_links("/review", {"q": q}, page, pages)}

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request, q: str = "", done: str = "", job: str = "", page: str = "1"):
        j = jobs.get(job) if job else None
        return render(request, "review.html", **review_context(q, _int(page, "page", 1, 1, 100_000)),
                      result=flashes.pop(done, None), failure=None, job=j, jobs=jobs.recent(5))

    def review_action(request: Request, q: str, fn, given_token: str):
        try:
            check(given_token or None)
        except ActionError as exc:
            return render(request, "review.html", status=exc.status, **review_context(q), result=None,
                          failure=exc.message)
        try:
            result = fn()
        except ActionError as exc:
            return render(request, "review.html", status=exc.status, **review_context(q), result=None,
                          failure=exc.message)
        finally:
            after_write()
        # a write answers with a redirect (POST, then GET): reloading the page never repeats it
        return RedirectResponse("/review?" + urllib.parse.urlencode({"q": q, "done": flash(result["message"])}),
                                status_code=303)

    @app.post("/review/merge", response_class=HTMLResponse, include_in_schema=False)
    def review_merge(request: Request, a: str = Form(""), b: str = Form(""), note: str = Form(""),
                     user: str = Form(""), token: str = Form(""), q: str = Form("")):
        from . import actions
        return review_action(request, q, lambda: actions.merge(store, a, b, _text(user, "user", 100) or "web",
                                                                _text(note, "note", 2000)), token)

    @app.post("/review/split", response_class=HTMLResponse, include_in_schema=False)
    def review_split(request: Request, entity: str = Form(""), member: list[str] = Form([]), note: str = Form(""),
                     user: str = Form(""), token: str = Form(""), q: str = Form("")):
        from . import actions
        return review_action(request, q, lambda: actions.split(store, entity, member, _text(user, "user", 100) or "web",
                                                                _text(note, "note", 2000)), token)

    @app.post("/review/answer", response_class=HTMLResponse, include_in_schema=False)
    def review_answer(request: Request, key: str = Form(""), answer: str = Form(""), note: str = Form(""),
                      user: str = Form(""), token: str = Form(""), q: str = Form("")):
        from ..resolve import review
        return review_action(request, q, lambda: review.answer(store, _text(key, "key", 700) or "", answer,
                                                               _text(user, "user", 100) or "web",
                                                               _text(note, "note", 2000)), token)

    @app.post("/review/undo", response_class=HTMLResponse, include_in_schema=False)
    def review_undo(request: Request, judgement: str = Form(""), token: str = Form(""), q: str = Form("")):
        from . import actions
        return review_action(request, q, lambda: actions.undo(store, _int(judgement, "judgement", 0, 1)), token)

    @app.post("/review/forget", response_class=HTMLResponse, include_in_schema=False)
    def review_forget(request: Request, doc_id: str = Form(""), token: str = Form(""), q: str = Form("")):
        from . import actions
        return review_action(request, q, lambda: actions.forget(store, doc_id), token)

    @app.post("/review/upload", response_class=HTMLResponse, include_in_schema=False)
    def review_upload(request: Request, file: UploadFile = File(...), token: str = Form(""), q: str = Form("")):
        try:
            check(token or None)
            job = upload_job(file.filename, _read_upload(file, max_upload))
        except ActionError as exc:
            return render(request, "review.html", status=exc.status, **review_context(q), result=None,
                          failure=exc.message, job=None, jobs=jobs.recent(5))
        return RedirectResponse("/review?" + urllib.parse.urlencode({"q": q, "job": job["id"]}), status_code=303)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request):
        spec = app.openapi()
        ops = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                            "params": [p["name"] for p in op.get("parameters", [])],
                            "write": method.lower() == "post"})
        return render(request, "api.html", ops=ops)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return RedirectResponse("/static/favicon.svg")

    return app


def _choice_href(request: Request, name: str, cid: str) -> str:
    """The same page for one candidate: the ambiguous name replaced by the candidate's id."""
    path = request.url.path
    if path.startswith("/people/"):
        return "/people/" + views.q(cid)
    params = [(k, cid if v == name else v) for k, v in request.query_params.multi_items()]
    return path + "?" + urllib.parse.urlencode(params)


def _read_upload(file: UploadFile, limit: int) -> bytes:
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise ActionError(413, f"upload too large (over {limit // 1_000_000} MB)")
    return data


def _safe_warm(snapshot: Snapshot) -> None:
    try:
        snapshot.warm()
    except Exception:  # noqa: BLE001 - a request will compute (and report) it
        log.exception("warming the caches failed")


__all__ = ["create_app"]
