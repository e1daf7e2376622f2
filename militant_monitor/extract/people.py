"""People: militant leaders and the actors of events, with aliases, roles and affiliations.

A person is born from a *cue*: an alias construction ("X alias Y", "X, also
known as Y"), a role next to a group ("TTP chief X", "X, spokesman for the
TTP"), "headed by X", "identified ... as X", or a statistical PERSON entity
that the rules then tie to militancy. Officials named only as sources of
statements are tracked (pronouns may point to them) but never reported.

The cue patterns (person.*) live in data/patterns/people.yaml, each with its examples; the name
grammar (NAME, ROLE, ALIAS_CUE and the patterns built from them) is composed here.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Set as AbstractSet
from difflib import SequenceMatcher
from functools import lru_cache
from typing import cast

from . import lexicon, patterns
from .parse import governing_verb, head_token
from .state import Evidence, PersonRec, Work

PEOPLE = patterns.load("people")   # data/patterns/people.yaml
PEOPLE_RECALL = patterns.load("people_recall")   # data/patterns/people_recall.yaml
KEEP_TITLES = {"mufti", "qari", "maulana", "maulvi", "mullah", "mulla", "hafiz", "sheikh", "shaikh", "haji",
               "sufi", "pir", "syed", "sayed", "sheikh", "mawlawi", "molvi", "abu", "ustad"}
DROP_TITLES = {"commander", "commanders", "cmdr", "emir", "amir", "militant", "terrorist", "chief", "leader", "spokesman",
               "spokesperson", "spokespersons", "spokesmen", "fidayee", "fidayeen"}
OFFICIAL_TITLES = (r"(?:SP|SSP|DSP|ASP|DIG|IG|IGP|DGP|ADGP|SHO|DPO|CPO|RPO|DC|AC|CTD\s+SP|Minister|Inspector[- ]General|"
                   r"Superintendent|[Cc]ommissioner|Deputy Commissioner|[Oo]fficer|President|Prime Minister|PM|"
                   r"Governor|General|Gen\.?|Lt\.? Gen\.?|Maj\.? Gen\.?|Brig\.?|Brigadier|Col\.?|Colonel|Major|Maj\.?|"
                   r"Captain|Capt\.?|Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Senator|Ambassador|Secretary|Chief Minister|"
                   r"Home Minister|Interior Minister|Information Minister|spokesperson|Justice|Judge|MNA|MPA|"
                   r"Constable|Head\s+Constable|Sub-Inspector|Inspector|ASI|Havaldar|Havildar|Lance\s+Naik|Naik|Sepoy|"
                   r"Subedar|Naib\s+Subedar|Sergeant|Lieutenant|Lt\.?|Sowar|Khasadar)")
OFFICIAL_ORGS = r"(?:police|army|military|ISPR|government|ministry|CTD|FC|district|provincial|federal|official|security|department|administration|embassy|state|interior|foreign office|home department)"
OFFICIAL_ORG_END = re.compile(rf"\b{OFFICIAL_ORGS}\s*$", re.I)
RANK_APPOS = PEOPLE["person.official.rank_appositive"].rx
OFFICIAL_AFTER = re.compile(rf"(?<!\s)\s*+,\s*(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}?(?:head|chief|officer|official|spokes(?:man|person)|"
                            rf"director|governor|minister|in-charge)\s+(?:of|for|at|in)\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}?{OFFICIAL_ORGS}\b",
                            re.IGNORECASE)   # 'X, the head of the police district, said'
OFFICIAL_END = re.compile(rf"(?:{OFFICIAL_TITLES}|{OFFICIAL_ORGS})\s*(?:\(\w+\)\s*)?(?:of\s+police\s+)?$")
STOP_FIRST = {"the", "a", "an", "he", "she", "his", "her", "it", "its", "they", "their", "this", "that", "these",
              "those", "both", "according", "police", "militants", "security", "government", "but", "and", "or",
              "in", "on", "at", "after", "before", "since", "while", "when", "as", "also", "however", "meanwhile",
              "last", "later", "earlier", "notes", "who", "why", "what", "not", "apart", "because", "further",
              "additionally", "although", "despite", "there", "today", "yesterday", "conclusion", "division",
              "post", "history", "published", "updated", "briefing", "assistant", "our", "correspondent",
              "dead", "slain", "militant", "commander", "chief", "leader", "spokesman", "sources", "officials",
              "terrorism", "islamic", "afghan", "pakistani", "pakistan", "afghanistan", "taliban", "mr", "ms", "dr",
              "was", "is", "are", "were", "has", "have", "had", "did", "does", "will", "whom", "whose", "how",
              "where", "said", "says", "told", "then", "now", "with", "from", "by", "for", "to", "of", "under",
              "district", "tehsil", "province", "agency", "government", "killi", "village", "mohalla",
              "whether", "if", "though", "unless", "until", "whom", "whose", "where", "then", "yet", "once", "so",
              "neither", "either", "nor", "even", "only", "did", "does", "do", "can", "could", "would", "will"}
GROUP_WORDS = {"army", "front", "movement", "group", "brigade", "network", "state", "state-khorasan", "khorasan",
               "taliban", "party", "organisation", "organization", "jhangvi", "mohammed", "ahrar", "islam", "corps",
               "force", "forces", "police", "department", "faction", "province", "command"}
MONTHS_DAYS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}

TOK = r"(?>[A-Z][a-z\u2019']+(?:-[A-Z]?[a-z]+)*|[A-Z]\.)"   # atomic: a hyphen is either inside a token or between two, never both ways (no backtracking blow-up)
CONN = r"(?:ul|ur|ud|al|bin|ibn|e|u|ud-Din)"
# a name starts at a word's start, or after a lower-case connector ('al-Zawahiri'); never inside a
# hyphenated chain of capitalised words, where every start would rescan the chain (quadratic)
NAME_START = (r"(?:(?<![\w-])|(?<=\b[ei]-)|(?<=\b(?:al|ul|ud|ur|us|el|ad|as|an|at|az)-)"
              r"|(?<=\b(?:bin|ibn|ash)-))")
NAME = rf"{NAME_START}{TOK}(?:[ \-](?:{CONN}[ \-])?{TOK}){{0,4}}"
ALIAS_CUE = (r"(?:alias|aka|born\s+as|a\.k\.a\.?|also known as|better known as|known as|nicknamed|also called|nom de guerre|"
             r"who(?: \w+ said)? (?:uses|used|goes by|went by) the (?:nom de guerre|alias|name|kunya)|(?:known|called) (?:to (?:\w+ ){1,4})?as|"
             r"whom (?:his|her|their) \w+ (?:call|calls|called)|"
             r"who is (?:known|referred to|called)(?: \w+){0,4} (?:as|by the (?:nom de guerre|name|alias))|"
             r"(?:better )?known (?:\w+ ){0,3}?by (?:his|her|the) (?:nom de guerre|alias|name|kunya))")
Q = "[\"\u201c\u2018']?"
QE = "[\"\u201d\u2019']?"
ROLE = (r"(?:deputy chief|deputy leader|naib amir|shura member|chief|commander|leader|spokesman|spokesperson|emir|amir|"
        r"head|founder|co-founder|ringleader|mastermind|operative|ideologue|financier|bomb-maker|trainer|recruiter|"
        r"militant|terrorist|cleric|deputy|facilitator|financier|veteran|fighter)")
ADJ = r"(?:key |top |senior |former |self-styled |local |slain |notorious |wanted |most-wanted |most wanted |provincial |central |chief |militant |then |new |dreaded )*"

P_ALIAS = re.compile(rf"(?P<name>{NAME})\s*(?:\(\s*|,\s*)?{ALIAS_CUE}\s+{Q}(?P<alias>{NAME}){QE}\s*\)?")
P_TITLE = re.compile(rf"\b(?P<name>(?:Mufti|Qari|Maulana|Maulvi|Mullah|Mulla|Hafiz|Sheikh|Shaikh|Haji|Mawlawi|Abu)\s+{NAME})")
TITLE_ROLE = patterns.load("people")["person.title_role"].rx.pattern   # as a title: 'Commander X'
P_ROLE_BEFORE = re.compile(rf"\b(?P<role>{ROLE}|{TITLE_ROLE})(?P<plural>s)?(?:(?P<comp>\s+(?:for|of|in|from)\s+(?:the\s+)?[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,3}}?)\s*,\s*|\s*,?\s+)(?:Dr\.?\s+)?(?P<name>{NAME})")
P_ROLE_AFTER = re.compile(rf"(?P<name>{NAME})\s*(?:,|\()\s*(?:who is |who was )?(?:one of the |among the )?(?:a |an |the )?[\"\u201c]?(?:founding |original )?{ADJ}(?P<role>{ROLE})s?[\"\u201d]?\s+(?:of|for|in|with)\s+(?:the\s+)?")
P_APPOS_GROUP_ROLE = re.compile(rf"(?P<name>{NAME})(?:\s*,|\s+(?:was|is|became|had\s+been|has\s+been|remained))\s*(?:(?:a|an|the)\s+{ADJ})?")
P_ORDINAL = re.compile(rf"\b[Tt]he\s+(?:first|second|third|fourth|fifth|other|latter)\s+(?:senior\s+)?(?:commander|militant|man|leader|suspect|detainee|figure)\s*,\s+(?P<name>{NAME})")
P_DEPUTY = re.compile(rf"\b(?:[Hh]is|[Hh]er)\s+(?:[\w-]+\s+)?(?P<role>deputy|aide|successor|predecessor|lieutenant|second-in-command|right-hand man|brother|son)(?:\s+and\s+[\w-]+)?\s*,\s+(?P<name>{NAME})")
P_BECAME_ITS = re.compile(rf"(?P<name>{NAME})\s+(?:became|was\s+(?:named|appointed|elected|made)(?:\s+as)?|took\s+over\s+as|succeeded\s+\w+\s+as)\s+(?P<its>its|the\s+group['\u2019]s|the\s+outfit['\u2019]s)\s+(?:new\s+|first\s+|acting\s+)?(?P<role>emir|amir|chief|leader|head|spokesman|spokesperson|deputy\s+chief|deputy\s+leader|commander)\b")
P_BECAME_GROUP = re.compile(rf"(?P<name>{NAME})" + patterns.load("people")["person.affiliation.became_group_role"].rx.pattern)
P_ASSOCIATES = re.compile(rf"\b(?:[Hh]is|[Hh]er|[Tt]heir)\s+(?:two\s+|three\s+|four\s+)?(?:associates|accomplices|companions|aides|lieutenants|co-accused|fellow\s+militants)\s*,?\s+(?P<name>{NAME})")
P_SINGLE = PEOPLE["person.named.single_resident"].rx
P_NAMED = re.compile(patterns.load("people")["person.named"].rx.pattern + rf"(?P<name>{NAME})")
P_HEADED = re.compile(rf"\b(?:[Hh]eaded|[Ll]ed|[Ff]ounded|[Cc]ommanded|[Rr]un|[Dd]irected)\s+by\s+(?:Dr\.?\s+)?(?P<name>{NAME})")
P_BOMBER = re.compile(rf"\b(?:identified|named)\s+the\s+(?:suicide\s+)?(?:bomber|attacker)\s+as\s+(?P<name>{NAME})")
P_IDENT = re.compile(rf"\b(?:identified|identifies|identify|named|names)\s+(?:(?:the|a|an|him|them|one|slain|dead|deceased|militant|[\w-]+)\s+){{0,6}}?as\s+(?:(?:[A-Z][\w-]*\s+)?{ROLE}\s+)?(?P<name>{NAME})")   # '... as LeT commander X'
FAR_CUE = (r"(?:known\s+(?:to\s+(?:\w+\s+){1,4})?as|whom\s+(?:his|her|their)\s+[\w-]+\s+(?:call|calls|called|knew\s+as)|"
           r"(?:call\s+sign|nom\s+de\s+guerre|code\s*name|kunya|nickname|radio\s+name)\s+(?:[\w'\u2019-]+\s+){0,6}?(?:was|is|became))")
P_ALIAS_FAR = re.compile(rf"(?P<name>{NAME}),\s+(?:a|an|the)\s+[^.;\"\u201c]{{0,120}}?\b{FAR_CUE}\s+{Q}(?P<alias>{NAME}){QE}")
P_ALIAS_MORE = re.compile(rf"^[^.;\"\u201c]{{0,80}}?\b(?:and|,)\s+(?:whose|who|whom)\s+[^.;\"\u201c]{{0,60}}?\b{FAR_CUE}\s+{Q}(?P<alias>{NAME}){QE}(?:,\s+the\s+(?P<gloss>{NAME}))?")
P_ALIAS_CHAINED = re.compile(PEOPLE["person.alias.chained"].rx.pattern + rf"{Q}(?P<alias>{NAME}){QE}")
P_ALIAS_ADVERB = re.compile(rf"(?P<name>{NAME})" + PEOPLE["person.alias.adverb_goes_by"].rx.pattern + rf"{Q}(?P<alias>{NAME}){QE}")
P_ALIAS_FRONT = re.compile(rf"^\s*(?:Known|Better known)\s+(?:by|to)\s+(?:\w+\s+){{1,4}}as\s+{Q}(?P<alias>{NAME}){QE},\s+(?P<name>{NAME})")
P_DESCR_PLURAL = re.compile(rf"\b[Tt]he\s+(?:two\s+|three\s+)?(?:suspects|militants|men|accused|detainees|commanders)\s*,\s*(?P<n1>{NAME})(?:\s+alias\s+(?P<a1>{NAME}))?\s+and\s+(?P<n2>{NAME})(?:\s+alias\s+(?P<a2>{NAME}))?\s*,")
P_DESCR = re.compile(rf"\bthe\s+(?:slain\s+|dead\s+|deceased\s+|arrested\s+|wanted\s+)?(?P<role>outlaw|militant|suspect|terrorist|commander|accused|militant commander|ringleader)\s*,\s*(?P<name>{NAME})\s*,")
P_OFFICIAL = re.compile(rf"(?:{OFFICIAL_ORGS}\s+(?:spokesman|spokesperson|chief|head|official|officer)|{OFFICIAL_TITLES})\s+(?P<name>{NAME})")
MILITANT_CONTEXT = PEOPLE["person.militant_context"].rx
PRONOUN = re.compile(r"\b(?:he|his|him|himself)\b", re.I)
DESCRIPTION = PEOPLE["person.description"].rx

RELATIONS = [(r, PEOPLE[pid].rx.pattern) for r, pid in (   # data/patterns/people.yaml; the relation each cue tells
    ("commander", "person.relation.commander_of"), ("leader", "person.relation.chief_of"), ("founder", "person.relation.founded"),
    ("leader", "person.relation.headed"), ("leader", "person.relation.runs"), ("member", "person.relation.member"),
    ("member", "person.relation.described_as"), ("associate", "person.relation.ties"), ("member", "person.relation.joining"),
    ("member", "person.relation.deputy_to"))]
RELATION_RX = re.compile("|".join(f"(?P<{r}{i}>{p})" for i, (r, p) in enumerate(RELATIONS)), re.I)
ROLE_RELATION = {"chief": "leader", "leader": "leader", "head": "leader", "emir": "leader", "amir": "leader",
                 "founder": "founder", "co-founder": "founder", "commander": "commander",
                 "deputy chief": "leader", "deputy leader": "leader", "naib amir": "leader", "deputy": "leader"}


@lru_cache(maxsize=65536)
def tokens(name: str) -> tuple:
    words = [w for w in re.split(r"[\s\-]+", lexicon.fold(name).lower().replace("'", "")) if w]
    return tuple(w for w in words if w not in KEEP_TITLES and w not in DROP_TITLES)


@lru_cache(maxsize=65536)
def _token_set(name: str) -> frozenset:
    return frozenset(tokens(name))


def _clash(t: AbstractSet, tn: AbstractSet) -> bool:
    """Two full names that share a word but neither holds the other: two men of one family or clan
    (not two spellings of one man's name)."""
    return len(t) > 1 and len(tn) > 1 and bool(t & tn) and not (t <= tn or tn <= t) and not _spelling(t, tn)


def _spelling(t: AbstractSet, tn: AbstractSet) -> bool:
    """Two spellings of one name: the same words but one transliterated apart ('Riyaz Naikoo', 'Reyaz Naikoo';
    'Malik Ishaq', 'Maliq Ishaq')."""
    a, b = sorted(t - tn), sorted(tn - t)
    if len(t) < 2 or len(a) != 1 or len(b) != 1 or len(t) != len(tn):
        return False
    x, y = a[0], b[0]
    return x[0] == y[0] and min(len(x), len(y)) >= 4 and SequenceMatcher(None, x, y).ratio() >= 0.75


def clean_name(name: str, strict: bool = True) -> str | None:
    """Drop leading non-name words; refuse places, groups, months and common words."""
    words = name.replace("\u2019s", "").replace("'s", "").split()
    while words and (words[0].lower() in STOP_FIRST or words[0].lower() in DROP_TITLES):
        words.pop(0)
    while words and words[-1].lower() in {"and", "or", "of", "the"}:
        words.pop()
    if not words:
        return None
    name = " ".join(words)
    if any(w.lower().strip(".,") in MONTHS_DAYS for w in words):
        return None
    k = lexicon.key(name)
    if k in lexicon.groups_by_key() or k in lexicon.outlets_by_key() or (strict and k in lexicon.places_by_name()):
        return None
    if words[-1].lower() in GROUP_WORDS and not (
            words[-1].lower() == "islam" and len(words) > 1 and words[-2].lower().endswith(("ul", "ur"))):
        return None   # 'Liberation Army', 'State-Khorasan': the tail of a group's name (but 'Shafiqul Islam' is a man)
    if len(words) > 1 and words[-1].lower() in ("tehsil", "district", "area", "village", "province", "valley", "agency", "town", "city", "bazaar", "road"):
        return None   # 'Alipur tehsil': a place
    if len(name) < 3 or not tokens(name):
        return None
    return name


class People:
    def __init__(self, work: Work):
        self.work = work
        self.people: list[PersonRec] = []
        self._by_word: dict[str, dict[int, PersonRec]] = {}   # a name word -> the people with it in a name
        self._order: dict[int, int] = {}                       # id of each person held -> when he was added
        self._added = itertools.count()

    def indexed(self, p: PersonRec) -> None:
        """Note the words of every name of ``p`` (call after his names change): :meth:`find` looks
        only at the people sharing a word with the name, not at everyone held."""
        for n in p.names:
            for w in _token_set(n):
                self._by_word.setdefault(w, {})[id(p)] = p

    def _sharing(self, t: AbstractSet) -> list[PersonRec]:
        """The people held with a word of ``t`` in one of their names, in the order they were added."""
        found = {k: q for w in t for k, q in self._by_word.get(w, {}).items() if k in self._order}
        return [found[k] for k in sorted(found, key=self._order.__getitem__)]

    # --- clusters -------------------------------------------------------------------------
    def find(self, name: str) -> list[PersonRec]:
        """The people one of whose names contains this name or is contained in it, unless one of
        their fuller names clashes with it ('Aziz Haqqani' is not 'Sirajuddin Haqqani', called 'Haqqani')."""
        t = _token_set(name)
        out: list[PersonRec] = []
        if not t:
            return out
        proper = all(w[:1].isupper() for w in name.split())
        for p in self._sharing(t):
            names = [_token_set(n) for n in p.names]
            if not any(t & tn for tn in names):
                continue   # every way of matching, and of clashing, needs a word in common
            clash = any(_clash(t, tn) for tn in names)
            # a one-word alias inside a full name none of his full names shares a word with is
            # another man's name ('Wahid Durrani, alias Fazal' is not 'Fazal Afridi')
            # (a name with lower-case words, 'de guerre Qari Shakir', is no full name of another man)
            other = len(t) > 1 and proper and any(len(tn) > 1 and not t & tn for tn in names)
            for i, tn in enumerate(names):
                if tn and (t <= tn or (not clash and ((tn <= t and not (other and i and len(tn) == 1))
                                                      or _spelling(t, tn)))):
                    out.append(p)
                    break
        return out

    group_spans: list = []

    def add(self, name: str | None, pos: int, militant: bool = False, official: bool = False,
            create: bool = True, strict: bool = True) -> PersonRec | None:
        sent = self.work.sentence_at(pos)
        if sent is not None and name:
            a, b = pos - sent.start, pos - sent.start + len(name)
            for ga, gb, _ in self.work.group_hits.get(sent.index, []):
                if ga - sent.start < b and gb - sent.start > a:
                    return None   # part of a group's name ('Hafiz Gul Bahadur group')
        name = clean_name(name, strict) if name else None
        if not name:
            return None
        matches = self.find(name)
        if len(matches) > 1:
            exact = [p for p in matches if any(tokens(n) == tokens(name) for n in p.names)]
            matches = exact[:1] if exact else []
            if not matches:
                return None
        if matches:
            p = matches[0]
            self._note(p, name)
            p.spans.setdefault(name, pos)
        elif create:
            p = PersonRec(name=name, first=pos)
            p.spans[name] = pos
            self.people.append(p)
            self._order[id(p)] = next(self._added)
            self.indexed(p)
        else:
            return None
        p.militant = p.militant or militant
        p.official = p.official or (official and not p.militant)
        return p

    def _note(self, p: PersonRec, name: str) -> None:
        if any(n == name for n in p.names):
            return
        if set(tokens(p.name)) < set(tokens(name)) or (set(tokens(p.name)) == set(tokens(name)) and len(name) > len(p.name)):
            if p.name not in p.aliases:
                p.aliases.append(p.name)
            p.name = name
            p.aliases = [a for a in p.aliases if a != name]
        elif name not in p.aliases:
            p.aliases.append(name)
        self.indexed(p)

    def alias(self, p: PersonRec, alias: str) -> None:
        raw = alias.strip()
        form = clean_name(alias)
        if form is None and raw.lower() in KEEP_TITLES | {"afghan", "pakistani"} and raw[:1].isupper() and raw not in p.names:
            p.aliases.append(raw)   # 'alias Ustad', 'alias Afghan': a title or a nationality used as a name
            self.indexed(p)
            return
        if form and re.match(r"(?:Commander|Emir|Amir)\s+", raw) and clean_name(raw.split(None, 1)[1]) == form:
            form = raw   # 'known as "Commander Tufan"': the form the text uses
        if form and form not in p.names and not (set(tokens(form)) & {"the"}):
            # the alias is a name someone we already hold apart goes by: one person (but 'alias Habib'
            # does not make him 'Qari Habib Wazir', a man who merely shares the word)
            others = [q for q in self.find(form) if q is not p and any(tokens(n) == tokens(form) for n in q.names)
                      and not _other_man(q, p, form)]
            for q in others:
                self.merge(p, q)
            if form not in p.names:
                p.aliases.append(form)
                self.indexed(p)

    def merge(self, keep: PersonRec, drop: PersonRec) -> None:
        for n in drop.names:
            if n not in keep.names:
                keep.aliases.append(n)
        keep.militant = keep.militant or drop.militant
        keep.official = keep.official and drop.official
        keep.roles += [r for r in drop.roles if r not in keep.roles]
        keep.affiliations += drop.affiliations
        self.people.remove(drop)
        del self._order[id(drop)]
        self.indexed(keep)


def _other_man(q: PersonRec, p: PersonRec, form: str) -> bool:
    """Whether ``q``, though he too goes by ``form``, is another man than ``p``: a full name of his
    is none of the full names of ``p``, nor holds one, nor is held in one (two men both 'alias Akbar')."""
    full = [tn for tn in map(_token_set, p.names) if len(tn) > 1]
    return bool(full) and any(
        len(tq) > 1 and tq != _token_set(form) and not any(tq <= tn or tn <= tq or _spelling(tq, tn) for tn in full)
        for tq in map(_token_set, q.names))


def read_people(work: Work) -> None:
    """Stage: find people by cues, cluster their names, then track mentions and pronouns."""
    ppl = People(work)
    text = work.text
    for s in work.sentences:
        st = s.text
        gspans = [(a - s.start, b - s.start) for a, b, _ in work.group_hits.get(s.index, [])]
        ppl.group_spans = gspans
        for m in P_OFFICIAL.finditer(st):
            if _group_ending_at(work, s, s.start + m.start()):
                continue   # 'BLA spokesperson X': the group's man, not an official
            if re.match(r"(?:Dr|Mr|Mrs|Ms)\b", m.group(0)) and re.search(
                    rf"\b(?:{ROLE}|{TITLE_ROLE})(?:\s+of\s+the\s+\w+)?\s*,?\s*$", st[:m.start()]):
                continue   # 'the leader of the group, Dr. X': a courtesy title on a militant
            ppl.add(m.group("name"), s.start + m.start("name"), official=True)
        for m in P_ALIAS.finditer(st):
            if _place_after_preposition(st, m):
                continue   # 'X, a jihadist from Islamabad also known as Y': Islamabad is no name of his
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True, strict=False)
            if p:
                ppl.alias(p, m.group("alias"))
                at = m.end("alias")
                while (more := P_ALIAS_CHAINED.match(st, at)) is not None:   # 'A alias B alias C'
                    ppl.alias(p, more.group("alias"))
                    at = more.end()
        for m in P_ALIAS_ADVERB.finditer(st):   # 'Imam, who also goes by the alias Shambay'
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            if p:
                ppl.alias(p, m.group("alias"))
        for m in P_ALIAS_FAR.finditer(st):
            # 'Amjad Ali, a Swat-born commander of the TTP known to his fighters as "Shamsher"'
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            if p:
                ppl.alias(p, m.group("alias"))
                more = P_ALIAS_MORE.match(st[m.end():])   # '... and whose call sign was Tor Baz, the Black Falcon'
                if more:
                    ppl.alias(p, more.group("alias"))
                    if more.group("gloss"):
                        ppl.alias(p, more.group("gloss"))
        for m in P_ALIAS_FRONT.finditer(st):
            # 'Known by his fighters as Qari Zubair, Rehman rejoined ...'
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True, create=False)
            if p:
                ppl.alias(p, m.group("alias"))
        for m in P_DESCR.finditer(st):
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            if p and m.group("role") in ("commander", "militant commander", "ringleader"):
                _role(p, "commander")
        for m in P_DESCR_PLURAL.finditer(st):
            # 'The suspects, Muhammad Asif alias Mama and Shakeel Ahmed alias Bhola, ...'
            names = [m.group("n1"), m.group("n2")]
            for k, n in enumerate(names):
                p = ppl.add(n, s.start + m.start("n1" if k == 0 else "n2"), militant=True)
                if p is None:
                    continue
                al = m.group("a1" if k == 0 else "a2")
                if al:
                    ppl.alias(p, al)
                prev_groups = work.group_hits.get(s.index - 1, [])
                for a, b, rec in prev_groups:
                    before = work.text[max(0, a - 40):a]
                    if PEOPLE["person.affiliation.members_of_before"].search(before):
                        _affiliate(p, rec.name, "member", s, "person.affiliation.described")
                        break
        for m in P_IDENT.finditer(st):
            named = [ppl.add(m.group("name"), s.start + m.start("name"), militant=True)]
            if ";" in st[m.end():]:   # 'A, son of B, resident of C; D, ...; and E': one name per item
                for item in re.finditer(r";\s*(?:and\s+)?", st[m.end():]):
                    nm = re.match(NAME, st[m.end() + item.end():])
                    if nm:
                        named.append(ppl.add(nm.group(0), s.start + m.end() + item.end(), militant=True))
            else:   # 'A, alias B, and his associates C and D'
                for at, nm in _more_names(st, m.end()):
                    named.append(ppl.add(nm, s.start + at, militant=True))
            if PEOPLE["person.identified.militant_noun"].search(st[:m.start("name")]):
                group = _described_group(work, s, s.start + m.start("name"), back=3)   # 'identified the slain LeI leader as X'
                for p in named:
                    if p is not None and group is not None and not p.official:
                        _affiliate(p, group.name, "member", s, "person.affiliation.described")
        for m in P_HEADED.finditer(st):
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            if p:
                _role(p, "head")
                near = [rec for a, b, rec in work.group_hits.get(s.index, []) if b <= s.start + m.start() and s.start + m.start() - b <= 80]
                if near:   # 'a cell of the TTP that was being run by X'
                    _affiliate(p, near[-1].name, "leader", s, "person.affiliation.headed_by")
                elif PEOPLE["person.affiliation.topic_led_by"].rx.match(st[:m.start()]):
                    g = _topic_of(work, s)   # 'The group is led by X': the group the paragraph is about
                    if g is not None:
                        _affiliate(p, g.name, "leader", s, "person.affiliation.headed_by")
        for m in P_DEPUTY.finditer(st):
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            if p:
                if m.group("role") != "predecessor":   # 'his predecessor, X': X once held his post, no role of X's
                    _role(p, m.group("role").lower())
                rule = "person.predecessor" if m.group("role") == "predecessor" else "person.deputy"
                p.evidence["deputy_of"] = Evidence(s.start + m.start(), s.start + m.start() + 3, rule, 0.6)
        for m in P_BECAME_ITS.finditer(st):   # 'shortly after Mufti Noor Wali Mehsud became its emir'
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            g = _recent_group(work, s, s.start + m.start("its")) if p is not None else None
            if g is not None and p is not None and not p.official:
                _role(p, m.group("role").lower())
                _affiliate(p, g.name, ROLE_RELATION.get(m.group("role").lower(), "member"), s, "person.affiliation.became_its")
        for m in P_BECAME_GROUP.finditer(st):   # 'X, who became IS-K leader in 2018'
            _became_group_role(work, ppl, s, m)
        for m in P_ASSOCIATES.finditer(st):   # 'His associates, Shahid Mehmood and Imran alias Mani, also took part'
            ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            for at, nm in _more_names(st, m.end()):
                ppl.add(nm, s.start + at, militant=True)
        for m in P_MEMBERS_OF.finditer(st):   # 'three members of the TTP, A, B and C, ...'
            _members_listed(work, ppl, s, m)
        for listed, _state, kin_at, armed in counted_lists(st):   # 'Two residents from Khanpur, A and B, were arrested'
            for at, name in listed:
                p = ppl.add(name, s.start + at, militant=armed)   # kin, guards, residents: their fate decides
                if p is not None and kin_at is not None and "deputy_of" not in p.evidence:
                    # "Ishaq's two sons, A and B": of the group their father is of, as with 'his son, X'
                    p.evidence["deputy_of"] = Evidence(s.start + kin_at, s.start + kin_at + 3, "person.kin_listed", 0.5)
        for m in P_NAMED.finditer(st):   # 'another terrorist named Mansoor was neutralised'
            ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
        for m in P_SINGLE.finditer(st):   # 'the department arrested Asadullah, a resident of Shorkot'
            ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
        for m in P_ROLE_BEFORE.finditer(st):
            before = st[max(0, m.start() - 30):m.start()]
            official = bool(OFFICIAL_ORG_END.search(before))
            group = _group_ending_at(work, s, s.start + m.start())
            if group is None:
                # "JuA's Dera Ismail Khan commander Gul Rehman"
                for a, b, rec in work.group_hits.get(s.index, []):
                    if b <= s.start + m.start() and re.fullmatch(r"['\u2019]s\s+(?:[A-Z][\w-]+\s+){0,4}", text[b:s.start + m.start()]):
                        group = rec
            if group is None and re.search(r"\b(?:[Ii]ts|[Tt]heir|[Tt]he\s+(?:group|outfit|organi[sz]ation)['\u2019]s)\s+(?:[a-z-]+\s+){0,2}$", before):
                group = _recent_group(work, s, s.start + m.start())
            if group is None and m.group("comp"):   # 'a spokesman for the Taliban, X'
                group = _group_within(work, s, s.start + m.start("comp"), s.start + m.end("comp"))
            if group is None and re.fullmatch(r"\s+(?:of|for)\s+the\s+(?:group|outfit|organi[sz]ation|network|movement)", m.group("comp") or ""):
                group = _recent_group(work, s, s.start + m.start())   # 'the leader of the group, X': the group just named
            official = official or bool(re.match(rf"{OFFICIAL_TITLES}\s", m.group("name")))   # 'Corps Commander Lt Gen X'
            rule = "person.affiliation.prenominal"
            if group is None and not official and m.group("role").lower() in ("spokesman", "spokesperson"):
                group = _claimant(work, s, s.start + m.start())   # 'claimed by the BLA, and spokesman X said'
                rule = "person.affiliation.spokesman_in_claim"
            if official and not group:
                ppl.add(m.group("name"), s.start + m.start("name"), official=True)
                continue
            role = m.group("role").lower()
            militant = bool(group) or role in ("commander", "militant", "terrorist", "ringleader", "mastermind", "emir", "amir",
                                               "naib amir", "ideologue", "financier", "bomb-maker", "recruiter", "facilitator")
            if not militant:
                continue
            listed = [(m.start("name"), m.group("name"))]
            if m.group("plural"):   # 'its commanders A and B'
                listed += _more_names(st, m.end("name"))
            for at, who in listed:
                _prenominal(ppl, who, s, s.start + at, m, role, group, rule)
        for m in P_ORDINAL.finditer(st):
            # 'a senior commander of the Pakistani Taliban ... The second commander, X': the same group's
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            g = _described_group(work, s, s.start + m.start(), back=6) if p is not None and not p.official else None
            if g is not None and p is not None:
                _affiliate(p, g.name, "member", s, "person.affiliation.ordinal")
        for m in P_APPOS_GROUP_ROLE.finditer(st):
            group = _group_starting_at(work, s, s.start + m.end())
            if not group:
                continue
            g_end = next(b for a, b, r in work.group_hits.get(s.index, []) if r is group and a >= s.start + m.end())
            rm = re.match(rf"(?:\s*\([A-Z][A-Za-z-]{{1,8}}\))?(?:['\u2019]s?)?\s+[\"\u201c]?(?P<role>{ROLE})\b", text[g_end:g_end + 40])
            if not rm or re.match(r"s?\s+(?:Dr\.?\s+)?[A-Z][a-z]", text[g_end + rm.end():g_end + rm.end() + 8]):
                continue   # 'A, TTP commander B and C': the title of the name after it
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            if p:
                role = rm.group("role").lower()
                _role(p, ("former " if "former" in m.group(0) else "") + role)
                _affiliate(p, group.name, ROLE_RELATION.get(role, "member"), s, "person.affiliation.appositive")
        for m in P_ROLE_AFTER.finditer(st):
            after = s.start + m.end()
            group = _group_starting_at(work, s, after)
            role = m.group("role").lower()
            if not group:
                continue
            p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
            if p:
                prefix = "former " if "former" in m.group(0).lower() else ""
                _role(p, prefix + role)
                _affiliate(p, group.name, ROLE_RELATION.get(role, "member"), s, "person.affiliation.appositive")
        for m in P_TITLE.finditer(st):
            # 'Mullah Karim Dad Mehsud, who died ...': a cleric's title with militancy around it
            lively = bool(work.group_hits.get(s.index)) or bool(MILITANT_CONTEXT.search(st)) or \
                bool(PEOPLE["person.title.lively"].search(st))
            armed = bool(work.group_hits.get(s.index)) or bool(re.search(
                r"\b(?:commander|militants?|emir|amir|fighters|head money|bounty|wanted|alias|nom de guerre)\b", st, re.I))
            if OFFICIAL_AFTER.match(st, m.end("name")):   # 'Mawlawi X, the head of the police district'
                ppl.add(m.group("name"), s.start + m.start("name"), official=True, create=lively)
                continue
            ppl.add(m.group("name"), s.start + m.start("name"), create=lively,
                    militant=armed and bool(re.match(r"(?:Mullah|Mulla|Qari|Mufti|Maulvi|Mawlawi|Hafiz)\b", m.group("name"))))
    _arrested_names(work, ppl)
    # statistical PERSON entities: they join known people, or become candidates
    for a, b in work.ner_persons:
        while True:
            lm = re.search(r"([A-Z][a-z]+)\s+$", text[max(0, a - 20):a])
            if not lm or lm.group(1).lower() in STOP_FIRST or lm.group(1).lower() in MONTHS_DAYS:
                break
            if lexicon.key(lm.group(1)) in lexicon.places_by_name() or lexicon.key(lm.group(1)) in lexicon.groups_by_key():
                break
            a = a - (len(text[max(0, a - 20):a]) - lm.start(1))
        b = a + re.split(r"[:;|()\[\]]", text[a:b])[0].rstrip().__len__()   # 'Aslam Farooqi: Head of ...': a headline
        name = text[a:b]
        if "\n" in name or name.isupper():
            continue   # 'DERA ISMAIL KHAN:' is a dateline
        if PEOPLE["person.not.place_before"].search(text[max(0, a - 12):a]) and not re.search(r"\b(?:alias|Mullah|Mufti|Qari|Maulana|Commander)\b", text[a:b]):
            continue   # 'blocked the highway near Khad Kocha': a place
        if PEOPLE["person.not.parent_or_place"].search(text[max(0, a - 14):a]):
            continue   # 'Zubair Ahmed s/o Abdul Ghani r/o Killi Shaikhan': a father, a place
        name = re.sub(r"\s+[a-z]$", "", name)
        if PEOPLE["person.not.place_after"].rx.match(text[b:b + 20]):
            continue   # 'Kabul's Karte Naw neighbourhood': a place
        sent = next((s for s in work.sentences if s.start <= a < s.end), None)
        if sent is None:
            continue
        before = text[max(sent.start, a - 40):a]
        if re.search(r"\b(?:a|an|the)\s+$", before, re.I) and not PEOPLE["person.article.described"].search(before):
            continue   # 'recovered a Kalashnikov': a thing, not a person
        official = bool(OFFICIAL_END.search(before)) or bool(RANK_APPOS.search(before)) \
            or bool(PEOPLE["person.official.rank_title"].rx.match(name))
        ppl.add(name, a, official=official, create=" " in name.strip())
    # the heading-like single words ('Iqbal') used alone join their person
    work.people = ppl.people
    _exclude_bylines(work, ppl)
    _track(work, ppl)
    _read_person_facts(work, ppl)
    _deputies(work)
    _both_members(work)


NOT_PERSON_ENTS = {"GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "LAW"}


def _proper_phrase(tok):
    """The proper name ``tok`` heads: its run of capitalised PROPN compounds just before it, or None."""
    start = tok.i
    while start > 0 and tok.doc[start - 1].dep_ in ("compound", "flat") and tok.doc[start - 1].pos_ == "PROPN" \
            and tok.doc[start - 1].head.i <= tok.i and tok.doc[start - 1].head.i >= start - 1:
        start -= 1
    span = tok.doc[start:tok.i + 1]
    if len(span) < 2 or not all(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Za-z]+)?", t.text) for t in span):
        return None
    if any(t.ent_type_ in NOT_PERSON_ENTS for t in span):
        return None   # 'arrested in Khyber Agency': a place or a people, not a man
    return span


def _arrested_names(work: Work, ppl: People) -> None:
    """'Police arrested Wali Jan and Sher Jan Afridi', 'Gulab Jan Tareen was detained': a proper name of two
    or more words that is the object (or passive subject) of a verb of arrest, or a conjunct of one, is a man,
    though the statistical NER missed him or read him as a date or an organisation (uncommon names)."""
    verbs = PEOPLE_RECALL["person.recall.arrest_verb"].rx
    for off, doc in work.parsed:
        for tok in doc:
            if tok.pos_ != "PROPN" or tok.dep_ not in ("dobj", "nsubjpass", "conj"):
                continue
            head = tok
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head
            verb = head.head
            if head.dep_ not in ("dobj", "nsubjpass") or head.pos_ != "PROPN" or verb.pos_ != "VERB" \
                    or not verbs.fullmatch(verb.lemma_):
                continue
            span = _proper_phrase(tok)
            if span is not None:
                ppl.add(span.text, off + span.start_char, militant=True)


def _prenominal(ppl: People, name: str, s, at: int, m, role: str, group, rule: str) -> None:
    """A man named after his role ('TTP commander X', 'its commanders A and B'): his role and group."""
    p = ppl.add(name, at, militant=True)
    if p is None:
        return
    comp = m.group("comp") or ""
    _role(p, (role + comp).strip() if role in ("chief", "head") and "subcontinent" in comp else role)
    if group:
        _affiliate(p, group.name, ROLE_RELATION.get(role, "member"), s, rule)


def _became_group_role(work: Work, ppl: People, s, m) -> None:
    """'X became TTP chief', 'X, who became IS-K leader': the group named before the role he took."""
    group = _group_starting_at(work, s, s.start + m.end())
    if group is None or group.kind != "group":
        return
    g_end = next(b for a, b, r in work.group_hits.get(s.index, []) if r is group and a >= s.start + m.end())
    rm = re.match(r"(?:['\u2019]s?)?\s+(?P<role>emir|amir|chief|leader|head|spokesman|spokesperson|commander|deputy\s+chief)\b",
                  work.text[g_end:g_end + 30])
    if rm is None:
        return
    p = ppl.add(m.group("name"), s.start + m.start("name"), militant=True)
    if p is not None and not p.official:
        role = rm.group("role").lower()
        _role(p, role)
        _affiliate(p, group.name, ROLE_RELATION.get(role, "member"), s, "person.affiliation.became_group_role")


def _claimant(work: Work, s, pos: int):
    """The one militant group that claimed or stated something earlier in the sentence, with no state
    actor named between it and ``pos``: a spokesman named next speaks for it."""
    before = [(a, b, rec) for a, b, rec in work.group_hits.get(s.index, []) if b <= pos and rec.kind == "group"]
    if len({rec.name for _, _, rec in before}) != 1:
        return None
    a = before[0][0]
    if any(a < x < pos for x, _, *_ in work.actor_hits.get(s.index, [])):
        return None
    if not CLAIM_WORDS.search(work.text[a:pos]):
        return None
    return before[0][2]


def _group_within(work: Work, s, start: int, end: int):
    """The one militant group named between two offsets of a sentence."""
    inside = [rec for a, b, rec in work.group_hits.get(s.index, []) if a >= start and b <= end and rec.kind == "group"]
    return inside[0] if len(inside) == 1 else None


P_MEMBERS_OF = patterns.load("people")["person.affiliation.member_of_list"].rx
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10}
ITEM_SEP = re.compile(r"(?<!\s)(?:\s*+,\s*(?:and\s+)?|\s++and\s+)")


def _descriptor_start(st: str, cue: int) -> int:
    """Where a counted descriptor ('three members of') holding the cue at ``cue`` starts, else ``cue``."""
    m = re.search(rf"\b(?:{'|'.join(NUMBERS)}|\d{{1,2}})\s+(?:\w+\s+)?$", st[:cue], re.IGNORECASE)
    return m.start() if m else cue


def _listed_after(work: Work, s, m):
    """(group, offset of the first name) when a counted descriptor ('three members of') is followed by a
    group and, after a comma, a name: 'three members of the TTP, A, B and C'; else None."""
    for a, b, rec in work.group_hits.get(s.index, []):
        if a == s.start + m.end() and rec.kind == "group":
            head = re.match(rf"(?:\s*\([A-Za-z-]{{2,8}}\))?\s*,\s*(?={NAME})", work.text[b:s.end])
            nm = head and re.match(NAME, work.text[b + head.end():s.end])
            if head and nm and clean_name(nm.group(0)) is not None:
                return rec, b + head.end()
    return None


def _members_listed(work: Work, ppl: People, s, m) -> None:
    """'N members of GROUP, A, B and C': the N names after the group are its members, each his own."""
    listed = _listed_after(work, s, m)
    if listed is None:
        return
    group, pos = listed
    count = NUMBERS.get(m.group("count").lower()) or int(m.group("count"))
    for _ in range(count):
        nm = re.match(NAME, work.text[pos:s.end])
        if nm is None or clean_name(nm.group(0)) is None:
            return
        p = ppl.add(nm.group(0), pos, militant=True)
        if p is not None and not p.official:
            _affiliate(p, group.name, "member", s, "person.affiliation.member_of_list")
        sep = ITEM_SEP.match(work.text, pos + nm.end())
        if sep is None:
            return
        pos = sep.end()


P_COUNTED_LIST = re.compile(PEOPLE["person.named.counted_list"].rx.pattern.replace(r",\s*$", r",\s*(?=") + f"{NAME})")
COUNTED_LIST_FATE = PEOPLE["person.named.counted_list.fate"].rx
COUNTED_LIST_WHO_FATE = PEOPLE["person.named.counted_list.who_fate"].rx


FATE_OF_VERB = {"arrested": "arrested", "detained": "arrested", "apprehended": "arrested", "held": "arrested",
                "released": "released", "freed": "released"}
CIVIL_NOUNS = ("residents", "locals", "villagers", "men")


KIN_NOUNS = ("sons", "brothers", "nephews", "cousins", "relatives")
ARMED_NOUNS = ("suspects", "militants", "terrorists", "accomplices", "associates", "aides", "fighters", "commanders")


def counted_lists(st: str) -> list[tuple[list[tuple[int, str]], str, int | None, bool]]:
    """'Two residents from Khanpur, A and B, were arrested', 'X's two sons, A and B, ... were killed': the
    names in apposition to a counted or kin descriptor, when the list is the subject of a fate verb, with
    that fate: [([(offset in the sentence, name), ...], state, kin_at, armed)]; ``kin_at`` is where a kin
    descriptor with its owner starts ("Ishaq's two sons", "his brothers"), else None; ``armed`` says the
    descriptor names militants ("two suspects", "his accomplices"). Residents, villagers and men count only
    when arrested or released (killed, they are victims, not entries)."""
    out: list[tuple[list[tuple[int, str]], str, int | None, bool]] = []
    for m in P_COUNTED_LIST.finditer(st):
        first = re.match(NAME, st[m.end():])
        if first is None or clean_name(first.group(0)) is None:
            continue
        listed = [(m.end(), first.group(0)), *_more_names(st, m.end() + first.end())]
        at, last = listed[-1]
        fate = COUNTED_LIST_FATE.match(st[at + len(last):])
        if fate is None and (who := COUNTED_LIST_WHO_FATE.match(st[at + len(last):])):
            # 'A and B, who were arrested in 2022, were later released': the main verb's fate is the latest
            main = re.match(r"[^,.;]{0,60},\s+(?:were|have\s+been|had\s+been)\s+(?:\w+\s+)?(?P<verb>arrested|detained|"
                            r"apprehended|held|killed|released|freed)\b", st[at + len(last) + who.end():])
            fate = main or who
        if len(listed) < 2 or fate is None:
            continue
        state = FATE_OF_VERB.get(fate.group("verb").lower(), "killed")
        noun = m.group("noun").lower()
        if state == "killed" and noun in CIVIL_NOUNS:
            continue
        owned = re.match(r"(?:[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w-]+['\u2019]s)\s", m.group(0))
        kin_at = m.start() if owned and noun in KIN_NOUNS else None
        out.append(([(at, name) for at, name in listed if clean_name(name) is not None], state, kin_at,
                    noun in ARMED_NOUNS))
    return out


SPECULATION = patterns.load("people")["person.affiliation.speculation"].rx


def _speculative(between: str) -> bool:
    """The words between a man and a membership cue only guess at it ('suggests ...', '... or a former member')."""
    return bool(SPECULATION.search(between))


def _agent_of_modifier(text: str, hit, cue: int) -> bool:
    """The man is only the agent of a modifier of a group ('A, headed by X (...), split from B'):
    the cue after the modifier is closed belongs to the group, not to him."""
    if not PEOPLE["person.affiliation.agent_of_modifier"].search(text[max(0, hit[0] - 20):hit[0]]):
        return False
    return bool(re.search(r"[),]", text[hit[1]:cue]))   # the modifier closed before the cue


def _exclude_bylines(work: Work, ppl: People) -> None:
    """The article's author is not a subject of it."""
    author = (work.meta or {}).get("author")
    bylines = {lexicon.key(author)} if author else set()
    for m in re.finditer(r"^\s*By\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,3})\s*$", work.text[:2000], re.M):
        bylines.add(lexicon.key(m.group(1)))
    for p in ppl.people:
        if lexicon.key(p.name) in bylines and not p.aliases:
            p.official, p.militant = True, False


DESCRIBED_BEFORE = PEOPLE["person.affiliation.described_before"].rx
DESCRIBED_AFTER = PEOPLE["person.affiliation.described_after"].rx


def _described_group(work: Work, s, before: int, back: int = 1):
    """'Two LeT militants were killed ... The slain militants were identified as X and Y': the one
    group the men are described as belonging to, in this sentence before the names or the one before."""
    found: list = []
    for idx in range(s.index - back, s.index + 1):
        for a, b, rec in work.group_hits.get(idx, []):
            if idx == s.index and a >= before:
                continue
            if DESCRIBED_BEFORE.search(work.text[max(0, a - 90):a]) or DESCRIBED_AFTER.match(work.text[b:b + 20]):
                if rec.kind == "group" and all(rec.name != f.name for f in found):
                    found.append(rec)
    return found[0] if len(found) == 1 else None


LIST_SEP = re.compile(rf"(?<!\s)(?:(?:\s*+,\s+|\s++)(?:alias|aka|also\s+known\s+as)\s+{NAME})?(?:\s*+\([^()]{{1,40}}\))?"
                      rf"(?:\s*+,\s*(?!and\b)[^,.;]{{1,50}}?(?=,))?(?:\s*+(?:,\s*and\s+|,\s*)|\s++and\s+)"
                      rf"(?:(?:his|their|her)\s+(?:\w+\s+)?(?:associates?|accomplices?|aides?|companions?|brothers?|sons?|"
                      rf"deputy|guards?|bodyguards?|driver|nephews?|cousins?)\s+)?(?P<name>{NAME})")


def _more_names(st: str, pos: int) -> list:
    """The names that follow a first one in a list: 'A, alias B, and his associates C and D'."""
    out: list = []
    while len(out) < 8:
        m = LIST_SEP.match(st, pos)
        if not m or m.group("name").split()[0] in ("The", "He", "She", "They", "Police", "Officials"):
            break
        out.append((m.start("name"), m.group("name")))
        pos = m.end()
    return out


def affiliate_to_sole_group(work: Work) -> None:
    """Stage: in a story about one militant group, the militants it names and ties to no group are that
    group's (low confidence). Runs after every other rule that gives affiliations, fates' included."""
    militant = [g for g in work.groups if g.kind == "group" and getattr(g.registry, "kind", "militant") == "militant"]
    names = {g.name for g in militant}
    # a faction named beside its group ('TTP Ustad Zaman Group') does not make the story one of two groups
    militant = [g for g in militant if not any(rel == "faction" and other in names and ev is not None
                                                and ev.rule == "group.faction_prefixed" for other, rel, ev in g.links)]
    if len(militant) != 1:
        return
    for p in work.people:
        if p.militant and not p.official and not p.affiliations:
            p.affiliations.append((militant[0].name, "member", Evidence(p.first, p.first + len(p.name), "person.affiliation.sole_group", 0.5)))


def _faction_after(work: Work, s, group: str):
    """The faction named right after a mention of ``group`` in sentence ``s`` and linked to it as its
    faction ('TTP Ustad Aslam Group', 'LeJ Naeem Bukhari faction'), or None."""
    hits = work.group_hits.get(s.index, [])
    for (a, b, rec), (a2, _b2, nxt) in zip(hits, hits[1:]):
        if lexicon.key(rec.name) != lexicon.key(group) or not re.fullmatch(r"['\u2019]?s?\s{0,2}", work.text[b:a2]):
            continue
        if any(rel == "faction" and lexicon.key(o) == lexicon.key(group) for o, rel, _ in nxt.links):
            return nxt
    return None


def affiliate_to_named_faction(work: Work) -> None:
    """Stage: a man tied to a group where the text names the group's faction right after it ('belonged
    to the TTP Ustad Aslam Group') is of that faction too. Runs after every rule that gives affiliations."""
    for p in work.people:
        for g, rel, ev in list(p.affiliations):
            s = work.sentence_at(ev.start) if ev is not None else None
            if s is None or s.start != ev.start:
                continue   # only affiliations read from one whole sentence
            faction = _faction_after(work, s, g)
            if faction is not None:
                _affiliate(p, faction.name, rel, s, "person.affiliation.named_faction")


def _both_members(work: Work) -> None:
    """'The slain men were identified as A and B. Both were members of Lashkar-e-Islam': each of them."""
    for s in work.sentences[1:]:
        m = PEOPLE["person.affiliation.all_members"].rx.match(s.text)
        if not m:
            continue
        group = next((rec for a, b, rec in work.group_hits.get(s.index, []) if a == s.start + m.end()), None)
        if group is None:
            continue
        for _, _, p in work.person_hits.get(s.index - 1, []):
            if not p.official and all(g != group.name for g, _, _ in p.affiliations):
                _affiliate(p, group.name, "member", s, "person.affiliation.both")


def _deputies(work: Work) -> None:
    """'His deputy, X': X belongs where the man 'his' points to belongs."""
    for p in work.people:
        ev = p.evidence.get("deputy_of")
        if ev is None or p.affiliations:
            continue
        for s in work.sentences:
            if s.start <= ev.start < s.end:
                refs = [r for r in work.person_hits.get(s.index, []) if r[2] is not p and r[0] <= ev.start + 3]
                if refs and refs[-1][2].affiliations:
                    g = _group_told(work, s, ev.start, refs[-1][2], fallback=ev.rule != "person.predecessor")
                    if g is not None:
                        _affiliate(p, g, "member", s, "person.affiliation.deputy")
                break


def _group_told(work: Work, s, before: int, q: PersonRec, fallback: bool = True) -> str | None:
    """Which of ``q``'s groups a 'his deputy'/'his predecessor' in sentence ``s`` speaks of: the first of
    them named in the sentence before the cue ('put in charge of IS-K ... his predecessor, X'), else his
    first (a deputy), or none (a predecessor held a post the sentence must name)."""
    held = {lexicon.key(g): g for g, _, _ in q.affiliations}
    for a, _b, rec in work.group_hits.get(s.index, []):
        if a < before and lexicon.key(rec.name) in held:
            return held[lexicon.key(rec.name)]
    return q.affiliations[0][0] if fallback else None


def _role(p: PersonRec, role: str) -> None:
    role = role.strip().lower()
    if role and role not in p.roles and role not in ("militant", "terrorist"):
        p.roles.append(role)


def _affiliate(p: PersonRec, group: str, relation: str, s, rule: str) -> None:
    if relation not in ("member", "leader", "founder", "commander", "associate"):
        relation = "member"
    for i, (g, r, ev) in enumerate(p.affiliations):
        if lexicon.key(g) == lexicon.key(group):
            rank = ["associate", "member", "commander", "leader", "founder"]
            if rank.index(relation) > rank.index(r):
                p.affiliations[i] = (g, relation, ev)
            return
    p.affiliations.append((group, relation, Evidence(s.start, s.end, rule, 0.75)))


def _group_ending_at(work: Work, s, pos: int):
    for a, b, rec in work.group_hits.get(s.index, []):
        if 0 <= pos - b <= 2 and rec.kind == "group":
            return rec
    return None


def _topic_of(work: Work, s):
    """The militant group last named in the sentences before this one."""
    for idx in range(s.index - 1, max(-1, s.index - 4), -1):
        hits = [h for h in work.group_hits.get(idx, []) if h[2].kind == "group"]
        if hits:
            return hits[0][2] if re.match(r"\s*(?:The\s+)?\S", work.sentences[idx].text) and hits[0][0] - work.sentences[idx].start < 20 else hits[-1][2]
    return None


def _recent_group(work: Work, s, pos: int):
    """The group 'its' points to: the last group named before ``pos`` in this or the previous sentence."""
    for idx in (s.index, s.index - 1):
        hits = [h for h in work.group_hits.get(idx, []) if h[1] <= pos]
        if len(hits) > 1 and idx == s.index and re.match(r"\s*(?:\([^()]{1,12}\)\s*)?,", work.text[hits[0][1]:hits[0][1] + 16]) \
                and re.search(r"\b(?:claimed|said|says|announced|issued|released|stated|denied|confirmed|accused|vowed|warned)\b",
                              work.text[hits[-1][1]:pos]):
            return hits[0][2]   # 'IMP, an alliance formed by HGB and LeI, claimed it through its spokesman': the subject
        if hits:
            return hits[-1][2]
    return None


def _group_starting_at(work: Work, s, pos: int):
    for a, b, rec in work.group_hits.get(s.index, []):
        if 0 <= a - pos <= 2:
            return rec
    return None


_INTRODUCED = re.compile(r",\s+(?:who|known|also|alias|aka|a\.k\.a)")   # 'Kohati, who ...': a name, not the place


class _WordPlaces:
    """Where each whole word stands in a text, read once: the spans of a word with no word character
    or hyphen on either side, as ``(?<![\\w-])WORD(?![\\w-])`` finds them, without scanning the text
    once per word (a long text names thousands of people)."""

    def __init__(self, text: str):
        self.text = text
        self.runs: dict[str, list[tuple[int, int]]] = {}
        for m in re.finditer(r"[\w-]+", text):
            self.runs.setdefault(m.group(0), []).append(m.span())

    def of(self, word: str) -> list[tuple[int, int]]:
        """The spans of ``word`` standing alone in the text."""
        if re.fullmatch(r"[\w-]+", word):
            return self.runs.get(word, [])   # a maximal run of word characters and hyphens is the word alone
        return [m.span() for m in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", self.text)]


def _track(work: Work, ppl: People) -> None:
    """Mentions of every person per sentence, and who 'he' or 'the militant' points to."""
    forms = []
    counts: dict = {}
    for p in ppl.people:
        for n in p.names:
            forms.append((n, p))
    all_words: dict = {}
    for q in ppl.people:
        for n in q.names:
            for w in n.split():
                all_words.setdefault(w.lower(), set()).add(id(q))
    common = {"abdul", "muhammad", "mohammed", "mohammad", "ahmad", "ahmed", "ali", "khan", "shah", "syed", "gul",
              "mir", "malik", "abu", "bin", "haji", "sardar", "sheikh", "baloch"}   # 'Baloch' alone: the people
    taken_forms = {n for n, _ in forms}
    where = _WordPlaces(work.text)
    for p in ppl.people:
        words = p.name.split()
        # a middle (or, in a two-word name, the first) name word the text uses on its own ('Basit wasted')
        for w in (words[1:-1] if len(words) > 2 else words[:1]):
            if len(w) < 4 or w.lower() in common or w.lower() in KEEP_TITLES or len(all_words.get(w.lower(), ())) > 1:
                continue
            if lexicon.key(w) in lexicon.places_by_name() or lexicon.key(w) in lexicon.groups_by_key():
                continue
            alone = [a for a, b in where.of(w)
                     if not any(work.text[max(0, a - len(n)):b + len(n)].find(n) >= 0
                                for n in p.names if " " in n)]
            if alone and w not in taken_forms:
                forms.append((w, p))
                taken_forms.add(w)
        last = words[-1] if len(words) >= 2 else None
        if last and len(all_words.get(last.lower(), ())) > 1 and not _owns_shared_name(ppl, p, last):
            continue   # 'Khurasani' is in two men's names
        bare = re.match(r"(?i)(?:al|el)-(?P<rest>[A-Z][\w'-]{3,})$", last or "")
        if bare and bare.group("rest") not in taken_forms and lexicon.key(bare.group("rest")) not in lexicon.groups_by_key():
            forms.append((bare.group("rest"), p))   # 'Ayman al-Zawahiri' ... 'Zawahiri himself'
            taken_forms.add(bare.group("rest"))
        if last and len(last) >= 4 and last.lower() not in KEEP_TITLES and last.lower() not in common \
                and lexicon.key(last) not in lexicon.groups_by_key() \
                and (lexicon.key(last) not in lexicon.places_by_name()
                     or any(_INTRODUCED.match(work.text, b) for _, b in where.of(last))) \
                and last not in taken_forms:
            forms.append((last, p))
            taken_forms.add(last)
    for n, p in forms:
        counts.setdefault(tokens(n), set()).add(id(p))
    forms.sort(key=lambda x: -len(x[0]))
    rx = [(re.compile(r"(?<![\w-])" + re.escape(n) + r"(?:[\u2019']s)?(?![\w-])"), n, p) for n, p in forms]
    # the forms by their first word: a sentence is searched only for the forms whose first word it holds
    # (a form starts where no word character precedes, so its first word is a whole word of the sentence)
    by_word: dict = {}
    always: list = []
    for i, (_, n, _p) in enumerate(rx):
        w = re.match(r"\w+", n)
        (by_word.setdefault(w.group(0), []) if w else always).append(i)
    current = None
    current_militant = None
    last_para = -1
    for s in work.sentences:
        if s.para - last_para > 3:
            current = current_militant = None
        last_para = s.para
        hits = []
        taken: list = []
        here = set(always)
        for w in set(re.findall(r"\w+", s.text)):
            here.update(by_word.get(w, ()))
        for i in sorted(here):
            r, n, p = rx[i]
            for m in r.finditer(s.text):
                a, b = s.start + m.start(), s.start + m.end()
                if any(a < tb and b > ta for ta, tb in taken):
                    continue
                # a bare surname shared by several people is ambiguous: leave it
                if len(counts.get(tokens(n), ())) > 1:
                    continue
                if " " not in n and any(ga <= a < gb for ga, gb, _ in work.group_hits.get(s.index, [])):
                    continue   # 'Baloch' inside 'Baloch Liberation Army'
                if " " not in n and re.match(r"\s+(?i:tehsil|district|areas?|agency|valley|village|town|city|province|region|tribes?|tribesmen|tribal|clan|belt)\b", s.text[m.end():m.end() + 12]):
                    continue   # 'the Mamund tehsil': the place, not Gul Rahman Mamund
                hits.append((a, b, p))
                taken.append((a, b))
        hits.sort(key=lambda h: h[0])
        refs = list(hits)
        pron = PRONOUN.search(s.text)
        referent: PersonRec | None = current
        if current is not None and current.official and current_militant is not None and MILITANT_CONTEXT.search(s.text):
            referent = current_militant   # '... for him, the DPO said': the commander, not the officer
        if pron and referent is not None and (not hits or hits[0][0] > s.start + pron.start()):
            refs.insert(0, (s.start + pron.start(), s.start + pron.end(), referent))
        desc = DESCRIPTION.search(s.text)
        if desc and current_militant is not None and not any(h[2] is current_militant for h in refs):
            refs.append((s.start + desc.start(), s.start + desc.end(), current_militant))
            refs.sort(key=lambda h: h[0])
        work.person_hits[s.index] = refs
        if refs:
            work.subject[s.index] = refs[0][2]
            current = refs[0][2]
            mil = [h[2] for h in refs if not h[2].official and h[2].militant]
            if mil:
                current_militant = mil[0]
        # a person named on his own (a bare 'Iqbal') keeps that form as an alias
        for a, b, p in hits:
            form = re.sub(r"[\u2019']s$", "", work.text[a:b])
            p.spans.setdefault(form, a)
            if form != p.name and form not in p.aliases:
                p.aliases.append(form)
                ppl.indexed(p)


OF_GROUP = patterns.load("people")["person.affiliation.of_group"].rx
CLAIM_WORDS = patterns.load("people")["person.affiliation.spokesman_in_claim"].rx


def _of_group(work: Work, s, refs) -> None:
    """'Ghulam Rasool of the LeJ': a man's name followed by 'of' and a militant group is its man."""
    for a, b, p in refs:
        m = OF_GROUP.match(work.text, b, s.end)
        if m is None or p.official or not work.text[a:b][:1].isupper():
            continue
        g = next((rec for ga, gb, rec in work.group_hits.get(s.index, []) if ga == m.end() and rec.kind == "group"
                  and getattr(rec.registry, "kind", "militant") == "militant"), None)
        if g is not None:
            _affiliate(p, g.name, "member", s, "person.affiliation.of_group")


def _owns_shared_name(ppl: People, p: PersonRec, word: str) -> bool:
    """A family name several men share, used alone, is the lead man's: the militant the story
    names first, no official ('Sirajuddin Haqqani ... his brother Aziz Haqqani ... the bounty for Haqqani')."""
    sharers = [q for q in ppl.people if any(word.lower() in (w.lower() for w in n.split()) for n in q.names)]
    if p.official or min(sharers, key=lambda q: q.first) is not p:
        return False
    given = {w.lower() for q in sharers for n in q.names for w in n.split()} - {word.lower()}
    for m in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", ppl.work.text):
        prev = re.search(r"([\w'-]+)[\s-]+$", ppl.work.text[max(0, m.start() - 30):m.start()])
        if not prev or prev.group(1).lower() not in given:
            return True   # the word used on its own, not as the end of a full name
    return False


def _read_person_facts(work: Work, ppl: People) -> None:
    text = work.text
    for s in work.sentences:
        refs = work.person_hits.get(s.index, [])
        if not refs:
            continue
        st = s.text
        for a, b, rec in work.group_hits.get(s.index, []):
            # 'Police described Shafiqul, a former teacher, as Ansar al-Islam's chief ideologue'
            if rec.kind == "group" and re.search(r"\bas\s+(?:the\s+|a\s+|an\s+)?$", text[max(s.start, a - 8):a]) \
                    and re.match(rf"['\u2019]s\s+(?:[\w-]+\s+){{0,2}}?{ROLE}\b", text[b:b + 40]) \
                    and PEOPLE["person.affiliation.described_verb"].search(text[s.start:a]):
                who = [p for pa, pb, p in work.person_hits.get(s.index, []) if pb <= a and not p.official]
                if who:
                    _affiliate(who[-1], rec.name, "member", s, "person.affiliation.described_as")
        # affiliations through a cue: the person before the cue, the groups after it
        for m in RELATION_RX.finditer(st):
            cs, ce = s.start + m.start(), s.start + m.end()
            before = [h for h in refs if h[0] < cs]
            if not before:
                continue
            if re.search(r"[\u201c\"]", text[before[-1][1]:cs]):
                continue   # the cue is inside a quotation the person speaks
            p = _subject_over_object(work, before, cs, ce)[2]
            if p.official:
                continue
            after = [h for h in work.group_hits.get(s.index, []) if h[0] >= ce and h[0] - ce <= 50
                     and GROUP_GAP.fullmatch(text[ce:h[0]])]
            if not after:
                continue
            rel = re.sub(r"\d+$", "", cast(str, m.lastgroup))
            if PEOPLE["person.relation.negated"].search(st[:m.start()]):
                continue   # 'he has no connection to a TTP commander': negated
            desc = P_MEMBERS_OF.match(st, _descriptor_start(st, m.start()))
            if desc and _listed_after(work, s, desc) is not None:
                continue   # 'a member of Daesh, X': the group describes the man named after it
            if _speculative(text[before[-1][1]:cs]):
                continue   # 'his name suggests a veteran of AQ or a former member of the HQN'
            if _agent_of_modifier(text, before[-1], cs):
                continue   # 'Group A, headed by X (...), split from Group B': A split, not X
            if any(re.fullmatch(r"[ \t]+", text[after[0][1]:h[0]]) and h[2] is not p for h in refs):
                continue   # "BLF's chief A and commander of BLA B": the cue and group are B's title, not A's
            # 'established the Khiyara Group of the LeJ': only the first group is the object
            objs = [after[0][2]]
            for prev, nxt in zip(after, after[1:]):
                if re.fullmatch(r"\s*(?:,|and|or|,\s*and)\s*(?:both\s+)?(?:the\s+)?", text[prev[1]:nxt[0]]):
                    objs.append(nxt[2])
                else:
                    break
            for g in objs:
                _affiliate(p, g.name, rel, s, f"person.affiliation.{rel}")
                p.militant = True
                if rel in ("commander", "founder"):
                    _role(p, rel)
            if re.match(r"spokes", m.group(0), re.I):
                _role(p, "spokesman")
        rm = re.search(r"\b(?:was|is|as)\s+(?:a|an|the)\s+" + ADJ + rf"(?P<role>{ROLE})\b", st)
        if rm:
            before = [h for h in refs if h[0] < s.start + rm.start()]
            if before:
                _role(before[-1][2], rm.group("role"))
        _of_group(work, s, refs)
        _origin(work, s, refs)
        _wanted(work, s, refs)
        _pronoun_aliases(work, ppl, s, refs)
    # people whose only tie is a statistical entity with no militant cue stay out
    for p in work.people:
        if p.affiliations and not p.official:
            p.militant = True


GROUP_GAP = re.compile(r"(?<!\s)\s*+(?:(?<!\S)(?:(?:the|a|an|both|banned|outlawed|proscribed|defunct|its|their|his|self-styled|local|"
                       r"militant|sectarian|little-known|[A-Z][\w-]*+['\u2019]s|[A-Z][\w-]++)\s+|"
                       r"(?:\w++\s+)?(?:chapter|wing|branch|faction|unit|cell|group|network|squad|cells)\s+of\s+(?:the\s+)?))*",
                       re.I)
ORIGIN = PEOPLE["person.origin.cue"].rx
WANTED = PEOPLE["person.wanted_in"].rx


PRONOUN_ALIAS = PEOPLE["person.alias.pronoun"].rx


def _subject_over_object(work: Work, before: list, cs: int, ce: int):
    """Of the men named before a relation cue, the one it tells of: the last, unless he is the object of a
    preposition and an earlier man is the subject of the clause the cue's verb is in or is conjoined to
    ('X was deputy to Y in the BRA and was instrumental in forming G': X, not Y)."""
    last = before[-1]
    tok = head_token(work, last[0], last[1])
    cue = head_token(work, cs, ce)
    if tok is None or cue is None or tok.dep_ != "pobj":
        return last
    verb = governing_verb(cue)
    verbs = {verb.i, verb.head.i} if verb.dep_ == "conj" else {verb.i}
    for h in reversed(before[:-1]):
        sub = head_token(work, h[0], h[1])
        if sub is not None and sub.dep_ in ("nsubj", "nsubjpass") and sub.head.i in verbs:
            return h
    return last


def _pronoun_aliases(work: Work, ppl, s, refs) -> None:
    """'To his fighters he was "Ustad Yasir"', 'officials called him simply "X"'."""
    for m in PRONOUN_ALIAS.finditer(s.text):
        people = [p for a, b, p in refs if not p.official]
        if people and re.match(r"[A-Z][\w'-]*(?:[ -][A-Za-z][\w'-]*){0,4}$", m.group("alias")):
            ppl.alias(people[0], m.group("alias"))
            people[0].militant = True


def _place_after_preposition(st: str, m) -> bool:
    """The alias construction's 'name' is a place the gazetteer knows, after 'from', 'in' or 'of'."""
    return bool(re.search(r"\b(?:from|in|of|at|near)\s+$", st[:m.start("name")])) and \
        lexicon.key(m.group("name")) in lexicon.places_by_name()


ORIGIN_PLACE = [patterns.load("people")[k] for k in ("person.origin.of_place", "person.origin.appositive_from")]
RESIDENTS_OF = patterns.load("people")["person.origin.residents_of"].rx


def _gazetteer_place(name: str) -> bool:
    k = lexicon.key(name)
    return k in lexicon.places_by_name() and k not in lexicon.groups_by_key()


def _origin_by_place(work: Work, s, refs) -> None:
    """'X of Pulwama', 'X, a jihadist from Islamabad', 'two residents of Pahalgam, A and B': a place
    the gazetteer knows, right after (or, for a described list, right before) the man."""
    for a, b, p in refs:
        if p.origin is not None or p.official or not work.text[a:b][:1].isupper():
            continue
        for pat in ORIGIN_PLACE:   # matched where the name ends
            m = pat.rx.match(work.text, b, s.end)
            if m and _gazetteer_place(m.group("place")):
                p.origin = m.group("place")
                p.evidence["origin"] = Evidence(s.start, s.end, pat.id, 0.7)
                break
        else:
            m = RESIDENTS_OF.search(work.text[s.start:a])
            if m and _gazetteer_place(m.group("place")):
                for q in [h[2] for h in refs if h[0] >= a and re.fullmatch(r"[\w\s.'-]*(?:,\s*(?:and\s+)?|\s+and\s+)?[\w\s.'-]*", work.text[a:h[0]])][:4]:
                    if q.origin is None:
                        q.origin = m.group("place")
                        q.evidence["origin"] = Evidence(s.start, s.end, "person.origin.residents_of", 0.7)


def _origin(work: Work, s, refs) -> None:
    _origin_by_place(work, s, refs)
    for m in PEOPLE["person.origin.belonged_to"].finditer(s.text):
        k = lexicon.key(m.group("place"))   # 'Noor Zaman belonged to Bannu': a place the gazetteer knows, not a group
        before = [h for h in refs if h[0] < s.start + m.start()]
        if before and k in lexicon.places_by_name() and k not in lexicon.groups_by_key() and before[-1][2].origin is None:
            before[-1][2].origin = m.group("place")
            before[-1][2].evidence["origin"] = Evidence(s.start, s.end, "person.origin", 0.7)
    for m in ORIGIN.finditer(s.text):   # 'A, resident of X; B, resident of Y': each man his own
        pos = s.start + m.start()
        before = [h for h in refs if h[0] <= pos]   # 'in his native village X': 'his' itself
        if not before and re.match(r"\s*Born\b", s.text) and refs:
            before = [refs[0]]   # 'Born in Ladha ..., Karim Dad studied ...'
        if not before:
            continue
        p = before[-1][2]
        place = re.sub(r"(?:\s+(?:of|and|in|near))+$", "", m.group("place").strip())
        if p.origin is None and place:
            p.origin = place
            p.evidence["origin"] = Evidence(s.start, s.end, "person.origin", 0.8)


def _wanted(work: Work, s, refs) -> None:
    for m in WANTED.finditer(s.text):
        pos = s.start + m.start()
        before = [h for h in refs if h[0] < pos]
        if not before:
            continue
        p = before[-1][2]
        parts = re.split(r"\s*(?:,|\band\b|\bas well as\b)\s*", m.group("x"))
        for part in parts:
            part = re.sub(r"^(?:the|both|by)\s+|\s+provinces?$", "", part.strip())
            part = re.sub(r"^(police|the police)\s+in\s+(.+)$", r"\2 police", part)
            if not part or not (part[:1].isupper() or re.match(r"(?:police|security forces|army|CTD|FIA)\b", part)):
                continue   # 'wanted in cases of extortion': not a jurisdiction
            if len(part) < 40 and part not in p.wanted_in:
                p.wanted_in.append(part)
