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


def test_statements_keep_provenance(kb, mmon, query):
    from followthemoney.statement import Statement
    code, stdout, err = mmon("export", "-f", "ftm-statements", "--db", kb)
    assert code == 0, err
    stmts = [Statement.from_dict(json.loads(x)) for x in stdout.splitlines()]
    assert stmts and all(s.dataset == "mmon" and s.first_seen and s.last_seen for s in stmts)
    assert all(s.first_seen <= s.last_seen for s in stmts)
    names = [s for s in stmts if s.schema == "Person" and s.prop == "alias" and s.value == "Shamsheer"]
    assert names and all(s.origin and s.origin.startswith("doc-") and "#" in s.origin for s in names)
    # the origin names a real statement of the store
    doc, stmt_id = names[0].origin.split("#")
    assert query(kb, "SELECT doc_id, value FROM statements WHERE id = :id", id=stmt_id) == [(doc, '"Shamsheer"')]


def test_filtered_export(kb, mmon):
    code, stdout, _ = mmon("export", "-f", "ftm", "--db", kb, "--type", "arrest")
    assert code == 0
    schemata = [json.loads(x)["schema"] for x in stdout.splitlines()]
    assert "Event" in schemata and len(schemata) < 27 + 100


def _summary(text):
    ents = {}
    for line in text.splitlines():
        d = json.loads(line)
        ents[d["id"]] = d

    def name(i):
        return ents[i]["properties"]["name"][0]
    out = {"Person": set(), "Organization": set(), "Membership": set(), "Event": set()}
    for d in ents.values():
        props = d["properties"]
        if d["schema"] in ("Person", "Organization"):
            out[d["schema"]].add((d["caption"], tuple(sorted(props.get("alias", [])))))
        elif d["schema"] == "Membership":
            out["Membership"].add((name(props["member"][0]), name(props["organization"][0]), tuple(sorted(props["role"]))))
        elif d["schema"] == "Event":
            out["Event"].add((d["caption"], tuple(props.get("date", [])),
                              tuple(sorted(name(o) for o in props.get("organizer", [])))))
    return out


def test_import_round_trip_keeps_origin(kb, mmon, query, tmp_path):
    src = tmp_path / "kb.ftm.json"
    mmon("export", "-f", "ftm", "--db", kb, "-o", str(src))
    new = str(tmp_path / "ftm.db")
    code, _, err = mmon("import", "-f", "ftm", str(src), "--db", new)
    assert code == 0, err
    code, _, err = mmon("import", "-f", "ftm", str(src), "--db", new)
    assert code == 0 and "added nothing" in err                     # twice changes nothing
    code, again, err = mmon("export", "-f", "ftm", "--db", new)
    assert code == 0, err
    assert _summary(again) == _summary(src.read_text(encoding="utf-8"))
    paths = [r[0] for r in query(new, "SELECT source_path FROM documents")]
    cited = query(new, "SELECT count(*) FROM statements WHERE citation LIKE '%2024-%'")[0][0]
    pubs = {r[0] for r in query(new, "SELECT DISTINCT publisher FROM documents")}
    assert paths and all(p.startswith(str(src) + ":") for p in paths)     # dataset file and line
    assert pubs == {"mmon"} and cited > 0                                # the dataset; the articles as citations


def test_import_errors_are_one_line(mmon, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"id": "x", "schema": "NoSuchSchema", "properties": {}}\n', encoding="utf-8")
    code, _, err = mmon("import", "-f", "ftm", str(bad), "--db", str(tmp_path / "x.db"))
    assert code == 1 and "bad.json:1" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("fmt", ["ftm", "ftm-statements"])
def test_ftm_export_is_the_same_whatever_the_hash_seed(kb, fmt, tmp_path):
    """FtM keeps values as sets; two runs of one export (another PYTHONHASHSEED each) give the same bytes."""
    import os
    import subprocess
    import sys
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"{seed}.json"
        r = subprocess.run([sys.executable, "-m", "militant_monitor", "export", "--format", fmt, "--db", kb,
                            "-o", str(out)], env={**os.environ, "PYTHONHASHSEED": seed},
                           capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, r.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1] and outs[0]
