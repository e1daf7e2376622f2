"""Small text helpers shared by the ingest readers.

Decoding bytes, telling text from binary, stripping boilerplate lines, a
headline guess, a cheap "is this English" guess, a crude HTML-to-text and
date normalisation. Nothing here touches the file system.
"""
from __future__ import annotations

import codecs
import html as _html
import re
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser

# ------------------------------------------------------------------ decoding


class NotText(ValueError):
    """The bytes are not text (NUL bytes or mostly control bytes)."""


class UnknownEncoding(NotText):
    """Text in a legacy encoding we cannot name (not UTF-8/16/32, cp1252 or cp1256)."""


_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control bytes that do not occur in text (tab, LF, FF, CR, ESC, BS are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (8, 9, 10, 12, 13, 27)) + b"\x7f"
_SNIFF = 8192

_DECLARED_RE = re.compile(
    rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']"""
    rb"""|<meta[^>]{0,300}?charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""",
    re.IGNORECASE,
)


def _control_share(data: bytes) -> float:
    if not data:
        return 0.0
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' if NULs sit in every other byte (ASCII-range UTF-16)."""
    if len(head) < 8:
        return None
    even, odd = head[0::2], head[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul > 0.4 and even_nul < 0.02:
        return "utf-16-le"
    if even_nul > 0.4 and odd_nul < 0.02:
        return "utf-16-be"
    return None


def declared_encoding(head: bytes) -> str | None:
    """The encoding an XML declaration or HTML <meta charset> names, if Python knows it."""
    m = _DECLARED_RE.search(head[:4096])
    if not m:
        return None
    name = (m.group(1) or m.group(2)).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def is_binary_head(head: bytes) -> bool:
    """True if the first bytes of a file show it is not text (no BOM; NULs or control bytes)."""
    if head.startswith(tuple(bom for bom, _ in _BOMS)):
        return False
    if b"\x00" in head:
        return _utf16_without_bom(head) is None
    return _control_share(head) > 0.05


_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that surrogateescape kept undecoded
# Valid UTF-8 characters by the number of continuation bytes they took (1, 2, 3).
_UTF8_WEIGHTS = (
    (re.compile("[\x80-\u07ff]"), 1),
    (re.compile("[\u0800-\ud7ff\ue000-\uffff]"), 2),
    (re.compile("[\U00010000-\U0010ffff]"), 3),
)


def _cp1252(raw: bytes) -> str:
    # cp1252 leaves five bytes undefined; replace those rather than fail.
    return raw.decode("cp1252", errors="replace")


def _decode_utf8_or_cp1252(data: bytes) -> str:
    """Bytes that are not all UTF-8: each line as UTF-8 where it is valid, else as cp1252.

    Files pasted together from several sources mix encodings. A line that is not
    valid UTF-8 is read as cp1252, except that where it also holds valid UTF-8
    characters only its invalid bytes are read as cp1252 ("Café" and "—" in UTF-8
    next to cp1252 quotes) - when other lines of the file are UTF-8 with accents or
    dashes, or when its own valid UTF-8 outweighs its invalid bytes (each valid
    character counting its continuation bytes). A cp1252 file whose letters happen
    to form a valid UTF-8 pair ("«CAFÉ»": "É»" is valid UTF-8) stays cp1252.
    """
    lines = data.split(b"\n")
    decoded: list[str | None] = []
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            decoded.append(None)
    utf8_file = any(d is not None and not d.isascii() for d in decoded)
    out = []
    for line, text in zip(lines, decoded):
        if text is None:
            s = line.decode("utf-8", errors="surrogateescape")
            valid = sum(w * len(rx.findall(s)) for rx, w in _UTF8_WEIGHTS)
            invalid = sum(len(m) for m in _ESCAPED.findall(s))
            if valid and (utf8_file or valid > invalid):
                text = _ESCAPED.sub(lambda m: _cp1252(bytes(ord(c) - 0xDC00 for c in m.group())), s)
            else:
                text = _cp1252(line)
        out.append(text)
    return "\n".join(out)


# A word: a run of letters (ASCII letters or any byte >= 0x80).
_BYTE_WORD = re.compile(rb"[A-Za-z\x80-\xff]+")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _legacy_codec(data: bytes) -> str:
    """The single-byte codec of bytes that are not UTF-8: 'cp1252' (Latin text: its
    high bytes sit in words of ASCII letters) or 'cp1256' (Arabic script - Urdu,
    Pashto, Persian, Arabic - whose words are runs of high bytes).

    Raises :class:`UnknownEncoding` for words of high bytes that are not Arabic script
    in cp1256 (Cyrillic, Greek, CJK...), rather than store them as mojibake.
    """
    s = data.decode("utf-8", errors="surrogateescape")
    valid = sum(w * len(rx.findall(s)) for rx, w in _UTF8_WEIGHTS)
    invalid = sum(len(m) for m in _ESCAPED.findall(s))
    if valid >= invalid:  # mostly UTF-8 with a few stray bytes: per line (mixed files)
        return "cp1252"
    words = _BYTE_WORD.findall(data)
    high = [w for w in words if len(w) >= 2 and min(w) >= 0x80]
    mixed = [w for w in words if max(w) >= 0x80 and min(w) < 0x80]
    if len(high) < 3 or len(high) <= len(mixed):
        return "cp1252"
    if _looks_cp1256(b"".join(high[:2000])):
        return "cp1256"
    raise UnknownEncoding("words of non-Latin bytes in no known encoding")


def _looks_cp1256(letters: bytes) -> bool:
    """True when high bytes read as Arabic script in cp1256: nearly all Arabic letters
    (cp1256 puts French letters among them, which never sit inside an Arabic word) and
    alef (0xC7), the commonest letter of Urdu, Persian and Arabic, frequent - Cyrillic
    in KOI8-R or cp1251 also falls on cp1256's Arabic letters, but not like that."""
    text = letters.decode("cp1256", errors="replace")
    arabic = sum(1 for c in text if _ARABIC.match(c)) / len(text)
    return arabic >= 0.97 and letters.count(0xC7) / len(letters) >= 0.04


def decode_bytes(data: bytes) -> str:
    """Bytes -> str: BOM (UTF-8/16/32), else UTF-8, else a declared charset, else
    Windows-1256 for Arabic-script text, else UTF-8 with cp1252 for the lines (or
    bytes) that are not UTF-8.

    Raises :class:`NotText` for binary data, :class:`UnknownEncoding` for text in an
    encoding it cannot tell. Line ends become ``\\n``.
    """
    text: str | None = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise NotText(str(exc)) from None
            break
    if text is None:
        head = data[:_SNIFF]
        if is_binary_head(head):
            raise NotText("NUL or control bytes")
        if b"\x00" in head:  # UTF-16 without a BOM
            try:
                text = data.decode(_utf16_without_bom(head) or "utf-16-le")
            except UnicodeDecodeError:
                raise NotText("NUL bytes") from None
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                declared = declared_encoding(head)
                if declared and declared not in ("utf-8", "utf-16", "utf-32"):
                    try:
                        text = data.decode(declared)
                    except UnicodeDecodeError:
                        text = None
                if text is None and _legacy_codec(data) == "cp1256":
                    text = data.decode("cp1256", errors="replace")
                if text is None:
                    text = _decode_utf8_or_cp1252(data)
    text = text.lstrip("\ufeff")
    # Decoded text with many control characters is binary after all (e.g. UTF-16 junk).
    sample = text[:_SNIFF]
    if sample and sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f\b\x1b")) / len(sample) > 0.05:
        raise NotText("control characters")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ------------------------------------------------------------- boilerplate
# Whole lines (matched case-insensitively after stripping) that are page chrome,
# not article text. Conservative: only short lines, only well-known phrasings.
_SHARE_WORD = r"(?:share|tweet|email|e-mail|print|pin|whatsapp|facebook|twitter|linkedin|telegram|reddit|copy link)"
_BOILERPLATE_RES = [
    r"skip to (?:the )?(?:main )?(?:content|navigation|menu)",
    r"privacy overview",
    r"(?:this|our) (?:web ?site|site) uses cookies\b.*",
    r"we use cookies\b.*",
    r"by (?:continuing to (?:use|browse)|using) (?:this|our) (?:web ?site|site)\b.*cookies?\b.*",
    r"(?:accept|reject|allow|decline)(?: all)?(?: cookies)?",
    r"(?:cookie|privacy) (?:settings|preferences)",
    r"manage (?:cookie )?consent(?: preferences)?",
    rf"{_SHARE_WORD}(?:[\s|,/\u2022\u00b7]+(?:{_SHARE_WORD}|x))*",
    r"share (?:this|on|via)\b.{0,40}",
    r"(?:click here to |please )?(?:subscribe|sign up)\b.{0,60}\b(?:newsletter|updates|alerts|channel)\b.{0,80}",
    r"subscribe(?: now)?",
    r"follow us on\b.{0,60}",
    r"advertisement|sponsored content",
]
_BOILERPLATE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE_RES), re.IGNORECASE)
_MAX_BOILERPLATE_LINE = 300


def is_boilerplate_line(line: str) -> bool:
    s = line.strip().strip("|\u2022\u00b7-\u2013\u2014 ").strip()
    return bool(s) and len(s) <= _MAX_BOILERPLATE_LINE and _BOILERPLATE.fullmatch(s) is not None


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"), None)
_BAD_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """Normalise line ends and spaces, drop boilerplate lines and extra blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = _BAD_CONTROL.sub("", text.translate(_INVISIBLE)).replace("\u00a0", " ")
    out: list[str] = []
    blank = False
    for line in text.split("\n"):
        line = re.sub(r"[ \t]+", " ", line).strip()
        if not line:
            blank = bool(out)
            continue
        if is_boilerplate_line(line):
            continue
        if blank:
            out.append("")
            blank = False
        out.append(line)
    return "\n".join(out)


# ------------------------------------------------------------------- title

_MD_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*\s*$")


def guess_title(text: str) -> str | None:
    """The first non-empty line, if it reads like a headline (short, no final stop)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if len(lines) < 2:  # a lone line is the text, not its title
        return None
    first = lines[0]
    m = _MD_HEADING.match(first)
    if m:
        first = m.group(1)
    words = first.split()
    if not (2 <= len(words) <= 25) or len(first) > 160:
        return None
    if not re.search(r"[^\W\d_]", first):
        return None
    if first.rstrip("\"'\u201d\u2019)]").endswith((".", ",", ";", ":")):
        return None
    return first


# ---------------------------------------------------------------- language
_EN_STOPWORDS = frozenset(
    """a about after against all also an and are as at be been before but by can could did
    do does during for from had has have he her his how i if in into is it its more most
    no not of on one or our out over said says she so some than that the their them then
    there these they this those to under up was we were what when where which while who
    whom why will with would you""".split()
)
_WORD = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str | None:
    """'en' if the text is clearly English (share of common English words), else None."""
    words = _WORD.findall(text[:20000].lower())
    if len(words) < 8:
        return None
    share = sum(1 for w in words if w in _EN_STOPWORDS) / len(words)
    needed = 0.2 if len(words) >= 30 else 0.25
    return "en" if share >= needed else None


UNDETERMINED = "und"  # ISO 639-2: a language we cannot name, but not English
_LETTER = re.compile(r"[^\W\d_]")


def document_language(text: str) -> str | None:
    """The language to record for a document: 'en' when clearly English; 'und' when
    there is enough text to tell (8 words, or 20 letters of a script without spaces)
    and it is not English; None when too short to say. Never 'en' by default."""
    lang = guess_language(text)
    if lang is not None:
        return lang
    sample = text[:20000]
    if len(_WORD.findall(sample)) >= 8:
        return UNDETERMINED
    if not re.search(r"[A-Za-z]", sample) and len(_LETTER.findall(sample)) >= 20:
        return UNDETERMINED
    return None


# -------------------------------------------------------------------- HTML

_HTML_TAG = re.compile(
    r"<(?:p|div|br|span|a|img|b|i|em|strong|ul|ol|li|h[1-6]|table|tr|td|blockquote|figure|section|article)\b[^>]*>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    return _HTML_TAG.search(text[:20000]) is not None


def looks_like_html_document(head: str) -> bool:
    """A whole HTML page (doctype or <html> first), for content sniffing."""
    s = head.lstrip()[:200].lower()
    s = re.sub(r"^(?:<\?xml[^>]*\?>\s*|<!--.*?-->\s*)+", "", s, flags=re.DOTALL)
    return s.startswith("<!doctype html") or s.startswith("<html")


def looks_like_feed(head: str) -> bool:
    """An XML document (declaration first) or a bare <rss>/<feed>/<rdf:RDF> root."""
    s = head.lstrip()[:2000]
    if s.startswith("<?xml"):
        return True
    s = re.sub(r"^(?:<!--.*?-->\s*|<\?[^>]*\?>\s*)+", "", s, flags=re.DOTALL)
    return bool(re.match(r"<(?:rss|feed|rdf:RDF|!DOCTYPE)\b", s))


_SKIP_TAGS = frozenset(
    "script style noscript template head nav footer header aside form button svg iframe select".split()
)
_BLOCK_TAGS = frozenset(
    """p div br li ul ol h1 h2 h3 h4 h5 h6 tr table section article blockquote pre hr dd dt dl
    figcaption figure main body title address""".split()
)


class _Stripper(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP_TAGS:
            self.skipping[tag] = self.skipping.get(tag, 0) + 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping.get(tag):
            self.skipping[tag] -= 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not any(self.skipping.values()):
            self.parts.append(data)


def html_to_text(markup: str, body_only: bool = False) -> str:
    """Crude HTML -> text: drop scripts, styles and page chrome, keep block breaks."""
    if body_only:
        m = re.search(r"<body\b[^>]*>(.*)(?:</body\s*>|$)", markup, re.IGNORECASE | re.DOTALL)
        if m:
            markup = m.group(1)
    parser = _Stripper()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # html.parser is lenient; this is a last resort
        return clean_text(re.sub(r"<[^>]+>", " ", _html.unescape(markup)))
    return clean_text("".join(parser.parts))


def inline_text(value: str | None) -> str | None:
    """A one-line field (title, author): tags stripped, entities decoded, spaces collapsed."""
    if value is None:
        return None
    if "<" in value and ">" in value:
        value = re.sub(r"<[^>]+>", " ", value)
    value = re.sub(r"\s+", " ", _html.unescape(value)).strip()
    return value or None


# -------------------------------------------------------------------- dates

_ISO_DAY = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s_])")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:$|T)")


def _plausible_year(y: int) -> bool:
    return 1900 <= y <= date.today().year + 1


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    return day.isoformat() if _plausible_year(y) else None


def normalise_date(value: object) -> str | None:
    """A publication date as 'YYYY-MM-DD' ('YYYY-MM' or 'YYYY' where only that is known).

    Accepts ISO 8601 (the date part as written, no time-zone shift), RFC 822
    (RSS), epoch seconds/milliseconds and, as a last resort, dateparser on
    full day-month-year dates. Anything else gives None.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        ts = float(value)
        if ts > 1e11:  # milliseconds
            ts /= 1000
        try:
            day = datetime.fromtimestamp(ts, tz=timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            return None
        return day.isoformat() if _plausible_year(day.year) else None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 100:
        return None
    for rx in (_ISO_DAY, _COMPACT):
        m = rx.match(s)
        if m:
            return _ymd(int(m[1]), int(m[2]), int(m[3]))
    m = _ISO_MONTH.match(s)
    if m:
        y, mo = int(m[1]), int(m[2])
        return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 and _plausible_year(y) else None
    m = _YEAR.match(s)
    if m:
        return s if _plausible_year(int(s)) else None
    try:
        dt = parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is not None:
        return _ymd(dt.year, dt.month, dt.day)
    if not re.search(r"\d", s):
        return None
    try:
        import dateparser  # slow import; only for odd formats

        dt = dateparser.parse(
            s,
            languages=["en"],
            settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
        )
    except Exception:
        dt = None
    return _ymd(dt.year, dt.month, dt.day) if dt else None
