"""Events: bombings, attacks, clashes, kidnappings and arrests, read sentence by sentence.

A sentence with a specific trigger ("a suicide bombing", "the blast", "were
killed", "was arrested") starts an event or adds to the one it refers to.
Plural, hedged and future mentions ("scores of attacks", "whether it was a
suicide attack", "planning to attack") do not start events.

The trigger words and the cue patterns live in data/patterns/events.yaml (event.*) and
perpetrators.yaml (perp.*, event.perp.*), each with its examples; the count patterns built from the
shared vocabulary (NUMQ, PERSON_NOUN, KILL_VERB) are composed here.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice, pairwise
from typing import cast

from ..model.types import NUMBER, parse_count, parse_iso
from . import lexicon, parse, patterns
from .dates import shift
from .places import compatible, empty_place, more_specific, place_hits, read_place, same_site
from .groups import KHAWARIJ
from .patterns import load as load_patterns
from .state import EventRec, Work
from .text import Sentence

EVENT_PATTERNS = load_patterns("events")   # data/patterns/events.yaml
PERP = load_patterns("perpetrators")   # data/patterns/perpetrators.yaml
TRIGGER_TYPES = ("suicide_bombing", "bombing", "clash", "kidnapping", "targeted_killing", "armed_assault", "arrest", "attack")
TRIGGERS = [(t, EVENT_PATTERNS[f"event.trigger.{t}"].rx.pattern) for t in TRIGGER_TYPES]   # data/patterns/events.yaml; order is precedence
TRIGGER_RX = re.compile(r"\b(?:" + "|".join(f"(?P<{t}>{p})" for t, p in TRIGGERS) + r")\b", re.I)
PLURAL_AFTER = re.compile(r"^s\b|^es\b")
HEDGE = EVENT_PATTERNS["event.trigger.hedged"].rx
FUTURE = EVENT_PATTERNS["event.trigger.future"].rx
NOVELTY = EVENT_PATTERNS["event.novelty.word"].rx
DEFINITE = EVENT_PATTERNS["event.refer.definite"].rx

PERSON_NOUN = (r"(?:people|persons|civilians|soldiers|troops|policemen|police\s+officers|officers|personnel|cops|"
               r"militants|terrorists|fighters|commanders|members|passengers|children|women|men|worshippers|"
               r"labourers|workers|students|others|pilgrims|guards|officials|players|insurgents|attackers|suspects|"
               r"levies|rangers|FC\s+personnel|security\s+personnel|security\s+men|jawans|accomplices|associates|"
               r"companions|bystanders|individuals|victims|guests|commandos|employees|passers-by|passersby|villagers|"
               r"tribesmen|residents|shoppers|devotees|mourners|security\s+officials|lawyers|journalists|teachers|constables|"
               r"paramilitaries|troopers|FC\s+men|Levies\s+men|coal\s+miners|miners|kidnappers|abductors|gunmen|assailants|"
               r"hostages|vaccinators|contractors|engineers|recruits|trainees|cadets|pilgrims|mourners|worshipers|tourists|visitors|"
               r"traders|shopkeepers|farmers|drivers|commuters|doctors|nurses|patients|boys|girls|Hazaras|Shias|Sikhs|Hindus|"
               r"Christians|porters|border\s+guards|security\s+guards|army\s+personnel|police\s+personnel|paramilitary\s+personnel|"
               r"FC\s+soldiers|army\s+men|policemen|khasadars|peace\s+committee\s+members|volunteers|aid\s+workers|polio\s+workers|"
               r"khwarij|khawarij|kharijis|khawarjis|dacoits|outlaws|miscreants|infiltrators|intruders|rebels|"
               r"police(?!\s+(?:stations?|posts?|vans?|vehicles?|mobiles?|lines|chowki|headquarters|convoy|party|team)\b))")
NUMQ = rf"(?:at\s+least\s+|more\s+than\s+|over\s+|around\s+|about\s+|nearly\s+|some\s+|up\s+to\s+|as\s+many\s+as\s+|(?P<btw>between\s+))?(?<![\d./:])(?<!\d-)(?<!Jan )(?<!Feb )(?<!Mar )(?<!Apr )(?<!May )(?<!Jun )(?<!Jul )(?<!Aug )(?<!Sep )(?<!Sept )(?<!Oct )(?<!Nov )(?<!Dec )(?<!ary )(?<!rch )(?<!pril )(?<!une )(?<!uly )(?<!gust )(?<!ber )(?<!Jan\. )(?<!Feb\. )(?<!Aug\. )(?<!Sept\. )(?<!Oct\. )(?<!Nov\. )(?<!Dec\. )(?!(?:19|20)\d\d\b)(?P<n>{NUMBER})(?![./:]\d)(?!\s*(?:hours|hrs|am|pm|AM|PM|kg|km)\b)(?(btw)\s+(?:and|to)\s+{NUMBER}|(?:\s*(?:-|\u2013|to)\s*{NUMBER}(?=\s))?)"
KILL_VERB = r"(?:embraced\s+(?:martyrdom|shahadat)|(?:were|was)\s+sent\s+to\s+hell|killed|killing|martyred|(?:found\s+)?dead|died|lost\s+their\s+lives|shot\s+dead|gunned\s+down|neutrali[sz]ed|perished|slain|succumbed)"
INJ_VERB = r"(?:injured|injuring|wounded|wounding|hurt|received\s+injuries|sustained\s+injuries|suffered\s+injuries)"
MOD = r"(?:[\w()'\u2019\u201c\u201d\"-]+\s+){0,4}?[\"\u201c]?"
K_AFTER = re.compile(rf"\b(?:killed|killing|martyred|claimed\s+the\s+lives\s+of|shot\s+dead|gunned\s+down|left)\s+{NUMQ}\s*(?:\s{MOD}{PERSON_NOUN}|\s+of\s+(?:them|those|the\s+(?:militants|attackers|assailants|terrorists|gunmen|insurgents))\b|(?=\s+and\b)|(?=[,.;]|$))", re.I)
K_BEFORE = re.compile(rf"{NUMQ}(?:\s+{MOD}{PERSON_NOUN})?(?:\s*,\s*[^,]{{3,100}},|\s*[\"\u201c][^\"\u201d]{{3,120}}[\"\u201d])?\s+(?:were|have\s+been|had\s+been|was|are|got)?\s*(?:\w+ly\s+)?{KILL_VERB}", re.I)
K_SUM = re.compile(rf"{NUMQ}\s+{MOD}{PERSON_NOUN}\s+and\s+(?P<n2>{NUMBER})\s+{MOD}{PERSON_NOUN}\s+(?:(?:were|have\s+been|had\s+been)\s+)?{KILL_VERB}", re.I)
K_NAMED_PLUS = re.compile(rf"(?:and|along\s+with|with)\s+(?:his\s+|their\s+)?(?P<n>{NUMBER}|a|an)\s+(?:of\s+(?:his|their)\s+)?(?:\w+\s+)?(?:accomplices?|associates?|companions?|commanders?|fighters?|aides?|guards?|bodyguards?|men|others|militants?|sons?|brothers?|drivers?)\b", re.I)
RANK = patterns.load("events_recall")["event.person.rank"].rx.pattern   # 'one Army captain': one man
PERSON_SG = rf"(?:{RANK}|soldier|civilian|policeman|police\s+officer|officer|constable|militant|child|woman|man|passer-by|passerby|bystander|guard|official|worker|student|teacher|journalist|cleric|commander|porter|driver|sepoy|labourer|boy|girl|trader|shopkeeper|passenger|pedestrian)"
K_SUM2 = re.compile(rf"(?:\b(?:killed|killing|martyred|claimed\s+the\s+lives\s+of)\s+|^|(?<=[.,;:]\s))(?P<a>[Aa]|[Aa]n|[Oo]ne|{NUMBER})\s+{MOD}(?:{PERSON_SG}s?|{PERSON_NOUN})\s+and\s+(?P<b>{NUMBER})\s+{MOD}{PERSON_NOUN}(?!\s+(?:were|was|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:injured|wounded|hurt))(?:\s+(?:were|have\s+been)\s+(?:\w+ly\s+)?{KILL_VERB})?", re.I)
K_SUM3 = re.compile(rf"{NUMQ}\s+{MOD}{PERSON_NOUN}\s+and\s+(?:a|an|one)\s+(?:[\w-]+\s+){{0,2}}?{PERSON_SG}(?:\s*,[^,]{{1,40}},)?\s+(?:were|have\s+been|had\s+been)\s+(?:\w+ly\s+)?{KILL_VERB}", re.I)
K_LISTED = re.compile(rf"{NUMQ}\s+{MOD}{PERSON_NOUN}\s*,[^.;]{{0,220}}?,\s+(?:having\s+[^,.;]{{1,40}},\s+)?(?:were\s+|have\s+been\s+)?{KILL_VERB}", re.I)   # 'two soldiers, A, 36, and B, 24, embraced shahadat'
K_AMONG = re.compile(rf"\bamong\s+(?:the\s+)?{NUMQ}\s+(?:{MOD}{PERSON_NOUN})\s+(?:killed|dead|slain)", re.I)
K_ONE_PASSIVE = EVENT_PATTERNS["event.killed.one_passive"].rx
I_ONE = EVENT_PATTERNS["event.injured.one"].rx
KILLING_OF_BY = patterns.load("events_recall")["event.trigger.killing_of_by"].rx
DEAD_BELONGED = patterns.load("events_recall")["event.perp.clash.dead_belonged"].rx
OF_UNIT = patterns.load("events_recall")["event.toll.of_unit"].rx.pattern
I_OF_UNIT = re.compile(rf"{NUMQ}\s+{MOD}{PERSON_NOUN}\s+{OF_UNIT}{INJ_VERB}", re.I)   # 'six members of the ATF were injured'
I_ONE_PERSON = patterns.load("events_recall")["event.injured.one_person"].rx
K_ONE = EVENT_PATTERNS["event.killed.one"].rx
I_AFTER = re.compile(rf"\b(?:injured|injuring|wounded|wounding|hurt)\s+{NUMQ}\s*(?:\s{MOD}{PERSON_NOUN}|(?=\s*[,.;(]|$)|(?=\s+(?:others|more)\b))", re.I)
I_BEFORE = re.compile(rf"{NUMQ}(?:\s+{MOD}{PERSON_NOUN})?(?:\s*,\s*[^,]{{3,60}},|\s+who\s+[^,.;]{{3,50}}?(?=\s+were))?\s+(?:were|have\s+been|had\s+been|was|are|also)?\s*{INJ_VERB}", re.I)
I_SUM = re.compile(rf"{NUMQ}\s+{MOD}{PERSON_NOUN}\s+and\s+(?P<n2>{NUMBER}|an?|one)\s+(?:[\w-]+\s+){{0,2}}?[\w-]+\s+(?:were|have\s+been|had\s+been)\s+(?:also\s+)?{INJ_VERB}", re.I)
K_THEM = re.compile(rf"{NUMQ}\s+{MOD}{PERSON_NOUN}\b[^.;]{{0,90}}?\b(?:and|before)\s+(?:then\s+)?(?:shot|killed|executed|gunned\s+down|beheaded|slaughtered)\s+(?:them|all\s+of\s+them)\b", re.I)
SECURITY_DEAD = EVENT_PATTERNS["event.killed.security_noun"].rx
MILITANT_NOUN = EVENT_PATTERNS["event.killed.militant_noun"].rx
MORE_KILLED = re.compile(rf"{NUMQ}\s+more\s+(?:[\w-]+\s+){{0,2}}?{PERSON_NOUN}\s+(?:were|have\s+been|had\s+been)\s+(?:\w+ly\s+)?(?:killed|martyred|shot\s+dead|slain)", re.I)
MILITANTS_COUNTED = re.compile(rf"{NUMQ}\s+[\"\u201c]?(?:[\w-]+\s+)?(?-i:(?:[A-Z][\w'-]*|\([A-Za-z-]+\))\s+){{0,3}}[\"\u201c]?(?:rebels|militants|terrorists|insurgents|khwarij|khawarij|kharijis|infiltrators)\b", re.I)
KILLED_GAP = re.compile(rf"\s+(?:{NUMQ}\s+)?(?:[\w-]+\s+){{0,2}}?[\"\u201c]?")
KILL_VERB_RX = re.compile(KILL_VERB)
TOLL = re.compile(rf"\b(?:death\s+toll|toll|number\s+of\s+(?:the\s+)?dead)\s+(?:[\w'\u2019-]+\s+){{0,11}}?(?:rose|risen|rises|climbed|climbs|jumped|reached|increased|went\s+up)\s+to\s+(?:at\s+least\s+)?(?P<n>{NUMBER})", re.I)
NONE_HURT = EVENT_PATTERNS["event.toll.none"].rx

CLAIM = PERP["event.perp.claim"].rx
GROUP_FIGHTERS = PERP["event.perp.group_fighters"].rx
CLAIM_BY = PERP["event.perp.claim_by"].rx
CLAIM_DEED = PERP["event.perp.claim.deed"].rx
RESPONSIBLE = PERP["event.perp.responsible"].rx
AGENT = PERP["perp.agent"].rx
DENIAL = PERP["perp.denial"].rx
ACCUSED = PERP["event.perp.accused"].rx
ATTRIB = PERP["perp.attributed"].rx
ACTIVE_VIOLENCE = PERP["perp.active_violence"].rx
GENERIC_FORCES = ["security forces", "troops", "soldiers", "police", "army", "policemen"]
GENERIC_FORCE_RX = PERP["perp.generic_force"].rx
BY_GROUP = PERP["event.perp.by_group"].rx
REPORT_PERP = PERP["perp.report_verb"].rx
TARGET_WORDS = ["police", "policemen", "soldiers", "security forces", "civilians", "mosque", "school", "convoy",
                "checkpost", "check post", "hospital", "market", "worshippers", "church", "shrine", "passengers",
                "vehicle", "police vehicle", "students", "journalists", "diplomatic missions", "Frontier Corps",
                "levies", "polio workers", "court", "officials", "tribal elders", "cricket team"]
RELATIVE_DATES = EVENT_PATTERNS["event.date.relative"].rx


AGGREGATE = re.compile(r"\b(?:in\s+total|in\s+all|overall|altogether|a\s+total\s+of|tally|cumulative(?:ly)?|"
                       r"(?:during|over|in|throughout)\s+the\s+(?:past\s+|last\s+|previous\s+)?(?:week|month|year|quarter|fortnight)|"
                       r"(?:this|last)\s+year|since\s+(?:January|the\s+start\s+of))\b[^.;]*\b(?:{n}|\w+)\s+(?:\w+\s+){{0,2}}"
                       r"(?:attacks|incidents|bombings|operations|assaults|clashes)\b"
                       r"|\b(?:{n})\s+(?:\w+\s+){{0,2}}(?:attacks|incidents|bombings|operations)\s+(?:\w+\s+){{0,3}}?(?:in\s+which|that\s+(?:killed|left))\b"
                       r"|(?:have|has)\s+been\s+(?:\w+\s+)?(?:killed|wounded|displaced)[^.;]*\bsince\b|\bsince\s+(?:\d{{1,2}}\s+)?(?:(?:19|20)\d\d|January|February|March|April|May|June|July|August|September|October|November|December)\b[^.;]*\b(?:have|has)\s+been\s+(?:\w+\s+)?killed"
                       r"|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+(?:such\s+|major\s+|deadly\s+)?(?:attack|bombing|blast|incident|assault)\b[^.;]*\bsince\b"
                       r"|\b(?:in|across|during)\s+(?:(?:two|three|four|five|six|seven|eight|nine|ten|a\s+dozen|dozens\s+of|\d+|several|multiple|separate|numerous)|a\s+(?:series|string|spate|wave)\s+of)\s+(?:[\w-]+\s+){{0,2}}(?:attacks|bombings|blasts|incidents|assaults|raids|strikes|ambushes|operations|IBOs|encounters|clashes)\b"
                       r"|\baccording\s+to\s+(?:\w+\s+){{0,2}}(?:figures|statistics|data|tallies|records|a\s+tally|a\s+count)\b"
                       r"|\b(?:[Ll]ast|[Tt]his)\s+year\b[^.;]*\b(?:in|across)\s+[A-Z]\w+\s+and\s+[A-Z]\w+\s+districts\b"
                       r"|\b(?:Together|Combined|Collectively|Overall|In\s+total|In\s+all|Altogether),?\s+(?:they|these|the\s+\w+)\s+(?:left|killed|claimed)\b"
                       .format(n=NUMBER), re.I)


CLAIM_WORDS = ("responsib", "claim", "behind", "credit", "owned", "carried out", "conducted", "launched", "executed",
               "mounted", "admit", "acknowledg")
DENIAL_WORDS = ("denied", "deny", "rejected", "distanced", "disowned", "dissociated", "not involved", "not behind",
                "not responsible", "no involvement", "no role", "no hand", "no link")


def _attributes(st: str) -> bool:
    """Does the sentence say who did it (or who did not)? Cheap word checks before the costly patterns."""
    low = st.lower()
    if any(w in low for w in CLAIM_WORDS) and (CLAIM.search(st) or CLAIM_BY.search(st) or RESPONSIBLE.search(st)):
        return True
    if ATTRIB.search(st):
        return True
    return any(w in low for w in DENIAL_WORDS) and bool(DENIAL.search(st))


def triggers(sentence: str):
    """Triggers of specific events in a sentence: (start, end, type, definite)."""
    out = []
    for m in TRIGGER_RX.finditer(sentence):
        t = m.lastgroup
        word = m.group(0)
        after = sentence[m.end():m.end() + 3]
        before = sentence[max(0, m.start() - 40):m.start()]
        ev_pats = patterns.load("events")
        year_named = ev_pats["event.trigger.year_named"].search(before)   # 'the 2013 bombing in Quetta': one past event
        if PLURAL_AFTER.match(after) or re.search(r"(?:attacks|bombings|blasts|operations|clashes|killings|kidnappings|raids|encounters)$", word, re.I):
            continue
        if ev_pats["event.trigger.not_an_operation"].search(before) or ev_pats["event.trigger.avenged"].search(before):
            continue   # 'an evacuation operation'; 'in retaliation for the killing of X': another deed, told elsewhere
        if t != "targeted_killing" and (ev_pats["event.trigger.habitual_after"].search(sentence[m.end():])
                                        or ev_pats["event.trigger.habitual_before"].search(before)):
            continue   # 'was attacked four times', 'attacked time and again': a pattern ('shot him five times' is one deed)
        if t == "kidnapping" and ev_pats["event.trigger.things_seized"].search(sentence[:m.end()]):
            continue   # 'weapons were seized from their possession': a haul, not an abduction
        if t == "attack" and re.match(r"(?i)killing\s+(?:of\s+)?(?:\w+\s+){0,2}(?:soldiers|policemen|people|civilians)$", word) \
                and not re.search(rf"(?i)\b(?:{NUMBER}|\d+)\b", word[8:]):
            continue   # 'the un-Islamic killing of civilians': a kind of deed, no count, no event
        if t == "kidnapping" and EVENT_PATTERNS["event.trigger.trade_of"].search(before):
            continue   # 'a cell financed largely by kidnapping': a trade, not an abduction
        if word.lower().endswith("bombers") and not patterns.load("events")["event.trigger.bombers_acted"].search(sentence[m.end():]):
            continue   # 'nine killed, including two suicide bombers': men, not a deed, unless they act
        if t in ("attack", "clash", "bombing") and EVENT_PATTERNS["event.trigger.many"].search(before):
            continue
        if FUTURE.search(before) and not re.search(r"\bkilled|injured|arrested\b", word):
            continue
        if EVENT_PATTERNS["event.trigger.no_sign"].search(sentence[:m.start()]):
            continue   # 'There has been no public indication that Bhatti has been captured or killed'
        if t == "clash" and word.lower() == "fighting" and EVENT_PATTERNS["event.trigger.fighting_alongside"].rx.match(sentence[m.end():]):
            continue   # 'AQIS cadres were fighting alongside the TTP': an alliance, not a clash
        if EVENT_PATTERNS["event.trigger.would_be"].search(sentence[:m.start()]):
            continue   # 'Dawar would be among the most senior militants known to have been taken into custody'
        if EVENT_PATTERNS["event.trigger.negated"].search(before):
            continue   # 'The group has not claimed a major attack in India': no event
        if t == "attack" and word.lower() == "attack" and re.search(r"\b(?:to|would|could|will)\s+$", before):
            continue
        if t == "arrest" and EVENT_PATTERNS["event.trigger.arrest_sought"].search(before):
            continue
        if EVENT_PATTERNS["event.trigger.crime_kinds"].search(before) \
                and not EVENT_PATTERNS["event.trigger.crime_kinds_listed"].search(before) \
                and not EVENT_PATTERNS["event.trigger.wanted_for_the"].search(before):
            continue   # 'wanted in cases of extortion, kidnapping and attacks': kinds of crime, not events
        if EVENT_PATTERNS["event.trigger.a_kind"].rx.match(sentence[m.end():m.end() + 20]):
            continue   # 'the blockade-and-abduct tactic', 'kidnapping cells': a kind, not an event
        if t == "clash" and word.lower() == "fighting" and EVENT_PATTERNS["event.trigger.who_fight"].search(before):
            continue   # 'the two most active armed groups fighting the Taliban': who they are, not a clash
        if t == "clash" and word.lower() == "fighting" and (
                EVENT_PATTERNS["event.trigger.ongoing_war"].search(before)
                or re.match(r"[^.;]{0,60}\bsince\b", sentence[m.end():])):
            continue   # 'rebels have been fighting New Delhi's rule since 1989': a war, not an event
        if t == "clash" and EVENT_PATTERNS["event.trigger.operations_title"].search(sentence[m.start():m.end() + 10]):
            continue
        if t == "clash" and word.lower().endswith("operation") and EVENT_PATTERNS["event.trigger.their_operation"].search(before) \
                and not EVENT_PATTERNS["event.trigger.forces_operation"].search(before):
            continue   # 'his first known operation': a militant's deed, told by what follows
        if t == "clash" and word.lower().endswith("operation") and re.search(r"intelligence and\s*$", before, re.I):
            continue
        if t == "clash" and word.lower().endswith("operation") and EVENT_PATTERNS["event.trigger.search_operation"].search(before) \
                and EVENT_PATTERNS["event.trigger.hunt_ongoing"].search(sentence) \
                and casualties(sentence) == (None, None):
            continue   # 'a search operation was under way': the hunt after an attack, not an event of its own
        relative = bool(EVENT_PATTERNS["event.trigger.relative"].search(before))   # 'the attacker, who blew himself up'
        verb = bool(re.search(r"(?:ed|went off|blew himself up|shot \w+ dead|picked up|into custody)$", word, re.I)) and not re.match(r"(?i)raided$", word)
        hm = HEDGE.search(before)
        hedged = hm is not None and not (verb and re.match(r"(?i)suspected\s", hm.group(0)))   # 'suspected militants ambushed'

        definite = bool(DEFINITE.search(before)) and not verb and not year_named   # 'his accomplices were killed' is no reference
        out.append((m.start(), m.end(), t, definite or relative, hedged))
    for m in KILLING_OF_BY.finditer(sentence):   # 'the killing of his predecessor, X, by U.S. forces'
        if not patterns.load("events")["event.trigger.avenged"].search(sentence[max(0, m.start() - 40):m.start()]):
            out.append((m.start(), m.start() + len("killing"), "targeted_killing", False, False))
    for m in patterns.load("events")["event.trigger.year_named_plural"].finditer(sentence):
        out.append((m.start("noun"), m.end("noun"), YEAR_NAMED_TYPE[m.group("noun").lower()], False, False))
    return sorted(out)


YEAR_NAMED_TYPE = {"blasts": "bombing", "bombings": "bombing", "explosions": "bombing", "attacks": "attack",
                   "suicide bombings": "suicide_bombing", "suicide attacks": "suicide_bombing"}


PRIORITY = ["suicide_bombing", "bombing", "clash", "kidnapping", "targeted_killing", "armed_assault", "arrest", "attack"]


def family(t: str) -> str:
    return t if t in ("clash", "arrest", "other") else "attack"


HARM_WORD = EVENT_PATTERNS["event.toll.harm_word"].rx


def is_tally(st: str) -> bool:
    """A count over many events or a period ('In total, 9 attacks killed 21', 'so far this year'): no event."""
    return bool(AGGREGATE.search(st)) or any(
        patterns.load("events")[pid].search(st) for pid in ("event.aggregate.so_far", "event.aggregate.these_encounters"))


def casualties(st: str):
    """(killed, injured) a sentence reports; see :func:`toll`."""
    t = toll(st)
    return t.killed, t.injured


@dataclass
class Toll:
    """The dead and wounded a sentence reports, with the id of the pattern that read each count."""
    killed: int | None = None
    injured: int | None = None
    krule: str | None = None
    irule: str | None = None

    def kill(self, n: int | None, rule: str) -> None:
        self.killed, self.krule = n, rule

    def hurt(self, n: int | None, rule: str) -> None:
        self.injured, self.irule = n, rule


def toll(st: str) -> Toll:
    """The casualties of one sentence: the first pattern that reads a count wins; parts are added."""
    t = Toll()
    if not HARM_WORD.search(st):
        return t   # no word of death or injury: the costly count patterns need not run
    ev_pats = patterns.load("events")
    for pid, extra in (("event.killed.one_of", 0), ("event.killed.n_and_their_one", 1), ("event.killed.n_deaths", 0)):
        m = ev_pats[pid].search(st)   # 'one of nine people killed', 'three nationals and their driver', 'seven deaths'
        if m and parse_count(m.group("n")) is not None:
            t.kill(cast(int, parse_count(m.group("n"))) + extra, pid)
            break
    m = K_SUM.search(st) if t.killed is None else None
    if m:
        a, b = parse_count(m.group("n")), parse_count(m.group("n2"))
        if a is not None and b is not None:
            t.kill(a + b, "event.killed.sum")
    m = K_SUM2.search(st)
    if t.killed is None and m:
        a = 1 if m.group("a").lower() in ("a", "an", "one") else parse_count(m.group("a"))
        b = parse_count(m.group("b"))
        if a is not None and b is not None:
            t.kill(a + b, "event.killed.sum")
    m = K_SUM3.search(st)   # 'seven soldiers and a passer-by were killed'
    if t.killed is None and m and parse_count(m.group("n")) is not None:
        t.kill(cast(int, parse_count(m.group("n"))) + 1, "event.killed.sum")
    m = K_AMONG.search(st)
    if t.killed is None and m and parse_count(m.group("n")) is not None:
        t.kill(parse_count(m.group("n")), "event.killed.among")
    if t.killed is None:
        for rx, rule in ((K_AFTER, "event.killed.after_verb"), (K_BEFORE, "event.killed.before_verb")):
            m = rx.search(st)
            if m and parse_count(m.group("n")) is not None:
                t.kill(parse_count(m.group("n")), rule)
                break
    m = K_NAMED_PLUS.search(st)
    if m and EVENT_PATTERNS["event.killed.named_plus.verb_after"].rx.match(st[m.end():]) \
            and (m.group("n").lower() in ("a", "an") or parse_count(m.group("n")) is not None) and t.killed is None:
        # 'A commander ... and one of his accomplices were killed': him and the others
        t.kill((1 if m.group("n").lower() in ("a", "an") else cast(int, parse_count(m.group("n")))) + 1, "event.killed.named_plus")
        m = None
    if m and m.group("n").lower() in ("a", "an"):
        m = m if KILL_VERB_RX.search(st) else None
    if m and KILL_VERB_RX.search(st) and (m.group("n").lower() in ("a", "an") or parse_count(m.group("n")) is not None):
        before = st[:m.start()].rstrip(" ,")
        if re.search(r"(?:[A-Z][\w'-]+|\bhe|\bhim)$", before) or re.search(r"\b(?:killed|killing)\s+(?:the\s+)?[^.]{0,80}$", before) \
                or re.search(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*(?:\s*,[^,]{1,60},)?(?:\s*,\s*who)?\s+(?:was|had\s+been)\s+(?:killed|shot\s+dead)$|[A-Z][\w'-]+\s+died$", before) \
                or re.search(r"[\"\u201d,]\s*(?:was|had\s+been)\s+(?:killed|shot\s+dead|gunned\s+down)$", before):
            t.kill((1 if m.group("n").lower() in ("a", "an") else cast(int, parse_count(m.group("n")))) + 1, "event.killed.named_plus")
    if t.killed is None:
        m = K_LISTED.search(st)
        if m and parse_count(m.group("n")) is not None:
            t.kill(parse_count(m.group("n")), "event.killed.listed")
    if t.killed is None:
        m = K_THEM.search(st)   # 'pulled seven passengers off a bus and shot them dead'
        if m and parse_count(m.group("n")) is not None:
            t.kill(parse_count(m.group("n")), "event.killed.them")
    if t.killed is not None:
        # 'nine terrorists were killed ..., while two soldiers were martyred': both sides' dead
        parts = [(m, parse_count(m.group("n"))) for m in K_BEFORE.finditer(st) if parse_count(m.group("n")) is not None]
        parts += [(m, 1) for m in K_ONE_PASSIVE.finditer(st) if not any(m.start() < p.end() and p.start() < m.end() for p, _ in parts)]
        parts.sort(key=lambda x: x[0].start())
        if len(parts) == 2 and EVENT_PATTERNS["event.killed.both_sides.join"].search(st[parts[0][0].end():parts[1][0].start()]) \
                and not EVENT_PATTERNS["event.killed.both_sides.part_of"].search(st[parts[0][0].end():parts[1][0].start()]) \
                and parts[0][1] == t.killed and not EVENT_PATTERNS["event.killed.both_sides.more"].search(parts[1][0].group(0)):
            t.kill(t.killed + cast(int, parts[1][1]), "event.killed.both_sides")
    if t.killed is None and (K_ONE.search(st) or K_ONE_PASSIVE.search(st)):
        t.kill(1, "event.killed.one")
    if t.killed is None and patterns.load("events")["event.killed.man_and_his_one"].search(st):
        t.kill(2, "event.killed.man_and_his_one")   # 'the governor and his driver were killed'
    if t.killed is None and patterns.load("events")["event.killed.one_named"].search(st):
        t.kill(1, "event.killed.one_named")   # 'another terrorist named Rauf was neutralised'
    if t.killed is None and patterns.load("events")["event.killed.death_of"].search(st):
        t.kill(1, "event.killed.death_of")   # 'the strike resulted in the death of X'
    m = I_SUM.search(st)
    if m and parse_count(m.group("n")) is not None:
        second = 1 if m.group("n2").lower() in ("a", "an", "one") else parse_count(m.group("n2"))
        if second is not None:
            t.hurt(cast(int, parse_count(m.group("n"))) + second, "event.injured.sum")   # 'two soldiers and a porter were wounded'
    for rx, rule in ((I_AFTER, "event.injured.after_verb"), (I_BEFORE, "event.injured.before_verb")) if t.injured is None else ():
        m = rx.search(st)
        if m and parse_count(m.group("n")) is not None:
            t.hurt(parse_count(m.group("n")), rule)
            break
    if t.injured is None and I_ONE.search(st):
        t.hurt(1, "event.injured.one")   # 'in which a CTD constable was wounded'
    m = I_OF_UNIT.search(st) if t.injured is None else None
    if m and parse_count(m.group("n")) is not None:
        t.hurt(parse_count(m.group("n")), "event.injured.of_unit")
    if t.injured is None and I_ONE_PERSON.search(st):
        t.hurt(1, "event.injured.one_person")   # 'three were killed and a minor was injured'
    m = TOLL.search(st)
    if m and parse_count(m.group("n")) is not None:
        t.kill(parse_count(m.group("n")), "event.killed.toll_rose")   # 'the death toll has climbed to nine'
    if t.killed is None and t.injured is None and NONE_HURT.search(st):
        t.kill(0, "event.killed.none")
        t.hurt(0, "event.injured.none")
    return t


OFFICE_TITLE = patterns.load("events")["event.place.office_title"]
SPEECH_AFTER = EVENT_PATTERNS["event.place.speech_after"].rx


def read_events(work: Work) -> None:
    """Stage: events per sentence, merged with the event they refer back to."""
    text = work.text
    events = work.events
    last_perp_group = None   # 'The TTP has perpetrated scores of attacks. The most lethal ...'
    prev_place = None
    summary = None   # (sentence index, date) of the last tally sentence that gave one day
    country = work.country
    for s in _units(work):
        st = s.text
        people_spans = [(a, b) for a, b, _ in work.person_hits.get(s.index, [])]
        cited = work.citations_over(s.start, s.end)
        hits = [h for h in place_hits(st, s.start, country)
                if not any(a <= h[0] < b for a, b in cited)   # 'Kabul Now' is an outlet
                and not any(a <= h[0] < b for a, b in people_spans)         # 'Safi' the man, not the tehsil
                and not (OFFICE_TITLE.search(text, max(0, h[0] - 60), h[0])   # 'the chief minister of X said': an office
                         and SPEECH_AFTER.match(text, h[1], s.end))]
        work.place_hits[s.index] = hits
        hits = [h for h in hits if not _in_aside(st, h[0] - s.start)]   # 'X, who led the campaign in KP,'
        if in_notes(work, s) or is_caption(work, s):
            continue   # '[2] "Roadside blast kills three ...", Dawn': a cited headline, not an event
        _side_of_the_dead(work, s, events)
        trig = [t for t in triggers(st)]
        if trig and patterns.load("events")["event.refer.this_was_the"].search(st):
            continue   # 'This was the eighth encounter in the city this year': it places the event just told
        if trig and is_tally(st):
            summary = _summary_date(work, s)   # 'Two were killed in separate operations on Wednesday': their day
            continue   # 'In total, the week saw 9 attacks in which 21 people were killed': a tally
        mk = MORE_KILLED.search(st) if " more " in st else None
        if mk and events and events[-1].killed is not None and s.index - events[-1].sentences[-1].index <= 6 \
                and parse_count(mk.group("n")) is not None and not NOVELTY.search(st):
            events[-1].killed += cast(int, parse_count(mk.group("n")))   # 'Six more militants were killed on Monday'
            events[-1].rules["killed"] = "event.killed.more"
            events[-1].sentences.append(s)
            continue
        nm = EVENT_PATTERNS["event.skip.did_not_say"].search(st)
        if nm:
            trig = [t for t in trig if t[0] < nm.start()]   # 'did not say where the two were killed': no new event
            if not trig:
                continue
        if work.meta.get("title") and st.strip() == work.meta["title"].strip():
            continue   # the headline repeats the lead
        if (s.start < 600 or len(st) <= 60) and not re.search(r"[.!?\"\u201d']\s*$", st) and \
                (s.start == 0 or work.text[s.start - 1] == "\n") and work.text[s.end:s.end + 1] in ("\n", ""):
            continue   # a deck or subheading under the headline
        if not trig and events and s.index - events[-1].sentences[-1].index <= 3 and \
                _attributes(st):
            cur = (_unclaimed_event(events, s) or events[-1]) if UNCLAIMED.search(st) else events[-1]
            cur.sentences.append(s)
            _perpetrators(work, cur, s, None)
            continue
        groups = work.group_hits.get(s.index, [])
        # the event just spoken of (read only when no trigger), among the latest RECENT_EVENTS: an
        # article holds fewer (so all are looked at), a long text thousands (so not every one per sentence)
        told_last = max(events[-RECENT_EVENTS:], key=lambda e: e.sentences[-1].index) if events and not trig else None
        if not trig and told_last and s.index - told_last.sentences[-1].index <= 2 and not is_tally(st) \
                and s.para - told_last.sentences[-1].para <= 1:
            t = toll(st)
            cur = told_last
            if (t.killed is not None and cur.killed is None) or (t.injured is not None and cur.injured is None):
                cur.sentences.append(s)
                _fill_toll(cur, t, "follow_up")
        if not trig and told_last is not None and told_last.type == "clash" and s.index - told_last.sentences[-1].index <= 2:
            _cordon_forces(work, told_last, s)   # 'a joint team of J&K Police and CRPF cordoned off the neighbourhood'
        if not trig:
            if groups and EVENT_PATTERNS["event.perp.campaign_verb"].search(st) and \
                    EVENT_PATTERNS["event.perp.campaign_noun"].search(st):
                last_perp_group = groups[0][2]
            else:
                last_perp_group = None if s.para != getattr(work, "_perp_para", s.para) else last_perp_group
            if hits:
                prev_place = (s.index, hits)
            continue
        # 'accusing him of organising a suicide bombing last month': that bombing is another event
        trig = [t for t in trig if not EVENT_PATTERNS["event.trigger.accused_of_deed"].search(st[max(0, t[0] - 80):t[0]])] or trig
        unhedged = [t for t in trig if not t[4]]
        pool = unhedged or trig
        fresh = [t for t in pool if not t[3]]
        if fresh and len(fresh) < len(pool) and (RELATIVE_DATES.search(st) or any(
                re.match(r"(?i)(?:encounter|gun\s*battle|gunfight|firefight|shoot-?out|clash|exchange\s+of\s+fire|raid)", st[t[0]:t[1]]) for t in fresh)):
            pool = fresh   # 'the facilitator of the bombing was killed in an exchange of fire': a new clash   # 'The bombing came two days after forces killed six in a raid': the raid is new
        if fresh and all(t[2] == "arrest" for t in fresh) and all(t[3] for t in pool if t[2] != "arrest") \
                and any(t[3] for t in pool):
            pool = [t for t in fresh if t[2] == "arrest"]   # 'arrested the cell behind the bombing': an arrest
        timed = [t for t in pool if t[3] and EVENT_PATTERNS["event.trigger.timed_by"].search(st[max(0, t[0] - 40):t[0]])]
        if timed and len(timed) < len(pool):
            pool = [t for t in pool if t not in timed]   # 'hours before the operation began': a time, not this event
        etype = min((t[2] for t in pool), key=PRIORITY.index)
        type_rule = f"event.type.trigger.{etype}"
        if etype == "armed_assault" and EVENT_PATTERNS["event.type.forces_stormed"].search(st) \
                and not EVENT_PATTERNS["event.type.militants_stormed"].search(st):
            etype, type_rule = "clash", "event.type.forces_stormed"   # 'Pakistani troops stormed a compound': a security operation
        if etype == "clash" and EVENT_PATTERNS["event.type.militants_raided"].search(st):
            etype, type_rule = "armed_assault", "event.type.militants_raided"   # an assault, not a security operation
        if etype == "clash" and any(t[2] == "arrest" for t in pool) and not re.search(r"\b(?:killed|killing|died|dead)\b", st):
            etype, type_rule = "arrest", "event.type.raid_arrests"   # a raid that ends in arrests
        if etype == "clash" and patterns.load("events")["event.type.raid_led_to_arrest"].search(st) \
                and not re.search(r"\b(?:killed|killing|died|dead)\b", st):
            etype, type_rule = "arrest", "event.type.raid_led_to_arrest"   # 'a raid leading to the apprehension of two men'
        if etype in ("attack", "bombing", "armed_assault") and MILITANTS_COUNTED.search(st) \
                and (etype != "armed_assault" or EVENT_PATTERNS["event.type.militants_killed.opened_fire"].search(st)) \
                and EVENT_PATTERNS["event.type.militants_killed.forces"].search(st) \
                and not any(t[2] in ("bombing", "suicide_bombing") for t in pool):
            etype, type_rule = "clash", "event.type.militants_killed"   # militants and soldiers killed in fighting
        if any(t[2] == "clash" and not t[3] for t in pool) and etype in ("attack", "targeted_killing", "armed_assault", "bombing") \
                and not any(t[2] in ("bombing", "suicide_bombing") for t in pool if t[2] != "clash" and "went off" not in st):
            etype, type_rule = "clash", "event.type.fresh_clash"
        if etype == "bombing" and _strike_on_named(work, s, pool):
            etype, type_rule = "targeted_killing", "event.type.strike_on_named"
        definite = all(t[3] for t in pool if t[2] not in ("attack",)) and any(t[3] for t in pool)
        t = toll(st)
        killed, injured = t.killed, t.injured
        place = read_place(text, s.start, s.end, hits)
        setup = None
        if not any(place.values()) and prev_place and prev_place[0] == s.index - 1 and (
                re.match(r"There\b", st) or (definite and s.para == work.sentences[s.index - 1].para)):
            # 'A CTD team surrounded a compound in Lachi tehsil. The gunfight lasted three hours.'
            if re.match(r"There\b", st):
                last = prev_place[1][-1]
                place = read_place(text, last[0], last[1], [last])
            else:
                setup = work.sentences[s.index - 1]   # used if this is a new event, not one told before
        date, rel, date_rule = _event_date(work, s)
        if not date and not rel and definite and s.index > 0 and EVENT_PATTERNS["event.date.ensued"].search(st):
            x = work.sentences[s.index - 1]   # 'On April 11, troops surrounded a house. ... in the firefight that followed'
            ensued = [d for d in work.dates(x.text, x, x.start) if d.value and not d.reporting]
            if x.para == s.para and len(ensued) == 1:
                date, date_rule = ensued[0].value, "event.date.ensued"
        if not date and not rel and summary and 0 < s.index - summary[0] <= 3 \
                and s.para - work.sentences[summary[0]].para <= 2 and not NOVELTY_TIME.search(st):
            date, date_rule = summary[1], "event.date.summary"
        new = EventRec(type=etype, sentences=[s], date=date, date_rel=rel, place=place, hedged=all(t[4] for t in trig),
                       rules={"type": type_rule, "date": date_rule})
        _fill_toll(new, t)
        listed_deed = s.start != work.sentences[s.index].start and LISTED_DEED.match(st) and new.date
        target = None if listed_deed else _refers_to(work, new, st, definite)   # a deed of a dated list: new
        if target is None:
            target = _another_account(work, new, s, st)
        if target is not None:
            setup = None
        elif setup is not None:
            assert prev_place is not None   # setup is the sentence prev_place was read from
            new.place = read_place(text, setup.start, setup.end, prev_place[1])
        if target is None:
            if etype == "arrest" and killed is None and not _has_arrest_object(st) and type_rule != "event.type.raid_led_to_arrest":
                continue
            if etype == "attack" and killed is None and injured is None and not definite and not place["name"] \
                    and not place["district"] and not date and not groups and not work.person_hits.get(s.index):
                continue
            if etype == "attack" and killed is None and injured is None and all(
                    re.match(r"(?i)killed|martyred", t_[2] == "attack" and st[t_[0]:t_[1]] or "") for t_ in pool):
                named = [p for a, b, p in work.person_hits.get(s.index, []) if not p.official
                         and re.match(r"\s+(?:was|had\s+been)\s+killed\s+(?:by|in)\s+(?:a|an)\s+", work.text[b:b + 40])]
                if not named:
                    continue   # 'several of its figures were killed in raids': no event without a figure
                new.killed = 1   # 'Baitullah was killed by a US drone in South Waziristan in August 2009'
                new.rules["killed"] = "event.killed.named_by"
            told = _date_told_before(work, s, events)
            if told and new.date_rel:   # a day needs a day to count from, a month a month
                need = 4 if re.search(r"year", new.date_rel, re.I) else 7 if re.search(r"week|month", new.date_rel, re.I) else 10
                told = told if len(told) >= need else None
            if new.date_rel and (events or told):
                rel = new.date_rel
                rm = RELATIVE_DATES.search(st)
                first_trig = min(t[0] for t in pool)
                if rm and re.search(r"(?:days?|weeks?|months?)\s+after$", rel) and first_trig > rm.start():
                    rel = rel.replace("after", "before")   # 'came two days after X': X was two days before
                # 'the same night': the day of the last event told to the day, not of a month-dated aside
                if told:   # 'In 2012 he joined the group. ... that same year': the date the text just gave
                    base = told
                else:
                    base = next((e.date for e in reversed(events) if e.date and len(e.date) == 10), events[-1].date) \
                        if re.search(r"same|that (?:day|night)", rel) else events[-1].date
                new.date = shift(base, rel)
                new.rules["date"] = "event.date.relative_to_told" if told else "event.date.relative_to_event"
            events.append(new)
            ev = new
        else:
            ev = target
            _merge(ev, new, st, definite)
            tm = TOLL.search(st)
            if tm and parse_count(tm.group("n")) is not None:
                ev.killed = parse_count(tm.group("n"))   # the latest toll the report gives
                ev.rules["killed"] = "event.killed.toll_rose"
        if ev.type == "arrest" and target is None:
            _deed_of_the_arrested(work, ev, s, st)
        _perpetrators(work, ev, s, last_perp_group)
        if not ev.perpetrators and target is None:
            _author_of_listed_deed(work, ev, s)   # '..., attack on a hotel in Gwadar on May 11, 2019 and ...'
        if setup is not None and ev.type == "clash" and not any(p not in GENERIC_FORCES for p in ev.perpetrators):
            for a, b, name, rec in work.actor_hits.get(setup.index, [])[:1]:
                force = _actor_name(work, setup, a, b, name)
                ev.perpetrators.insert(0, force)   # the force that set it up
                ev.rules[("perpetrators", force)] = "event.perp.clash.setup_force"
        if ev.type in ("clash", "targeted_killing") and target is None \
                and PERP["event.perp.clash.separate_operation"].search(st):
            _forces_of_the_clash_before(ev, events)
        _targets(ev, st)
        for outlet, d in work.citations.get(s.index, []):
            if (outlet, d) not in ev.sources:
                ev.sources.append((outlet, d))
        if hits:
            prev_place = (s.index, hits)
        last_perp_group = None
    # operations mentioned in passing ('presses on with its operation in Swat') are not events
    events[:] = [ev for ev in events if not (
        ev.type in ("clash", "attack") and ev.killed is None and ev.injured is None and not ev.date
        and not ev.sources and not any(not re.fullmatch(r"(?i)he|his|him|himself", work.text[a:b])
                                       for x in ev.sentences for a, b, _ in work.person_hits.get(x.index, []))
        and not [p for p in ev.perpetrators if p not in GENERIC_FORCES])]
    _merge_retold(events, work)
    _scene_of_first(work, events)
    _claimed_assaults(work, events)
    _date_from_summary_lead(work, events)
    for i, ev in enumerate(events, 1):
        ev.id = f"e{i}"


def _side_of_the_dead(work: Work, s, events: list) -> None:
    """'12 terrorists were killed in an operation. Police said the terrorists belonged to the banned
    TTP': the group the dead belonged to is the other side of the clash just told (two sentences back at most)."""
    clash = next((ev for ev in reversed(events[-RECENT_EVENTS:]) if ev.type == "clash"
                  and 0 < s.index - ev.sentences[-1].index <= 2 and ev.killed), None)
    if clash is None:
        return
    for a, _, rec in work.group_hits.get(s.index, []):
        if DEAD_BELONGED.search(work.text, max(s.start, a - 80), a):
            _add_perpetrator(clash, rec.name, "event.perp.clash.dead_belonged", frozenset(g.name for g in work.groups))
            return


def _scene_of_first(work: Work, events: list) -> None:
    """'Eight men tried to storm the port offices in Kandara on Monday. ... In the ensuing exchange of fire
    all eight were killed': a story's first event that no sentence of its own places takes the place of
    the opening sentence that set its scene (a sentence before it, no more than two paragraphs up)."""
    if not events or any(events[0].place.values()):
        return
    ev = events[0]
    first = ev.sentences[0]
    if first.index > 4:
        return
    scene = next((i for i in range(first.index) if work.place_hits.get(i)
                  and not (work.meta.get("title") and work.sentences[i].text.strip() == work.meta["title"].strip())), None)
    if scene is None or work.sentences[scene].para < first.para - 2:
        return
    x = work.sentences[scene]
    place = read_place(work.text, x.start, x.end, work.place_hits[scene])
    if any(place.values()):
        ev.place = place
        ev.rules["place"] = "event.place.scene"


def _claimed_assaults(work: Work, events: list) -> None:
    """A 'clash' in which the militants attacked ('the gunmen stormed the offices') and a group claimed it is
    that group's assault, the forces' fire its end: an armed_assault whose perpetrator is the claimant,
    not the forces that repelled it."""
    for ev in events:
        if ev.type != "clash":
            continue
        claimants = [p for p in ev.perpetrators if ev.rule(("perpetrators", p)).startswith(CLAIM_RULES)]
        if not claimants or not any(parse.militants_assailed(work, x.start, x.end) for x in ev.sentences):
            continue
        ev.type = "armed_assault"
        ev.rules["type"] = "event.type.claimed_assault"
        for p in [p for p in ev.perpetrators if p not in claimants
                  and ev.rule(("perpetrators", p)).startswith("event.perp.clash.") and "dead_militant" not in ev.rule(("perpetrators", p))]:
            ev.perpetrators.remove(p)


def drop_unanchored(work: Work) -> None:
    """Stage: an event the text gives no day, no place (not even a country) and no count is not a row an
    analyst can use or match with another report ('the men they had detained', 'claimed a September
    attack'); the facts about its people (a status, a role) stay with them."""
    def anchored(ev: EventRec) -> bool:
        return bool(ev.date or any(v for k, v in ev.place.items() if not k.startswith("_") and k not in ("lat", "lon"))
                    or ev.killed is not None or ev.injured is not None)
    gone = [ev for ev in work.events if not anchored(ev)]
    if not gone:
        return
    work.events[:] = [ev for ev in work.events if anchored(ev)]
    for p in work.people:
        p.events = [ev for ev in p.events if ev not in gone]
    for i, ev in enumerate(work.events, 1):
        ev.id = f"e{i}"


def _date_from_summary_lead(work: Work, events: list) -> None:
    """A lead that sums up deeds in several places ('arrested four men in raids in A and B on
    Monday') dates the undated deed of the same kind that the story later tells at A or B."""
    if len(events) < 2 or not events[0].date or len(events[0].date) != 10:
        return
    lead = events[0]
    first = lead.sentences[0]
    if first.index > 2:
        return   # not the story's lead
    places = {h[2].name for h in work.place_hits.get(first.index, [])}
    if len(places) < 2:
        return
    for ev in events[1:]:
        if ev.date or family(ev.type) != family(lead.type):
            continue
        here = {h[2].name for x in ev.sentences for h in work.place_hits.get(x.index, [])}
        if here & places:
            ev.date = lead.date
            ev.rules["date"] = "event.date.summary_lead"


DEED_LIST_CUT = EVENT_PATTERNS["event.clause.deed_list"].rx
DEED_NAMED = EVENT_PATTERNS["event.clause.deed_named"].rx
LISTED_DEED = re.compile(r"(?:the\s+)?(?:attacks?|bombings?|blasts?|assaults?)\s+on\s")
CLAUSE_CUT = re.compile(r"(?:,\s*and|;\s*(?:and\s+)?|,\s*while|,\s*whereas)\s+")


def _clauses(work: Work, s) -> list:
    """'Umar was killed in a raid in Musa Qala in September 2019, and Zawahiri was killed by a drone strike
    in Kabul in July 2022': two clauses, each with its own deed and its own date, are read as two sentences."""
    st = s.text
    listed = [m.span() for m in DEED_LIST_CUT.finditer(st)]   # 'the attack on A on DATE, attack on B on DATE and ...'
    if ", and " not in st and ";" not in st and ", while" not in st and ", whereas" not in st and not listed:
        return [s]
    bounds, pos = [], 0
    cuts = sorted({m.span() for m in CLAUSE_CUT.finditer(st)} | set(listed))
    for cut_start, cut_end in cuts:
        if cut_start < pos:
            continue
        bounds.append((pos, cut_start))
        pos = cut_end
    bounds.append((pos, len(st)))
    if len(bounds) < 2:
        return [s]
    merged: list = []   # a clause with no date of its own stays with the one before
    for a, b in bounds:
        piece = st[a:b]
        values = {d.value for d in work.dates(piece, s, s.start + a) if d.value and not d.reporting and d.kind != "rel"}
        ds = [d for d in values if not any(o != d and o.startswith(d) for o in values)]   # '2019' inside 'September 2019'
        if not ds and merged:
            merged[-1] = (merged[-1][0], b, merged[-1][2])
        else:
            merged.append((a, b, ds))
    if len(merged) < 2:
        return [s]
    seen: list = []
    for i, (a, b, ds) in enumerate(merged):
        names_deed = i == 0 and any(b == c for c, _ in listed) and DEED_NAMED.search(st[a:b])   # '... besides the one on X'
        if len(ds) != 1 or any(_dates_ok(ds[0], x) for x in seen) or not ([t for t in triggers(st[a:b]) if not t[3]] or names_deed):
            return [s]
        seen.append(ds[0])
    return [Sentence(s.start + a, s.start + b, s.para, s.index, st[a:b]) for a, b, _ in merged]


@contextmanager
def _clause_view(work: Work, s, split: bool):
    """While a clause is read, the names found in its sentence are those inside the clause."""
    if not split:
        yield
        return
    saved = [(table, table[s.index]) for table in (work.group_hits, work.person_hits, work.actor_hits)
             if table.get(s.index)]
    work.whole_group_hits = {s.index: list(work.group_hits.get(s.index, []))}   # for a deed listed after its author
    for table, hits in saved:
        table[s.index] = [h for h in hits if s.start <= h[0] < s.end]
    try:
        yield
    finally:
        for table, hits in saved:
            table[s.index] = hits


def _units(work: Work):
    """The sentences, a sentence of two dated deeds as its two clauses."""
    for whole in work.sentences:
        clauses = _clauses(work, whole)
        for s in clauses:
            with _clause_view(work, s, len(clauses) > 1):
                yield s


CLAIMED_ARREST = EVENT_PATTERNS["event.type.claimed_arrest"].rx


def _named_in(work: Work, ev) -> set:
    """The militants named in the sentences that tell an event."""
    return {id(p) for x in ev.sentences for _, _, p in work.person_hits.get(x.index, []) if not p.official}


RECENT_EVENTS = 64        # the events read last: where one told in the last sentences is looked for
RETOLD_WINDOW = 100_000   # characters either side: the default per-document budget (pipeline.DEFAULT_MAX_CHARS)


def _merge_retold(events: list, work: Work) -> None:
    """A story retells its main event far from where it first told it: the deck says 'At least 27 people
    have been killed in a suicide attack', the lead 'A suicide bomber has killed at least 27 people'. Two
    events of one family with the same toll, dates that agree and places that can be one are one event;
    one with neither date nor place joins the only event it can be."""
    def same(o, ev) -> int:
        """0: two events; 1: one, if nothing else could be; 2: one (the same man arrested, told twice)."""
        if family(o.type) != family(ev.type):
            return 0
        if o.type == ev.type == "arrest" and _dates_ok(o.date, ev.date) and compatible(o.place, ev.place) \
                and _named_in(work, o) & _named_in(work, ev) and (not o.date or not ev.date or o.date[:7] == ev.date[:7]):
            return 2   # 'had been detained in Afghanistan' ... 'GDI picked up Dawar on November 22': one arrest
        if o.type == ev.type == "arrest" and o.date and ev.date and len(o.date) == len(ev.date) == 10 \
                and abs((cast(dt.date, parse_iso(o.date)) - cast(dt.date, parse_iso(ev.date))).days) <= 2 and compatible(o.place, ev.place) \
                and any(CLAIMED_ARREST.search(x.text) for x in (o.sentences + ev.sentences)):
            return 2   # 'claimed on Saturday to have arrested' and 'picked up in a raid on Friday night': one arrest
        if o.date and ev.date and o.date == ev.date and len(o.date) == 10 and (o.killed is None or ev.killed is None) \
                and any(ev.place.values()) and any(o.place.values()) and compatible(o.place, ev.place) \
                and same_site(o.place, ev.place):
            return 1   # a summary line and the story: one day, one place, one kind of deed
        if ev.killed is None or o.killed != ev.killed:
            return 0
        if ev.injured is not None and o.injured is not None and ev.injured != o.injured:
            return 0
        if o.date and ev.date:
            if o.date != ev.date:
                return 0
        elif ev.killed < 2 or not _dates_ok(o.date, ev.date):
            return 0
        bare = [x for x in (o, ev) if not x.date and not any(x.place.values())]
        if bare:
            return int(ev.killed >= 3)
        return int(any(ev.place.values()) and any(o.place.values()) and compatible(o.place, ev.place)
                   and same_site(o.place, ev.place))

    # same() is 0 unless two events are of one family and both arrests, or of one full date, or of one
    # death toll: each event is compared with the events that share one of those keys, not with all
    # and only with those told within RETOLD_WINDOW characters of it (a long document's far parts are
    # not one story: the window keeps the comparisons per event bounded, and holds a whole article of
    # the default budget, so an article of up to that length compares every pair as before)
    order = {id(e): i for i, e in enumerate(events)}
    at = {id(e): e.sentences[0].start if e.sentences else 0 for e in events}
    keyed: dict = {}   # key -> sorted [(offset, order)]
    by_order = dict(enumerate(events))
    gone: set = set()

    def index(e) -> None:
        for key in _merge_keys(e):
            entry = (at[id(e)], order[id(e)])
            rows = keyed.setdefault(key, [])
            i = bisect.bisect_left(rows, entry)
            if i == len(rows) or rows[i] != entry:
                rows.insert(i, entry)

    def pool(x) -> list:
        near: set = set()
        pos = at[id(x)]
        for key in _merge_keys(x):
            rows = keyed.get(key, [])
            lo = bisect.bisect_left(rows, (pos - RETOLD_WINDOW, -1))
            hi = bisect.bisect_right(rows, (pos + RETOLD_WINDOW, len(events)))
            near.update(i for _, i in rows[lo:hi])
        return [o for o in (by_order[i] for i in sorted(near)) if o is not x and id(o) not in gone]

    for e in events:
        index(e)
    out = list(events)
    for ev in list(events):
        if id(ev) in gone:
            continue
        scored = [(o, same(o, ev)) for o in pool(ev)]   # each pair judged once
        strong = [o for o, s in scored if s == 2]
        cands = strong[:1] or [o for o, s in scored if s]
        if len(cands) != 1 or (not strong and len([o for o in pool(cands[0]) if same(o, cands[0])]) != 1):
            continue
        keep, drop = (cands[0], ev) if order[id(cands[0])] < order[id(ev)] else (ev, cands[0])
        keep.sentences.extend(drop.sentences)
        keep.sentences.sort(key=lambda x: x.index)
        if PRIORITY.index(drop.type) < PRIORITY.index(keep.type) and not drop.hedged:
            keep.type = drop.type
        if drop.date and (not keep.date or len(drop.date) > len(keep.date)):
            keep.date = drop.date
            keep.rules["date"] = drop.rules.get("date")
        elif keep.type == "arrest" and drop.date and keep.date and len(drop.date) == len(keep.date) == 10:
            keep.date = min(keep.date, drop.date)   # the raid, not the day it was announced
        keep.place = more_specific(drop.place, keep.place)
        _fill_toll(keep, Toll(drop.killed, drop.injured, drop.rules.get("killed"), drop.rules.get("injured")))
        for attr in ("perpetrators", "not_perpetrators", "targets", "sources"):
            have = getattr(keep, attr)
            have.extend(x for x in getattr(drop, attr) if x not in have)
        for fact, rule in drop.rules.items():
            keep.rules.setdefault(fact, rule)
        out.remove(drop)
        gone.add(id(drop))
        index(keep)   # its date, toll or type may be new
    events[:] = out


def _merge_keys(e) -> list:
    """The keys under which _merge_retold may find an event one with another (see its ``same``)."""
    fam = family(e.type)
    keys: list[tuple] = [(fam, "arrest")] if e.type == "arrest" else []
    if e.date and len(e.date) == 10:
        keys.append((fam, "date", e.date))
    if e.killed is not None:
        keys.append((fam, "killed", e.killed))
    return keys


CAPTION = EVENT_PATTERNS["event.skip.caption"].rx


def is_caption(work: Work, s) -> bool:
    """A photo caption repeats the story ('Soldiers at the site of the ambush ... (AP Photo)')."""
    a = work.text.rfind("\n", 0, s.start) + 1
    b = work.text.find("\n", s.end)
    line = work.text[a:b if b >= 0 else len(work.text)]
    return bool(CAPTION.search(line)) or bool(patterns.load("events")["event.skip.link_line"].search(line))


def in_notes(work: Work, s) -> bool:
    """Sentences under a 'Notes' / 'References' heading, or numbered notes '[1] ...'."""
    if re.match(r"\s*\[\d+\]", s.text) and (s.start == 0 or work.text[s.start - 1] == "\n"):
        return True
    head = max(work.rfind("\nNotes", s.start), work.rfind("\nReferences", s.start), work.rfind("\nEndnotes", s.start))
    return head >= 0 and re.match(r"\n(?:Notes|References|Endnotes)\s*:?\s*\n", work.text[head:head + 20]) is not None


def _has_arrest_object(st: str) -> bool:
    return bool(re.search(rf"(?:arrested|arresting|detained|detaining|apprehended|nabbed|captured|(?:took|taken)\s+into\s+custody|picked\s+up)\s+(?:\w+\s+){{0,4}}|{NUMBER}\s+(?:\w+\s+){{0,4}}(?:were|was|have been)\s+(?:\w+\s+)?(?:arrested|detained|apprehended|nabbed)", st, re.I))


def _event_date(work: Work, s):
    """(date, relative expression still to resolve, rule id) of the event a sentence tells."""
    rel = RELATIVE_DATES.search(s.text)
    if rel and EVENT_PATTERNS["event.date.relative_reported"].search(s.text[max(0, rel.start() - 50):rel.start()]):
        rel = None   # 'a roadside bomb struck ... on August 18, Pajhwok reported the following day': the report's day
    dm = DEED.search(s.text) if rel and EVENT_PATTERNS["event.date.arrest_verb"].search(s.text) else None
    if dm and rel and rel.start() > dm.start("deed"):
        rel = None   # 'arrested a suspect in the killing of a cleric two days earlier': the deed's date
    dates = [d for d in work.dates(s.text, s, s.start) if not d.reporting]
    dl = re.match(r"\s*[A-Z][A-Za-z .'/-]{2,40},\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?\s*(?:\([A-Za-z .]+\))?\s*[-:\u2013\u2014]?", s.text)
    if dl:   # 'KABUL, April 16 (Reuters) -': the dateline dates the report
        dates = [d for d in dates if d.start >= s.start + dl.end()]
    if work.meta_span:   # the line that dates the article is not an event date
        dates = [d for d in dates if not (work.meta_span[0] <= d.start - 0 < work.meta_span[1] + 2
                                          or d.start <= work.meta_span[0] < d.end)]
    # dates inside a citation's parentheses date the report
    cites = [(m.start() + s.start, m.end() + s.start) for m in re.finditer(r"\([^()]*\)", s.text)]
    cites += [(a, b) for a, b in work.citations_over(s.start, s.end) if a >= s.start]
    dates = [d for d in dates if not any(a <= d.start < b for a, b in cites) or d.kind == "year"]
    dates = [d for d in dates if not _in_aside(s.text, d.start - s.start)]
    aside = patterns.load("events")["event.date.pluperfect_aside"]
    dates = [d for d in dates if not aside.search(s.text[max(0, d.start - s.start - 120):d.start - s.start])]   # 'had joined in 2012'
    if rel:
        exact = [d for d in dates if d.value and len(d.value) == 10 and d.start > s.start + rel.start()]
        if exact:   # 'Six weeks later, on March 11': the date itself
            return exact[0].value, None, "event.date.after_relative"
        here = [d for d in work.dates(s.text, s, s.start) if d.value and d.start < s.start + rel.start()]
        if here:   # 'said on March 14 that ... the previous day': relative to the date the sentence gives
            r = re.sub(r"^on\s+", "", rel.group(0).lower())
            # 'died on Sunday two days after a bomb hit his truck': the bomb was two days before Sunday
            r = re.sub(r"\bafter$", "before", r) if r.endswith("after") else re.sub(r"\bbefore$", "after", r)
            return shift(here[-1].value, r), None, "event.date.relative_in_sentence"
        return None, re.sub(r"^(?:on\s+)?(?:(?:that|the)\s+same\s+(?:day|night|evening|morning)|that night)$", "the same day", rel.group(0), flags=re.I), "event.date.relative_to_event"
    valued = [d for d in dates if d.value and not EVENT_PATTERNS["event.date.since_clause"].search(s.text[max(0, d.start - s.start - 45):d.start - s.start])]
    if valued:   # the most precise date the sentence gives ('fighting since 2021' dates no event)
        best = max(valued, key=lambda d: len(d.value))
        return best.value, None, f"event.date.{best.kind}"
    return _heading_date(work, s), None, "event.date.heading"


NOVELTY_TIME = EVENT_PATTERNS["event.novelty.time"].rx


def _summary_date(work: Work, s):
    """(index, date) of a tally sentence that dates its events to one day ('Two militants were killed in
    separate operations on Wednesday night'); the events it sums up, told next, happened that day."""
    date, rel, _ = _event_date(work, s)
    return (s.index, date) if date and len(date) == 10 and not rel else None


def _in_aside(st: str, pos: int) -> bool:
    """'JuA, a faction that merged back into the TTP in 2020, has claimed the attack': the date of an
    aside about a group or a man, not of the event."""
    comma = st.rfind(",", 0, pos)
    if comma < 0 or not re.match(r",\s*(?:(?:a|an|the|its)\s+[^,;]{0,60}?\s+)?(?:which|that|who|whose)\s+[^,;]*$", st[comma:pos]):
        return False
    end = re.match(r"[^,;]{0,40},", st[pos:])
    if not end:
        return False
    return not TRIGGER_RX.search(st[comma:pos + end.end()])   # 'X, who was shot dead on Jan. 9,': the event itself


DEED = EVENT_PATTERNS["event.refer.deed_of"].rx
DEED_TYPE = {"killing": "targeted_killing", "murder": "targeted_killing", "assassination": "targeted_killing",
             "attack": "attack", "bombing": "bombing", "blast": "bombing", "abduction": "kidnapping",
             "kidnapping": "kidnapping", "ambush": "armed_assault"}


def _deed_of_the_arrested(work: Work, arrest, s, st: str) -> None:
    """'The CTD on Thursday arrested a suspect in the killing of a cleric who was gunned down two days
    earlier': the killing is an event of its own, told before the arrest, unless the text told it already."""
    m = DEED.search(st)
    if not m:
        return
    etype = DEED_TYPE[m.group("deed").lower()]
    rest = m.group("rest")
    rel = RELATIVE_DATES.search(rest)
    if not rel and not re.search(r"\b(?:of|on)\s+(?:a|an|the)\s", rest[:12]):
        return   # 'arrested for attacks': no one deed named
    for ev in work.events:
        if ev is not arrest and family(ev.type) == family(etype):
            return   # the deed was told before: the arrest refers to it
    killed = 1 if etype == "targeted_killing" and EVENT_PATTERNS["event.killed.targeted_one"].rx.match(rest) else None
    date = None
    if rel and arrest.date and len(arrest.date) == 10:
        r = re.sub(r"^(?:on\s+)?", "", rel.group(0).lower())
        date = shift(arrest.date, r)
    elif not rel:   # 'the murder of a prayer leader in Orangi Town last year'
        at = s.start + m.start("rest")
        told = [d for d in work.dates(rest, s, at) if d.value and not d.reporting]
        date = told[0].value if told else None
    place = empty_place()
    hits = [h for h in work.place_hits.get(s.index, []) if h[0] >= s.start + m.start("deed")]
    if hits:   # the deed's place is not the arrest's: 'arrested four men ... including the murder of X in Orangi Town'
        place = read_place(work.text, s.start + m.start("deed"), s.end, hits)
        if arrest.place.get("name") and arrest.place.get("name") == place.get("name"):
            arrest.place = read_place(work.text, s.start, s.start + m.start("deed"),
                                      [h for h in work.place_hits.get(s.index, []) if h[0] < s.start + m.start("deed")])
    deed = EventRec(type=etype, sentences=[s], date=date, date_rel=None, place=place, killed=killed,
                    injured=None, hedged=False, rules={"type": "event.type.deed_of_arrested", "date": "event.date.deed_of_arrested",
                                                       "killed": "event.killed.deed_of_arrested"})
    work.events.append(deed)   # after the arrest: the sentences that follow usually tell the deed


def _date_told_before(work: Work, s, events):
    """The latest date given in the sentences since the last event (at most three back)."""
    stop = events[-1].sentences[-1].index if events else -1
    for idx in range(s.index - 1, max(stop, s.index - 4), -1):
        x = work.sentences[idx]
        ds = [d for d in work.dates(x.text, x, x.start) if d.value and not d.reporting
              and not (work.meta_span and work.meta_span[0] - 2 <= d.start <= work.meta_span[1] + 2)]
        if ds:
            return ds[-1].value
    return None


def _heading_date(work: Work, s):
    """'- Monday, 6 October | North Waziristan, KP' over a paragraph dates the paragraph's events."""
    text = work.text
    end = text.rfind("\n", 0, s.start)
    for _ in range(3):   # the line above the paragraph, at most a few lines up
        if end <= 0:
            return None
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        end = start - 1
        if not line:
            continue
        if len(line) > 100 or re.search(r"[.!?\"\u201d]$", line):
            return None   # a paragraph of the story, not a heading
        if work.meta_span and start <= work.meta_span[0] < start + len(line) + 1:
            return None   # the line that dates the article
        if re.match(r"(?i)\W*(?:published|updated|posted|last\s+updated|by|date[ds]?|reporting\s+period)\b", line) \
                or text.count("\n", 0, start) < 2:
            return None   # a byline or dateline, not a section heading
        ds = [d for d in work.dates(line, s, start) if d.value and len(d.value) >= 7]
        return ds[0].value if ds else None
    return None


RAID_REF = EVENT_PATTERNS["event.refer.raid"].rx


# 'claimed the attack on a convoy', 'the bombing in Quetta': the claim names its own deed
CLAIMED_DEED_NAMED = EVENT_PATTERNS["event.perp.claimed_deed_named"].rx


def _quoted(work: Work, pos: int) -> bool:
    """Whether ``pos`` lies inside a quotation opened earlier in its paragraph (a speaker's 'today')."""
    start = work.text.rfind("\n", 0, pos) + 1
    before = work.text[start:pos]
    curly = before.rfind("\u201c") > before.rfind("\u201d")
    return curly or before.count('"') % 2 == 1


def _refers_to(work: Work, new: EventRec, st: str, definite: bool):
    """The earlier event this sentence speaks of, if any."""
    events = work.events
    if not events:
        return None
    plain = re.sub(r"\balso\s+(?=(?:\w+\s+)?(?:died|killed|martyred|wounded|injured|hurt|embraced|lost)\b)", "", st)
    plain = patterns.load("events")["event.novelty.another_counted"].rx.sub("", plain)   # 'another 54 persons': more people
    novelty = bool(NOVELTY.search(plain))
    # the same named person killed again: the same event ('confirmed the death of X ... killed in a clash')
    refs = work.person_hits.get(new.sentences[0].index, [])
    named = {id(p) for _, _, p in refs if not p.official}
    dead = {id(p) for a, b, p in refs if not p.official and _told_dead(work.text, a, b)}
    here = new.sentences[0].start
    for ev in reversed(events) if named else ():   # (no one named: no earlier event shares a man; dead <= named)
        if ev.sentences and ev.sentences[0].start < here - RETOLD_WINDOW:
            break   # told further back than a retelling reaches (as in _merge_retold): the events are in text order
        seen = {id(p) for x in ev.sentences for _, _, p in work.person_hits.get(x.index, [])}
        same = (named & seen and family(ev.type) == family(new.type) and new.killed in (None, ev.killed)) \
            or dead & seen   # a man dies once: his death told again, as a raid or as a killing, is one event
        if same and "arrest" not in (ev.type, new.type) and ev.killed \
                and EVENT_PATTERNS["event.refer.death_told"].search(st):
            if compatible(ev.place, new.place) and _dates_ok(ev.date, new.date):
                return ev
    s = new.sentences[0]
    during = patterns.load("events")["event.refer.during_the"].search(st)
    fight_noun = during and re.search(r"encounter|gunfight|exchange\s+of\s+fire", during.group(0), re.I)
    fights = [ev for ev in reversed(events[-4:]) if ev.type in ("clash", "arrest") or not fight_noun]
    if during and fights and not new.date and s.index - fights[0].sentences[-1].index <= 3:
        new.place = empty_place()   # 'during the operation, the CTD also seized ...': the raid just told
        return fights[0]
    named_site = EVENT_PATTERNS["event.refer.named_site"].search(st)
    if definite and named_site and (new.place.get("name") or new.place.get("district")):
        # 'planned the Mastung bombing', 'The Khar bombing came ...': the event of that place, wherever told
        site = lexicon.key(named_site.group("site"))
        for ev in reversed(events):
            names = {lexicon.key(ev.place.get(k) or "") for k in ("name", "district")} - {""}
            if family(ev.type) == family(new.type) and (site in names or any(site in n.split() or n in site for n in names)):
                new.place = dict(ev.place)
                new.date = None
                return ev
        return None
    if definite and not novelty and UNCLAIMED.search(st) and not new.date and not any(new.place.values()) \
            and new.killed is None and new.injured is None:
        return _unclaimed_event(events, s)   # 'No one has yet taken responsibility for this attack'
    if definite and not novelty:
        recent = list(reversed(events))[:4]
        lead = events[0]
        todays = patterns.load("events")["event.refer.todays"].search(st)
        if todays and family(lead.type) == family(new.type):
            if lead.date or _quoted(work, s.start + todays.start()) or not new.date:
                new.date = None   # 'today's attack' in a quote of yesterday: the story's lead event, whatever its day
            else:   # the writer's own 'today's attack' dates an undated lead by the publication date
                new.rules["date"] = "event.date.todays_lead"
            new.place = empty_place()
            return lead
        claim = CLAIM.search(st) is not None   # a claim is made for an attack, never for a raid or an arrest
        just_told = [ev for ev in events[-RECENT_EVENTS:] if ev.type != "arrest" and ev.sentences[-1].index == s.index - 1
                     and ev.sentences[-1].para == s.para]
        if claim and len(just_told) == 1 and not new.date and not any(new.place.values()) \
                and new.killed in (None, just_told[0].killed) and not CLAIMED_DEED_NAMED.search(st):
            # 'Two soldiers died in an exchange of fire. Group X claimed responsibility for the attack.':
            # the claim is for the deed the sentence before it told, whatever word it uses for it
            return just_told[0]
        if claim and new.type == "attack" and not new.date and not any(new.place.values()) and work.published \
                and s.para != events[-1].sentences[-1].para and not EVENT_PATTERNS["event.refer.claim_recalled"].search(st):
            # 'The TTP claimed the attack': the story's own attack of the last days, not one recalled from before
            own = [ev for ev in recent if family(ev.type) == "attack" and ev.date and len(ev.date) == 10
                   and 0 <= (work.published - cast(dt.date, parse_iso(ev.date))).days <= 14]
            if len(own) == 1:
                recent = own + [ev for ev in recent if ev is not own[0]]
        for loose in (False, True):   # an event of the same kind first, then any the words may name
            for ev in recent:   # 'the gunfight' after an attack on a post may be that attack itself
                fam_ok = family(ev.type) == family(new.type) or (new.type == "clash" and ev.type == "arrest" and new.killed is None
                                                                and RAID_REF.search(st)) \
                    or (loose and new.type in ("attack", "clash") and ev.type != "arrest"
                                                                and not new.date and not new.place.get("name")
                                                                and s.para - ev.sentences[-1].para <= 1
                                                                and not (claim and ev.type == "clash"))
                if fam_ok and _dates_ok(ev.date, new.date) and (not any(new.place.values()) or (
                        compatible(ev.place, new.place) and same_site(ev.place, new.place))):
                    return ev
        cur = events[-1]
        fam_ok = family(cur.type) == family(new.type) or new.type == "attack" and cur.type != "arrest" \
            and not _tolls_differ_across_families(cur, new)
        if fam_ok and not new.date and s.para - cur.sentences[-1].para <= 2:
            new.place = empty_place()   # 'the attack was revenge for ... in Mohmand': the place is not its own
            return cur
    cur = events[-1]
    last_s = cur.sentences[-1]
    if s.index - last_s.index > 6 or _tolls_differ_across_families(cur, new):
        return None
    if new.date and not definite and patterns.load("events")["event.refer.earlier_deed"].search(st):
        return None   # 'became commander after X was killed in an encounter in February 2018': an earlier event
    same_family = family(cur.type) == family(new.type) or new.type == "attack" and cur.type != "arrest" or \
        (new.type in ("bombing", "suicide_bombing") and cur.type in ("bombing", "suicide_bombing", "attack")) or \
        (new.type == "clash" and cur.type in ("armed_assault", "targeted_killing") and s.para == last_s.para
         and (not new.date or new.date == cur.date) and not new.place.get("name") and not new.place.get("district")) or \
        (new.type == "armed_assault" and cur.type == "clash" and s.index - last_s.index <= 2 and not new.date
         and not new.place.get("name") and not new.place.get("district"))   # 'a team surrounded ... The men inside opened fire'
    if not same_family:
        return None
    if not compatible(cur.place, new.place) or not _dates_ok(cur.date, new.date):
        return None
    if new.date_rel:
        return None
    if cur.killed is not None and new.killed is not None and cur.killed != new.killed and not definite \
            and cur is events[0] and len(cur.sentences) == 1 and cur.killed < new.killed and s.index - last_s.index <= 2 \
            and not novelty and not cur.date and family(cur.type) == family(new.type):
        cur.killed = new.killed   # the lead 'killed a senior leader ... over the weekend', the next paragraph the whole toll
        cur.rules["killed"] = new.rules.get("killed")
        return cur
    if new.date and not TOLL.search(st) and (
            (cur.killed is not None and new.killed is not None and cur.killed != new.killed)
            or (new.place.get("name") and cur.place.get("name") and not same_site(cur.place, new.place))):
        return None   # 'had claimed the attack in Pahalgam in which 26 were killed on April 22': another one
    if not definite and not same_site(cur.place, new.place):
        return None
    if cur.killed is not None and new.killed is not None and cur.killed != new.killed and not definite:
        if not (cur.type == "clash" and s.index - last_s.index <= 2 and not new.date
                and MILITANT_NOUN.search(cur.sentences[0].text) and not MILITANT_NOUN.search(st)
                and SECURITY_DEAD.search(st)):
            return None   # 'Three terrorists were killed in an encounter ... A soldier was killed in the gunfight': one
    if novelty and not definite:
        return None
    if novelty and new.killed is not None:
        return None
    return cur


UNCLAIMED = PERP["event.perp.unclaimed"].rx


def _unclaimed_event(events: list, s):
    """The deed a 'no one has claimed it' sentence is about: the one spoken of last (by its latest
    mention: 'today's attack' told again just before, not the earlier bombing recalled in between).
    When another sentence says a group claimed that one ('LeJ admitted the 2013 bombings'), the words
    are about the story's own incident, its lead, if nobody is said to have claimed that; a claim
    stated for another deed is never undone."""
    def claimed(ev: EventRec) -> bool:
        return any(ev.rule(("perpetrators", p)).startswith(CLAIM_RULES) for p in ev.perpetrators)
    told = [ev for ev in events if ev.type != "arrest" and ev.sentences[-1].index < s.index]
    if not told:
        return None
    last = max(told, key=lambda ev: (ev.sentences[-1].index, not claimed(ev)))
    if not claimed(last):
        return last
    lead = told[0]
    return lead if lead is not last and family(lead.type) == "attack" and not claimed(lead) else last


def _another_account(work: Work, new: EventRec, s, st: str):
    """A story of one incident quotes several sources, each with its own count: 'an official told the
    agency seven men had been killed', 'the minister said eight'. A count given only as reported speech,
    with no day or place of its own that differ and nothing new ('another', 'separate'), is another
    account of the story's one event, not a second event; the first count stays."""
    if new.type == "arrest" or new.killed is None:
        return None
    told = list(islice((ev for ev in work.events if ev.type != "arrest"), 2))   # one is all it needs
    if len(told) != 1:
        return None
    main = told[0]
    if main.killed is None or main.killed == new.killed:
        return None   # the same count: the ordinary reference rules decide
    if family(main.type) not in ("attack", "clash") or not _dates_ok(main.date, new.date) or new.date_rel:
        return None
    if any(new.place.values()) and not (compatible(main.place, new.place) and same_site(main.place, new.place)):
        return None
    plain = re.sub(r"\balso\s+(?=(?:said|says|told|confirmed|reported|put)\b)", "", st)   # 'also said': another voice
    if NOVELTY.search(plain) or is_tally(st) or s.index - main.sentences[-1].index > 8:
        return None
    if not parse.toll_reported(work, s.start, s.end):
        return None
    new.killed = None   # the count of another source: the event keeps the one it was first told with
    if main.injured is not None:
        new.injured = None
    new.rules["type"] = main.rules.get("type", new.rules.get("type"))
    new.type = main.type
    main.rules["merged"] = "event.refer.another_account"
    return main


def _fill_toll(ev: EventRec, t: Toll, how: str | None = None) -> None:
    """Give ``ev`` the counts of ``t`` it lacks, with their rule ids (suffixed with ``how`` when given)."""
    if ev.killed is None and t.killed is not None:
        ev.killed = t.killed
        ev.rules["killed"] = f"{t.krule}.{how}" if how else t.krule
    if ev.injured is None and t.injured is not None:
        ev.injured = t.injured
        ev.rules["injured"] = f"{t.irule}.{how}" if how else t.irule


STRIKE = re.compile(r"(?i)strike$")


def _strike_on_named(work: Work, s, pool) -> bool:
    """'A US drone strike in Kunar killed X': an air or drone strike whose dead or target the sentence names is
    the killing of that person (targeted_killing), not a bombing; a strike on a compound of unnamed men stays one."""
    bombs = [t for t in pool if t[2] == "bombing"]
    if not bombs or not all(STRIKE.search(s.text[t[0]:t[1]]) for t in bombs):
        return False
    return any(not p.official for _, _, p in work.person_hits.get(s.index, []))


TOLD_DEAD_AFTER = EVENT_PATTERNS["event.refer.told_dead_after"].rx
TOLD_DEAD_BEFORE = EVENT_PATTERNS["event.refer.told_dead_before"].rx


def _told_dead(text: str, a: int, b: int) -> bool:
    """Is the man named at text[a:b] the one the sentence tells was killed ('X was gunned down', 'the death of X')?"""
    return bool(TOLD_DEAD_AFTER.match(text[b:b + 120]) or TOLD_DEAD_BEFORE.search(text[max(0, a - 40):a]))


def _tolls_differ_across_families(cur: EventRec, new: EventRec) -> bool:
    """'Forces killed three militants in a gunfight ... the group claimed the attack on a convoy, which killed 40':
    an attack with its own toll, told beside a clash with another, is another event."""
    return family(cur.type) != family(new.type) and cur.killed is not None and new.killed is not None \
        and cur.killed != new.killed


def _dates_ok(a, b) -> bool:
    return not a or not b or a.startswith(b) or b.startswith(a)


def _merge(ev: EventRec, new: EventRec, st: str, definite: bool = False) -> None:
    ev.sentences.append(new.sentences[0])
    if not new.hedged and PRIORITY.index(new.type) < PRIORITY.index(ev.type) and family(new.type) == family(ev.type):
        if not (ev.type == "clash" and new.type != "clash"):
            ev.type = new.type
    if ev.type == "attack" and new.type == "clash" and not definite:
        ev.type = "clash"   # 'killed ... in a gun battle'; but 'the gunfight' after an attack is that attack
    if new.date and (not ev.date or len(new.date) > len(ev.date)):
        ev.date = new.date
        ev.rules["date"] = new.rules.get("date")
    ev.place = more_specific(new.place, ev.place)
    if ev.killed is not None and new.killed is not None and ev.type == "clash" \
            and (re.search(r"\b(?:also|too|as well)\b", st) or not MILITANT_NOUN.search(st)) and ev.sentences[0].text is not st:
        first = any(MILITANTS_COUNTED.search(x.text) for x in ev.sentences)
        this = SECURITY_DEAD.search(st) is not None
        if first and this:
            ev.killed += new.killed   # 'killed 12 militants ... One soldier also died in the exchange of fire'
            ev.rules["killed"] = "event.killed.other_side"
    if not patterns.load("events")["event.toll.contested"].search(st):   # 'social media sources claimed 17': no toll
        _fill_toll(ev, Toll(new.killed, new.injured, new.rules.get("killed"), new.rules.get("injured")))


def _actor_name(work: Work, s, a: int | None, b: int, name: str) -> str:
    """'CTD' followed by 'Malakand', 'KPK' before 'police': the actor as the text names it;
    an acronym the text spelled out before ('the Frontier Corps (FC)', 'the Directorate of
    Security (DS)') in its long form."""
    text = work.text
    if name.isupper() and len(name) <= 6:
        spelled = re.search(r"([A-Z][\w-]+(?:[ \t]+(?:(?:of|for|and|the)[ \t]+)?[A-Z][\w-]+){0,4})[ \t]*\("
                            + re.escape(name) + r"\)", text[:a])
        if spelled and not re.match(r"\s+[A-Z][a-z]+\b", text[b:b + 20]):
            return spelled.group(1)
    acr = re.match(r"\s*\(([A-Z][A-Za-z]{1,6})\)", text[b:b + 12])
    if acr and re.match(r"\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b", text[b + acr.end():b + acr.end() + 30]):
        name, b = acr.group(1), b + acr.end()   # 'Counter-Terrorism Department (CTD) Malakand' -> 'CTD Malakand'
        a = None
    m = re.match(r"\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b", text[b:b + 30])
    if m and lexicon.key(m.group(1)) in lexicon.places_by_name() and not re.match(r"\s+[A-Z][a-z]+\s+(?:SP|DIG|chief)", text[b:b + 30]):
        return name + text[b:b + m.end()] if a is None else text[a:b + m.end()]
    return name


CLAIM_RULES = ("event.perp.claim", "event.perp.responsible", "event.perp.last_claimant")   # undone by 'no one claimed it'


def _record_after(st: str, end: int) -> bool:
    """'responsible for several attacks', 'involved in killings of police': the deed the cue at
    ``end`` names is a record of many, not the event at hand."""
    return PERP["perp.record"].search(st[end:end + 80]) is not None


def _author_of_listed_deed(work: Work, ev: EventRec, s) -> None:
    """'BLA has carried out a number of attacks ... besides the one on the consulate on November 23, 2018,
    attack on a hotel in Gwadar on May 11, 2019 and attack on the exchange on 29 June 2020': a deed listed,
    as a clause of its own, after a record its author carried out or claimed and that goes on to name deeds
    is that author's (the group just before the record's verb)."""
    whole = work.sentences[s.index]
    if s.start == whole.start or not LISTED_DEED.match(s.text):
        return
    st = whole.text
    for m in [*AGENT.finditer(st, 0, s.start - whole.start), *CLAIM_DEED.finditer(st, 0, s.start - whole.start)]:
        if not (_record_after(st, m.end()) and PERP["perp.record.including"].rx.match(st[m.end():])):
            continue
        hits = [h for h in work.whole_group_hits.get(s.index, []) if h[1] <= whole.start + m.start()]
        gap = work.text[hits[-1][1]:whole.start + m.start()] if hits else ""
        if hits and not re.search(r"[,;]|\b(?:said|says|told|and)\b", gap):
            _add_perpetrator(ev, hits[-1][2].name, "event.perp.deed_list")
            return


def _record_only(ev: EventRec, s, end: int) -> bool:
    """A record of many deeds after the cue at ``end`` (``_record_after``) that does not go on to name
    the deed this sentence tells: 'claimed several attacks on Shia, including the 2013 blasts in Quetta'
    names the blasts, the event the sentence itself tells (perp.record.including)."""
    if not _record_after(s.text, end):
        return False
    return not (ev.sentences[0].index == s.index and PERP["perp.record.including"].rx.match(s.text[end:]))


def _reports(work: Work, a: int, b: int) -> bool:
    """The force or official at text[a:b] reports the event ('police said', 'the army told
    reporters') or gave the tip-off ('information provided by the army'): not a side of it."""
    text = work.text
    if PERP["perp.self_claim"].search(text[b:b + 60]):
        return False   # 'CTD Malakand on Tuesday claimed to have killed': the side that fought
    r = parse.role(work, a, b)
    if r is not None and r.role == "agent" and (r.lemma in parse.SPEECH_LEMMAS or PERP["perp.info_lemma"].search(r.lemma)):
        return True
    return bool(PERP["perp.reporter_after"].search(text[b:b + 40]) or PERP["perp.info_by"].search(text[max(0, a - 30):a]))


def _attacked(work: Work, a: int, b: int) -> bool:
    """The force at text[a:b] is what was attacked ('the attack on a CRPF convoy', 'an army
    patrol was ambushed', 'militants attacked the FC post'): a target, not a side that fought."""
    text = work.text
    if PERP["perp.attack_on"].search(text[max(0, a - 40):a]) or PERP["perp.was_attacked"].search(text[b:b + 50]):
        return True
    r = parse.role(work, a, b)
    return r is not None and r.role == "patient" and bool(PERP["perp.attack_lemma"].search(r.lemma))


def _victim(work: Work, a: int, b: int) -> bool:
    """The name at text[a:b] is what the deed struck ('five TTP militants were killed', 'the blast
    killed two Lashkar men', 'militants attacked an IS-K hideout'): read on the parse."""
    r = parse.role(work, a, b)
    return r is not None and r.role == "patient" and bool(PERP["perp.harm_lemma"].search(r.lemma))


def _joined_forces(text: str, end: int, hits: list) -> list:
    """The forces conjoined with one that ends at ``end``: 'security forces and police',
    'a joint team of the army, the CRPF and the state police' (hits: (start, end, name, rec))."""
    out = []
    for hit in hits:
        if not PERP["perp.force_and"].rx.fullmatch(text[end:hit[0]]):
            break
        out.append(hit)
        end = hit[1]
    return out


def _does(work: Work, a: int, b: int, va: int, vb: int) -> bool | None:
    """Is the mention at text[a:b] the agent of the verb at text[va:vb] (or of a verb it is joined
    to)? 'Waheed and an accomplice shot the cleric': yes; 'officer X said separatists attacked': no.
    None without a parse."""
    r = parse.role(work, a, b)
    verb = parse.head_token(work, va, vb)
    if r is None or verb is None:
        return None
    tok = parse.head_token(work, a, b)
    if any(c.dep_ == "relcl" and c.i <= verb.i <= max(t.i for t in c.subtree) for c in tok.children):
        return True   # 'a man, who investigators say fired the shots that killed the officer'
    if r.role != "agent":
        return _in_subject(tok, verb)
    if verb.dep_ == "relcl" and verb.head.head.i == r.verb.i and PERP["perp.command_lemma"].search(r.lemma):
        return True   # 'he directed the cell that shot dead the inspector'
    return r.verb.i == verb.i or (verb.dep_ in ("conj", "xcomp", "advcl") and verb.head.i == r.verb.i)


def _in_subject(tok, verb) -> bool:
    """Whether ``tok`` lies inside the subject of ``verb`` other than through 'of' ('men under his
    command stormed the post': his; not 'the brother of X shot him')."""
    subjects = [c for c in verb.children if c.dep_ in parse.SUBJECTS]
    t = tok
    while t.head.i != t.i and t not in subjects:
        if t.lower_ == "of" or t.i == verb.i:
            return False
        t = t.head
    return t in subjects


BRANCH_AFTER = EVENT_PATTERNS["event.perp.branch_after"].rx


def _branch_named(work: Work, name: str) -> str:
    """'The Islamic State affiliate claimed it' in a story that names one branch of the Islamic State (its
    Khorasan province): that branch; with no branch or several, the group as named."""
    parent = lexicon.groups_by_key().get(lexicon.key(name))
    if parent is None:
        return name
    kids = [g.name for g in work.groups if g.registry is not None and getattr(g.registry, "parent", None) == parent.name]
    return kids[0] if len(kids) == 1 else name


def _initials_of(short: str, long_: str) -> bool:
    """Is ``short`` the acronym of ``long_`` ('CTD', 'Counter-Terrorism Department')?"""
    if " " in short.strip() or not lexicon.is_acronym(short.strip()):
        return False
    words = [w for w in re.split(r"[\s-]+", long_) if w and w.lower() not in ("of", "the", "and", "for", "&")]
    return len(words) >= 2 and "".join(w[0] for w in words).lower() == short.strip().lower()


def _add_perpetrator(ev: EventRec, name: str, rule: str, groups: frozenset = frozenset()) -> None:
    """Add ``name`` to the event's perpetrators, recording the rule that found it; a longer form of a
    name already there ('CTD' then 'CTD Malakand') replaces it and keeps the first rule, unless both
    are groups of their own (``groups``: 'Islamic State' and 'Islamic State Khorasan')."""
    for i, p in enumerate(ev.perpetrators):
        if lexicon.key(p) != lexicon.key(name) and name in groups and p in groups:
            continue
        if _initials_of(name, p) or _initials_of(p, name):
            if _initials_of(name, p):   # 'CTD' after 'Counter Terrorism Department': one actor, the long form kept
                return
            ev.perpetrators[i] = name
            ev.rules[("perpetrators", name)] = ev.rules.pop(("perpetrators", p), rule)
            return
        if lexicon.key(p) == lexicon.key(name) or lexicon.key(name).startswith(lexicon.key(p) + " "):
            if len(name) > len(p):
                ev.perpetrators[i] = name
                ev.rules[("perpetrators", name)] = ev.rules.pop(("perpetrators", p), rule)
            return
        if lexicon.key(p).startswith(lexicon.key(name) + " "):
            return
    ev.perpetrators.append(name)
    ev.rules[("perpetrators", name)] = rule


class _ClaimBefore:
    """A claim found by its verb ('ISKP claimed killing 70'), read like a match of ``event.perp.claim``: its
    'who' is the clause before the verb (at most 160 characters, back to a '.' or ';')."""

    def __init__(self, st: str, m: re.Match):
        lo = max(0, m.start() - 160)
        cut = max(st.rfind(".", lo, m.start()), st.rfind(";", lo, m.start()))
        self._st, self._a, self._b, self._end = st, (cut + 1 if cut >= 0 else lo), m.start(), m.end()

    def start(self, group: str | None = None) -> int:
        return self._a

    def end(self, group: str | None = None) -> int:
        return self._b if group == "who" else self._end

    def group(self, group: str | None = None) -> str:
        return self._st[self._a:self.end(group)]


def _perpetrators(work: Work, ev: EventRec, s, last_perp_group) -> None:
    """The authors of ``ev`` that sentence ``s`` names, each with the id of the reading that found it."""
    st = s.text
    text = work.text
    # 'khawarij' is the state's label for the men it fights, not a group's name (README conventions)
    groups = [h for h in work.group_hits.get(s.index, []) if not KHAWARIJ.fullmatch(work.text[h[0]:h[1]])]
    refs = work.person_hits.get(s.index, [])
    denied = set()
    low = st.lower()
    may_claim = any(w in low for w in ("responsib", "claim", "behind", "credit", "owned", "carried out", "conducted",
                                       "launched", "executed", "mounted", "said it ", "said they ", "says it ",
                                       "admit", "acknowledg", "owned up"))
    may_deny = any(w in low for w in DENIAL_WORDS)
    for m in (DENIAL.finditer(st) if may_deny else ()):
        who = (m.group("who") or m.group("who2") or "")
        for a, b, rec in groups:
            if text[a:b] in who:
                denied.add(rec.name)
                ev.not_perpetrators.append(rec.name)

    group_names = frozenset(g.name for g in work.groups)

    def add(name, rule, at=None):
        if not name or name in denied or name in ev.not_perpetrators:
            return
        if ev.unclaimed and rule.startswith(CLAIM_RULES):
            return
        if at is not None and ev.type != "clash" and _victim(work, *at):
            return   # 'the blast killed five TTP militants': the men it killed did not do it
        if ev.type == "arrest" and not rule.startswith("event.perp.arrest."):
            return   # the men arrested and their deeds: targets of the arrest, not its authors
        if at is not None and BRANCH_AFTER.match(text, at[1]):
            name = _branch_named(work, name)   # 'the Islamic State affiliate': the branch the story names
        _add_perpetrator(ev, name, rule, group_names)

    if PERP["event.perp.unclaimed"].search(st):
        ev.unclaimed = True   # 'No one has yet taken responsibility for this attack': no claimant, before or after
        for p in [p for p in ev.perpetrators if ev.rule(("perpetrators", p)).startswith(CLAIM_RULES)]:
            ev.perpetrators.remove(p)
        return   # 'No group claimed the blast, although ... activity by IS-K': nobody is named
    claims = ((CLAIM.finditer(st), CLAIM, "event.perp.claim"), (RESPONSIBLE.finditer(st), RESPONSIBLE, "event.perp.responsible"),
              ((_ClaimBefore(st, d) for d in CLAIM_DEED.finditer(st)), CLAIM_DEED, "event.perp.claim.deed"))
    for found, rx, claim_tag in (claims if may_claim else ()):
        for m in found:
            if _record_only(ev, s, m.end()) or PERP["perp.habitual"].search(st[m.start("who"):m.end() + 60]) or (rx is RESPONSIBLE and not PERP["perp.deed_after"].search(st[m.end():m.end() + 60])):
                continue   # 'a commander who was responsible for several attacks': his record
            who_start = s.start + m.start("who")
            who_end = s.start + m.end("who")
            cut = list(re.finditer(r";\s*|,\s*(?:but|while|whereas|however)\s+|\s(?:but|while|whereas)\s", m.group("who")))
            if cut:   # 'The TTP denied involvement, but JuA claimed': the clause of the claim
                who_start = s.start + m.start("who") + cut[-1].end()
            inside = [(a, b, rec) for a, b, rec in groups if who_start <= a < who_end]
            if inside:
                add(inside[0][2].name, claim_tag + ".group", inside[0][:2])
                for prev, nxt in pairwise(inside):   # 'Both JuA and the Islamic State claimed it'
                    if not PERP["perp.force_and"].rx.fullmatch(text[prev[1]:nxt[0]]):
                        break
                    add(nxt[2].name, claim_tag + ".group.joint", nxt[:2])   # the subject: 'X, which groups A with B, claimed'
            elif PERP["event.perp.claim.pronoun"].search(m.group("who")):
                topic = _topic_group(work, s, who_end)   # 'In May 2016, it claimed a bombing': the group spoken of
                if topic:
                    add(topic.name, claim_tag + ".topic")
            elif PERP["event.perp.claim.description"].search(m.group("who")):
                topic = _topic_group(work, s, who_end)   # 'The Pakistan-based outfit claimed it': the group spoken of
                if topic:
                    add(topic.name, claim_tag + ".described")
            else:
                people = [p for a, b, p in refs if who_start <= a < who_end and not p.official]
                if people:
                    add(people[-1].name, claim_tag + ".person")
    if ev.perpetrators and may_claim:   # 'X claimed the bombing, saying it collaborated with the banned Y'
        for a, b, rec in groups:
            if PERP["perp.partner"].search(text[max(s.start, a - 70):a]):
                add(rec.name, "event.perp.partner", (a, b))
    for m in (CLAIM_BY.finditer(st) if may_claim else ()):
        inside = [(a, b, rec) for a, b, rec in groups if s.start + m.start("who") <= a]
        if inside:
            add(inside[0][2].name, "event.perp.claim_by", inside[0][:2])
    # people who masterminded or carried it out
    for m in AGENT.finditer(st):
        if PERP["perp.agent.negated"].search(st[max(0, m.start() - 20):m.start()]):
            continue   # 'was not involved in the Bannu incident'
        if re.search(r"\bto\s+$", st[max(0, m.start() - 4):m.start()]):
            continue   # 'funds to organise operations': a purpose, not a deed done
        if _record_only(ev, s, m.end()) or (PERP["perp.agent_of_deed"].rx.fullmatch(m.group(0))
                                          and not PERP["perp.deed_after"].search(st[m.end():m.end() + 60])):
            continue   # 'he had carried out dozens of attacks', 'involved in deporting refugees': not this event
        before = [(a, b, p) for a, b, p in refs if a < s.start + m.start() and not p.official]
        gap = text[before[-1][1]:s.start + m.start()] if before else ""
        if before and REPORT_PERP.search(gap) and not PERP["perp.said_to"].search(gap):
            before = []   # 'spokesman X said the operation had been carried out by ...': he reports it
        agents = [p for a, b, p in before]
        if agents:
            add(agents[-1].name, "event.perp.agent.person")
            agents[-1].militant = True
            if ev.id not in agents[-1].events:
                agents[-1].events.append(ev)
        else:
            gb = [(a, b, rec) for a, b, rec in groups if b <= s.start + m.start()]
            gap = text[gb[-1][1]:s.start + m.start()] if gb else ""
            if gb and not (REPORT_PERP.search(gap) and not PERP["perp.said_to"].search(gap)):
                add(gb[-1][2].name, "event.perp.agent.group", gb[-1][:2])   # not 'the TTP said the raid was carried out by'
            elif not gb and PERP["perp.group_pronoun"].search(st[max(0, m.start() - 40):m.start()]):
                topic = _topic_group(work, s)   # 'In September 2011, it staged an assault on the embassy'
                if topic is not None:
                    add(topic.name, "event.perp.agent.topic")
    # 'a chargesheet naming X as the chief conspirator': the man the text names in the role of an author
    for m in PERP["perp.named_as"].finditer(st):
        who = [p for a, b, p in refs if s.start + m.start("who") <= a < s.start + m.end("who") and not p.official]
        if who and ev.type != "arrest":
            add(who[-1].name, "event.perp.named_as")
            who[-1].militant = True
    # 'attributed the attack to a cell run by X', 'linked to him', 'militants loyal to X'
    for m in (ATTRIB.finditer(st) if ev.type != "arrest" else ()):   # the men arrested are not its authors
        after_pos = s.start + m.end()
        who = [p for a, b, p in refs if after_pos <= a <= after_pos + 45 and not p.official]
        grp = [rec for a, b, rec in groups if after_pos <= a <= after_pos + 45]
        if who:
            add(who[0].name, "event.perp.attrib.person")
            if ev not in who[0].events:
                who[0].events.append(ev)
        elif grp:
            add(grp[0].name, "event.perp.attrib.group")
        elif re.match(r"\s*(?:him|them)\b", st[m.end():]) and refs:
            p = [p for a, b, p in refs if not p.official]
            if p:
                add(p[0].name, "event.perp.attrib.pronoun")
    # 'Waheed and an accomplice shot the cleric dead': the subject of an active verb of violence
    if ev.type not in ("clash", "arrest"):
        for m in ACTIVE_VIOLENCE.finditer(st):
            before = [(a, b, p) for a, b, p in refs if a < s.start + m.start() and not p.official]
            if before and not re.search(r"\b(?:was|were|been|being|by)\b", work.text[before[0][1]:s.start + m.start()]):
                gap = work.text[before[0][1]:s.start + m.start()]
                if len(gap) <= 70 and not re.search(r"[.;]", gap) and \
                        _does(work, before[0][0], before[0][1], s.start + m.start(), s.start + m.end()) is not False:
                    add(before[0][2].name, "event.perp.active_subject")
                    before[0][2].militant = True
            for a, b, rec in groups:   # 'LeJ have also killed 13 people': the group is the verb's agent
                if a < s.start + m.start() and _does(work, a, b, s.start + m.start(), s.start + m.end()) \
                        and not cast(parse.Role, parse.role(work, a, b)).negated:   # _does found a role
                    add(rec.name, "event.perp.group_subject")
    # 'an attack the TTP claimed'
    for a, b, rec in groups:
        if PERP["event.perp.group_claimed"].search(text[max(s.start, a - 40):a]) \
                and PERP["event.perp.group_claimed.after"].rx.match(text[b:b + 20]):
            add(rec.name, "event.perp.group_claimed")
    # 'X was wanted in cases including an attack on ...', 'he was accused of gunning down ...'
    for m in ACCUSED.finditer(st):
        if _record_after(st, m.end()):
            continue
        if re.match(r"\s*cases?\s+against|\s*(?:murder|terrorism|criminal)", m.group(0)):
            after = [(a, b, p) for a, b, p in refs if a >= s.start + m.end() and not p.official]
            if after and ev.type not in ("clash", "arrest"):
                add(after[0][2].name, "event.perp.accused.case")   # 'registered a murder case against Amjad'
            continue
        before = [(a, b, p) for a, b, p in refs if a < s.start + m.start() and not p.official]
        if before and ev.type not in ("clash", "arrest"):
            add(before[-1][2].name, "event.perp.accused")
    # 'officials accused Mehsud of planning the ambush', 'police blamed him for the attack'
    for m in PERP["event.perp.blamed"].finditer(st):
        if ev.type in ("clash", "arrest"):
            break
        at = s.start + m.start("who")
        who = [p for a, b, p in refs if a == at and not p.official]
        grp = [rec for a, b, rec in groups if a == at]
        if who:
            add(who[0].name, "event.perp.blamed.person")
        elif grp:
            add(grp[0].name, "event.perp.blamed.group")
    # 'his men raided a post': the man whose men they are
    hm = PERP["event.perp.his_men"].search(st)
    if hm and ev.type not in ("clash", "arrest"):
        owner = [p for a, b, p in refs if a <= s.start + hm.start() + 5 and not p.official]
        if owner:
            add(owner[-1].name, "event.perp.his_men")
    # 'fighters from the same alliance stormed a police station': the group behind the attack told before
    if ev.type not in ("clash", "arrest") and PERP["event.perp.same_group"].search(st):
        for other in reversed(work.events):
            named = [p for p in other.perpetrators if p in {g.name for g in work.groups}]
            if other is not ev and named:
                add(named[0], "event.perp.same_group")
                break
    # 'On March 11, its fighters overran a Levies post': the group the text was just speaking of
    im = PERP["event.perp.its_fighters"].search(st)
    if im and ev.type not in ("clash", "arrest"):
        here = [rec for a, b, rec in groups if a < s.start + im.start()]
        prev = work.group_hits.get(s.index - 1, []) if s.index > 0 else []
        if here:   # 'ISIS-K ..., where it said its gunmen shot dead an official': the one group named before
            # (with several named, 'it' is not resolved: the first is not always the speaker, so nobody is added)
            if len(here) == 1:
                add(here[0].name, "event.perp.its_fighters.here")
        elif prev and s.para - work.sentences[s.index - 1].para <= 1:
            add(prev[0][2].name, "event.perp.its_fighters.prev")
        else:   # 'It also ran a kidnapping business; in October 2016, its men abducted a professor'
            topic = _topic_group(work, s)
            if topic is not None and any(topic in [h[2] for h in work.group_hits.get(i, [])]
                                         for i in range(max(0, s.index - 3), s.index)):
                add(topic.name, "event.perp.its_fighters.topic")
    for a, b, rec in groups:
        if GROUP_FIGHTERS.match(text[b:b + 25]) and not re.search(
                rf"\b(?:killed|killing|killing\s+of|wounded|injured|attacked|targeted|ambushed|captured)\s+(?:(?:{NUMBER}|\d+|several|dozens\s+of)\s+)?(?:the\s+)?$", text[max(s.start, a - 30):a], re.I):
            add(rec.name, "event.perp.group_fighters", (a, b))   # 'IS-K gunmen shot ...', but not 'it killed five Taliban fighters'
    fm = PERP["event.perp.members_of"].search(st)
    if fm and ev.type != "arrest":
        after = [h for h in groups if h[0] >= s.start + fm.end()]
        if after and after[0][0] - (s.start + fm.end()) <= 12:
            add(after[0][2].name, "event.perp.members_of", after[0][:2])
            for prev, nxt in zip(after, after[1:]):
                if re.fullmatch(r"\s*(?:\([^()]*\))?\s*(?:,|and)\s*(?:the\s+)?", text[prev[1]:nxt[0]]):
                    add(nxt[2].name, "event.perp.members_of", nxt[:2])
                else:
                    break
    # 'killed by a US drone', 'a Pakistani air strike': the state that struck
    for m in PERP["event.perp.state_strike"].finditer(st):
        if ev.type not in ("arrest",):
            add({"US": "United States", "U.S.": "United States", "American": "United States", "Pakistani": "Pakistan",
                 "Afghan": "Afghanistan", "Iranian": "Iran", "Indian": "India"}[m.group("who")], "event.perp.state_strike")
    # 'the precision strike conducted by the U.S. military': the force that struck the man it killed
    if ev.type == "targeted_killing":
        for a, b, name, rec in work.actor_hits.get(s.index, []):
            if PERP["event.perp.strike_by_force"].search(text[max(s.start, a - 60):a]):
                add(_actor_name(work, s, a, b, name), "event.perp.strike_by_force")
    if ev.type == "targeted_killing":   # 'the killing of his predecessor, X, by Afghan and U.S. forces'
        for name in _killers_of_named(work, s):
            add(name, "event.perp.killing_of_by")
    # 'killed by the TTP'
    for a, b, rec in groups:
        if BY_GROUP.search(text[max(s.start, a - 70):a]) and not PERP["perp.habitual"].search(text[b:b + 40]):
            add(rec.name, "event.perp.by_group", (a, b))
    # an arrest is made by the force named before the verb, or 'detained by X'
    if ev.type == "arrest":
        verb = PERP["perp.arrest_verb"].search(st)
        by = PERP["perp.arrest_by"].search(st)
        if by:
            cands = [(a, b, name) for a, b, name, _ in work.actor_hits.get(s.index, []) if a == s.start + by.end()]
            cands += [(a, b, rec.name) for a, b, rec in groups if a == s.start + by.end()]
            if cands:
                a, b, name = cands[0]
                tail = re.match(r"\s+(?:intelligence|police|forces|personnel|officials)\b", text[b:b + 16])
                add(text[a:b + (tail.end() if tail else 0)], "event.perp.arrest.by")
                verb = None
        if verb:
            for a, b, name, rec in work.actor_hits.get(s.index, []):
                if PERP["perp.media_wing"].search(name + " " + getattr(rec, "name", "")):
                    continue   # 'according to the ISPR, troops arrested ...': the media wing only reports it
                if a < s.start + verb.start() or re.search(r"\bby\s+(?:the\s+)?$", text[max(s.start, a - 10):a]):
                    add(_actor_name(work, s, a, b, name), "event.perp.arrest.force")
                    break
            else:   # 'troops arrested three men': the unnamed force that made the arrest
                gf = next((f for f in GENERIC_FORCE_RX.finditer(st, 0, verb.start())
                           if not _reports(work, s.start + f.start(), s.start + f.end())
                           and not any(a <= s.start + f.start() < b for a, b, _ in groups)), None)   # not 'Baloch National Army'
                if gf and not ev.perpetrators:
                    add(gf.group(0).lower() if gf.group(0).lower() in GENERIC_FORCES else gf.group(0), "event.perp.arrest.generic_force")
    # a clash has two sides: the security force and the militants it fought
    if ev.type == "clash":
        actors = work.actor_hits.get(s.index, [])
        for i, (a, b, name, rec) in enumerate(actors):
            left = text[max(s.start, a - 40):a]
            if (PERP["perp.force_reporter_before"].search(left)
                    and not PERP["perp.force_unit_of"].search(left)) \
                    or PERP["perp.media_wing"].search(name + " " + getattr(rec, "name", "")) or _reports(work, a, b) \
                    or _attacked(work, a, b):
                continue
            add(_actor_name(work, s, a, b, name), "event.perp.clash.force")
            for a2, b2, name2, _ in _joined_forces(text, b, actors[i + 1:]):
                add(_actor_name(work, s, a2, b2, name2), "event.perp.clash.force.joint")
            break
        else:
            for a, b, place, surface in work.place_hits.get(s.index, []):
                if re.match(r"\s+police\b", text[b:b + 10]) and not ev.perpetrators:
                    add(text[a:b] + " police", "event.perp.clash.place_police")
                    break
            else:
                gf = next((f for f in GENERIC_FORCE_RX.finditer(st) if not _reports(work, s.start + f.start(), s.start + f.end())
                           and not any(a <= s.start + f.start() < b for a, b, _ in groups)), None)
                group_forces = any(PERP["perp.group_forces_after"].rx.match(text[b:b + 40])
                                   for a, b, rec in groups)
                if gf and not ev.perpetrators and not group_forces and not (groups and PERP["perp.their_forces"].search(st)):
                    more = [(s.start + f.start(), s.start + f.end(), f.group(0), None) for f in GENERIC_FORCE_RX.finditer(st, gf.end())
                            if not _reports(work, s.start + f.start(), s.start + f.end())]
                    for j, (_, _, force, _) in enumerate([(None, None, gf.group(0), None), *_joined_forces(text, s.start + gf.end(), more)]):
                        add(force.lower() if force.lower() in GENERIC_FORCES else force,
                            "event.perp.clash.generic_force" + (".joint" if j else ""))
        kill = re.search(r"\b(?:killed|kill|killing)\b", st)
        for a, b, rec in (groups if kill else ()):   # 'forces killed six TTP militants': the men killed are the other side
            assert kill is not None
            if 0 <= a - (s.start + kill.end()) <= 45 and KILLED_GAP.fullmatch(text[s.start + kill.end():a]) \
                    and re.match(r"[\"\u201d]?\s+(?:militants|terrorists|fighters|insurgents)\b", text[b:b + 20]):
                add(rec.name, "event.perp.clash.killed_side")
        if kill and not re.search(r"\b(?:was|were|been|being)\s+(?:\w+\s+)?$", st[:kill.start()]):   # not 'X's emir was killed'
            side = [rec for a, b, rec in groups if a < s.start + kill.start()]
            if side and not any(lexicon.key(p) == lexicon.key(side[-1].name) for p in ev.perpetrators):
                if not ev.perpetrators or PERP["perp.their_forces"].search(st):
                    add(side[-1].name, "event.perp.clash.subject_side")
        # a group named as running the operation ('a Taliban counterterrorism operation')
        for a, b, rec in groups:
            if re.match(r"\s+(?:counter-?terrorism\s+|security\s+|military\s+)?(?:operation|forces|raid)", text[b:b + 40]):
                add(rec.name, "event.perp.clash.operation")
    if not ev.perpetrators and last_perp_group is not None and ev.type != "clash":
        add(last_perp_group.name, "event.perp.last_claimant")


def _killers_of_named(work: Work, s) -> list[str]:
    """The forces named after 'by' in 'the killing of his predecessor, X, by Afghan and U.S. forces':
    each one a perpetrator, and a bare adjective joined to them ('Afghan and') a force of its own kind.
    The leader killed (X) is marked a militant: a group's predecessor or chief, not a bystander."""
    out = []
    for m in KILLING_OF_BY.finditer(s.text):
        by = s.start + m.end() - len(m.group(0)) + m.group(0).rfind(" by ") + 4
        for a, _, p in work.person_hits.get(s.index, []):
            if s.start + m.start() <= a < by and not p.official:
                p.militant = True   # 'his predecessor, X': a leader of the men, not a bystander
        for a, b, name, _ in work.actor_hits.get(s.index, []):
            if not by <= a <= by + 40:
                continue
            joined = re.match(r"(?:the\s+)?(?P<adj>[A-Z][a-z]+)\s+and\s+(?:the\s+)?$", work.text[by:a])
            kind = re.search(r"\b(?:forces|troops|soldiers)$", name)
            if joined and kind:
                out.append(f"{joined.group('adj')} {kind.group(0)}")
            out.append(_actor_name(work, s, a, b, name))
    return out


FORCE_RULES = ("event.perp.clash.force", "event.perp.clash.generic_force", "event.perp.clash.place_police",
               "event.perp.clash.setup_force", "event.perp.clash.separate_operation", "event.perp.strike_by_force",
               "event.perp.state_strike", "event.perp.clash.cordon")


def _forces_of_the_clash_before(ev: EventRec, events: list) -> None:
    """'Another terrorist was neutralised in a separate operation in Tank', 'X was targeted in a separate
    strike': a clash or strike that names no force of its own was made by the forces of the last one of
    its kind told before it."""
    if any(ev.rule(("perpetrators", p)).startswith(FORCE_RULES) for p in ev.perpetrators):
        return
    before = [e for e in events if e is not ev and e.type == ev.type]
    if not before:
        return
    forces = [p for p in before[-1].perpetrators if before[-1].rule(("perpetrators", p)).startswith(FORCE_RULES)]
    for i, force in enumerate(forces):
        if force not in ev.perpetrators:
            ev.perpetrators.insert(i, force)
            ev.rules[("perpetrators", force)] = "event.perp.clash.separate_operation"


def _cordon_forces(work: Work, ev: EventRec, s) -> None:
    """'A joint team of J&K Police and CRPF cordoned off the neighbourhood', told just after a clash that
    names no force of its own: the forces that cordoned it off are its side."""
    m = PERP["event.perp.clash.cordon"].search(s.text)
    if m is None or any(ev.rule(("perpetrators", p)).startswith(FORCE_RULES) for p in ev.perpetrators):
        return
    a0, b0 = s.start + m.start("forces"), s.start + m.end("forces")
    forces = [_actor_name(work, s, a, b, name) for a, b, name, rec in work.actor_hits.get(s.index, [])
              if a0 <= a and b <= b0 and not PERP["perp.media_wing"].search(name + " " + getattr(rec, "name", ""))]
    for i, force in enumerate(f for f in forces if f not in ev.perpetrators):
        ev.perpetrators.insert(i, force)
        ev.rules[("perpetrators", force)] = "event.perp.clash.cordon"


def _topic_group(work: Work, s, before: int | None = None):
    """The group a paragraph is about: the last group that opened a sentence (in this one, before ``before``)."""
    for idx in range(s.index, -1, -1):
        hits = work.group_hits.get(idx, [])
        if idx == s.index and before is not None:
            hits = [h for h in hits if h[0] < before]
        refs = work.person_hits.get(idx, [])
        if hits:
            first = hits[0]
            if not refs or first[0] < refs[0][0]:
                return first[2]
    return None


def _targets(ev: EventRec, st: str) -> None:
    """What the event struck, by the kinds of target the sentence names; a word used for who
    reports it ('police said'), where the wounded were taken ('rushed to hospital') or for a side
    the event already has ('security forces' in a clash) is not a target."""
    low = st.lower()
    sides = {lexicon.key(p) for p in ev.perpetrators}
    for w in TARGET_WORDS:
        if w in ev.targets or lexicon.key(w) in sides:
            continue
        spots = [m for m in re.finditer(r"\b" + re.escape(w.lower()) + r"\b", low)
                 if not PERP["target.not_before"].search(st[max(0, m.start() - 60):m.start()])
                 and not (w == "hospital" and PERP["target.care_before"].search(st[max(0, m.start() - 60):m.start()]))
                 and not PERP["target.not_after"].search(st[m.end():m.end() + 40])]
        if spots:
            if w == "vehicle" and "police vehicle" in ev.targets:
                continue
            ev.targets.append(w)
