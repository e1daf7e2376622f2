"""model/event_identity.py: one event told twice is one; look-alike events stay apart."""
import json
from pathlib import Path

import pytest

from militant_monitor.model.event_identity import actor_key, dates_agree, same_event

ROOT = Path(__file__).resolve().parents[2]


def ev(t, d, name=None, district=None, perps=()):
    return {"type": t, "date": d, "place": {"name": name, "district": district}, "perpetrators": list(perps)}


def test_event_identity_one_attack_told_twice():
    assert same_event(ev("suicide_bombing", "2024-03-05", "Spin Kot", "Kohat", ["TTP"]),
                      ev("bombing", "2024-03-06", None, "Kohat"))
    assert same_event(ev("attack", "2024-03", "Spin Kot", "Kohat"), ev("bombing", "2024-03-05", "Spin Kot", "Kohat"))


@pytest.mark.parametrize("a,b", [
    (ev("bombing", "2024-03-05", "Spin Kot", "Kohat"), ev("bombing", "2024-03-05", "Lachi", "Kohat")),
    (ev("bombing", "2024-03-05", "Spin Kot", "Kohat"), ev("bombing", "2024-03-08", "Spin Kot", "Kohat")),
    (ev("bombing", "2024-03-05", "Spin Kot", "Kohat"), ev("targeted_killing", "2024-03-05", "Spin Kot", "Kohat")),
    (ev("bombing", "2024-03-05", "Spin Kot", "Kohat"), ev("clash", "2024-03-05", "Spin Kot", "Kohat")),
    (ev("bombing", "2024-03-05", "Saddar", "Kohat"), ev("bombing", "2024-03-05", "Saddar", "Bannu")),
    (ev("armed_assault", "2024-03-05", None, "Kohat", ["TTP"]), ev("armed_assault", "2024-03-05", None, "Kohat", ["BLA"])),
    (ev("bombing", None, "Spin Kot", "Kohat"), ev("bombing", "2024-03-05", "Spin Kot", "Kohat")),
])
def test_event_identity_look_alikes_stay_apart(a, b):
    assert not same_event(a, b) and not same_event(b, a)


def test_event_identity_an_undated_report_joins_on_site_and_actor():
    assert same_event(ev("bombing", None, "Spin Kot", "Kohat", ["TTP"]), ev("bombing", "2024-03-05", "Spin Kot", "Kohat", ["TTP"]))


def test_event_identity_helpers():
    assert dates_agree("2024-03-05", "2024-03-06") and not dates_agree("2024-03-05", "2024-03-07")
    assert dates_agree("2024", "2024-03-05") and dates_agree(None, "2024") is None
    assert actor_key("TTP") == actor_key("Tehreek-i-Taliban Pakistan")


def test_event_identity_meets_its_targets_on_the_labelled_pairs():
    import importlib.util
    spec = importlib.util.spec_from_file_location("event_pairs", ROOT / "bench" / "event_pairs.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    m = mod.measure(ROOT / "bench" / "data" / "event_pairs.jsonl")
    assert m["pairs"] >= 30
    assert m["precision"] >= mod.PRECISION and m["recall"] >= mod.RECALL, m["wrong"]
    assert all(json.loads(line)["note"] for line in (ROOT / "bench/data/event_pairs.jsonl").read_text().splitlines())


def test_event_identity_one_gazetteer_point_told_in_two_districts_is_one_place():
    a = ev("clash", "2023-11-06", "Sar Kach", "Kalat")
    b = ev("clash", "2023-11-07", "Sar Kach", "Kech")
    assert not same_event(a, b)
    for e in (a, b):
        e["place"].update(lat=26.1, lon=63.0)
    assert same_event(a, b)


def test_event_identity_a_site_named_more_or_less_exactly_is_one_site():
    assert same_event(ev("bombing", "2024-02-10", "Gomal", None), ev("bombing", "2024-02-10", "Tank-Gomal road", "Tank"))
    assert not same_event(ev("bombing", "2024-02-10", "Gomal", None), ev("bombing", "2024-02-10", "Spin Kot", "Kohat"))
