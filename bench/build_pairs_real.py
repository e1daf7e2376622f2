"""Build ``bench/pairs_real.jsonl``: labelled pairs of real people's names for cross-document
resolution, from the gold fact sheets of the dev articles (names, aliases, groups, fates,
publication year; never their sentences).

    python bench/build_pairs_real.py [GOLD_DIR]

Which gold entries are one man across articles is decided here by hand (``SAME``);
pairs whose truth the texts do not settle are left out (``UNSURE``). Pairs are every two
people of one article (different men) and every two across articles that share a word
of their names (hard negatives: a title, a tribal name, a first name) or are one man.
``VARIANTS`` adds transliterations of the same men's names, spelled as other outlets do.
"""
from __future__ import annotations

import itertools
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "eval" / "dev"
OUT = ROOT / "bench" / "pairs_real.jsonl"

# one man under each article's name for him
SAME = [
    {("abcnews-ap-khalil-haqqani-killed-2024", "Sirajuddin Haqqani"),
     ("newsweekpakistan-haqqani-rfj-bounties-2014", "Sirajuddin Haqqani")},
    {("abcnews-ap-khalil-haqqani-killed-2024", "Khalil Haqqani"),
     ("newsweekpakistan-haqqani-rfj-bounties-2014", "Khalil al-Rahman Haqqani")},
    {("brecorder-gwadar-port-complex-attack-2024", "Jeeyand Baloch"),
     ("newsvibesofindia-karachi-university-bla-2022", "Jeeyand Baloch"),
     ("cscr-bla-internal-divisions-2017", "Jeehand Baloch")},
    {("ecrats-shahab-al-muhajir-kunar-2023", "Dr. Shahab Al-Muhajir"),
     ("menasecuritymonitor-iskp-ghafari-reward-2022", "Sanaullah Ghafari")},
    {("thehill-kunduz-mosque-iskp-2021", "Zabiullah Mujahid"),
     ("wenews-kabul-is-k-commanders", "Zabihullah Mujahid")},
]
# a BLA commander 'Aslam Baloch' (2017) and 'Aslam Achou' reported killed (2016): perhaps one man
UNSURE = [{("cscr-bla-internal-divisions-2017", "Aslam Baloch"),
           ("dawn-blf-bla-relatives-released-2017", "Aslam Achou")}]
# (gold article, gold name) -> another spelling of that man's name, as other outlets write it
VARIANTS = [
    ("pakstrategic-ttp-regrouping-factions", "Hakimullah Mehsud", "Hakeemullah Mehsud"),
    ("pakstrategic-ttp-regrouping-factions", "Mufti Noor Wali Mehsud", "Nur Wali Mehsud"),
    ("pakstrategic-ttp-regrouping-factions", "Abdul Wali Mohmand", "Umar Khalid Khorasani"),
    ("newsweekpakistan-haqqani-rfj-bounties-2014", "Sirajuddin Haqqani", "Siraj-ud-Din Haqqani"),
    ("newsweekpakistan-haqqani-rfj-bounties-2014", "Jalaluddin Haqqani", "Maulvi Jalal ud Din Haqqani"),
    ("newsweekpakistan-haqqani-rfj-bounties-2014", "Khalil al-Rahman Haqqani", "Khalil-ur-Rehman Haqqani"),
    ("newsweekpakistan-haqqani-rfj-bounties-2014", "Abdul Rauf Zakir", "Abdur Rauf Zakir"),
    ("menasecuritymonitor-iskp-ghafari-reward-2022", "Sanaullah Ghafari", "Sana Ullah Ghaffari"),
    ("newindianexpress-pti-hm-naikoo-profile-2020", "Zakir Musa", "Zakir Moosa"),
    ("newindianexpress-pti-hm-naikoo-profile-2020", "Riyaz Naikoo", "Reyaz Naikoo"),
    ("tribune-lej-malik-ishaq-muzaffargarh-2015", "Malik Ishaq", "Maliq Ishaq"),
    ("lwj-aqis-leaders-killed-2017", "Usama Ibrahim", "Osama Ibrahim"),
    ("lwj-aqis-leaders-killed-2017", "Asim Umar", "Maulana Asim Omar"),
    ("thenews-ctd-sra-arrests-karachi-jamshoro-2023", "Mohammad Amin Solangi", "Muhammad Ameen Solangi"),
    ("thenews-ctd-sra-arrests-karachi-jamshoro-2023", "Allah Rakhio Mangi", "Allah Rakhiyo Mangi"),
    ("thenews-ctd-sra-arrests-karachi-jamshoro-2023", "Yasir Hassan Lashari", "Yasir Hasan Lashari"),
    ("currentindia-nia-pahalgam-sajid-jatt-2025", "Saifullah Sajid Jatt", "Saifullah Sajid Jat"),
    ("wenews-kabul-is-k-commanders", "Ijaz Amin Ahangar", "Ijaz Ameen Ahangar"),
    ("wenews-kabul-is-k-commanders", "Ijaz Amin Ahangar", "Abu Usman al-Kashmiri"),
    ("ecrats-shahab-al-muhajir-kunar-2023", "Mawlawi Safiullah Yaftali", "Maulvi Safi Ullah Yaftali"),
    ("jamestown-aslam-farooqi-arrest-2020", "Aslam Farooqi", "Maulvi Aslam Farooqui"),
    ("newindianexpress-pti-hm-naikoo-profile-2020", "Burhan Wani", "Burhan Muzaffar Wani"),
    # Mullah Fazlullah, the TTP chief: the dev article spells him 'Fazrullah'; the usual spellings
    ("pakstrategic-ttp-regrouping-factions", "Fazrullah", "Mullah Fazlullah"),
]
# sheets whose aliases carry another man's name, as an extractor that joins men by a shared
# family name writes them: each noisy sheet is paired again with everyone it shares a word with
NOISY = [
    ("abcnews-ap-khalil-haqqani-killed-2024", "Khalil Haqqani", ["Sirajuddin Haqqani"]),
    ("newsweekpakistan-haqqani-rfj-bounties-2014", "Sirajuddin Haqqani",
     ["Aziz Haqqani", "Khalil al-Rahman Haqqani", "Yahya Haqqani", "Jalaluddin Haqqani"]),
    ("pakstrategic-ttp-regrouping-factions", "Mufti Noor Wali Mehsud", ["Hakimullah Mehsud"]),
    ("currentindia-nia-pahalgam-sajid-jatt-2025", "Parvez Ahmad Jothar", ["Bashir Ahmad Jothar"]),
]
# (gold article, gold name) -> another, well-known man sharing a word of the name: name, groups,
# year, fate. Public figures of the region, not in the dev articles
NEGATIVES = [
    ("currentindia-nia-pahalgam-sajid-jatt-2025", "Hafiz Saeed",
     "Hafiz Saeed Khan", ["Islamic State-Khorasan"], 2016, ["killed", "2016-07"]),
    ("pakstrategic-ttp-regrouping-factions", "Hakimullah Mehsud",
     "Baitullah Mehsud", ["Tehreek-e-Taliban Pakistan"], 2009, ["killed", "2009-08"]),
    ("pakstrategic-ttp-regrouping-factions", "Abdul Wali Mohmand", "Mullah Omar", ["Afghan Taliban"], 2013, None),
    ("lwj-aqis-leaders-killed-2017", "Asim Umar", "Mullah Omar", ["Afghan Taliban"], 2015, None),
    ("newsweekpakistan-haqqani-rfj-bounties-2014", "Sirajuddin Haqqani", "Anas Haqqani", ["Haqqani network"], 2014,
     ["arrested", "2014-10"]),
    ("newsweekpakistan-haqqani-rfj-bounties-2014", "Jalaluddin Haqqani", "Badruddin Haqqani", ["Haqqani network"],
     2012, ["killed", "2012-08"]),
]
VARIANT_PAIRS = [("Mullah Fazlullah", "Maulana Fazullah")]   # both spellings of one man, above


def words(name: str) -> set:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return {w for w in re.split(r"[^a-z]+", s) if len(w) >= 3}


def side(article: str, gold: dict, person: dict) -> dict:
    st = person.get("status") or {}
    pub = (gold.get("document") or {}).get("published")
    places = [x for x in (st.get("place"), person.get("origin")) if x]
    return {"name": person["name"], "aliases": person.get("aliases") or [],
            "groups": [a["group"] for a in person.get("affiliations") or []],
            "year": int(pub[:4]) if pub else None,
            "fates": [[st["state"], st.get("date")]] if st.get("state") else [],
            "places": places, "article": article}


def people(gold_dir: Path) -> list[dict]:
    out = []
    for f in sorted(gold_dir.glob("*/gold.json")):
        gold = json.loads(f.read_text(encoding="utf-8"))
        out += [side(f.parent.name, gold, p) for p in gold.get("people") or []]
    return out


def identity(p: dict) -> tuple:
    k = (p["article"], p["name"])
    for i, group in enumerate(SAME):
        if k in group:
            return ("same", i)
    return k


def unsure(a: dict, b: dict) -> bool:
    ka, kb = (a["article"], a["name"]), (b["article"], b["name"])
    return any(ka in g and kb in g for g in UNSURE)


def label(a: dict, b: dict) -> str:
    if identity(a) == identity(b):
        return "one man across articles" if a["article"] != b["article"] else "one man"
    if a["article"] == b["article"]:
        return "two men of one article"
    shared = sorted(words(" ".join([a["name"], *a["aliases"]])) & words(" ".join([b["name"], *b["aliases"]])))
    return "two men sharing " + ", ".join(shared)


def pairs(ppl: list[dict]) -> list[dict]:
    out = []
    for a, b in itertools.combinations(ppl, 2):
        same = identity(a) == identity(b)
        near = words(" ".join([a["name"], *a["aliases"]])) & words(" ".join([b["name"], *b["aliases"]]))
        if unsure(a, b) or not (same or near or a["article"] == b["article"]):
            continue
        out.append({"a": a, "b": b, "same": same, "kind": "person", "note": label(a, b)})
    by_key = {(p["article"], p["name"]): p for p in ppl}
    spelled = {}
    for article, name, other in VARIANTS:
        base = by_key[(article, name)]
        twin = {**base, "name": other, "aliases": [], "article": "variant:" + article}
        spelled[other] = twin
        out.append({"a": base, "b": twin, "same": True, "kind": "person",
                    "note": f"transliteration or alias of one man: {name} / {other}"})
    for article, name, extra in NOISY:
        base = by_key[(article, name)]
        noisy = {**base, "aliases": base["aliases"] + extra, "article": "noisy:" + article}
        for other in ppl:
            if other is not base and words(" ".join([noisy["name"], *noisy["aliases"]])) & words(
                    " ".join([other["name"], *other["aliases"]])):
                out.append({"a": noisy, "b": other, "same": identity(base) == identity(other), "kind": "person",
                            "note": "a sheet listing another man's name as an alias: " + label(base, other)})
    for article, name, other, groups, year, fate in NEGATIVES:
        base = by_key[(article, name)]
        stranger = {"name": other, "aliases": [], "groups": groups, "year": year, "fates": [fate] if fate else [],
                    "places": [], "article": "other"}
        out.append({"a": base, "b": stranger, "same": False, "kind": "person",
                    "note": f"two well-known men sharing a word: {name} / {other}"})
    for x, y in VARIANT_PAIRS:
        out.append({"a": spelled[x], "b": {**spelled[x], "name": y}, "same": True, "kind": "person",
                    "note": f"transliteration of one man: {x} / {y}"})
    return out


def main(argv=None) -> int:
    gold_dir = Path((argv or sys.argv[1:] or [str(GOLD)])[0])
    rows = pairs(people(gold_dir))
    OUT.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    same = sum(r["same"] for r in rows)
    print(f"{len(rows)} pairs ({same} same, {len(rows) - same} different) -> {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
