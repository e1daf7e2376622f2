"""Gazetteer matchers: groups, security actors, places and outlets found in text.

Names are matched with transliteration variants (Tehreek/Tehrik, -e-/-i-/-ul-,
Qaeda/Qaida, Pakhtunkhwa/Pakhtunkhawa), case-insensitively for long names and
case-sensitively for acronyms (TTP, LeJ, IS).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .. import data

CONNECTORS = {"e", "i", "ul", "al", "el", "ud", "ur", "us", "o"}
VARIANTS = {
    "tehreek": "te?h?ree?k|tehrik|tahrik|tahreek|tehriq",
    "tehrik": "te?h?ree?k|tehrik|tahrik|tahreek|tehriq",
    "qaeda": "qa[e']?[iy]?da|qaida|qaeda|qa'ida",
    "qaida": "qa[e']?[iy]?da|qaida|qaeda|qa'ida",
    "pakhtunkhwa": "pakh?tunkh?a?wa|pakhtoonkhwa",
    "mujahideen": "mujahi?d[ie]{1,2}n",
    "mujahidin": "mujahi?d[ie]{1,2}n",
    "mohammed": "mu?o?hamm?[ae]d",
    "muhammad": "mu?o?hamm?[ae]d",
    "mohammad": "mu?o?hamm?[ae]d",
    "jhangvi": "jhangvi|jhangwi",
    "jaish": "jaish|jaysh",
    "lashkar": "lashkar|lashkr",
    "jamaat": "jama'?at",
    "harkat": "harakat|harkat",
    "khorasan": "khorasan|khurasan|khurason",
    "baluchistan": "balochistan|baluchistan",
    "balochistan": "balochistan|baluchistan",
    "waziristan": "waziristan",
}


def fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().replace("\u2019", "'")


def key(name: str) -> str:
    """A comparison key: folded, lower case, connectors and punctuation dropped."""
    s = fold(name).lower()
    s = s.replace("tehrik", "tehreek").replace("pakhtunkhawa", "pakhtunkhwa").replace("qaida", "qaeda")
    words = [w for w in re.split(r"[^a-z0-9]+", s) if w and w not in CONNECTORS and w != "the"]
    return " ".join(words)


def name_regex(name: str) -> str:
    """A regex for a multi-word name tolerant to hyphens, connectors and spellings."""
    words = [w for w in re.split(r"[\s\-\u2013]+", fold(name)) if w]
    parts = []
    lead = ""
    for i, w in enumerate(words):
        lw = w.lower()
        if lw in CONNECTORS:
            if i == 0:
                lead = rf"(?:{re.escape(lw)}[\s\-\u2013]*)?"
            continue
        parts.append(VARIANTS.get(lw, re.escape(lw)))
    sep = r"(?:[\s\-\u2013]+(?:(?:e|i|ul|al|el|ud|ur|us|o)[\s\-\u2013]+)?|(?<=ul)|(?<=ahrar))"
    sep = r"(?:[\s\-\u2013]*(?:\b(?:e|i|ul|al|el|ud|ur|us|o)\b[\s\-\u2013]*)?)"
    body = sep.join(f"(?:{p})" for p in parts)
    return lead + body


def is_acronym(name: str) -> bool:
    return len(name) <= 6 and " " not in name and any(c.isupper() for c in name[1:]) or (
        name.isupper() and " " not in name)


@dataclass
class Entry:
    canonical: str
    kind: str                 # group, actor, place, outlet
    record: object = None
    names: list = field(default_factory=list)


@dataclass
class Hit:
    start: int
    end: int
    text: str
    entry: Entry


class Matcher:
    """Finds known names in text; longest match wins, no overlaps."""

    def __init__(self, entries: list[tuple[str, Entry]]):
        long_, short = [], []
        self.by_pattern = {}
        for name, entry in entries:
            name = name.strip()
            if not name or "(" in name:
                continue
            if is_acronym(name):
                short.append((name, entry))
            else:
                long_.append((name, entry))
        self.long_entries = long_
        # one alternation per list, longest names first
        long_.sort(key=lambda x: -len(x[0]))
        self.long_groups = [(re.compile(r"(?<![\w-])(" + name_regex(n) + r")(?![\w])", re.I), e)
                            for n, e in long_]
        self.short = {}
        for n, e in short:
            self.short.setdefault(n, e)
        self.short_rx = re.compile(r"(?<![\w-])(" + "|".join(
            re.escape(n) for n in sorted(self.short, key=len, reverse=True)) + r")(?![\w])") if self.short else None

    def find(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        folded = fold(text)
        if len(folded) != len(text):  # keep offsets aligned with the original text
            folded = "".join(fold(c) or "?" if len(fold(c)) == 1 else c for c in text)
        taken = bytearray(len(text) + 1)
        for rx, entry in self.long_groups:
            for m in rx.finditer(folded):
                s, e = m.span(1)
                if any(taken[s:e]):
                    continue
                hits.append(Hit(s, e, text[s:e], entry))
                taken[s:e] = b"\x01" * (e - s)
        if self.short_rx:
            for m in self.short_rx.finditer(text):
                s, e = m.span(1)
                if any(taken[s:e]):
                    continue
                hits.append(Hit(s, e, text[s:e], self.short[m.group(1)]))
                taken[s:e] = b"\x01" * (e - s)
        hits.sort(key=lambda h: h.start)
        return hits


@lru_cache(maxsize=1)
def group_matcher() -> Matcher:
    entries = []
    for g in data.groups():
        e = Entry(g.name, "group", g, [g.name, *g.aliases])
        for n in e.names:
            entries.append((n, e))
    for a in data.actors():
        e = Entry(a.name, "actor", a, [a.name, *a.aliases])
        for n in e.names:
            entries.append((n, e))
    return Matcher(entries)


@lru_cache(maxsize=1)
def place_matcher() -> Matcher:
    entries = []
    for p in data.places():
        if p.kind == "country":
            continue
        e = Entry(p.name, "place", p, [p.name, *p.alt_names])
        for n in e.names:
            if len(n) >= 3 and n not in ("KP",):
                entries.append((n, e))
    return Matcher(entries)


@lru_cache(maxsize=1)
def outlet_matcher() -> Matcher:
    entries = []
    for o in data.outlets():
        e = Entry(o.name, "outlet", o, [o.name, *o.aliases])
        for n in e.names:
            entries.append((n, e))
    return Matcher(entries)


@lru_cache(maxsize=1)
def places_by_name() -> dict:
    out: dict = {}
    for p in data.places():
        for n in [p.name, *p.alt_names]:
            out.setdefault(key(n), []).append(p)
    return out


@lru_cache(maxsize=1)
def groups_by_key() -> dict:
    out = {}
    for g in [*data.groups(), *data.actors()]:
        for n in [g.name, *g.aliases]:
            out.setdefault(key(n), g)
    return out


@lru_cache(maxsize=1)
def outlets_by_key() -> dict:
    out = {}
    for o in data.outlets():
        for n in [o.name, *o.aliases]:
            out.setdefault(key(n), o)
    return out
