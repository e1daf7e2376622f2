"""The pages in a real browser: Debian's chromium driven by Playwright against a real ``mmon serve``.

Search, open a profile, follow an evidence link, filter events, merge two entities with the
token (and fail without it). A screenshot of each main page goes to tests/browser/screenshots/
for review (not committed). Playwright never downloads a browser here: it drives
/usr/bin/chromium, which ``make test`` installs from Debian.
"""
from __future__ import annotations

import re
import shutil
import sys
import urllib.parse
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from live_server import MMON, LiveServer, build_db  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"
TOKEN = "browser-token-8d2e61c0"
EXPECTED = re.compile(r"Failed to load resource: the server responded with a status of 40[13]")
ATTACKS = {"suicide bombing", "bombing", "armed assault", "targeted killing", "kidnapping", "attack"}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (make test installs Debian's chromium)"),
    pytest.mark.skipif(not MMON.exists(), reason=f"no mmon console script next to {sys.executable}"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_db(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def base(db):
    with LiveServer(db, TOKEN) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.set_default_timeout(15_000)
    problems = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" and not EXPECTED.search(m.text) else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    yield pg
    ctx.close()
    # a CSP violation (our own stylesheet blocked, say) shows here as a console error
    assert not problems, problems


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_search_open_profile_follow_evidence(page, base):
    page.goto(base + "/")
    shot(page, "home")
    page.goto(base + "/search")
    page.fill("#search-form input[name=q]", "Shamsheer")
    page.press("#search-form input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Shamsheer"))
    person = page.locator("#people-results a.person", has_text="Rahmatullah Mehsud")
    assert person.count() == 1
    assert page.locator("#document-results li").count() >= 3
    shot(page, "search")

    person.click()
    page.wait_for_url(re.compile(r"/people/P-"))     # the minted id
    assert "Rahmatullah Mehsud" in page.locator("h1").inner_text()
    lines = page.locator("#brief li.line")
    assert lines.count() >= 8
    for i in range(lines.count()):      # every line of the brief has its evidence links
        assert lines.nth(i).locator("a.ref").count() >= 1
    shot(page, "profile")

    link = page.locator("#brief section.sec li.line a.ref:not(.nospan)").first
    href = link.get_attribute("href")
    assert "start=" in href and "end=" in href
    link.click()
    page.wait_for_url(re.compile(r"/documents/doc-"))
    mark = page.locator("mark#evidence")
    assert mark.is_visible()
    q = urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)
    start, end = int(q["start"][0]), int(q["end"][0])
    doc_id = urllib.parse.urlparse(page.url).path.rsplit("/", 1)[1]
    text = page.request.get(f"{base}/api/documents/{doc_id}").json()["text"]
    assert mark.inner_text().strip() == text[start:end].strip() != ""
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") != "rgba(0, 0, 0, 0)"
    shot(page, "document-evidence")


def test_filter_events_and_download_csv(page, base):
    page.goto(base + "/events")
    all_rows = page.locator("#events-table tr.event").count()
    assert all_rows > 10
    shot(page, "events")
    page.select_option("#event-filters select[name=type]", "attack")
    page.fill("#event-filters input[name=place]", "Khyber Pakhtunkhwa")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url(re.compile(r"type=attack"))
    rows = page.locator("#events-table tr.event")
    n = rows.count()
    assert 0 < n < all_rows
    assert int(page.locator("#event-count").inner_text().replace(",", "")) == n
    types = {t.strip() for t in page.locator("#events-table td.etype").all_inner_texts()}
    assert types <= ATTACKS, types
    for where in page.locator("#events-table tr.event td:nth-child(3)").all_inner_texts():
        assert "Khyber Pakhtunkhwa" in where
    shot(page, "events-filtered")
    with page.expect_download() as dl:
        page.click("#csv-link")
    csv_text = Path(dl.value.path()).read_text(encoding="utf-8")
    assert csv_text.splitlines()[0].startswith("id,date,type")
    assert len(csv_text.strip().splitlines()) == n + 1


def _two_people(page, base):
    items = page.request.get(f"{base}/api/people?per_page=200").json()["items"]
    fewest = sorted(items, key=lambda p: (len(p["members"]), p["id"]))
    return fewest[0], fewest[1]


def test_merge_two_entities_needs_the_token(page, base):
    a, b = _two_people(page, base)

    def canonical(p):
        return page.request.get(f"{base}/api/people/{urllib.parse.quote(p['id'], safe='')}").json()["id"]
    assert canonical(a) != canonical(b)

    page.goto(base + "/review")
    shot(page, "review")
    page.check(f'#review-table tr[data-id="{a["id"]}"] input[name=a]')
    page.check(f'#review-table tr[data-id="{b["id"]}"] input[name=b]')
    with page.expect_response(lambda r: r.url.endswith("/review/merge")) as resp:
        page.click("#merge-button")
    assert resp.value.status == 401
    assert "token" in page.locator("#failure").inner_text()
    assert canonical(a) != canonical(b)
    shot(page, "review-refused")

    page.check(f'#review-table tr[data-id="{a["id"]}"] input[name=a]')
    page.check(f'#review-table tr[data-id="{b["id"]}"] input[name=b]')
    page.fill("#merge-form input[name=token]", TOKEN)
    page.fill("#merge-form input[name=note]", "same man (browser test)")
    with page.expect_response(lambda r: r.url.endswith("/review/merge")) as resp:
        page.click("#merge-button")
    assert resp.value.status == 303          # a write redirects (POST, then GET): a reload never repeats it
    page.wait_for_url(re.compile(r"/review\?.*done="))
    assert "judgement" in page.locator("#result").inner_text()
    page.reload()
    assert page.locator("#result").count() == 0   # the message is shown once
    assert canonical(a) == canonical(b)
    assert "same man (browser test)" in page.locator("#judgements").inner_text()
    shot(page, "review-merged")


@pytest.mark.parametrize("name,path,selector", [
    ("people", "/people", "#people-table tbody tr"),
    ("groups", "/groups", "#groups-table tbody tr"),
    ("group", "/groups/TTP", "#leaders li.line"),
    ("timeline", "/timeline?name=Shamsheer", "#timeline li"),
    ("network", "/graph?name=Tehreek-i-Taliban%20Pakistan&depth=1", "#cy canvas, #network circle"),
    ("map", "/map", "#leaflet-map path.country, #map .pt circle"),
    ("documents", "/documents", "#documents-table tbody tr"),
    ("api", "/api", "table.grid tbody tr"),
])
def test_main_pages_render(page, base, name, path, selector):
    page.goto(base + path)
    page.wait_for_selector(selector.split(", ")[0] if VENDOR.exists() else selector.split(", ")[-1], state="attached")
    assert page.locator(selector).count() >= 1, name
    shot(page, name)


VENDOR = Path(__file__).resolve().parents[2] / "militant_monitor" / "serve" / "static" / "vendor"
needs_vendor = pytest.mark.skipif(not (VENDOR / "leaflet" / "leaflet.js").exists(),
                                  reason="browser libraries not installed (make install runs npm ci in web/)")


@needs_vendor
def test_dashboard_charts_groups_places_and_latest(page, base):
    page.goto(base + "/")
    page.wait_for_selector("#chart-events[data-series]")
    assert int(page.get_attribute("#chart-events", "data-series")) >= 2
    assert int(page.get_attribute("#chart-killed", "data-series")) >= 1
    groups = page.locator("#active-groups tbody tr")
    assert groups.count() >= 2
    names = page.locator("#active-groups tbody td:first-child").all_inner_texts()
    assert not any(n.strip() in ("Rahmatullah Mehsud", "None", "") for n in names), names   # groups, not men
    shot(page, "dashboard")
    first = page.locator("#latest-events tbody a").first
    first.click()
    page.wait_for_url(re.compile(r"/events/(event|E-)"))
    assert page.locator("#event-sources tr.report").count() >= 1
    # a period narrows every figure
    page.goto(base + "/?since=2024-01&until=2024-06")
    total_period = int(page.locator("#dash-summary").inner_text().split()[0].replace(",", ""))
    page.goto(base + "/")
    total_all = int(page.locator("#dash-summary").inner_text().split()[0].replace(",", ""))
    assert 0 < total_period < total_all


@needs_vendor
def test_map_draws_borders_clusters_and_keeps_filters(page, base):
    page.goto(base + "/map?type=clash")
    page.wait_for_selector("#leaflet-map[data-borders]")
    assert int(page.get_attribute("#leaflet-map", "data-borders")) > 100        # Natural Earth's countries
    assert page.locator("#leaflet-map path.country").count() > 100
    markers = int(page.get_attribute("#leaflet-map", "data-markers"))
    assert markers >= 1
    assert page.locator("#leaflet-map .mmon-cluster, #leaflet-map path.event-marker").count() >= 1
    assert "None" not in page.locator("#map-places").inner_text()
    shot(page, "map")
    place_links = page.locator("#map-places a")
    assert all("type=clash" in (place_links.nth(i).get_attribute("href") or "") for i in range(place_links.count()))
    marker = page.locator("#leaflet-map path.event-marker").first
    if marker.count() == 0:       # every marker sits in a group: open the first group
        page.locator("#leaflet-map .mmon-cluster").first.click()
        page.wait_for_timeout(800)
        marker = page.locator("#leaflet-map path.event-marker").first
    marker.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "killed" in popup.inner_text()
    assert "type=clash" in popup.locator("a").first.get_attribute("href")
    popup.locator("li a").first.click()
    page.wait_for_url(re.compile(r"/events/(event|E-)"))


@needs_vendor
def test_network_filters_expands_and_downloads(page, base):
    page.goto(base + "/graph?name=TTP&depth=2&limit=all")
    page.wait_for_selector("#cy[data-visible]", timeout=60_000)   # the layout runs in the page: slow when loaded
    nodes = int(page.get_attribute("#cy", "data-nodes"))
    assert nodes >= 5
    # every person, group and event opens its page
    unlinked = page.evaluate("() => mmonNetwork.nodes().filter(n => n.data('kind') !== 'other' && !n.data('href'))"
                             ".map(n => n.id())")
    assert unlinked == [], unlinked
    page.locator("#net-filters input.kind[value=event]").uncheck()
    page.wait_for_timeout(200)
    without_events = int(page.get_attribute("#cy", "data-visible"))
    assert without_events < nodes
    page.locator("#net-filters input.kind[value=event]").check()
    # a relation unticked hides its links
    shown_edges = "() => mmonNetwork.edges().not('.hidden').length"
    edges = page.evaluate(shown_edges)
    relation = page.locator("#net-filters input.relation").first
    rel = relation.get_attribute("value")
    with_rel = page.evaluate("r => mmonNetwork.edges().filter(e => e.data('relation') === r).length", rel)
    relation.uncheck()
    page.wait_for_timeout(200)
    assert page.evaluate(shown_edges) == edges - with_rel and with_rel > 0
    relation.check()
    # an event node is unlabelled until the pointer is on it
    event = page.evaluate("() => { const n = mmonNetwork.nodes('[kind = \"event\"]').first();"
                          " return n.empty() ? null : n.id(); }")
    assert event is not None
    label = "id => mmonNetwork.getElementById(id).style('label')"
    assert page.evaluate(label, event) == ""
    page.evaluate("id => { mmonNetwork.getElementById(id).emit('mouseover'); }", event)
    assert page.evaluate(label, event) == page.evaluate("id => mmonNetwork.getElementById(id).data('label')", event) != ""
    page.evaluate("id => { mmonNetwork.getElementById(id).emit('mouseout'); }", event)
    # the wheel zooms
    zoom = page.evaluate("() => mmonNetwork.zoom()")
    box = page.locator("#cy").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_function(f"() => mmonNetwork.zoom() > {zoom}")
    shot(page, "network")
    with page.expect_download() as dl:
        page.click("#graphml")
    import networkx as nx
    g = nx.read_graphml(dl.value.path())
    assert g.number_of_nodes() == nodes
    with page.expect_download() as dl:          # a picture of what is on screen
        page.click("#png")
    assert dl.value.suggested_filename == "network.png"
    picture = Path(dl.value.path()).read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) > 2000
    # a cut network says so and offers more
    page.goto(base + "/graph?name=TTP&depth=2&limit=10")
    summary = page.locator("#net-summary").inner_text()
    assert "10 of " in summary and "left out" in summary
    assert page.locator("#net-summary a", has_text="show all").count() == 1
    # double-click a group: its links join the picture (the event is emitted on the node, so the
    # test does not depend on how fast a loaded machine delivers two clicks); the group chosen is one
    # whose own network holds nodes the page does not show yet
    page.goto(base + "/graph?name=TTP&depth=1")
    page.wait_for_selector("#cy[data-visible]", timeout=60_000)
    shown = set(page.evaluate("() => mmonNetwork.nodes().map(n => n.id())"))
    groups = page.evaluate("() => mmonNetwork.nodes('[kind = \"group\"]').filter(n => !n.data('start')).map(n => [n.id(), n.data('label')])")
    pick = None
    for node_id, label in groups:
        theirs = page.request.get(f"{base}/api/graph?depth=1&name={urllib.parse.quote(label)}")
        if theirs.ok and {n["id"] for n in theirs.json()["nodes"]} - shown:
            pick = node_id
            break
    if pick is not None:
        before = len(shown)
        page.evaluate("id => mmonNetwork.getElementById(id).emit('dbltap')", pick)
        page.wait_for_function(f"() => Number(document.getElementById('cy').dataset.nodes) > {before}", timeout=30_000)
        # the nodes it brought open their pages like the others
        added = page.evaluate("ids => mmonNetwork.nodes().filter(n => !ids.includes(n.id()) && n.data('kind') !== 'other')"
                              ".map(n => [n.data('kind'), n.data('href')])", sorted(shown))
        pages = {"person": ("/people/",), "group": ("/groups/",), "event": ("/events/E-", "/documents/")}
        assert added and all(href.startswith(pages[kind]) for kind, href in added), added


def test_tables_sort_by_a_column(page, base):
    page.goto(base + "/events")
    header = page.locator("#events-table thead th", has_text="killed")
    header.click()
    cells = page.locator("#events-table tbody td:nth-child(4)").all_inner_texts()
    nums = [int(c) for c in cells if c.strip().isdigit()]
    assert nums == sorted(nums) and len(nums) >= 3
    header.click()
    cells = page.locator("#events-table tbody td:nth-child(4)").all_inner_texts()
    nums = [int(c) for c in cells if c.strip().isdigit()]
    assert nums == sorted(nums, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"


def test_upload_is_accepted_at_once_and_shows_progress(page, base):
    page.goto(base + "/review")
    page.fill("#upload-form input[name=token]", TOKEN)
    page.set_input_files("#upload-form input[type=file]", files=[{
        "name": "notice.txt", "mimeType": "text/plain",
        "buffer": b"Gunmen shot dead a shopkeeper in Zhob town on Sunday evening, police said. No group claimed it.\n"}])
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/review\?.*job="))
    assert page.locator("#job").count() == 1
    for _ in range(120):   # the page refreshes itself while the job runs; read it until the job ends
        if page.locator("#job").get_attribute("data-state") in ("done", "failed"):
            break
        page.wait_for_timeout(500)
        page.goto(page.url)
    assert page.locator("#job").get_attribute("data-state") == "done", page.locator("#job").inner_text()
    assert "stored 1" in page.locator("#job").inner_text()


# Places whose province is known, each far enough from the others that a marker seldom covers all of
# them: (lat, lon, the name the province line must give on hover). Miranshah lies in the former
# tribal areas (Khyber Pakhtunkhwa since 2018); Nili in Daykundi, which Natural Earth calls Uruzgan.
PROVINCE_PROBES = [
    (27.6, 65.3, "Balochistan, Pakistan"),
    (33.0, 70.07, "Khyber Pakhtunkhwa, Pakistan"),
    (33.72, 66.13, "Daykundi, Afghanistan"),
    (31.6, 64.4, "Helmand, Afghanistan"),
    (26.5, 68.5, "Sindh, Pakistan"),
    (30.0, 73.0, "Punjab, Pakistan"),
    (26.5, 73.5, "Rajasthan, India"),
    (34.3, 64.9, "Ghor, Afghanistan"),               # Natural Earth: Ghōr; the gazetteer's spelling wins
    (34.3, 68.4, "Wardak, Afghanistan"),             # Natural Earth: Maidan Wardak
]


def _hover_province(page, lat, lon):
    """Move the pointer over (lat, lon); the province tooltip's text, or None where a marker covers it."""
    page.mouse.move(1, 1)                   # off the map: the last province's name closes
    page.locator(".leaflet-tooltip.province-name").wait_for(state="detached")
    page.evaluate("ll => { mmonMap.setView(ll, 6, {animate: false}); }", [lat, lon])
    page.wait_for_timeout(300)
    x, y = page.evaluate("ll => { const p = mmonMap.latLngToContainerPoint(ll);"
                         " const r = document.getElementById('leaflet-map').getBoundingClientRect();"
                         " return [r.left + p.x, r.top + p.y]; }", [lat, lon])
    top = page.evaluate("([x, y]) => document.elementFromPoint(x, y).getAttribute('class') || ''", [x, y])
    if "province-area" not in top:
        return None
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tip = page.locator(".leaflet-tooltip.province-name")
    tip.wait_for()
    return tip.inner_text().strip()


@needs_vendor
def test_map_draws_province_lines_under_the_markers_named_on_hover(page, base):
    if not (VENDOR / "provinces" / "provinces.json").exists():
        pytest.skip("no provinces.json (make install runs web/vendor.mjs)")
    page.goto(base + "/map")
    page.wait_for_selector("#leaflet-map[data-provinces]")
    page.wait_for_selector("#leaflet-map[data-borders]")
    n = int(page.get_attribute("#leaflet-map", "data-provinces"))
    assert n >= 7 + 34, n                                    # Pakistan's 7 units and Afghanistan's 34 at least
    assert page.locator("#leaflet-map path.province-area").count() == n     # one area to hover per province
    # the lines between them are thin: narrower than a country border; the areas are not painted
    width = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('path.province')).strokeWidth)")
    border = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('path.country')).strokeWidth)")
    assert 0 < width < border
    assert page.evaluate("() => getComputedStyle(document.querySelector('path.province-area')).fillOpacity") == "0"
    shot(page, "map-provinces")

    # a marker lies over the lines: at its centre the pointer finds the marker (or its group)
    marker = page.locator("#leaflet-map path.event-marker, #leaflet-map .mmon-cluster").first
    box = marker.bounding_box()
    on_top = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y);"
                           " return (e.getAttribute('class') || '') + ' ' + (e.closest('.mmon-cluster') ? 'mmon-cluster' : ''); }",
                           [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2])
    assert "event-marker" in on_top or "mmon-cluster" in on_top, on_top

    named = {}
    for lat, lon, expected in PROVINCE_PROBES:
        got = _hover_province(page, lat, lon)
        if got is not None:
            named[expected] = got
    assert len(named) >= 4, named
    assert all(got == expected for expected, got in named.items()), named
    shot(page, "map-province-hover")


@needs_vendor
def test_map_keeps_its_markers_without_the_province_file(browser, base):
    """A server whose province file is missing (an older `make install`) still draws borders and markers."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    problems = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" and "404" not in m.text else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.route("**/static/vendor/provinces/provinces.json", lambda route: route.fulfill(status=404, body="gone"))
    try:
        pg.goto(base + "/map?type=clash")
        pg.wait_for_selector("#leaflet-map[data-provinces]")
        pg.wait_for_selector("#leaflet-map[data-borders]")
        assert pg.get_attribute("#leaflet-map", "data-provinces") == "0"
        assert pg.locator("#leaflet-map path.province, #leaflet-map path.province-area").count() == 0
        assert int(pg.get_attribute("#leaflet-map", "data-borders")) > 100
        assert pg.locator("#leaflet-map .mmon-cluster, #leaflet-map path.event-marker").count() >= 1
    finally:
        ctx.close()
    assert not problems, problems


def test_map_without_the_libraries_draws_a_chart_whose_links_keep_the_filters(page, db, tmp_path, monkeypatch):
    """A copy of the package with no static/vendor (no `npm ci` run): the map page says so and draws its
    own SVG chart, and every place on it opens the events there under the page's filters."""
    package = Path(__file__).resolve().parents[2] / "militant_monitor"
    shutil.copytree(package, tmp_path / "militant_monitor",
                    ignore=shutil.ignore_patterns("vendor", "__pycache__"))
    assert not (tmp_path / "militant_monitor" / "serve" / "static" / "vendor").exists()
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    with LiveServer(db, None) as url:
        page.goto(url + "/map?type=clash")
        assert "not installed" in page.locator("p.note.warn").inner_text()
        assert page.locator("#leaflet-map").count() == 0
        points = page.locator("#map a.pt")
        assert points.count() >= 1
        hrefs = [points.nth(i).get_attribute("href") or "" for i in range(points.count())]
        assert all(h.startswith("/events?place=") and "type=clash" in h for h in hrefs), hrefs
        # bearings: the degree grid and the province centres of the gazetteer, named
        assert page.locator("#map line.grid").count() >= 10
        assert "Khyber Pakhtunkhwa" in page.locator("#map g.province text").all_text_contents()
        shot(page, "map-without-libraries")
        points.first.click()
        page.wait_for_url(re.compile(r"/events\?place=.*type=clash"))
        assert page.locator("#events-table tr.event").count() >= 1


@needs_vendor
def test_the_province_file_names_provinces_as_the_gazetteer_does():
    """Every province of Pakistan and Afghanistan in the shipped file is one the gazetteer knows, by its
    gazetteer name, once; the file stays small."""
    path = VENDOR / "provinces" / "provinces.json"
    if not path.exists():
        pytest.skip("no provinces.json (make install runs web/vendor.mjs)")
    import json

    from militant_monitor import data
    assert path.stat().st_size < 1024 * 1024
    topo = json.loads(path.read_text(encoding="utf-8"))
    shapes = [g["properties"] for g in topo["objects"]["provinces"]["geometries"]]
    known = {(p.country, p.name) for p in data.places() if p.kind == "province"}
    for code, country, count in (("PK", "Pakistan", 7), ("AF", "Afghanistan", 34)):
        names = [s["name"] for s in shapes if s["country"] == country]
        assert len(names) == len(set(names)) == count, names
        assert {(code, n) for n in names} <= known, sorted({(code, n) for n in names} - known)
