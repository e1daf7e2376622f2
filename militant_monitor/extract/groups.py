"""Groups and security actors named in the text, and the links between groups."""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import cast

from . import lexicon, patterns
from .state import Evidence, GroupRec, Work

COMMON = {"state", "army", "movement", "front", "network", "group", "emirate", "department", "police",
          "force", "forces", "brigade", "party", "council", "province", "islamic", "liberation",
          "republican", "organisation", "organization", "corps", "frontier", "intelligence"}
GROUPISH = re.compile(r"\b(?:Lashkar|Jaish|Tehreek|Tehrik|Harkat|Jamaat|Jamat|Hizb|Hizbul|Sipah|Ansar|Ahrar|"
                      r"Jund|Jundallah|Tanzeem|Tanzim|Brigade|Army|Front|Movement|Taliban|Mujahideen|"
                      r"Mujahidin|Fidayeen|Islami|Islamic|Liberation|Khorasan)\b")
PREFIXED_FACTION = re.compile(r"(?<![ \t])[ \t]++(?P<name>(?:[A-Z][\w'\u2019-]++[ \t]++){1,3}(?:Group|group|Faction|faction))\b")
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"}
NEW_FACTION = re.compile(r"(?<![\w'’-])(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]+\s+){1,3}(?:[Gg]roup|[Ff]action|Brigade|Network))\s+(?:of|within)\s+(?:the\s+)?$")
ACRONYM_DEF = re.compile(r"(?<![\w'’-])(?P<long>(?:[A-Z][\w'’-]*\s+|(?:e|i|ul|al|of|the)[\s-]+){1,7}[A-Z][\w'’-]*)\s*\((?P<short>[A-Z][A-Za-z-]{1,7})\)")
NEW_GROUP_APPOS = re.compile(r"\b(?:the\s+)?(?P<name>(?:Ansar|Lashkar|Jaish|Harkat|Hizb|Jamaat|Tehreek|Tehrik|Sipah|Tanzeem|Jund|Majlis|Ittehad|Ittihad|Fidayeen)[\w]*(?:-(?:ul|e|i|al|ud|ut|us)-|\s+(?:ul|e|i|al)\s+|\s+(?:ul|al|ud|ut|us)-)[A-Z][\w]+(?:[\s-][A-Z][\w]+){0,2})\b")
OR_SAME = re.compile(r"^\s*+,?\s*+(?:or|also called|also known as|aka)\s++(?:the\s++)?[\"“]?\s*+$")
KNOWN_AS = re.compile(r"^\s*+\)?\s*+(?:\([^()]{1,12}\))?\s*+,?\s*+(?:which\s+is\s+|who\s+are\s+)?(?:locally|commonly|widely|popularly|better|also|locally\s+also)?\s*+(?:referred\s+to|known|called|dubbed)\s++(?:locally\s++)?as\s++(?:the\s++)?[\"“]?\s*+$")

LINK_CUES = [
    ("splinter", r"(?:had\s+)?broken\s+away\s+from|broke\s+off\s+from|splinter(?:ed)?(?:\s+(?:group|faction))?\s+(?:of|from)|breakaway\s+(?:faction|group)(?:\s+of)?|broke\s+away\s+from|split\s+from|splinted\s+from|separated\s+from|separation\s+from|defected\s+from"),
    ("faction", r"(?:folded|absorbed|merged)\s+(?:\w+\s+)?into|cover\s+(?:name|group|organi[sz]ation)\s+(?:used\s+)?(?:by|for)|(?:front|proxy|shadow\s+(?:group|outfit)|front\s+(?:group|organi[sz]ation|outfit)|face)\s+(?:for|of)|re-?joined|returned\s+to|includes|including|comprises|comprising|brings\s+together|faction\s+of|wing\s+of|arm\s+of|affiliate\s+of|branch\s+of|chapter\s+of|offshoot\s+of|merged\s+(?:back\s+)?(?:into|with)|part\s+of|under\s+the\s+(?:banner|umbrella)\s+of|pledged\s+allegiance\s+to|sworn\s+allegiance\s+to|pledge\s+of\s+allegiance\s+to|oath\s+of\s+allegiance\s+to|bay'?ah\s+to|(?:jointly\s+)?(?:formed|announced\s+the\s+(?:formation|creation)\s+of|announced|launched|created|set\s+up|established|co-founded)(?=\s+(?:the\s+|a\s+new\s+|an\s+)?[A-Z])"),
    ("ally", r"allied\s+with|ally\s+of|allies\s+of|alliance\s+with|joined\s+hands(?:\s+with)?|(?:strong\s+|close\s+)?ties\s+(?:with|to)|hand\s+in\s+glove\s+with|cooperat\w+(?:\s+with)?|collaborat\w+(?:\s+with)?|coordinat\w+(?:\s+with)?|partners?\s+of|worked\s+(?:together|in\s+tandem)(?:\s+with)?|in\s+tandem\s+with|formed\s+an\s+alliance"),
    ("linked", r"embedded\s+(?:with|in|within)|(?:is|are|remains?|was|were)\s+(?:heavily\s+|still\s+|largely\s+)?dependent\s+on|(?:relies|rely|relied|relying)\s+on|relationship\s+with|relations\s+with|links?\s+(?:with|to)|linked\s+(?:with|to)|liaison\s+with|connections?\s+(?:with|to)|associated\s+with|close\s+to|(?:drew|drawn|draws|drawing|received|receives|receiving|gets|got)\s+(?:\w+\s+){0,4}?from"),
    ("haven", r"allow\w*\s+(?:\w+\s+){0,3}?to\s+(?:shelter|hide|operate|regroup|train)|(?:given|giving|gave|give|offered|provided)\s+refuge\s+to|refuge\s+(?:in|to|for)|safe\s+havens?\s+(?:in|to|for)|sanctuar(?:y|ies)\s+(?:in|to|for)|shelter(?:ed)?\s+(?:by|to)|shelter(?:s|ing)(?=\s+(?:the\s+)?(?-i:[A-Z]))|under\s+the\s+protection\s+of|harbou?r(?:s|ed|ing)?"),
    ("rival", r"rivals?\s+(?:of|to)|adversar(?:y|ies)\s+of|opponents?\s+of|foes?\s+of|against|enem(?:y|ies)\s+of|(?:armed\s+)?groups\s+fighting(?=\s+(?:the\s+)?(?-i:[A-Z]))|fought|fighting\s+with|clash(?:ed|es)?\s+with|compet\w+\s+with"),
]
LINK_RX = re.compile(r"\b(?=\w\w)(?:" + "|".join(f"(?P<{rel}>{rx})" for rel, rx in LINK_CUES) + ")", re.I)
PROVIDES_HAVEN = re.compile(r"\b(?P<verb>provide[sd]?|providing|give[sn]?|gave|giving|offer(?:s|ed|ing)?|grant(?:s|ed|ing)?)\b[^.;]{1,60}?\b(?:(?P<with>with)\s+(?:a\s+)?(?:safe\s+haven|sanctuary|shelter|refuge)|(?P<with2>a)\s+(?:safe\s+haven|sanctuary|refuge)\b)", re.I)
REGARDS = re.compile(r"\b(?P<verb>regards?|regarded|sees|saw|views?|viewed|considers?|considered)\b[^.;]{1,80}?\b(?P<as>as)\s+(?:a|an|its|their|the)?\s*(?:\w+\s+){0,2}?(?P<what>rivals?|enem(?:y|ies)|adversar(?:y|ies)|threat|apostates?|infidels?|traitors?|heretics?|ally|allies|partners?)\b", re.I)
POSSESSIVE_APPOS = re.compile(r"(?<!\s)\s*+,\s*(?P<owner>[^,]{2,40}?)['\u2019]s\s+(?:\w+\s+){0,2}?(?:branch|affiliate|wing|faction|offshoot|chapter|arm|franchise|proxy|front)\b")
APPOSITIVE = re.compile(r"(?<!\s)\s*+,\s*(?:(?P<its>its|their)|a|an|the)\s+(?:\w+\s+){0,2}?(?P<cue>parent\s+(?:network|organi[sz]ation|group|movement|outfit)|breakaway\s+(?:faction|group)|splinter\s+(?:group|faction)|faction|offshoot|affiliate|wing|branch|proxy|front|front\s+(?:group|organi[sz]ation|outfit)|shadow\s+(?:group|outfit))\b(?:\s+of\s+(?:the\s+)?)?")


def _ok_case(text: str) -> bool:
    """Reject lower-case common-word uses of a name ('an Islamic state in Pakistan')."""
    head = re.sub(r"^(?:al|el|ul)[\s\-]+", "", text)
    if not head[:1].isupper():
        return False
    words = [w for w in re.split(r"[\s\-]+", text) if w.lower() not in ("al", "el", "ul", "e", "i", "of", "the")]
    generic = {"group", "faction", "network", "organisation", "organization", "outfit", "brigade"}
    for w in words:
        if w.lower() in COMMON and not w[:1].isupper():
            if w.lower() in generic and (len(words) >= 3 or words[0].lower() not in COMMON):
                continue   # 'the Hafiz Gul Bahadur group', 'the Haqqani network': a proper name before it
            return False
    return True


def read_groups(work: Work) -> None:
    """Find group and actor names per sentence; build one GroupRec per group."""
    matcher = lexicon.group_matcher()
    by_registry: dict[str, GroupRec] = {}
    text = work.text
    taliban_context = _taliban_side(text)
    kharijites = _kharijites(work)
    rec: GroupRec | None

    def registered(record, first_name: str) -> GroupRec:
        rec = by_registry.get(record.name)
        if rec is None:
            rec = GroupRec(name=first_name, registry=record)
            by_registry[record.name] = rec
            work.groups.append(rec)
        return rec

    for s in work.sentences:
        hits = []
        actors = []
        found = matcher.find(s.text)
        for m in (KHAWARIJ.finditer(s.text) if kharijites else ()):
            if any(h.start <= m.start() < h.end for h in found):
                continue
            rec = registered(kharijites, kharijites.name)
            _note_name(rec, m.group(0))
            rec.mentions.append((s.start + m.start(), s.start + m.end()))
            hits.append((s.start + m.start(), s.start + m.end(), rec))
        for h in found:
            if not _ok_case(h.text) and h.text not in h.entry.names:   # 'US forces' as registered
                continue
            entry = h.entry
            record = entry.record
            if entry.kind == "group" and lexicon.key(h.text) == "taliban":
                record = taliban_context
            if entry.kind == "actor":
                actors.append((s.start + h.start, s.start + h.end, h.text, record))
                continue
            rec = registered(record, h.text)
            _note_name(rec, h.text)
            acr = re.match(r"\s*\(([A-Z][A-Za-z\-]{1,7})\)", s.text[h.end:h.end + 12])
            if acr:
                _note_name(rec, acr.group(1))
            rec.mentions.append((s.start + h.start, s.start + h.end))
            hits.append((s.start + h.start, s.start + h.end, rec))
        # acronym definitions for groups the registry does not know: "Long Name (LN)"
        for m in ACRONYM_DEF.finditer(s.text):
            long_, short = m.group("long").strip(), m.group("short")
            lead = re.match(r"(?:(?:The|the|of|e|i|ul|al)\s+)+", long_)
            ls = s.start + m.start("long") + (lead.end() if lead else 0)
            le = s.start + m.end("long")
            long_ = long_[lead.end():] if lead else long_
            ending = [r for a, b, r in hits if a < le and b >= le - 1]
            if ending:
                _note_name(ending[0], short)
                continue
            if any(a < le and b > ls for a, b, _ in hits) or any(a < le and b > ls for a, b, *_ in actors):
                continue
            if GROUPISH.search(long_) and short.isupper() or GROUPISH.search(long_) and len(short) <= 5:
                rec = GroupRec(name=long_, aliases=[short])
                work.groups.append(rec)
                by_registry[long_] = rec
                rec.mentions.append((ls, le))
                hits.append((ls, s.start + m.end("short"), rec))
        # 'the Ansar-ul-Islam, a movement rooted in ...': a group the registry does not know
        for m in NEW_GROUP_APPOS.finditer(s.text):
            a0 = s.start + m.start("name")
            if any(a <= a0 < b for a, b, _ in hits):
                continue
            name = m.group("name")
            rec = by_registry.get(name)
            if rec is None:
                rec = GroupRec(name=name)
                by_registry[name] = rec
                work.groups.append(rec)
            rec.mentions.append((a0, a0 + len(name)))
            hits.append((a0, a0 + len(name), rec))
        # "the Khiyara Group of the Lashkar-e-Jhangvi": a faction the registry does not know
        for a, b, parent in list(hits):
            before = text[max(s.start, a - 60):a]
            fm = NEW_FACTION.search(before)
            if fm:
                name = fm.group("name").strip()
                start = a - len(before) + fm.start("name")
                rec = by_registry.get(name)
                if rec is None:
                    rec = GroupRec(name=name)
                    by_registry[name] = rec
                    work.groups.append(rec)
                ev = Evidence(s.start, s.end, "group.faction_of", 0.8)
                _add_link(rec, parent.name, "faction", ev)
                rec.mentions.append((start, start + len(name)))
                hits.append((start, start + len(name), rec))
        # "TTP Ustad Aslam Group", "LeJ Naeem Bukhari faction": a faction named after the group it belongs to
        for a, b, parent in list(hits):
            fm = PREFIXED_FACTION.match(text, b, s.end)
            if not fm or any(fm.start("name") <= h0 < fm.end("name") for h0, _, _ in hits):
                continue
            name = fm.group("name").strip()
            if name.split()[0] in MONTHS or name.split()[0] in ("The", "This", "That", "A", "An"):
                continue
            _faction_named(work, by_registry, hits, name, parent.name, (fm.start("name"), fm.end("name")),
                           Evidence(s.start, s.end, "group.faction_prefixed", 0.7))
        # "the BLA's Fateh Squad", "the group's Majeed Brigade": a unit the registry does not know
        for m in UNIT.finditer(s.text):
            owner = [h for h in hits if h[1] == s.start + m.start("own")] if m.group("own") else []
            unit_of = owner[0][2] if owner else (_recent_rec(work, hits, s) if m.group("grp") else None)
            name = m.group("name").strip()
            if unit_of is None or any(a <= s.start + m.start("name") < b for a, b, _ in hits):
                continue
            _faction_named(work, by_registry, hits, name, unit_of.name,
                           (s.start + m.start("name"), s.start + m.end("name")),
                           Evidence(s.start, s.end, "group.unit_of", 0.7))
        hits.sort(key=lambda x: x[0])
        work.group_hits[s.index] = hits
        work.actor_hits[s.index] = actors
    _merge_or_same(work)


KHARIJ_WORDS = r"(?:[Kk]hawarij|[Kk]hwarij|[Kk]harijis?|[Kk]hawarjis?)"
KHAWARIJ = re.compile(rf"(?<![\w-]){KHARIJ_WORDS}(?![\w-])")


def _kharijites(work: Work):
    """'khawarij' is what the Pakistani state calls the TTP's men, and what the Afghan Taliban
    call IS-K's: the group the word means in this document's country, if any."""
    if not KHAWARIJ.search(work.text):
        return None
    name = {"PK": "tehreek taliban pakistan", "AF": "islamic state khorasan"}.get(work.country or "")
    return lexicon.groups_by_key().get(name) if name else None


UNIT = re.compile(r"(?:(?P<own>)(?<=[A-Za-z])|(?P<grp>\b[Tt]he\s+(?:group|outfit|organi[sz]ation)))['\u2019]s\s+(?:elite\s+|suicide\s+)?(?P<name>(?:[A-Z][\w-]+\s+){1,2}(?:Squad|Brigade|Battalion|Unit|Wing|Force))\b")


def _recent_rec(work: Work, hits: list, s):
    """The group last named before this point: in this sentence, else in the ones before."""
    if hits:
        return hits[-1][2]
    for idx in range(s.index - 1, max(-1, s.index - 4), -1):
        hs = [h for h in work.group_hits.get(idx, []) if h[2].kind == "group"]
        if hs:
            return hs[-1][2]
    return None


def _taliban_side(text: str):
    """Bare 'Taliban' means the Afghan Taliban unless the piece is about Pakistan's Taliban."""
    index = lexicon.groups_by_key()
    afghan = index.get("afghan taliban")
    ttp = index.get("tehreek taliban pakistan")
    if afghan is None or ttp is None:
        return afghan or ttp
    if AFGHAN_TALIBAN_CUES.search(text):
        return afghan
    if re.search(r"\b(?:TTP|Pakistani Taliban|Tehr[ei]e?k)", text):
        return ttp   # a piece on Pakistan's Taliban that only mentions the Afghan border or Afghanistan
    return afghan


AFGHAN_TALIBAN_CUES = patterns.load("people")["group.taliban.afghan_context"].rx


def _note_name(rec: GroupRec, name: str) -> None:
    if lexicon.key(name) in {lexicon.key(n) for n in rec.names}:
        return
    if len(name) > len(rec.name) and not lexicon.is_acronym(name) and lexicon.is_acronym(rec.name):
        rec.aliases.append(rec.name)
        rec.name = name
    else:
        rec.aliases.append(name)


def _merge_or_same(work: Work) -> None:
    """'Daesh, or the Islamic State-Khorasan (IS-K)': two names of one group in this text."""
    for s in work.sentences:
        hits = work.group_hits.get(s.index, [])
        for (a1, b1, r1), (a2, b2, r2) in zip(hits, hits[1:]):
            if r1 is r2:
                continue
            if OR_SAME.match(work.text[b1:a2]) or KNOWN_AS.match(work.text[b1:a2]):
                keep, drop = (r2, r1) if OR_SAME.match(work.text[b1:a2]) else (r1, r2)
                if drop is not r1:
                    a1, b1 = a2, b2   # the name that joins the other group is the second one
                surface = work.text[a1:b1]
                other_names = [n for n in drop.names if lexicon.key(n) != lexicon.key(surface)]
                if other_names and any(lexicon.key(work.text[a:b]) != lexicon.key(surface) for a, b in drop.mentions):
                    # the group is named otherwise elsewhere: only this name joins the other group
                    _note_name(keep, surface)
                    work.group_hits[s.index] = [(a, b, keep if (a, b) == (a1, b1) else r) for a, b, r in hits]
                    drop.mentions = [(a, b) for a, b in drop.mentions if (a, b) != (a1, b1)]
                    if lexicon.key(drop.name) == lexicon.key(surface) and drop.mentions:
                        a, b = drop.mentions[0]   # 'Daesh' went to IS-K: the other group is named as elsewhere
                        drop.name = work.text[a:b]
                        drop.aliases = [n for n in drop.aliases if lexicon.key(n) not in (lexicon.key(surface), lexicon.key(drop.name))]
                    continue
                for n in drop.names:
                    _note_name(keep, n)
                keep.mentions += drop.mentions
                for idx, hs in work.group_hits.items():
                    work.group_hits[idx] = [(a, b, keep if r is drop else r) for a, b, r in hs]
                if drop in work.groups:
                    work.groups.remove(drop)


LINKS = patterns.load("links")
REACH = 600   # characters a link cue reads around itself
RECENT = 12   # the last groups of an earlier sentence that a pronoun or 'both' may mean
NEGATED = re.compile(r"\b(?:no|not|never|denied|denies|without)\s+(?:\w+\s+){0,2}$")
BOTH = re.compile(r"(?<!\s)\s*+(?:of\s+|with\s+|to\s+)?both\b")
PRONOUN = re.compile(r"\b(?:he|she|his|her)\b", re.I)


def _named_owner_links(work: Work, s, hits: list) -> None:
    """'The Resistance Front, a Lashkar proxy': the group named inside the appositive owns the other."""
    starts = [h[0] for h in hits]
    for a, b, rec in hits:
        m = LINKS["link.named_owner"].rx.match(work.text, b, s.end)
        if not m:
            continue
        if re.search(r"(?i)\b(?:anti|pro|non)\s*-?\s*\S*$", m.group("owner")):
            continue   # 'an anti-Taliban front', 'a pro-government proxy': not the group's own
        owner = [h[2] for h in _within(hits, starts, m.start("owner"), m.end("owner")) if h[1] == m.end("owner")] \
            or _short_form(work, m.group("owner").split()[-1])
        if owner and owner[0] is not rec:
            _add_link(rec, owner[0].name, "faction", Evidence(s.start, s.end, "group.link.named_owner", 0.7))


def _within(hits: list, starts: list, start: int, end: int) -> list:
    """The hits (sorted by start; ``starts`` their starts) that start in [start, end]."""
    return hits[bisect_left(starts, start):bisect_right(starts, end)]


def _last_other(hits: list, i: int, rec: GroupRec):
    """The last group named before hit ``i`` that is not ``rec``, within REACH characters."""
    for j in range(i - 1, -1, -1):
        if hits[i][0] - hits[j][0] > REACH:
            break
        if hits[j][2] is not rec:
            return hits[j][2]
    return None


def _short_form(work: Work, word: str) -> list:
    """The one group of the document whose name opens with ``word`` ('Lashkar' for Lashkar-e-Taiba
    when no other Lashkar is named); none when the word is not a capitalised name or is shared."""
    if not word[:1].isupper() or lexicon.key(word) in COMMON:
        return []
    found = [g for g in work.groups if g.kind == "group"
             and any(re.split(r"[\s\-]+", n)[0].lower() == word.lower() for n in g.names)]
    return found if len(found) == 1 else []


def _merger_links(work: Work, s, hits: list, local: str) -> None:
    """'The BNA came into being after the amalgamation of the BRA and the UBA': the group named
    before the cue was made of the groups coordinated after it."""
    starts = [h[0] for h in hits]
    for m in LINKS["link.merger_of"].finditer(local):
        cs, ce = s.start + m.start(), s.start + m.end()
        before = [h for h in _within(hits, starts, cs - REACH, cs) if h[1] <= cs and local[h[0] - s.start:h[1] - s.start].strip()]
        after = _within(hits, starts, ce, ce + 3)
        if not before or not after:
            continue
        made = before[-1][2]
        if not m.group(0).lower().startswith(("formed", "created", "born", "founded", "set")) \
                and not LINKS["link.made_by_merger"].rx.search(local, before[-1][1] - s.start, m.start()):
            continue   # 'The TTP opposed the merger of A and B': not a group the merger made
        parts = [h for h in _within(hits, starts, after[0][0], after[0][0] + REACH) if local[h[0] - s.start:h[1] - s.start].strip()]
        for part in _coordinated(work.text, parts, backwards=False):
            if part is not made:
                _add_link(made, part.name, "linked", Evidence(s.start, s.end, "group.link.merger_of", 0.7))


def _franchise_links(work: Work) -> None:
    """A franchise named after its parent, both named in the text: 'Islamic State's Khorasan Province'
    and 'Islamic State', 'al-Qaeda in the Indian Subcontinent' and 'al-Qaeda'."""
    rx = LINKS["link.franchise_name"].rx
    groups = [g for g in work.groups if g.kind == "group" and g.mentions]
    for rec in groups:
        own = {work.text[a:b] for a, b in rec.mentions}
        for parent in groups:
            if parent is rec:
                continue
            said = {work.text[a:b] for a, b in parent.mentions}
            if any(f.lower().startswith(p.lower()) and rx.match(f[len(p):]) for f in own for p in said):
                a, b = rec.mentions[0]
                _add_link(rec, parent.name, "faction", Evidence(a, b, "group.link.franchise_name", 0.7))


def _add_link(rec: GroupRec, other: str, relation: str, ev: Evidence) -> None:
    if lexicon.key(other) == lexicon.key(rec.name):
        return
    if any(lexicon.key(o) == lexicon.key(other) for o, _, _ in rec.links):
        return
    rec.links.append((other, relation, ev))


def _strip_asides(text: str) -> str:
    """Blank out parentheses, dash asides and 'headed by X' so they do not act as subjects."""
    def blank(m):
        return " " * len(m.group(0))
    text = re.sub(r"\([^()]*\)", blank, text)
    text = re.sub(r"[\u2014\u2013][^\u2014\u2013]*[\u2014\u2013]", blank, text)
    text = re.sub(r",\s*(?:headed|led|founded|run)\s+by\s+[^,]*,?", blank, text)
    return text


def read_links(work: Work) -> None:
    """Links between groups: splinter, faction, ally, linked, haven, rival."""
    prev_subject = None
    for s in work.sentences:
        hits = work.group_hits.get(s.index, [])
        persons = work.person_hits.get(s.index, [])
        earlier_subject = prev_subject
        if hits:
            first = hits[0][2]
            if not persons or hits[0][0] < persons[0][0]:
                prev_subject = first
        if not hits:
            continue
        local = _strip_asides(work.text[s.start:s.end])
        starts = [h[0] for h in hits]
        # "the group's Majeed Brigade", "its suicide squad, the X": a faction of the group in focus
        for i, (a, b, rec) in enumerate(hits):
            pm = re.search(r"(?:\b(?:the\s+group|the\s+outfit|its)['\u2019]?s?\s+|['\u2019]s\s+)$", work.text[max(s.start, a - 16):a])
            if pm:
                owner = None
                if work.text[max(s.start, a - 3):a].startswith(("'s", "\u2019s")) and i > 0 and hits[i - 1][1] >= a - 3:
                    owner = hits[i - 1][2]
                elif re.search(r"group|outfit|its", pm.group(0)):
                    owner = _last_other(hits, i, rec) or prev_subject
                if owner is not None and owner is not rec:
                    _add_link(rec, owner.name, "faction", Evidence(s.start, s.end, "group.link.possessive", 0.6))
        # 'the Afghan Taliban provide the TTP with safe haven'
        for m in PROVIDES_HAVEN.finditer(local):
            a_ = [h for h in _within(hits, starts, s.start + m.start() - REACH, s.start + m.start("verb")) if h[1] <= s.start + m.start("verb")]
            w_at = m.start("with") if m.group("with") else m.start("with2")
            b_ = _within(hits, starts, s.start + m.end("verb"), s.start + w_at)
            if a_ and b_ and a_[-1][2] is not b_[0][2]:
                _add_link(a_[-1][2], b_[0][2].name, "haven", Evidence(s.start, s.end, "group.link.haven", 0.7))
        # 'Al Qaeda's regional branch, AQIS'
        for i, (a, b, rec) in enumerate(hits[:-1]):
            nxt = hits[i + 1]
            if re.fullmatch(r"(?:\s+group)?['\u2019]s\s+(?:\w+\s+){0,2}(?:branch|affiliate|wing|franchise|chapter|offshoot)\s*,\s*(?:(?:known|called)\s+as\s+)?(?:the\s+)?", work.text[b:nxt[0]]):
                _add_link(nxt[2], rec.name, "faction", Evidence(s.start, s.end, "group.link.branch_of", 0.7))
        # 'The TTP ... regards LeI as a rival rather than a partner'
        for m in REGARDS.finditer(local):
            a_ = hits[:1] if hits[0][1] <= s.start + m.start("verb") else []   # the sentence's first group
            b_ = _within(hits, starts, s.start + m.end("verb"), s.start + m.start("as"))
            rel = "rival" if re.match(r"rival|enem|adversar|threat|apostat|infidel|traitor|heretic", m.group("what"), re.I) else "ally"
            for obj in b_ if a_ else ():   # 'regards both the TTP and the Afghan Taliban as apostates'
                if a_[0][2] is not obj[2]:
                    _add_link(a_[0][2], obj[2].name, rel, Evidence(s.start, s.end, f"group.link.{rel}", 0.7))
        # 'The group, which has long competed with the TTP': the group is the one in focus
        focus = earlier_subject if hits[0][0] > s.start + 2 else prev_subject   # not the group this sentence names
        if re.match(r"\s*(?:The\s+(?:group|outfit|organi[sz]ation)|It|Its)\b", local) and focus is not None:
            first_end = min(h[1] for h in hits)
            for m in LINK_RX.finditer(local):
                if first_end <= s.start + m.start():
                    break   # a group named before the cue is its subject, here and for every later cue
                after = _within(hits, starts, s.start + m.end(), s.start + m.end() + 40)
                if after and after[0][2] is not focus:
                    _add_link(focus, after[0][2].name, cast(str, m.lastgroup), Evidence(s.start, s.end, f"group.link.{m.lastgroup}", 0.6))
        # appositives: "Jamaat ul Ahrar, its breakaway faction", "Hizbul Ahrar, a splinter group of the JuA"
        for i, (a, b, rec) in enumerate(hits):
            am = APPOSITIVE.match(work.text, b, s.end)
            if not am:
                continue
            rel = "splinter" if re.search(r"breakaway|splinter", am.group("cue")) else "faction"
            other = None
            if am.group(0).rstrip().endswith(("of", "the")):
                nxt = _within(hits, starts, am.end(), am.end() + 3)
                other = nxt[0][2] if nxt else None
            elif am.group("its"):
                other = _last_other(hits, i, rec) or prev_subject
            if other is not None and other is not rec:
                _add_link(rec, other.name, rel, Evidence(s.start, s.end, "group.link.appositive", 0.8))
        _named_owner_links(work, s, hits)
        _merger_links(work, s, hits, local)
        # 'AQIS, al-Qaeda's regional branch'
        for i, (a, b, rec) in enumerate(hits):
            pm = POSSESSIVE_APPOS.match(work.text, b, s.end)
            if pm:
                owner = _within(hits, starts, pm.start("owner"), pm.end("owner") - 1)
                if owner and owner[0][2] is not rec:
                    _add_link(rec, owner[0][2].name, "faction", Evidence(s.start, s.end, "group.link.branch_of", 0.7))
        # 'The group, the regional branch of the Middle East-based Islamic State': the group in focus
        tm = THE_GROUP_APPOS.match(s.text)
        if tm and earlier_subject is not None:
            owner = [h for h in hits if h[0] == s.start + tm.end()]
            if owner and owner[0][2] is not earlier_subject:
                rel = "splinter" if re.search(r"splinter|breakaway", tm.group(0)) else "faction"
                _add_link(earlier_subject, owner[0][2].name, rel, Evidence(s.start, s.end, "group.link.appositive", 0.7))
        # 'The SRA joined the alliance in 2020': the alliance named before
        joins = list(JOINED_ALLIANCE.finditer(local))
        alliance = _last_alliance(work, s) if joins else None
        for m in joins:
            subj = [h for h in _within(hits, starts, s.start + m.start() - REACH, s.start + m.start()) if h[1] <= s.start + m.start()]
            if subj and alliance is not None and subj[-1][2] is not alliance:
                _add_link(subj[-1][2], alliance.name, "faction", Evidence(s.start, s.end, "group.link.joined_alliance", 0.7))
        # 'ISIS-K has been the Taliban's most serious armed rival'
        for (a1, b1, r1), (a2, b2, r2) in zip(hits, hits[1:]):
            if r1 is r2 or not re.fullmatch(r"\s+(?:is|was|are|were|has\s+been|have\s+been|had\s+been|remains?|became|becomes)\s+(?:\w+\s+){0,2}?(?:the\s+)?", work.text[b1:a2]):
                continue
            pm = re.match(r"['\u2019]s?\s+(?:[\w-]+\s+){0,3}?(?P<what>rivals?|enem(?:y|ies)|adversar(?:y|ies)|opponents?|foes?|allies|ally|partners?|proxy|affiliate|branch|wing|offshoot|faction|front)\b", work.text[b2:b2 + 60])
            if pm:
                what = pm.group("what").lower()
                rel = "rival" if re.match(r"rival|enem|adversar|opponent|foe", what) else "ally" if re.match(r"all|partner", what) else "faction"
                _add_link(r1, r2.name, rel, Evidence(s.start, s.end, f"group.link.{rel}", 0.7))
        # 'The regional branch of the Islamic State group, ISIS-K has been ...'
        fm = re.match(r"\s*(?:The|A|An)\s+(?:[\w-]+\s+){0,2}?(?:branch|affiliate|wing|offshoot|faction|chapter|franchise|splinter(?:\s+group)?|front|proxy)\s+of\s+(?:the\s+)?", s.text)
        if fm and len(hits) >= 2 and hits[0][0] == s.start + fm.end() and re.fullmatch(r"(?:\s+group)?\s*,\s*(?:the\s+)?", work.text[hits[0][1]:hits[1][0]]) \
                and hits[0][2] is not hits[1][2]:
            _add_link(hits[1][2], hits[0][2].name, "faction", Evidence(s.start, s.end, "group.link.appositive", 0.7))
        # 'The two groups have for years been rivals'
        tg = re.match(r"\s*(?:The|These|Both)\s+(?:two\s+)?(?:groups|organi[sz]ations|outfits)\b[^.;]{0,60}?\b(?P<what>rivals?|allies|partners|enemies|allied|competing|coordinat\w*|cooperat\w*|collaborat\w*|work(?:ed)?\s+together)\b", local)
        if tg:
            prior = []
            for idx in range(s.index - 1, max(-1, s.index - 4), -1):
                for h in reversed(work.group_hits.get(idx, [])[-RECENT:]):
                    if h[2] not in prior:
                        prior.append(h[2])
            if len(prior) >= 2:
                rel = "rival" if re.match(r"rival|enem|compet", tg.group("what")) else "ally"
                _add_link(prior[0], prior[1].name, rel, Evidence(s.start, s.end, f"group.link.{rel}", 0.6))
        view = _blank_appositives(local)   # 'A, its breakaway faction, and B merged into C': A and B
        people_at = sorted(persons)
        for m in LINK_RX.finditer(local):
            rel = cast(str, m.lastgroup)   # every alternative of LINK_RX is a named group
            cs, ce = s.start + m.start(), s.start + m.end()
            # what a cue reads lies within REACH characters of it: a long line costs no more per cue
            near = hits[bisect_left(starts, cs - REACH):bisect_right(starts, ce + REACH)]
            near_people = people_at[bisect_left(people_at, (cs - REACH,)):bisect_right(people_at, (ce,))]
            if NEGATED.search(local, max(0, m.start() - 60), m.start()):
                continue   # 'the group had no links with the TJP'
            bm = BOTH.match(local, m.end())
            if bm and len([h for h in near if 0 <= h[0] - (s.start + bm.end()) <= 80]) >= 2:
                bm = None   # 'an enemy of both the Afghan Taliban and the TTP': the two named after
            if bm:
                # 'The Islamic State group is a rival of both': the two groups named just before
                subj = [h for h in near if h[1] <= cs]
                if not subj:
                    continue
                subject = subj[0][2]   # the sentence's subject: 'The LeJ ... with both of them'
                prior = []
                for h in reversed([h for h in subj if h[2] is not subject]):
                    if h[2] not in prior:
                        prior.append(h[2])
                for idx in range(s.index - 1, max(-1, s.index - 3), -1):
                    for h in reversed(work.group_hits.get(idx, [])[-RECENT:]):
                        if h[2] not in prior and h[2] is not subject:
                            prior.append(h[2])
                if len(prior) >= 2:
                    for obj in prior[:2]:
                        _add_link(subject, obj.name, rel, Evidence(s.start, s.end, f"group.link.{rel}", 0.6))
                continue

            # the subject: the last entity before the cue, outside asides
            before_groups = [h for h in near if h[1] <= cs and view[h[0] - s.start:h[1] - s.start].strip()]
            before_people = [p for p in near_people if p[1] <= cs and local[p[0] - s.start:p[1] - s.start].strip()]
            if not before_groups:
                # 'Both continue to enjoy a safe haven ... where the Afghan Taliban': the last two groups
                if re.match(r"\s*(?:Both|The two (?:groups|organi[sz]ations|outfits))\b", local):
                    prior = []
                    for idx in range(s.index - 1, max(-1, s.index - 6), -1):
                        for h in reversed(work.group_hits.get(idx, [])[-RECENT:]):
                            if h[2] not in prior:
                                prior.append(h[2])
                    after = [h[2] for h in near if h[0] >= ce and h[0] - ce <= 60]
                    if len(prior) >= 2:
                        for subj in prior[:2]:
                            for obj in after[:1] if after else []:
                                if subj is not obj:
                                    _add_link(subj, obj.name, rel, Evidence(s.start, s.end, f"group.link.{rel}", 0.6))
                continue
            last_group_end = before_groups[-1][1]
            if any(p[1] > last_group_end for p in before_people) \
                    or PRONOUN.search(local, last_group_end - s.start, m.start()):
                continue
            subjects = _coordinated(view, before_groups[::-1], backwards=True, offset=s.start)
            after = [h for h in near if h[0] >= ce and h[0] - ce <= 60]
            if not after and LINKS["link.anaphor_object"].rx.match(work.text[ce:ce + 40]):
                # 'split from it', 'provided safe havens to the group': the group named before the subject
                prior = [h[2] for h in near if h[1] <= cs and h[2] not in subjects]
                if not prior:
                    for idx in range(s.index - 1, max(-1, s.index - 3), -1):
                        prior = [h[2] for h in work.group_hits.get(idx, [])[-RECENT:] if h[2] not in subjects]
                        if prior:
                            break
                if prior:
                    for subj in subjects:
                        _add_link(subj, prior[-1].name, rel, Evidence(s.start, s.end, "group.link.anaphor", 0.6))
                continue
            if not after:
                # reciprocal: 'the LeJ and AQIS have collaborated'
                gap = work.text[before_groups[-1][1]:cs]
                if len(subjects) > 1 and rel in ("ally", "linked", "rival") and len(gap) <= 60 and "," not in gap:
                    for i, a in enumerate(subjects):
                        for b in subjects[i + 1:]:
                            if a is not b:
                                _add_link(a, b.name, rel, Evidence(s.start, s.end, f"group.link.{rel}", 0.7))
                continue
            objects = _coordinated(work.text, after, backwards=False)
            for subj in subjects:
                for obj in objects:
                    if subj is not obj:
                        _add_link(subj, obj.name, rel, Evidence(s.start, s.end, f"group.link.{rel}", 0.7))

    _franchise_links(work)


THE_GROUP_APPOS = re.compile(r"(?<!\s)\s*+(?:The\s+(?:group|outfit|organi[sz]ation|movement|network)|It)\s*+,\s*(?:a|an|the|its)\s+(?:[\w-]+\s+){0,2}?(?:branch|affiliate|wing|offshoot|faction|chapter|franchise|splinter\s+group|breakaway\s+faction|front|proxy)\s+of\s+(?:the\s+)?(?:(?:[A-Z]\w*\s+)?[\w-]+-based\s+)?")
JOINED_ALLIANCE = re.compile(r"\b(?:joined|joins|joining|became\s+(?:a\s+)?(?:member|part)\s+of)\s+(?:the|this|that)\s+(?:alliance|umbrella|coalition|conglomerate|platform|front|grouping)\b")
ALLIANCE_AFTER = re.compile(r"^\s*+(?:\([^()]{1,12}\)\s*+)?(?:,\s*(?:an?|the|which\s+is\s+an?)|(?<=\s)(?:is|was|became)\s+(?:an?|the))\s+(?:[\w-]+\s+){0,2}?(?:alliance|umbrella|coalition|conglomerate|grouping)\b")


def _last_alliance(work: Work, s):
    """The group last described as an alliance ('the BRAS, an alliance meant to ...')."""
    for idx in range(s.index, max(-1, s.index - 6), -1):
        for a, b, rec in reversed(work.group_hits.get(idx, [])):
            if ALLIANCE_AFTER.match(work.text[b:b + 60]):
                return rec
    return None


def _blank_appositives(text: str) -> str:
    """``text`` with closed appositives that describe a group blanked (offsets kept)."""
    return LINKS["link.appositive_aside"].rx.sub(lambda m: " " * len(m.group(0)), text)


# the words between coordinated groups: 'A, B and C', 'A (AB) and the banned C' (one run of spaces
# per slot, so a long blank cannot be split many ways)
COORDINATION = re.compile(r"\s*(?:\([^()]*\)\s*)?(?:(?:,\s*and|,|and|or|&)\s*)?(?:both\s+)?(?:the\s+)?(?:(?:smaller|larger|little-known|newer|older|banned|outlawed|proscribed|separatist|militant|breakaway|rival)\s+)?")


def _coordinated(text: str, hits: list, backwards: bool, offset: int = 0) -> list:
    """A group and those coordinated with it: 'A, B and C', 'both A and B'; ``text`` starts at
    ``offset`` of the document (a sentence view) or is the document."""
    out = [hits[0][2]]
    for prev, nxt in zip(hits, hits[1:]):
        gap = text[nxt[1] - offset:prev[0] - offset] if backwards else text[prev[1] - offset:nxt[0] - offset]
        if COORDINATION.fullmatch(gap):
            out.append(nxt[2])
        else:
            break
    return out


def _faction_named(work, by_registry: dict, hits: list, name: str, parent: str, at: tuple[int, int],
                   ev: Evidence) -> None:
    """A faction or unit named at ``at`` (the group of that name, made when new) linked to ``parent``."""
    rec = by_registry.get(name)
    if rec is None:
        rec = GroupRec(name=name)
        by_registry[name] = rec
        work.groups.append(rec)
    _add_link(rec, parent, "faction", ev)
    rec.mentions.append(at)
    hits.append((at[0], at[1], rec))
