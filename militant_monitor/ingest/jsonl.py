"""JSON Lines (one article object per line) and plain JSON (an object or a list of
objects) -> Documents. A broken line is one Failure naming ``file:LINE``; the
rest of the file is still read: a JSON Lines file is even decoded line by line,
so binary bytes (a torn write) or another encoding in one line spoil that line only.

Text fields are plain text, never markup: ``<svg ...>`` in ``text`` is words. A
record says it holds HTML with an ``html`` field or ``"format": "html"``."""
from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

from militant_monitor import errors
from militant_monitor.ingest.base import Failure
from militant_monitor.ingest.textutil import (
    NotText,
    UnknownEncoding,
    clean_text,
    decode_bytes,
    document_language,
    html_to_text,
    inline_text,
    normalise_date,
)
from militant_monitor.model.document import Document

# First non-empty value wins, in this order.
TEXT_KEYS = ("text", "content", "body", "article", "full_text", "maintext", "article_text")
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("published", "date", "published_at", "publish_date", "date_publish", "pubDate", "datePublished", "pub_date")
AUTHOR_KEYS = ("author", "authors", "byline", "creator")
PUBLISHER_KEYS = ("publisher", "source", "site", "sitename", "site_name", "outlet")
URL_KEYS = ("url", "link", "source_url", "uri")
LANGUAGE_KEYS = ("language", "lang")
_KNOWN = {"html", "format", *TEXT_KEYS, *TITLE_KEYS, *DATE_KEYS, *AUTHOR_KEYS, *PUBLISHER_KEYS, *URL_KEYS, *LANGUAGE_KEYS}


def _first(obj: dict, keys: tuple[str, ...]):
    for k in keys:
        v = obj.get(k)
        if v not in (None, "", [], {}):
            return v
    return None


def _name(value) -> str | None:
    """A person or outlet: a string, a {"name": ...} object, or a list of those."""
    if value is None:
        return None
    if isinstance(value, dict):
        return _name(value.get("name") or value.get("title"))
    if isinstance(value, (list, tuple)):
        names = [n for n in (_name(v) for v in value) if n]
        return "; ".join(dict.fromkeys(names)) or None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return inline_text(str(value))
    return None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _bad_unicode(obj, key: str = "") -> str | None:
    """The name of the first field holding a lone surrogate (``"\\ud800"``), or None."""
    if isinstance(obj, str):
        return key or "value" if _SURROGATE.search(obj) else None
    items: Iterable[tuple[Any, Any]]
    if isinstance(obj, dict):
        items = obj.items()
    elif isinstance(obj, list):
        items = ((key, v) for v in obj)
    else:
        return None
    for k, v in items:
        if isinstance(k, str) and _SURROGATE.search(k):
            return "key"
        found = _bad_unicode(v, str(k))
        if found:
            return found
    return None


def _is_html(obj: dict) -> bool:
    """True when the record says its text is HTML: ``"format": "html"`` (or "text/html")."""
    fmt = obj.get("format")
    return isinstance(fmt, str) and fmt.strip().lower() in ("html", "text/html")


def _body(obj: dict) -> tuple[str | None, str | None]:
    """(raw, raw_html) of a record: an ``html`` field, a text field marked HTML, else text."""
    html = obj.get("html")
    if isinstance(html, str) and html.strip():
        return html, html
    raw = _first(obj, TEXT_KEYS)
    if not isinstance(raw, str):
        return None, None
    return raw, (raw if _is_html(obj) else None)


def record_to_document(obj: object, source: str) -> Document | Failure:
    """One article object -> Document, or a Failure naming ``source``."""
    if not isinstance(obj, dict):
        return Failure(source, errors.JSONL_NOT_OBJECT, errors.E_JSON)
    bad = _bad_unicode(obj)
    if bad:
        return Failure(source, errors.lone_surrogate(bad), errors.E_JSON)
    raw, raw_html = _body(obj)
    if not isinstance(raw, str) or not raw.strip():
        return Failure(source, errors.jsonl_no_text(TEXT_KEYS[:3]), errors.E_NO_TEXT)
    text = html_to_text(raw) if raw_html is not None else clean_text(raw)
    if not text:
        return Failure(source, errors.NO_TEXT_FOUND, errors.E_NO_TEXT)
    url = _first(obj, URL_KEYS)
    lang = _first(obj, LANGUAGE_KEYS)
    extra = {k: v for k, v in obj.items() if k not in _KNOWN}
    return Document(
        text=text,
        title=_name(_first(obj, TITLE_KEYS)),
        published=normalise_date(_first(obj, DATE_KEYS)),
        author=_name(_first(obj, AUTHOR_KEYS)),
        publisher=_name(_first(obj, PUBLISHER_KEYS)),
        url=url.strip() if isinstance(url, str) and url.strip() else None,
        language=(lang.strip().lower() if isinstance(lang, str) and lang.strip() else document_language(text)),
        source_path=source,
        raw_html=raw_html,
        extra=extra,
    )


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def _decode_line(raw: bytes, where: str) -> str | Failure:
    """One line of a JSON Lines file as text, or a one-line Failure naming it."""
    if b"\x00" in raw:
        return Failure(where, errors.NUL_IN_LINE, errors.E_BINARY)
    try:
        return decode_bytes(raw)
    except UnknownEncoding:
        return Failure(where, errors.unknown_encoding(), errors.E_UNREADABLE)
    except NotText:
        return Failure(where, errors.BINARY_FILE, errors.E_BINARY)


def parse_jsonl_bytes(data: bytes, path: str) -> Iterator[Document | Failure]:
    """JSON Lines from bytes, each line decoded on its own (a file with a BOM as a whole)."""
    if data.startswith(_BOMS):
        try:
            text = decode_bytes(data)
        except NotText:
            yield Failure(path, errors.BINARY_FILE, errors.E_BINARY)
            return
        yield from parse_jsonl(text, path)
        return
    for lineno, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        line = _decode_line(raw, f"{path}:{lineno}")
        if isinstance(line, Failure):
            yield line
            continue
        yield _parse_line(line, f"{path}:{lineno}")


def _parse_line(line: str, where: str) -> Document | Failure:
    """One JSON Lines record -> Document, or a Failure naming ``where``."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Failure(where, errors.invalid_json(exc.msg, exc.colno), errors.E_JSON)
    except RecursionError:
        return Failure(where, errors.invalid_json("nested too deeply"), errors.E_JSON)
    return record_to_document(obj, where)


def parse_jsonl(text: str, path: str) -> Iterator[Document | Failure]:
    """One Document or Failure per non-blank line; sources are ``path:LINE`` (1-based)."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        yield _parse_line(line, f"{path}:{lineno}")


def parse_json(text: str, path: str) -> Iterator[Document | Failure]:
    """A ``.json`` file: one object, a list of objects, or (if that fails) JSON Lines."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        yield from parse_jsonl(text, path)
        return
    if isinstance(data, list):
        for i, obj in enumerate(data, start=1):
            yield record_to_document(obj, f"{path}#{i}")
    else:
        yield record_to_document(data, path)
