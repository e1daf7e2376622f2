"""Accessibility: axe-core (from web/package-lock.json, a dev dependency) scans every main page in
Debian's chromium; no serious or critical violation is allowed. axe is injected by the test, so the
page's own CSP (script-src 'self') is bypassed for this context only."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "api"))
from live_server import MMON, LiveServer, build_db  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no /usr/bin/chromium (make test installs Debian's chromium)"),
    pytest.mark.skipif(not MMON.exists(), reason=f"no mmon console script next to {sys.executable}"),
    pytest.mark.skipif(not AXE.exists(), reason="axe-core not installed (make install runs npm ci in web/)"),
]

PAGES = ["/", "/search?q=Tank", "/people", "/groups", "/groups/TTP", "/events", "/map", "/timeline?name=Shamsheer",
         "/graph?name=TTP", "/documents", "/review", "/api", "/places/Tank"]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    db = build_db(tmp_path_factory.mktemp("a11y"))
    with LiveServer(db, None) as url:
        yield url


@pytest.fixture(scope="module")
def context():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        ctx = b.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        yield ctx
        ctx.close()
        b.close()


def serious(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
                 .map(v => v.id + ': ' + v.help + ' (' + v.nodes.length + ') ' +
                           v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    return result


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(context, base, path):
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    assert serious(page) == [], path
    page.close()


def test_a_profile_and_an_event_page_too(context, base):
    page = context.new_page()
    page.goto(base + "/people")
    page.locator("#people-table tbody a").first.click()
    page.wait_for_load_state("networkidle")
    assert serious(page) == [], page.url
    page.goto(base + "/events")
    page.locator("#events-table tbody a").first.click()
    page.wait_for_load_state("networkidle")
    assert serious(page) == [], page.url
    page.close()
