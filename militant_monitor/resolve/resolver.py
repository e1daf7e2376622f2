"""Blocking, matching and clustering: statements' entities into canonical entities.

1. profiles: per entity, its names, groups, places and years from its statements
2. blocking (``resolve.blocking``): the pairs the matcher needs to compare, by keys
   that do not depend on the store's size
3. matching: the versioned logic scores each pair
4. clustering: analysts' positive judgements first, then automatic matches best
   first, never joining two clusters that a negative judgement keeps apart
5. each cluster gets its stable minted id (``ids.assign``: inherited from the previous
   run, or new; retired ids redirect), and the map entity -> minted id is written to
   ``resolved``; the review queue (``review``) is stored with it

A run is incremental by default: the documents and judgements that changed since the
last run (``store.synced``) make the entities to re-cluster, closed over the stored
scored pairs (``resolve_edges``), judgements and previous clusters; the result equals
a full run (``resolve(store, full=True)``, ``mmon resolve``).

The reads and the writes are one transaction: ``resolve(store, conn=c)`` runs inside a
caller's (an analyst's judgement is recorded and applied at once, or not at all).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import delete, select

from ..store import Store, schema
from ..store import synced
from ..store.store import judgement_state, judgements_applied, mark_judgements_applied, read_snapshot
from ..store.synced import chunks
from . import blocking
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


STAGE = "resolve"   # its name in ``synced``
NEAR = 0.15         # pairs scored this far under the matcher's threshold are suggested for review


@dataclass
class Resolution:
    canonical: Mapping       # entity id -> canonical id
    members: Mapping         # canonical id -> [entity ids]
    matcher: str
    touched: set | None = None   # an incremental run: the entities it re-resolved (None: all)


def profiles(store: Store, conn=None, ids=None) -> dict[str, Profile]:
    """Per person and group entity: its names, groups, places, fates and years (read through
    ``conn``); only the entities ``ids`` when given."""
    import json
    if conn is None:
        with store.engine.connect() as c:
            return profiles(store, c, ids)
    out: dict[str, Profile] = {}
    st, d = schema.statements.c, schema.documents.c
    q = select(st.entity_id, st.entity_type, st.prop, st.value, st.doc_id).where(
        st.entity_type.in_(["person", "group"]))
    parts = [q] if ids is None else [q.where(st.entity_id.in_(part)) for part in chunks(sorted(set(ids)))]
    rows = [r for part in parts for r in conn.execute(part)]
    if ids is None:
        docs = {r.id: r.published for r in conn.execute(select(d.id, d.published))}
    else:
        docs = {r.id: r.published for part in chunks(sorted({r.doc_id for r in rows}))
                for r in conn.execute(select(d.id, d.published).where(d.id.in_(part)))}
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
    """Blocking (``resolve.blocking``): the pairs of entities the matcher must compare."""
    return blocking.candidate_pairs(profs)


def scored_pairs(profs: dict[str, Profile], matcher: str, pairs=None, below: list | None = None) -> list[tuple[float, str, str]]:
    """(score, a, b) of the candidate pairs (default: every one) that reach the matcher's
    threshold; a document's own people are never compared (it told them apart). ``below``:
    filled with the pairs scored at least ``threshold - NEAR`` but under it (review suggestions)."""
    compare, threshold = MATCHERS[matcher]
    out = []
    for a, b in candidate_pairs(profs) if pairs is None else pairs:
        if profs[a].doc_id == profs[b].doc_id and profs[a].entity_type == "person":
            continue
        s = compare(profs[a], profs[b])
        if s >= threshold:
            out.append((s, a, b))
        elif below is not None and s >= threshold - NEAR:
            below.append((s, a, b))
    return out


def resolve(store: Store, matcher: str = DEFAULT, write: bool = True, conn=None, full: bool = False) -> Resolution:
    """Cluster people and groups; with ``write``, store the map under minted ids.

    By default only what changed since the last run is re-resolved (:func:`_incremental`):
    the documents stored, re-extracted or forgotten since, and the judgements recorded or
    undone; the result equals a full run's. ``full`` (or another matcher than the default, or
    a store never resolved incrementally, or ``write=False``) clusters every entity again.
    The ``Resolution`` holds the whole map (an incremental run reads it when first used) and,
    from an incremental run, ``touched``: the entities it re-resolved.

    ``conn``: the caller's transaction, holding the write lock (a judgement is recorded and
    applied in it). Without one, a full run reads the store in one snapshot and writes the
    map in a short transaction of its own, so that writers (an ingest) are not held up while
    it computes; the judgements it marks applied are those it read."""
    if write and not full and matcher == DEFAULT:
        if conn is not None:
            res = _incremental(store, conn)
        else:
            with store.engine.begin() as c:
                judgements_mod.lock(c)
                res = _incremental(store, c)
        if res is not None:
            return res
    if conn is not None:
        state, active, profs = judgement_state(conn), judgements_mod.active(store, conn), profiles(store, conn)
        seen = _seen(conn)
    else:
        with store.engine.connect() as c, c.begin():
            read_snapshot(c)
            # the state before the judgements: one recorded in between is never marked applied unread
            state, active, profs = judgement_state(c), judgements_mod.active(store, c), profiles(store, c)
            seen = _seen(c)
    below: list = []
    near: list = []
    scored = scored_pairs(profs, matcher, below=below)
    groups = _cluster(profs, active, matcher, scored, below, near)
    if not write:
        return _resolution([_canonical_id(ms) for ms in groups], groups, matcher)
    if conn is None:
        with store.engine.begin() as c:
            judgements_mod.lock(c)
            return _write_full(c, profs, groups, matcher, state, scored, seen, near)
    return _write_full(conn, profs, groups, matcher, state, scored, seen, near)


def _seen(conn) -> dict:
    """What a full run reads besides the profiles: the documents (for ``synced``) and which
    entity each one tells of."""
    st = schema.statements.c
    changed, gone = synced.changes(conn, STAGE)
    pairs = [(r.entity_id, r.doc_id) for r in conn.execute(
        select(st.entity_id, st.doc_id).where(st.entity_type.in_(["person", "group"])).distinct())]
    return {"changed": changed, "gone": gone, "pairs": pairs}


def _resolution(cids: list[str], groups: list[list[str]], matcher: str) -> Resolution:
    canonical, members = {}, {}
    for cid, ms in zip(cids, groups):
        members[cid] = ms
        for m in ms:
            canonical[m] = cid
    return Resolution(canonical, members, matcher)


def _write_full(conn, profs, groups, matcher, state, scored, seen, near=None) -> Resolution:
    """A full run's writes: the map, and (default matcher) what later incremental runs start
    from: every entity's keys, the scored pairs, the documents taken in."""
    res = _write(conn, profs, groups, matcher, state, near=near)
    for table in (schema.resolve_keys, schema.resolve_edges, schema.resolve_entities):
        conn.execute(delete(table))
    synced.reset(conn, STAGE)
    if matcher != DEFAULT:
        return res       # the next default run starts again from nothing
    _insert(conn, schema.resolve_keys, [{"key": k, "entity_id": e, "role": r}
                                        for e, p in profs.items() for k, r in blocking.keys(p).items()])
    _insert(conn, schema.resolve_edges, [{"a": a, "b": b, "score": sc} for sc, a, b in scored])
    _insert(conn, schema.resolve_entities, [{"entity_id": e, "doc_id": d} for e, d in seen["pairs"]])
    synced.mark(conn, STAGE, seen["changed"], [])
    return res


def _insert(conn, table, rows: list[dict]) -> None:
    for part in chunks(rows, 5000):
        conn.execute(table.insert(), part)


def _write(conn, profs: dict[str, Profile], groups: list[list[str]], matcher: str, state: str,
           scope: set | None = None, near: list | None = None) -> Resolution:
    """Mint or inherit each cluster's id and store the map entity -> id (``resolved``): every
    row, or (``scope``: an incremental run) the rows of the entities in ``scope``."""
    cids = ids_mod.assign(conn, groups, {e: p.entity_type for e, p in profs.items()}, scope)
    res = _resolution(cids, groups, matcher)
    if scope is None:
        conn.execute(delete(schema.resolved))
    else:
        for part in chunks(sorted(scope)):
            conn.execute(delete(schema.resolved).where(schema.resolved.c.entity_id.in_(part)))
    rows = [{"entity_id": e, "canonical_id": cid, "entity_type": profs[e].entity_type, "matcher": matcher}
            for e, cid in res.canonical.items()]
    _insert(conn, schema.resolved, rows)
    from . import review     # the queue: near misses, and clusters that look like several men
    if scope is None:
        review.refresh(conn, res, near or [])
    else:
        review.refresh_scoped(conn, res, near or [])
    mark_judgements_applied(conn, state)
    return res


def _incremental(store: Store, conn) -> Resolution | None:
    """Re-resolve what changed since the last run, in ``conn`` (write lock held); None when the
    store was never resolved this way (a full run is needed).

    1. dirty: the entities of documents stored, re-extracted or forgotten since (``synced``);
       their keys and scored pairs are replaced: each is compared, by its keys, with the
       entities it shares one with (``blocking``);
    2. the entities to re-cluster: the dirty ones, the two sides of every judgement when the
       judgements changed, closed over the stored pairs that reach the threshold, the
       judgements and the previous clusters. That set is a union of whole components of the
       graph that ``_cluster`` works on, so clustering it alone gives what a full run gives;
    3. the clusters of that set get their ids (``ids.assign``, scoped to it) and replace its rows."""
    changed, gone = synced.changes(conn, STAGE)
    state = judgement_state(conn)
    judged = not judgements_applied(conn)
    if not (changed or gone or judged):
        return _stored(conn, set())
    s = schema.synced.c
    if conn.execute(select(s.doc_id).where(s.stage == STAGE).limit(1)).first() is None:
        return None
    st, re_, rk, rd = schema.statements.c, schema.resolve_entities.c, schema.resolve_keys.c, schema.resolve_edges.c
    docs = [*changed, *gone]
    dirty = {r.entity_id for part in chunks(docs) for r in conn.execute(
        select(re_.entity_id).where(re_.doc_id.in_(part)))}
    now_pairs = [(r.entity_id, r.doc_id) for part in chunks(changed) for r in conn.execute(
        select(st.entity_id, st.doc_id).where(st.doc_id.in_(part), st.entity_type.in_(["person", "group"])).distinct())]
    dirty |= {e for e, _ in now_pairs}
    profs = profiles(store, conn, dirty)
    for part in chunks(sorted(dirty)):
        conn.execute(delete(schema.resolve_keys).where(rk.entity_id.in_(part)))
        conn.execute(delete(schema.resolve_edges).where(rd.a.in_(part)))
        conn.execute(delete(schema.resolve_edges).where(rd.b.in_(part)))
    for part in chunks(docs):
        conn.execute(delete(schema.resolve_entities).where(re_.doc_id.in_(part)))
    _insert(conn, schema.resolve_entities, [{"entity_id": e, "doc_id": d} for e, d in now_pairs])
    own = {e: blocking.keys(p) for e, p in profs.items()}
    _insert(conn, schema.resolve_keys, [{"key": k, "entity_id": e, "role": r} for e, ks in own.items()
                                        for k, r in ks.items()])
    buckets: dict = {}
    for part in chunks(sorted({k for ks in own.values() for k in ks})):
        for r in conn.execute(select(rk.key, rk.entity_id, rk.role).where(rk.key.in_(part))):
            buckets.setdefault(r.key, {})[r.entity_id] = r.role
    pairs = set()
    for e, ks in own.items():
        for k, role in ks.items():
            for other, r in buckets.get(k, {}).items():
                if other != e and (role == "a" or r == "a"):
                    pairs.add((e, other) if e < other else (other, e))
    profs.update(profiles(store, conn, {x for pair in pairs for x in pair} - set(profs)))
    below: list = []
    new_edges = scored_pairs(profs, DEFAULT, sorted(pairs), below=below)
    _insert(conn, schema.resolve_edges, [{"a": a, "b": b, "score": sc} for sc, a, b in new_edges])
    active = judgements_mod.active(store, conn)
    seeds = set(dirty)
    if judged:
        j = schema.judgements.c
        for r in conn.execute(select(j.left_id, j.right_id)):
            seeds |= {r.left_id, r.right_id}
    scope, edges = _closure(conn, seeds, active)
    profs.update(profiles(store, conn, scope - set(profs)))
    alive = {e: profs[e] for e in scope if e in profs}
    scored = [(sc, a, b) for (a, b), sc in edges.items() if a in alive and b in alive]
    near: list = []
    groups = _cluster(alive, active, DEFAULT, scored, [x for x in below if x[1] in alive and x[2] in alive], near)
    _write(conn, alive, groups, DEFAULT, state, scope, near)
    synced.mark(conn, STAGE, changed, gone)
    return _stored(conn, set(alive))


class _Later(Mapping):
    """A mapping read when it is first used (``load()``), then kept."""

    def __init__(self, load):
        self._load, self._data = load, None

    def _got(self) -> dict:
        if self._data is None:
            self._data = self._load()
        return self._data

    def __getitem__(self, key):
        return self._got()[key]

    def __iter__(self):
        return iter(self._got())

    def __len__(self) -> int:
        return len(self._got())


def _stored(conn, touched: set) -> Resolution:
    """The whole stored map as a ``Resolution`` (``touched``: what this run re-resolved). The map
    covers the whole store, so it is read only when asked for (an ingest or a forget never
    does): through ``conn`` while its transaction is open, else as committed."""
    r = schema.resolved.c
    engine = conn.engine

    def canonical() -> dict:
        q = select(r.entity_id, r.canonical_id)
        if not conn.closed and conn.in_transaction():
            return {row.entity_id: row.canonical_id for row in conn.execute(q)}
        with engine.connect() as c:
            return {row.entity_id: row.canonical_id for row in c.execute(q)}

    mapping = _Later(canonical)

    def members() -> dict:
        out: dict = {}
        for e in sorted(mapping):
            out.setdefault(mapping[e], []).append(e)
        return out
    return Resolution(mapping, _Later(members), DEFAULT, touched)


def _closure(conn, seeds: set[str], active: list[dict]) -> tuple[set[str], dict]:
    """The seeds with everything tied to them, transitively: stored pairs at the threshold,
    judgements, previous clusters. Returns the set and the stored pairs among it."""
    rd, r = schema.resolve_edges.c, schema.resolved.c
    judged: dict = {}
    for j in active:
        for left, right in [(j["left_id"], j["right_id"]), *judgements_mod.apart(j), *judgements_mod.together(j)]:
            judged.setdefault(left, set()).add(right)
            judged.setdefault(right, set()).add(left)
    scope: set[str] = set()
    edges: dict = {}
    frontier = set(seeds)
    while frontier:
        scope |= frontier
        found: set[str] = set()
        for part in chunks(sorted(frontier)):
            for row in conn.execute(select(rd.a, rd.b, rd.score).where(rd.a.in_(part))):
                edges[(row.a, row.b)] = row.score
                found.add(row.b)
            for row in conn.execute(select(rd.a, rd.b, rd.score).where(rd.b.in_(part))):
                edges[(row.a, row.b)] = row.score
                found.add(row.a)
            cids = {row.canonical_id for row in conn.execute(select(r.canonical_id).where(r.entity_id.in_(part)))}
            for cpart in chunks(sorted(cids)):
                found |= {row.entity_id for row in conn.execute(select(r.entity_id).where(r.canonical_id.in_(cpart)))}
        for e in frontier:
            found |= judged.get(e, set())
        frontier = found - scope
    return scope, edges


def _cluster(profs: dict[str, Profile], active: list[dict], matcher: str, scored=None, below=None,
             near: list | None = None) -> list[list[str]]:
    """The clusters (sorted member lists): judgements first, then the matcher's pairs, best first.
    ``scored``: the pairs that reach the threshold, (score, a, b), when the caller holds them;
    ``below``: pairs scored just under it. ``near`` is filled with the pairs of both that end in
    different clusters, no judgement keeping them apart (suggestions for the review queue)."""
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

    context: dict = {}      # cluster root -> what context_clash compares, kept until the cluster grows
    agree: dict = {}        # (groups, groups) -> groups_agree

    def join(a, b):
        context.pop(clusters.find(a), None)
        context.pop(clusters.find(b), None)
        clusters.union(a, b)

    for j in active:
        for left, right in judgements_mod.together(j):   # a merge: both profiles' members, whole
            if left in clusters.parent and right in clusters.parent and not blocked(left, right):
                join(left, right)
    if scored is None:
        below = [] if below is None else below
        scored = scored_pairs(profs, matcher, below=below)
    scored = sorted(scored, reverse=True)
    keys_of: dict = {}

    def trusted(e):
        """``trusted_keys`` of entity ``e``, computed once per run."""
        if e not in keys_of:
            keys_of[e] = profs[e].trusted_keys()
        return keys_of[e]

    def of(e):
        """(registry groups, trusted keys, fates) of the cluster of ``e``: the union over its
        members, computed once while the cluster stays as it is (``join`` forgets it)."""
        root = clusters.find(e)
        if root not in context:
            ms = clusters.members[root]
            person = profs[e].entity_type == "person"
            context[root] = (frozenset(registry_groups(set().union(*(profs[m].groups for m in ms)))),
                             set().union(*(trusted(m) for m in ms)) if person else set(),
                             set().union(*(profs[m].fates for m in ms)) if person else set())
        return context[root]

    def groups_agree_(ga, gb):
        if (ga, gb) not in agree:
            agree[(ga, gb)] = groups_agree(set(ga), set(gb))
        return agree[(ga, gb)]

    def context_clash(a, b):
        """Whole clusters must agree too: no chain A~B~C may join men of different groups,
        men whose full names cannot be one, or two men reported dead at different times (unless
        one full name in one group: one man whose death is disputed, shown so in his profile)."""
        (ga, ka, fa), (gb, kb, fb) = of(a), of(b)
        if groups_agree_(ga, gb) is False:
            return True
        if profs[a].entity_type == "person":
            one_man = bool(ka & kb) and any(len(k) > 1 for k in ka & kb) and groups_agree_(ga, gb) is True
            return full_keys_clash(ka, kb) or (deaths_clash(fa, fb) and not one_man)
        return False

    bare: dict = {}

    def short(e):
        """A person known by one word only (computed once per entity)."""
        if e not in bare:
            bare[e] = profs[e].entity_type == "person" and not any(len(k) > 1 for k in trusted(e))
        return bare[e]

    # 1. entities with full names first
    for sc, a, b in scored:
        if short(a) or short(b):
            continue
        if clusters.find(a) != clusters.find(b) and not blocked(a, b) and not context_clash(a, b):
            join(a, b)
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
        join(e, top)
    if near is not None:
        near.extend((sc, a, b) for sc, a, b in list(scored) + list(below or [])
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

