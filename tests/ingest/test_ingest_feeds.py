"""RSS and Atom feeds, and unsafe or broken XML."""
from __future__ import annotations

import time

from militant_monitor.errors import XML_DTD_REFUSED
from militant_monitor.ingest import Failure, read_paths
from militant_monitor.model.document import Document


def test_feeds_rss_items(data_dir):
    path = str(data_dir / "feed.rss")
    first, second, third = list(read_paths([path]))
    assert isinstance(first, Document) and isinstance(second, Document)
    # content:encoded wins over description; HTML and scripts stripped
    assert first.text.startswith("The leadership council of the Valley Front met on Monday")
    assert "no statement was issued" in first.text
    assert "trackVisit" not in first.text and "<" not in first.text
    assert first.title == "Council in Karvan meets after commander\u2019s death"
    assert first.url == "https://ledger.example.org/2023/03/council-meets"
    assert first.published == "2023-03-21"
    assert first.author == "Bilal Noor"
    assert first.publisher == "Frontier Ledger"
    assert first.source_path == f"{path}#1"
    assert first.raw_html is not None and "<p>" in first.raw_html
    # escaped HTML in description
    assert second.text == (
        "Officials said the main road through the northern valley reopened on Wednesday "
        "after a week of closures that followed the clashes."
    )
    assert (second.author, second.published) == ("Sana Iqbal", "2023-03-22")
    # an item with no text is a Failure naming the item
    assert third == Failure(f"{path}#3", "feed item has no text (no content, summary or description)")


def test_feeds_atom_entries(data_dir):
    path = str(data_dir / "feed.atom")
    first, second = list(read_paths([path]))
    assert first.title == "Group confirms new spokesman"
    assert first.text.startswith("The Valley Front confirmed on Monday")
    assert first.url == "https://monitor.example.net/2023/05/spokesman"
    assert first.published == "2023-05-01"  # published wins over updated, date as written
    assert first.author == "Farah Siddiqui"
    assert first.publisher == "Karvan Monitor"
    # xhtml content, no rel on the link, only <updated>
    assert second.text == (
        "A group of tribal elders called for talks between the militants and the provincial "
        "government.\n\nThey said that the fighting had hurt farmers most of all."
    )
    assert second.url == "https://monitor.example.net/2023/05/elders"
    assert second.published == "2023-05-02"


def test_feeds_invalid_xml(write):
    path = write("broken.xml", "<rss><channel><item><title>Unclosed</channel></rss>")
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, Failure)
    assert item.reason.startswith("invalid XML: mismatched tag")


def test_feeds_entity_bomb_refused_quickly(write):
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
        + ']>\n<rss><channel><title>&lol9;</title><item><description>&lol9;</description></item></channel></rss>'
    )
    path = write("bomb.rss", bomb)
    start = time.perf_counter()
    items = list(read_paths([str(path)]))
    assert time.perf_counter() - start < 2
    assert items == [Failure(str(path), XML_DTD_REFUSED)]


def test_feeds_external_entity_refused(write):
    xxe = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<rss><channel><item><description>&x;</description></item></channel></rss>"
    )
    path = write("xxe.xml", xxe)
    assert list(read_paths([str(path)])) == [Failure(str(path), XML_DTD_REFUSED)]


def test_feeds_undefined_entity_is_invalid_not_expanded(write):
    path = write("nbsp.rss", "<rss><channel><item><description>a&nbsp;b</description></item></channel></rss>")
    (item,) = list(read_paths([str(path)]))
    assert isinstance(item, Failure) and item.reason.startswith("invalid XML: undefined entity")


def test_feeds_other_xml_and_empty_feed(write):
    sitemap = write("sitemap.xml", '<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>')
    empty = write("empty.rss", "<rss><channel><title>Nothing yet</title></channel></rss>")
    items = list(read_paths([str(sitemap), str(empty)]))
    assert items == [
        Failure(str(sitemap), "not an RSS or Atom feed (root element <urlset>)"),
        Failure(str(empty), "feed has no items"),
    ]


def test_feeds_declared_encoding_and_sniffing(write):
    xml = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Gazette</title>'
        "<item><title>Caf\u00e9 reopens</title><description>The caf\u00e9 reopened on Friday.</description>"
        "<pubDate>Fri, 03 Mar 2023 09:00:00 +0000</pubDate></item></channel></rss>"
    )
    path = write("feed", xml, encoding="iso-8859-1")  # no extension: sniffed
    (doc,) = list(read_paths([str(path)]))
    assert doc.title == "Caf\u00e9 reopens"
    assert doc.text == "The caf\u00e9 reopened on Friday."
    assert doc.published == "2023-03-03"


def test_feeds_utf16_with_bom(write):
    xml = (
        '<?xml version="1.0" encoding="UTF-16"?><rss><channel><title>Gazette</title>'
        "<item><title>\u00dcber die Lage</title><description>Text \u00fc here.</description></item></channel></rss>"
    )
    (doc,) = list(read_paths([str(write("u16.rss", xml, encoding="utf-16"))]))
    assert (doc.title, doc.text, doc.publisher) == ("\u00dcber die Lage", "Text \u00fc here.", "Gazette")


def test_feeds_rss1_rdf(write):
    rdf = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://x.example/"><title>Old Feed</title></channel>'
        '<item rdf:about="https://x.example/1"><title>Item one</title><link>https://x.example/1</link>'
        "<description>Old style feed item text.</description><dc:date>2021-06-01</dc:date>"
        "<dc:creator>Staff</dc:creator></item></rdf:RDF>"
    )
    (doc,) = list(read_paths([str(write("old.rdf.xml", rdf))]))
    assert (doc.publisher, doc.title, doc.published, doc.author) == ("Old Feed", "Item one", "2021-06-01", "Staff")
