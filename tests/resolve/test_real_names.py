"""Cross-document resolution never joins two men: names compared through ``model.names``
(transliterations folded, titles dropped), a single shared word never enough on its own,
aliases only where the text gave them. Every name here is invented; groups and places
are real. The labelled pairs of real dev people are measured in bench/pairs_real.jsonl."""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from militant_monitor.model.document import Document
from militant_monitor.model.names import is_title, name_key, strong_words
from militant_monitor.resolve import resolve
from militant_monitor.resolve.matching import DEFAULT, MATCHERS, Profile, group_key
from militant_monitor.resolve.resolver import canonical_of
from militant_monitor.store import Store

ROOT = Path(__file__).resolve().parents[2]
COMPARE, THRESHOLD = MATCHERS[DEFAULT]
_IDS = itertools.count(1)


def man(name, aliases=(), groups=(), years=(), fates=()):
    """A profile as one document gives it."""
    n = next(_IDS)
    p = Profile(f"person:{n}", "person", f"doc-{n}")
    p.aliases = set(aliases)
    p.names = {name, *aliases}
    p.groups = {group_key(g) for g in groups}
    p.years = set(years)
    p.fates = set(fates)
    return p


def joined(a, b) -> bool:
    assert COMPARE(a, b) == pytest.approx(COMPARE(b, a))
    return COMPARE(a, b) >= THRESHOLD


# ------------------------------------------------------------------ model.names

@pytest.mark.parametrize("a, b", [
    ("Hakeemullah Zarghoon", "Hakimullah Zarghun"),          # ee/i, oo/u
    ("Zabihullah Karimzai", "Zabiullah Kareemzai"),          # a silent h between vowels
    ("Nazlullah", "Nazullah"),                               # the l of 'Nazl-ullah' dropped
    ("Reyaz Bhatkoo", "Riyaz Bhatku"),                       # y as a glide
    ("Mufti Sher-ur-Rehman Tanoli", "Sher Rahman Tanoli"),   # title, connector, Rehman/Rahman
    ("Gul Ullah Paindakhel", "Gulullah Paindakhel"),        # 'X Ullah' = 'Xullah'
    ("Siraj ud Din Tanoli", "Sirajuddin Tanoli"),
    ("Abdur Rauf Sherzai", "Abdul Rauf Sherzai"),
    ("Abu Muaviya al-Tanoli", "Abu Muawiya Tanoli"),
])
def test_names_fold_transliterations_of_one_name(a, b):
    assert name_key(a) == name_key(b)


def test_names_titles_and_kunyas_never_pass_for_a_name():
    assert is_title("Qari") and is_title("the Maulana") and name_key("Commander") == ()
    assert name_key("Maulana Hafiz Gulbaz") == name_key("Gulbaz")
    assert name_key("Abu Omar Tanoli") != name_key("Omar Tanoli")      # a kunya is not the bare name
    assert not strong_words(name_key("Mehsud Baloch Khan"))              # tribal names identify no one


# ------------------------------------------------------------------ matching

def test_matching_shared_first_name_alone_never_merges():
    assert not joined(man("Gulbaz Tanoli", groups=["TTP"], years=[2023]),
                      man("Gulbaz Sherzai", groups=["TTP"], years=[2023]))
    # a bare first name and a fuller one: no year to go by, or years apart
    assert not joined(man("Gulbaz", groups=["Lashkar-e-Taiba"]),
                      man("Gulbaz Nadir Jatt", groups=["Lashkar-e-Taiba"]))
    assert not joined(man("Gulbaz", groups=["Lashkar-e-Taiba"], years=[2019]),
                      man("Gulbaz Nadir Jatt", groups=["Lashkar-e-Taiba"], years=[2024]))
    # no group on one side: a first name and a fuller name a year apart
    assert not joined(man("Gulbaz", years=[2023]), man("Gulbaz Nadir Jatt", groups=["TTP"], years=[2024]))


def test_matching_bare_name_of_a_dead_man_never_joins_a_later_living_one():
    dead = man("Gulbaz", groups=["Lashkar-e-Taiba"], years=[2020], fates=[("killed", "2020-10-02")])
    assert not joined(dead, man("Gulbaz Nadir Jatt", groups=["Lashkar-e-Taiba"], years=[2023]))


def test_matching_shared_tribal_name_alone_never_merges():
    assert not joined(man("Niamatullah Mehsud", groups=["TTP"], years=[2022]),
                      man("Sherbaz Mehsud", groups=["TTP"], years=[2022]))
    assert not joined(man("Mehsud", years=[2022]), man("Niamatullah Mehsud", years=[2022]))
    # the family name of two brothers in one network: two men
    assert not joined(man("Gulbaz Haqqani", groups=["Haqqani network"], years=[2014]),
                      man("Sherbaz Haqqani", groups=["Haqqani network"], years=[2014]))


def test_matching_title_alone_never_merges():
    assert not joined(man("Adil Zarghun", aliases=["Qari"], groups=["TTP"], years=[2021]),
                      man("Qari Niamatullah", groups=["TTP"], years=[2021]))
    assert not joined(man("Mufti Sherbaz", groups=["TTP"], years=[2021]),
                      man("Mufti Gulbaz", groups=["TTP"], years=[2021]))


def test_matching_kunya_and_nisba_never_join_on_the_shared_part():
    assert not joined(man("Abu Omar al-Khorasani", groups=["IS-K"], years=[2020]),
                      man("Omar Gulbaz Khorasani", groups=["IS-K"], years=[2020]))


def test_matching_transliteration_variants_of_a_full_name_merge():
    assert joined(man("Maulana Hakeemullah Zarghoon", groups=["TTP"], years=[2019]),
                  man("Hakimullah Zarghun", groups=["Tehrik-i-Taliban Pakistan"], years=[2021]))
    assert joined(man("Reyaz Bhatkoo", groups=["Hizbul Mujahideen"]), man("Riyaz Bhatku"))
    # one-word names of one man in the same group: 'Mullah Nazlullah' / 'Maulana Nazullah'
    assert joined(man("Mullah Nazlullah", groups=["TTP"]), man("Maulana Nazullah", groups=["TTP"]))


def test_matching_alias_merges_only_when_the_text_gave_it_as_an_alias():
    tor_baz = man("Tor Baz", groups=["TTP"], years=[2024])
    assert joined(man("Sherbaz Khattak", aliases=["Tor Baz"], groups=["TTP"], years=[2024]), tor_baz)
    assert not joined(man("Sherbaz Khattak", groups=["TTP"], years=[2024]), tor_baz)
    # an 'alias' that is another man's full name with the same family name is a relative
    assert not joined(man("Gulbaz Haqqani", aliases=["Sherbaz Haqqani", "Haqqani"], years=[2024]),
                      man("Sherbaz Haqqani", years=[2024]))


def test_matching_two_deaths_at_different_times_are_two_men():
    assert not joined(man("Niamatullah Tanoli", fates=[("killed", "2019-05-02")]),
                      man("Niamatullah Tanoli", fates=[("killed", "2023-02-11")]))
    assert not joined(man("Niamatullah Tanoli", groups=["TTP"], fates=[("killed", "2019-05-02")]),
                      man("Niamatullah", groups=["TTP"], fates=[("killed", "2023-02-11")]))
    # one full name in one group: one man whose death is disputed (the profile says so)
    assert joined(man("Niamatullah Tanoli", groups=["TTP"], fates=[("killed", "2019-05-02")]),
                  man("Niamatullah Tanoli", groups=["TTP"], fates=[("killed", "2023-02-11")]))
    assert joined(man("Niamatullah Tanoli", groups=["TTP"], fates=[("killed", "2023-02-11")]),
                  man("Niamatullah Tanoli", groups=["TTP"], fates=[("killed", "2023-02")]))


WORDS = st.sampled_from(["Qari", "Maulana", "Abu", "Gulbaz", "Gul", "Baz", "Ullah", "ud", "Din", "al-", "Mehsud",
                         "Haqqani", "Sherbaz", "Sher", "Rehman", "Rahman", "Omar", "Umar", "Khorasani", "-", "Tor"])
NAMES = st.lists(WORDS, min_size=1, max_size=4).map(" ".join)
SIDES = st.tuples(NAMES, st.sets(NAMES, max_size=2), st.sets(st.sampled_from(["TTP", "IS-K", "Haqqani network"]),
                                                             max_size=2),
                  st.sets(st.integers(2015, 2025), max_size=2),
                  st.sets(st.sampled_from([("killed", "2019-05-02"), ("killed", "2023-02"), ("arrested", None)]),
                          max_size=1))


@settings(max_examples=150, deadline=None)
@given(SIDES, SIDES)
def test_matching_is_bounded_symmetric_and_a_man_matches_himself(a, b):
    pa, pb = man(*a), man(*b)
    s = COMPARE(pa, pb)
    assert 0.0 <= s <= 1.0 and COMPARE(pb, pa) == pytest.approx(s)
    if len(name_key(a[0])) > 1 and strong_words(name_key(a[0])):
        assert joined(man(*a), man(*a))


def test_matching_real_pairs_never_merge_two_men():
    """The labelled pairs of the real dev people (names and context only)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from match_pairs import SETS, measure
    m = measure(DEFAULT, SETS["real"])
    assert m["pairs"] >= 200
    assert m["precision"] == 1.0, [e for e in m["errors"] if e[0] == "false merge"]
    assert m["recall"] >= 0.95


# ------------------------------------------------------------------ whole knowledge base

def kb_of(extractor, tmp_path, texts) -> tuple[Store, dict]:
    """A store of the given (text, published) documents, resolved; name -> entity id."""
    store = Store(str(tmp_path / "kb.db"))
    ids = {}
    for text, published in texts:
        doc = Document(text=text, published=published)
        sheet, statements = extractor(doc)
        store.save(doc, sheet, statements, extractor.version)
        for s in statements:
            if s.entity_type == "person" and s.prop == "name":
                ids[s.value] = s.entity_id
    resolve(store)
    return store, ids


def test_resolve_alias_from_the_text_joins_two_documents(extractor, tmp_path):
    store, ids = kb_of(extractor, tmp_path, [
        (("Police in Bannu said Sherbaz Khattak, alias Tor Baz, a commander of the Tehreek-e-Taliban "
          "Pakistan, was arrested on Monday."), "2024-03-05"),
        (("Tor Baz, a commander of the Tehreek-e-Taliban Pakistan, claimed the attack on a police post "
          "in Lakki Marwat on Sunday."), "2024-06-10"),
    ])
    assert canonical_of(store, ids["Sherbaz Khattak"]) == canonical_of(store, ids["Tor Baz"])


def test_resolve_bare_name_of_a_dead_commander_stays_apart_from_a_later_namesake(extractor, tmp_path):
    store, ids = kb_of(extractor, tmp_path, [
        (("Qari Gulbaz, a commander of the Tehreek-e-Taliban Pakistan, was killed in a shootout with police "
          "in Tank on Monday."), "2021-02-02"),
        (("Qari Gulbaz Wazir, a commander of the Tehreek-e-Taliban Pakistan, was arrested in Bannu on "
          "Tuesday."), "2025-05-06"),
    ])
    assert canonical_of(store, ids["Qari Gulbaz"]) != canonical_of(store, ids["Qari Gulbaz Wazir"])
