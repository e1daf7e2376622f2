"""Comparing two entities seen in different documents. Versioned side by side: a new
logic gets a new name, and ``bench/`` measures each on labelled pairs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..extract import lexicon

TITLES = {"mufti", "qari", "maulana", "maulvi", "mullah", "mulla", "hafiz", "sheikh", "shaikh", "haji", "commander",
          "mawlawi", "ustad", "sufi", "pir", "syed", "sayed", "mr", "dr"}


@dataclass
class Profile:
    """What one entity (as one document names it) offers for comparison."""
    entity_id: str
    entity_type: str
    doc_id: str
    names: set = field(default_factory=set)
    groups: set = field(default_factory=set)      # canonical group keys
    places: set = field(default_factory=set)      # place words (origin, events, wanted)
    years: set = field(default_factory=set)
    fates: set = field(default_factory=set)       # (state, date) the documents report

    def name_keys(self) -> set:
        return {name_tokens(n) for n in self.names} - {()}


SPELLING = {"rehman": "rahman", "rahaman": "rahman", "mehmood": "mahmood", "mehmud": "mahmood", "mahmud": "mahmood",
            "dawood": "daud", "dawud": "daud", "ahmed": "ahmad", "hussain": "husain", "hussein": "husain"}


def name_tokens(name: str) -> tuple:
    """Name words without titles, spellings made one ('Zia Ullah' = 'Ziaullah', Rehman = Rahman)."""
    out = []
    for w in lexicon.key(name).split():
        if w in TITLES:
            continue
        w = SPELLING.get(w, w)
        if w in ("ullah", "ulla", "uddin", "din") and out:
            out[-1] += "ullah" if w.startswith("ull") else "uddin"
            continue
        out.append(w)
    return tuple(out)


def group_key(name: str) -> str:
    rec = lexicon.groups_by_key().get(lexicon.key(name))
    return lexicon.key(rec.name) if rec is not None else lexicon.key(name)


def group_family(keys: set) -> set:
    """Group keys with their registry parents: IS-K and the Islamic State do not disagree."""
    out = set(keys)
    index = lexicon.groups_by_key()
    for k in keys:
        rec = index.get(k)
        parent = getattr(rec, "parent", None) if rec is not None else None
        if parent:
            out.add(lexicon.key(parent))
    return out


def groups_agree(a: set, b: set) -> bool | None:
    """True when the two sets of groups share one (or a parent), False when both are known and
    disjoint, None when either is unknown."""
    if not a or not b:
        return None
    fa, fb = group_family(a), group_family(b)
    return bool(fa & fb)


def name_score(a: Profile, b: Profile) -> float:
    """How strongly the names alone say 'same': 1.0 equal, 0.85 a spelling variant,
    0.7 a full name and its single surname or alias word, else 0."""
    best = 0.0
    for ka in a.name_keys():
        for kb in b.name_keys():
            if ka == kb:
                if len(ka) == 1:
                    best = max(best, 0.8)   # one word ('Bangulzai', 'Zarrar') may be two men
                    continue
                return 1.0
            sa, sb = set(ka), set(kb)
            if len(ka) > 1 and len(kb) > 1:
                r = fuzz.token_sort_ratio(" ".join(ka), " ".join(kb))
                if r >= 92:
                    best = max(best, 0.85)
                elif (sa <= sb or sb <= sa) and min(len(sa), len(sb)) >= 2:
                    best = max(best, 0.8)
            elif (sa <= sb or sb <= sa) and max(map(len, sa & sb), default=0) >= 4:
                best = max(best, 0.7)
    return best


def full_names_clash(a_names: set, b_names: set) -> bool:
    """Both sides give full names (two words or more) and none of them can be the same man:
    'Qari Shakeel Ahmad Mehsud' and 'Qari Shakeel Safi' share 'Qari Shakeel' yet differ."""
    fa = [k for k in (name_tokens(n) for n in a_names) if len(k) > 1]
    fb = [k for k in (name_tokens(n) for n in b_names) if len(k) > 1]
    if not fa or not fb:
        return False
    for ka in fa:
        for kb in fb:
            sa, sb = set(ka), set(kb)
            if ka == kb or sa <= sb or sb <= sa or fuzz.token_sort_ratio(" ".join(ka), " ".join(kb)) >= 92:
                return False
    return True


def fates_clash(a_fates: set, b_fates: set) -> bool:
    """A man reported killed on a date is not the man arrested, or seen active, after it."""
    for fa, fb in ((a_fates, b_fates), (b_fates, a_fates)):
        deaths = [d for s, d in fa if s == "killed" and d]
        later = [d for s, d in fb if s != "killed" and d]
        if deaths and later and min(later) > max(deaths):
            return True
    return False


def logic_v1(a: Profile, b: Profile) -> float:
    """Score in [0, 1]: the name evidence, raised by shared context, lowered by disagreement
    (different groups, regions far apart, decades apart)."""
    if a.entity_type != b.entity_type:
        return 0.0
    score = name_score(a, b)
    if score == 0.0:
        return 0.0
    if a.entity_type == "group":
        return score
    if full_names_clash(a.names, b.names):
        return 0.0
    if fates_clash(a.fates, b.fates):
        score -= 0.1   # reported dead, then seen alive: reports of deaths are often wrong, so only a doubt
    agree = groups_agree(a.groups, b.groups)
    if agree is not None:
        score += 0.15 if agree else -0.5
    if a.places and b.places:
        score += 0.1 if a.places & b.places else -0.2
    da = {d for st, d in a.fates if st == "killed" and d}
    db = {d for st, d in b.fates if st == "killed" and d}
    if da and db and any(x.startswith(y) or y.startswith(x) for x in da for y in db):
        score += 0.1   # both report the same death
    if a.years and b.years:
        gap = min(abs(x - y) for x in a.years for y in b.years)
        if gap > 3:
            score -= 0.25
        elif gap <= 1:
            score += 0.05   # seen at the same time: a tie between two namesakes goes to this one
    return max(0.0, min(1.0, score))


def _initials(name: str) -> set:
    words = [w for w in re.split(r"[\s\-]+", lexicon.fold(name)) if w]
    skip = {"of", "the", "e", "i", "ul", "al", "and", "in"}
    return {"".join(w[0] for w in words).upper(), "".join(w[0] for w in words if w.lower() not in skip).upper()}


def logic_v2(a: Profile, b: Profile) -> float:
    """logic_v1, and groups known to the registry by any of their names or acronyms
    ('TTP' = 'Pakistani Taliban' = 'Tehrik-i-Taliban Pakistan')."""
    if a.entity_type == "group" and b.entity_type == "group":
        ka = {group_key(n) for n in a.names}
        kb = {group_key(n) for n in b.names}
        if ka & kb:
            return 1.0
        for x in a.names:
            for y in b.names:
                sx, sy = x.replace("-", "").strip(), y.replace("-", "").strip()
                if (sx.isupper() and 2 <= len(sx) <= 6 and sx in _initials(y)) or \
                        (sy.isupper() and 2 <= len(sy) <= 6 and sy in _initials(x)):
                    return 0.9
    return logic_v1(a, b)


MATCHERS = {"logic_v1": (logic_v1, 0.75), "logic_v2": (logic_v2, 0.75)}
DEFAULT = "logic_v2"


def place_words(text: str) -> set:
    stop = {"district", "tehsil", "area", "province", "agency", "of", "the", "in", "near", "and", "police", "village"}
    return {w for w in re.split(r"[^a-z]+", lexicon.fold(text or "").lower()) if len(w) > 2 and w not in stop}
