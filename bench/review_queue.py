"""What the review queue costs: resolution with and without storing it, and a page of it.

A store of N generated documents (invented names, groups, places; one in ten reports a death)
is resolved twice - storing the queue, then with ``review.refresh`` turned off - and a page
of 10 items is read twice.

    python bench/review_queue.py [N]      (default 3000)
"""
from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "resolve"))

from kb_support import LEJ, TTP, add_doc  # noqa: E402

from militant_monitor.resolve import resolve, review  # noqa: E402
from militant_monitor.store import Store  # noqa: E402

FIRST = ["Gul", "Sher", "Zar", "Noor", "Hafiz", "Qari", "Mullah", "Abdul", "Khan", "Wali", "Said", "Amir", "Fazal",
         "Rahim", "Aziz", "Jan"]
MIDDLE = ["Zaman", "Alam", "Muhammad", "Rehman", "Ullah", "Baz", "Din", "Shah", "Akbar", "Gul", "Wazir", "Hakim"]
LAST = ["Mehsud", "Orakzai", "Afridi", "Wazir", "Baitani", "Tarakzai", "Swati", "Bajauri", "Mohmand", "Khattak"]


def build(store: Store, n: int) -> None:
    rnd = random.Random(1)
    for i in range(n):
        name = f"{rnd.choice(FIRST)} {rnd.choice(MIDDLE)} {rnd.choice(LAST)}"
        death = [("p", "status", {"state": "killed", "date": None, "place": rnd.choice(["Tirah", "Kunar", "Swat"]),
                                  "by": None})] if rnd.random() < 0.1 else []
        add_doc(store, f"Report {i}: {name} was seen in the valley.",
                f"20{rnd.randint(10, 24)}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}",
                [("p", name, rnd.choice([TTP, LEJ]), "commander", rnd.choice(["Bajaur", "Quetta", "Swat"]))], death)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(str(Path(tmp) / "bench.db"))
        try:
            build(store, n)
            t = time.perf_counter()
            resolve(store)
            with_queue = time.perf_counter() - t
            keep, review.refresh = review.refresh, lambda conn, res, near: None   # type: ignore[assignment]
            t = time.perf_counter()
            resolve(store)
            without = time.perf_counter() - t
            review.refresh = keep                                              # type: ignore[assignment]
            resolve(store)
            pages = []
            for _ in range(2):
                t = time.perf_counter()
                q = review.queue(store, 10)
                pages.append(time.perf_counter() - t)
            print(f"{n} documents: resolution {with_queue:.2f} s storing the queue, {without:.2f} s without; "
                  f"a page of 10 items {min(pages) * 1000:.0f} ms; {q['total']} suggestions")
        finally:
            store.close()


if __name__ == "__main__":
    main()
