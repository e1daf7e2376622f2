"""Scoring fact sheets against gold, by the rules of ``shared/eval/score.py``.

The same rules, re-implemented so that ``mmon eval`` and the tests work
without the shared folder: names normalised (accents, case, stop words,
Tehrik/Tehreek, Pakhtunkhawa, Qaida); a name denotes a gold entity when it
equals, is the acronym of, or is a whole-word part of one of its names;
people and events are matched one to one, closest first; facts of unmatched
people and events count as missed or spurious.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

STOP = {"the", "of", "a", "an", "group", "province", "district", "tehsil", "area", "e", "i"}
CONNECTORS = {"of", "the", "e", "i", "ul", "al", "and", "in", "for", "de"}
ATTACK_FAMILY = {"suicide_bombing", "bombing", "armed_assault", "targeted_killing", "kidnapping", "attack"}
KINDS = ("people", "aliases", "affiliations", "bounties", "status", "origin", "groups", "group_links",
         "events", "casualties", "perpetrators", "event_dates", "sources", "published")


def norm(s) -> list[str]:
    s = unicodedata.normalize("NFKD", str(s or "")).encode("ascii", "ignore").decode().lower()
    s = s.replace("tehrik", "tehreek").replace("pakhtunkhawa", "pakhtunkhwa").replace("qaida", "qaeda")
    return [t for t in re.split(r"[^a-z0-9]+", s) if t and t not in STOP]


def _initials(name) -> set[str]:
    words = [w for w in re.split(r"[\s\-]+", unicodedata.normalize("NFKD", str(name or ""))) if w]
    return {"".join(w[0] for w in words).upper(),
            "".join(w[0] for w in words if w.lower() not in CONNECTORS).upper()}


def _acronym_of(short, long_) -> bool:
    s = str(short or "").strip()
    return (2 <= len(s) <= 6 and " " not in s and s[:1].isupper() and len(norm(long_)) >= 2
            and s.upper() in _initials(long_))


def same_name(a, b) -> bool:
    ta, tb = norm(a), norm(b)
    if not ta or not tb:
        return False
    if ta == tb or _acronym_of(a, b) or _acronym_of(b, a):
        return True
    short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    n = len(short)
    inside = any(long_[i:i + n] == short for i in range(len(long_) - n + 1))
    return inside and max(map(len, short)) >= 4


def closeness(a, b) -> float:
    ta, tb = set(norm(a)), set(norm(b))
    return len(ta & tb) / len(ta | tb) if ta | tb else 0.0


class GoldNames:
    def __init__(self, gold: dict):
        self.entities = [("person:" + p["name"], [p["name"], *p.get("aliases", [])]) for p in gold.get("people", [])]
        self.entities += [("group:" + g["name"], [g["name"], *g.get("aliases", [])]) for g in gold.get("groups", [])]

    def __call__(self, name, prefer=None, exact_only=False):
        def rank(k, score):
            return score + (0.5 if prefer and k.startswith(prefer + ":") else 0.0)
        exact = [k for k, names in self.entities if any(norm(name) == norm(n) for n in names)]
        if exact:
            return max(exact, key=lambda k: rank(k, 1.0))
        if exact_only:
            return None
        near = [(rank(k, max(closeness(name, n) for n in names if same_name(name, n))), k)
                for k, names in self.entities if any(same_name(name, n) for n in names)]
        if near:
            return max(near)[1]
        return "other:" + " ".join(norm(name))


def system_names(system: dict, res: GoldNames):
    table: dict = {}
    for kind, items in (("person", system.get("people") or []), ("group", system.get("groups") or [])):
        for e in items:
            names = [n for n in [e.get("name"), *(e.get("aliases") or [])] if n]
            for n in names:
                table.setdefault((kind, " ".join(norm(n))), names)

    def resolve(name, prefer=None):
        kinds = [prefer] if prefer else ["person", "group"]
        k = " ".join(norm(name))
        names = next((table[(kk, k)] for kk in kinds if (kk, k) in table), [name])
        exact = [x for x in (res(n, prefer, exact_only=True) for n in [name, *names]) if x]
        if exact:
            return exact[0]
        keys = [res(n, prefer) for n in [name, *names]]
        known = [x for x in keys if not x.startswith("other:")]
        return known[0] if known else keys[0]
    return resolve


def _date_ok(g, s):
    return not g or not s or s == g or s.startswith(g) or g.startswith(s)


def _place_words(p):
    if isinstance(p, dict):
        p = " ".join(str(p.get(k) or "") for k in ("name", "district", "province"))
    return set(norm(p))


def _place_ok(g, s):
    gw = _place_words(g)
    if gw:
        return bool(gw & _place_words(s))
    gc = g.get("country") if isinstance(g, dict) else None
    sc = s.get("country") if isinstance(s, dict) else None
    return not (gc and sc) or gc == sc


def _family(t):
    return "attack" if t in ATTACK_FAMILY else t


def _match(gold_items, sys_items, same, closer=lambda g, s: 0):
    cands = sorted(((closer(g, s), -i, -j) for i, g in enumerate(gold_items)
                    for j, s in enumerate(sys_items) if same(g, s)), reverse=True)
    pairs, ug, us = [], set(), set()
    for _, i, j in cands:
        if -i not in ug and -j not in us:
            ug.add(-i)
            us.add(-j)
            pairs.append((gold_items[-i], sys_items[-j]))
    return pairs, [g for i, g in enumerate(gold_items) if i not in ug], [s for j, s in enumerate(sys_items) if j not in us]


@dataclass
class Tally:
    kinds: dict = field(default_factory=dict)
    rules: dict = field(default_factory=dict)    # (kind, rule id) -> [true, spurious]

    def credit(self, kind, rule, hit: bool):
        r = self.rules.setdefault((kind, rule or "-"), [0, 0])
        r[0 if hit else 1] += 1

    def rule_rows(self):
        """(kind, rule, system facts, precision, recall against all gold facts of the kind), worst first."""
        out = []
        for (kind, rule), (tp, fp) in self.rules.items():
            k = self.kinds.get(kind, [0, 0, 0])
            gold = k[0] + k[1]
            out.append((kind, rule, tp + fp, tp / (tp + fp) if tp + fp else 0.0, tp / gold if gold else 0.0))
        return sorted(out, key=lambda r: (r[0], r[3], -r[2]))

    def rule_report(self) -> str:
        lines = [f"{'kind':<14}{'rule':<44}{'sys':>5}{'P':>7}{'R':>7}"]
        for kind, rule, n, p, r in self.rule_rows():
            lines.append(f"{kind:<14}{rule:<44}{n:>5}{p:>7.2f}{r:>7.2f}")
        return "\n".join(lines)

    def add(self, kind, tp, fn, fp):
        k = self.kinds.setdefault(kind, [0, 0, 0])
        k[0] += tp
        k[1] += fn
        k[2] += fp

    def sets(self, kind, gold, system):
        gold, system = set(gold), set(system)
        self.add(kind, len(gold & system), len(gold - system), len(system - gold))

    @staticmethod
    def prf(tp, fn, fp):
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def rows(self):
        out = []
        total = [0, 0, 0]
        for kind, (tp, fn, fp) in sorted(self.kinds.items()):
            out.append((kind, tp + fn, tp + fp, *self.prf(tp, fn, fp)))
            total = [a + b for a, b in zip(total, (tp, fn, fp))]
        out.append(("all", total[0] + total[1], total[0] + total[2], *self.prf(*total)))
        return out

    @property
    def f1(self) -> float:
        return self.rows()[-1][-1]

    def report(self) -> str:
        lines = [f"{'kind':<14}{'gold':>6}{'sys':>6}{'P':>7}{'R':>7}{'F1':>7}"]
        for kind, g, s, p, r, f in self.rows():
            lines.append(f"{kind:<14}{g:>6}{s:>6}{p:>7.2f}{r:>7.2f}{f:>7.2f}")
        lines.append(f"F1 {self.f1:.3f}")
        return "\n".join(lines)


def _person_facts(p, res):
    names = {" ".join(norm(n)) for n in [p.get("name"), *(p.get("aliases") or [])]} - {""}
    st = p.get("status")
    return {
        "aliases": names,
        "affiliations": {res(a.get("group"), "group") for a in p.get("affiliations") or []},
        "bounties": {(round(float(b.get("amount") or 0), -3), b.get("currency")) for b in p.get("bounties") or []},
        "status": {(st.get("state"), st.get("date"))} if st else set(),
    }


def _person_rules(p, res) -> dict:
    """fact kind -> {fact: rule id} for one system person (see pipeline.build_sheet's "rules")."""
    rules = p.get("rules") or {}
    st = p.get("status")
    out = {"status": {(st.get("state"), st.get("date")): rules.get("status")} if st else {},
           "affiliations": {res(a.get("group"), "group"): (rules.get("affiliations") or {}).get(a.get("group"))
                            for a in p.get("affiliations") or []},
           "bounties": {}}
    for i, b in enumerate(p.get("bounties") or []):
        brules = rules.get("bounties") or []
        out["bounties"][(round(float(b.get("amount") or 0), -3), b.get("currency"))] = brules[i] if i < len(brules) else None
    return out


def _event_rules(e, res, key) -> dict:
    rules = e.get("rules") or {}
    return {
        "casualties": {(key, slot, e.get(slot)): rules.get(slot) for slot in ("killed", "injured") if e.get(slot) is not None},
        "perpetrators": {res(x): (rules.get("perpetrators") or {}).get(x) for x in e.get("perpetrators") or []},
        "event_dates": {(key, e.get("date")): rules.get("date")} if e.get("date") else {},
    }


def _credit(tally, kind, rules: dict, gold_facts):
    for fact, rule in rules.items():
        tally.credit(kind, rule, fact in gold_facts)


def _event_facts(e, res, key):
    return {
        "casualties": {(key, slot, e.get(slot)) for slot in ("killed", "injured") if e.get(slot) is not None},
        "perpetrators": {res(x) for x in e.get("perpetrators") or []},
        "event_dates": {(key, e.get("date"))} if e.get("date") else set(),
    }


def score(gold: dict, system: dict, tally: Tally | None = None) -> Tally:
    """Add the comparison of one system fact sheet with its gold to ``tally``."""
    tally = tally if tally is not None else Tally()
    res = GoldNames(gold)
    sres = system_names(system, res)
    gd, sd = gold.get("document", {}), system.get("document", {}) or {}
    tally.sets("published", {gd.get("published")} - {None}, {sd.get("published")} - {None})
    gp, sp = gold.get("people", []), system.get("people", []) or []

    def same_person(g, s):
        return any(res(n, "person") == "person:" + g["name"] for n in [s.get("name"), *(s.get("aliases") or [])])

    def person_close(g, s):
        return max(closeness(a, b) for a in [g["name"], *g.get("aliases", [])]
                   for b in [s.get("name"), *(s.get("aliases") or [])])

    pairs, lost, extra = _match(gp, sp, same_person, person_close)
    tally.add("people", len(pairs), len(lost), len(extra))
    kinds = ("aliases", "affiliations", "bounties", "status")
    for g, s in pairs:
        gf, sf = _person_facts(g, res), _person_facts(s, sres)
        for k in kinds:
            tally.sets(k, gf[k], sf[k])
        for k, rules in _person_rules(s, sres).items():
            _credit(tally, k, rules, gf[k])
        if s.get("origin"):
            tally.credit("origin", (s.get("rules") or {}).get("origin"), bool(g.get("origin")) and _place_ok(g["origin"], s["origin"]))
        go = {g["name"]} if g.get("origin") else set()
        so = {g["name"]} if s.get("origin") else set()
        if go and so and not _place_ok(g["origin"], s["origin"]):
            so = {"wrong"}
        tally.sets("origin", go, so)
    for g in lost:
        gf = _person_facts(g, res)
        for k in kinds:
            tally.add(k, 0, len(gf[k]), 0)
        tally.add("origin", 0, 1 if g.get("origin") else 0, 0)
    for s in extra:
        sf = _person_facts(s, sres)
        for k in kinds:
            tally.add(k, 0, 0, len(sf[k]))
        for k, rules in _person_rules(s, sres).items():
            _credit(tally, k, rules, set())
        tally.add("origin", 0, 0, 1 if s.get("origin") else 0)
        if s.get("origin"):
            tally.credit("origin", (s.get("rules") or {}).get("origin"), False)
    gg, sg = gold.get("groups", []), system.get("groups", []) or []
    tally.sets("groups", {"group:" + g["name"] for g in gg}, {sres(g.get("name"), "group") for g in sg})

    def links(groups, r):
        return {frozenset((r(g.get("name"), "group"), r(link.get("group"), "group")))
                for g in groups for link in g.get("links", []) or []}
    tally.sets("group_links", links(gg, res), links(sg, sres))
    ge, se = gold.get("events", []), system.get("events", []) or []

    def same_event(g, s):
        return (_family(g["type"]) == _family(s.get("type")) and _date_ok(g.get("date"), s.get("date"))
                and _place_ok(g.get("place"), s.get("place") or {}))

    def event_close(g, s):
        a, b = _place_words(g.get("place")), _place_words(s.get("place") or {})
        return (2 * (bool(g.get("date")) and g.get("date") == s.get("date")) + (g["type"] == s.get("type"))
                + len(a & b) / (len(a | b) or 1)
                + sum(g.get(k) is not None and g.get(k) == s.get(k) for k in ("killed", "injured")))

    pairs, lost, extra = _match(ge, se, same_event, event_close)
    tally.add("events", len(pairs), len(lost), len(extra))
    for g, s in pairs:
        gf, sf = _event_facts(g, res, g["id"]), _event_facts(s, sres, g["id"])
        for k in ("casualties", "perpetrators", "event_dates"):
            tally.sets(k, gf[k], sf[k])
        for k, rules in _event_rules(s, sres, g["id"]).items():
            _credit(tally, k, rules, gf[k])
        tally.credit("events", (s.get("rules") or {}).get("type"), True)
    for g in lost:
        for k, facts in _event_facts(g, res, g["id"]).items():
            tally.add(k, 0, len(facts), 0)
    for n, s in enumerate(extra):
        for k, facts in _event_facts(s, sres, f"extra{n}").items():
            tally.add(k, 0, 0, len(facts))
        for k, rules in _event_rules(s, sres, f"extra{n}").items():
            _credit(tally, k, rules, set())
        tally.credit("events", (s.get("rules") or {}).get("type"), False)
    gs, ss = gold.get("sources", []), system.get("sources", []) or []
    pairs, lost, extra = _match(gs, ss, lambda g, s: same_name(g["outlet"], s.get("outlet")) and g.get("date") == s.get("date"))
    tally.add("sources", len(pairs), len(lost), len(extra))
    return tally


def gold_articles(gold_dir: str | Path):
    """(name, article path, gold dict) for every */gold.json with an article beside it."""
    for gold_file in sorted(Path(gold_dir).glob("*/gold.json")):
        for name in ("article.txt", "article.html"):
            article = gold_file.parent / name
            if article.exists():
                yield gold_file.parent.name, article, json.loads(gold_file.read_text(encoding="utf-8"))
                break


def evaluate(gold_dir: str | Path, extractor=None) -> tuple[Tally, dict]:
    """Run the extractor on every gold article; the overall tally and one per article."""
    from .extract.pipeline import Extractor
    from .ingest import Failure, read_paths
    extractor = extractor or Extractor()
    total, per = Tally(), {}
    for name, article, gold in gold_articles(gold_dir):
        docs = [d for d in read_paths([str(article)]) if not isinstance(d, Failure)]
        system = extractor(docs[0])[0] if docs else {}
        per[name] = score(gold, system)
        score(gold, system, total)
    return total, per
