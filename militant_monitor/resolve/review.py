"""The review queue: suggested merges and splits of people, ranked by score.

Stored when resolution runs (``refresh``, in the resolving transaction, table
``review_queue``), so that a page of the queue reads the queue and the few mentions it
shows, never the whole store:

* a **merge** suggestion is two resolved people the matcher scored near its threshold
  (``resolver.NEAR`` under it) or above it but left apart (their groups or deaths clash, a
  bare name that fits two men), with no judgement between them; one item per pair of
  people, scored by its best pair (the matcher's own score);
* a **split** suggestion is a resolved person that looks like several men
  (``query.profile.over_merge_signs``: deaths in several places, many names, many groups),
  with the two sides the sign suggests; scored ``1 - 0.5 ** signs`` (0.5, 0.75, 0.875...).

An analyst answers an item (``answer``) merge, split or unsure: merge and split are the
judgements of ``decisions`` (a split is one judgement, undone as one); unsure is a
judgement of its own that changes no cluster and only takes the item off the queue. An item
an active judgement of its two ids answers is not shown.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from sqlalchemy import delete, select

from ..store import Store, schema

MAX_ITEMS = 2000          # the queue kept: the best suggestions
MENTIONS = 3              # mentions shown per side
ANSWERS = ("merge", "split", "unsure")


# --- computing the queue (when resolution runs) ---------------------------------------------------------

def refresh(conn, res, near: list) -> None:
    """Store the queue anew from a resolution ``res`` and its near pairs ``near`` ([(score, a, b)])."""
    items = merge_items(res, near) + split_items(conn, res)
    items.sort(key=lambda i: (-i["score"], i["key"]))
    conn.execute(delete(schema.review_queue))
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    rows = [{**i, "detail": json.dumps(i["detail"], sort_keys=True), "created_at": now} for i in items[:MAX_ITEMS]]
    if rows:
        conn.execute(schema.review_queue.insert(), rows)


def refresh_scoped(conn, res, near: list) -> None:
    """After an incremental resolution: replace the items of the clusters it re-resolved (``res``
    holds only those) and drop items whose clusters no longer exist; the rest of the queue stays."""
    q, r = schema.review_queue.c, schema.resolved.c
    cids = sorted(set(res.canonical.values()))
    for i in range(0, len(cids), 500):
        part = cids[i:i + 500]
        conn.execute(delete(schema.review_queue).where(q.left_id.in_(part) | q.right_id.in_(part)))
    live = select(r.canonical_id)
    conn.execute(delete(schema.review_queue).where(q.left_id.not_in(live) | q.right_id.not_in(live)))
    items = merge_items(res, near) + split_items(conn, res)
    if not items:
        return
    have = {row.key for row in conn.execute(select(q.key))}
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    rows = [{**i, "detail": json.dumps(i["detail"], sort_keys=True), "created_at": now}
            for i in items if i["key"] not in have]
    if rows:
        conn.execute(schema.review_queue.insert(), rows)


def merge_items(res, near: list) -> list[dict]:
    """One item per pair of resolved people among the near pairs, with its best pair."""
    best: dict = {}
    for score, a, b in near:
        if not (a.startswith("person:") and b.startswith("person:")):
            continue
        ca, cb = res.canonical.get(a), res.canonical.get(b)
        if ca is None or cb is None or ca == cb:
            continue
        if cb < ca:
            ca, cb, a, b = cb, ca, b, a
        if (ca, cb) not in best or score > best[(ca, cb)]["score"]:
            best[(ca, cb)] = {"key": f"merge:{ca}|{cb}", "kind": "merge", "left_id": ca, "right_id": cb,
                              "score": round(float(score), 4), "detail": {"pair": [a, b]}}
    return list(best.values())


def split_items(conn, res) -> list[dict]:
    """Resolved people of several members that show signs of several men, with the sides to split."""
    from ..query.profile import over_merge_signs
    multi = {cid: ms for cid, ms in res.members.items() if len(ms) > 1 and ms[0].startswith("person:")}
    if not multi:
        return []
    facts = _facts(conn, [m for ms in multi.values() for m in ms])
    out = []
    for cid, members in multi.items():
        names: dict[str, dict] = {}
        affiliations: list[dict] = []
        fates: list[dict] = []
        for m in members:
            for prop, v in facts.get(m, []):
                if prop in ("name", "alias") and isinstance(v, str):
                    names.setdefault(v.lower(), {"value": v})
                elif prop == "affiliation" and isinstance(v, dict) and v.get("group"):
                    affiliations.append({"value": v})
                elif prop == "status" and isinstance(v, dict):
                    fates.append({"value": v})
        signs = over_merge_signs(list(names.values()), affiliations, fates)
        if not signs:
            continue
        apart = _sides(members, facts, signs)
        if not apart:
            continue
        rest = [m for m in members if m not in apart]
        out.append({"key": f"split:{cid}", "kind": "split", "left_id": cid, "right_id": cid,
                    "score": round(1 - 0.5 ** len(signs), 4),
                    "detail": {"signs": signs, "apart": apart, "rest": rest}})
    return out


def _facts(conn, entity_ids: list[str]) -> dict[str, list]:
    """entity id -> [(prop, value)] of its names, aliases, groups and fates (read in chunks)."""
    st = schema.statements.c
    out: dict[str, list] = {}
    for i in range(0, len(entity_ids), 500):
        q = select(st.entity_id, st.prop, st.value).where(
            st.entity_id.in_(entity_ids[i:i + 500]), st.prop.in_(("name", "alias", "affiliation", "status")))
        for r in conn.execute(q):
            out.setdefault(r.entity_id, []).append((r.prop, json.loads(r.value)))
    return out


def _sides(members: list[str], facts: dict, signs: list[str]) -> list[str]:
    """The members to take apart, by the first sign that tells them: deaths elsewhere than the
    most reported place; no tie to the most reported group; none of the most used name."""
    def by(pick):
        keys = {m: pick(facts.get(m, [])) for m in members}
        counts = Counter(k for ks in keys.values() for k in ks)
        if len(counts) < 2:
            return []
        main = counts.most_common(1)[0][0]
        return [m for m in members if keys[m] and main not in keys[m]]

    for sign in signs:
        if sign.startswith("deaths in"):
            apart = by(lambda fs: {v["place"].lower() for p, v in fs if p == "status" and isinstance(v, dict)
                                   and v.get("state") == "killed" and v.get("place")})
        elif sign.endswith("groups"):
            apart = by(lambda fs: {v["group"] for p, v in fs if p == "affiliation" and isinstance(v, dict) and v.get("group")})
        else:
            apart = by(lambda fs: {v.lower() for p, v in fs if p == "name" and isinstance(v, str)})
        if apart and len(apart) < len(members):
            return apart
    return []


# --- reading the queue (a page view) ------------------------------------------------------------------------

def queue(store: Store, limit: int = 20, offset: int = 0) -> dict:
    """A page of the queue, best first: ``total`` and ``items``, each with its two sides'
    mentions in context (sentence, source). Reads the stored queue, the active judgements and
    the mentions of the items shown."""
    rq = schema.review_queue.c
    with store.engine.connect() as c:
        rows = [dict(r._mapping) for r in c.execute(select(schema.review_queue).order_by(rq.score.desc(), rq.key))]
    answered = _answered(store)
    open_items = [r for r in rows if tuple(sorted((r["left_id"], r["right_id"]))) not in answered]
    page = open_items[offset:offset + limit]
    return {"total": len(open_items), "limit": limit, "offset": offset,
            "items": [_item(store, r, n) for n, r in enumerate(page, offset + 1)]}


def _answered(store: Store) -> set[tuple[str, str]]:
    from .judgements import active
    return {(j["left_id"], j["right_id"]) for j in active(store)}


def _item(store: Store, row: dict, n: int) -> dict:
    from . import ids
    detail = json.loads(row["detail"])
    if row["kind"] == "merge":
        left, right = ids.members(store, row["left_id"]), ids.members(store, row["right_id"])
        first = detail.get("pair") or [None, None]
        why = [f"the matcher scored {row['score']:.2f}"]
    else:
        left, right = detail["apart"], detail["rest"]
        first = [None, None]
        why = detail.get("signs", [])
    return {"n": n, "key": row["key"], "kind": row["kind"], "score": row["score"], "left_id": row["left_id"],
            "right_id": row["right_id"], "why": why,
            "left": _side(store, left, first[0]), "right": _side(store, right, first[1]),
            "apart": detail.get("apart", []), "rest": detail.get("rest", [])}


def _side(store: Store, members: list[str], first: str | None) -> dict:
    """A side of an item: its members, the names and groups they go by, and up to ``MENTIONS`` mentions
    (the sentence that names him, the document, its publisher and date), ``first`` first."""
    from ..query.evidence import sentences
    order = ([first] if first in members else []) + [m for m in members if m != first]
    every = store.statements(entity_ids=order)
    stmts = [s for s in every if s["prop"] == "name"]
    names = list(dict.fromkeys(s["value"] for s in stmts if isinstance(s["value"], str)))
    groups = list(dict.fromkeys(s["value"]["group"] for s in every if s["prop"] == "affiliation"
                                and isinstance(s["value"], dict) and s["value"].get("group")))
    picked, docs_seen = [], set()
    for m in order:
        for s in stmts:
            if s["entity_id"] == m and s["doc_id"] not in docs_seen:
                docs_seen.add(s["doc_id"])
                picked.append(s)
                break
        if len(picked) >= MENTIONS:
            break
    docs = {d["id"]: d for d in store.documents({s["doc_id"] for s in picked})}
    text = sentences(store, picked)
    mentions = [{"entity_id": s["entity_id"], "name": s["value"], "sentence": text.get(s["id"], ""),
                 "doc_id": s["doc_id"], "title": docs.get(s["doc_id"], {}).get("title"),
                 "publisher": docs.get(s["doc_id"], {}).get("publisher"),
                 "published": docs.get(s["doc_id"], {}).get("published")} for s in picked]
    return {"members": members, "names": names, "groups": groups, "mentions": mentions}


# --- answering ------------------------------------------------------------------------------------------------

def item(store: Store, key: str) -> dict | None:
    """The stored item ``key``."""
    with store.engine.connect() as c:
        r = c.execute(select(schema.review_queue).where(schema.review_queue.c.key == key)).first()
    return dict(r._mapping) if r else None


def answer(store: Store, key: str, how: str, user: str | None = None, note: str | None = None) -> dict:
    """Answer the item ``key`` merge, split or unsure (see the module's docstring)."""
    from . import decisions
    from .decisions import ActionError
    if how not in ANSWERS:
        raise ActionError(400, f"answer merge, split or unsure, not {how[:20]!r}")
    row = item(store, (key or "").strip())
    if row is None:
        raise ActionError(404, f"no review item {key[:120]!r} (the queue changes when resolution runs; reload it)")
    detail = json.loads(row["detail"])
    if how == "unsure" or (how == "merge" and row["kind"] == "split"):
        jid = _note(store, row, "unsure" if how == "unsure" else "positive", user, note)
        word = "unsure" if how == "unsure" else "kept as one"
        return {"judgement": jid, "key": row["key"], "answer": how,
                "message": f"judgement {jid}: {word} on {row['left_id']}"
                           + (f" and {row['right_id']}" if row["right_id"] != row["left_id"] else "")
                           + "; taken off the queue, no cluster changed"}
    if row["kind"] == "merge" and how == "merge":
        return {**decisions.merge(store, row["left_id"], row["right_id"], user, note), "key": row["key"], "answer": how}
    if row["kind"] == "split":
        return {**decisions.split(store, row["left_id"], detail["apart"], user, note), "key": row["key"], "answer": how}
    a, b = detail["pair"]            # a merge suggestion answered 'split': not the same man
    jid = decisions.keep_apart(store, a, b, user, note)
    return {"judgement": jid, "key": row["key"], "answer": how,
            "message": f"judgement {jid}: {row['left_id']} and {row['right_id']} are not the same; kept apart"}


def _note(store: Store, row: dict, kind: str, user: str | None, note: str | None) -> int:
    """Record a judgement that changes no cluster (an item's own ids): resolution need not run
    again, so the judgements stay marked applied when they were (no ingest re-resolves for it)."""
    from ..store.store import judgements_applied, mark_judgements_applied
    from . import judgements
    with store.engine.begin() as c:
        judgements.lock(c)
        applied = judgements_applied(c)
        jid = judgements.record(store, row["left_id"], row["right_id"], kind, user, note, conn=c)
        if applied:
            mark_judgements_applied(c)
    return jid
