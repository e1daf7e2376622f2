"""Issue 12 on the web: groups go by id. Two different groups whose names fold to one key ('JQB',
an alias of both) are two rows of /groups, a choice (300) by that name, and each page lists only its
own members and events; the dashboard counts them apart. A store whose relations carry names only
(stored before ids) still shows its groups. Invented documents, a real server."""
from __future__ import annotations

import pytest

httpx = pytest.importorskip("httpx")

from groups_support import FIRST, SECOND, SHARED, add_group_doc, add_old_doc  # noqa: E402
from kb_support import TTP, add_doc  # noqa: E402
from live_server import LiveServer  # noqa: E402

from militant_monitor.resolve import decisions, ids, resolve  # noqa: E402
from militant_monitor.serve.cache import Snapshot  # noqa: E402
from militant_monitor.serve.dashboard import dashboard  # noqa: E402
from militant_monitor.store import Store  # noqa: E402


@pytest.fixture(scope="module")
def kb(tmp_path_factory):
    db = tmp_path_factory.mktemp("groupids") / "groups.db"
    store = Store(str(db))
    a, b = add_group_doc(store, *FIRST), add_group_doc(store, *SECOND)
    resolve(store)
    decisions.keep_apart(store, a["group"], b["group"])      # the shared alias made one of them
    out = {"db": db, "a": ids.current_id(store, a["group"]), "b": ids.current_id(store, b["group"]),
           "a_member": a["group"]}
    store.close()
    yield out


def test_two_groups_of_one_key_are_two_rows(client, kb):
    assert kb["a"] != kb["b"] and ids.looks_minted(kb["a"]) and ids.looks_minted(kb["b"])
    items = {g["id"]: g for g in client.get("/api/groups", params={"per_page": 100}).json()["items"]}
    assert set(items) == {kb["a"], kb["b"]}
    assert (items[kb["a"]]["name"], items[kb["a"]]["people"], items[kb["a"]]["events"]) == (FIRST[0], 1, 1)
    assert (items[kb["b"]]["name"], items[kb["b"]]["people"], items[kb["b"]]["events"]) == (SECOND[0], 1, 1)
    page = client.get("/groups").text
    assert f'href="/groups/{kb["a"]}"' in page and f'href="/groups/{kb["b"]}"' in page
    csv = client.get("/api/groups", params={"format": "csv"}).text
    assert csv.splitlines()[0].startswith("id,name") and kb["a"] in csv and kb["b"] in csv


def test_the_shared_name_is_a_choice(client, kb):
    r = client.get(f"/api/groups/{SHARED}")
    assert r.status_code == 300
    cands = {c["id"]: c for c in r.json()["candidates"]}
    assert set(cands) == {kb["a"], kb["b"]}
    assert cands[kb["a"]]["name"] == FIRST[0] and cands[kb["b"]]["name"] == SECOND[0]
    page = client.get(f"/groups/{SHARED}")
    assert page.status_code == 300
    assert f'href="/groups/{kb["a"]}"' in page.text and f'href="/groups/{kb["b"]}"' in page.text


@pytest.mark.parametrize("which,own,other", [("a", FIRST, SECOND), ("b", SECOND, FIRST)])
def test_a_group_lists_only_its_own_members_and_events(client, kb, which, own, other):
    g = client.get(f"/api/groups/{kb[which]}").json()
    assert g["id"] == kb[which] and g["name"] == own[0]
    assert [p["name"] for p in g["leaders"] + g["members"]] == [own[1]]
    assert [e["place"]["name"] for e in g["latest_events"]] == [own[2]] and g["events_total"] == 1
    page = client.get(f"/groups/{kb[which]}").text
    assert own[1] in page and own[2] in page
    assert other[1] not in page and other[2] not in page and other[0] not in page
    assert f'/events?group={kb[which]}' in page


def test_old_urls_by_name_and_member_id_and_a_miss(client, kb):
    assert client.get(f"/api/groups/{FIRST[0]}").json()["id"] == kb["a"]          # a name URL keeps working
    assert client.get(f"/api/groups/{SECOND[0].lower()}").json()["id"] == kb["b"]
    assert client.get(f"/api/groups/{kb['a_member']}").json()["id"] == kb["a"]    # a mention's id
    miss = client.get("/api/groups/Jaish al-Qamar Brigrade")
    assert miss.status_code == 404 and "did you mean" in miss.json()["error"] and FIRST[0] in miss.json()["error"]
    assert client.get("/groups/No Such Front").status_code == 404


def test_the_dashboard_counts_the_two_apart(kb):
    store = Store(str(kb["db"]))
    try:
        snap = Snapshot(store)
        dash = dashboard(snap.days(), groups=snap.groups())
    finally:
        store.close()
    got = {g["name"]: (g["events"], g["killed"], g["href"]) for g in dash["groups"]}
    assert got == {FIRST[0]: (1, FIRST[4], f"/events?group={kb['a']}"),
                   SECOND[0]: (1, SECOND[4], f"/events?group={kb['b']}")}


@pytest.fixture(scope="module")
def old(tmp_path_factory):
    """A store whose relations name groups only (no ``group_id``, no ``perpetrator_ids``)."""
    db = tmp_path_factory.mktemp("oldgroups") / "old.db"
    store = Store(str(db))
    o = add_old_doc(store, "Lashkar-e-Zarkot", "Gul Khan Tolwa", "2023-06-01")
    add_doc(store, "Old invented report on a TTP commander.", "2023-07-01", [("q", "Qadir Mirdani", TTP)])
    resolve(store)
    store.close()
    yield {"db": db, **o}


def test_an_old_store_without_ids_still_shows_its_groups(old):
    with LiveServer(old["db"]) as base, httpx.Client(base_url=base, timeout=60) as c:
        items = {g["name"]: g for g in c.get("/api/groups", params={"per_page": 100}).json()["items"]}
        assert (items["Lashkar-e-Zarkot"]["people"], items["Lashkar-e-Zarkot"]["events"]) == (1, 1)
        ttp_row = next(g for g in items.values() if g["registry"] is not None)     # the registry's spelling
        assert ttp_row["people"] == 1 and TTP in [*ttp_row["names"], *ttp_row["registry"]["aliases"], ttp_row["name"]]
        g = c.get("/api/groups/Lashkar-e-Zarkot").json()
        assert [p["name"] for p in g["leaders"] + g["members"]] == ["Gul Khan Tolwa"]
        assert [e["place"]["name"] for e in g["latest_events"]] == ["Tolwa market"]
        ttp = c.get("/api/groups/TTP").json()
        assert ttp["id"] == ttp_row["id"] and [p["name"] for p in ttp["leaders"] + ttp["members"]] == ["Qadir Mirdani"]
