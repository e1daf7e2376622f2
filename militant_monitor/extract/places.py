"""Places of events: a chain such as 'the Dirdoni area of Ghulam Khan Tehsil of Dera Ismail
Khan District' read into name, district, province and country, with coordinates from the
gazetteer where it knows the place."""
from __future__ import annotations

import re
from typing import Any

from . import lexicon

FACILITY = re.compile(r"\b(?:the\s+)?(?P<name>(?:[A-Z][\w'’-]{0,60}+\s+){1,4}(?:[Pp]olice\s+|[Bb]us\s+|[Rr]ailway\s+)?(?i:terminal|chowk|bazaar|bazar|market|mosque|masjid|hospital|school|university|college|compound|stadium|checkpost|check-post|checkpoint|camp|cantonment|airport|hotel|shrine|imambargah|church|temple|park|road|highway|station|court|complex|jail|prison|border|crossing|pass))\b")
AREA = re.compile(r"\b(?:the\s+)?(?P<name>[A-Z][\w'’-]{0,60}+(?:\s+[A-Z][\w'’-]{0,60}+){0,3})\s+(?:residential\s+|tribal\s+|border\s+|mountainous\s+|remote\s+)?(?:area|village|locality|neighbourhood|neighborhood|town|region|valley|Valley|Area|Village)\b")
DISTRICT = re.compile(r"\b(?P<name>[A-Z][\w'’.-]{0,60}+(?:\s+[A-Z][\w'’.-]{0,60}+){0,3})\s+(?:tribal\s+)?(?:[Dd]istrict|[Aa]gency)\b")
IN_PLACE_ON = re.compile(r"\b(?:in|at|near)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:on|along|off)\s+the\s+")
NEAR_UNIT = re.compile(r"\b(?:near|in|at|outside)\s+(?P<name>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:in|of)\s+(?:the\s+)?(?:neighbouring\s+|neighboring\s+|nearby\s+|adjoining\s+|restive\s+|southern\s+|northern\s+|eastern\s+|western\s+|central\s+)?(?:[A-Z][\w-]+\s+){1,3}(?:[Tt]ehsil|[Dd]istrict|[Aa]gency|[Pp]rovince)\b")
ORIGIN_BEFORE = re.compile(r"\b(?:resident|residents|native|natives)\s+of\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,3}$|\b(?:commander|militant|man|fighter|leader|member|cleric|youth|national|operative|jihadist|terrorist|insurgent)s?\s+(?:originally\s+)?from\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,5}$|\b(?:hails?|hailed|hailing)\s+from\s+(?:the\s+)?(?:[\w'\u2019-]+\s+){0,3}$|\br/o\s+$")
VILLAGE_OF = re.compile(r"\b(?:the\s+)?(?:village|hamlet|town|city|hamlet|locality|neighbourhood|neighborhood)\s+of\s+(?P<name>[A-Z][\w'\u2019-]+(?:\s+[A-Z][\w'\u2019-]+)?)")
CAPITAL = re.compile(r"Islamabad|Kabul|New Delhi|Delhi|Tehran|Dhaka|Washington|Beijing")
# 'heading towards Turbat', 'a train to the garrison city of Rawalpindi': where they were going, not where it happened
DESTINATION = re.compile(r"\b(?:towards?|heading\s+(?:for|to)|bound\s+for|leading\s+to|on\s+its\s+way\s+to|to)\s+(?:the\s+)?"
                         r"(?:(?:[\w-]+\s+){0,2}(?:city|town|capital|district|province|village)\s+of\s+)?$")
ORG_AFTER = re.compile(r"^\s*(?:police|Police|government|Government|administration|CTD|chapter|branch|wing|faction|chief|'s\s+(?:police|government|Deputy|DIG|IG|chief))\b")
FACILITY_SKIP = {"police station", "city police station"}


MONTH_NAMES = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}


def display_name(name):
    """'Punjab (India)' is the gazetteer's key, kept apart from Pakistan's Punjab; 'Punjab' is its name."""
    return re.sub(r"\s*\((?:India|Iran|Pakistan|Afghanistan)\)$", "", name) if isinstance(name, str) else name


def empty_place() -> dict:
    return {"name": None, "district": None, "province": None, "country": None, "lat": None, "lon": None}


def place_hits(sentence_text: str, offset: int = 0, country: str | None = None) -> list[tuple[int, int, Any, str]]:
    """Gazetteer places in a sentence: (start, end, Place, surface). A name several places
    share ('Gomal' in Pakistan and in Afghanistan) is read as the one in the same province
    as another place of the sentence, else in the document's country."""
    found = [h for h in lexicon.place_matcher().find(sentence_text) if h.text[:1].isupper()]
    provinces = {h.entry.record.province or (h.entry.record.name if h.entry.record.kind == "province" else None)
                 for h in found if len(h.entries) == 1}
    out = []
    for h in found:
        recs = [e.record for e in h.entries]
        rec = next((r for r in recs if r.province in provinces or r.name in provinces), None) \
            or next((r for r in recs if country and r.country == country), None) or recs[0]
        if country and rec.country != country and len(h.entries) == 1 and rec.kind not in ("province", "country") \
                and not FOREIGN_CUE.get(rec.country, re.compile("$^")).search(sentence_text) \
                and not any(e.entry.record.country == rec.country and e is not h for e in found):
            continue   # 'near Gomal' in a Pakistani story is not Afghanistan's Gomal district
        out.append((offset + h.start, offset + h.end, rec, h.text))
    return out


FOREIGN_CUE = {"AF": re.compile(r"\bAfghan|\bKabul\b|(?<!Pakistani )(?<![-\w])Taliban\b(?![- ]Pakistan)|\bIslamic Emirate\b|\bDurand\b"),
               "PK": re.compile(r"\bPakistan|\bIslamabad\b")}


def document_country(text: str) -> str | None:
    """The country most of the document's unambiguous places are in."""
    counts: dict[str, int] = {}
    for h in lexicon.place_matcher().find(text):
        if len(h.entries) == 1 and h.text[:1].isupper():
            c = h.entry.record.country
            counts[c] = counts.get(c, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None


def read_place(text: str, start: int, end: int, hits: list, event_only: bool = True) -> dict:
    """The most specific place a span of text names, filled up through the gazetteer."""
    st = text[start:end]
    place = empty_place()
    usable = []
    for a, b, rec, surface in hits:
        if not (start <= a < end):
            continue
        after = text[b:b + 30]
        if text[a:b].isupper() and len(text[a:b]) > 3 and re.match(r"\s*(?:,\s*[A-Z][\w .]{2,20})?\s*(?:\([^()\n]{2,40}\)\s*)?[:\u2013\u2014]", after):
            continue   # 'ISLAMABAD:' anywhere in the lead: a dateline, where the report was filed
        if event_only and ORG_AFTER.match(after) and not after.lstrip().startswith("'s"):
            continue
        if re.match(r"-bound\b|\s*-\s*(?:bound|based|born)\b", after):
            continue   # 'a Lahore-bound bus': where it was going
        if event_only and ORIGIN_BEFORE.search(text[max(0, a - 50):a]):
            continue   # 'a resident of Bajaur district's Mamund tehsil': where he is from
        if event_only and DESTINATION.search(text[max(0, a - 60):a]):
            continue   # 'heading towards Turbat': where they were going, not where it happened
        if event_only and CAPITAL.fullmatch(text[a:b]) and (
                re.search(r"\b(?:wanted|sought|accused|blamed|condemned|backed|supported)\s+by\s+$|\bbetween\s+$", text[max(0, a - 20):a])
                or re.match(r"\s+(?:and\s+[A-Z]\w+\s+)?(?:said|says|accused|accuses|blamed|blames|denied|denies|wants|demanded|demands|insists|insisted)\b", text[b:b + 30])):
            continue   # 'wanted by Islamabad', 'Kabul denies': the government, not the place
        if event_only and re.search(r"\b(?:based|headquartered|operating|active|hiding|sheltering)\s+in\s+(?:the\s+)?$", text[max(0, a - 30):a]):
            continue   # 'a militant outfit based in North Waziristan': where the group is, not the event
        if event_only and re.search(r"\bfrom\s+(?:the\s+)?$", text[max(0, a - 12):a]) and \
                re.match(r"[^.;,]{0,25}?\bto\s", text[b:b + 40]):
            continue   # 'on its way from Bannu Cantonment to North Waziristan': a route
        usable.append((a, b, rec, surface))
    named = None
    # a dateline ('PARACHINAR:') says where the report was filed, not where it happened
    dl = re.match(r"\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?\s*\([A-Za-z .]+\)\s*(?:[-:\u2013\u2014]\s*)?", st) or re.match(r"\s*[A-Z][A-Z .'/-]{2,40}(?:,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*[(:\u2013\u2014-]))?(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?)?\s*(?:\([A-Za-z .]+\))?\s*(?::|\s[-\u2013\u2014]{1,2})\s", st)
    if not dl:   # 'Islamabad, Pakistan - A suicide bomber ...'
        dl = re.match(r"\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?,\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+[-\u2013\u2014]\s", st)
    if not dl and (start == 0 or text[start - 1] == "\n"):
        dl = re.match(r"\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\s*(?:\([A-Za-z .]+\))?\s*:\s", st)   # 'Srinagar: '
    if dl:
        usable = [h for h in usable if h[0] >= start + dl.end()]
    m = NEAR_UNIT.search(st)
    if m and lexicon.key(m.group("name")) not in lexicon.groups_by_key():
        recs = lexicon.places_by_name().get(lexicon.key(m.group("name")))
        if not recs or recs[0].kind in ("town", "area", "tehsil"):
            named = m.group("name")
    m = IN_PLACE_ON.search(st)
    if named is None and m and lexicon.key(m.group("name")) not in lexicon.groups_by_key():
        named = m.group("name")   # 'a checkpost in Hawaid on the Bannu-Lakki Marwat road'
    for m in FACILITY.finditer(st) if named is None else ():
        n = m.group("name").strip()
        if re.search(r"\b(?:shifted|taken|moved|rushed|admitted|brought|transferred|evacuated|referred|airlifted|flown)\s+to\s+(?:the\s+)?$", st[max(0, m.start() - 30):m.start()]):
            continue   # 'shifted to the Combined Military Hospital': where the wounded went
        if re.search(r"\b(?:from|towards?|for)\s+(?:the\s+)?$", st[max(0, m.start() - 12):m.start()]):
            continue   # 'on its way from Bannu Cantonment': where the target came from
        if re.match(r"(?i)(?:one|two|three|four|five|six|seven|eight|nine|ten|several|dozens|many|some|all|\d+)\b", n):
            continue   # 'Four Iranian border guards': a count of people, not a border post
        if n.lower() in FACILITY_SKIP or re.match(r"(?:The|A|An)\s", n):
            n = re.sub(r"^(?:The|A|An)\s+", "", n)
        if re.search(r"\b(?:remit|jurisdiction|limits|area)\s+of\s+(?:the\s+)?$", st[:m.start()]):
            continue
        if lexicon.key(n):
            named = n
            break
    if named is None:
        for m in AREA.finditer(st):
            if event_only and ORIGIN_BEFORE.search(st[max(0, m.start() - 50):m.start()] + " "):
                continue   # 'a commander from the Datta Khel area': where he is from
            n = re.sub(r"^[\w-]+['\u2019]s\s+", "", m.group("name").strip())
            if not n or n.split()[0] in ("The", "A", "An", "This", "That", "Tribal", "Border"):
                continue
            k = lexicon.key(n)
            if k in lexicon.groups_by_key():
                continue
            named = n
            break
    if named is None:
        m = VILLAGE_OF.search(st)   # 'near the village of Kandi'
        going = m and event_only and DESTINATION.search(st[max(0, m.start("name") - 60):m.start("name")])
        if m and not going and lexicon.key(m.group("name")) not in lexicon.groups_by_key() \
                and m.group("name").split()[0] not in MONTH_NAMES:
            named = m.group("name")
    if named is None and not usable:
        # an unknown village or town: 'near Chuprial', 'in Kabal' (not a month, a group or a person)
        for m in re.finditer(r"\b(?:near|in|at|outside)\s+(?P<name>[A-Z][a-z]{3,}(?:\s+[A-Z][a-z]{3,})?)\b(?!\s+(?:Province|District|province|district))", st):
            n = m.group("name")
            if n.split()[0] in MONTH_NAMES or lexicon.key(n) in lexicon.groups_by_key() or n.split()[0] in ("The", "This", "That"):
                continue
            if re.match(r"\s*(?:[A-Z][a-z]+\s+)*(?:said|told|reported|added|claimed)\b", st[m.end():]):
                continue
            named = n
            break
    cap = _capital_named(st, start)
    if cap and all(_rank(h[2]) >= _rank(cap[0][2]) or cap[0][0] <= h[0] < cap[0][1] for h in usable):
        # 'in the Afghan capital', 'outside the main mosque of Afghanistan's capital': the capital itself,
        # not the country the phrase names
        usable = [h for h in usable if not cap[0][0] <= h[0] < cap[0][1]] + cap
    ranked = sorted(usable, key=lambda h: _rank(h[2]))
    best = ranked[0][2] if ranked else None
    # every place the chain names ('the Bagh Maidan area of Tirah'): a later mention of any is this place
    place["_within"] = [lexicon.key(n) for n in ([named] if named else []) + [h[2].name for h in usable]]
    if named:
        place["name"] = named
    if best is not None:
        if not named:
            place["name"] = best.name if best.kind not in ("province", "country") else None
        _fill(place, best)
        # a district or province the text names itself wins over the gazetteer's parent
        best_hit = ranked[0]
        for hs, he, rec, _ in ranked[1:]:
            chained = hs > best_hit[1] and re.match(r"^[^.;]{0,60}?\b(?:of|in)\s+(?:the\s+)?(?:[A-Z][\w'-]*\s+)*$", text[best_hit[1]:hs]) \
                and not re.search(r"\b(?:to|from|towards|between|and)\b", text[best_hit[1]:hs])
            if rec.kind == "district" and not chained and (
                    (place["province"] and rec.province and lexicon.key(place["province"]) != lexicon.key(rec.province))
                    or (place["country"] and rec.country and place["country"] != rec.country)):
                continue   # 'in Khost city, after Islamabad passed on his location': not this place's district
            if rec.kind == "district" and place["district"] != rec.name and (chained or not place["district"]):
                place["district"] = rec.name
                if rec.province:
                    place["province"] = rec.province
                continue
            if rec.kind == "district":
                continue   # another district of the sentence ('a coach to Quetta') is not this place's
            if rec.kind == "province" and not place["province"]:
                place["province"] = rec.name
            if not place["country"]:
                place["country"] = rec.country
    if named and not best:
        m = next((m for m in DISTRICT.finditer(st) if not ORIGIN_BEFORE.search(st[max(0, m.start() - 50):m.start()])), None)
        if m:
            place["district"] = re.sub(r"^.*['\u2019]s\s+", "", m.group("name"))   # "Kashmir's Shopian district"
    return place


CAPITAL_OF = {"afghan": "Kabul", "afghanistan's": "Kabul", "pakistani": "Islamabad", "pakistan's": "Islamabad",
              "indian": "New Delhi", "india's": "New Delhi", "iranian": "Tehran", "iran's": "Tehran"}
CAPITAL_PHRASE = re.compile(r"\b(?:the\s+|(?<=\bof\s))(?P<c>Afghan|Afghanistan['\u2019]s|Pakistani|Pakistan['\u2019]s|Indian|India['\u2019]s|Iranian|Iran['\u2019]s)\s+capital\b(?!\s+(?:of|city\s+of)\b)")


def _capital_named(st: str, start: int) -> list:
    """'A suicide bombing in the Afghan capital': a hit for the capital the phrase names, if the gazetteer has it."""
    m = CAPITAL_PHRASE.search(st)
    if not m:
        return []
    recs = lexicon.places_by_name().get(lexicon.key(CAPITAL_OF[m.group("c").lower().replace("\u2019", "'")]))
    return [(start + m.start(), start + m.end(), recs[0], m.group(0))] if recs else []


def _rank(rec) -> int:
    order = {"area": 0, "town": 1, "tehsil": 2, "district": 3, "division": 4, "province": 5, "country": 6}
    return order.get(rec.kind, 3)


def _fill(place: dict, rec) -> None:
    if rec.kind == "district":
        place["district"] = rec.name
    elif rec.district:
        place["district"] = rec.district
    if rec.kind == "province":
        place["province"] = rec.name
    elif rec.province:
        place["province"] = rec.province
    place["country"] = rec.country or place["country"]
    if rec.lat is not None and place["lat"] is None and (place["name"] in (None, rec.name)):
        place["lat"], place["lon"] = rec.lat, rec.lon


SITE_NOUN = re.compile(r"(?i)\b(?:chowk|bazaar|bazar|market|mosque|masjid|hospital|school|university|college|compound|stadium|checkpost|check-post|checkpoint|camp|cantonment|airport|hotel|shrine|imambargah|church|temple|park|road|station|court|complex|jail|prison|post)\b")


def same_site(a: dict, b: dict) -> bool:
    """Named sites that cannot be one: two different names, neither inside the other."""
    na, nb = a.get("name"), b.get("name")
    if not na or not nb:
        return True
    ka, kb = lexicon.key(na), lexicon.key(nb)
    if ka in (b.get("_within") or ()) or kb in (a.get("_within") or ()):
        return True   # 'Tirah' and 'the Bagh Maidan area of Tirah'
    for x, y in ((a, b), (b, a)):   # 'Shopian district' and 'the Zainapora area' the gazetteer does not know
        if x.get("name") in (x.get("district"), x.get("province")) and not y.get("district") and not y.get("province"):
            return True
    if bool(SITE_NOUN.search(na)) != bool(SITE_NOUN.search(nb)):
        return True   # 'the Haji Nazar Mosque' in 'Sheberghan': a site inside a town
    if set(ka.split()) <= set(kb.split()) or set(kb.split()) <= set(ka.split()):
        return True   # 'Tump' and 'Shahi Tump'
    return ka == kb or ka == lexicon.key(b.get("district") or "") or kb == lexicon.key(a.get("district") or "") \
        or ka == lexicon.key(b.get("province") or "") or kb == lexicon.key(a.get("province") or "")


def _country_only(p: dict) -> bool:
    """A place that is only a country the gazetteer knows ('detained in Afghanistan')."""
    if not p.get("name") or p.get("district") or p.get("province"):
        return False
    return any(r.kind == "country" for r in lexicon.places_by_name().get(lexicon.key(p["name"]), ()))


def compatible(a: dict, b: dict) -> bool:
    """Two places that can be the same: neither contradicts the other at any level."""
    for k in ("country", "province", "district"):
        if a.get(k) and b.get(k) and lexicon.key(a[k]) != lexicon.key(b[k]):
            return False
    if _country_only(a) or _country_only(b):
        return True   # 'detained in Afghanistan' and 'the Matun area of Khost city'
    if a.get("name") and b.get("name") and not (a.get("district") or b.get("district")):
        ka, kb = lexicon.key(a["name"]), lexicon.key(b["name"])
        if ka != kb and not (a.get("province") and b.get("province")):
            return False
    return True


def more_specific(new: dict, old: dict) -> dict:
    """Merge two compatible places, keeping the most specific name."""
    out = dict(old)
    for k in ("district", "province", "country"):
        out[k] = out[k] or new[k]
    if new.get("name") and (not old.get("name") or old["name"] in (old.get("district"), old.get("province")) or _country_only(old)
                            or (old.get("name") == new.get("district"))):
        out["name"] = new["name"]
        out["lat"], out["lon"] = new.get("lat"), new.get("lon")
    if out.get("lat") is None and new.get("lat") is not None and out.get("name") == new.get("name"):
        out["lat"], out["lon"] = new["lat"], new["lon"]
    return out
