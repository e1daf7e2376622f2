"""What became of people, and the price on their heads: status (killed, arrested,
surrendered, released) and bounties.

The cue patterns (fate.*, bounty.*) live in data/patterns/fates.yaml, each with its examples."""
from __future__ import annotations

import re
from typing import Any

from ..model.types import find_money
from . import lexicon, parse, patterns
from .people import _affiliate, _described_group, counted_lists
from .places import display_name
from .state import Evidence, Work

FATES = patterns.load("fates")
KILLED_BEFORE = FATES["fate.window.killed_before"].rx
KILLED_AFTER = FATES["fate.window.killed_after"].rx
NEUTRALISED_AFTER = FATES["fate.window.neutralised_after"].rx
DEATH_NOUN_BEFORE = FATES["fate.window.death_noun_before"].rx
ARRESTED_BEFORE = FATES["fate.window.arrested_before"].rx
ARRESTED_AFTER = FATES["fate.window.arrested_after"].rx
SURRENDERED_AFTER = FATES["fate.window.surrendered_after"].rx
RELEASED_BEFORE = FATES["fate.window.released_before"].rx
RELEASED_AFTER = FATES["fate.window.released_after"].rx
THEN_RELEASED = FATES["fate.window.then_released"].rx
RELEASE_LATER = FATES["fate.release_later"].rx
ARREST_WORD = re.compile(r"\b(?:arrested|detained|apprehended|captured|nabbed|held)\b")
BOUNTY_CUE = FATES["bounty.cue"].rx
AMONG_DEAD = FATES["fate.among_dead"].rx
AMONG_DEAD_ANY = re.compile(AMONG_DEAD.pattern.replace(r"\b[^.;]*$", r"\b"))
IDENT_FATE = FATES["fate.identified_as"].rx
CIRCUMSTANCE = FATES["fate.circumstance"]
PLACE_GAP = FATES["fate.window.place_gap"].rx
ISSUER = FATES["bounty.issuer"].rx


PRONOUN = re.compile(r"(?i:he|his|him|himself|she|her)")
VERB_STATES = (("fate.verb.killed", "killed"), ("fate.verb.arrested", "arrested"), ("fate.verb.released", "released"))
SUBJECT_STATES = (("fate.verb.died", "killed"), ("fate.verb.surrendered", "surrendered"))
NOUN_STATES = (("fate.noun.killed", "killed"), ("fate.noun.arrested", "arrested"), ("fate.noun.released", "released"))
ADJECTIVE_STATES = (("fate.adjective.killed", "killed"), ("fate.adjective.arrested", "arrested"))


def _is(pid: str, tok) -> bool:
    """Whether a token's lemma (or its form) is one of the words of pattern ``pid``."""
    rx = FATES[pid].rx
    return bool(rx.fullmatch(tok.lemma_.lower()) or rx.fullmatch(tok.lower_))


def _state_of(table, tok) -> str | None:
    return next((state for pid, state in table if _is(pid, tok)), None)


def _phrase_head(tok):
    """From a name up through its appositions and conjuncts: 'the killing of a
    leader, [X]' -> leader; '[A] and [B] were held' -> A."""
    while tok.dep_ in ("flat", "appos", "conj") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _offset(work: Work, tok) -> int:
    """Where the parsed chunk holding ``tok`` starts in the text."""
    return next(off for off, d in work.parsed if d is tok.doc)


def _not_done(verb) -> bool:
    """An infinitive or modal fate verb: 'raids to arrest X', 'the court may release X' ('managed to
    arrest X' is done)."""
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if aux & {"will", "would", "could", "may", "might", "should", "shall", "can", "must"}:
        return True
    return "to" in aux and verb.tag_ == "VB" and not _is("fate.realised", verb.head)


def _unreal(word) -> bool:
    """Whether a fate word is only wished, planned, denied or put up for a bounty: 'vowed to
    kill X', 'demanded the release of X', 'a reward for information leading to the arrest of X'.
    Looks up through nouns and the prepositions 'for', 'to', 'of' to the first verb."""
    t = word
    while t.head.i != t.i:
        up = t.head
        if _is("fate.bounty", up) or (t.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "conj", "acl")
                                      and _is("fate.unreal", up)):
            return True
        if t.dep_ == "pobj" and up.lower_ not in ("for", "to", "of"):
            return False
        if up.pos_ in ("VERB", "AUX") and t.dep_ not in ("conj", "prep", "pobj", "xcomp"):
            return False
        t = up
    return False


def _described_fate(noun):
    """The fate of the men a noun describes: 'the slain men', 'the dead', 'two of the deceased
    militants', 'two terrorists ... had been arrested'. (state, fate token) or (None, None)."""
    for n in [noun] + [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj"]:
        state = _state_of(ADJECTIVE_STATES, n) if n.pos_ in ("NOUN", "ADJ") else None
        if state:
            return state, n
        for c in n.children:
            if c.dep_ == "amod" and _state_of(ADJECTIVE_STATES, c):
                return _state_of(ADJECTIVE_STATES, c), c
        if n.dep_ in ("nsubjpass", "dobj") and _state_of(VERB_STATES, n.head) and not parse.negated(n.head):
            return _state_of(VERB_STATES, n.head), n.head
    return None, None


def _reduced_passive(head):
    """The fate verb of a passive without its auxiliary, as headlines and reduced relatives write it:
    '[X] killed in Kunar raid', '[X], arrested in 2019, ...'. A verb of killing or arrest with no
    object after a bare subject can only be passive; a relative clause ('the man X killed') is not
    read. Returns the verb or None."""
    def bare(v):
        return (_state_of(VERB_STATES, v) is not None and v.tag_ in ("VBN", "VBD")
                and not any(c.dep_ in ("dobj", "obj", "aux", "auxpass", "ccomp", "xcomp") for c in v.children))
    for c in head.children:
        if c.dep_ == "acl" and bare(c):
            return c
    v = head.head
    if head.dep_ == "nsubj" and v.dep_ in ("ROOT", "ccomp") and bare(v):
        return v
    return None


def _predicate_fate(verb) -> str | None:
    """The fate a copula gives its subject: 'X and two aides were dead', 'X was among the slain'."""
    for c in verb.children:
        if c.dep_ == "acomp" and _state_of(ADJECTIVE_STATES, c):
            return _state_of(ADJECTIVE_STATES, c)
        if c.dep_ == "prep" and c.lower_ == "among":
            for n in c.children:
                if n.dep_ == "pobj" and _described_fate(n)[0]:
                    return _described_fate(n)[0]
    return None


def _identified_as(head):
    """'Police identified the slain men as [X]', 'two terrorists, identified as [X], were held':
    the fate of the men a name is given to. (state, fate token) or (None, None)."""
    if head.dep_ != "pobj" or head.head.lower_ != "as":
        return None, None
    t = head.head
    nouns = []
    while t.head.i != t.i and not _is("fate.verb.identify", t):
        t = t.head
        if t.pos_ in ("NOUN", "NUM", "ADJ"):
            nouns.append(t)
    if not _is("fate.verb.identify", t):
        return None, None
    nouns += [c for c in t.children if c.dep_ in ("dobj", "nsubjpass")]
    if t.dep_ == "acl":
        nouns.append(t.head)
    for n in nouns:
        state, word = _described_fate(n)
        if state:
            return state, word
    return None, None


def parse_fate(work: Work, a: int, b: int) -> tuple[str | None, bool, Any]:
    """What the dependency parse says befell the person named at text[a:b]: (state, veto, word).

    The state is read only where the name is the patient of a fate verb ('police arrested X',
    'X was shot dead'), the subject of a verb of dying or surrender ('X died'), or the 'of'
    phrase or owner of a fate noun ('the killing of X', "X's arrest"). ``veto`` says a rule
    reading words around the name must not give it a fate: the name only qualifies a noun
    ('two X militants', "X's men"), it is the agent of the killing or the speaker of the
    report, or the fate is negated, wished or a bounty's object. ``word`` is the fate token."""
    tok = parse.head_token(work, a, b)
    if tok is None:
        return None, False, None
    head = _phrase_head(tok)
    noun = head.head if (head.dep_ == "pobj" and head.head.lower_ == "of") else (head if head.dep_ == "poss" else None)
    if noun is not None and noun.head.i != noun.i:
        owner = noun.head
        state = _state_of(NOUN_STATES, owner)
        if state:
            return (None, True, owner) if _unreal(owner) or parse.negated(owner) else (state, False, owner)
    state, word = _identified_as(head)
    if state:
        return state, False, word
    if parse.modified_noun(work, a, b) is not None or (tok.dep_ == "compound" and tok.head.pos_ == "NOUN"
                                                       and tok.head.lower_ not in ("alias", "aka")):
        return None, True, None   # 'the X group', 'two X militants', 'X commander Y': X is no victim
    r = parse.role(work, a, b)
    if r is None:
        return None, False, None
    v = _reduced_passive(head)
    if v is not None:
        return (None, True, v) if parse.negated(v) or _unreal(v) else (_state_of(VERB_STATES, v), False, v)
    v = r.verb
    if r.role == "patient":
        state = _state_of(VERB_STATES, v)
        if state is None and ((v.lemma_ == "shoot" and any(c.lower_ == "dead" for c in v.children)) or
                              (v.lemma_ == "gun" and any(c.lower_ == "down" for c in v.children))):
            state = "killed"
    elif r.role == "agent" and not r.passive:
        state = _state_of(SUBJECT_STATES, v) or _predicate_fate(v)
        if state is None and (_state_of(VERB_STATES, v) or v.lemma_.lower() in parse.SPEECH_LEMMAS):
            return None, True, v   # the killer or the speaker: 'X killed six men', 'we killed them, X said'
    elif r.role == "agent" and _state_of(VERB_STATES, v):
        return None, True, v       # 'killed by X'
    else:
        state = None
    if state and (r.negated or _unreal(v) or _not_done(v)):
        return None, True, v
    return state, False, v


def read_fates(work: Work) -> None:
    text = work.text
    work._found.pop("fates.events_told", None)   # the events are all read now: index them afresh
    for s in work.sentences:
        refs = work.person_hits.get(s.index, [])
        in_list = {s.start + at: st for names, st, _, _ in counted_lists(s.text) for at, _ in names}
        for a, b, p in refs:
            state = None
            pronoun = re.fullmatch(r"(?i:he|his|him|himself)", text[a:b]) is not None
            if re.fullmatch(r"(?i:his)", text[a:b]) or re.search(r"[\u2019']s$", text[a:b]) or text[b:b + 2] in ("'s", "\u2019s"):
                continue   # 'arrested Abu Hamza's deputy': the deputy was arrested
            before = text[max(s.start, a - 90):a]
            after = text[b:min(s.end, b + 110)]
            # step over an alias or a short appositive: 'X alias Y, was arrested', 'X, 35, was'
            skip = re.match(r"^(?:\s*(?:\(?\s*(?:alias|aka|also known as)\s+[^,()]{1,40}\)?|,\s*[^,]{1,90})){1,2},?(?=\s+(?:who\s+)?(?:was|were|had|has|died|surrendered))", after)
            if skip:
                after = after[skip.end():]
            elif re.match(r",\s+(?=(?:was|were|had)\b)", after) and re.search(r",\s*$", before):
                after = after[1:]   # "AQIS's first emir, Asim Umar, was killed": the name in apposition
            kb = [k for k in sorted([*KILLED_BEFORE.finditer(before), *DEATH_NOUN_BEFORE.finditer(before)], key=lambda k: k.end())
                  if not PLACE_GAP.search(before[k.end():])
                  and not FATES["fate.window.speech_between"].search(before[k.end():])
                  and not FATES["fate.window.other_fate_between"].search(before[k.end():])]   # 'the killing of A and the arrest of B'
            if KILLED_AFTER.match(after) or NEUTRALISED_AFTER.match(after) or (kb and not re.search(r"[.;]|\b(?:who|which|that)\b", before[kb[-1].end():])
                                             and not re.search(r"\b(?:by|of)\s+$", before) or
                                             kb and FATES["fate.window.death_of"].search(before)):
                state = "killed"
            if state is None:
                ab = [k for k in ARRESTED_BEFORE.finditer(before) if not PLACE_GAP.search(before[k.end():])]
                if ARRESTED_AFTER.match(after) or (ab and not re.search(r"[.;]|\b(?:who|which)\b|leading to", before[ab[-1].start():])):
                    state = "arrested"
            if state is None and SURRENDERED_AFTER.match(after):
                state = "surrendered"
            rb = RELEASED_BEFORE.search(before)
            if rb and FATES["fate.released_a_thing"].search(before[rb.start():]):
                rb = None   # 'identified from a video the group released as X': not a release
            if state is None and re.match(r"\s+bail\b", after) and FATES["fate.bail_granted"].search(before):
                state = "released"   # 'a court granted him bail'
            if state is None and (RELEASED_AFTER.match(after) or rb):
                state = "released"
            if pronoun and state in ("killed", "arrested") and not (KILLED_AFTER.match(after) or ARRESTED_AFTER.match(after)):
                state = None   # 'shot dead the governor as he walked out': 'he' is not the victim
            wide = text[max(s.start, a - 200):a]   # 'identified as A, alias B, and his associates C and D'
            im = IDENT_FATE.search(wide)
            if state is None and im and not re.search(r"[.;]", wide[im.end():]):
                state = "arrested" if re.match(r"(?i)the\s+(?:arrested|detained|apprehended|captured)", im.group(0)) else "killed"
            whole = text[s.start:a]   # the sentence up to the name: 'Among the dead, they said, were X, ..., and Y'
            am = FATES["fate.identified_back"].search(whole)
            if am and CIRCUMSTANCE.search(whole[am.end() - len(am.group(0)):]):
                am = None   # 'among them a commander, in an exchange of fire in the Basti Malana area': a place
            if state is None and am and s.index > 0:
                # 'the militants killed ... Among them was X': the nearest sentence that tells a fate
                for here in [whole] + [work.sentences[i].text for i in range(s.index - 1, max(-1, s.index - 4), -1)]:
                    if FATES["fate.back.killed"].search(here):
                        state = "killed"
                    elif FATES["fate.back.arrested"].search(here):
                        state = "arrested"
                    if state:
                        break   # the nearest sentence that tells a fate
                if state and not p.affiliations:
                    group = _described_group(work, s, s.start + len(whole), back=3)
                    if group is not None:
                        _affiliate(p, group.name, "member", s, "person.affiliation.described")
            aw = AMONG_DEAD_ANY.search(whole)
            listed = aw and re.search(r"\b(?:were|was|included|include)\b", whole[aw.end():aw.end() + 30]) \
                and not CIRCUMSTANCE.search(whole[aw.end():])
            if state is None and (AMONG_DEAD.search(before) or listed):
                state = "killed"
            if state is None and FATES["fate.among_held"].search(whole):
                state = "arrested"
            if state is None and FATES["fate.the_slain_as"].search(before):
                state = "killed"
            if state is None:
                state = in_list.get(a)   # 'Two residents from Khanpur, A and B, were arrested'
            state, rule, word = _checked(work, s, state, a, b, before, pronoun)
            since = None
            if state == "arrested":   # 'who were arrested in 2022 and later released on bail': released
                aw_ = ARREST_WORD.search(text, b, min(s.end, b + 120))
                then = THEN_RELEASED.match(text[aw_.end():s.end]) if aw_ and not re.search(r"[.;]", text[b:aw_.start()]) else None
                if then and aw_:
                    state, rule, word, since = "released", "person.status.released.after_arrest", None, aw_.end() + then.start("rel")
            if state and word is not None and _tells_of_militants(word):
                p.militant = True   # 'identified the slain militants as X': X is one of them
            if state is None or (p.official and state != "killed"):
                continue   # an official's death counts among an event's dead; nothing else of his is a fate
            # without the parse, the subject of an active verb is not its victim: 'X killed six soldiers'
            if state == "killed" and word is None and not KILLED_AFTER.match(after) and re.match(r"\s+(?:killed|kill)", after):
                continue
            _set_status(work, p, state, s, a, rule, word, since)
        _bounties(work, s, refs)
        _they_released(work, s)


def _they_released(work: Work, s) -> None:
    """'Two suspects, A and B, were arrested in 2022. They were later released on bail.': the men whose
    arrest the sentence before told (two or more, in this paragraph) are released; the release takes
    only its own dates."""
    m = FATES["fate.they_released"].search(s.text)
    if m is None or s.index == 0:
        return
    prev = work.sentences[s.index - 1]
    if prev.para != s.para:
        return
    held = []
    for _, _, p in work.person_hits.get(prev.index, []):
        told = p.evidence.get("status")
        if p.status and p.status["state"] == "arrested" and told is not None and told.start == prev.start \
                and not p.official and p not in held:
            held.append(p)
    if len(held) < 2:
        return
    for p in held:
        _set_status(work, p, "released", s, s.start, "person.status.released.they", None, s.start + m.start("rel"))


def _tells_of_militants(word) -> bool:
    """Whether a fate word is told of militants: 'the slain [militants]', '[terrorists] were held'
    (not of their victims: in '[militants] killed X' the militants are the agent)."""
    near = [word, word.head, *word.children, *word.head.children]
    return any(_is("fate.militant_noun", t) for t in near
               if t.pos_ == "NOUN" and t.dep_ not in ("nsubj", "agent", "csubj")
               and not (t.dep_ == "pobj" and t.head.lower_ == "by"))


def _checked(work: Work, s, state: str | None, a: int, b: int, before: str, pronoun: bool):
    """The word rules' state for the name at text[a:b] in sentence ``s``, checked against the parse:
    (state, rule id, fate token). The parse vetoes a state the clause does not give (a bounty's
    object, a negated or wished fate, a name that only qualifies a noun, the killer, the speaker)
    and adds one the word rules missed ('the killing of a senior leader, X'; 'A, B of the group and
    C were killed'). A pronoun gets a fate from the parse only as the subject of a passive or of
    dying ('he was arrested', 'he died'), not as an object ('they killed him'), which often
    points elsewhere than the tracked man."""
    if state and FATES["fate.bounty_phrase"].search(before):
        return None, None, None   # 'a reward for the arrest of X': no fate
    pstate, veto, word = parse_fate(work, a, b)
    if word is not None and not s.start <= _offset(work, word) + word.idx < s.end:
        pstate, veto, word = None, False, None   # the parser ran two sentences together (a byline)
    if veto and not re.match(r",?[^.;]{0,120}?\bwho\b", work.text[b:s.end]):   # 'said X, a fighter who surrendered in 2017'
        return None, None, None
    if pronoun and pstate and word is not None and not any(c.dep_ in ("nsubjpass", "nsubj") and c.idx + _offset(work, c) == a
                                                           for c in word.children):
        pstate = None
    if state is None and pstate:
        return pstate, f"person.status.{pstate}.parse", word
    return state, None, word if pstate == state else None


def _events_told(work: Work) -> dict[int, list]:
    """Sentence index -> the events (in ``work.events`` order) told in it. Built once when the fates
    are read: no fate stage adds an event or a sentence to one (:func:`_event_of` would otherwise
    scan every event for every fate, quadratic in a long text)."""
    told = work._found.get("fates.events_told")
    if told is None:
        told = {}
        for ev in work.events:
            for i in dict.fromkeys(x.index for x in ev.sentences):
                told.setdefault(i, []).append(ev)
        work._found["fates.events_told"] = told
    return told


def _event_of(work: Work, s, state: str = "killed", pos: int | None = None):
    at = _events_told(work)
    told = list(at.get(s.index, ()))
    if pos is not None and len(told) > 1:   # a sentence of two clauses, two events: the one the name is in
        inside = [ev for ev in told if any(x.index == s.index and x.start <= pos < x.end for x in ev.sentences)]
        told = inside or told
    if told:
        return told[0]
    if AMONG_DEAD_ANY.search(s.text) or FATES["fate.listed_dead"].search(s.text):
        # 'Among the dead ... was X', 'They have been identified as X': the event last told (within 8 sentences)
        near = {id(ev) for i in range(s.index - 8, s.index) for ev in at.get(i, ())}
        recent = [ev for ev in work.events if id(ev) in near
                  and (ev.type == "arrest" if state == "arrested" else bool(ev.killed) or ev.type == "clash")]
        return recent[-1] if recent else None
    return None


def _set_status(work: Work, p, state: str, s, pos: int | None = None, rule: str | None = None, word=None,
                since: int | None = None) -> None:
    """Give ``p`` the fate ``state`` told in sentence ``s``, unless a later one is known. ``since``: where
    the fate's own words start, when a fate of other words comes before them in the clause (only dates
    after it are its own: 'arrested in 2022 and later released')."""
    ev = _event_of(work, s, state, pos)
    if state == "released" and ev is not None and ev.type == "arrest":
        ev = None   # releases are no events: the arrest told in the sentence neither dates nor places it
    if (state != "killed" or (ev is not None and ev.type in ("clash", "arrest"))) and not p.official:
        p.militant = True   # a man killed in an attack is its victim, not a militant
    rank = {"released": 0, "surrendered": 1, "arrested": 2, "killed": 3}
    # the date nearest after the fate's own words ('held since 2014 and was released in May 2022')
    verb = FATES["fate.verb.any"].search(s.text)
    cands = [d for d in work.dates(s.text, s, s.start) if d.value and not d.reporting]
    if since is not None:
        cands = [d for d in cands if d.start >= since]
    elif word is not None:   # the dates of the fate's own clause: not 'he joined in 2012' beside it
        at = (word.idx + _offset(work, word), word.idx + _offset(work, word) + len(word))
        cands = [d for d in cands if parse.same_clause(work, (d.start, d.end), at) is not False]
    elif verb:
        after = [d for d in cands if d.start >= s.start + verb.start()]
        cands = after or cands
    new_date = ev.date if ev is not None else (cands[0].value if cands else None)
    if p.status:
        old_date = p.status_event.date if p.status_event is not None else p.status.get("date")
        if p.status["state"] == state and (p.status_event is not None or not new_date):
            return
        if old_date and new_date and old_date[:len(new_date)] != new_date[:len(old_date)]:
            if new_date < old_date:
                return   # an earlier fate: the later one is the latest
        elif rank[p.status["state"]] > rank[state] and not (
                state == "released" and p.status["state"] == "arrested" and _release_after_arrest(work, p, s, since)):
            return
    p.status = {"state": state, "date": None, "place": None, "by": None}
    p.status_event = ev
    p.evidence["status"] = Evidence(s.start, s.end, rule or f"person.status.{state}", 0.8)
    if ev is not None:
        if p not in ev.victims:
            ev.victims.append(p)
    else:
        if new_date:
            p.status["date"] = new_date


def _release_after_arrest(work: Work, p, s, since: int | None) -> bool:
    """Is the release told in ``s`` later than the arrest ``p`` has as his status? So when one clause
    tells both in turn ('arrested in 2022 and later released'), or a sentence after the arrest's tells
    the release as coming after ('He was later released on bail', 'freed on bail')."""
    if since is not None:
        return True
    told = p.evidence.get("status")
    return told is not None and told.start < s.start and RELEASE_LATER.search(s.text) is not None


def _bounties(work: Work, s, refs) -> None:
    st = s.text
    if not BOUNTY_CUE.search(st):
        return
    money = find_money(st)
    if not money:
        return
    people = [p for a, b, p in refs if not p.official]
    if not people:
        return
    issuer = None
    m = ISSUER.search(st)
    if m:
        who = m.group("who").strip()
        if lexicon.key(who) not in {lexicon.key(n) for q in people for n in q.names} and who.lower() not in ("he", "she", "it"):
            issuer = who[0].upper() + who[1:]
    used = set()
    for i in range(len(money) - 1):   # 'raised the bounty from $5 million to $10 million': the new sum
        if FATES["bounty.raised_from"].search(st[max(0, money[i][0] - 6):money[i + 1][0]]):
            used.add(i)
    for i, (a, b, amount, cur) in enumerate(money):
        if i in used:
            continue
        if cur == "PKR" and work.country == "IN" and not FATES["bounty.pakistani_rupees"].search(st[max(0, a - 20):b + 20]):
            cur = "INR"   # 'a reward of Rs 10 lakh' in a story from Indian Kashmir
        usd = amount if cur == "USD" else None
        # a conversion in brackets right after: '10.5 million rupees (around $37,000)'
        if i + 1 < len(money) and cur != "USD" and money[i + 1][3] == "USD":
            gap = st[b:money[i + 1][0]]
            if re.fullmatch(r"\s*[,(]?\s*(?:around|about|approximately|roughly|some|nearly|or|equal to|~)?\s*", gap):
                usd = money[i + 1][2]
                used.add(i + 1)
        targets = [_bounty_target(work, s, refs, a, b) or people[0]]
        if FATES["bounty.each"].rx.match(st[b:]):
            # 'Rs1 million each on Asif and Bhola': every man named after it
            after: list = []
            for x, y, q in refs:
                if x >= s.start + b and not q.official and all(q is not r for r in after):
                    after.append(q)
            targets = after or _listed_before(work, s, refs, a) or targets
        for p in targets:
            bounty = {"amount": amount, "currency": cur, "usd": usd, "issuer": issuer}
            if not any(x["amount"] == amount and x["currency"] == cur for x, _ in p.bounties):
                p.bounties.append((bounty, Evidence(s.start, s.end, "person.bounty", 0.85)))
            p.militant = True


def _listed_before(work: Work, s, refs, a: int) -> list:
    """'A, B and C have been added against bounties of $5 million each': the men named before the sum
    (pronouns and officials left out), when there are two or more."""
    men: list = []
    for x, y, q in refs:
        if x < s.start + a and not q.official and not PRONOUN.fullmatch(work.text[x:y]) and all(q is not r for r in men):
            men.append(q)
    return men if len(men) > 1 else []


def _bounty_target(work: Work, s, refs, a: int, b: int):
    """Whose head a sum is on: 'Rs2 million ... for his deputy, X' is X's; 'on him' is his."""
    if FATES["bounty.on_him"].rx.match(work.text[s.start + b:s.end]):
        pron = [p for x, y, p in refs if re.fullmatch(r"(?i:he|his|him|himself)", work.text[x:y]) and not p.official]
        if pron:
            return pron[0]
    after = [(x, y, p) for x, y, p in refs if s.start + b <= x <= s.start + b + 80 and not p.official]
    for x, y, p in after:
        gap = work.text[s.start + b:x]
        if re.search(r"\b(?:for|on|against)\b", gap) and not re.search(r"[.;]", gap):
            if re.fullmatch(r"(?i:he|his|him)", work.text[x:y]) and FATES["bounty.his_deputy"].search(work.text[y:y + 20]):
                continue
            return p
    before = [(x, y, p) for x, y, p in refs if x < s.start + a and not p.official]
    return before[-1][2] if before else None


def _bombers(work: Work) -> None:
    """'named the bomber as Hamza': the suicide bomber carried it out and died in it."""
    from .people import P_BOMBER
    for s in work.sentences:
        for m in P_BOMBER.finditer(s.text):
            p = next((q for a, b, q in work.person_hits.get(s.index, []) if a == s.start + m.start("name")), None)
            ev = next((e for e in reversed(work.events) if e.sentences[0].index <= s.index
                       and e.type in ("suicide_bombing", "bombing", "attack")), None)
            if p is None or ev is None:
                continue
            p.militant = True
            if p.name not in ev.perpetrators:
                ev.perpetrators.append(p.name)
                ev.rules[("perpetrators", p.name)] = "event.perp.bomber"
            if ev.type == "suicide_bombing" and p.status is None:
                p.status = {"state": "killed", "date": None, "place": None, "by": None}
                p.status_event = ev
                p.evidence["status"] = Evidence(s.start, s.end, "person.status.suicide_bomber", 0.6)


def _titled_bombers(work: Work) -> None:
    """'the suicide bomber of BLA, X, who carried out the attack': a man the text calls the suicide
    bomber of a suicide bombing it names him a perpetrator of died in it."""
    for ev in work.events:
        if ev.type != "suicide_bombing":
            continue
        for p in work.people:
            if p.status is not None or p.official or p.name not in ev.perpetrators:
                continue
            for s in work.sentences:
                hit = next((a for a, b, q in work.person_hits.get(s.index, [])
                            if q is p and FATES["fate.bomber_title"].search(work.text[max(s.start, a - 60):a])), None)
                if hit is not None:
                    p.status = {"state": "killed", "date": None, "place": None, "by": None}
                    p.status_event = ev
                    p.evidence["status"] = Evidence(s.start, s.end, "person.status.suicide_bomber_titled", 0.6)
                    break


def _denied_deaths(work: Work) -> None:
    """'X was reported killed in 2015. ... The group denied reports of his death': a death the text
    denies after telling it is not the man's latest fate; his status is left empty. Every denial
    of a named man's death is kept (``denials``: stated as ``death_denied``, a step of his status
    history that contradicts the deaths other reports tell)."""
    for s in work.sentences:
        m = FATES["fate.death_denied"].search(s.text)
        if m is None:
            continue
        near = [q for a, b, q in work.person_hits.get(s.index, []) if a - s.start <= m.end()]
        p = near[-1] if near else None
        if p is None:
            continue
        p.denials.append(Evidence(s.start, s.end, "person.death_denied", 0.7))   # a claim of its own
        if not p.status or p.status["state"] != "killed":
            continue
        told = p.evidence.get("status")
        if told is not None and told.start < s.start:
            if p.status_event is not None and p in p.status_event.victims:
                p.status_event.victims.remove(p)
            p.status, p.status_event = None, None
            p.evidence.pop("status", None)


def finish_fates(work: Work) -> None:
    """Statuses linked to events take the event's final date, place and other side."""
    _name_the_unnamed(work)
    _bombers(work)
    _titled_bombers(work)
    _denied_deaths(work)
    for ev in work.events:   # 'X was shot dead': a named victim is a figure
        dead = [p for p in ev.victims if p.status and p.status["state"] == "killed"]
        if ev.killed is None and dead and ev.type != "arrest":
            ev.killed = len(dead)
    _link_deaths(work)
    _fallen_members(work)
    _side_of_their_deed(work)
    for p in work.people:
        sev = p.status_event
        if p.status and sev is not None:
            p.status["date"] = sev.date
            pl = sev.place
            p.status["place"] = ", ".join(display_name(x) for x in (pl.get("name"), pl.get("district")) if x) or None
            own = {lexicon.key(n) for n in p.names} | {lexicon.key(g) for g, _, _ in p.affiliations}
            others = [x for x in sev.perpetrators if lexicon.key(x) not in own]
            p.status["by"] = others[0] if others else None
            if sev.type in ("clash",) and p.name not in sev.perpetrators and not p.official:   # not the soldier who fell
                sev.perpetrators.append(p.name)
                sev.rules[("perpetrators", p.name)] = "event.perp.clash.dead_militant"
            if sev not in p.events:
                p.events.append(sev)


def _fallen_members(work: Work) -> None:
    """A man whose fate the text tells and whom it ties to a group ('Ghulam Rasool of the LeJ and his
    sons were also killed') is one of the group's men, not a bystander the attack killed."""
    for p in work.people:
        if p.status and not p.official and not p.militant and p.affiliations:
            p.militant = True


def _side_of_their_deed(work: Work) -> None:
    """A man named among the authors of an attack that one group claimed or carried out, and
    given no group of his own, is taken to be of that group (low confidence)."""
    groups = {lexicon.key(n): g for g in work.groups if g.kind == "group" for n in g.names}
    people = {p.name: p for p in work.people}
    for ev in work.events:
        if ev.type == "arrest":
            continue
        sides = {id(groups[lexicon.key(x)]): groups[lexicon.key(x)] for x in ev.perpetrators if lexicon.key(x) in groups}
        if len(sides) != 1:
            continue
        (g,) = sides.values()
        for name in ev.perpetrators:
            p = people.get(name)
            if p is None or p.official or p.affiliations:
                continue
            s = ev.sentences[0]
            p.affiliations.append((g.name, "member", Evidence(s.start, s.end, "person.affiliation.event_side", 0.5)))


def _may_die_here(work: Work, a: int, b: int) -> bool:
    """Whether the mention at text[a:b] may be one of the dead of its clause: without a parse, any
    mention; with one, a mention the parse gives a death ('X became commander after Y was killed'
    ties Y to that death, not X)."""
    if not work.parsed:
        return True
    state, veto, _ = parse_fate(work, a, b)
    return state == "killed" or (state is None and not veto and parse.role(work, a, b) is None)


def _in_headline(work: Work, pos: int) -> bool:
    """Whether text position ``pos`` is in the headline: the first sentence, with no full stop."""
    first = work.sentences[0] if work.sentences else None
    return first is not None and first.start <= pos < first.end and not first.text.rstrip().endswith(".")


def _lead_event(work: Work):
    """The first event the text tells after its headline: the one a headline sums up."""
    told = [ev for ev in work.events if ev.sentences and ev.sentences[0].index > 0]
    return min(told, key=lambda ev: ev.sentences[0].index, default=None)


def _link_deaths(work: Work) -> None:
    """'Sajjad was killed in March last year. ... The gunfight lasted three hours. Sajjad and three
    of his fighters were dead': a death told apart from its event is that event's, and dates it."""
    for p in work.people:
        if not p.status or p.status["state"] != "killed" or p.status_event is not None or p.official:
            continue
        ev_at = p.evidence.get("status")
        headline = ev_at is not None and _in_headline(work, ev_at.start)
        for ev in work.events:
            if ev.type not in ("clash", "attack", "targeted_killing", "armed_assault") or ev.killed is None:
                continue
            told = [x for x in ev.sentences if any(q is p and _may_die_here(work, a, b)
                                                   for a, b, q in work.person_hits.get(x.index, []))]
            if headline and not told:   # 'X killed in police encounter' over a lead that tells the encounter
                told = ev.sentences[:1] if ev is _lead_event(work) else []
            if not told or (ev_at and abs(told[0].start - ev_at.start) > 1200):
                continue
            d = p.status.get("date")
            if ev.date and d and not (ev.date.startswith(d) or d.startswith(ev.date)):
                continue
            if d and (not ev.date or len(d) > len(ev.date)):
                ev.date = d
            p.status_event = ev
            if p not in ev.victims:
                ev.victims.append(p)
            break


UNNAMED = FATES["fate.unnamed"].rx
UNNAMED_GROUP = FATES["fate.unnamed.group_before"].rx
UNNAMED_GROUP_BEFORE = FATES["fate.unnamed.group_after"].rx


def _name_the_unnamed(work: Work) -> None:
    """'killed a wanted militant commander' ... 'the outlaw, Subhan alias Usman': one person.

    A militant named within three sentences after an event that killed unnamed
    militants, and given no fate of his own event, is taken as one of them."""
    for ev in work.events:
        first = next((x for x in ev.sentences if UNNAMED.search(x.text)), None)
        if first is None:
            continue
        um = UNNAMED.search(first.text)
        assert um is not None   # first was chosen for this match
        state = "arrested" if (um.group("a") or um.group("a2")) else "killed"
        group = None
        for a, b, rec in work.group_hits.get(first.index, []):
            if UNNAMED_GROUP.search(work.text[max(first.start, a - 40):a]) or UNNAMED_GROUP_BEFORE.match(work.text[b:b + 20]):
                group = rec
                break
        window = range(first.index, first.index + 6)
        # as many men as the text left unnamed ('a wanted militant' is one), in order of appearance
        nm = re.search(r"\b(a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:\w+\s+){0,5}?(?:militants?|commanders?|terrorists?|outlaws?|insurgents?|leaders?|members?|fighters?|suspects?|operatives?)",
                       um.group(0), re.I)
        word = (nm.group(1).lower() if nm else "a")
        count = 1 if word in ("a", "an", "one") else (int(word) if word.isdigit() else
                                                      {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                                                       "eight": 8, "nine": 9, "ten": 10}.get(word, 1))

        def first_seen(p):
            return min((i for i in window if any(q is p for _, _, q in work.person_hits.get(i, []))), default=10 ** 9)
        named = 0
        for p in sorted(work.people, key=first_seen):
            if named >= count:
                break
            if p.official or not p.militant:
                continue
            if p.status_event is not None and p.status_event is not ev:
                continue
            seen_at = [i for i in window if any(q is p for _, _, q in work.person_hits.get(i, []))]
            if not seen_at:
                continue
            if any(q is p for i in range(0, first.index) for _, _, q in work.person_hits.get(i, [])):
                continue
            if p.status is None:
                p.status = {"state": state, "date": None, "place": None, "by": None}
            if p.status["state"] != state:
                continue
            # what the first sentence said of the unnamed man is said of him: the price on his head
            if BOUNTY_CUE.search(first.text):
                _bounties(work, first, [(first.start, first.start, p)])
            if group is not None and not any(lexicon.key(g) == lexicon.key(group.name) for g, _, _ in p.affiliations):
                rel = "commander" if re.search(r"commander", first.text, re.I) else "member"
                p.affiliations.append((group.name, rel, Evidence(first.start, first.end, "person.affiliation.unnamed", 0.6)))
            p.status_event = ev
            if p not in ev.victims:
                ev.victims.append(p)
            named += 1
            s = work.sentences[seen_at[0]]
            p.evidence.setdefault("status", Evidence(first.start, s.end, "person.status.unnamed_named", 0.6))
