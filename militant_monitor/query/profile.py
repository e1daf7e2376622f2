"""Leader profiles: everything the store holds on a person, with the source of each line.

``profile(store, name)`` gathers; ``render_brief(profile)`` writes it like a
monitor's brief, every line ending in the numbers of the sources behind it.
"""
from __future__ import annotations

from collections import OrderedDict

from ..model import relations
from ..store import Store

GROUP_RELATION_WORDS = {"leader": "leader of", "founder": "founder of", "commander": "commander in",
                        "member": "member of", "associate": "associated with"}


def _fmt_money(b: dict) -> str:
    amount = b["amount"]
    s = f"{b['currency']} {amount:,.0f}" if amount == int(amount) else f"{b['currency']} {amount:,.2f}"
    if b.get("usd") and b["currency"] != "USD":
        s += f" (about USD {b['usd']:,.0f})"
    if b.get("issuer"):
        s += f", offered by {b['issuer']}"
    return s


class Sources:
    """Numbers the documents (and the citations they give) behind the lines of a brief."""

    def __init__(self, docs: dict):
        self.docs = docs
        self.order: OrderedDict = OrderedDict()

    def ref(self, stmt: dict) -> int:
        key = (stmt["doc_id"], stmt.get("citation"))
        if key not in self.order:
            self.order[key] = len(self.order) + 1
        return self.order[key]

    def listing(self, partial: set[str] | None = None) -> list[dict]:
        """The sources in the order first cited; ``partial``: the documents whose facts were
        extracted from part of them only (``partial`` is true on those)."""
        out = []
        for (doc_id, citation), n in self.order.items():
            d = self.docs.get(doc_id, {})
            out.append({"n": n, "doc_id": doc_id, "title": d.get("title"), "publisher": d.get("publisher"),
                        "published": d.get("published"), "url": d.get("url"), "citing": citation,
                        "path": d.get("source_path"), "partial": doc_id in (partial or ())})
        return out


def partial_documents(store: Store, doc_ids) -> set[str]:
    """Those of ``doc_ids`` whose sheet is partial (extraction stopped at a budget: ``partial``
    statements of the document)."""
    return {s["doc_id"] for s in store.statements(entity_ids=[f"document:{d}" for d in doc_ids], prop="partial")}


class Ambiguous(Exception):
    """A name that fits several resolved people (or groups, ``kind``): ``candidates`` (see
    :func:`choices`) tell them apart; the caller offers them and asks for one id, never shows a mix."""

    def __init__(self, name: str, candidates: list[dict], kind: str = "person"):
        self.name = name
        self.candidates = candidates
        self.kind = kind
        super().__init__(f"{name!r} fits {len(candidates)} {'groups' if kind == 'group' else 'people'}: "
                         + ", ".join(f"{c['id']} ({c['name']})" for c in candidates) + "; give one id")


# what a stored value carries beside the fact itself: a hedge, the ids it points at
BESIDE_THE_FACT = ("hedged", "event", "group_id")


def fact_value(value):
    """A stored value as the fact it states, for telling facts apart: a hedged status is the
    same fact as its plain form, and the ids a value carries (``model.relations``) do not
    make another fact (they are shown beside it, as canonical ids)."""
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k not in BESIDE_THE_FACT}
    return value


def is_id(name: str) -> bool:
    """True for a person's id: minted (``P-7QX3K2AB``, or one a merge retired) or document-scoped."""
    from ..resolve import ids
    return name.startswith("person:") or ids.looks_minted(name)


def candidates(store: Store, name: str) -> dict[str, list[str]]:
    """The resolved people a name (or an id, followed through redirects) may mean:
    minted id -> member ids."""
    from ..resolve import ids
    from ..resolve.resolver import clusters_named
    name = (name or "").strip()
    if is_id(name):
        cid = ids.current_id(store, name)
        members = ids.members(store, cid) if cid else []
        if cid and members:
            return {cid: members}
        if name.startswith("person:") and store.statements(entity_ids=[name], prop="name"):
            return {name: [name]}        # stored, not resolved yet
        return {}
    found = clusters_named(store, name, "person")
    settled = {cid: ms for cid, ms in found.items() if ids.looks_minted(cid)}
    if settled or len(found) < 2:
        return settled or found
    # only mentions stored but not resolved yet (an ingest under way): the best documented one for now
    best = max(found.items(), key=lambda kv: (len(store.statements(entity_ids=kv[1])), kv[0]))
    return dict([best])


def choices(store: Store, found: dict[str, list[str]]) -> list[dict]:
    """What tells the people of ``found`` (minted id -> members) apart, most documented first:
    id, names, groups, roles, the span of report dates, places and the number of sources."""
    out = []
    for cid, members in found.items():
        stmts = store.statements(entity_ids=members)
        docs = {d["id"]: d for d in store.documents({s["doc_id"] for s in stmts})}

        def values(prop, fmt=str):
            return list(dict.fromkeys(fmt(s["value"]) for s in stmts if s["prop"] == prop))
        names = values("name") + values("alias")
        places = [v.get("place") for v in (s["value"] for s in stmts if s["prop"] == "status")
                  if isinstance(v, dict) and v.get("place")] + values("origin")
        dates = sorted(d["published"] for d in docs.values() if d.get("published"))
        out.append({"id": cid, "name": max(values("name") or [cid], key=len), "names": list(dict.fromkeys(names)),
                    "groups": values("affiliation", lambda v: v.get("group", "") if isinstance(v, dict) else str(v)),
                    "roles": values("role"), "places": list(dict.fromkeys(places)),
                    "first_reported": dates[0] if dates else None, "last_reported": dates[-1] if dates else None,
                    "sources": len(docs)})
    out.sort(key=lambda c: (-c["sources"], c["id"]))
    return out


def render_choices(name: str, cands: list[dict], kind: str = "person") -> str:
    """The numbered list a CLI prints for a name that fits several people (or groups)."""
    lines = [f"{name!r} fits {len(cands)} people; give one by id (mmon profile ID):" if kind != "group" else
             f"{name!r} fits {len(cands)} groups; give one by id:"]
    for n, c in enumerate(cands, 1):
        span = " to ".join(dict.fromkeys(x for x in (c["first_reported"], c["last_reported"]) if x))
        bits = [f"groups: {', '.join(c['groups'])}" if c["groups"] else "",
                f"roles: {', '.join(c['roles'][:3])}" if c["roles"] else "",
                f"places: {', '.join(c['places'][:3])}" if c["places"] else "",
                f"reported {span}" if span else "", f"{c['sources']} source(s)"]
        also = [x for x in c["names"] if x != c["name"]][:3]
        lines.append(f"  {n}. {c['id']}  {c['name']}" + (f" (also: {', '.join(also)})" if also else ""))
        lines.append("     " + "; ".join(b for b in bits if b))
    return "\n".join(lines)


def suggestions(store: Store, name: str, entity_type: str = "person", limit: int = 5) -> list[str]:
    """The stored names closest to ``name`` ('did you mean'), best first: spelling variants
    ('Shamsher' for 'Shamsheer') and names given in part."""
    from rapidfuzz import fuzz, process
    from sqlalchemy import select

    from ..store import schema
    st = schema.statements.c
    with store.engine.connect() as c:
        names = [r[0] for r in c.execute(select(st.value).where(st.entity_type == entity_type,
                                                                st.prop.in_(("name", "alias"))).distinct())]
    import json
    names = sorted({json.loads(v) for v in names if v})
    found = process.extract(name, names, scorer=fuzz.WRatio, limit=limit, score_cutoff=75)
    return [n for n, score, _ in found]


def profile(store: Store, name: str, ids: list[str] | None = None) -> dict | None:
    """All statements about one resolved person known by ``name`` (or an id: minted, retired
    by a merge, or document-scoped), grouped for a brief; ``id`` is the minted id in use.

    None when no one is known by it; :class:`Ambiguous` when several people share the name."""
    others: list[str] = []
    cid = None
    if ids is None:
        found = candidates(store, name)
        if not found:
            return None
        if len(found) > 1:
            raise Ambiguous(name, choices(store, found))
        cid, ids = next(iter(found.items()))
    stmts = store.statements(entity_ids=ids)
    docs = {d["id"]: d for d in store.documents({s["doc_id"] for s in stmts})}
    from .actors import report_refs
    event_ids = sorted({s["value"] for s in stmts if s["prop"] == "event"})
    event_stmts = store.statements(entity_ids=event_ids) if event_ids else []
    docs.update({d["id"]: d for d in store.documents({s["doc_id"] for s in event_stmts})})
    src = Sources(docs)

    def collect(prop):
        """One item per distinct value: its sources, its best confidence, and ``hedged`` when
        every statement of it is hedged (no source states it plainly)."""
        out: OrderedDict = OrderedDict()
        for s in stmts:
            if s["prop"] == prop:
                value = fact_value(s["value"])
                k = repr(value) if not isinstance(value, str) else value.lower()
                item = out.setdefault(k, {"value": value, "sources": [], "hedged": True, "confidence": 0.0})
                if prop == "affiliation" and "group_id" not in item:   # the group by its canonical id
                    item.update(_canonical_group(store, relations.group_ref(s["value"], s["doc_id"]), value))
                item["hedged"] = item["hedged"] and (s.get("qualifier") == "hedged" or bool(
                    isinstance(s["value"], dict) and s["value"].get("hedged")))
                item["confidence"] = max(item["confidence"], s.get("confidence") or 0.0)
                n = src.ref(s)
                if n not in item["sources"]:
                    item["sources"].append(n)
        return list(out.values())

    names = collect("name") + collect("alias")
    seen, uniq = set(), []
    for n in names:
        if n["value"].lower() not in seen:
            seen.add(n["value"].lower())
            uniq.append(n)
    events: OrderedDict = OrderedDict()
    for s in event_stmts:
        e = events.setdefault(s["entity_id"], {"id": s["entity_id"], "sources": [], "doc_id": s["doc_id"]})
        e[s["prop"]] = s["value"]
        n = src.ref(s)
        if n not in e["sources"]:
            e["sources"].append(n)
    own = {m for m in [cid, *ids] if m}
    attributed = [e for e in events.values()      # the events whose perpetrators point at him by id
                  if e.get("type") != "arrest" and e.get("perpetrators")
                  and report_refs(e) & own]
    for e in events.values():
        e.pop("perpetrator_ids", None)
        e.pop("doc_id", None)
    fates = collect("status")
    fates.sort(key=lambda f: (f["value"].get("date") or ""), reverse=True)
    affiliations = collect("affiliation")
    out = {
        "query": name,
        "id": cid or (ids[0] if ids else name),
        "entities": ids,
        "others": others,
        "name": max((n["value"] for n in collect("name")), key=len, default=name),
        "names": uniq,
        "roles": collect("role"),
        "affiliations": affiliations,
        "origin": collect("origin"),
        "bounties": collect("bounty"),
        "wanted_in": collect("wanted_in"),
        "status": fates,
        "death_denied": collect("death_denied"),
        "disputed": disputes(fates),
        "review": over_merge_signs(uniq, affiliations, fates),
        "events": sorted(_one_per_event(store, attributed), key=lambda e: e.get("date") or ""),
        "sources": src.listing(partial_documents(store, {doc_id for doc_id, _ in src.order})),
    }
    out["status_history"] = _status_history(store, stmts, out)
    return out


def _canonical_group(store: Store, ref: str | None, value: dict) -> dict:
    """``group_id`` (the canonical id of the group an affiliation points at) and ``group_name``
    (the registry's name, else the name as stated)."""
    from ..model import registry
    from ..model.names import key
    from ..resolve.resolver import canonical_of
    if not ref:
        return {"group_id": None, "group_name": value.get("group")}
    rec = registry.groups_by_key().get(key(value.get("group") or ""))
    return {"group_id": canonical_of(store, ref), "group_name": rec.name if rec is not None else value.get("group")}


def _status_history(store: Store, stmts: list[dict], p: dict) -> list[dict]:
    """The profile's status as a history (``query.status``): deaths whose evidence confirms them
    read 'death confirmed' (only the evidence sentences of reported deaths are read)."""
    from . import status
    from .evidence import snippets
    deaths = [s for s in stmts if s["prop"] == "status" and isinstance(s["value"], dict)
              and s["value"].get("state") == "killed"]
    return status.history(p, status.confirmed_deaths(deaths, snippets(store, deaths)))


def _one_per_event(store: Store, attributed: list[dict]) -> list[dict]:
    """The same event told by several articles is one line, its sources joined."""
    if len(attributed) < 2:
        return attributed
    from ..resolve.event_clusters import cluster_of
    member_of = cluster_of(store, [e["id"] for e in attributed])   # stored clusters, not re-clustered
    out: dict = {}
    for e in attributed:
        key = member_of.get(e["id"], e["id"])
        if key in out:
            kept = out[key]
            kept["sources"] = sorted(set(kept["sources"]) | set(e["sources"]))
            for k in ("date", "killed", "injured"):
                if kept.get(k) is None and e.get(k) is not None:
                    kept[k] = e[k]
        else:
            out[key] = dict(e)
    return list(out.values())


def _compatible_dates(a: str | None, b: str | None) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def disputes(fates: list[dict]) -> list[str]:
    """Why a person's reported fates contradict each other (empty when they agree): deaths
    reported on different dates or in different places, or a fate other than death reported
    after a death (alive again, arrested after being killed)."""
    out = []
    deaths = [f["value"] for f in fates if f["value"].get("state") == "killed"]
    dates = [d.get("date") for d in deaths if d.get("date")]
    if any(not _compatible_dates(a, b) for i, a in enumerate(dates) for b in dates[i + 1:]):
        out.append(f"death reported on {len(set(dates))} different dates")
    places = {d["place"].lower() for d in deaths if d.get("place")}
    if len(places) > 1:
        out.append(f"death reported in {len(places)} different places")
    first_death = min(dates, default=None)
    later = [f["value"] for f in fates if f["value"].get("state") != "killed" and first_death
             and (f["value"].get("date") or "") > first_death]
    if later:
        out.append(f"{later[0]['state']} reported after a reported death")
    return out


def over_merge_signs(names: list, affiliations: list, fates: list) -> list[str]:
    """Signs that one profile holds several men (queued for an analyst's review)."""
    out = []
    places = {f["value"]["place"].lower() for f in fates if f["value"].get("state") == "killed" and f["value"].get("place")}
    if len(places) > 1:
        out.append(f"deaths in {len(places)} places")
    if len(names) > 8:
        out.append(f"{len(names)} names and aliases")
    groups = {a["value"]["group"] for a in affiliations}
    if len(groups) > 4:
        out.append(f"{len(groups)} groups")
    return out


def _doubt(item: dict | None) -> str:
    return "reportedly " if item and item.get("hedged") else ""


def latest_fate_line(f: dict, item: dict | None = None) -> str:
    """'Latest fate: killed on 2024-05-08 at Jandola, Tank by CTD' ('reportedly killed' when hedged)."""
    bits = [_doubt(item) + f["state"]] + [f"{w} {f[k]}" for w, k in (("on", "date"), ("at", "place"), ("by", "by")) if f.get(k)]
    return "Latest fate: " + " ".join(bits)


def fate_line(f: dict, item: dict | None = None) -> str:
    """'killed 2024-05-08 Jandola, Tank by CTD' ('reportedly killed ...' when hedged)."""
    return " ".join(x for x in (_doubt(item) + f["state"], f.get("date") or "", f.get("place") or "",
                                f"by {f['by']}" if f.get("by") else "") if x)


def event_line(e: dict) -> str:
    """'2024-02-10 | bombing | Tank-Gomal road, Tank | 4 killed, 3 injured'."""
    place = e.get("place") or {}
    where = ", ".join(x for x in (place.get("name"), place.get("district"), place.get("province")) if x)
    toll = [f"{e[k]} {k}" for k in ("killed", "injured") if e.get(k) is not None]
    parts = [e.get("date") or "date unknown", (e.get("type") or "event").replace("_", " ")]
    if where:
        parts.append(where)
    if toll:
        parts.append(", ".join(toll))
    return " | ".join(parts)


def _refs(ns) -> str:
    return "[" + ", ".join(str(n) for n in ns) + "]"


def render_brief(p: dict) -> str:
    """The profile as a monitor's brief: plain text, one fact per line, sources numbered."""
    lines = []
    others = [n["value"] for n in p["names"] if n["value"] != p["name"]]
    head = p["name"] + (f" (also: {', '.join(others)})" if others else "")
    lines.append(head)
    lines.append("=" * min(len(head), 78))
    lines.append(f"id {p.get('id') or p['entities'][0]}"
                 + (f" ({len(p['entities'])} resolved mentions)" if len(p["entities"]) > 1 else ""))
    if p.get("others"):
        lines.append("Others known by this name: " + ", ".join(p["others"]) + " (mmon profile ID)")
    summary = []
    if p["roles"]:
        summary.append(", ".join(r["value"] for r in p["roles"][:3]))
    if p["affiliations"]:
        summary.append("of " + " and ".join(dict.fromkeys(a["value"]["group"] for a in p["affiliations"][:3])))
    if summary:
        lines.append(f"{p['name']}: " + " ".join(summary) + ".")
    if p["status"]:
        lines.append(latest_fate_line(p["status"][0]["value"], p["status"][0]) + " " + _refs(p["status"][0]["sources"]))
    if p.get("disputed"):
        lines.append("DISPUTED: " + "; ".join(p["disputed"]) + " (each claim under 'Status history')")
    if p.get("review"):
        lines.append("Review: this profile may join several people (" + "; ".join(p["review"]) + ")")
    lines.append("")

    def section(title, items, fmt):
        if not items:
            return
        lines.append(title)
        for it in items:
            lines.append(f"  - {_doubt(it)}{fmt(it['value'])} {_refs(it['sources'])}")
        lines.append("")

    section("Names and aliases", p["names"], str)
    section("Groups", p["affiliations"], lambda a: f"{GROUP_RELATION_WORDS.get(a['relation'], a['relation'])} {a['group']}")
    section("Roles", p["roles"], str)
    section("Origin", p["origin"], str)
    section("Bounties", p["bounties"], _fmt_money)
    section("Wanted by / in", p["wanted_in"], str)
    if p.get("status_history"):        # every claim of a fate, wanted and bounty, oldest first
        from .status import line as status_line
        lines.append("Status history (oldest first)")
        for e in p["status_history"]:
            lines.append(f"  - {status_line(e)} {_refs(e['sources'])}")
        lines.append("")
    if p["events"]:
        lines.append("Attacks and events attributed")
        for e in p["events"]:
            lines.append(f"  - {event_line(e)} {_refs(e['sources'])}")
        lines.append("")
    lines.append("Sources")
    for s in p["sources"]:
        label = ", ".join(x for x in (s.get("publisher"), s.get("published")) if x)
        title = f"\"{s['title']}\"" if s.get("title") else s["doc_id"]
        cite = f" - citing {s['citing']}" if s.get("citing") else ""
        part = " - facts from part of it only (extraction stopped early)" if s.get("partial") else ""
        lines.append(f"  [{s['n']}] {title}" + (f" ({label})" if label else "") + cite + part)
    return "\n".join(lines)
