"""Doubt and conflict in view: hedged facts read 'reportedly', contradicting fates are 'disputed'."""
from __future__ import annotations

import pytest

from militant_monitor.ingest.runner import ingest_paths
from militant_monitor.query.events import Filters, event_table, to_csv
from militant_monitor.query.profile import disputes, over_merge_signs, profile, render_brief
from militant_monitor.store import Store

PLAIN = ("PESHAWAR, March 12, 2025: Sardar Wali Mehsud, a commander of the banned Tehreek-i-Taliban Pakistan, "
         "was killed in a raid in Mir Ali on March 11, 2025, officials said.")
HEDGED = ("KABUL, May 20, 2025: Sardar Wali Mehsud, a commander of the Tehreek-i-Taliban Pakistan, was reportedly "
          "killed in a drone strike in Khost on May 18, 2025.")


@pytest.fixture(scope="module")
def store(extractor, tmp_path_factory):
    d = tmp_path_factory.mktemp("doubt")
    (d / "plain.txt").write_text(PLAIN)
    (d / "hedged.txt").write_text(HEDGED)
    s = Store(str(d / "kb.db"))
    ingest_paths(s, [str(d)], extractor)
    yield s
    s.close()     # no connection left open for the garbage collector to close later


def test_doubt_deaths_on_two_dates_are_disputed(store):
    p = profile(store, "Sardar Wali Mehsud")
    assert p is not None and len(p["status"]) == 2
    assert any("different dates" in d for d in p["disputed"])
    brief = render_brief(p)
    assert "DISPUTED" in brief and "Status history" in brief
    assert "2025-03-11: reported killed at Mir Ali, North Waziristan - DISPUTED: death also reported on 2025-05-18" in brief
    assert "2025-05-18: reportedly killed - DISPUTED" in brief


def test_doubt_a_hedged_fate_reads_reportedly(store):
    p = profile(store, "Sardar Wali Mehsud")
    hedged = [f for f in p["status"] if f["hedged"]]
    plain = [f for f in p["status"] if not f["hedged"]]
    assert [f["value"]["date"] for f in hedged] == ["2025-05-18"]
    assert [f["value"]["date"] for f in plain] == ["2025-03-11"]
    assert "reportedly killed" in render_brief(p)


def test_doubt_rules_for_disputes_and_over_merges():
    def fate(state, date=None, place=None):
        return {"value": {"state": state, "date": date, "place": place}}
    assert disputes([fate("killed", "2024-05"), fate("killed", "2024-05-03")]) == []
    assert disputes([fate("killed", "2024-05-03"), fate("killed", "2023-01-09")]) == ["death reported on 2 different dates"]
    assert disputes([fate("arrested", "2024-08-01"), fate("killed", "2024-05-03")]) == ["arrested reported after a reported death"]
    assert over_merge_signs([], [], [fate("killed", None, "Khost"), fate("killed", None, "Quetta")]) == ["deaths in 2 places"]
    assert over_merge_signs([{}] * 3, [{"value": {"group": "A"}}], [fate("killed", None, "Khost")]) == []


def test_doubt_hedged_events_say_so_in_csv(store):
    rows = event_table(store, Filters())
    csv_text = to_csv(rows)
    assert csv_text.splitlines()[0].split(",")[3] == "certainty"
    assert any(r["hedged"] for r in rows) and any(not r["hedged"] for r in rows)
    assert "reportedly" in csv_text


def test_actors_the_state_side_is_apart_from_the_perpetrators():
    from militant_monitor.query.events import sides
    armed, forces = sides(["Tehreek-i-Taliban Pakistan", "Counter-Terrorism Department", "Kech police",
                           "security forces", "United States", "Zarbat Front"])
    assert armed == ["Tehreek-i-Taliban Pakistan", "Zarbat Front"]
    assert forces == ["Counter-Terrorism Department", "Kech police", "security forces", "United States"]


def test_actors_csv_has_the_forces_apart(store):
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(to_csv(event_table(store, Filters())))))
    raid = [r for r in rows if r["type"] == "clash"]
    assert raid and all("police" not in r["perpetrators"].lower() for r in rows)
