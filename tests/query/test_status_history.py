"""A person's status as a history: every transition dated and sourced, in order; contradicting
claims marked disputed with their sources; hedged ones 'reportedly'. Invented documents, stored
through the real store (no extractor), over a real SQLite file."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "resolve"))
from kb_support import TTP  # noqa: E402

from militant_monitor.model.document import Document  # noqa: E402
from militant_monitor.model.statement import Statement  # noqa: E402
from militant_monitor.query.profile import profile, render_brief  # noqa: E402
from militant_monitor.resolve import resolve  # noqa: E402
from militant_monitor.store import Store  # noqa: E402

NAME = "Darvesh Khan Zarkani"


def report(store: Store, text: str, published: str, facts: list[tuple]) -> str:
    """A document about Zarkani; ``facts``: (prop, value, evidence words or None, hedged)."""
    d = Document(text=text, published=published, title=text[:30])
    eid = f"person:{d.id}:dkz"
    sts = [Statement(eid, "person", "name", NAME, d.id, extractor="test"),
           Statement(eid, "person", "affiliation", {"group": TTP, "relation": "commander"}, d.id, extractor="test")]
    for prop, value, words, hedged in facts:
        start = text.index(words) if words else None
        sts.append(Statement(eid, "person", prop, value, d.id, start=start,
                             end=start + len(words) if words else None, extractor="test",
                             qualifier="hedged" if hedged else None, rule="test"))
    store.save(d, {"document": {"published": published}}, sts, "test")
    return d.id


@pytest.fixture()
def store(tmp_path):
    s = Store(str(tmp_path / "status.db"))
    yield s
    s.close()


def fate(state, date=None, place=None, by=None):
    return {"state": state, "date": date, "place": place, "by": by}


def test_status_history_lists_every_transition_in_order_with_sources(store):
    report(store, "Posters say Zarkani is wanted in Khyber.", "2019-03-01", [("wanted_in", "Khyber", None, False)])
    report(store, "A reward of USD 50,000 was set on Zarkani.", "2019-06-01",
           [("bounty", {"amount": 50000, "currency": "USD", "usd": 50000}, None, False)])
    report(store, "The reward on Zarkani went up to USD 200,000.", "2020-02-01",
           [("bounty", {"amount": 200000, "currency": "USD", "usd": 200000}, None, False)])
    report(store, "Police held Zarkani in Mardan on 2020-05-04.", "2020-05-05",
           [("status", fate("arrested", "2020-05-04", "Mardan", "police"), "Police held Zarkani", False)])
    report(store, "A court let Zarkani go on 2021-01-10.", "2021-01-11",
           [("status", fate("released", "2021-01-10"), "A court let Zarkani go", False)])
    report(store, "Officials confirmed that Zarkani died in a raid in Tirah on 2022-08-02.", "2022-08-03",
           [("status", fate("killed", "2022-08-02", "Tirah"), "Officials confirmed that Zarkani died", False)])
    resolve(store)
    p = profile(store, NAME)
    h = p["status_history"]
    assert [e["transition"] for e in h] == ["wanted", "bounty set", "bounty raised", "arrested", "released",
                                            "death confirmed"]
    assert [e["date"] for e in h] == ["2019-03-01", "2019-06-01", "2020-02-01", "2020-05-04", "2021-01-10", "2022-08-02"]
    assert [e["dated"] for e in h][:3] == ["report"] * 3 and h[3]["dated"] == "event"
    assert all(len(e["sources"]) == 1 for e in h) and len({e["sources"][0] for e in h}) == 6
    assert not any(e["disputed"] for e in h)
    brief = render_brief(p)
    assert "Status history (oldest first)" in brief
    assert "2020-05-04: arrested at Mardan by police" in brief
    assert "reported 2020-02-01: bounty raised USD 200,000" in brief
    assert "DISPUTED" not in brief


def test_status_history_marks_contradicting_claims_disputed(store):
    report(store, "Zarkani was killed in a strike in Tirah on 2021-04-02, officials said.", "2021-04-03",
           [("status", fate("killed", "2021-04-02", "Tirah"), "Zarkani was killed", False)])
    report(store, "Zarkani is believed to have died in Kunar on 2022-09-09.", "2022-09-10",
           [("status", fate("killed", "2022-09-09", "Kunar"), "Zarkani is believed to have died", True)])
    report(store, "Rangers arrested Zarkani in Swat on 2023-01-15.", "2023-01-16",
           [("status", fate("arrested", "2023-01-15", "Swat"), "Rangers arrested Zarkani", False)])
    resolve(store)
    p = profile(store, NAME)
    h = p["status_history"]
    assert [e["transition"] for e in h] == ["reported killed", "reported killed", "arrested"]
    first, second, arrest = h
    assert "death also reported on 2022-09-09" in first["disputed"] and "at Kunar" in first["disputed"]
    assert "death also reported on 2021-04-02" in second["disputed"]
    assert "reported after a reported death (2021-04-02)" in arrest["disputed"]
    assert second["hedged"] and not first["hedged"]
    assert first["sources"] != second["sources"] != arrest["sources"]
    brief = render_brief(p)
    assert "2022-09-09: reportedly killed at Kunar - DISPUTED" in brief
    assert "2021-04-02: reported killed at Tirah - DISPUTED" in brief
    assert "2023-01-15: arrested at Swat - DISPUTED: reported after a reported death" in brief


def test_status_history_a_death_denied_disputes_the_death(store):
    report(store, "Zarkani was killed in Tirah on 2021-04-02.", "2021-04-03",
           [("status", fate("killed", "2021-04-02", "Tirah"), "Zarkani was killed", False)])
    report(store, "His group says Zarkani is alive.", "2021-05-01",
           [("status", fate("denied"), "Zarkani is alive", False)])
    resolve(store)
    h = profile(store, NAME)["status_history"]
    assert [e["transition"] for e in h] == ["reported killed", "death denied"]
    assert h[1]["date"] == "2021-05-01" and h[1]["dated"] == "report"
    assert "his death is denied (2021-05-01)" in h[0]["disputed"] and h[1]["disputed"]


KILLED = ("PESHAWAR, March 3, 2024: Gul Zaman Orakzai, a commander of the banned Tehreek-i-Taliban Pakistan, "
          "was killed in a raid in Tirah on March 2, 2024, officials said.")
ALIVE = ("KOHAT, April 9, 2024: Gul Zaman Orakzai, a commander of the Tehreek-i-Taliban Pakistan, escaped the "
         "raid and he is still alive, a spokesman of the group said.")


def test_an_extracted_denial_is_a_step_of_the_history_that_disputes_the_death(extractor, tmp_path):
    from militant_monitor.ingest.runner import ingest_paths
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "killed.txt").write_text(KILLED)
    (tmp_path / "in" / "alive.txt").write_text(ALIVE)
    s = Store(str(tmp_path / "kb.db"))
    try:
        ingest_paths(s, [str(tmp_path / "in")], extractor)
        denials = s.statements(prop="death_denied")
        assert len(denials) == 1 and denials[0]["rule"] == "person.death_denied"
        h = profile(s, "Gul Zaman Orakzai")["status_history"]
        assert [e["transition"] for e in h] == ["reported killed", "death denied"]
        assert [e["date"] for e in h] == ["2024-03-02", "2024-04-09"]
        assert h[0]["disputed"] and h[1]["disputed"]
    finally:
        s.close()
