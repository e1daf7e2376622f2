"""Who did what to whom, read from the dependency parse of the statistical pipeline.

The rule stages find mentions by character offsets; this module answers structural
questions about them from spaCy's parse (``Work.parsed``): which verb governs a
mention, whether the mention is that verb's agent or its patient, whether the verb
is negated, hedged or reported speech. Every function takes character offsets and
returns ``None`` when no parse is available (rules-only mode), so callers fall back
to their own reading.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .state import Work

SUBJECTS = {"nsubj", "csubj", "expl"}
PASSIVE_SUBJECTS = {"nsubjpass", "csubjpass"}
OBJECTS = {"dobj", "obj", "iobj", "attr", "oprd"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "xcomp", "conj", "acl", "parataxis", "pcomp"}
SPEECH_LEMMAS = {"say", "tell", "claim", "state", "add", "report", "announce", "confirm", "deny", "allege",
                 "believe", "think", "suspect", "accuse", "blame"}


@dataclass(frozen=True)
class Role:
    """A mention's place in its clause."""
    verb: Any             # the governing spaCy Token (a verb, or the root of a verbless clause)
    role: str             # "agent", "patient", "other"
    passive: bool
    negated: bool

    @property
    def lemma(self) -> str:
        return self.verb.lemma_.lower()


def head_token(work: Work, start: int, end: int):
    """The syntactic head of the tokens covering text[start:end], or None without a parse."""
    span = work.span(start, end)
    if span is None or not len(span):
        return None
    return span.root


def _lift(tok):
    """From a noun up through appositions, compounds and conjuncts to the phrase's head."""
    while tok.dep_ in ("appos", "compound", "conj", "flat", "amod", "nmod", "poss") and tok.head.i != tok.i:
        if tok.dep_ == "poss":      # 'X's men killed ...': X stands for its men
            tok = tok.head
            continue
        tok = tok.head
    return tok


def governing_verb(tok):
    """The nearest verb (or auxiliary-headed clause root) above ``tok``."""
    t = tok
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def role(work: Work, start: int, end: int) -> Role | None:
    """Agent or patient of the governing verb for the mention at text[start:end].

    Agent: the subject of an active verb, or the object of a passive verb's 'by' phrase.
    Patient: the object of an active verb, or the subject of a passive verb.
    """
    tok = head_token(work, start, end)
    if tok is None:
        return None
    tok = _lift(tok)
    dep = tok.dep_
    if dep == "pobj" and tok.head.dep_ == "agent":
        verb = tok.head.head
        return Role(verb, "agent", True, negated(verb))
    verb = governing_verb(tok)
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if dep in SUBJECTS and tok.head.i == verb.i:
        r = "agent"
    elif dep in PASSIVE_SUBJECTS and tok.head.i == verb.i:
        r = "patient"
    elif dep in OBJECTS and tok.head.i == verb.i:
        r = "patient"
    else:
        r = "other"
    return Role(verb, r, passive, negated(verb))


def negated(verb) -> bool:
    """'did not kill', 'never claimed', 'no one was killed'."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return any(c.dep_ in SUBJECTS | PASSIVE_SUBJECTS and c.lower_ in ("no", "none", "nobody", "noone")
               or any(g.dep_ == "det" and g.lower_ == "no" for g in c.children)
               for c in verb.children if c.dep_ in SUBJECTS | PASSIVE_SUBJECTS)


def reported_by(verb):
    """The speech verb a clause is reported under ('police said X was killed' -> said), or None."""
    t = verb
    while t.head.i != t.i:
        if t.dep_ in ("ccomp", "xcomp", "parataxis") and t.head.lemma_.lower() in SPEECH_LEMMAS:
            return t.head
        t = t.head
    return None


def same_clause(work: Work, a: tuple[int, int], b: tuple[int, int]) -> bool | None:
    """Whether two mentions hang from the same verb (None without a parse)."""
    ta, tb = head_token(work, *a), head_token(work, *b)
    if ta is None or tb is None:
        return None
    return governing_verb(_lift(ta)).i == governing_verb(_lift(tb)).i


def modified_noun(work: Work, start: int, end: int):
    """The noun a mention only qualifies, or None: 'two [Mullah Nazir] militants' -> militants,
    'an associate of [X]' -> associate, '[X]'s men' -> men. A name used this way names a group or
    a relation, not the person who was killed, arrested or did the deed."""
    tok = head_token(work, start, end)
    if tok is None:
        return None
    if tok.dep_ in ("compound", "amod", "nmod", "poss") and tok.head.i != tok.i and tok.head.pos_ in ("NOUN", "PROPN"):
        head = tok.head
        while head.dep_ == "compound" and head.head.i != head.i:
            head = head.head
        if head.pos_ == "NOUN":
            return head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
        return tok.head.head
    return None


DEATH_LEMMAS = {"kill", "die", "martyr", "slay", "neutralise", "neutralize", "eliminate"}


def toll_reported(work: Work, start: int, end: int) -> bool | None:
    """Is every death the sentence text[start:end] tells reported speech ('an official told the agency
    seven men had been killed')? None without a parse or when it tells none."""
    span = work.span(start, end)
    if span is None:
        return None
    deaths = [t for t in span if t.lemma_.lower() in DEATH_LEMMAS and t.pos_ in ("VERB", "AUX")]
    if not deaths:
        return None
    return all(reported_by(t) is not None for t in deaths)


ASSAULT_LEMMAS = {"attack", "storm", "raid", "ambush", "infiltrate", "assault", "overrun"}
MILITANT_LEMMAS = {"terrorist", "militant", "gunman", "attacker", "insurgent", "assailant", "rebel", "fighter"}


def militants_assailed(work: Work, start: int, end: int) -> bool | None:
    """Does text[start:end] tell militants attacking ('the gunmen stormed the gate', 'terrorists attacked
    with grenades')? None without a parse."""
    span = work.span(start, end)
    if span is None:
        return None
    for t in span:
        if t.lemma_.lower() in ASSAULT_LEMMAS and t.pos_ == "VERB" and not negated(t):
            subj = [c for c in t.children if c.dep_ in SUBJECTS]
            if any(c.lemma_.lower() in MILITANT_LEMMAS for c in subj):
                return True
    return False

