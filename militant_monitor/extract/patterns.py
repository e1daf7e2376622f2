"""Patterns and cue words as data: ``militant_monitor/data/patterns/<name>.yaml``.

Each file is a list of patterns; each pattern has

* ``id``       - a stable dotted id (``fate.killed.passive``); every fact a pattern makes
                 records it as its rule, and ``mmon eval --by-rule`` scores it;
* ``regex``    - a regular expression (case-insensitive unless ``case: true``), or
  ``words``    - a list of cue words or phrases (matched whole, case-insensitive);
* ``doc``      - what the pattern means, in a line;
* ``examples`` - ``match``: sentences it must find, ``no_match``: sentences it must not.
  ``tests/extract/test_patterns.py`` runs every example, so a pattern is never edited
  without its evidence.

The sentences are written for the project: never copied from the articles of ``shared/``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Pattern:
    id: str
    rx: re.Pattern
    doc: str = ""
    match: tuple = field(default=())
    no_match: tuple = field(default=())

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        return self.rx.search(text, pos, len(text) if endpos is None else endpos)

    def finditer(self, text: str):
        return self.rx.finditer(text)


def _compile(entry: dict) -> re.Pattern:
    flags = 0 if entry.get("case") else re.I
    if "regex" in entry:
        return re.compile(entry["regex"], flags)
    words = sorted((w.strip() for w in entry["words"]), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"\b(?:{body})\b", flags)


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, Pattern]:
    """The patterns of ``data/patterns/<name>.yaml``, by id, in file order."""
    raw = yaml.safe_load(resources.files("militant_monitor.data").joinpath("patterns", f"{name}.yaml").read_text("utf-8"))
    out: dict[str, Pattern] = {}
    for entry in raw or []:
        pid = entry["id"]
        if pid in out:
            raise ValueError(f"patterns/{name}.yaml: duplicate id {pid}")
        ex = entry.get("examples") or {}
        out[pid] = Pattern(pid, _compile(entry), entry.get("doc", ""), tuple(ex.get("match") or ()),
                           tuple(ex.get("no_match") or ()))
    return out


def files() -> list[str]:
    """The names of every shipped pattern file."""
    folder = resources.files("militant_monitor.data").joinpath("patterns")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))


def first(name: str, text: str):
    """(pattern, match) of the first pattern of a file that finds something in ``text``, or None."""
    for p in load(name).values():
        m = p.search(text)
        if m:
            return p, m
    return None
