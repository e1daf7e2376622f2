"""Value types read from text: numbers, money, dates. Pure functions, no I/O.

These parsers never raise on odd input and never return impossible values
(negative counts, month 13); they return ``None`` instead.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

UNITS = {
    "zero": 0, "one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "dozen": 12, "a dozen": 12, "couple": 2, "a couple": 2,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
          "lakh": 100_000, "lac": 100_000, "crore": 10_000_000, "m": 1_000_000, "mn": 1_000_000,
          "bn": 1_000_000_000, "k": 1000}

NUMBER_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
               r"five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
               r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a dozen|dozen|"
               r"hundred)")
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?|{NUMBER_WORD}(?:\s+(?:hundred|dozen))?)"


def parse_number(text: str | None) -> float | None:
    """'26', '1,500', 'six', 'twenty-one', 'a dozen', '10.5 million' -> number, else None."""
    if not text:
        return None
    s = text.strip().lower().replace("\u2013", "-")
    s = re.sub(r"^(?:at least|more than|over|around|about|nearly|some|up to|almost|roughly)\s+", "", s)
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(million|billion|thousand|lakh|lac|crore|m|mn|bn|k)?", s)
    if m and len(m.group(1)) > 20:
        return None   # no count or sum in reporting has this many digits
    if m:
        try:
            value = float(m.group(1).replace(",", ""))
        except ValueError:
            return None
        if m.group(2):
            value *= SCALES[m.group(2)]
        return value
    total, current = 0.0, 0.0
    words = [w for w in re.split(r"[\s-]+", s) if w and w != "and"]
    if not words:
        return None
    i = 0
    while i < len(words):
        w = words[i]
        if w == "a" and i + 1 < len(words) and words[i + 1] in ("dozen", "couple"):
            i += 1
            w = words[i]
        if w == "dozen" and current > 0:
            current *= 12   # 'two dozen'
        elif w in UNITS:
            current += UNITS[w]
        elif w in TENS:
            current += TENS[w]
        elif w in SCALES and w not in ("m", "k", "mn", "bn"):
            scale = SCALES[w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        i += 1
    value = total + current
    return value if value >= 0 else None


def parse_count(text: str | None) -> int | None:
    """A count of people: a non-negative integer, or None."""
    n = parse_number(text)
    if n is None or n < 0 or n != int(n) or n > 1_000_000:
        return None
    return int(n)


CURRENCY_WORDS = [
    (r"(?:rs\.?|pkr|rupees?)", "PKR"), (r"(?:\$|us\$|usd|dollars?)", "USD"),
    (r"(?:afn|afghanis?)", "AFN"), (r"(?:inr)", "INR"), (r"(?:€|eur|euros?)", "EUR"),
]
_CUR = "|".join(p for p, _ in CURRENCY_WORDS)
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"million|billion|thousand|lakh|lac|crore|mn|bn|m|k"
_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|fifty|a\s+hundred|hundred)(?:\s+and\s+a\s+half)?"
MONEY_RE = re.compile(
    rf"(?P<pre>{_CUR})\s?(?P<a1>{_AMOUNT})(?:\s?(?P<s1>{_SCALE})\b)?"
    rf"|(?P<a2>{_AMOUNT}|{_WORDS}(?=\s+(?:million|billion|thousand|lakh|crore)))(?:\s?(?P<s2>{_SCALE})\b)?\s?(?P<post>{_CUR})(?![a-z])",
    re.I)


def currency_code(word: str) -> str | None:
    w = word.lower()
    for pattern, code in CURRENCY_WORDS:
        if re.fullmatch(pattern, w):
            return code
    return None


def find_money(text: str) -> list[tuple[int, int, float, str]]:
    """Every amount of money in ``text``: (start, end, amount, ISO currency)."""
    out = []
    for m in MONEY_RE.finditer(text):
        cur = currency_code(m.group("pre") or m.group("post") or "")
        raw = (m.group("a1") or m.group("a2") or "")
        half = " and a half" in raw.lower()
        amount = parse_number(raw.lower().replace(" and a half", "") + " " + (m.group("s1") or m.group("s2") or ""))
        if amount is not None and half:
            amount += 0.5 * SCALES.get((m.group("s1") or m.group("s2") or "").lower(), 1)
        if cur and amount is not None and amount > 0:
            out.append((m.start(), m.end(), amount, cur))
    return out


MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}


def valid_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        if not 1900 <= y <= 2100:
            return None
        return dt.date(y, m, d)
    except ValueError:
        return None


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def parse_iso(s: str | None) -> dt.date | None:
    if not s or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return None
    return valid_date(int(s[:4]), int(s[5:7]), int(s[8:10]))
