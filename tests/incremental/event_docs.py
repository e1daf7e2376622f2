"""Invented event reports, stored through the real store (no extractor): a few districts and
sites, close dates, two sides, so that random documents tell the same attacks and different ones."""
from __future__ import annotations

import random

from militant_monitor.model.document import Document
from militant_monitor.model.statement import Statement
from militant_monitor.store import Store

SITES = [("Zarkot bazaar", "Zarkot"), ("Zarkot", "Zarkot"), ("Pelgai road", "Pelgai"), ("Mirdan checkpost", "Mirdan"),
         ("Mirdan", "Mirdan"), ("Tolwa market", "Tolwa"), ("Tolwa Mirdan road", "Tolwa")]
TYPES = ["bombing", "suicide_bombing", "armed_assault", "attack", "clash", "arrest"]
SIDES = [["Tehrik-i-Taliban Pakistan"], ["Lashkar-e-Jhangvi"], []]


def add_event_doc(store: Store, rng: random.Random, n: int, tag: str = "ev") -> str:
    """Store one document reporting ``n`` random events; returns its id."""
    day = rng.randint(1, 6)
    d = Document(text=f"Invented bulletin {tag} {rng.random()}: events of the week.", published=f"2024-03-{day + 1:02d}")
    sts = []
    for i in range(n):
        eid = f"event:{d.id}:e{i}"
        name, district = rng.choice(SITES)
        for prop, value in (("type", rng.choice(TYPES)), ("date", f"2024-03-{day + rng.choice([0, 0, 1]):02d}"),
                            ("place", {"name": name, "district": district, "country": "pk"}),
                            ("killed", rng.randint(0, 9)), ("perpetrators", rng.choice(SIDES))):
            sts.append(Statement(eid, "event", prop, value, d.id, extractor="test"))
    store.save(d, {"document": {"published": d.published, "title": d.text[:30]}}, sts, "test")
    return d.id


def add_bombing(store: Store, day: int) -> str:
    """Store a report of a bombing at the Zarkot bazaar on 2024-03-0<day> (reports a day apart
    tell one event, two days apart two); returns the document's id."""
    d = Document(text=f"Invented bulletin of day {day}: a bombing at the Zarkot bazaar.", published=f"2024-03-0{day}")
    sts = [Statement(f"event:{d.id}:e0", "event", p, v, d.id, extractor="test") for p, v in (
        ("type", "bombing"), ("date", f"2024-03-0{day}"), ("place", {"name": "Zarkot bazaar", "district": "Zarkot"}))]
    store.save(d, {"document": {"published": d.published}}, sts, "test")
    return d.id
