"""Minted ids on the web and in the API, over a real server: a retired id redirects, a name that
fits several people answers with the candidates (300), never a mix. Invented documents."""
from __future__ import annotations

import pytest

httpx = pytest.importorskip("httpx")

from kb_support import LEJ, TTP, add_doc, person_docs  # noqa: E402
from live_server import mmon  # noqa: E402

from militant_monitor.resolve import decisions, ids, resolve  # noqa: E402
from militant_monitor.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    """Two men called Saifullah Tarkani (different groups, places), and a merge that retired an id."""
    db = tmp_path_factory.mktemp("ids") / "ids.db"
    store = Store(str(db))
    for i in range(3):
        add_doc(store, f"First report {i} on the northern commander.", f"2021-0{i + 1}-10",
                [("s", "Saifullah Tarkani", TTP, "commander", "Bajaur")])
    for i in range(2):
        add_doc(store, f"Second report {i} on the southern financier.", f"2023-0{i + 4}-02",
                [("s", "Saifullah Tarkani", LEJ, "financier", "Quetta")])
    a = person_docs(store, 3, "Zarmak Gul Baitani", TTP, "zg")
    b = person_docs(store, 2, "Hamid Shah Orakzai", TTP, "hs")
    g = add_group(store, "Jaish al-Qamar Brigade")
    resolve(store)
    ca, cb = ids.current_id(store, a[0]), ids.current_id(store, b[0])
    decisions.merge(store, ca, cb)
    group = ids.current_id(store, g)
    store.close()
    yield {"db": db, "kept": ca, "retired": cb, "member": b[0], "group": group}


def add_group(store, name: str) -> str:
    """A document naming a group the registry does not know; its entity id."""
    from militant_monitor.model.document import Document
    from militant_monitor.model.statement import Statement
    d = Document(text=f"A statement was issued by {name} on Friday.", published="2022-02-02")
    eid = f"group:{d.id}:g1"
    store.save(d, {"document": {"published": "2022-02-02"}}, [Statement(eid, "group", "name", name, d.id,
                                                                        extractor="test")], "test")
    return eid


def test_api_person_by_retired_id_gives_the_id_in_use(client, kb):
    p = client.get(f"/api/people/{kb['retired']}").json()
    assert p["id"] == kb["kept"] and p["redirected_from"] == kb["retired"]
    assert client.get(f"/api/people/{kb['kept']}").json()["id"] == kb["kept"]
    assert "redirected_from" not in client.get(f"/api/people/{kb['kept']}").json()


def test_web_entity_url_of_a_retired_id_redirects(client, kb):
    for old in (kb["retired"], kb["member"], kb["retired"].lower()):
        r = client.get(f"/people/{old}", follow_redirects=False)
        assert r.status_code == 301 and r.headers["location"] == f"/people/{kb['kept']}"
    page = client.get(f"/people/{kb['retired']}", follow_redirects=True)
    assert page.status_code == 200 and kb["kept"] in page.text


def test_a_group_by_its_minted_id(client, kb):
    assert kb["group"].startswith("G-")
    g = client.get(f"/api/groups/{kb['group']}")
    assert g.status_code == 200 and g.json()["name"] == "Jaish al-Qamar Brigade"


def test_a_name_of_two_people_lists_them_not_a_mix(client):
    r = client.get("/api/people/Saifullah Tarkani")
    assert r.status_code == 300
    cands = r.json()["candidates"]
    assert len(cands) == 2 and all(ids.looks_minted(c["id"]) for c in cands)
    first, second = cands
    assert (first["groups"], first["places"], first["sources"]) == ([TTP], ["Bajaur"], 3)
    assert (second["groups"], second["roles"], second["sources"]) == ([LEJ], ["financier"], 2)
    assert first["first_reported"] == "2021-01-10" and second["last_reported"] == "2023-05-02"
    one = client.get(f"/api/people/{second['id']}").json()
    assert [a["value"]["group"] for a in one["affiliations"]] == [LEJ]
    page = client.get("/people/Saifullah Tarkani")
    assert page.status_code == 300
    assert f'href="/people/{first["id"]}"' in page.text and f'href="/people/{second["id"]}"' in page.text
    tl = client.get("/api/timeline", params={"name": "Saifullah Tarkani"})
    assert tl.status_code == 300 and len(tl.json()["candidates"]) == 2
    tl_page = client.get("/timeline", params={"name": "Saifullah Tarkani"})
    assert tl_page.status_code == 300 and f'/timeline?name={first["id"]}' in tl_page.text


def test_cli_profile_numbered_choices_and_ids(kb):
    r = mmon("profile", "Saifullah Tarkani", db=kb["db"])
    assert r.returncode == 1
    lines = r.stdout.splitlines()
    assert "fits 2 people" in lines[0] and "mmon profile ID" in lines[0]
    assert lines[1].strip().startswith("1. P-") and "Saifullah Tarkani" in lines[1]
    assert TTP in lines[2] and "Bajaur" in lines[2] and "3 source(s)" in lines[2]
    assert lines[3].strip().startswith("2. P-") and LEJ in lines[4] and "2021" not in lines[4]
    pick = lines[3].split()[1]
    one = mmon("profile", pick, db=kb["db"])
    assert one.returncode == 0 and f"id {pick}" in one.stdout and LEJ in one.stdout and TTP not in one.stdout
    old = mmon("profile", kb["retired"], db=kb["db"])
    assert old.returncode == 0 and f"id {kb['kept']}" in old.stdout
    none = mmon("profile", "Saifulla Tarkany", db=kb["db"])
    assert none.returncode == 1 and "did you mean" in none.stderr and "Saifullah Tarkani" in none.stderr
    tl = mmon("timeline", "Saifullah Tarkani", db=kb["db"])
    assert tl.returncode == 1 and "fits 2 people" in tl.stdout


def test_event_and_graph_filters_by_a_name_of_two_people_offer_them(client):
    """Issue 12: the events, graph and their pages go by id: a namesake filter is a choice (300)."""
    r = client.get("/api/events", params={"person": "Saifullah Tarkani"})
    assert r.status_code == 300 and len(r.json()["candidates"]) == 2
    first = r.json()["candidates"][0]["id"]
    assert client.get("/api/events", params={"person": first}).status_code == 200
    page = client.get("/events", params={"person": "Saifullah Tarkani"})
    assert page.status_code == 300 and f"/events?person={first}" in page.text
    assert client.get("/api/graph", params={"name": "Saifullah Tarkani"}).status_code == 300
    g = client.get("/api/graph", params={"name": first})
    assert g.status_code == 200 and first in {n["id"] for n in g.json()["nodes"]}
    assert sum(n["kind"] == "person" for n in g.json()["nodes"]) == 1     # him alone, not his namesake
