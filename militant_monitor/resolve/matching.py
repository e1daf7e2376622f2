"""Comparing two entities seen in different documents. Versioned side by side: a new
logic gets a new name, and ``bench/`` measures each on labelled pairs."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..model import names, registry
from ..model.names import TITLES  # noqa: F401  (the one list of titles, re-exported)


@dataclass
class Profile:
    """What one entity (as one document names it) offers for comparison."""
    entity_id: str
    entity_type: str
    doc_id: str
    names: set = field(default_factory=set)       # every name and alias
    aliases: set = field(default_factory=set)     # those of ``names`` the text gave as aliases
    groups: set = field(default_factory=set)      # canonical group keys
    places: set = field(default_factory=set)      # place words (origin, events, wanted)
    years: set = field(default_factory=set)
    fates: set = field(default_factory=set)       # (state, date) the documents report

    def name_keys(self) -> set:
        return {name_tokens(n) for n in self.names} - {()}

    def trusted_keys(self) -> set:
        """Name keys fit to match on: an alias that is another full name sharing a word with
        the man's own name ('Sirajuddin Haqqani' listed under 'Khalil Haqqani') names a
        relative or a namesake, not this man, and is left out."""
        own = {name_tokens(n) for n in self.names - self.aliases} - {()}
        out = set(own)
        for n in self.aliases:
            k = name_tokens(n)
            if k and not any(names.clash(k, o) for o in own):
                out.add(k)
        return out


def name_tokens(name: str) -> tuple:
    """Name words without titles, spellings made one ('Zia Ullah' = 'Ziaullah', Rehman = Rahman):
    ``model.names.name_key``."""
    return names.name_key(name)


def group_key(name: str) -> str:
    rec = registry.groups_by_key().get(names.key(name))
    return names.key(rec.name) if rec is not None else names.key(name)


def group_family(keys: set) -> set:
    """Group keys with their registry parents: IS-K and the Islamic State do not disagree."""
    out = set(keys)
    index = registry.groups_by_key()
    for k in keys:
        rec = index.get(k)
        parent = getattr(rec, "parent", None) if rec is not None else None
        if parent:
            out.add(names.key(parent))
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
    words = [w for w in re.split(r"[\s\-]+", names.fold(name)) if w]
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


def name_evidence(a: set, b: set) -> str | None:
    """What two sets of name keys say, strongest first:

    * ``"full"``: a full name (two words or more, one of them strong) on both sides,
      the same or a variant ('Khalil Haqqani' / 'Khalil al-Rahman Haqqani');
    * ``"whole"``: one strong word that is a whole name or alias on both sides
      ('Zarrar' / 'Commander Zarrar', 'Mullah Fazlullah' / 'Maulana Fazullah');
    * ``"part"``: one strong word alone on one side, only a part of a fuller name on
      the other ('Tariq' / 'Tariq Mahmood Bangulzai'): a first name, most often;
    * ``"weak"``: one tribal name, nisba or common given name ('Tarkani', 'Haqqani');
    * ``None``: nothing, a title, or a word shared by two different full names
      ('Asim Umar' / 'Umar Qasmi')."""
    rank = {None: 0, "weak": 1, "part": 2, "whole": 3}
    found = None
    for ka in a:
        for kb in b:
            if len(ka) > 1 and len(kb) > 1:
                if (ka == kb and names.strong_words(ka)) or names.variant(ka, kb):
                    return "full"
            elif len(ka) == 1 or len(kb) == 1:
                short, other = (ka, kb) if len(ka) == 1 else (kb, ka)
                if short[0] not in other:
                    continue
                kind = "weak" if not names.strong_words(short) else "whole" if ka == kb else "part"
                found = kind if rank[kind] > rank[found] else found
    return found


def _month(date: str) -> str:
    return (date or "")[:7]


def deaths_clash(a_fates: set, b_fates: set) -> bool:
    """Both sides report a death, at dates that cannot be one death (another year, or
    another month where both give one): two men, or one man dead once."""
    da = {d for s, d in a_fates if s == "killed" and d}
    db = {d for s, d in b_fates if s == "killed" and d}
    for x in da:
        for y in db:
            n = min(len(_month(x)), len(_month(y)))
            if x[:4] != y[:4] or (n == 7 and x[:7] != y[:7]):
                return True
    return False


def logic_v3(a: Profile, b: Profile) -> float:
    """Never join two men (precision first). Names are compared through ``model.names``
    (transliteration folded, titles dropped); only aliases that fit the man's own name
    count. A full name needs no support but may be vetoed by context (other groups,
    two deaths, full names that clash); a single word is never enough alone and
    needs the context to agree (``_single_word_fits``), and no report that the man
    died long before the other document. Places are no veto: a man operates in
    several districts, and a village is not its district."""
    if a.entity_type != b.entity_type:
        return 0.0
    if a.entity_type == "group":
        return logic_v2(a, b)
    ka, kb = a.trusted_keys(), b.trusted_keys()
    evidence = name_evidence(ka, kb)
    if evidence is None or full_keys_clash(ka, kb):
        return 0.0
    agree = groups_agree(registry_groups(a.groups), registry_groups(b.groups))
    same_full_name = any(len(k) > 1 and k in kb for k in ka)
    if deaths_clash(a.fates, b.fates) and not (same_full_name and agree is True):
        return 0.0   # two deaths: two men, unless one full name in one group (a disputed death, shown so)
    places = bool(a.places & b.places) if a.places and b.places else None
    gap = min((abs(x - y) for x in a.years for y in b.years), default=None)
    if agree is False:
        return 0.0
    if evidence != "full":
        return 0.8 if _single_word_fits(evidence, agree, gap, _one_word_each(ka, kb)) and not (
            died_before(a, b) or died_before(b, a)) else 0.0
    score = 0.9 if any(k in kb for k in ka if len(k) > 1) else 0.8
    score += 0.1 if agree else 0.0
    score += {True: 0.05, False: -0.1, None: 0.0}[places]
    score -= 0.3 if gap is not None and gap > 5 else 0.0
    score -= 0.1 if fates_clash(a.fates, b.fates) else 0.0
    return max(0.0, min(1.0, score))


def _single_word_fits(evidence: str, agree: bool | None, gap: int | None, one_word_each: bool) -> bool:
    """Context enough for one shared word. With no year to go by: only two men each known
    by that one word alone, in the same group ('Mullah Fazlullah' / 'Maulana Fazullah').
    Otherwise seen within a year, and: a tribal or common word needs the same group; a
    first name beside a fuller one needs the same group, or else the same year."""
    if gap is None:
        return bool(agree) and one_word_each and evidence == "whole"
    if evidence == "weak":
        return agree is True and gap <= 1
    if evidence == "part" and not agree:
        return gap == 0
    return gap <= 1


def died_before(dead: Profile, other: Profile) -> bool:
    """``dead`` reports the man killed; ``other`` reports no death and was written more than
    a year after it: a dead man is not the one the later document describes."""
    deaths = [int(d[:4]) for s, d in dead.fates if s == "killed" and d]
    if not deaths or not other.years or any(s == "killed" for s, _ in other.fates):
        return False
    return min(other.years) > max(deaths) + 1


def registry_groups(keys: set) -> set:
    """The group keys the registry knows: only these can tell two men's groups apart
    ('Islamic State of Khorasan', unknown, may well be the registry's IS-K)."""
    index = registry.groups_by_key()
    return {k for k in keys if k in index}


def _one_word_each(a: set, b: set) -> bool:
    """Both men are known by one word only ('Mullah Fazlullah', 'Maulana Fazullah'): the
    word is each one's whole name, not the first name of a longer one."""
    return all(len(k) == 1 for k in a | b)


def full_keys_clash(a: set, b: set) -> bool:
    """Both sides give full names and none of them can be the other's (``names.variant``)."""
    fa = [k for k in a if len(k) > 1]
    fb = [k for k in b if len(k) > 1]
    if not fa or not fb:
        return False
    return not any(x == y or names.variant(x, y) for x in fa for y in fb)


MATCHERS = {"logic_v1": (logic_v1, 0.75), "logic_v2": (logic_v2, 0.75), "logic_v3": (logic_v3, 0.75)}
DEFAULT = "logic_v3"


def place_words(text: str) -> set:
    stop = {"district", "tehsil", "area", "province", "agency", "of", "the", "in", "near", "and", "police", "village"}
    return {w for w in re.split(r"[^a-z]+", names.fold(text or "").lower()) if len(w) > 2 and w not in stop}
