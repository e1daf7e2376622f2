"""One way to compare names, below everything: the look-up key lives in ``model.names``,
the registries in ``model.registry``, and the store, resolution, queries and the web app
never import the extractor."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import militant_monitor
from militant_monitor.extract import lexicon
from militant_monitor.model import names, registry

PACKAGE = Path(militant_monitor.__file__).resolve().parent
BELOW_EXTRACT = ("store", "query", "resolve", "serve", "model")


def _imports(path: Path) -> list[str]:
    """The absolute names of the modules a file imports (relative imports resolved)."""
    parts = ["militant_monitor", *path.relative_to(PACKAGE).with_suffix("").parts]
    package = parts[:-1] if parts[-1] != "__init__" else parts[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            mod = ".".join([*base, *(node.module.split(".") if node.module else [])])
            out += [mod] + [f"{mod}.{a.name}" for a in node.names]
    return out


@pytest.mark.parametrize("layer", BELOW_EXTRACT)
def test_layers_below_the_extractor_never_import_it(layer):
    found = [f"{p.relative_to(PACKAGE)} imports {m}" for p in sorted((PACKAGE / layer).rglob("*.py"))
             for m in _imports(p) if m == "militant_monitor.extract" or m.startswith("militant_monitor.extract.")]
    assert not found, found


def test_the_import_scanner_sees_relative_imports(tmp_path):
    """The scan above resolves 'from ..extract import lexicon' as an import of the extractor."""
    src = PACKAGE / "extract" / "lexicon.py"
    assert "militant_monitor.model.names" in _imports(src)
    assert "militant_monitor.data" in _imports(src)


# the look-up key as stores of earlier releases wrote it in value_key: it must never change
PINNED = {
    "Tehrik-i-Taliban Pakistan": "tehreek taliban pakistan",
    "Tehreek-e-Taliban Pakistan": "tehreek taliban pakistan",
    "Lashkar-e-Jhangvi": "lashkar jhangvi",
    "al-Qaida in the Indian Subcontinent": "qaeda in indian subcontinent",
    "Muhammad Khurasani": "mohammed khurasani",
    "Hakeemullah Mehsud": "hakeemullah mehsud",
    "Mufti Noor Wali": "mufti noor wali",
    "Khalil-ur-Rehman Haqqani": "khalil rehman haqqani",
    "Ansar-us-Sunnah": "ansar sunnah",
    "Jaysh al-Adl": "jaish adl",
    "Zia Ullah": "zia ullah",
    "Qārī Shakīl 2": "qari shakil 2",
}


@pytest.mark.parametrize("name", sorted(PINNED))
def test_key_is_the_key_earlier_stores_hold(name):
    assert names.key(name) == PINNED[name]
    assert lexicon.key is names.key          # the extractor folds names the same way


NAME_PIECES = st.sampled_from([
    "Mullah", "Maulana", "Mufti", "Qari", "Abu", "Abdul", "Abdur", "ul", "ur", "ud", "al-", "-e-", "-i-", "the",
    "Hakeemullah", "Hakimullah", "Zia", "Ullah", "Din", "Siraj", "Rehman", "Rahman", "Muhammad", "Mohammad",
    "Tehrik", "Tehreek", "Taleban", "Qaida", "Khurasan", "Harakat", "Baluchistan", "Hezb", "Sepah", "Jaysh",
    "Mehsud", "US", "O'Neil", "Qārī", "Shakīl", "2", "-", " ", "'", ".",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAME_PIECES, max_size=7).map(" ".join) | st.lists(NAME_PIECES, max_size=7).map("".join)
       | st.text(max_size=30))
def test_a_stored_key_compares_as_its_name(name):
    """Store look-ups compare ``name_key`` of a stored ``value_key`` with that of the name asked for."""
    assert names.name_key(names.key(name)) == names.name_key(name)


def test_registries_are_indexed_by_the_one_key():
    ttp = registry.groups_by_key()[names.key("Tehrik-e-Taliban Pakistan")]
    assert ttp is registry.groups_by_key()[names.key("TTP")]
    assert lexicon.groups_by_key is registry.groups_by_key and lexicon.places_by_name is registry.places_by_name
    assert all(k == names.key(k) for k in registry.places_by_name())


def test_a_store_written_with_the_earlier_keys_still_finds_its_names(tmp_path):
    """value_key rows as earlier releases wrote them (the pinned keys, set by hand here) are found
    by every spelling a user may type: exactly, through model.names, and by search."""
    from sqlalchemy import update

    from militant_monitor.model.document import Document
    from militant_monitor.model.statement import Statement
    from militant_monitor.query.search import search
    from militant_monitor.store import Store, schema

    doc = Document("Hakeemullah Mehsud of the Tehreek-e-Taliban Pakistan was seen in the hills, elders said.")
    facts = [Statement("person:d1:hm", "person", "name", "Hakeemullah Mehsud", doc.id),
             Statement("group:ttp", "group", "name", "Tehreek-e-Taliban Pakistan", doc.id)]
    store = Store(str(tmp_path / "old.db"))
    try:
        store.save(doc, {"document": {}}, facts, "older-extractor")
        with store.engine.begin() as c:      # the keys exactly as the earlier release stored them
            for value in ("Hakeemullah Mehsud", "Tehreek-e-Taliban Pakistan"):
                c.execute(update(schema.statements).where(schema.statements.c.value == f'"{value}"')
                          .values(value_key=PINNED[value]))
        assert store.entities_named("Hakimullah Mehsud", "person") == ["person:d1:hm"]
        assert store.entities_named("hakeemullah mehsud") == ["person:d1:hm"]
        assert store.entities_named("Tehrik-i-Taliban Pakistan", "group") == ["group:ttp"]
        assert search(store, "Hakimullah")["total"] == {"documents": 1, "facts": 1}
    finally:
        store.close()
