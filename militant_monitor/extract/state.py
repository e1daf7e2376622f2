"""The working state of one extraction: what each stage reads and adds to."""
from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

from ..model.document import Document
from .text import Sentence


@dataclass
class Evidence:
    start: int
    end: int
    rule: str
    confidence: float = 0.8
    citation: str | None = None


@dataclass
class GroupRec:
    name: str                      # the form the text uses first (long form preferred)
    registry: Any = None           # data.Group when known
    aliases: list = field(default_factory=list)
    links: list = field(default_factory=list)   # (group name, relation, Evidence)
    mentions: list = field(default_factory=list)  # (start, end)
    kind: str = "group"            # group or actor

    @property
    def names(self):
        return [self.name, *self.aliases]


@dataclass
class PersonRec:
    name: str
    aliases: list = field(default_factory=list)
    roles: list = field(default_factory=list)
    origin: str | None = None
    affiliations: list = field(default_factory=list)   # (group name, relation, Evidence)
    bounties: list = field(default_factory=list)       # (dict, Evidence)
    wanted_in: list = field(default_factory=list)
    status: dict | None = None
    status_event: EventRec | None = None
    denials: list = field(default_factory=list)     # Evidence of words denying his reported death
    events: list = field(default_factory=list)
    militant: bool = False
    official: bool = False
    first: int = 0
    spans: dict = field(default_factory=dict)      # name form -> offset of its first mention
    evidence: dict = field(default_factory=dict)   # fact key -> Evidence

    @property
    def names(self):
        return [self.name, *self.aliases]


@dataclass
class EventRec:
    type: str
    sentences: list = field(default_factory=list)
    date: str | None = None
    date_rel: str | None = None
    place: dict = field(default_factory=lambda: {"name": None, "district": None, "province": None,
                                                 "country": None, "lat": None, "lon": None})
    killed: int | None = None
    injured: int | None = None
    perpetrators: list = field(default_factory=list)
    not_perpetrators: list = field(default_factory=list)
    targets: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    victims: list = field(default_factory=list)      # PersonRec killed/arrested in it
    hedged: bool = False
    unclaimed: bool = False                          # 'no one has claimed it': no claimant may be added
    id: str = ""
    rules: dict = field(default_factory=dict)        # fact -> pattern id: "type", "date", "killed", "injured",
                                                     # ("perpetrators", name); see EventRec.rule

    def rule(self, fact, default: str | None = None) -> str:
        """The id of the pattern that set ``fact`` ("date", ("perpetrators", name), ...)."""
        key = fact[0] if isinstance(fact, tuple) else fact
        return self.rules.get(fact) or default or f"event.{key}"


def chunk_length(d) -> int:
    """``len(d.text)`` of a spaCy Doc without building its text (``Doc.text`` joins every
    token each time it is read: per mention, that made a long one-line text quadratic)."""
    return d[-1].idx + len(d[-1].text_with_ws) if len(d) else 0


@dataclass
class Work:
    doc: Document
    text: str
    published: dt.date | None
    sentences: list[Sentence]
    groups: list[GroupRec] = field(default_factory=list)
    people: list[PersonRec] = field(default_factory=list)
    events: list[EventRec] = field(default_factory=list)
    sources: list = field(default_factory=list)      # (outlet, date, start, end)
    group_hits: dict = field(default_factory=dict)   # sentence index -> [(start, end, GroupRec)]
    whole_group_hits: dict = field(default_factory=dict)   # while a clause is read: its whole sentence's group_hits
    actor_hits: dict = field(default_factory=dict)   # sentence index -> [(start, end, name)]
    person_hits: dict = field(default_factory=dict)  # sentence index -> [(start, end, PersonRec)]
    place_hits: dict = field(default_factory=dict)   # sentence index -> [(start, end, Place, text)]
    citations: dict = field(default_factory=dict)    # sentence index -> [(outlet, date)]
    ner_persons: list = field(default_factory=list)  # (start, end) from the statistical model
    parsed: list = field(default_factory=list)       # (offset, spaCy Doc) chunks; empty in rules-only mode
    topic_group: dict = field(default_factory=dict)  # sentence index -> GroupRec in focus
    subject: dict = field(default_factory=dict)      # sentence index -> PersonRec in focus
    citation_spans: list = field(default_factory=list)  # (start, end) of every citation
    meta_span: tuple | None = None                   # where the text states its own date
    meta: dict = field(default_factory=dict)
    country: str | None = None                       # the country most of its places are in
    year_hint: int | None = None                     # undated documents: the year their heading gives
    anchors: dict = field(default_factory=dict)      # sentence index -> date relative dates resolve against
    update_anchors: dict = field(default_factory=dict)  # sentence index -> date of the live update it is in
    partial: dict | None = None                      # what extraction covered when it stopped early (pipeline.prepare)
    _found: dict = field(default_factory=dict, repr=False)   # cached look-ups (sentence starts, where strings occur)

    def sentence_at(self, pos: int):
        """The sentence that holds offset ``pos``, or None (a binary search: sentences are in text order)."""
        starts = self._found.get("starts")
        if starts is None:
            starts = self._found["starts"] = [x.start for x in self.sentences]
        i = bisect_right(starts, pos) - 1
        return self.sentences[i] if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end else None

    def citations_over(self, start: int, end: int) -> list[tuple[int, int]]:
        """The citation spans that overlap ``start``..``end``, in text order (by bisection over the
        spans sorted once: a scan of every citation per sentence made a long document quadratic)."""
        found = self._found.get("citations")
        if found is None or found[0] != len(self.citation_spans):   # re-sorted when citations are added
            spans = sorted(self.citation_spans)
            found = self._found["citations"] = (len(self.citation_spans), spans, [a for a, _ in spans],
                                                max((b - a for a, b in spans), default=0))
        _, spans, starts, longest = found
        lo, hi = bisect_left(starts, start - longest), bisect_left(starts, end)
        return [(a, b) for a, b in spans[lo:hi] if b > start]

    def rfind(self, sub: str, end: int) -> int:
        """``text.rfind(sub, 0, end)``, from the offsets of ``sub`` found once (a scan of the whole text
        before every sentence made a long document quadratic)."""
        at = self._found.get(sub)
        if at is None:
            at, i = [], self.text.find(sub)
            while i >= 0:
                at.append(i)
                i = self.text.find(sub, i + 1)
            self._found[sub] = at
        k = bisect_right(at, end - len(sub)) - 1
        return at[k] if k >= 0 else -1

    def span(self, start: int, end: int):
        """The parsed tokens covering text[start:end] (a spaCy Span), or None without a model."""
        for off, d in self.parsed:
            if off <= start and end <= off + chunk_length(d):
                return d.char_span(start - off, end - off, alignment_mode="expand")
        return None

    def anchor(self, s) -> "dt.date | None":
        return self.update_anchors.get(s.index) or self.published or self.anchors.get(s.index)

    def dates(self, text: str, s, offset: int = 0):
        """Dates in ``text`` (part of sentence ``s``) resolved against the right anchor."""
        from .dates import read_dates
        return read_dates(text, self.anchor(s), offset, nearest=self.published is None, year_hint=self.year_hint)
