"""Gazetteer matchers: groups, security actors, places and outlets found in text.

Names are matched as token keys with transliteration variants folded
(Tehreek/Tehrik, -e-/-i-/-ul-, Qaeda/Qaida, Pakhtunkhwa/Pakhtunkhawa),
case-insensitively for long names and case-sensitively for acronyms (TTP, LeJ, IS).
The folding itself (``key``, ``fold``, the canonical spellings) lives in ``model.names``
and the registry look-ups (``groups_by_key`` ...) in ``model.registry``; they are
re-exported here for the extractor.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .. import data
from ..model.names import KEY_CONNECTORS as CONNECTORS
from ..model.names import KEY_SPELLING as CANON
from ..model.names import TOKEN, fold, is_acronym, key
from ..model.names import canon_token as canon
from ..model.names import token_key as name_key
from ..model.registry import groups_by_key, outlets_by_key, places_by_name

__all__ = ["CANON", "CONNECTORS", "TOKEN", "Entry", "Hit", "Matcher", "canon", "fold", "group_matcher",
           "groups_by_key", "is_acronym", "key", "name_key", "outlet_matcher", "outlets_by_key", "place_matcher",
           "places_by_name"]


@dataclass
class Entry:
    canonical: str
    kind: str                 # group, actor, place, outlet
    record: Any = None        # the data.Group, Place or Outlet
    names: list = field(default_factory=list)


@dataclass
class Hit:
    start: int
    end: int
    text: str
    entry: Entry
    entries: list = field(default_factory=list)   # every entry with this name (places repeat)


class Matcher:
    """Finds known names in text: a dictionary of token keys (like a phrase matcher),
    longest match first, no overlaps. Acronyms match case-sensitively as written."""

    def __init__(self, entries: list[tuple[str, Entry]]):
        self.keys: dict = {}
        short: list[tuple[str, Entry]] = []
        for name, entry in entries:
            name = name.strip()
            if not name or "(" in name:
                continue
            if is_acronym(name):
                short.append((name, entry))
                continue
            k = name_key(name)
            if k:
                same = self.keys.setdefault(k, [])
                if entry not in same:
                    same.append(entry)
        self.lengths: dict = {}   # first word -> the lengths of names starting with it, longest first
        for k in self.keys:
            self.lengths.setdefault(k[0], set()).add(len(k))
        self.lengths = {w: sorted(ls, reverse=True) for w, ls in self.lengths.items()}
        self.short: dict[str, Entry] = {}
        for n, e in short:
            self.short.setdefault(n, e)
        self.short_rx = re.compile(r"(?<![\w-])(" + "|".join(
            re.escape(n) for n in sorted(self.short, key=len, reverse=True)) + r")(?![\w])") if self.short else None

    def find(self, text: str) -> list[Hit]:
        toks = [(m.start(), m.end(), canon(m.group(0))) for m in TOKEN.finditer(text)]
        content = [(a, b, t) for a, b, t in toks if t not in CONNECTORS and t != "the"]
        hits: list[Hit] = []
        taken = bytearray(len(text) + 1)
        i = 0
        while i < len(content):
            found = None
            for n in self.lengths.get(content[i][2], ()):
                if n > len(content) - i:
                    continue
                k = tuple(t for _, _, t in content[i:i + n])
                e = self.keys.get(k)
                if e:
                    # the words between must be connectors, hyphens or spaces only
                    s0, e0 = content[i][0], content[i + n - 1][1]
                    gap = text[s0:e0]
                    if n > 1 and not _joined(gap, [c[2] for c in content[i:i + n]]):
                        continue
                    found = (s0, e0, e)
                    break
            if found:
                s0, e0, es = found
                m = re.search(r"(?<![\w'])(?:al|el)[\s-]$", text[max(0, s0 - 4):s0], re.I)
                if m and es[0].kind == "group":
                    s0 -= len(m.group(0))
                hits.append(Hit(s0, e0, text[s0:e0], es[0], es))
                taken[s0:e0] = b"\x01" * (e0 - s0)
                i += len(name_key(text[s0:e0])) or 1
            else:
                i += 1
        if self.short_rx:
            for m in self.short_rx.finditer(text):
                a, b = m.span(1)
                if any(taken[a:b]):
                    continue
                hits.append(Hit(a, b, text[a:b], self.short[m.group(1)], [self.short[m.group(1)]]))
                taken[a:b] = b"\x01" * (b - a)
        hits.sort(key=lambda h: h.start)
        return hits


def _joined(gap: str, _words) -> bool:
    """A multi-word name spans only its words, connectors, spaces and hyphens (no commas)."""
    return re.fullmatch(r"[ \t\-\u2013.'&]*", TOKEN.sub("", gap)) is not None   # never across lines; 'J&K'


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
