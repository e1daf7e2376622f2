"""Full-text search over documents and facts, for an analyst.

The query language, small and forgiving (``parse``):

* ``Hakimullah Mehsud`` - every word must occur (when nothing has them all, any of them, ranked);
* ``"Noor Wali"`` - a phrase, its words in this order;
* ``Hakim*`` - a prefix (at least two letters before the star);
* ``-Karachi``, ``NOT Karachi``, ``-"suicide bomber"`` - leave out what has it.

A name is searched in every spelling of it that folds the same (``model.names``) among the
stored names and the registries: 'Hakimullah' also finds 'Hakeemullah', 'Hakim*' also
'Hakeemullah', 'Tehrik-e-Taliban' also 'Tehreek-i-Taliban'. Each result list has a total
and pages (``limit``/``offset``). Nothing the user types is passed to FTS5 as syntax: each
word is quoted, and an unbalanced quote, a lone ``*`` or ``-`` and FTS operators (``NEAR``,
``OR``, ``^``, ``:``, parentheses) are read as plain words or dropped. A query with nothing
left to find, or that only excludes, is one ``MmonError`` line.
"""
from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

from ..errors import MmonError
from ..model import names, registry
from ..store import Store

MAX_TERMS = 32         # words and phrases a query may hold (the rest are ignored)
MAX_VARIANTS = 8       # spellings searched for one word
MAX_PHRASES = 64       # spellings searched for one phrase (the product of its words' spellings)
MIN_PREFIX = 2         # letters before a '*'
# what may join the words of one name ('Tehreek-e-Taliban', "Ma'ruf", 'J&K', 'U.S.') or mark a prefix;
# every other sign ('(', ':', '^', '+', ...) only separates words
SYNTAX = re.compile(r"[^\w\s\"'\u2019*&./-]|_")
PIECE = re.compile(r'-*"[^"]*"|"|[^\s"]+')   # a phrase (maybe excluded), a stray quote, a word


@dataclass
class Term:
    """One thing to find: a word, a phrase (several words in order) or a prefix."""
    words: tuple[str, ...]
    prefix: bool = False


@dataclass
class Query:
    """A parsed query: what must occur, and what must not."""
    include: list[Term] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)

    @property
    def words(self) -> list[str]:
        return [w for t in self.include for w in t.words]


def _words(s: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[^\W_]+", s))


def parse(query: str) -> Query:
    """The query's words, phrases, prefixes and exclusions (see the module docstring).
    Never fails: what cannot be read as syntax is read as words, or dropped."""
    q = Query()
    text = SYNTAX.sub(" ", query or "")  # 'NEAR(x)', 'title:x', 'x^': operators are spaces, their words words
    pieces = PIECE.findall(text)
    if pieces.count('"') % 2:            # an unbalanced quote is not a phrase: its words are plain words
        pieces = PIECE.findall(text.replace('"', " "))
    negate = False
    for p in pieces:
        if p == '"':
            continue
        if p == "NOT":
            negate = True
            continue
        if p.startswith("-"):
            negate, p = negate or len(p.lstrip("-")) > 0, p.lstrip("-")
        if p.startswith('"'):
            term = Term(_words(p))
        else:
            ws = _words(p)        # 'Tehreek-e-Taliban' is a phrase of three words
            term = Term(ws, prefix=p.endswith("*") and bool(ws) and len(ws[-1]) >= MIN_PREFIX)
        if term.words:
            (q.exclude if negate else q.include).append(term)
        negate = False
    q.include, q.exclude = q.include[:MAX_TERMS], q.exclude[:MAX_TERMS]
    return q


@dataclass
class _Spellings:
    """The stored spellings of one store as of its ``count`` name rows up to rowid ``last``."""
    count: int
    last: int
    variants: dict[str, set[str]]


_SPELLINGS: dict[str, _Spellings] = {}      # by store url
_LOCK = threading.Lock()                    # the web app searches from several threads


def _add_words(variants: dict[str, set[str]], name_list) -> None:
    for name in name_list:
        for w in names.words(name):
            if len(w) > 3:
                variants.setdefault(names.fold_word(w), set()).add(w)


def name_variants(store: Store) -> dict[str, set[str]]:
    """Every word of a stored name or alias (as written and as keyed) and of the registries'
    names, by its folded spelling (model.names), so a search for 'Hakimullah' also finds
    'Hakeemullah' and 'Tehreek' also 'Tehrik'. Kept between searches: names stored since are
    added; when names were removed, it is built again. Call it holding ``_LOCK``."""
    count, last = store.name_rows_state()
    known = _SPELLINGS.get(store.url)
    if known is not None and (known.count, known.last) == (count, last):
        return known.variants
    if known is not None and last > known.last:
        new = store.names_after(known.last)
        if known.count + len(new) == count:       # only added since: catch up
            _add_words(known.variants, (n for row in new for n in row))
            known.count, known.last = count, last
            return known.variants
    variants: dict[str, set[str]] = {}
    _add_words(variants, registry.all_names())
    _add_words(variants, (n for row in store.names_after(0) for n in row))
    _SPELLINGS[store.url] = _Spellings(count, last, variants)
    return variants


SAME_CONNECTOR = {"e": ["i"], "i": ["e"]}   # 'Tehreek-e-Taliban' = 'Tehreek-i-Taliban'


def _spellings(word: str, variants: Mapping[str, Collection[str]]) -> list[str]:
    """The word as typed, then its stored spellings (a connector: its other spelling)."""
    low = word.lower()
    if low in SAME_CONNECTOR:
        return [word, *SAME_CONNECTOR[low]]
    return [word, *(v for v in sorted(variants.get(names.fold_word(low), ())) if v != low)]


def _prefix_spellings(prefix: str, variants: Mapping[str, Collection[str]]) -> list[str]:
    """The prefix as typed, then the stored name words that fold to something starting with its
    folded form ('Hakim*' finds 'Hakeemullah')."""
    low = prefix.lower()
    folded = names.fold_word(low)
    found = sorted({v for k, vs in variants.items() if k.startswith(folded) for v in vs if not v.startswith(low)})
    return [prefix, *found]


def _quoted(words) -> str:
    return '"' + " ".join(words) + '"'


def fts_term(term: Term, variants: Mapping[str, Collection[str]] | None = None) -> str:
    """One term in FTS5 syntax, every word quoted; spelling variants OR-ed."""
    v = variants or {}
    if term.prefix and len(term.words) == 1:
        alts = [_quoted([w]) + "*" for w in _prefix_spellings(term.words[0], v)[:MAX_VARIANTS]]
    elif term.prefix:      # 'Abu-Hak*': the phrase with its last word a prefix
        alts = [_quoted(term.words) + "*"]
    else:
        combos = itertools.islice(itertools.product(*(_spellings(w, v)[:MAX_VARIANTS] for w in term.words)),
                                  MAX_PHRASES)
        alts = [_quoted(c) for c in combos]
    return alts[0] if len(alts) == 1 else "(" + " OR ".join(alts) + ")"


def fts_query(query: str | Query, variants: Mapping[str, Collection[str]] | None = None, joiner: str = " AND ") -> str:
    """The query in FTS5 syntax: its terms joined by ``joiner`` and the excluded terms NOT-ed;
    a word with stored spelling variants becomes ``("hakimullah" OR "hakeemullah")``."""
    q = parse(query) if isinstance(query, str) else query
    if not q.include:
        if q.exclude:
            raise MmonError("search.empty", "the query only excludes words: give a word to find as well")
        raise MmonError("search.empty", "the query has no words to search for")
    expr = joiner.join(fts_term(t, variants) for t in q.include)
    if q.exclude:
        expr = f"({expr}) NOT ({' OR '.join(fts_term(t, variants) for t in q.exclude)})"
    return expr


def search(store: Store, query: str, limit: int = 20, offset: int = 0) -> dict:
    """Documents and facts matching ``query``, best first: ``limit`` of each from ``offset``,
    with the ``total`` of each. All terms first; when nothing has them all, any of them
    (ranked), and ``mode`` says so. Names are searched in every stored spelling of them."""
    if limit < 1 or offset < 0:
        raise MmonError("search.paging", f"limit must be 1 or more and offset 0 or more, not {limit} and {offset}")
    q = parse(query)
    with _LOCK:       # the variants grow in place: read them under the lock that guards their growth
        variants = name_variants(store)
        every, anyone = fts_query(q, variants), fts_query(q, variants, " OR ")
    res = _run(store, every, limit, offset, "all words")
    if not res["total"]["documents"] and not res["total"]["facts"] and len(q.include) > 1:
        res = _run(store, anyone, limit, offset, "any word")
    return res


def _run(store: Store, expr: str, limit: int, offset: int, mode: str) -> dict:
    return {"documents": store.search_documents(expr, limit, offset), "facts": store.search_facts(expr, limit, offset),
            "total": {"documents": store.count_documents(expr), "facts": store.count_facts(expr)},
            "limit": limit, "offset": offset, "mode": mode}
