"""Full-text search over documents and facts. User text is reduced to words and quoted,
so FTS syntax and SQL metacharacters in a query are searched for, never interpreted."""
from __future__ import annotations

import re

from ..errors import MmonError
from ..model import names
from ..store import Store


def fts_query(query: str, variants: dict[str, list[str]] | None = None, joiner: str = " AND ") -> str:
    """The query's words, each quoted; a word with stored spelling variants becomes
    ``("hakimullah" OR "hakeemullah")`` (``variants``: folded word -> stored words)."""
    words = re.findall(r"\w+", query or "")
    if not words:
        raise MmonError("search.empty", "the query has no words to search for")
    terms = []
    for w in words[:32]:
        alts = [w, *(v for v in (variants or {}).get(names.fold_word(w.lower()), []) if v != w.lower())]
        terms.append('"' + w + '"' if len(alts) == 1 else "(" + " OR ".join('"' + a + '"' for a in alts[:8]) + ")")
    return joiner.join(terms)


def name_variants(store: Store) -> dict[str, list[str]]:
    """Every word of a stored person's or group's name by its folded spelling (model.names),
    so a search for 'Hakimullah' also finds 'Hakeemullah'."""
    out: dict[str, set[str]] = {}
    for key in store.name_keys():
        for w in key.split():
            if len(w) > 3 and w.isalpha():
                out.setdefault(names.fold_word(w), set()).add(w)
    return {k: sorted(v) for k, v in out.items()}


def search(store: Store, query: str, limit: int = 20) -> dict:
    """All words first; when nothing has them all, any of them (ranked), and say so. Names
    are searched in every stored spelling of them."""
    variants = name_variants(store)
    q = fts_query(query, variants)
    res = {"documents": store.search_documents(q, limit), "facts": store.search_facts(q, limit), "mode": "all words"}
    if not res["documents"] and not res["facts"] and len(re.findall(r"\w+", query or "")) > 1:
        q_any = fts_query(query, variants, " OR ")
        res = {"documents": store.search_documents(q_any, limit), "facts": store.search_facts(q_any, limit),
               "mode": "any word"}
    return res
