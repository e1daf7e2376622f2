"""Citations the article gives: '(Geo TV, January 30)', 'according to Dawn', 'Voice of America reported'."""
from __future__ import annotations

import re
from dataclasses import replace

from . import lexicon, patterns
from .dates import read_dates, shift
from .state import Work

SEE = r"(?:(?:see|See)\s+(?:also\s+)?|cf\.\s+)?"   # '(see MLM, October 4, 2018)'
PAREN = re.compile(rf"\({SEE}(?P<outlet>[A-Z][^(),;]{{1,60}}?),\s*(?P<date>[^()]{{3,40}}?)\)")
NOTE = re.compile(r"^\s*(?:\[\d+\]|\d{1,3}\.?)\s*[\"\u201c][^\"\u201d]{3,200}[,.]?[\"\u201d],?\s+(?P<outlet>[A-Z][^,]{1,60}?),\s*(?P<date>[^,]*?(?:,\s*(?:19|20)\d\d)?)\.?\s*$")
# '[2] United Nations Security Council, "Report of the ... Monitoring Team," S/2025/447, July 2025.'
NOTE_BY = re.compile(r"^\s*\[\d+\]\s*(?P<outlet>[A-Z][^,\"\u201c]{2,80}?),\s*[\"\u201c][^\"\u201d]{3,200}[\"\u201d],?\s*(?:[^,]{1,30},\s*)?(?P<date>[^,]*?(?:,\s*(?:19|20)\d\d)?)\.?\s*$")
ACCORDING = re.compile(r"\b(?i:according to|reported by|cited by|quoted by|in an interview with|(?:aired|broadcast|published|carried|shown|posted)\s+(?:on|by))\s+(?:a report (?:in|by) )?(?:[Tt]he\s+)?(?P<outlet>[A-Z][\w.&'-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w.&'-]*){0,5})")
REPORTED = re.compile(r"(?:(?<![\w.&'-])(?:[A-Z][a-z]+['\u2019]s\s+)?(?:[Tt]he\s+)?(?P<outlet>[A-Z][\w.&'-]*(?:\s+(?:of\s+)?[A-Z][\w.&'-]*){0,4}))"
                      r"(?:\s+(?:news\s+agency|news\s+channel|newspaper|daily|television|TV\s+channel|website|agency|outlet))?"
                      r"(?:\s*,\s*(?:a|an|the|citing)\s+[^,;.]{3,80},)?"
                      r"\s+(?:(?:had\s+|has\s+|also\s+)?(?:reported|quoted|aired|broadcast|published|carried|wrote)|said in a report)\b")


MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
DATE_TXT = rf"(?:{MONTH}\s+\d{{1,2}}(?!\d)(?:,\s*(?:19|20)\d\d)?|\d{{1,2}}\s+{MONTH}(?:,?\s*(?:19|20)\d\d)?|{MONTH}(?:\s+(?:19|20)\d\d)?|\w+day)"
OUTLET_TXT = r"(?<![\w.&'-])(?P<outlet>[A-Z][\w.&'-]*(?:\s+(?:of\s+|and\s+|for\s+)?[A-Z][\w.&'-]*){0,7})"
# 'a report by the UN Security Council's Analytical Support and Sanctions Monitoring Team, released on July 24'
REPORT_BY = re.compile(rf"\b(?:[Aa]|[Tt]he|[Ii]ts|[Aa]n)\s+(?:[\w-]+\s+){{0,2}}?(?:report|assessment|study|bulletin|review|paper)\s+(?:by|from|of)\s+(?:the\s+)?(?:[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*['\u2019]s\s+)?{OUTLET_TXT}[^.;]{{0,40}}?\b(?:released|published|issued|dated)\s+(?:on|in)\s+(?P<date>{DATE_TXT})")
# 'The UN Monitoring Team, in a report released on Feb. 4, 2026, said'
OUTLET_REPORT = re.compile(rf"{OUTLET_TXT}(?:\s*\([A-Z]{{2,8}}\))?\s*,\s+in\s+(?:a|its|an)\s+(?:[\w-]+\s+){{0,3}}?(?:report|assessment|statement|bulletin)\s+(?:released|published|issued|dated)?\s*(?:on|in)?\s*(?P<date>{DATE_TXT}(?:,\s*(?:19|20)\d\d)?)")
# 'The UN Security Council's sanctions monitoring team noted in its July 2025 report': the body named before
ITS_REPORT = re.compile(rf"\bin\s+(?:its|their|a|the)\s+(?P<date>{MONTH}(?:\s+\d{{1,2}},)?\s+(?:19|20)\d\d)\s+(?:annual\s+|latest\s+|quarterly\s+)?(?:report|assessment|review|update|bulletin)\b")
# 'the Monitoring Team's July 2025 report', 'the December 2025 issue of Nawai Ghazwa-e-Hind'
DATED_REPORT = re.compile(rf"\b{OUTLET_TXT}['\u2019]s\s+(?P<date>{MONTH}(?:\s+\d{{1,2}},)?\s+(?:19|20)\d\d)\s+(?:report|issue|assessment|bulletin)")
# 'according to a December 2025 report by the Pakistan Institute for Peace Studies (PIPS)'
REPORT_DATED_BY = re.compile(rf"\b(?:[Aa]|[Aa]n|[Tt]he|[Ii]ts)\s+(?P<date>{MONTH}(?:\s+\d{{1,2}},)?\s+(?:19|20)\d\d)\s+(?:[\w-]+\s+){{0,2}}?(?:report|assessment|study|survey|review|bulletin)\s+(?:by|from|of)\s+(?:the\s+)?{OUTLET_TXT}")
ISSUE_OF = re.compile(rf"\b(?P<date>{MONTH}(?:\s+\d{{1,2}},)?\s+(?:19|20)\d\d)\s+(?:issue|edition|number)\s+of\s+(?:the\s+)?{OUTLET_TXT}")


def read_citations(work: Work) -> None:
    """Fill ``work.citations`` (per sentence) and ``work.sources`` (document-wide, deduplicated)."""
    matcher = lexicon.outlet_matcher()
    seen = set()
    own = None   # the publisher's names, read when a sentence first needs them
    earlier = None   # with no publication date: the last full date of the running text so far
    for s in work.sentences:
        told = _running_dates(s.text) if work.published is None else []
        found = []
        for m in re.finditer(r"\((?P<body>[^()]{5,160};[^()]{3,80})\)", s.text):   # '(Dawn, November 26; Hasht-e Subh, November 27)'
            anchor = _citation_anchor(work, s, m.start(), earlier, told)
            for part in re.split(r"\s*;\s*", m.group("body")):
                pm = re.match(rf"{SEE}(?P<outlet>[A-Z][^,]{{1,60}}?),\s*(?P<date>.+)$", part.strip())
                if not pm or not _is_outlet(pm.group("outlet").strip(), matcher):
                    continue
                dates = read_dates(pm.group("date"), anchor, nearest=work.published is None)
                if dates and dates[0].start == 0:
                    found.append((pm.group("outlet").strip(), dates[0].value, s.start + m.start(), s.start + m.end(), "citation.paren_list"))
        for m in PAREN.finditer(s.text):
            outlet = m.group("outlet").strip()
            anchor = _citation_anchor(work, s, m.start(), earlier, told)
            dates = read_dates(m.group("date"), anchor, nearest=work.published is None)
            if not dates or dates[0].start != 0:
                continue
            if not _is_outlet(outlet, matcher):
                continue
            found.append((outlet, dates[0].value, s.start + m.start(), s.start + m.end(), "citation.paren"))
        # the cues below all need a known outlet: a sentence that names none is not read by them
        cue_rxs = (ACCORDING, REPORTED) if matcher.find(s.text) else ()
        for rx in cue_rxs:
            for m in rx.finditer(s.text):
                hit = _outlet_in(m.group("outlet"), matcher, at_end=rx is REPORTED)
                if hit is not None:
                    outlet = re.sub(r"['\u2019]s?$", "", hit.text)
                    when = None
                    # 'TOLOnews reported on Tuesday', 'according to the Express Tribune of January 14, 2023'
                    rm = re.match(r"\s*(?:on\s+)?(?:the\s+(?:following|next)\s+day|a\s+day\s+later|the\s+same\s+day|that\s+day)\b", s.text[m.end():]) \
                        if rx is REPORTED or re.match(r"(?i)(?:aired|broadcast|published|carried|shown|posted)\s", m.group(0)) else None
                    if rm:   # 'On January 8, ... the Express Tribune reported the following day'
                        told = [d for d in work.dates(s.text[:m.start()], s, s.start) if d.value and len(d.value) == 10 and not d.reporting]
                        if told:
                            when = shift(told[-1].value, re.sub(r"^\s*(?:on\s+)?", "", rm.group(0)).lower())
                            found.append((outlet, when, s.start + m.start(), s.start + m.end() + rm.end(), "citation.reported_next_day"))
                            continue
                    dm = re.match(r"\s*(?:(?:footage|images|video|a\s+report|a\s+story|an\s+interview|a\s+video)\s+)?(?:of|on|in|dated|\()?\s*(?:last\s+(?:month|week|year)|earlier\s+this\s+(?:month|week)|\w+day|yesterday|last\s+\w+day|[A-Z][a-z]+\.?\s+\d{1,2}(?!\d)(?:,\s*\d{4})?|\d{1,2}\s+[A-Z][a-z]+(?:\s+\d{4})?|" + MONTH + r"(?:\s+(?:19|20)\d\d)?\b)", s.text[m.end():])
                    end = m.end()
                    if dm and (rx is REPORTED or re.match(r"\s*(?:of|dated|\()\s*", s.text[m.end():])
                               or (re.search(r"(?i)\ba\s+report\s+(?:in|by)\b", m.group(0)) and re.match(r"\s*on\s", s.text[m.end():]))
                               or (re.match(r"(?i)(?:aired|broadcast|published|carried|shown|posted)\s", m.group(0)) and re.match(r"\s*on\s", s.text[m.end():]))
                               or (re.match(r"(?i)reported by", m.group(0)) and re.match(r"\s*on\s", s.text[m.end():]))):
                        ds = work.dates(s.text[m.end():m.end() + dm.end()], s) or \
                            work.dates(s.text[m.end() - 9:m.end() + dm.end()], s)   # 'reported Thursday'

                        when = next((d.value for d in ds if d.value), None)
                        end = m.end() + dm.end()
                    if when is None:   # "according to PIPS' annual security report for 2024, released in January 2025"
                        rm2 = re.match(rf"[^.;]{{0,80}}?\b(?:released|published|issued)\s+(?:on|in)\s+(?P<date>{DATE_TXT}(?:,\s*(?:19|20)\d\d)?)", s.text[m.end():])
                        if rm2 and not re.search(r"\b(?:said|says|told|reported)\b", rm2.group(0)):
                            when = _date_of(work, rm2.group("date"), s)
                    if when is None and rx is REPORTED:   # 'TOLOnews reported the final toll on Monday'
                        rm3 = re.match(rf"[^.;,]{{0,60}}?\bon\s+(?P<date>\w+day\b|{DATE_TXT})", s.text[m.end():])
                        if rm3 and not re.search(r"\b(?:that|said|says|told)\b", rm3.group(0)):
                            when = _date_of(work, rm3.group("date"), s)
                    found.append((outlet, when, s.start + m.start(), s.start + end,
                                  "citation.according" if rx is ACCORDING else "citation.reported"))
        if cue_rxs:
            own = _publishers(work, matcher) if own is None else own
            _cued(work, s, matcher, found, own)
        # a report named by its issuer and date: the issuer before 'in its July 2025 report', or in the pattern
        reports = []
        for m in ITS_REPORT.finditer(s.text) if cue_rxs else ():
            before = [h for h in matcher.find(s.text[:m.start()]) if h.end <= m.start()]
            if before:
                reports.append((before[-1], m, s.start + before[-1].start))
        for rx in (REPORT_BY, OUTLET_REPORT, DATED_REPORT, ISSUE_OF, REPORT_DATED_BY) if cue_rxs else ():
            for m in rx.finditer(s.text):
                named = matcher.find(m.group("outlet"))
                if named:
                    reports.append((named[0], m, s.start + m.start()))
        for hit, m, at in reports:
            outlet = hit.entry.canonical
            when = _date_of(work, m.group("date"), s)
            if when and not any(lexicon.key(o) == lexicon.key(outlet) and d == when for o, d, *_ in found):
                found.append((outlet, when, at, s.start + m.end(), "citation.report"))
        # a numbered note citing a piece: '[3] "Headline," The Diplomat, August 2020.'
        nm = NOTE.match(s.text)
        if not (nm and _is_outlet(nm.group("outlet").strip(), matcher)):
            nm = NOTE_BY.match(s.text)
            if nm and not (_is_outlet(nm.group("outlet").strip(), matcher) or re.search(
                    r"\b(?:Council|Department|Ministry|Institute|Team|Nations|Cent(?:er|re)|Foundation|Group|Commission|Office)\b", nm.group("outlet"))):
                nm = None
        if nm:
            dates = read_dates(nm.group("date"), None)
            value = dates[0].value if dates and dates[0].start == 0 else None
            if value or not nm.group("date").strip():
                found.append((nm.group("outlet").strip(), value, s.start, s.end, "citation.note"))
        # '[3] The Balochistan Post, April 20, 2021; Dawn, April 19, 2021.'
        if not nm and re.match(r"\s*\[\d+\]\s", s.text):
            for part in re.split(r"\s*;\s*", re.sub(r"^\s*\[\d+\]\s*", "", s.text)):
                pm = re.match(r"(?P<outlet>[A-Z][^,]{1,60}?),\s*(?P<date>[^,]+(?:,\s*(?:19|20)\d\d)?)\.?$", part.strip())
                if pm and _is_outlet(pm.group("outlet").strip(), matcher):
                    ds = read_dates(pm.group("date"), None)
                    if ds and ds[0].start == 0 and ds[0].value:
                        found.append((pm.group("outlet").strip(), ds[0].value, s.start, s.end, "citation.note_list"))
        if work.published is None:
            earlier = told[-1][1] if told else earlier
        work.citations[s.index] = [(o, d) for o, d, *_ in found]
        work.citation_spans.extend((a, b) for _, _, a, b, _ in found)
        for o, d, a, b, rule in found:
            # 'Pajhwok' and 'Pajhwok Afghan News' on one day: one citation; 'TOLO News, April 4' and
            # 'TOLO News, April 6' with no year to place them: two reports, both undated
            k = (_canonical(o, matcher), d or _written_date(work.text[a:b], o))
            if k not in seen:
                seen.add(k)
                work.sources.append((o, d, a, b, rule))
    _drop_undated_twins(work, matcher)


def _cued(work: Work, s, matcher, found: list, own: set) -> None:
    """Outlets the cues of ``data/patterns/citations.yaml`` cite, undated: 'told Reuters', 'per the AP',
    'data compiled by the South Asia Terrorism Portal', 'The New York Times noted'. The outlet's name
    must be all the capitalised words there ('told Shamshad Ahmad' is a man). The publisher's own
    reporters ('officials told Dawn' in Dawn; ``own``, see ``_publishers``) are not a citation."""
    taken = bytearray(len(s.text) + 1)   # the characters a citation found so far covers
    for _, _, a, b, _ in found:
        taken[a - s.start:b - s.start] = b"\x01" * (b - a)
    for p in patterns.load("citations").values():
        for m in p.finditer(s.text):
            words = m.group("outlet")
            hit = _outlet_in(words, matcher, at_end=p.id == "citation.outlet_says",
                             skip=("militant-media", "official"))   # 'the State Department said': a statement
            if hit is None or hit.end < len(re.sub(r"['\u2019]s?$", "", words)):
                continue   # 'told Shamshad Ahmad': a man, not the Shamshad channel
            if p.id == "citation.told" and getattr(hit.entry.record, "kind", "news") != "agency":
                continue   # 'officials told Geo News' is mostly Geo's own reporting; wire copy travels
            if taken[m.start("outlet") + hit.start] or _canonical(hit.text, matcher) in own:
                continue
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
            found.append((re.sub(r"['\u2019]s?$", "", hit.text), None, s.start + m.start(), s.start + m.end(), p.id))


DATELINE = re.compile(r"(?m)^[A-Z][A-Z'-]+(?:[ ,.]{1,2}[A-Za-z'-]+){0,4}\s*\((?P<outlet>[^()\n]{2,40})\)\s*[:\-\u2013\u2014]")


def _publishers(work: Work, matcher) -> set:
    """The keys of the outlet that published the text: the publisher read from it, an outlet named in
    its head (title, byline 'By X, BBC News', 'Web Desk | ARY News': the short lines before the first
    paragraph) or in a dateline ('MAZAR-I-SHARIF (Pajhwok):', 'KABUL (Reuters) -')."""
    names: list[str] = [work.meta["publisher"]] if work.meta and work.meta.get("publisher") else []
    for line in work.text[:1500].splitlines():
        if len(line.split()) >= 25 or re.search(r"[.!?\"\u201d]\s*$", line):
            break   # the body begins: a long line, or one that ends a sentence (a title does not)
        names += [h.text for h in matcher.find(line)]
    names += [m.group("outlet") for m in DATELINE.finditer(work.text)]
    return {_canonical(n, matcher) for n in names}


def _written_date(span: str, outlet: str) -> str | None:
    """The date as written after the outlet in a citation ('TOLO News, April 6' gives 'april 6')."""
    m = re.search(re.escape(outlet) + rf"\s*,\s*(?P<date>{DATE_TXT})", span)
    return m.group("date").lower() if m else None


def _outlet_in(text: str, matcher, at_end: bool = False, skip=("militant-media",)):
    """The known outlet a cue's capitalised words name: the first words after a cue ('according to
    Dawn and Geo' names Dawn first), the last before a verb ('As AFP reported'). A
    group's own media wing (Amaq) is never a citation; ``skip`` names the kinds left out."""
    hits = [h for h in matcher.find(text) if getattr(h.entry.record, "kind", "news") not in skip]
    if not hits:
        return None
    hits = [_with_article(h, text) for h in hits]
    if not at_end:
        return hits[0] if hits[0].start == 0 else None
    hit = hits[-1]
    lead = text[:hit.start].split()
    if hit.end >= len(re.sub(r"['\u2019]s?$", "", text)) and len(lead) <= 1:
        return hit   # 'As AFP', 'Meanwhile Dawn': one opening word at most
    return None


def _with_article(hit, text: str):
    """'Al Jazeera': the Arabic article before a name the matcher found belongs to it."""
    a = hit.start - 3
    if a >= 0 and re.fullmatch(r"(?:Al|El|al|el)[\s-]", text[a:hit.start]) and (a == 0 or not text[a - 1].isalnum()):
        return replace(hit, start=a, text=text[a:hit.end])
    return hit


def _canonical(outlet: str, matcher) -> str:
    """The key of the outlet a name denotes, whatever name it goes by."""
    hits = matcher.find(outlet)
    return lexicon.key(hits[0].entry.canonical if hits else outlet)


def _date_of(work: Work, text: str, s) -> str | None:
    """The date a citation gives ('July 2025', 'Feb. 4, 2026', 'July'), read as the sentence's dates are."""
    for form in (text, "on " + text, "in " + text):
        ds = [d for d in work.dates(form, s) if d.value]
        if ds:
            return ds[0].value
    return None


def _drop_undated_twins(work: Work, matcher) -> None:
    """'according to a CTD statement carried by Dawn the following day' ... 'Dawn also reported': one citation."""
    dated = {_canonical(o, matcher) for o, d, *_ in work.sources if d}
    work.sources[:] = [x for x in work.sources if x[1] or _canonical(x[0], matcher) not in dated]


def _is_outlet(name: str, matcher) -> bool:
    name = re.sub(r"^[Tt]he\s+", "", name)
    hits = matcher.find(name)
    if hits and hits[0].end >= len(name) - 1 and re.fullmatch(r"(?i)(?:(?:al|el|as|an)[\s-])?", name[:hits[0].start]):
        return True   # 'Al-Azaim': the article is a connector
    # an unknown outlet still looks like one: News, TV, Times, Tribune, Post, Agency...
    return bool(re.search(r"\b(?:News|TV|Times|Tribune|Post|Agency|Radio|Journal|Herald|Express|Daily|Gazette|Dawn|Press|Network|Media|Monitor|Report|Online|English|Urdu)\b", name))


def _citation_anchor(work: Work, s, at: int, earlier, told: list):
    """What a citation's 'May 5' is read against: the publication date, else the last full date the
    running text gives before it (``told``: this sentence's, see ``_running_dates``; ``earlier``: the
    one before this sentence). Another citation's date ('see MLM, October 4, 2018; Geo, April 9') does
    not date a citation: with no year in reach, its date stays open."""
    if work.published is not None:
        return work.anchor(s)
    before = [d for start, d in told if start < at]
    return before[-1] if before else earlier


def _running_dates(text: str) -> list:
    """(offset, date) of the full dates ``text`` writes outside parentheses (citations, acronyms)."""
    from ..model.types import parse_iso
    blank = re.sub(r"\([^()]*\)", lambda m: " " * len(m.group(0)), text)
    return [(d.start, parse_iso(d.value)) for d in read_dates(blank, None)
            if d.kind in ("mdy", "dmy", "iso") and d.value]
