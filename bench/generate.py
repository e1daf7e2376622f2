"""One generator of stores for the benchmarks (``bench/scale.py``, ``bench/web_latency.py``,
``bench/incremental.py``): documents and their statements as the extractor gives them (values,
evidence spans, rules), made up without the extractor, and written through the store's own
write path (``Store.save_many``: what ``Store.save`` writes, many documents a transaction).

Each document is a short bulletin about one or two attacks (type, place, dead and injured,
perpetrators) by 2 or 3 of N/8 made-up men (full name, alias, role, group, home district);
now and then a man is reported killed. About 30 statements a document: 100,000 documents make
about 3 million. Extraction is measured on its own, on real-looking articles
(``bench/ingest_workers.py``)."""
from __future__ import annotations

import random
import sys
import time
from dataclasses import dataclass

FIRST = ("Abdul Akhtar Amir Asad Aslam Bashir Daud Fazal Ghulam Gul Habib Hafiz Hakim Hamid Haroon Hayat Ibrahim Ilyas "
         "Imran Ismail Jalal Jamil Kamran Karim Khalid Latif Majid Matiullah Mansoor Mukhtar Naeem Najib Nasir Noor "
         "Obaid Qasim Rafiq Rashid Sadiq Saeed Salman Shafiq Shahid Sharif Sultan Tariq Usman Wali Waqas Yaqub Yousaf "
         "Zafar Zahid Zakir Zubair Asmatullah Hikmatullah Inamullah Saifullah Rahimullah Ehsanullah Najibullah").split()
LAST = ("Afridi Bangash Bhittani Burki Daur Durrani Ghilzai Jadoon Kakar Khattak Marwat Mehsud Mohmand Orakzai "
        "Shinwari Swati Tarkani Wazir Yousafzai Achakzai Bugti Marri Mengal Zehri Baloch Raisani Sherani Mandokhel "
        "Kasi Kundi Gandapur Turi Momand Safi Salarzai Utmankhel Tanoli Awan Niazi Khalil Mamund Hotak Tarin "
        "Popalzai Alikozai Barakzai Nurzai Ishaqzai Alizai Kharoti Zadran Mangal Jaji Waziri Ahmadzai Sulemankhel").split()
# made-up one-word aliases: a prefix and a suffix ("Zarrar", "Toofan"...), one per leader
ALIAS_HEAD = ("Zar Toof Sham Qas Ghaz Shah Tay Faat Muj Azz Haq Saq Tal Baz Dil Sher Jan Gul Nur Khan Sar Mir Bab "
              "Zal Raz Daw Naw Kar Saf Wah").split()
ALIAS_TAIL = "rar an sheer war i een ib ha mir dar gai zai yar ak oon ul ud".split()
EXTRACTOR = "bench-gen"


TYPES = [("bombing", "a roadside bomb went off near a police van"), ("suicide_bombing", "a suicide bomber blew himself up at a checkpost"),
         ("armed_assault", "gunmen stormed a security post"), ("targeted_killing", "gunmen on a motorcycle opened fire on a car"),
         ("attack", "militants attacked a police station"), ("clash", "security forces clashed with militants"),
         ("kidnapping", "armed men abducted travellers")]
TARGETS = ["policemen", "soldiers", "civilians", "levies personnel", "workers"]
ROLES = ["commander", "leader", "deputy chief", "spokesman", "member"]
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
PUBLISHERS = ["The Frontier Ledger", "Valley Courier", "Border Post", "Daily Gazette"]


class Text:
    """A document's text built sentence by sentence, each sentence's span kept."""

    def __init__(self):
        self.parts: list[str] = []
        self.at = 0

    def add(self, *pieces) -> dict:
        """Append a sentence made of ``pieces`` (strings, or (label, string) for a span to remember);
        the spans {label: (start, end)} and the sentence's own as "_"."""
        start = self.at
        spans = {}
        for piece in pieces:
            label, text = piece if isinstance(piece, tuple) else (None, piece)
            if label:
                spans[label] = (self.at, self.at + len(text))
            self.parts.append(text)
            self.at += len(text)
        spans["_"] = (start, self.at)
        self.parts.append(" ")
        self.at += 1
        return spans

    def text(self) -> str:
        return "".join(self.parts).rstrip()


def men(n: int, rng: random.Random, groups: list, districts: list) -> list[dict]:
    """``n`` made-up men: a full name, a one-word alias, a group, a role and a home district each."""
    names = sorted({f"{f} {last}" for f in FIRST for last in LAST})
    aliases = sorted({h + t + e for h in ALIAS_HEAD for t in ALIAS_TAIL for e in ("", "i", "a", "o", "u", "ia", "ai")})
    rng.shuffle(names)
    rng.shuffle(aliases)
    return [{"name": names[i % len(names)], "alias": aliases[i % len(aliases)], "group": rng.choice(groups),
             "role": rng.choice(ROLES), "home": rng.choice(districts)} for i in range(n)]


def document(i: int, rng: random.Random, men: list[dict], districts: list):
    """One generated document and its statements, as the extractor gives them (values, spans, rules)."""
    from militant_monitor.extract.pipeline import slug
    from militant_monitor.model.document import Document
    from militant_monitor.model.statement import Statement
    year = rng.randint(2008, 2025)
    day = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    t = Text()
    cast = rng.sample(men, rng.randint(2, 3))
    facts: list = []     # (entity_id, type, prop, value, span)
    events = []
    for k in range(rng.randint(1, 2)):
        place = rng.choice(districts)
        etype, how = rng.choice(TYPES)
        killed, injured, target = rng.randint(0, 14), rng.randint(0, 20), rng.choice(TARGETS)
        man = cast[k % len(cast)]
        group = man["group"]
        s1 = t.add(f"{place.name.upper()}: " if k == 0 else "Earlier, ", f"{killed} {target} were killed and {injured} others injured on "
                   f"{rng.choice(WEEKDAYS)} when {how} in ", ("place", place.name), " district, officials said.")
        s2 = t.add("Police blamed fighters led by ", ("name", man["name"]), f", a {man['role']} of the ", ("group", group.name),
                   f", for the {etype.replace('_', ' ')}.")
        eid = f"event:{{doc}}:e{k + 1}"
        span = (s1["_"][0], s2["_"][1])
        pdict = {"country": place.country, "district": place.district or place.name, "lat": place.lat, "lon": place.lon,
                 "name": place.name, "province": place.province}
        facts += [(eid, "event", "type", etype, span), (eid, "event", "date", day, span), (eid, "event", "place", pdict, span),
                  (eid, "event", "killed", killed, span), (eid, "event", "injured", injured, span),
                  (eid, "event", "perpetrators", [man["name"], group.name], span), (eid, "event", "targets", [target], span),
                  (eid, "event", "evidence", None, span)]
        events.append((eid, man, s2))
    for k, man in enumerate(cast):
        pid = f"person:{{doc}}:{slug(man['name'])}"
        led = [(eid, s) for eid, m, s in events if m is man]
        if led:
            s = led[0][1]
        else:
            s = t.add(("name", man["name"]), f", a {man['role']} of the ", ("group", man["group"].name),
                      ", was named by officials as one of those behind the recent attacks.")
        facts += [(pid, "person", "name", man["name"], s["name"]), (pid, "person", "role", man["role"], s["name"]),
                  (pid, "person", "affiliation", {"group": man["group"].name, "relation": man["role"]}, s["_"]),
                  ("group:" + slug(man["group"].name), "group", "name", man["group"].name, s["group"])]
        facts += [(pid, "person", "event", eid.format(doc="{doc}"), s["name"]) for eid, _ in led]
        if rng.random() < 0.5:
            a = t.add(("alias", man["alias"]), ", as ", man["name"].split()[-1], " is known, hails from ",
                      ("origin", man["home"].name), ".")
            facts += [(pid, "person", "alias", man["alias"], a["alias"]), (pid, "person", "origin", man["home"].name, a["_"])]
        if rng.random() < 0.04:
            st = t.add(man["name"].split()[-1], " was later ", ("state", "killed"), " in an operation, the military said.")
            facts.append((pid, "person", "status", {"state": "killed", "date": day}, st["_"]))
    t.add(f"(Filed {day}, bulletin {i:05d}.)")
    text = t.text()
    title = f"{events[0][1]['name']} blamed for attack ({i:05d})"
    publisher = PUBLISHERS[i % len(PUBLISHERS)]
    d = Document(text=text, title=title, published=day, publisher=publisher, source_path=f"generated/{i:05d}.txt")
    ext = EXTRACTOR
    sts = [Statement(f"document:{d.id}", "document", prop, v, d.id, extractor=ext, rule="document.meta")
           for prop, v in (("title", title), ("published", day), ("publisher", publisher), ("language", "en"))]
    for eid, etype, prop, value, (a, b) in facts:
        if prop == "evidence":
            value = text[a:b]
        sts.append(Statement(eid.format(doc=d.id), etype, prop, value if not isinstance(value, str) or prop != "event"
                             else value.format(doc=d.id), d.id, start=a, end=b, extractor=ext, confidence=0.75,
                             rule=f"{etype}.{prop}"))
    return d, sts


@dataclass
class Cast:
    """What the documents of one generated store are about: its men, groups and districts."""
    rng: random.Random
    men: list
    groups: list
    districts: list


def cast(docs: int, seed: int = 7, leaders: int = 0) -> Cast:
    """The cast of a store of ``docs`` documents: ``leaders`` men (default docs / 8, at least 200)."""
    from militant_monitor import data
    rng = random.Random(seed)
    groups = [g for g in data.groups() if g.country == "PK"][:15] or data.groups()[:15]
    districts = [p for p in data.places() if p.kind == "district" and p.lat is not None and p.country == "PK"]
    return Cast(rng, men(leaders or max(200, docs // 8), rng, groups, districts), groups, districts)


def documents(c: Cast, start: int, n: int):
    """Documents ``start`` to ``start + n - 1`` of the cast's store: (document, sheet, statements)."""
    for i in range(start, start + n):
        d, sts = document(i, c.rng, c.men, c.districts)
        yield d, {"document": {"published": d.published, "title": d.title, "publisher": d.publisher,
                               "language": "en"}}, sts


def write(store, c: Cast, start: int, n: int, batch: int = 500, progress: bool = False) -> int:
    """Write documents ``start`` .. ``start + n - 1`` through ``Store.save_many``, ``batch`` a
    transaction; how many statements were written."""
    written, t0, buf = 0, time.perf_counter(), []
    for k, item in enumerate(documents(c, start, n), 1):
        buf.append(item)
        written += len({s.id for s in item[2]})
        if len(buf) == batch or k == n:
            store.save_many(buf, EXTRACTOR)
            buf = []
            if progress and k % 10_000 < batch:
                print(f"  {k:,} documents written ({time.perf_counter() - t0:.0f} s)", file=sys.stderr, flush=True)
    return written
