"""Full-text search over documents and facts. User text is reduced to words and quoted,
so FTS syntax and SQL metacharacters in a query are searched for, never interpreted."""
from __future__ import annotations

import re

from ..errors import MmonError
from ..store import Store


def fts_query(query: str) -> str:
    words = re.findall(r"\w+", query or "")
    if not words:
        raise MmonError("search.empty", "the query has no words to search for")
    return " ".join('"' + w + '"' for w in words[:32])


def search(store: Store, query: str, limit: int = 20) -> dict:
    """All words first; when nothing has them all, any of them (ranked), and say so."""
    q = fts_query(query)
    res = {"documents": store.search_documents(q, limit), "facts": store.search_facts(q, limit), "mode": "all words"}
    if not res["documents"] and not res["facts"] and " " in q:
        q_any = " OR ".join(q.split(" "))
        res = {"documents": store.search_documents(q_any, limit), "facts": store.search_facts(q_any, limit),
               "mode": "any word"}
    return res
