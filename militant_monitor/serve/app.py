"""The web application behind ``mmon serve``: a JSON API and server-rendered pages over one store.

``create_app(db, token)`` builds it: the app, its middleware (``Guard``: host check, size
limit, security headers and CSP), its error handlers, and one router per resource from
``serve/routes`` (people, groups, events, places, map, documents, search, timeline, graph,
review, jobs, and the home page), which share ``serve/deps.py`` (the app's ``Web``: store,
snapshot, templates, token, jobs). Every value comes from the library
(``militant_monitor.query``, ``resolve``, ``ingest``, the store); the routes parse requests,
check the token, and render.

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
import logging
import urllib.parse

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import MmonError, one_line
from ..query.profile import Ambiguous
from . import views
from .actions import ActionError
from .deps import HERE, Web
from .routes import ROUTERS

log = logging.getLogger("militant_monitor.serve")

DEFAULT_MAX_UPLOAD = 20_000_000
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'none'; "
       "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


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


# --- the application --------------------------------------------------------------------------------------------

def create_app(db: str | None = None, token: str | None = None, *, max_upload: int = DEFAULT_MAX_UPLOAD,
               public: bool = False, warm: bool = True) -> FastAPI:
    """The web application over the store ``db`` (a file, a data folder or a URL; None: the default).

    ``token``: the operator's secret that writes need; None or empty: read-only."""
    from ..store import Store
    store = Store(db)
    w = Web(store, token, max_upload, warm)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        w.warm_async()          # compute the shared results while the first pages are asked for
        yield

    app = FastAPI(title="Militant Monitor", version=__version__, docs_url=None, redoc_url=None, lifespan=lifespan,
                  openapi_url="/openapi.json",
                  description="Sourced knowledge base of militant leadership: documents, people, groups, events, "
                              "search, timelines and networks. Reads are open; writes need `Authorization: Bearer "
                              "TOKEN` (the operator's `MMON_TOKEN`).")
    app.state.web = w
    app.state.store, app.state.snapshot, app.state.max_upload, app.state.jobs = store, w.snapshot, max_upload, w.jobs
    app.add_middleware(Guard, max_body=max_upload + 1_000_000, public=public)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # --- errors ------------------------------------------------------------------------------------------
    def is_api(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/healthz"

    def error(request: Request, status: int, message: str):
        message = one_line(message)
        if is_api(request):
            headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        return w.render(request, "error.html", status=status, message=message, code=status)

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
        """A name that fits several people (or groups): 300 with the candidates (API), or a page to pick one."""
        if is_api(request):
            return JSONResponse({"error": one_line(str(exc)), "query": exc.name, "candidates": exc.candidates},
                                status_code=300)
        return w.render(request, "choose.html", status=300, query=exc.name,
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

    # --- the routes: one router per resource (serve/routes) -------------------------------------------------
    for router in ROUTERS:
        app.include_router(router)
    return app


def _choice_href(request: Request, name: str, cid: str) -> str:
    """The same page for one candidate: the ambiguous name replaced by the candidate's id."""
    path = request.url.path
    if path.startswith("/people/"):
        return "/people/" + views.q(cid)
    if path.startswith("/groups/"):
        return "/groups/" + views.q(cid)
    params = [(k, cid if v == name else v) for k, v in request.query_params.multi_items()]
    return path + "?" + urllib.parse.urlencode(params)


__all__ = ["create_app"]
