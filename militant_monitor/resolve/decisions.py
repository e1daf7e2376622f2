"""Analysts' decisions on the knowledge base: merge, split, undo, forget.

The library calls behind ``mmon merge|split|judgements --undo|forget`` and the
web app's writes: each records judgements (``resolve.judgements``) or removes a
document, then re-runs resolution. Errors are ``ActionError``: an HTTP-like
status and one line, which the CLI prints and the server returns.
"""
from __future__ import annotations

import re

from ..errors import one_line


class ActionError(Exception):
    def __init__(self, status: int, message: str):
        self.status = status
        self.message = one_line(message)
        super().__init__(self.message)


def one_cluster(store, name: str, kind: str | None = None):
    """(canonical id, member ids) of the one entity known by ``name`` (a name or an entity id)."""
    from ..resolve.resolver import canonical_of, clusters_named, members_of
    name = (name or "").strip()
    if not name:
        raise ActionError(400, "give a name or an entity id")
    if ":" in name and name.split(":")[0] in ("person", "group"):
        cid = canonical_of(store, name)
        members = members_of(store, cid)
        if not store.statements(entity_ids=members, prop="name"):
            raise ActionError(404, f"no entity {name!r}")
        return cid, members
    found = clusters_named(store, name, kind)
    if not found:
        raise ActionError(404, f"nothing known as {name!r}")
    if len(found) > 1:
        raise ActionError(400, f"{name!r} is ambiguous: {', '.join(found)}; give one of these ids")
    return next(iter(found.items()))


def merge(store, a: str, b: str, user: str | None = None, note: str | None = None) -> dict:
    from ..resolve import judgements, resolve
    ca, _ = one_cluster(store, a)
    cb, _ = one_cluster(store, b)
    if ca == cb:
        return {"judgement": None, "canonical": ca, "message": f"already one entity: {ca}"}
    jid = judgements.record(store, ca, cb, "positive", user, note)
    r = resolve(store)
    now, other = r.canonical.get(ca, ca), r.canonical.get(cb, cb)
    if now != other:   # an earlier split decision keeps them apart
        return {"judgement": jid, "canonical": now, "merged": [], "blocked": True,
                "message": f"judgement {jid}: {ca} = {cb} recorded, but an earlier split keeps them apart; "
                           "undo that decision first"}
    return {"judgement": jid, "canonical": now, "merged": [ca, cb], "blocked": False,
            "message": f"judgement {jid}: {ca} = {cb}; now {now}"}


def split(store, entity: str, members: list[str] | None = None, user: str | None = None,
          note: str | None = None) -> dict:
    from ..resolve import judgements, resolve
    cid, all_members = one_cluster(store, entity)
    if len(all_members) < 2:
        raise ActionError(400, f"{cid} has a single member; nothing to split")
    out = [m for m in (members or []) if m] or all_members
    bad = [m for m in out if m not in all_members]
    if bad:
        raise ActionError(400, f"not members of {cid}: {', '.join(bad)}")
    ids = []
    for m in out:
        for other in all_members:
            if other != m and (other not in out or other > m):
                ids.append(judgements.record(store, m, other, "negative", user, note))
    resolve(store)
    return {"judgements": ids, "entity": cid, "split": out,
            "message": f"judgements {', '.join(map(str, ids))}: {len(out)} member(s) of {cid} kept apart"}


def undo(store, judgement_id: int) -> dict:
    from ..resolve import judgements, resolve
    if not judgements.undo(store, judgement_id):
        raise ActionError(404, f"no active judgement {judgement_id}")
    resolve(store)
    return {"undone": judgement_id, "message": f"judgement {judgement_id} undone"}


def forget(store, doc_id: str) -> dict:
    from ..resolve import resolve
    from ..store.store import forget as run_forget
    doc_id = (doc_id or "").strip()
    if not re.fullmatch(r"doc-[0-9a-f]{1,64}", doc_id):
        raise ActionError(400, "a document id looks like doc-0123456789abcdef")
    r = run_forget(store, doc_id)
    if not r["documents"]:
        raise ActionError(404, f"no document {doc_id!r}")
    resolve(store)
    return {**r, "doc_id": doc_id, "message": f"forgot {doc_id}: {r['statements']} statements removed"}
