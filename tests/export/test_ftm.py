"""ftm: FollowTheMoney entities validated with the followthemoney library, provenance kept."""
from __future__ import annotations

import json

import pytest

ftm = pytest.importorskip("followthemoney")


def test_entities_valid_and_linked(kb, mmon):
    from followthemoney import model
    code, stdout, err = mmon("export", "-f", "ftm", "--db", kb)
    assert code == 0, err
    lines = [json.loads(x) for x in stdout.splitlines()]
    by_id = {}
    for data in lines:
        schema = model.get(data["schema"])
        assert schema is not None
        schema.validate(data)                                   # raises InvalidData when invalid
        proxy = model.get_proxy(data, cleaned=False)            # and reads back as an entity
        for prop in schema.required:
            assert proxy.get(prop), (data["schema"], prop)
        assert data["datasets"] == ["mmon"]
        by_id[data["id"]] = proxy
    schemata = {p.schema.name for p in by_id.values()}
    assert {"Person", "Organization", "Membership", "Event", "Address", "Article"} <= schemata
    for p in by_id.values():                                    # every reference resolves
        for prop, value in p.itervalues():
            if prop.type.name == "entity":
                assert value in by_id, (p.schema.name, prop.name)
    people = [p for p in by_id.values() if p.schema.name == "Person"]
    shams = [p for p in people if "Rahmatullah Mehsud" in p.get("name")][0]
    assert "Shamsheer" in shams.get("alias") and shams.get("deathDate") == ["2024-05-08"]
    ms = [p for p in by_id.values() if p.schema.name == "Membership" and shams.id in p.get("member")]
    assert ms and ms[0].get("role") and by_id[ms[0].first("organization")].first("name") == "Tehreek-i-Taliban Pakistan"
    assert ms[0].get("endDate") == ["2024-05-08"]
    events = [p for p in by_id.values() if p.schema.name == "Event" and shams.id in p.get("organizer")]
    assert events and all(e.get("involved") for e in events)
    assert any(e.get("addressEntity") for e in events)
    for p in by_id.values():
        if p.schema.name != "Article":
            assert p.get("proof") or p.schema.name == "Address"
            assert all(by_id[a].schema.name == "Article" for a in p.get("proof"))


def test_statements_keep_provenance(kb, mmon):
    from followthemoney.statement import Statement
    code, stdout, err = mmon("export", "-f", "ftm-statements", "--db", kb)
    assert code == 0, err
    stmts = [Statement.from_dict(json.loads(x)) for x in stdout.splitlines()]
    assert stmts and all(s.dataset == "mmon" and s.first_seen and s.last_seen for s in stmts)
    assert all(s.first_seen <= s.last_seen for s in stmts)
    names = [s for s in stmts if s.schema == "Person" and s.prop == "alias" and s.value == "Shamsheer"]
    assert names and all(s.origin and s.origin.startswith("doc-") and "#" in s.origin for s in names)
    # the origin names a real statement of the store
    import sqlite3
    doc, stmt_id = names[0].origin.split("#")
    with sqlite3.connect(kb) as c:
        row = c.execute("SELECT doc_id, value FROM statements WHERE id = ?", (stmt_id,)).fetchone()
    assert row == (doc, '"Shamsheer"')


def test_filtered_export(kb, mmon):
    code, stdout, _ = mmon("export", "-f", "ftm", "--db", kb, "--type", "arrest")
    assert code == 0
    schemata = [json.loads(x)["schema"] for x in stdout.splitlines()]
    assert "Event" in schemata and len(schemata) < 27 + 100
