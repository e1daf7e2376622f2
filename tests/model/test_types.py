"""Value parsers (model/types.py) and the date reader: examples and property tests."""
from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from militant_monitor.extract.dates import read_dates
from militant_monitor.model.types import find_money, parse_count, parse_number

PROPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- parse_number / parse_count: examples -----------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("six", 6), ("twelve", 12), ("twenty-one", 21), ("twenty one", 21), ("a dozen", 12),
    ("two hundred", 200), ("three thousand", 3000), ("one hundred and five", 105),
    ("26", 26), ("0", 0), ("1,500", 1500), ("12,345,678", 12_345_678),
    ("10.5 million", 10_500_000), ("2 million", 2_000_000), ("1.5m", 1_500_000), ("3 lakh", 300_000),
    ("1 crore", 10_000_000), ("at least 12", 12), ("more than 20", 20), ("around 40", 40),
    ("  7  ", 7), ("Six", 6),
])
def test_parse_number_examples(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", [None, "", "   ", "abc", "-3", "soldiers", "six soldiers", "1,50", "1.2.3"])
def test_parse_number_refuses_non_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text, expected", [
    ("six", 6), ("1,500", 1500), ("twenty-one", 21), ("a dozen", 12), ("at least 30", 30), ("0", 0),
])
def test_parse_count_examples(text, expected):
    n = parse_count(text)
    assert n == expected and type(n) is int


@pytest.mark.parametrize("text", ["1.5", "10.5 million", "2 million", "-4", "many", "", None])
def test_parse_count_refuses_fractions_huge_and_words(text):
    # a count of people is a whole number no larger than a million
    assert parse_count(text) is None


# --- find_money: examples ----------------------------------------------------------------


def _money(text):
    return [(amount, cur) for _, _, amount, cur in find_money(text)]


@pytest.mark.parametrize("text, expected", [
    ("Rs2 million", [(2_000_000, "PKR")]),
    ("Rs 5 million", [(5_000_000, "PKR")]),
    ("Rs. 10 lakh", [(1_000_000, "PKR")]),
    ("PKR 3,000,000", [(3_000_000, "PKR")]),
    ("$5 million", [(5_000_000, "USD")]),
    ("US$ 7,500", [(7_500, "USD")]),
    ("Rs1.5m", [(1_500_000, "PKR")]),
    ("2.5 million rupees", [(2_500_000, "PKR")]),
    ("AFN 500,000", [(500_000, "AFN")]),
    ("10.5 million rupees (around $37,000)", [(10_500_000, "PKR"), (37_000, "USD")]),
])
def test_find_money_examples(text, expected):
    got = _money(text)
    assert [c for _, c in got] == [c for _, c in expected]
    assert [a for a, _ in got] == pytest.approx([a for a, _ in expected])


def test_find_money_spans_point_at_the_amount():
    text = "The government fixed head money of Rs5 million on him and $10,000 on his aide."
    found = find_money(text)
    assert [text[a:b] for a, b, _, _ in found] == ["Rs5 million", "$10,000"]


@pytest.mark.parametrize("text", ["Rs0", "no money here", "the 1990s", "15 militants", "in 2024", ""])
def test_find_money_ignores_non_money(text):
    assert find_money(text) == []


# --- properties ----------------------------------------------------------------------------

# Arbitrary text, plus text built from the pieces the parsers look for, so that the
# interesting branches are reached far more often than random characters would.
PIECES = st.sampled_from([
    "Rs", "Rs.", "PKR", "$", "US$", "rupees", "dollars", "afghanis", "€", "million", "m", "k", "lakh", "crore",
    "billion", "thousand", "hundred", "a", "dozen", "and", "-", ",", ".", " ", "0", "1", "9", "12", "1,500",
    "10.5", "999,999,999", "six", "twenty", "one", "at least", "more than", "(", ")", "around", "-7",
    "May", "3", "2023", "Monday", "on", "last", "week", "yesterday", "31", "02", "06.02.2023", "2023-02-30",
    "said on", "the same day", "three days later", "in", "19", "20", "/", "Feb.", "Sept", "13.13.2013",
])
SHORT_TEXT = st.text(max_size=200)
BUILT_TEXT = st.lists(PIECES, max_size=25).map("".join) | st.lists(PIECES, max_size=25).map(" ".join)
ANY_TEXT = SHORT_TEXT | BUILT_TEXT


@PROPS
@given(ANY_TEXT)
def test_parse_count_never_raises_and_is_a_non_negative_int(text):
    n = parse_count(text)
    assert n is None or (type(n) is int and n >= 0)


@PROPS
@given(ANY_TEXT)
def test_parse_number_never_raises_or_goes_negative(text):
    n = parse_number(text)
    assert n is None or n >= 0


@PROPS
@given(ANY_TEXT)
def test_find_money_never_raises_and_amounts_are_positive(text):
    for start, end, amount, currency in find_money(text):
        assert 0 <= start < end <= len(text)
        assert amount > 0
        assert re.fullmatch(r"[A-Z]{3}", currency)


DATE_VALUE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")


def _valid_calendar_value(value: str) -> bool:
    if not DATE_VALUE.match(value):
        return False
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return True
    if len(parts) == 2:
        return 1 <= parts[1] <= 12
    try:
        dt.date(*parts)
    except ValueError:
        return False
    return True


@PROPS
@given(ANY_TEXT, st.none() | st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2060, 12, 31)))
def test_read_dates_never_raises_and_values_are_real_dates(text, anchor):
    for m in read_dates(text, anchor):
        assert m.value is None or _valid_calendar_value(m.value), m
        assert 0 <= m.start < m.end <= len(text)


@PROPS
@given(st.integers(0, 40), st.integers(0, 40), st.integers(1890, 2110),
       st.sampled_from([".", "/"]), st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 1, 1)))
def test_read_dates_numeric_dates_are_valid_or_absent(a, b, year, sep, anchor):
    text = f"It happened on {a:02d}{sep}{b:02d}{sep}{year} near the border."
    for m in read_dates(text, anchor):
        assert m.value is None or _valid_calendar_value(m.value), m


# --- known shortcomings ------------------------------------------------------------------------


def test_parse_count_on_an_absurdly_long_number():
    digits = "9" * 400
    assert parse_count(digits) is None
    assert parse_number(digits) is None


def test_find_money_amounts_are_finite():
    for _, _, amount, _ in find_money("a bounty of Rs" + "9" * 400):
        assert math.isfinite(amount)
