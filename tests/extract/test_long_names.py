"""Names across a long article (issue 16): a short name two men go by joins neither to the other.

At 1 MB the generated article of bench/extract_scaling.py came out as 3 people: 'X, alias Habib'
made X one man with everyone whose name holds 'Habib', and each later full name holding an alias
of his joined him too."""
from __future__ import annotations

from militant_monitor.extract.pipeline import Extractor
from militant_monitor.model.document import Document

EX = Extractor(max_chars=None, use_model=False)


def _people(text: str) -> dict:
    sheet, _ = EX(Document(text=text, title="t", published="2024-06-01"))
    return {p["name"]: set(p.get("aliases") or []) for p in sheet["people"]}


def test_an_alias_does_not_join_a_man_whose_name_merely_holds_it():
    people = _people(
        "Security forces killed five militants, including Qari Habib Wazir, in an operation in Bannu, "
        "the military said.\n\nPolice said Mullah Tariq Khan, alias Habib, a senior commander of the "
        "Lashkar-e-Jhangvi, was arrested in a raid in Quetta on May 3.")
    assert "Qari Habib Wazir" in people and "Mullah Tariq Khan" in people
    assert "Habib" in people["Mullah Tariq Khan"] and "Qari Habib Wazir" not in people["Mullah Tariq Khan"]


def test_a_later_full_name_holding_his_alias_is_another_man():
    people = _people(
        "Police said Maulana Wahid Durrani, alias Fazal, a senior commander of the Jamaat-ul-Ahrar, was "
        "arrested in a raid in Quetta on May 3.\n\nSecurity forces killed four militants, including "
        "Mufti Fazal Afridi, in an operation in Kohat, the military said.")
    assert "Fazal" in people["Maulana Wahid Durrani"]
    assert not any("Afridi" in a for a in people["Maulana Wahid Durrani"])
    assert any("Fazal Afridi" in n for n in people)


def test_two_men_with_one_alias_stay_two():
    people = _people(
        "Police said Mullah Akbar Wazir, alias Akbar, a senior commander of the Lashkar-e-Jhangvi, was "
        "arrested in a raid in Quetta on May 3.\n\nPolice said Maulana Habib Wazir, alias Akbar, a senior "
        "commander of the Jamaat-ul-Ahrar, was arrested in a raid in Kohat on June 9.")
    joined = [n for n, al in people.items() if {"Akbar Wazir", "Habib Wazir"} <= {n, *al} or
              any("Akbar Wazir" in x for x in {n, *al}) and any("Habib Wazir" in x for x in {n, *al})]
    assert not joined, people


def test_an_alias_naming_a_man_held_apart_joins_them():
    people = _people(
        "Security forces killed four militants, including Abu Hamza, in an operation in Kunar.\n\n"
        "Police said Qari Saeed Khan, alias Abu Hamza, a senior commander of the Lashkar-e-Jhangvi, was "
        "arrested in a raid in Quetta on May 3.")
    assert "Abu Hamza" in people.get("Qari Saeed Khan", set()), people
