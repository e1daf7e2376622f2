"""Analysts' decisions on the knowledge base: merge, split, undo, forget.

The library calls behind ``mmon merge|split|judgements --undo|forget`` and the
web app's writes: each records judgements (``resolve.judgements``) and re-runs
resolution in the same transaction (killed half way, neither half is left), or
removes a document. Errors are ``ActionError``: an HTTP-like
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
    """(minted id, member ids) of the one entity known by ``name``: a minted id (or one a merge
    retired), an entity id, a name or an alias."""
    from ..resolve import ids
    from ..resolve.resolver import clusters_named
    name = (name or "").strip()
    if not name:
        raise ActionError(400, "give a name or an entity id")
    if ids.looks_minted(name) or (":" in name and name.split(":")[0] in ("person", "group")):
        cid = ids.current_id(store, name)
        members = ids.members(store, cid) if cid else []
        if not members or not store.statements(entity_ids=members, prop="name"):
            raise ActionError(404, f"no entity {name!r}")
        return cid, members
    found = clusters_named(store, name, kind)
    if not found:
        raise ActionError(404, f"nothing known as {name!r}")
    if len(found) > 1:
        raise ActionError(400, f"{name!r} is ambiguous: {', '.join(found)}; give one of these ids")
    return next(iter(found.items()))


def _apply(store, change):
    """Record a judgement and apply it in one transaction: ``change(conn)`` records, then
    resolution runs on what it recorded. Killed at any point, neither half is left."""
    from ..resolve import judgements, resolve
    with store.engine.begin() as c:
        judgements.lock(c)
        out = change(c)
        res = resolve(store, conn=c)
    return out, res


def merge(store, a: str, b: str, user: str | None = None, note: str | None = None) -> dict:
    """Judge the entities known by ``a`` and ``b`` one; the surviving id keeps, the other redirects."""
    from ..resolve import judgements
    ca, ma = one_cluster(store, a)
    cb, mb = one_cluster(store, b)
    if ca == cb:
        return {"judgement": None, "canonical": ca, "message": f"already one entity: {ca}"}
    together = {"together": sorted(set(ma) | set(mb))}   # both whole profiles, not only their first mentions
    jid, r = _apply(store, lambda c: judgements.record(store, ma[0], mb[0], "positive", user, note, conn=c,
                                                       detail=together))
    now, other = r.canonical.get(ma[0], ca), r.canonical.get(mb[0], cb)
    if now != other:   # an earlier split decision keeps them apart
        return {"judgement": jid, "canonical": now, "merged": [], "blocked": True,
                "message": f"judgement {jid}: {ca} = {cb} recorded, but an earlier split keeps them apart; "
                           "undo that decision first"}
    gone = cb if now == ca else ca
    return {"judgement": jid, "canonical": now, "merged": [ca, cb], "blocked": False, "redirected": gone,
            "message": f"judgement {jid}: {ca} = {cb}; now {now} ({gone} redirects to it)"}


def split(store, entity: str, members: list[str] | None = None, user: str | None = None,
          note: str | None = None) -> dict:
    """Keep ``members`` (default: every member) of an entity apart from the rest; the larger
    part keeps the id, the other part gets a new one."""
    from ..resolve import judgements
    cid, all_members = one_cluster(store, entity)
    if len(all_members) < 2:
        raise ActionError(400, f"{cid} has a single member; nothing to split")
    out = [m for m in (members or []) if m] or all_members
    bad = [m for m in out if m not in all_members]
    if bad:
        raise ActionError(400, f"not members of {cid}: {', '.join(bad)}")

    rest = [m for m in all_members if m not in out]
    detail = {"apart": out, "rest": rest} if rest else {"each": out}

    def record(c):
        return judgements.record(store, out[0], rest[0] if rest else out[1], "split", user, note, conn=c,
                                 detail=detail)
    jid, r = _apply(store, record)
    parts = sorted({r.canonical.get(m, m) for m in all_members})
    return {"judgement": jid, "judgements": [jid], "entity": cid, "split": out, "ids": parts,
            "message": f"judgement {jid}: {len(out)} member(s) of {cid} kept apart; now {', '.join(parts)}"}


def keep_apart(store, a: str, b: str, user: str | None = None, note: str | None = None) -> int:
    """Judge the entities ``a`` and ``b`` not one (a negative judgement) and re-resolve: no
    cluster holds both any more, nor will the matcher join them."""
    from ..resolve import judgements
    jid, _ = _apply(store, lambda c: judgements.record(store, a, b, "negative", user, note, conn=c))
    return jid


def undo(store, judgement_id: int) -> dict:
    """Undo a judgement and re-resolve, in one transaction: the clusters (and ids) before it return."""
    from ..resolve import judgements

    def change(c):
        if not judgements.undo(store, judgement_id, conn=c):
            raise ActionError(404, f"no active judgement {judgement_id}")
    _apply(store, change)
    return {"undone": judgement_id, "message": f"judgement {judgement_id} undone"}


def forget(store, doc_id: str) -> dict:
    from ..resolve import judgements, resolve
    from ..store.store import forget as run_forget
    from ..store.store import purge_index, scrub
    doc_id = (doc_id or "").strip()
    if not re.fullmatch(r"doc-[0-9a-f]{1,64}", doc_id):
        raise ActionError(400, "a document id looks like doc-0123456789abcdef")
    with store.engine.begin() as c:     # the rows and the resolution they imply, in one transaction
        judgements.lock(c)
        r = run_forget(store, doc_id, conn=c)
        if not r["documents"]:
            raise ActionError(404, f"no document {doc_id!r}")
        resolve(store, conn=c)
        purge_index(store, c)
    scrub(store)
    return {**r, "doc_id": doc_id, "message": f"forgot {doc_id}: {r['statements']} statements removed"}
