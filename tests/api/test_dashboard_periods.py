"""The dashboard sums the event rows once per stated date and a page adds up its period's dates:
the figures of any period are those of the rows dated in it (prefix dates included), undated rows
count only when no period is asked, and the latest events are the latest dated ones."""
from __future__ import annotations

from militant_monitor.serve.dashboard import buckets, dashboard


def row(i: int, date: str | None, killed: int | None, place: str | None, group: str | None) -> dict:
    return {"id": f"E-{i}", "date": date, "killed": killed, "type": "bombing",
            "place": {"name": place, "district": None, "province": None, "country": None},
            "_group": group}


ROWS = [
    row(1, "2024-05-03", 4, "Zarkot", "g-a"),
    row(2, "2024-05-03", 1, "Zarkot", "g-b"),
    row(3, "2024-05", 2, "Tormandi", "g-a"),
    row(4, "2024-04-20", None, "Zarkot", None),
    row(5, "2024", 7, None, "g-b"),
    row(6, "2023-12-31", 3, "Tormandi", "g-a"),
    row(7, None, 5, "Zarkot", "g-a"),
]
GROUPS = {"by_id": {"g-a": {"name": "Front A"}, "g-b": {"name": "Front B"}},
          "event_groups": {r["id"]: [r["_group"]] if r["_group"] else [] for r in ROWS}}


def test_dashboard_of_everything_counts_every_row():
    d = dashboard(buckets(ROWS, GROUPS), groups=GROUPS)
    assert d["total"] == 7 and d["undated"] == 1 and d["total_killed"] == 22
    assert {g["name"]: (g["events"], g["killed"]) for g in d["groups"]} == {"Front A": (4, 14), "Front B": (2, 8)}
    assert d["months"] == ["2023-12", "2024-04", "2024-05"]
    by_label = {s["label"]: s["data"] for s in d["events"]}
    assert by_label["Front A"] == [1, 0, 2] and by_label["other or unattributed"] == [0, 1, 0]
    assert {p["name"]: (p["events"], p["killed"]) for p in d["places"]} == {"Zarkot": (4, 10), "Tormandi": (2, 5)}
    assert [e["id"] for e in d["latest"]] == ["E-1", "E-2", "E-3", "E-4", "E-5", "E-6"]   # by the date as written


def test_dashboard_of_a_period_counts_only_the_rows_dated_in_it():
    d = dashboard(buckets(ROWS, GROUPS), "2024-05", "2024-05", GROUPS)
    assert d["total"] == 3 and d["undated"] == 0 and d["total_killed"] == 7
    assert [e["id"] for e in d["latest"]] == ["E-1", "E-2", "E-3"]
    d = dashboard(buckets(ROWS, GROUPS), "2024", None, GROUPS)
    assert {e["id"] for e in d["latest"]} == {"E-1", "E-2", "E-3", "E-4", "E-5"}
    d = dashboard(buckets(ROWS, GROUPS), None, "2023", GROUPS)
    assert [e["id"] for e in d["latest"]] == ["E-6"] and d["months"] == ["2023-12"]
    assert dashboard(buckets(ROWS, GROUPS), "2025", None, GROUPS)["total"] == 0
