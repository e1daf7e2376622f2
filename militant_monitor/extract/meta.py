"""Document metadata read from the text itself: title, publication date, author, publisher."""
from __future__ import annotations

import datetime as dt
import re

from ..model.types import MONTH_RE, MONTHS, parse_iso, valid_date
from . import lexicon
from .dates import NUM_DATE, choose_reading

PUBLISHED = [
    re.compile(rf"\b(?:Published|Updated|Posted|Dated?|Last updated)\s*(?:on|:)?\s*(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)", re.I),
    re.compile(rf"\b(?:Published|Updated|Posted|Dated?)\s*(?:on|:)?\s*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{MONTH_RE}),?\s+(?P<year>(?:19|20)\d\d)", re.I),
    re.compile(r"\b(?:Published|Updated|Posted|date|Dated?)\s*(?:on|:)?\s*(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b", re.I),
    re.compile(rf"\bPublished in [A-Z][\w .'-]+?,\s*(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)"),
]
BYLINE = re.compile(r"^\s*(?:By\s+)?(?P<author>[A-Z][a-z]+(?:\s+[A-Z][a-z.]+){1,3})\s*$")
HEADLINE_SKIP = re.compile(r"^(?:skip to|menu|home|search|subscribe|sign in|log in|advertisement)\b", re.I)


def read_published(text: str) -> tuple[dt.date | None, tuple[int, int] | None]:
    """The publication date the text states near its top (or in a 'Published in' footer)."""
    head = text[:1500]
    for rx in PUBLISHED:
        for m in rx.finditer(text if rx.pattern.startswith(r"\bPublished in") else head):
            g = m.groupdict()
            if g.get("iso"):
                d = parse_iso(g["iso"])
            else:
                d = valid_date(int(g["year"]), MONTHS[g["month"].lower().rstrip(".")], int(g["day"]))
            if d:
                return d, m.span()
    # a dateline that carries the date: 'PESHAWAR, May 9, 2024:'
    dl = re.search(rf"^\s*[A-Z][A-Z .'/-]{{2,40}},\s+(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b", head, re.M)
    if dl:
        d = valid_date(int(dl.group("year")), MONTHS[dl.group("month").lower().rstrip(".")], int(dl.group("day")))
        if d:
            return d, dl.span()
    # a full date on a short line near the top: the byline ('Naveed Kakar | September 12, 2023')
    from .dates import read_dates
    offset = 0
    for n, line in enumerate(text[:2000].split("\n")):
        if n > 16:
            break
        if 0 < len(line.strip()) <= 90:
            for dm in read_dates(line, None):
                if dm.kind in ("mdy", "dmy", "iso") and dm.value and len(dm.value) == 10:
                    return parse_iso(dm.value), (offset + dm.start, offset + dm.end)
        offset += len(line) + 1
    # a bare numeric date on a line of its own near the top (the byline line)
    for m in NUM_DATE.finditer(head):
        line_start = head.rfind("\n", 0, m.start()) + 1
        line_end = head.find("\n", m.end())
        line = head[line_start: line_end if line_end >= 0 else len(head)]
        if len(line) > 80:
            continue
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        d = choose_reading(a, b, y, text)
        if d:
            return d, m.span()
    return None, None


def read_author(text: str, date_span: tuple[int, int] | None) -> str | None:
    """An author on the byline: the name after the date on the same line, or 'By Name'."""
    if date_span:
        line_start = text.rfind("\n", 0, date_span[0]) + 1
        line_end = text.find("\n", date_span[1])
        line = text[line_start: line_end if line_end >= 0 else None]
        for part in re.split(r"\s*[|\u2022\u00b7]\s*|\s{2,}", line.replace(text[date_span[0]:date_span[1]], "|")):
            part = re.sub(r"^(?:By|Published|Updated)\s+", "", part.strip(" ,"))
            m = BYLINE.match(part)
            if m and not re.search(r"\b(?:Correspondent|Reporter|Staff|Desk|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", part):
                return m.group("author")
    m = re.search(r"^\s*By\s+(?P<author>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,3})\s*$", text[:1500], re.M)
    return m.group("author") if m else None


def read_title(text: str) -> str | None:
    """The headline: the first line near the top that reads like one (five words or more,
    no closing full stop, not a breadcrumb 'Security | Kunar' or a byline)."""
    candidates = []
    for line in text.splitlines()[:14]:
        line = line.strip()
        if not line or HEADLINE_SKIP.match(line) or line.isupper():
            continue
        words = line.split()
        if "|" in line and all(len(part.split()) <= 4 for part in line.split("|")):
            continue   # breadcrumbs, bylines
        if 3 <= len(words) <= 25 and not line.endswith((".", ":")) and not NUM_DATE.search(line) \
                and not re.match(r"(?:By|Published|Updated)\b", line):
            candidates.append(line)
    long_ = [c for c in candidates if len(c.split()) >= 5]
    return next(iter(long_ or candidates), None)


def read_publisher(text: str) -> str | None:
    m = re.search(r"\bPublished in (?P<p>[A-Z][\w .'-]+?),", text)
    if m:
        return m.group("p").strip()
    # a known outlet standing alone on a line near the end (site footers)
    tail = [ln.strip() for ln in text.splitlines()[-8:] if ln.strip()]
    matcher = lexicon.outlet_matcher()
    for line in tail:
        if len(line.split()) <= 4:
            hits = matcher.find(line)
            if hits and hits[0].start == 0 and hits[0].end == len(line):
                return hits[0].entry.canonical
    return None
