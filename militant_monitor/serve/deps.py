"""What the routers of ``serve/routes`` share: the one ``Web`` of an app (store, snapshot, templates,
token, jobs), the dependencies that hand it to a route and check the token, the parsing of request
values, and the few lookups more than one resource needs (groups by name, a fact's line)."""
from __future__ import annotations

import contextlib
import hmac
import logging
import os
import re
import threading
from pathlib import Path
from typing import Iterator, Optional

from fastapi import Depends, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .. import __version__
from . import views
from .actions import ActionError
from .cache import Snapshot
from .jobs import Jobs

log = logging.getLogger("militant_monitor.serve")

HERE = Path(__file__).resolve().parent
SEARCH_PER_PAGE = 30          # documents and facts on a page of /search
REVIEW_PER_PAGE = 10          # suggestions on a page of /review
VENDOR = HERE / "static" / "vendor"     # browser libraries from web/package-lock.json, copied by `make install`
DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


class Web:
    """One app's shared state and the actions every router needs: render a page, check the token,
    note a write (the snapshot forgets, the caches warm again), keep a one-time message, queue an upload."""

    def __init__(self, store, token: str | None, max_upload: int, warm: bool = True):
        self.store = store
        self.snapshot = Snapshot(store)
        self.token = token or None
        self.max_upload = max_upload
        self.warm = warm
        self.env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                               undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["q"] = views.q
        self.env.filters["num"] = lambda n: f"{n:,}" if isinstance(n, int) else n
        self.env.globals.update(version=__version__, writable=self.token is not None, safe_url=views.safe_url)
        self.jobs = Jobs()
        self.flashes: dict = {}      # one-time messages of writes done, shown by the page a POST redirects to

    def warm_async(self) -> None:
        if self.warm:
            threading.Thread(target=_safe_warm, args=(self.snapshot,), daemon=True).start()

    def render(self, request: Request, template: str, status: int = 200, **ctx) -> HTMLResponse:
        html = self.env.get_template(template).render(path=request.url.path, **ctx)
        return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})

    def check(self, given: Optional[str]) -> None:
        if self.token is None:
            raise ActionError(403, "writes are disabled: the operator starts the server with --token or MMON_TOKEN")
        if not given or not hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8")):
            raise ActionError(401, "a valid token is needed for this")

    def after_write(self) -> None:
        """A write happened: the snapshot forgets what it computed and the caches warm again."""
        self.snapshot.bump()
        self.warm_async()

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Around a write: afterwards, whether it succeeded or failed part-way, ``after_write``."""
        try:
            yield
        finally:
            self.after_write()

    def flash(self, message: str) -> str:
        import secrets
        fid = secrets.token_hex(6)
        self.flashes[fid] = message
        while len(self.flashes) > 500:
            self.flashes.pop(next(iter(self.flashes)))
        return fid

    def upload_job(self, filename: str | None, body: bytes) -> dict:
        """Save an upload now, ingest it in the background; the job record."""
        from . import actions
        store, max_upload = self.store, self.max_upload
        path = actions.save_upload(store, filename, body, max_upload)
        label = os.path.basename((filename or "upload").replace("\\", "/"))[:120] or "upload"
        return self.jobs.submit(label, lambda on_item: actions.ingest_saved(store, path, max_upload, on_item),
                                self.after_write)


def _safe_warm(snapshot: Snapshot) -> None:
    try:
        snapshot.warm()
    except Exception:  # noqa: BLE001 - a request will compute (and report) it
        log.exception("warming the caches failed")


# --- dependencies ----------------------------------------------------------------------------------

def web(request: Request) -> Web:
    """The ``Web`` of the app serving this request."""
    return request.app.state.web


bearer = HTTPBearer(auto_error=False, description="The operator's token (MMON_TOKEN).")


def api_writer(request: Request, cred: Optional[HTTPAuthorizationCredentials] = Depends(bearer)) -> None:
    """A write of the API: the bearer token must be the operator's."""
    web(request).check(cred.credentials if cred is not None else None)


# --- request values ----------------------------------------------------------------------------------

def bad(message: str) -> ActionError:
    return ActionError(400, message)


def int_param(value, name: str, default=None, lo=None, hi=None):
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    try:
        n = int(str(value).strip())
    except ValueError:
        raise bad(f"{name} must be a whole number, not {str(value)[:40]!r}") from None
    if lo is not None and n < lo:
        raise bad(f"{name} must be at least {lo}")
    if hi is not None and n > hi:
        raise bad(f"{name} must be at most {hi}")
    return n


def text_param(value: Optional[str], name: str, max_len: int = 300) -> Optional[str]:
    if value is None:
        return None
    value = value.strip()
    if len(value) > max_len:
        raise bad(f"{name} is too long (over {max_len} characters)")
    return value or None


def event_filters(group=None, person=None, type=None, place=None, since=None, until=None, min_killed=None):
    """The events filters of a request, checked by ``query.events.parse_filters`` (as the CLI does)."""
    from ..query.events import parse_filters
    try:
        return parse_filters(text_param(group, "group"), text_param(person, "person"), text_param(type, "type", 40),
                             text_param(place, "place"), text_param(since, "since", 10), text_param(until, "until", 10),
                             int_param(min_killed, "min_killed", None, 0, 1_000_000))
    except ValueError as exc:
        raise bad(str(exc)) from None


def filters_dict(f) -> dict:
    return {k: v for k, v in vars(f).items() if v not in (None, "")}


def read_upload(file: UploadFile, limit: int) -> bytes:
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise ActionError(413, f"upload too large (over {limit // 1_000_000} MB)")
    return data


def csv_response(items: list[dict], fields: list[str], filename: str):
    return Response(views.csv_of(items, fields), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# --- lookups of several resources -----------------------------------------------------------------------

def find_groups(w: Web, q: Optional[str]) -> list[dict]:
    """Groups, most documented first; those with ``q`` in one of their names when given."""
    from ..model import names
    idx = w.snapshot.groups()
    groups = [idx["by_id"][k] for k in idx["order"]]
    if q and q.strip():
        k = names.key(q)
        groups = [g for g in groups if any(k in names.key(n) for n in [g["name"], *g["names"]])]
    return groups


def fact_view(w: Web, f: dict) -> dict:
    """A stored statement as a line of a page: its value as text, the page of its entity, its evidence."""
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
        href = "/people/" + views.q(canonical_of(w.store, f["entity_id"]))
    elif f["entity_type"] == "group" and f["prop"] in ("name", "alias"):
        href = "/groups/" + views.q(text)
    return {**f, "text": text, "href": href, "doc_href": views.evidence_href(f["doc_id"])}
