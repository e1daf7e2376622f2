"""The analyst's workspace pages and lists through a real server: event pages with each source's
figures, every list as CSV and JSON, GraphML of a network, warnings for names nobody knows, and no
server file path in any answer."""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_server import LiveServer, build_db  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("workspace"))
    with LiveServer(db, None) as base:
        with httpx.Client(base_url=base, timeout=60) as c:
            yield c


def test_an_event_page_shows_each_sources_figures(client):
    events = client.get("/api/events", params={"per_page": 200}).json()["items"]
    multi = [e for e in events if e["reports"] > 1]
    assert multi, "the corpus tells some event twice"
    e = multi[0]
    page = client.get("/events/" + e["id"])
    assert page.status_code == 200
    rows = re.findall(r'<tr class="report">', page.text)
    assert len(rows) == e["reports"]
    for s in e["sources"]:
        assert f'/documents/{s["doc_id"]}' in page.text
    # a report's own id finds its event too; an unknown id is a 404, not an error
    assert client.get("/events/" + e["members"][-1]).status_code == 200
    assert client.get("/events/event:nowhere:e9").status_code == 404
    # the events table links every row to its page
    table = client.get("/events").text
    assert table.count('href="/events/E-') == min(50, len(events))     # by the event's minted id


def test_every_list_downloads_as_csv_and_json(client):
    for path, name_col in (("/api/people", "name"), ("/api/groups", "name")):
        js = client.get(path, params={"per_page": 200}).json()
        r = client.get(path, params={"format": "csv"})
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert len(rows) == js["total"] > 0
        assert {row[name_col] for row in rows} == {i["name"] for i in js["items"]} or js["total"] > 200
    narrowed = list(csv.DictReader(io.StringIO(client.get("/api/people", params={"format": "csv", "q": "Mehsud"}).text)))
    assert narrowed and all("mehsud" in (r["name"] + r["names"]).lower() for r in narrowed)
    page = client.get("/people").text
    assert 'id="csv-link"' in page and 'id="json-link"' in page
    assert 'id="json-link"' in client.get("/events").text and 'id="csv-link"' in client.get("/groups").text


def test_network_as_graphml(client):
    import networkx as nx
    r = client.get("/api/graph", params={"name": "TTP", "depth": 1, "format": "graphml"})
    assert r.status_code == 200 and "graphml" in r.headers["content-type"]
    g = nx.parse_graphml(r.text)
    js = client.get("/api/graph", params={"name": "TTP", "depth": 1}).json()
    assert g.number_of_nodes() == len(js["nodes"]) and g.number_of_edges() == len(js["edges"])
    assert {d["kind"] for _, d in g.nodes(data=True)} <= {"person", "group", "event", "other"}


def test_unknown_names_in_filters_are_flagged_with_the_closest(client):
    page = client.get("/events", params={"group": "Tehrik-e-Talibn"}).text
    warn = re.search(r'<p class="note warn unknown-name">(.*?)</p>', page, re.S)
    assert warn and "No group known as" in warn.group(1) and "Taliban" in warn.group(1)
    page = client.get("/events", params={"person": "Shamsher"}).text
    assert "No person known as" in page and "group=" not in re.search(r"unknown-name\">(.*?)</p>", page, re.S).group(1)
    assert "unknown-name" not in client.get("/events", params={"group": "TTP"}).text
    assert "unknown-name" not in client.get("/map", params={"place": "Pakistan"}).text
    # the filters offer the known names to complete
    assert re.search(r'<datalist id="dl-groups">.*<option value="[^"]*Taliban', client.get("/events").text, re.S)


def test_no_answer_shows_a_server_path(client):
    docs = client.get("/api/documents", params={"per_page": 200}).json()["items"]
    assert docs and all("source_path" not in d for d in docs)
    one = client.get(f"/api/documents/{docs[0]['id']}").json()
    assert "source_path" not in one and "/" not in one.get("source_file", "")
    for path in ("/documents", f"/documents/{docs[0]['id']}"):
        assert str(Path(__file__).resolve().parents[2]) not in client.get(path).text


def test_head_is_answered_like_get_without_a_body(client):
    for path in ("/", "/events", "/api/events", "/map", "/static/style.css"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 200, path
        assert head.content == b"" and head.headers["content-type"] == get.headers["content-type"]
        assert "content-security-policy" in head.headers
    assert client.head("/no-such-page").status_code == 404


def test_search_has_facets_and_a_document_opened_from_it_highlights_the_words(client):
    page = client.get("/search", params={"q": "Tank"}).text
    facets = re.search(r'<nav class="facets".*?</nav>', page, re.S).group(0)
    counts = dict(re.findall(r'kind=(\w+)"[^>]*>\w+ <span class="count">(\d+)</span>', facets))
    assert int(counts["documents"]) >= 1 and int(counts["events"]) >= 1
    only_events = client.get("/search", params={"q": "Tank", "kind": "events"}).text
    assert 'id="event-results"' in only_events and 'id="document-results"' not in only_events
    rows = re.findall(r'<tr><td><a href="/events/', only_events)
    assert len(rows) == int(counts["events"]) or len(rows) == 50
    link = re.search(r'<a href="(/documents/[^"]+\?q=Tank[^"]*)"', page).group(1).replace("&amp;", "&")
    doc = client.get(link).text
    marks = re.findall(r'<mark class="hit">([^<]*)</mark>', doc)
    assert marks and all(m.lower() == "tank" for m in marks)
    assert f"{len(marks)} match" in doc
    # a phrase is highlighted whole, a prefix by what starts so; markup in the query stays text
    doc_id = link.split("/documents/")[1].split("?")[0]
    pre = client.get(f"/documents/{doc_id}", params={"q": "Tan*"}).text
    assert all(m.lower().startswith("tan") for m in re.findall(r'<mark class="hit">([^<]*)</mark>', pre))
    evil = client.get(f"/documents/{doc_id}", params={"q": '<script>alert(1)</script>'}).text
    assert "<script>alert(1)" not in evil


def test_a_place_page_gathers_its_events_actors_and_people(client):
    events = client.get("/api/events", params={"place": "Tank", "per_page": 200}).json()
    page = client.get("/places/Tank")
    assert page.status_code == 200
    rows = re.findall(r'<tr><td><a href="/events/', page.text)
    assert len(rows) == events["total"] > 0
    killed = sum(e["killed"] or 0 for e in events["items"])
    assert f"{killed} killed" in re.sub(r"\s+", " ", page.text)
    assert 'id="place-actors"' in page.text and 'href="/map?place=Tank"' in page.text
    # the events table, the dashboard and event pages link a place to its page
    assert 'href="/places/' in client.get("/events").text
    unknown = client.get("/places/Nowhereville")
    assert unknown.status_code == 404 and "no event is placed in" in unknown.text


def test_a_place_filter_no_event_is_placed_in_is_warned_with_the_closest_places(client):
    def warned(place: str) -> str | None:
        text = re.sub(r"\s+", " ", client.get("/events", params={"place": place}).text)
        return text if "No event is placed in" in text else None
    assert warned("Tank") is None and warned("tank") is None        # a district, any case
    assert warned("Pakistan") is None and warned("PK") is None      # a country by name or code
    page = warned("Tankk")
    assert page is not None and 'href="/events?place=Tank"' in page
