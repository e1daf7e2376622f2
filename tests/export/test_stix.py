"""stix: a STIX 2.1 bundle with zero errors under stix2-validator."""
from __future__ import annotations

import json

import pytest

stix2validator = pytest.importorskip("stix2validator")
stix2 = pytest.importorskip("stix2")


def _validate(text):
    from stix2validator import ValidationOptions, validate_string
    res = validate_string(text, ValidationOptions(version="2.1"))
    results = res if isinstance(res, list) else [res]
    errors = [e for r in results for e in r.errors]
    res = results[0]
    return res, errors


def test_bundle_valid_with_zero_errors(kb, mmon):
    code, stdout, err = mmon("export", "-f", "stix", "--db", kb)
    assert code == 0, err
    res, errors = _validate(stdout)
    assert res.is_valid and errors == []
    bundle = json.loads(stdout)
    assert bundle["type"] == "bundle"
    objs = bundle["objects"]
    by_type = {}
    for o in objs:
        by_type.setdefault(o["type"], []).append(o)
    assert {"threat-actor", "intrusion-set", "identity", "location", "report", "relationship"} <= set(by_type)
    ttp = [o for o in by_type["threat-actor"] if o["name"] == "Tehreek-i-Taliban Pakistan"][0]
    assert "terrorist" in ttp["threat_actor_types"] and "TTP" in ttp.get("aliases", [])
    people = {o["name"]: o for o in by_type["identity"] if o["identity_class"] == "individual"}
    assert "Rahmatullah Mehsud" in people and "Shamsheer" in people["Rahmatullah Mehsud"]["description"]
    rels = {(o["relationship_type"], o["source_ref"], o["target_ref"]) for o in by_type["relationship"]}
    assert ("attributed-to", ttp["id"], people["Rahmatullah Mehsud"]["id"]) in rels
    kinds = {o["relationship_type"] for o in by_type["relationship"]}
    assert {"attributed-to", "targets", "located-at"} <= kinds
    ids = {o["id"] for o in objs}
    for rep in by_type["report"]:             # every article, with the objects it backs
        assert rep["object_refs"] and set(rep["object_refs"]) <= ids
        assert rep["external_references"][0]["external_id"].startswith("doc-")
    for o in by_type["relationship"]:
        assert o["source_ref"] in ids and o["target_ref"] in ids
    assert any(o.get("latitude") for o in by_type["location"])


def test_bundle_is_stable_and_filterable(kb, mmon):
    _, a, _ = mmon("export", "-f", "stix", "--db", kb)
    _, b, _ = mmon("export", "-f", "stix", "--db", kb)
    strip = lambda t: sorted(o["id"] for o in json.loads(t)["objects"])  # noqa: E731
    assert strip(a) == strip(b)
    code, c, _ = mmon("export", "-f", "stix", "--db", kb, "--type", "arrest")
    assert code == 0 and _validate(c)[1] == []
    assert len(json.loads(c)["objects"]) < len(json.loads(a)["objects"])
