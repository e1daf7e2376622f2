"""Dates in running text, resolved against the publication date (extract/dates.py)."""
from __future__ import annotations

import datetime as dt

import pytest

from militant_monitor.extract.dates import choose_reading, read_dates, shift
from militant_monitor.model.document import Document

PUB = dt.date(2024, 5, 9)   # a Thursday


def values(text, anchor=PUB):
    return [m.value for m in read_dates(text, anchor)]


def only(text, anchor=PUB):
    found = read_dates(text, anchor)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, expected", [
    ("The checkpost was attacked on Tuesday.", "2024-05-07"),
    ("The checkpost was attacked on Thursday morning.", "2024-05-09"),   # the publication day itself
    ("The checkpost was attacked last Thursday.", "2024-05-02"),         # 'last' never means today
    ("The checkpost was attacked late on Friday.", "2024-05-03"),
])
def test_weekday_is_the_latest_such_day_up_to_publication(text, expected):
    assert values(text) == [expected]


@pytest.mark.parametrize("text, expected", [
    ("Two policemen were injured yesterday.", "2024-05-08"),
    ("The convoy was ambushed last night.", "2024-05-08"),
    ("The market reopened today.", "2024-05-09"),
    ("The group split last week.", "2024"),           # the week of Apr 29 - May 5: only the year is certain
    ("The group split earlier this month.", "2024-05"),
    ("The group split last month.", "2024-04"),
    ("The group split last year.", "2023"),
])
def test_relative_days(text, expected):
    assert values(text) == [expected]


def test_last_week_at_the_start_of_a_month_is_the_previous_month():
    assert values("The group split last week.", dt.date(2024, 3, 3)) == ["2024-02"]


def test_month_day_before_publication_is_the_same_year():
    assert values("Militants attacked the post on May 3.") == ["2024-05-03"]
    assert values("Militants attacked the post on 3 May.") == ["2024-05-03"]
    assert values("Militants attacked the post on January 20.") == ["2024-01-20"]


def test_month_day_after_publication_is_the_previous_year():
    assert values("Militants attacked the post on May 30.") == ["2023-05-30"]
    assert values("Militants attacked the post on December 12.") == ["2023-12-12"]


def test_month_day_without_an_anchor_stays_unresolved():
    m = only("Militants attacked the post on May 3.", None)
    assert m.value is None and m.kind == "md"


@pytest.mark.parametrize("text, expected", [
    ("The attack on March 5, 2023 killed six.", "2023-03-05"),
    ("The attack on 5 March 2023 killed six.", "2023-03-05"),
    ("The attack in March 2023 killed six.", "2023-03"),
    ("The attack of 2023-03-05 killed six.", "2023-03-05"),
    ("The group was formed in 2007.", "2007"),
])
def test_dates_with_a_year_ignore_the_anchor(text, expected):
    assert values(text) == [expected]


@pytest.mark.parametrize("text", ["It was dated 2023-02-30.", "It was dated 31.02.2023.", "It was dated 40.13.2023."])
def test_impossible_calendar_dates_are_dropped(text):
    assert values(text) == []


def test_said_on_monday_dates_the_report_not_the_event():
    found = read_dates("Police said on Monday that the blast had killed four people on Sunday.", PUB)
    by_value = {m.value: m for m in found}
    assert by_value["2024-05-06"].reporting is True       # said on Monday
    assert by_value["2024-05-05"].reporting is False      # the blast on Sunday


@pytest.mark.parametrize("verb", [
    "said", "announced", "confirmed", "told reporters", "told Dawn",
])
def test_reporting_verbs(verb):
    m = only(f"The spokesman {verb} on Wednesday.")
    assert m.value == "2024-05-08"
    assert m.reporting is True


def test_event_relative_expressions_need_the_previous_event():
    m = only("Police arrested two suspects three days later.")
    assert m.value is None and m.relative_to_event is True
    assert shift("2024-05-01", "three days later") == "2024-05-04"
    assert shift("2024-05-01", "a week later") == "2024-05-08"
    assert shift("2024-05-01", "the day before") == "2024-04-30"
    assert shift("2024-05", "the same day") == "2024-05"
    assert shift(None, "a week later") is None


def test_offsets_are_shifted():
    text = "Attack on Tuesday."
    m = read_dates(text, PUB, offset=100)[0]
    assert (m.start, m.end) == (100 + text.index("on Tuesday"), 100 + len(text) - 1)


# --- ambiguous numeric dates ---------------------------------------------------------------

MAY_EVENTS = """06.02.2023
Security forces said the raid on May 28 ended a week of clashes that began on May 21.
"""
FEBRUARY_EVENTS = """06.02.2023
Security forces said the raid on February 2 ended a week of clashes that began on January 27.
"""


def test_choose_reading_with_may_events_reads_month_first():
    # day first (6 February) would put the May events after publication
    assert choose_reading(6, 2, 2023, MAY_EVENTS) == dt.date(2023, 6, 2)


def test_choose_reading_with_early_february_events_reads_day_first():
    assert choose_reading(6, 2, 2023, FEBRUARY_EVENTS) == dt.date(2023, 2, 6)


def test_choose_reading_without_evidence_is_day_first():
    assert choose_reading(6, 2, 2023, "06.02.2023\nNo other dates here.") == dt.date(2023, 2, 6)


def test_choose_reading_with_only_one_valid_reading():
    assert choose_reading(13, 2, 2023, "") == dt.date(2023, 2, 13)
    assert choose_reading(2, 13, 2023, "") == dt.date(2023, 2, 13)
    assert choose_reading(6, 6, 2023, "") == dt.date(2023, 6, 6)
    assert choose_reading(31, 31, 2023, "") is None


@pytest.mark.parametrize("text, expected", [(MAY_EVENTS, "2023-06-02"), (FEBRUARY_EVENTS, "2023-02-06")])
def test_extractor_dates_the_article_by_its_own_evidence(extractor, text, expected):
    sheet, _ = extractor(Document(text=text))
    assert sheet["document"]["published"] == expected
