"""Dates in running text, resolved against the publication date or a nearby date."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model.types import MONTH_RE, MONTHS, WEEKDAYS, iso, valid_date

DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?P<year>(?:19|20)\d\d)"
PATTERNS = [
    ("mdy", re.compile(rf"\b(?P<month>{MONTH_RE})\s+{DAY},?\s*{YEAR}\b")),
    ("dmy", re.compile(rf"\b{DAY}\s+(?P<month>{MONTH_RE}),?\s*{YEAR}\b")),
    ("my", re.compile(rf"\b(?P<month>{MONTH_RE}),?\s*{YEAR}\b")),
    ("mpart", re.compile(rf"\b(?:in\s+)?(?:early|mid|late)[\s-](?P<month>{MONTH_RE})(?!\s+\d)(?:,?\s*(?P<year>(?:19|20)\d\d))?\b", re.I)),
    ("mthis", re.compile(rf"\b(?:in\s+)?(?P<month>{MONTH_RE})\s+(?:of\s+)?(?P<which>this|last)\s+year\b")),
    ("monly", re.compile(r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Uu]ntil|[Bb]y|[Ll]ast)\s+(?P<month>January|February|March|April|May|June|July|August|September|October|November|December)\b(?!\s+\d)(?![,\s]+(?:19|20)\d\d)")),
    ("md", re.compile(rf"\b(?P<month>{MONTH_RE})\s+{DAY}\b(?![,\s]*(?:19|20)\d\d)(?!\s*(?:million|thousand|people|killed|percent|%))")),
    ("dm", re.compile(rf"\b{DAY}\s+(?P<month>{MONTH_RE})\b(?![,\s]*(?:19|20)\d\d)")),
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("num", re.compile(r"\b(?P<a>[0-3]?\d)[./](?P<b>[0-3]?\d)[./](?P<year>(?:19|20)\d\d)\b")),
    ("weekday", re.compile(r"(?:\b(?=(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['\u2019]s\s)|\b(?:[Oo]n|[Ll]ast|[Tt]his|[Ll]ate on|[Ee]arly on|[Oo]n the (?:night|morning|evening|afternoon) of|[Ii]n the (?:early|late) hours of|[Ee]arly|[Ll]ate)\s+|(?<=[a-z]ed\s)|(?<=said\s)|(?<=says\s)|(?<=told\s)|(?<=struck\s)|(?<=began\s)|(?<=[a-z]ed\sup\s)|(?<=X\s)|(?<=[a-z]ed\sout\s))(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:night|morning|evening|afternoon))?\b")),
    ("rel", re.compile(r"\b(?P<rel>(?:\w+) years? (?:later|earlier)|a (?:day|week|month) (?:earlier|before)|(?:that|the) same (?:day|night|evening|morning)|that night|yesterday|today|last night|this morning|earlier today|tonight|the day before|the previous day|the next day|the following day|the same day|that day|a day later|a week later|a month later|(?P<n>\w+) days (?:later|earlier|after|before)|(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2}|a\s+few|few|some|several) (?:days?|weeks?|months?) ago|last week|last month|earlier this month|earlier this week|this week|last year|this year)\b", re.I)),
    ("year", re.compile(r"(?:\b(?i:in|since|of|during|until|by|year|late|early|mid|the|a)\s+|\(|,\s)(?P<year>(?:19|20)\d\d)\b(?!\s*(?:-|–)\s*\d)")),
]
# A weekday or relative day right after a reporting verb dates the report, not the event.
REPORT_VERB = re.compile(r"\b(?:(?:said|says|announced|reported|stated|added|confirmed|informed)(?:\s+on)?|told(?:\s+[\w-]+){0,2}"
                         r"|(?:statement|release|report|notification|letter|notice|circular|order)\s+(?:\w+\s+){0,2}?"
                         r"(?:released|issued|published|posted|dated|sent|shared|circulated)(?:\s+here)?(?:\s+on)?|dated)\s*$", re.I)
# 'On Tuesday, Sharifi said police had arrested ...': the day the speaker spoke
FRONT_REPORT = re.compile(r"(?<!\s)\s*+,\s*(?:the\s+)?(?:[A-Z][\w'-]*\s+){0,4}?(?:\([A-Z]{2,6}\)\s+)?(?:[a-z]+\s+){0,1}(?:said|told|announced|stated|confirmed|added|claimed(?=\s+that\b)|reported|revealed|disclosed)\b")
WORD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass
class DateMention:
    start: int
    end: int
    value: str | None          # YYYY-MM-DD, YYYY-MM or YYYY, resolved; None when it cannot be
    kind: str                  # which pattern: mdy, md, weekday, rel, year...
    relative_to_event: bool = False  # "the same day", "a week later": needs the previous event's date
    reporting: bool = False    # "said on Monday": the date of a report, not of an event


def month_day(year: int | None, month: int, day: int, anchor: dt.date | None, nearest: bool = False) -> str | None:
    """A month and day without a year: the latest such date not after the anchor (the
    publication date); with ``nearest``, the one closest to the anchor (a date the text gave)."""
    if year is None:
        if anchor is None:
            return None
        if nearest:
            options = [d for d in (valid_date(anchor.year + k, month, day) for k in (-1, 0, 1)) if d]
            return iso(min(options, key=lambda d: abs((d - anchor).days))) if options else None
        year = anchor.year
        d = valid_date(year, month, day)
        if d and d > anchor + dt.timedelta(days=1):
            d = valid_date(year - 1, month, day)
        return iso(d)
    return iso(valid_date(year, month, day))


def read_dates(text: str, anchor: dt.date | None, offset: int = 0,
               day_first: bool = True, nearest: bool = False, year_hint: int | None = None) -> list[DateMention]:
    """All date expressions in ``text``, resolved against ``anchor`` (the publication date)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in PATTERNS:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and e > ts for ts, te in taken):
                continue
            value, rel_event = None, False
            if kind == "monly":
                month = MONTHS.get(m.group("month").lower())
                if anchor is None or not month:
                    value = None
                else:
                    y = anchor.year if month <= anchor.month else anchor.year - 1
                    value = f"{y:04d}-{month:02d}"
            elif kind == "mpart":
                month = MONTHS.get(m.group("month").lower().rstrip("."))
                if not month:
                    continue
                if m.group("year"):
                    value = f"{int(m.group('year')):04d}-{month:02d}"
                elif anchor is not None:
                    y = anchor.year if month <= anchor.month else anchor.year - 1
                    value = f"{y:04d}-{month:02d}"
            elif kind == "mthis":
                month = MONTHS.get(m.group("month").lower().rstrip("."))
                if not month or anchor is None:
                    value = None
                else:
                    y = anchor.year - (1 if m.group("which") == "last" else 0)
                    value = f"{y:04d}-{month:02d}"
            elif kind in ("mdy", "dmy", "md", "dm", "my"):
                month = MONTHS.get(m.group("month").lower().rstrip("."))
                if not month:
                    continue
                year = int(m.group("year")) if "year" in m.groupdict() and m.group("year") else None
                if kind == "my":
                    value = f"{year:04d}-{month:02d}"
                else:
                    day = int(m.group("day"))
                    if not 1 <= day <= 31:
                        continue
                    value = month_day(year, month, day, anchor, nearest)
                    if value is None and year is None and anchor is None and year_hint:
                        value = iso(valid_date(year_hint, month, day))   # 'June 2:' in a chronology of 2024
            elif kind == "iso":
                value = iso(valid_date(int(m.group("year")), int(m.group("m")), int(m.group("d"))))
                if value is None:
                    continue
            elif kind == "num":
                a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("year"))
                d1 = valid_date(y, b, a) if day_first else valid_date(y, a, b)
                value = iso(d1 or valid_date(y, a, b) or valid_date(y, b, a))
                if value is None:
                    continue
            elif kind == "weekday":
                if anchor is not None:
                    wd = WEEKDAYS[m.group("wd").lower()]
                    back = (anchor.weekday() - wd) % 7
                    if m.group(0).lower().startswith("last") and back == 0:
                        back = 7
                    value = iso(anchor - dt.timedelta(days=back))
            elif kind == "rel":
                rel = m.group("rel").lower()
                value, rel_event = resolve_relative(rel, anchor)
                if rel_event:
                    value = None
            elif kind == "year":
                s = m.start("year")
                value = m.group("year")
            reporting = bool(REPORT_VERB.search(text[max(0, s - 25):s])) or (
                kind in ("weekday", "md", "dm", "mdy", "dmy") and bool(FRONT_REPORT.match(text[e:e + 70]))
                and bool(re.search(r"(?:^|[.!?\"\u201d]\s+|\n)\s*(?:[Oo]n\s+)?$", text[max(0, m.start() - 7):m.start()])))
            found.append(DateMention(offset + s, offset + e, value, kind, rel_event, reporting))
            taken.append((s, e))
    found.sort(key=lambda d: d.start)
    return found


def _ago(n: int, unit: str, anchor: dt.date | None) -> str | None:
    """'two days ago' is a day; 'three weeks ago' and 'a month ago' are vague, so the month."""
    if anchor is None:
        return None
    if unit == "day":
        return iso(anchor - dt.timedelta(days=n))
    return (anchor - dt.timedelta(days=(7 if unit == "week" else 30) * n)).strftime("%Y-%m")


def _vague_ago(unit: str, anchor: dt.date | None) -> str | None:
    """'some days ago', 'a few weeks ago', 'several months ago': no count, so the month about
    that far back (a few days back stays in the anchor's month; a few weeks, two back; months, three)."""
    if anchor is None:
        return None
    return (anchor - dt.timedelta(days={"day": 0, "week": 14, "month": 90}[unit])).strftime("%Y-%m")


def resolve_relative(rel: str, anchor: dt.date | None) -> tuple[str | None, bool]:
    """Resolve a relative expression; the flag says it depends on a previous event's date."""
    vague = re.match(r"(?:a\s+few|few|some|several) (day|week|month)s ago$", rel.lower())
    if vague:   # 'some days ago': a vague time, so the month it most likely fell in
        return _vague_ago(vague.group(1), anchor), False
    ago = re.match(r"(\w+) (day|week|month)s? ago$", rel.lower())
    if ago:
        return _ago(int(ago.group(1)) if ago.group(1).isdigit() else WORD_NUMBERS.get(ago.group(1), 1),
                    ago.group(2), anchor), False
    if re.match(r"\w+ years? (?:later|earlier)$", rel) or rel.startswith(("the same ", "that same ", "a day ", "a week ", "a month ")) or rel in ("that day", "that night", "the day before", "the previous day", "the next day",
               "the following day", "a day later", "a week later", "a month later") or rel.endswith(
               ("days later", "days after", "days earlier", "days before")):
        return None, True
    if anchor is None:
        return None, False
    if rel in ("today", "this morning", "earlier today", "tonight"):
        return iso(anchor), False
    if rel in ("yesterday", "last night"):
        return iso(anchor - dt.timedelta(days=1)), False
    if rel == "last week":
        monday = anchor - dt.timedelta(days=anchor.weekday() + 7)
        return _span_value(monday, monday + dt.timedelta(days=6)), False
    if rel in ("earlier this week", "this week"):
        return _span_value(anchor - dt.timedelta(days=anchor.weekday()), anchor), False
    if rel == "earlier this month":
        return anchor.strftime("%Y-%m"), False
    if rel == "last month":
        first = anchor.replace(day=1) - dt.timedelta(days=1)
        return first.strftime("%Y-%m"), False
    if rel == "this year":
        return str(anchor.year), False
    if rel == "last year":
        return str(anchor.year - 1), False
    return None, False


def _span_value(first: dt.date, last: dt.date) -> str | None:
    """The most precise date that holds a whole span of days: its month, else its year ('last week' across
    two months gives only the year)."""
    if (first.year, first.month) == (last.year, last.month):
        return first.strftime("%Y-%m")
    return str(first.year) if first.year == last.year else None


YEAR_STEPS = {"that same year": 0, "the same year": 0, "that year": 0, "the following year": 1, "the next year": 1,
              "the previous year": -1, "the year before": -1}


def shift(base: str | None, rel: str) -> str | None:
    """Apply an event-relative expression ("a week later") to a base date."""
    ym = re.match(r"(\w+) years? (later|earlier)$", (rel or "").lower())
    if ym and base:
        n = WORD_NUMBERS.get(ym.group(1)) or (1 if ym.group(1) in ("a", "one") else None) or \
            (int(ym.group(1)) if ym.group(1).isdigit() and len(ym.group(1)) <= 3 else None)
        if n is None or not 1900 <= int(base[:4]) + n <= 2100:
            return None
        return str(int(base[:4]) + (n if ym.group(2) == "later" else -n))
    if rel.lower() in YEAR_STEPS and base:
        return str(int(base[:4]) + YEAR_STEPS[rel.lower()])   # 'the following year': the year after
    wm = re.match(r"(\w+) (weeks?|months?) (later|after|earlier|before)$", (rel or "").lower())
    if wm and base and len(base) >= 7:
        n = WORD_NUMBERS.get(wm.group(1)) or (1 if wm.group(1) in ("a", "one") else None) or \
            (int(wm.group(1)) if wm.group(1).isdigit() and len(wm.group(1)) <= 3 else None)
        if n is None:
            return None
        sign = 1 if wm.group(3) in ("later", "after") else -1
        if wm.group(2).startswith("week") and len(base) == 10:
            return iso(dt.date.fromisoformat(base) + dt.timedelta(days=7 * n * sign))
        y, mo = int(base[:4]), int(base[5:7])
        months = y * 12 + mo - 1 + (n * sign if wm.group(2).startswith("month") else round(n * sign / 4.35))
        return f"{months // 12:04d}-{months % 12 + 1:02d}"   # 'six weeks later' than a month: a month
    if not base or len(base) != 10:
        return base if rel in ("the same day", "that day") else None
    d = dt.date.fromisoformat(base)
    rel = rel.lower()
    deltas = {"the same day": 0, "that same day": 0, "that day": 0, "later in the day": 0, "earlier in the day": 0,
              "later that day": 0, "earlier that day": 0, "later that night": 0, "later that evening": 0, "the day before": -1, "the previous day": -1,
              "the next day": 1, "the following day": 1, "a day later": 1, "a week later": 7,
              "a month later": 30, "a day earlier": -1, "a day before": -1, "a week earlier": -7,
              "a week before": -7, "a month earlier": -30, "a month before": -30}
    if rel in deltas:
        return iso(d + dt.timedelta(days=deltas[rel]))
    m = re.match(r"(\w+) days (later|after|earlier|before)", rel)
    if m:
        n = WORD_NUMBERS.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() and len(m.group(1)) <= 5 else None)
        if n is None or n > 36500:
            return None
        try:
            return iso(d + dt.timedelta(days=n if m.group(2) in ("later", "after") else -n))
        except OverflowError:
            return None
    return None


NUM_DATE = re.compile(r"\b([0-3]?\d)[./]([0-3]?\d)[./]((?:19|20)\d\d)\b")


def choose_reading(a: int, b: int, year: int, text: str) -> dt.date | None:
    """Resolve an ambiguous numeric date (06.02.2023) by the document's own evidence.

    Each reading is tried as the publication date; the dates the text gives
    are resolved against it. A reading that puts dated events after the
    publication is wrong; among the rest, the one closest after the text's
    own dates wins. With no evidence either way, day first.
    """
    readings: list[tuple[dt.date, bool]] = []
    for day_first in (True, False):
        d = valid_date(year, b, a) if day_first else valid_date(year, a, b)
        if d and d not in [r for r, _ in readings]:
            readings.append((d, day_first))
    if len(readings) < 2:
        return readings[0][0] if readings else None
    best: tuple[tuple[int, int, bool], dt.date] | None = None
    for d, day_first in readings:
        mentions = [m for m in read_dates(text, d) if m.kind in ("mdy", "dmy", "md", "dm", "my", "iso")]
        after, lag = 0, 0
        for m in mentions:
            if not m.value:
                continue
            v = m.value if len(m.value) == 10 else m.value + "-01"
            when = dt.date.fromisoformat(v)
            if when > d + dt.timedelta(days=1):
                after += 1
            elif m.kind in ("md", "dm"):
                lag += (d - when).days
        key = (after, lag, not day_first)
        if best is None or key < best[0]:
            best = (key, d)
    assert best is not None   # two readings: the loop ran
    return best[1]
