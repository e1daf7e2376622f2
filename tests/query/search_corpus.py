"""Invented news items for the search tests (tests/query/test_search.py, tests/api/test_search_api.py).

Thirty-five short reports of shots fired at police checkposts (for totals and pages), a
commander whose name is spelt 'Hakeemullah', another called 'Hakimzada', and two items
that use the words 'suicide' and 'bomber' in different orders (for phrases).
"""
from __future__ import annotations

from pathlib import Path

MONTHS = ["January", "February"]
TOWNS = ["Gomal", "Kulachi", "Daraban", "Paharpur", "Paniala"]
CHECKPOSTS = 35          # items that hold the word 'checkpost'
GOMAL = 7                # of which name Gomal

ITEMS = {
    "hakeem.txt": "QUETTA, March 3, 2025: Hakeemullah Zarkhan, a commander of the banned Tehreek-i-Taliban "
                  "Pakistan, was arrested in Pishin on Monday, officials said.",
    "hakimzada.txt": "PESHAWAR, March 4, 2025: Police said Hakimzada Durrani, a trader, was released by his "
                     "kidnappers in Bara on Tuesday.",
    "bomber.txt": "BANNU, March 5, 2025: A suicide bomber blew himself up near a bazaar in Bannu on Wednesday, "
                  "police said.",
    "vest.txt": "LAKKI MARWAT, March 6, 2025: Police said a would-be bomber was caught wearing a suicide vest "
                "in Lakki Marwat on Thursday.",
}


def write_corpus(folder: Path) -> Path:
    """The items as .txt files in ``folder``; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(CHECKPOSTS):
        town = TOWNS[i % len(TOWNS)]
        (folder / f"checkpost-{i:02d}.txt").write_text(
            f"DERA ISMAIL KHAN, {MONTHS[i // 28]} {i % 28 + 1}, 2025: Unidentified men fired on a police checkpost near {town} "
            f"on the night of the {i % 28 + 1}th; report number {1000 + i} said nobody was hurt.", encoding="utf-8")
    for name, body in ITEMS.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder
