"""Property-based tests (hypothesis): parsers never crash and never return impossible values.

Not repeated here: parse_number / parse_count / find_money / read_dates on text
(tests/model/test_types.py), decode_bytes / clean_text / read_paths on bytes
(tests/ingest/test_ingest_robustness.py). Here: name keys and name matching,
the date helpers those tests leave out (choose_reading, shift, month_day,
normalise_date), and the whole rule-based extractor on arbitrary and on
domain-flavoured text.
"""
from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from militant_monitor.extract import lexicon
from militant_monitor.extract.dates import choose_reading, month_day, shift
from militant_monitor.ingest.textutil import normalise_date
from militant_monitor.model.document import Document
from militant_monitor.resolve.matching import (
    TITLES, Profile, full_names_clash, logic_v1, logic_v2, name_score, name_tokens,
)

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

DATE_VALUE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")     # the fact sheet schema's date pattern


def real_date_value(value: str) -> bool:
    """'YYYY', 'YYYY-MM' or 'YYYY-MM-DD' naming a real year, month and day."""
    if not DATE_VALUE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    if not 1 <= parts[0] <= 9999:
        return False
    if len(parts) >= 2 and not 1 <= parts[1] <= 12:
        return False
    if len(parts) == 3:
        try:
            dt.date(*parts)
        except ValueError:
            return False
    return True


# ------------------------------------------------------------------ names

NAME_PIECES = st.sampled_from([
    "Qari", "Mufti", "Maulana", "Haji", "Commander", "Hafiz", "Mullah", "Abu", "Muhammad", "Mohammad", "Mohammed",
    "Zia", "Ullah", "ullah", "Ziaullah", "ud", "Din", "Rehman", "Rahman", "Mehsud", "Mehsood", "Tehrik", "Tehreek",
    "-e-", "-i-", "ul", "al-", "Al", "the", "The", "Taliban", "Pakistan", "Qaeda", "Qaida", "Lashkar", "Jhangvi",
    "Shakeel", "Gul", "Bahadur", "Bangulzai", "Zarrar", "Daud", "Dawood", "Ahmed", "Ahmad", "Hussain", "Husain",
    "TTP", "LeJ", "IS-K", "ISKP", "BLA", "’", "'", "\u00e9", "Ö", "ß", "ﬁ", "²", "İ", "ı",
    "عبد", "الله", "مولانا",
    "Мухаммад", "李", "\u0301", "\u200d", " ", "  ", "-", ".", ",", "(", ")", "\"", "0", "7", "",
])
NAMES = (st.lists(NAME_PIECES, max_size=8).map(" ".join) | st.lists(NAME_PIECES, max_size=8).map("".join)
         | st.text(max_size=40))
KEY_RE = re.compile(r"^(?:[a-z0-9]+(?: [a-z0-9]+)*)?$")


@FAST
@given(NAMES)
def test_key_is_clean_ascii_and_idempotent(name):
    k = lexicon.key(name)
    assert KEY_RE.match(k), k
    assert lexicon.key(k) == k
    assert not set(k.split()) & (lexicon.CONNECTORS | {"the"})


@FAST
@given(NAMES)
def test_name_key_and_name_tokens_never_crash_and_hold_words(name):
    for token in lexicon.name_key(name):
        assert token and token == token.strip()
    tokens = name_tokens(name)
    assert isinstance(tokens, tuple)
    for t in tokens:
        assert re.fullmatch(r"[a-z0-9]+", t), tokens
    assert not set(tokens) & TITLES, tokens


def _profile(eid: str, names, etype="person", groups=(), places=(), years=()) -> Profile:
    return Profile(eid, etype, "doc-" + eid, set(names), set(groups), set(places), set(years))


PROFILE_ARGS = st.tuples(
    st.sets(NAMES, max_size=3), st.sets(st.sampled_from(["tehreek taliban pakistan", "lashkar jhangvi", "islamic state",
                                                          "islamic state khorasan province", "x"]), max_size=2),
    st.sets(st.sampled_from(["waziristan", "kech", "bajaur", "kunar", "quetta"]), max_size=2),
    st.sets(st.integers(1990, 2030), max_size=2),
)


@FAST
@given(PROFILE_ARGS, PROFILE_ARGS, st.sampled_from(["person", "group"]))
def test_name_score_and_matchers_are_bounded_and_symmetric(a_args, b_args, etype):
    a = _profile("a", *a_args[:1], etype=etype, groups=a_args[1], places=a_args[2], years=a_args[3])
    b = _profile("b", *b_args[:1], etype=etype, groups=b_args[1], places=b_args[2], years=b_args[3])
    s = name_score(a, b)
    assert s in (0.0, 0.7, 0.8, 0.85, 1.0)
    assert name_score(b, a) == s
    for logic in (logic_v1, logic_v2):
        v = logic(a, b)
        assert 0.0 <= v <= 1.0 and not math.isnan(v)
        assert logic(b, a) == pytest.approx(v)
    assert full_names_clash(a.names, b.names) == full_names_clash(b.names, a.names)


@FAST
@given(st.sets(NAMES, min_size=1, max_size=3))
def test_a_name_always_matches_itself(names):
    a, b = _profile("a", names), _profile("b", names)
    keys = a.name_keys()
    if any(len(k) > 1 for k in keys):
        assert name_score(a, b) == 1.0
    elif keys:
        assert name_score(a, b) >= 0.8
    else:
        assert name_score(a, b) == 0.0
    assert not full_names_clash(names, names)


# ------------------------------------------------------------------ dates

ANCHORS = st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


def _readings(a, b, year):
    """Day-first and month-first, where each is a real date in the years the extractor
    accepts (1900-2100, ``model.types.valid_date``)."""
    out = set()
    for m, d in ((b, a), (a, b)):
        try:
            if 1900 <= year <= 2100:
                out.add(dt.date(year, m, d))
        except ValueError:
            pass
    return out


DATED_TEXT = st.text(max_size=120) | st.lists(st.sampled_from([
    "Militants attacked the post on", "May 3", "3 May", "December 30", "on 12 June 2023", "2023-02-30",
    "in March 2024", ".", "officials said", "January 20", "31 January", "06.02.2023"]), max_size=8).map(" ".join)


@FAST
@given(st.integers(0, 99), st.integers(0, 99), st.integers(1, 9999), DATED_TEXT)
def test_choose_reading_is_one_of_the_two_readings(a, b, year, text):
    got = choose_reading(a, b, year, text)
    readings = _readings(a, b, year)
    assert got in readings if readings else got is None


RELATIVE = st.sampled_from([
    "the same day", "that same day", "that day", "the day before", "the previous day", "the next day",
    "the following day", "a day later", "a week later", "a month later", "a day earlier", "a day before",
    "a week earlier", "a week before", "a month earlier", "a month before", "two days later", "three days earlier",
    "ten days after", "12 days before", "4000 days later", "many days later", "yesterday", "",
])


@FAST
@given(st.none() | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat)
       | st.sampled_from(["2024", "2024-05"]), RELATIVE)
def test_shift_gives_a_real_date_or_none(base, rel):
    got = shift(base, rel)
    assert got is None or got == base or real_date_value(got), (base, rel, got)


def test_shift_by_a_huge_number_of_days_is_none_not_a_crash(rules_extractor):
    assert shift("2023-05-03", "99999999 days later") is None
    text = ("Six soldiers were killed when militants attacked a checkpost in Mir Ali on May 3, 2023. "
            "99999999 days later, militants attacked the same checkpost again and killed two soldiers.")
    sheet, _ = rules_extractor(Document(text=text))
    assert all(e["date"] is None or real_date_value(e["date"]) for e in sheet["events"])


@FAST
@given(st.none() | st.integers(1, 9999), st.integers(1, 12), st.integers(1, 31), ANCHORS, st.booleans())
def test_month_day_gives_a_real_date_or_none(year, month, day, anchor, nearest):
    got = month_day(year, month, day, anchor, nearest)
    assert got is None or real_date_value(got)
    if got is not None:
        assert (int(got[5:7]), int(got[8:10])) == (month, day)


DATE_STRINGS = st.one_of(
    st.text(max_size=60),
    st.builds(lambda y, m, d, sep, tail: f"{y}{sep}{m}{sep}{d}{tail}", st.integers(0, 99999), st.integers(0, 99),
              st.integers(0, 99), st.sampled_from(["-", "/", ".", ""]),
              st.sampled_from(["", "T10:00:00Z", " 10:00", "x"])),
    st.sampled_from(["Tue, 21 Mar 2023 08:15:00 +0500", "Mon, 31 Feb 2023 08:15:00 GMT", "18 April 2023", "April 2023",
                     "2023-04", "2023-13", "0000", "9999", "1899", "31/12/2023", "12/31/2023",
                     "2023-04-18T09:30:00+05:00",
                     "Fri, 99 Xyz 2023", "yesterday", "", " ", "2023-02-29", "2024-02-29"]),
)


@FAST
@given(DATE_STRINGS | st.integers(-10**15, 10**15) | st.floats(allow_nan=True, allow_infinity=True) | st.booleans()
       | st.none())
def test_normalise_date_gives_a_plausible_real_date_or_none(value):
    got = normalise_date(value)
    if got is None:
        return
    assert real_date_value(got), (value, got)
    assert 1900 <= int(got[:4]) <= dt.date.today().year + 1


# ------------------------------------------------------------------ the whole extractor

# Sentences in the shapes the rules look for, with odd values in their slots, so that
# people, events, fates, bounties and dates are found (random characters reach few rules).
PERSON = st.sampled_from(["Qari Zarak", "Mufti Noor Wali Mehsud", "Commander Daud", "Haji Lala", "Abu Muawiya",
                          "Maulana Sadiqullah Wazir", "Zarrar", "Ilyas Safi", "Qasim Mohmand", "Ö Ñ", "X", "Mir Ali"])
ALIAS = st.sampled_from(["Shamsheer", "Haji Lala", "Abu Muslim", "Z", "“Tiger”", "'the Doctor'"])
ROLE = st.sampled_from(["commander", "chief", "deputy chief", "spokesman", "founder", "military chief", "leader"])
GROUP = st.sampled_from(["Tehreek-e-Taliban Pakistan (TTP)", "Lashkar-e-Jhangvi", "Islamic State Khorasan Province",
                         "IS-K", "Balochistan Liberation Army", "BLA", "Hafiz Gul Bahadur group", "Valley Front"])
PLACE = st.sampled_from(["Mir Ali", "North Waziristan", "Quetta", "Buleda, Kech district", "Bajaur", "Kunar province",
                         "Mastung", "Lakki Marwat", "Karvan", ""])
DATE = st.sampled_from(["on Monday", "last week", "yesterday", "on May 3", "on 3 May 2023", "on 06.02.2023",
                        "on 31.02.2023", "on 2023-02-30", "on 2023-04-18", "in March 2024", "the same day",
                        "a week later", "three days later", "in 1850", "on December 31, 2099", "", "late on Friday"])
NUMBER = st.sampled_from(["six", "two", "twenty-one", "a dozen", "at least 12", "1,500", "0", "-3", "999999999",
                          "10.5", "several", "one hundred and five", "9" * 30])
TARGET = st.sampled_from(["soldiers", "policemen", "civilians", "worshippers", "FC personnel", "people"])
ATTACK = st.sampled_from(["suicide bomber", "roadside bomb", "gunmen", "militants", "explosion", "drone strike"])
MONEY = st.sampled_from(["Rs5 million", "$10,000", "Rs 10 lakh", "PKR 3,000,000", "Rs0", "$" + "9" * 40, "Rs1.5m",
                         "2.5 million rupees", "AFN 500,000"])
OUTLET = st.sampled_from(["Dawn", "Geo TV", "the Express Tribune", "Reuters", "Khyber Dispatch"])
HEDGE = st.sampled_from(["", "reportedly ", "is believed to have ", "allegedly "])
FATE = st.sampled_from(["was killed", "was arrested", "surrendered", "was released", "was injured", "died"])

SENTENCES = st.one_of(
    st.builds("{} alias {}, the {} of the {}, {}{} in {} {}.".format,
              PERSON, ALIAS, ROLE, GROUP, HEDGE, FATE, PLACE, DATE),
    st.builds("{} {} were killed and {} injured when a {} struck a checkpost in {} {}.".format,
              NUMBER, TARGET, NUMBER, ATTACK, PLACE, DATE),
    st.builds("The government fixed head money of {} on {} of the {}.".format, MONEY, PERSON, GROUP),
    st.builds("{} {} {} in {} {}, {} reported.".format, PERSON, HEDGE, FATE, PLACE, DATE, OUTLET),
    st.builds("The {} claimed responsibility for the attack {}, according to {}.".format, GROUP, DATE, OUTLET),
    st.builds("{}, {} {} was named the new {} of the {} ({}, {}).".format,
              DATE, ROLE, PERSON, ROLE, GROUP, OUTLET, DATE),
    st.builds("{} hails from {} and has a bounty of {} on his head.".format, PERSON, PLACE, MONEY),
    st.text(max_size=60),
)
ARTICLES = st.one_of(
    st.text(max_size=400),
    st.lists(SENTENCES, min_size=1, max_size=10).map(" ".join),
    st.lists(SENTENCES, min_size=1, max_size=10).map("\n\n".join),
)
DOC_DATES = st.none() | st.sampled_from(["2023", "2023-05", "2024-02-29", "2023-05-09", "1999-12-31"])
COUNT_FIELDS = ("killed", "injured")


@pytest.fixture(scope="module")
def rules_extractor():
    from militant_monitor.extract.pipeline import Extractor
    return Extractor(use_model=False)


def _dates_in_sheet(sheet):
    yield "document.published", sheet["document"]["published"]
    for e in sheet["events"]:
        yield "event.date", e["date"]
        for s in e["sources"]:
            yield "event.source.date", s["date"]
    for p in sheet["people"]:
        if p["status"]:
            yield "person.status.date", p["status"]["date"]
    for s in sheet["sources"]:
        yield "source.date", s["date"]


@SLOW
@given(ARTICLES, DOC_DATES)
def test_extractor_never_raises_and_returns_possible_values(rules_extractor, factsheet_validator, text, published):
    assume(text.strip())
    doc = Document(text=text, published=published)
    sheet, statements = rules_extractor(doc)
    errors = sorted(factsheet_validator.iter_errors(sheet), key=str)
    assert not errors, errors[0].message

    for e in sheet["events"]:
        for f in COUNT_FIELDS:
            assert e[f] is None or (type(e[f]) is int and e[f] >= 0), (f, e[f])
    for where, value in _dates_in_sheet(sheet):
        assert value is None or real_date_value(value), (where, value)
    for p in sheet["people"]:
        assert p["name"].strip()
        for b in p["bounties"]:
            assert b["amount"] > 0 and math.isfinite(b["amount"]), b
            assert b["usd"] is None or (b["usd"] > 0 and math.isfinite(b["usd"]))

    for s in statements:
        assert s.doc_id == doc.id
        assert 0.0 <= s.confidence <= 1.0
        if s.start is not None or s.end is not None:
            assert s.start is not None and s.end is not None, s
            assert 0 <= s.start < s.end <= len(text), (s.prop, s.start, s.end, len(text))
        s.value_json  # noqa: B018 - JSON-serialisable

    # the same text gives the same statements
    again = rules_extractor(Document(text=text, published=published))[1]
    assert [s.id for s in again] == [s.id for s in statements]
