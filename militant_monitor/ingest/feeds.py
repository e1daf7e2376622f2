"""RSS 2.0 / RSS 1.0 (RDF) / Atom feed files -> one Document per item or entry.

XML is parsed with the standard library's expat, driven by hand so that a
document type declaration (and with it any entity declaration: "billion
laughs", external entities) is refused before anything is expanded.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from typing import NoReturn
from xml.parsers import expat

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

ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
DC = "http://purl.org/dc/elements/1.1/"
RSS1 = "http://purl.org/rss/1.0/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


class XMLRefused(ValueError):
    """The XML declares a DTD or entities; we do not parse those."""


def _qname(name: str) -> str:
    # expat with namespace_separator=" " gives "uri local"; ElementTree spells it "{uri}local"
    uri, sep, local = name.rpartition(" ")
    return f"{{{uri}}}{local}" if sep else name


def parse_xml_safely(text: str) -> ET.Element:
    """Parse XML text into an Element tree, refusing any DTD or entity declaration.

    Raises :class:`XMLRefused` for a DTD, ``expat.ExpatError`` for malformed XML.
    """
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate(encoding="utf-8", namespace_separator=" ")

    def refuse(*_args) -> NoReturn:
        raise XMLRefused(errors.XML_DTD_REFUSED)

    def start(name: str, attrs: dict[str, str]) -> None:
        builder.start(_qname(name), {_qname(k): v for k, v in attrs.items()})

    def end(name: str) -> None:
        builder.end(_qname(name))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.NotationDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = builder.data
    parser.buffer_text = True
    # The text is already decoded; encoding="utf-8" above overrides any declaration.
    parser.Parse(text.encode("utf-8"), True)
    return builder.close()


# ------------------------------------------------------------------ helpers


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _ns(tag: str) -> str:
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def _children(el: ET.Element, local: str, namespaces: tuple[str, ...]) -> list[ET.Element]:
    return [c for c in el if isinstance(c.tag, str) and _local(c.tag) == local and _ns(c.tag) in namespaces]


def _child(el: ET.Element, local: str, namespaces: tuple[str, ...]) -> ET.Element | None:
    found = _children(el, local, namespaces)
    return found[0] if found else None


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    s = "".join(el.itertext()).strip()
    return s or None


def _markup_to_text(markup: str | None) -> tuple[str, str | None]:
    """(text, raw_html): feed content is HTML-escaped HTML as often as not."""
    if not markup or not markup.strip():
        return "", None
    if looks_like_html(markup) or "&" in markup or "<" in markup:
        return html_to_text(markup), markup
    return clean_text(markup), None


def _rss_author(value: str | None) -> str | None:
    """RSS <author> is 'email (Name)' by the spec; keep the name where there is one."""
    if not value:
        return None
    m = re.fullmatch(r"\s*\S+@\S+\s*\((.+)\)\s*", value)
    return inline_text(m.group(1) if m else value)


def _join(names: list[str | None]) -> str | None:
    kept = [n for n in names if n]
    return "; ".join(dict.fromkeys(kept)) or None


# --------------------------------------------------------------------- RSS
_RSS_NS = ("", RSS1)


def _rss_item(item: ET.Element, publisher: str | None, where: str) -> Document | Failure:
    encoded = _text(_child(item, "encoded", (CONTENT,)))
    description = _text(_child(item, "description", _RSS_NS))
    text, raw_html = _markup_to_text(encoded)
    if not text:
        text, raw_html = _markup_to_text(description)
    if not text:
        return Failure(where, errors.FEED_ITEM_NO_TEXT, errors.E_NO_TEXT)

    url = _text(_child(item, "link", _RSS_NS))
    guid = _text(_child(item, "guid", _RSS_NS))
    if not url:
        guid_el = _child(item, "guid", _RSS_NS)
        if guid and guid_el is not None and guid_el.get("isPermaLink", "true") != "false" and guid.startswith("http"):
            url = guid
        elif item.get(f"{{{RDF}}}about", "").startswith("http"):
            url = item.get(f"{{{RDF}}}about")
    published = None
    for el in (
        _child(item, "pubDate", _RSS_NS),
        _child(item, "date", (DC,)),
        _child(item, "published", (ATOM,)),
        _child(item, "updated", (ATOM,)),
    ):
        published = normalise_date(_text(el))
        if published:
            break
    authors = [_rss_author(_text(a)) for a in _children(item, "author", _RSS_NS)]
    authors += [inline_text(_text(a)) for a in _children(item, "creator", (DC,))]
    extra: dict = {}
    if guid:
        extra["guid"] = guid
    categories = [c for c in (inline_text(_text(el)) for el in _children(item, "category", _RSS_NS)) if c]
    if categories:
        extra["categories"] = categories
    if encoded and description:
        summary = html_to_text(description)
        if summary and summary != text:
            extra["description"] = summary
    return Document(
        text=text,
        title=inline_text(_text(_child(item, "title", _RSS_NS))),
        published=published,
        author=_join(authors),
        publisher=publisher,
        url=url,
        language=document_language(text),
        source_path=where,
        raw_html=raw_html,
        extra=extra,
    )


# -------------------------------------------------------------------- Atom
_ATOM_NS = (ATOM, "")  # a few feeds forget the namespace


def _atom_text(el: ET.Element | None) -> tuple[str, str | None]:
    """An atom:content/summary element: type text, html or xhtml."""
    if el is None or el.get("src"):
        return "", None
    kind = (el.get("type") or "text").lower()
    if kind == "xhtml" or kind.endswith("xml"):
        markup = (el.text or "") + "".join(ET.tostring(c, encoding="unicode") for c in el)
        markup = re.sub(r"<(/?)[A-Za-z_][\w.-]*:", r"<\1", markup)  # ns0:div -> div
        return html_to_text(markup), markup
    if kind == "html" or kind == "text/html":
        return _markup_to_text(el.text)
    return clean_text("".join(el.itertext())), None


def _atom_link(entry: ET.Element) -> str | None:
    links = _children(entry, "link", _ATOM_NS)
    for link in links:
        href = link.get("href")
        if link.get("rel", "alternate") == "alternate" and href:
            return href.strip()
    for link in links:
        href = link.get("href")
        if href:
            return href.strip()
    return None


def _atom_entry(entry: ET.Element, publisher: str | None, where: str) -> Document | Failure:
    text, raw_html = _atom_text(_child(entry, "content", _ATOM_NS))
    summary, summary_html = _atom_text(_child(entry, "summary", _ATOM_NS))
    extra: dict = {}
    if not text:
        text, raw_html = summary, summary_html
    elif summary and summary != text:
        extra["description"] = summary
    if not text:
        return Failure(where, errors.FEED_ITEM_NO_TEXT, errors.E_NO_TEXT)
    published = None
    for el in (
        _child(entry, "published", _ATOM_NS),
        _child(entry, "updated", _ATOM_NS),
        _child(entry, "date", (DC,)),
    ):
        published = normalise_date(_text(el))
        if published:
            break
    authors = [inline_text(_text(_child(a, "name", _ATOM_NS))) for a in _children(entry, "author", _ATOM_NS)]
    authors += [inline_text(_text(a)) for a in _children(entry, "creator", (DC,))]
    entry_id = _text(_child(entry, "id", _ATOM_NS))
    if entry_id:
        extra["guid"] = entry_id
    categories = [c.get("term") for c in _children(entry, "category", _ATOM_NS) if c.get("term")]
    if categories:
        extra["categories"] = categories
    return Document(
        text=text,
        title=inline_text(_text(_child(entry, "title", _ATOM_NS))),
        published=published,
        author=_join(authors),
        publisher=publisher,
        url=_atom_link(entry),
        language=document_language(text),
        source_path=where,
        raw_html=raw_html,
        extra=extra,
    )


# -------------------------------------------------------------------- entry


def parse_feed(text: str, path: str) -> Iterator[Document | Failure]:
    """One Document per item/entry (source ``path#N``), or Failures."""
    try:
        root = parse_xml_safely(text)
    except XMLRefused:
        yield Failure(path, errors.XML_DTD_REFUSED, errors.E_XML_DTD)
        return
    except expat.ExpatError as exc:
        yield Failure(path, errors.invalid_xml(exc), errors.E_XML)
        return

    kind = _local(root.tag)
    make: Callable[[ET.Element, str | None, str], Document | Failure]
    if kind == "rss":
        channel = _child(root, "channel", _RSS_NS)
        parent = channel if channel is not None else root
        items = _children(parent, "item", _RSS_NS)
        publisher = inline_text(_text(_child(parent, "title", _RSS_NS)))
        make = _rss_item
    elif kind == "RDF" and _ns(root.tag) == RDF:
        channel = _child(root, "channel", _RSS_NS)
        items = _children(root, "item", _RSS_NS)
        publisher = inline_text(_text(_child(channel, "title", _RSS_NS))) if channel is not None else None
        make = _rss_item
    elif kind == "feed" and _ns(root.tag) in (ATOM, ""):
        items = _children(root, "entry", _ATOM_NS)
        publisher = inline_text(_text(_child(root, "title", _ATOM_NS)))
        make = _atom_entry
    else:
        yield Failure(path, errors.not_a_feed(kind), errors.E_FEED)
        return

    if not items:
        yield Failure(path, errors.FEED_NO_ITEMS, errors.E_FEED)
        return
    for n, item in enumerate(items, start=1):
        yield _one_item(make, item, publisher, f"{path}#{n}")


def _one_item(make, item: ET.Element, publisher: str | None, where: str) -> Document | Failure:
    """One item judged on its own: a reader error in it is its Failure, not the feed's."""
    try:
        return make(item, publisher, where)
    except Exception as exc:  # noqa: BLE001 - reported to the user as a Failure
        return Failure(where, errors.unexpected_error(exc), errors.E_FEED)
