"""Paragraphs and sentences with character offsets into the document text."""
from __future__ import annotations

import re
from dataclasses import dataclass

ABBREV = {"mr", "mrs", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "no", "st", "jr", "sr", "vs",
          "rs", "u.s", "u.n", "i.e", "e.g", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
          "sept", "oct", "nov", "dec", "inc", "ltd", "co", "prof", "brig", "sen", "gov", "d.i", "p"}


@dataclass
class Sentence:
    start: int
    end: int
    para: int
    index: int
    text: str

    @property
    def span(self) -> tuple[int, int]:
        return self.start, self.end


SPLIT = re.compile(r"([.!?](?:\[\d{1,3}\])*[\"\u201d'\)\]]*(?:\[\d{1,3}\])*)\s+(?=[\"\u201c'(\[]?[A-Z0-9\u2013])")


def sentences(text: str) -> list[Sentence]:
    """Split on blank lines into paragraphs, then on sentence ends; offsets are kept."""
    out: list[Sentence] = []
    para = 0
    for pm in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*", text):
        block_start = pm.start()
        block = pm.group(0)
        # single newlines inside a block also end a sentence; long lines are paragraphs of their own
        lines = block.split("\n")
        own_paras = len(lines) > 1 and sum(map(len, lines)) / len(lines) > 100
        for n, lm in enumerate(re.finditer(r"[^\n]+", block)):
            if own_paras and n:
                para += 1
            line, lstart = lm.group(0), block_start + lm.start()
            pos = 0
            for m in SPLIT.finditer(line):
                cut = m.end(1)
                before = line[pos:cut]
                last = re.search(r"(\S+)$", before)
                word = last.group(1).rstrip(".").lstrip("(\"'").lower() if last else ""
                if word in ABBREV or re.search(r"\w\.\w", word) or re.fullmatch(r"[A-Z]", last.group(1).rstrip(".") if last else ""):
                    continue
                _add(out, line, pos, cut, lstart, para)
                pos = m.end()
            _add(out, line, pos, len(line), lstart, para)
        para += 1
    for i, s in enumerate(out):
        s.index = i
    return out


def _add(out, line, s, e, offset, para):
    seg = line[s:e]
    lead = len(seg) - len(seg.lstrip())
    seg = seg.strip()
    if seg:
        start = offset + s + lead
        out.append(Sentence(start, start + len(seg), para, 0, seg))
