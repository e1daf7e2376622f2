"""Blocking, matching and clustering: statements' entities into canonical entities.

1. profiles: per entity, its names, groups, places and years from its statements
2. blocking: pairs that share a name word (or a group key)
3. matching: the versioned logic scores each pair
4. clustering: analysts' positive judgements first, then automatic matches best
   first, never joining two clusters that a negative judgement keeps apart
5. each cluster gets its stable minted id (``ids.assign``: inherited from the previous
   run, or new; retired ids redirect), and the map entity -> minted id is written to
   ``resolved``; the review queue (``review``) is stored with it

The reads and the writes are one transaction: ``resolve(store, conn=c)`` runs inside a
caller's (an analyst's judgement is recorded and applied at once, or not at all).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select

from ..store import Store, schema
from ..store.store import judgement_state, mark_judgements_applied, read_snapshot
from . import ids as ids_mod
from . import judgements as judgements_mod
from .matching import (
    DEFAULT,
    MATCHERS,
    Profile,
    deaths_clash,
    full_keys_clash,
    group_key,
    groups_agree,
    place_words,
    registry_groups,
)


NEAR = 0.15     # pairs scored this far under the matcher's threshold are suggested for review


@dataclass
class Resolution:
    canonical: dict          # entity id -> canonical id
    members: dict            # canonical id -> [entity ids]
    matcher: str


def profiles(store: Store, conn=None) -> dict[str, Profile]:
    """Per person and group entity: its names, groups, places, fates and years (read through ``conn``)."""
    import json
    if conn is None:
        with store.engine.connect() as c:
            return profiles(store, c)
    out: dict[str, Profile] = {}
    q = select(schema.statements.c.entity_id, schema.statements.c.entity_type, schema.statements.c.prop,
               schema.statements.c.value, schema.statements.c.doc_id).where(
        schema.statements.c.entity_type.in_(["person", "group"]))
    rows = list(conn.execute(q))
    docs = {r.id: r.published for r in conn.execute(select(schema.documents.c.id, schema.documents.c.published))}
    for r in rows:
        p = out.get(r.entity_id)
        if p is None:
            p = out[r.entity_id] = Profile(r.entity_id, r.entity_type, r.doc_id)
        v = json.loads(r.value)
        if r.prop in ("name", "alias"):
            p.names.add(v)
            if r.prop == "alias":
                p.aliases.add(v)
        elif r.prop == "affiliation":
            p.groups.add(group_key(v.get("group", "")))
        elif r.prop in ("origin", "wanted_in"):
            p.places |= place_words(v)
        elif r.prop == "status" and isinstance(v, dict):
            p.fates.add((v.get("state"), v.get("date")))
            if v.get("place"):
                p.places |= place_words(v["place"])
            if v.get("date"):
                p.years.add(int(v["date"][:4]))
        pub = docs.get(r.doc_id)
        if pub and r.entity_type == "person":
            p.years.add(int(pub[:4]))
    return out


class _Clusters:
    def __init__(self, ids):
        self.parent = {i: i for i in ids}
        self.members = {i: {i} for i in ids}

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)


def candidate_pairs(profs: dict[str, Profile]):
    """Blocking: entities of the same type that share a name word of 4+ letters, or a
    whole name of shorter words ('Tor Baz')."""
    index = defaultdict(set)
    for eid, p in profs.items():
        for k in p.name_keys():
            index[(p.entity_type, k)].add(eid)
            for w in k:
                if len(w) >= 4:
                    index[(p.entity_type, w)].add(eid)
    seen = set()
    for id_set in index.values():
        if len(id_set) > 500:   # a word shared by everyone ('khan') says nothing
            continue
        ids = sorted(id_set)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if (a, b) not in seen:
                    seen.add((a, b))
                    yield a, b


def resolve(store: Store, matcher: str = DEFAULT, write: bool = True, conn=None) -> Resolution:
    """Cluster every person and group; with ``write``, store the map under minted ids.

    ``conn``: the caller's transaction, holding the write lock (a judgement is recorded and
    applied in it). Without one, the store is read in one snapshot and the map written in a
    short transaction of its own, so that writers (an ingest) are not held up while it computes;
    the judgements it marks applied are those it read."""
    if conn is not None:
        state, active, profs = judgement_state(conn), judgements_mod.active(store, conn), profiles(store, conn)
    else:
        with store.engine.connect() as c, c.begin():
            read_snapshot(c)
            # the state before the judgements: one recorded in between is never marked applied unread
            state, active, profs = judgement_state(c), judgements_mod.active(store, c), profiles(store, c)
    near: list = []
    groups = _cluster(profs, active, matcher, near)
    if not write:
        return _resolution([_canonical_id(ms) for ms in groups], groups, matcher)
    if conn is None:
        with store.engine.begin() as c:
            judgements_mod.lock(c)
            return _write(c, profs, groups, matcher, state, near)
    return _write(conn, profs, groups, matcher, state, near)


def _resolution(cids: list[str], groups: list[list[str]], matcher: str) -> Resolution:
    canonical, members = {}, {}
    for cid, ms in zip(cids, groups):
        members[cid] = ms
        for m in ms:
            canonical[m] = cid
    return Resolution(canonical, members, matcher)


def _write(conn, profs: dict[str, Profile], groups: list[list[str]], matcher: str, state: str,
           near: list | None = None) -> Resolution:
    """Mint or inherit each cluster's id, store the map entity -> id (``resolved``) and the
    review queue (``review``: the near misses, the clusters that look like several men)."""
    cids = ids_mod.assign(conn, groups, {e: p.entity_type for e, p in profs.items()})
    res = _resolution(cids, groups, matcher)
    conn.execute(delete(schema.resolved))
    rows = [{"entity_id": e, "canonical_id": cid, "entity_type": profs[e].entity_type, "matcher": matcher}
            for e, cid in res.canonical.items()]
    if rows:
        conn.execute(schema.resolved.insert(), rows)
    from . import review
    review.refresh(conn, res, near or [])
    mark_judgements_applied(conn, state)
    return res


def _cluster(profs: dict[str, Profile], active: list[dict], matcher: str, near: list | None = None) -> list[list[str]]:
    """The clusters (sorted member lists): judgements first, then the matcher's pairs, best first.

    ``near``: filled with the pairs the matcher scored at least ``threshold - NEAR`` that end in
    different clusters, no judgement keeping them apart (suggestions for the review queue)."""
    compare, threshold = MATCHERS[matcher]
    ids = sorted(profs)
    clusters = _Clusters(ids)
    negative = defaultdict(set)
    for j in active:
        for left, right in judgements_mod.apart(j):     # negative judgements and splits
            if left in clusters.parent and right in clusters.parent:
                negative[left].add(right)
                negative[right].add(left)

    def blocked(a, b):
        ma, mb = clusters.members[clusters.find(a)], clusters.members[clusters.find(b)]
        return any(negative[x] & mb for x in ma)

    for j in active:
        if j["judgement"] == "positive" and j["left_id"] in clusters.parent and j["right_id"] in clusters.parent:
            if not blocked(j["left_id"], j["right_id"]):
                clusters.union(j["left_id"], j["right_id"])
    scored, below = [], []
    for a, b in candidate_pairs(profs):
        if profs[a].doc_id == profs[b].doc_id and profs[a].entity_type == "person":
            continue   # one document already told its people apart
        s = compare(profs[a], profs[b])
        if s >= threshold:
            scored.append((s, a, b))
        elif near is not None and s >= threshold - NEAR:
            below.append((s, a, b))
    scored.sort(reverse=True)

    def context_clash(a, b):
        """Whole clusters must agree too: no chain A~B~C may join men of different groups,
        men whose full names cannot be one, or two men reported dead at different times (unless
        one full name in one group: one man whose death is disputed, shown so in his profile)."""
        ma, mb = clusters.members[clusters.find(a)], clusters.members[clusters.find(b)]
        ga = registry_groups(set().union(*(profs[m].groups for m in ma)))
        gb = registry_groups(set().union(*(profs[m].groups for m in mb)))
        if groups_agree(ga, gb) is False:
            return True
        if profs[a].entity_type == "person":
            ka = set().union(*(profs[m].trusted_keys() for m in ma))
            kb = set().union(*(profs[m].trusted_keys() for m in mb))
            fa = set().union(*(profs[m].fates for m in ma))
            fb = set().union(*(profs[m].fates for m in mb))
            one_man = bool(ka & kb) and any(len(k) > 1 for k in ka & kb) and groups_agree(ga, gb) is True
            return full_keys_clash(ka, kb) or (deaths_clash(fa, fb) and not one_man)
        return False

    def short(e):
        return profs[e].entity_type == "person" and not any(len(k) > 1 for k in profs[e].trusted_keys())

    # 1. entities with full names first
    for sc, a, b in scored:
        if short(a) or short(b):
            continue
        if clusters.find(a) != clusters.find(b) and not blocked(a, b) and not context_clash(a, b):
            clusters.union(a, b)
    # 2. bare names ('Qari Shakeel') join the cluster they fit best, or none when two fit alike
    by_short = defaultdict(list)
    for sc, a, b in scored:
        if short(a):
            by_short[a].append((sc, b))
        if short(b):
            by_short[b].append((sc, a))
    for e in sorted(by_short, key=lambda x: -max(sc for sc, _ in by_short[x])):
        best_by_cluster: dict = {}
        for sc, other in by_short[e]:
            root = clusters.find(other)
            if root == clusters.find(e) or blocked(e, other) or context_clash(e, other):
                continue
            if sc > best_by_cluster.get(root, (0, None))[0]:
                best_by_cluster[root] = (sc, other)
        if not best_by_cluster:
            continue
        # a cluster that knows the man's full name is better evidence than another bare name
        full = {r: v for r, v in best_by_cluster.items() if any(not short(m) for m in clusters.members[r])}
        ranked = sorted((full or best_by_cluster).values(), reverse=True)
        top_sc, top = ranked[0]
        rivals = [o for sc, o in ranked[1:] if top_sc - sc < 0.05 and context_clash(top, o)]
        if rivals:
            continue   # a guess between two different men: leave it unresolved
        clusters.union(e, top)
    if near is not None:
        near.extend((sc, a, b) for sc, a, b in scored + below
                    if clusters.find(a) != clusters.find(b) and not blocked(a, b))
    return sorted(sorted(ms) for ms in clusters.members.values())


def _canonical_id(ms: list[str]) -> str:
    """Without writing (a trial run): registry groups keep their id, else the first member names it."""
    glob = [m for m in ms if ids_mod.is_registry(m)]
    return glob[0] if glob else ms[0]


def canonical_of(store: Store, entity_id: str) -> str:
    """The minted id of any id (member, minted, retired); the id itself when unknown."""
    return ids_mod.current_id(store, entity_id) or entity_id


def members_of(store: Store, canonical_id: str) -> list[str]:
    """The member entity ids of a minted (or any) id; ``[canonical_id]`` when unknown."""
    return ids_mod.members(store, canonical_id) or [canonical_id]


def expand(store: Store, entity_ids) -> list[str]:
    """Every entity id resolved together with any of ``entity_ids``."""
    out = []
    for e in entity_ids:
        for m in members_of(store, canonical_of(store, e)):
            if m not in out:
                out.append(m)
    return out


def clusters_named(store: Store, name: str, entity_type: str | None = None) -> dict[str, list[str]]:
    """Canonical entities known by ``name``: canonical id -> member entity ids."""
    out: dict[str, list[str]] = {}
    for e in store.entities_named(name, entity_type):
        cid = canonical_of(store, e)
        if cid not in out:
            out[cid] = members_of(store, cid)
    return out

