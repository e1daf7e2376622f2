"""Stable minted ids of resolved entities, and redirects of the ids that merges retire.

A resolved person gets an id like ``P-7QX3K2AB`` (a group ``G-...``; a group of
the registry keeps its registry id ``group:<key>``), kept in table ``minted``.
The id is the canonical id of ``resolved``: every view shows and accepts it.

When resolution reruns (:func:`assign`), each new cluster keeps an id of the
previous run:

1. a cluster with a registry group keeps the registry id;
2. a cluster whose members are exactly those an id had when a merge retired it
   gets that id back (undoing a merge restores the previous clusters, ids too);
3. otherwise a cluster inherits the id of the previous cluster it shares the
   most members with (ties: the oldest id), each id going to one cluster only:
   a document joining or leaving does not change the id of a cluster that
   still exists, and a split leaves the id with the larger part;
4. the other clusters get new ids.

An id that no cluster inherits (two clusters merged) becomes a redirect to the
cluster holding most of its former members; :func:`current_id` follows the
chain of redirects to the id in use.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections import Counter

from sqlalchemy import func, select

from ..store import Store, schema

PREFIX = {"person": "P", "group": "G", "event": "E"}
MINTED = re.compile(r"[PGE]-[A-Z2-7]{8}", re.I)
MAX_HOPS = 100


def looks_minted(text: str) -> bool:
    """True for a string shaped like a minted id (``P-7QX3K2AB``, any case)."""
    return bool(MINTED.fullmatch((text or "").strip()))


def is_registry(entity_id: str) -> bool:
    """Registry groups (``group:<key>``) are global ids, kept as they are."""
    return entity_id.startswith("group:") and entity_id.count(":") == 1


def token(entity_type: str, seed: str, n: int = 0) -> str:
    """The ``n``-th candidate id for a cluster first minted around member ``seed``: the same
    cluster rebuilt from scratch gets the same id."""
    digest = hashlib.sha1(f"{entity_type}\x00{seed}\x00{n}".encode()).digest()
    return PREFIX.get(entity_type, "X") + "-" + base64.b32encode(digest).decode()[:8]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def assign(conn, clusters: list[list[str]], types: dict[str, str], scope=None) -> list[str]:
    """The id of each cluster (sorted member lists) as the docstring of this module says;
    new ids and redirects are written through ``conn`` (the caller's transaction).
    ``scope``: the entities an incremental run re-clustered (every member of each previous
    cluster they were in): only their previous ids are looked at."""
    r, m, rd = schema.resolved.c, schema.minted.c, schema.redirects.c
    if scope is None:
        prev = {row.entity_id: row.canonical_id for row in conn.execute(select(r.entity_id, r.canonical_id))}
    else:
        from ..store.synced import chunks
        prev = {row.entity_id: row.canonical_id for part in chunks(sorted(scope))
                for row in conn.execute(select(r.entity_id, r.canonical_id).where(r.entity_id.in_(part)))}
    seq = {row.id: row.seq for row in conn.execute(select(m.id, m.seq))}
    retired = {row.old_id: frozenset(json.loads(row.members)) for row in conn.execute(select(rd.old_id, rd.members))}
    ids: list[str | None] = [None] * len(clusters)
    taken: set[str] = set()

    def give(i: int, cid: str) -> None:
        ids[i] = cid
        taken.add(cid)

    for i, ms in enumerate(clusters):                      # 1. registry groups
        glob = [x for x in ms if is_registry(x)]
        if glob:
            give(i, glob[0])
    by_members: dict = {}
    for old, former in sorted(retired.items(), key=lambda kv: seq.get(kv[0], 0)):
        by_members.setdefault(former, old)
    where = {x: i for i, ms in enumerate(clusters) for x in ms}
    before: dict = {}
    for x, old in prev.items():
        before.setdefault(old, []).append(x)
    for i, members_ in enumerate(clusters):                # 2. a retired id's exact members, split off again
        old = by_members.get(frozenset(members_))
        if ids[i] is None and old is not None and old not in taken and _split_off(i, members_, prev, before, where):
            give(i, old)
    for i, ms in enumerate(clusters):                      # 3a. unchanged clusters keep their id
        old = prev.get(ms[0], "")
        if (ids[i] is None and old in seq and old not in taken and len(before[old]) == len(ms)
                and all(prev.get(x) == old for x in ms)):
            give(i, old)
    pairs = []
    for i, ms in enumerate(clusters):                      # 3b. most shared members, oldest first
        if ids[i] is None:
            for old, n in Counter(prev[x] for x in ms if prev.get(x) in seq).items():
                pairs.append((-n, seq[old], i, old))
    for _, _, i, old in sorted(pairs):
        if ids[i] is None and old not in taken:
            give(i, old)
    next_seq = (conn.execute(select(func.max(m.seq))).scalar() or 0) + 1
    now = _now()
    fresh = []
    for i, ms in enumerate(clusters):                      # 4. new ids
        if ids[i] is None:
            n = 0
            while token(types[ms[0]], ms[0], n) in seq or token(types[ms[0]], ms[0], n) in taken:
                n += 1
            cid = token(types[ms[0]], ms[0], n)
            give(i, cid)
            fresh.append({"id": cid, "seq": next_seq, "entity_type": types[ms[0]], "created_at": now})
            next_seq += 1
    if fresh:
        conn.execute(schema.minted.insert(), fresh)
    live = set(ids) & set(retired)
    if live:                                               # a revived id redirects no more
        conn.execute(schema.redirects.delete().where(rd.old_id.in_(sorted(live))))
    _retire(conn, prev, seq, clusters, ids, now)
    return [cid for cid in ids if cid is not None]


def _split_off(i: int, members: list[str], prev: dict, before: dict, where: dict) -> bool:
    """True when every previous cluster of ``members`` (cluster ``i`` now) goes on in another
    cluster of this run (the members were split off it), not when the others left (documents
    forgotten). ``before``: previous id -> its members; ``where``: member -> cluster now."""
    olds = {prev[x] for x in members if x in prev}
    return bool(olds) and all(any(where.get(x, i) != i for x in before[old]) for old in olds)


def _retire(conn, prev: dict, seq: dict, clusters: list, ids: list, now: str) -> None:
    """Previous ids that no cluster kept point to the cluster holding most of their members."""
    now_of = {x: ids[i] for i, ms in enumerate(clusters) for x in ms}
    live = set(ids)
    old_members: dict = {}
    for x, old in prev.items():
        if old in seq:
            old_members.setdefault(old, []).append(x)
    rows = []
    for old, ms in sorted(old_members.items()):
        if old in live:
            continue
        where = Counter(now_of[x] for x in ms if x in now_of)
        if not where:
            continue      # every member gone (documents forgotten): the id resolves to nothing
        target = min(where, key=lambda cid: (-where[cid], seq.get(cid, 1 << 62), cid))
        rows.append({"old_id": old, "new_id": target, "members": json.dumps(sorted(ms)), "created_at": now})
    if rows:
        conn.execute(schema.redirects.delete().where(schema.redirects.c.old_id.in_([x["old_id"] for x in rows])))
        conn.execute(schema.redirects.insert(), rows)


def current_id(store: Store, any_id: str) -> str | None:
    """The id in use for ``any_id``: a minted id (followed through redirects), a registry id or
    a member's document-scoped id. None when nothing is known by it."""
    any_id = (any_id or "").strip()
    if looks_minted(any_id):
        any_id = any_id.upper()
    r, rd = schema.resolved.c, schema.redirects.c
    with store.engine.connect() as c:
        row = c.execute(select(r.canonical_id).where(r.entity_id == any_id)).first()
        if row is not None:
            return row.canonical_id
        cid = any_id
        for _ in range(MAX_HOPS):
            if c.execute(select(r.canonical_id).where(r.canonical_id == cid).limit(1)).first() is not None:
                return cid
            nxt = c.execute(select(rd.new_id).where(rd.old_id == cid)).scalar()
            if nxt is None:
                return None
            cid = nxt
    return None


def members(store: Store, minted_id: str) -> list[str]:
    """The document-scoped entity ids resolved into ``minted_id`` (after redirects); [] if unknown."""
    cid = current_id(store, minted_id)
    if cid is None:
        return []
    r = schema.resolved.c
    with store.engine.connect() as c:
        return [row.entity_id for row in c.execute(select(r.entity_id).where(r.canonical_id == cid)
                                                   .order_by(r.entity_id))]


def redirected(store: Store, any_id: str) -> bool:
    """True when ``any_id`` is an id a merge retired (it resolves, through redirects, elsewhere)."""
    with store.engine.connect() as c:
        return c.execute(select(schema.redirects.c.old_id).where(
            schema.redirects.c.old_id == (any_id or "").strip().upper())).first() is not None
