"""HTML page -> Document: trafilatura for the main text and metadata, htmldate as a
date fallback, a crude tag strip of <body> when trafilatura finds nothing."""
from __future__ import annotations

import logging
import re
from datetime import date

from militant_monitor import errors
from militant_monitor.ingest.base import Failure
from militant_monitor.ingest.textutil import (
    clean_text,
    document_language,
    html_to_text,
    inline_text,
    normalise_date,
)
from militant_monitor.model.document import Document

# trafilatura and htmldate log "discarding data" and the like as warnings; without a
# handler Python prints those to stderr. A NullHandler keeps them out of the CLI
# output while an application that configures logging still receives them.
for _name in ("trafilatura", "htmldate"):
    logging.getLogger(_name).addHandler(logging.NullHandler())


def _trafilatura(markup: str):
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            deduplicate=False,
            date_extraction_params={
                # Metadata only (meta tags, <time>, JSON-LD, URL): a date found by
                # searching the article text is too often an event date.
                "extensive_search": False,
                "original_date": True,
                "outputformat": "%Y-%m-%d",
                "max_date": date.today().isoformat(),
            },
        )
    except Exception:  # trafilatura is robust, but a parser bug must not stop a batch
        return None


def _htmldate(markup: str, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        return find_date(markup, original_date=True, extensive_search=True, outputformat="%Y-%m-%d", url=url)
    except Exception:
        return None


def parse_html(markup: str, source: str) -> Document | Failure:
    """One HTML page as a Document (``raw_html`` kept), or a Failure if it has no text."""
    result = _trafilatura(markup)
    text = clean_text(result.text or "") if result is not None else ""
    extra: dict = {}
    if text:
        extra["extracted_by"] = "trafilatura"
    else:
        text = html_to_text(markup, body_only=True)
        extra["extracted_by"] = "tag-strip"
    if not text:
        return Failure(source, errors.NO_TEXT_FOUND, errors.E_NO_TEXT)

    title = author = publisher = url = published = None
    if result is not None:
        title = inline_text(result.title)
        author = inline_text(result.author)
        publisher = inline_text(result.sitename)
        url = (result.url or "").strip() or None
        published = normalise_date(result.date)
        if result.description:
            extra["description"] = inline_text(result.description)
    if published:
        extra["date_source"] = "metadata"
    else:
        published = normalise_date(_htmldate(markup, url))
        if published:
            extra["date_source"] = "htmldate"
    if title is None:
        m = re.search(r"<title\b[^>]*>(.*?)</title\s*>", markup[:200_000], re.IGNORECASE | re.DOTALL)
        if m:
            title = inline_text(m.group(1))

    return Document(
        text=text,
        title=title,
        published=published,
        author=author,
        publisher=publisher,
        url=url,
        language=document_language(text),
        source_path=source,
        raw_html=markup,
        extra=extra,
    )
