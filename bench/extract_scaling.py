#!/usr/bin/env python3
"""Extraction time against text length (issue 16): the cost per character must stay flat.

    python bench/extract_scaling.py [--sizes 100000 1000000 5000000] [--profile SIZE]

Builds one real-looking article (written for this bench: paragraphs of attacks, claims,
arrests, bounties and group links, with names, places, dates and tolls that vary from
paragraph to paragraph) repeated to each size, and extracts it whole (no ``max_chars``
budget) in this process, on one core. Prints, per size, the seconds, the microseconds per
character, and the people and events found.

Targets: the largest size (5 MB by default) in under ``LIMIT_S`` seconds, and the cost per
character of the largest size at most ``FLAT`` times that of the smallest. Exit status 1
when either is missed. ``--profile SIZE`` prints the top of a cProfile of one size instead.

Measured (CPU seconds, one process on a 2-core machine shared with other jobs, 2026-12-08),
``--no-model``: before (issue 16, first pass) 100 KB 3.0 s, 1 MB 105.9 s (x3.5 per char);
now 100 KB 1.3 s (13 us/char), 1 MB 21.5 s (22 us/char): x1.63, 160 people at 1 MB as the
article holds (it was 3: names merged across the document). A second run under heavier load:
1.8 s and 41.8 s. Then (2026-12-08, machine otherwise idle) the look-ups that scanned every person
or event per mention were indexed or bounded (``People.find`` by name word, ``fates._event_of``
by sentence, ``events._refers_to`` by the retelling window, the event just told among the latest
ones, ``_track``'s word places read once): 100 KB 1.6 s, 1 MB 18.5 s, 5 MB 123.9 s (was 173.9 s):
x1.56 per character, within ``FLAT``; 5 MB still over ``LIMIT_S``. With the statistical model add
about 37 us/char. The default per-document budget (``--max-chars``, 100,000) keeps any article
to one budget's worth of extraction. Then (2026-12-08, load average 7-9 on 2 cores) each retold-event
pair judged once, ``names.key`` remembered, citation spans found by bisection per sentence
(``Work.citations_over``), ``_another_account`` stopping at the second event: 100 KB 1.6 s, 1 MB
18.7 s (20.1 s before, same load), 5 MB 115.4 s: x1.43 per character; 5 MB still over ``LIMIT_S``.
The time budget (``--max-seconds``, default 60) bounds any document whatever its length.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from militant_monitor.extract.pipeline import Extractor  # noqa: E402
from militant_monitor.model.document import Document  # noqa: E402

LIMIT_S = 60.0        # the largest size, seconds on one core
FLAT = 2.0            # cost per character, largest size over smallest

FIRST = ["Qari", "Mullah", "Mufti", "Hafiz", "Maulana", "Commander"]
GIVEN = ["Zarar", "Habib", "Tariq", "Noor", "Sardar", "Ilyas", "Wahid", "Javed", "Rahim", "Shakir",
         "Saleem", "Yaqub", "Gul", "Akbar", "Fazal", "Rustam"]
FAMILY = ["Khan", "Mehsud", "Baloch", "Wazir", "Afridi", "Durrani", "Shah", "Orakzai", "Marwat", "Bugti"]
PLACES = ["Bannu", "Quetta", "Peshawar", "Kohat", "Turbat", "Dera Ismail Khan", "Lakki Marwat", "Khyber",
          "Bajaur", "Gwadar", "Mastung", "Tank", "Kunar", "Nangarhar", "Zhob", "Chitral"]
GROUPS = ["Tehreek-e-Taliban Pakistan (TTP)", "Balochistan Liberation Army", "Islamic State Khorasan Province",
          "Lashkar-e-Jhangvi", "Jamaat-ul-Ahrar", "Hafiz Gul Bahadur group"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

PARAGRAPHS = [
    "{place}, {month} {day}, {year}: At least {n} people were killed and {m} others injured when a suicide "
    "bomber blew himself up near a police checkpoint in the {place2} district on {weekday}, officials said.",
    "The {group} claimed responsibility for the attack in a statement sent to reporters, saying its fighters "
    "had targeted the security forces. A spokesman for the group, {person}, said the bombing was revenge for "
    "the killing of its commanders.",
    "Police said {person}, alias {alias}, a senior commander of the {group}, was arrested in a raid in "
    "{place} on {month} {day}. He carried a bounty of Rs{n} million on his head and was wanted in several "
    "cases of terrorism.",
    "Security forces killed {n} militants, including {person}, in an intelligence-based operation in the "
    "{place} area, the military's media wing said. Weapons and ammunition were also recovered.",
    "{person}, who became the chief of the {group} in {year}, was a native of {place}. He had earlier "
    "served as the group's deputy and was known for planning attacks on police stations.",
    "The {group} is a splinter group of the Tehreek-e-Taliban Pakistan and has been allied with the "
    "{group2} since {year}. Both groups deny any role in the attack on the market in {place}.",
    "Gunmen opened fire on a vehicle carrying polio workers in {place} on {weekday}, killing {n} and "
    "wounding {m}, police said. No group has so far claimed the attack.",
    "The United States has offered a reward of up to ${n} million for information on {person}, whom it "
    "describes as a leader of the {group}. \u201cHe remains a threat,\u201d an official said.",
    "In a separate incident, {person} and his driver were shot dead by unidentified men on the outskirts of "
    "{place}, according to Dawn. The district police officer said an investigation had been launched.",
]


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def article(size: int, seed: int = 16) -> str:
    """A real-looking article of ``size`` characters: paragraphs drawn in turn, names and numbers varied."""
    rng = random.Random(seed)
    parts, total, i = [], 0, 0
    while total < size:
        tmpl = PARAGRAPHS[i % len(PARAGRAPHS)]
        para = tmpl.format(place=rng.choice(PLACES), place2=rng.choice(PLACES), month=rng.choice(MONTHS),
                           day=rng.randint(1, 28), year=rng.randint(2005, 2024), n=rng.randint(2, 40),
                           m=rng.randint(2, 60), weekday=rng.choice(WEEKDAYS), group=rng.choice(GROUPS),
                           group2=rng.choice(GROUPS), person=person(rng), alias=rng.choice(GIVEN))
        parts.append(para)
        total += len(para) + 2
        i += 1
    return "\n\n".join(parts)[:size]


def run(ex: Extractor, size: int) -> tuple[float, dict]:
    text = article(size)
    doc = Document(text=text, title="Scaling bench", published="2024-06-01")
    t0 = time.process_time()
    sheet, _ = ex(doc)
    return time.process_time() - t0, sheet


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000, 5_000_000])
    ap.add_argument("--profile", type=int, default=None, help="profile one size and print the top functions")
    ap.add_argument("--no-model", action="store_true", help="rules only (no statistical parse)")
    ap.add_argument("--sort", default="cumulative", help="the profile's order (cumulative, tottime)")
    a = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    ex = Extractor(max_chars=None, use_model=not a.no_model)
    print(f"extractor {ex.version}")
    if a.profile:
        import cProfile
        import pstats
        prof = cProfile.Profile()
        prof.enable()
        run(ex, a.profile)
        prof.disable()
        pstats.Stats(prof).sort_stats(a.sort).print_stats(40)
        return 0
    run(ex, 20_000)   # warm the lexicons and patterns
    rows = []
    for size in a.sizes:
        secs, sheet = run(ex, size)
        rows.append((size, secs))
        print(f"{size:>10,} chars  {secs:8.2f} s  {secs / size * 1e6:7.2f} us/char  "
              f"people {len(sheet['people']):>5}  events {len(sheet['events']):>5}", flush=True)
    (small, t_small), (large, t_large) = rows[0], rows[-1]
    growth = (t_large / large) / max(t_small / small, 1e-12)
    ok = t_large <= LIMIT_S and growth <= FLAT
    print(f"cost per char, {large:,} over {small:,}: x{growth:.2f} (target <= {FLAT}); "
          f"{large:,} chars in {t_large:.1f} s (target <= {LIMIT_S:.0f} s): {'ok' if ok else 'MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
