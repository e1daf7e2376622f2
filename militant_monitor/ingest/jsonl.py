"""JSON Lines (one article object per line) and plain JSON (an object or a list of
objects) -> Documents. A broken line is one Failure naming ``file:LINE``; the
rest of the file is still read."""
from __future__ import annotations

import json
from collections.abc import Iterator

from militant_monitor import errors
from militant_monitor.ingest.base import Failure
from militant_monitor.ingest.textutil import (
    clean_text,
    document_language,
    html_to_text,
    inline_text,
    looks_like_html,
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
_KNOWN = {*TEXT_KEYS, *TITLE_KEYS, *DATE_KEYS, *AUTHOR_KEYS, *PUBLISHER_KEYS, *URL_KEYS, *LANGUAGE_KEYS}


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


def record_to_document(obj: object, source: str) -> Document | Failure:
    """One article object -> Document, or a Failure naming ``source``."""
    if not isinstance(obj, dict):
        return Failure(source, errors.JSONL_NOT_OBJECT, errors.E_JSON)
    raw = _first(obj, TEXT_KEYS)
    if not isinstance(raw, str) or not raw.strip():
        return Failure(source, errors.jsonl_no_text(TEXT_KEYS[:3]), errors.E_NO_TEXT)
    raw_html = None
    if looks_like_html(raw):
        raw_html = raw
        text = html_to_text(raw)
    else:
        text = clean_text(raw)
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


def parse_jsonl(text: str, path: str) -> Iterator[Document | Failure]:
    """One Document or Failure per non-blank line; sources are ``path:LINE`` (1-based)."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, errors.invalid_json(exc.msg, exc.colno), errors.E_JSON)
            continue
        except RecursionError:
            yield Failure(where, errors.invalid_json("nested too deeply"), errors.E_JSON)
            continue
        yield record_to_document(obj, where)


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
