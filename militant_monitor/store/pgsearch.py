"""Full-text search on PostgreSQL: its own text search (tsvector, GIN) behind the Store's search API.

The Store's search methods take the FTS5 expressions ``query.search`` writes (every word
quoted, ``"a b"`` a phrase, ``"a"*`` a prefix, ``AND``/``OR``/``NOT``, parentheses; a bare
word is read as a quoted one). On SQLite FTS5 runs them; on PostgreSQL ``tsquery`` turns
them into ``to_tsquery`` syntax: a phrase ``'a' <-> 'b'``, a prefix ``'a':*``, ``&``, ``|``
and ``& !``. The indexed text is folded the way FTS5's unicode61 tokenizer reads it: every
run of signs that are not letters or digits separates words ('Tehreek-e-Taliban' is three
words, not PostgreSQL's hyphenated compound), case and diacritics do not count
(``mmon_fold``, with the ``unaccent`` extension). Spelling variants of names
('Hakimullah', 'Hakeemullah', 'Tehrik'/'Tehreek') are the same on both backends: the
transliteration folding of ``model.names`` expands each query word into its stored spellings
(``query.search``) before either database sees it. That is the equivalent of a trigram
index the issue allows: pg_trgm's similarity would also find spellings SQLite does not, and
the two backends would answer differently.
"""
from __future__ import annotations

import re
import unicodedata

# the extension's schema is written out: an index expression is evaluated with an empty search
# path by pg_dump's restore and by autovacuum, where an unqualified 'unaccent' is not found
FOLD_FUNCTION = (
    "CREATE OR REPLACE FUNCTION mmon_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
    "$$ SELECT pg_catalog.lower({ns}.unaccent('{ns}.unaccent'::regdictionary, "
    "pg_catalog.regexp_replace(coalesce(t, ''), '[^[:alnum:]]+', ' ', 'g'))) $$")
DOCUMENTS_TSV = "to_tsvector('simple', mmon_fold(coalesce(title, '') || ' ' || text))"
STATEMENTS_TSV = "to_tsvector('simple', mmon_fold(value))"

TOKEN = re.compile(r'\s*(?:("[^"]*")(\*?)|(\()|(\))|([^\s()"]+))')


class Unreadable(ValueError):
    """An expression outside the FTS5 subset that ``query.search`` writes."""


def fold_word(word: str) -> str:
    """A query word as the index holds it: lower case, no diacritics."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _phrase(quoted: str, prefix: bool) -> str:
    words = [fold_word(w) for w in re.findall(r"[^\W_]+", quoted)]
    if not words:
        raise Unreadable("an empty phrase")
    parts = [f"'{w}'" for w in words]
    if prefix:
        parts[-1] += ":*"
    return parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")"


def _tokens(expr: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    expr = expr.rstrip()
    while pos < len(expr):
        m = TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            raise Unreadable(expr[pos:pos + 20])
        pos = m.end()
        quoted, star, opening, closing, bare = m.groups()
        if quoted is not None:
            out.append(("term", _phrase(quoted, bool(star))))
        elif opening:
            out.append(("(", opening))
        elif closing:
            out.append((")", closing))
        elif bare in ("AND", "OR", "NOT"):
            out.append((bare, bare))
        elif re.fullmatch(r"\w+\*?", bare):
            out.append(("term", _phrase(bare, bare.endswith("*"))))
        else:                       # 'col:x', '^x', a lone '*': FTS5 syntax this store does not read
            raise Unreadable(bare)
    return out


class _Parser:
    """FTS5 precedence: NOT binds tightest, then AND (or two terms side by side), then OR."""

    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.i = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def take(self, kind: str) -> str:
        if self.peek() != kind:
            raise Unreadable(f"expected {kind}")
        self.i += 1
        return self.tokens[self.i - 1][1]

    def any(self) -> str:
        out = [self.all()]
        while self.peek() == "OR":
            self.take("OR")
            out.append(self.all())
        return out[0] if len(out) == 1 else "(" + " | ".join(out) + ")"

    def all(self) -> str:
        out = [self.not_()]
        while self.peek() in ("AND", "term", "("):
            if self.peek() == "AND":
                self.take("AND")
            out.append(self.not_())
        return out[0] if len(out) == 1 else "(" + " & ".join(out) + ")"

    def not_(self) -> str:
        left = self.primary()
        while self.peek() == "NOT":
            self.take("NOT")
            left = f"({left} & !{self.primary()})"
        return left

    def primary(self) -> str:
        if self.peek() == "(":
            self.take("(")
            inner = self.any()
            self.take(")")
            return inner
        return self.take("term")


def tsquery(expr: str) -> str:
    """The FTS5 expression ``expr`` in ``to_tsquery`` syntax (``Unreadable`` when it is not one)."""
    parser = _Parser(_tokens(expr))
    if parser.peek() is None:
        raise Unreadable("nothing to search for")
    out = parser.any()
    if parser.peek() is not None:
        raise Unreadable("a stray operator or parenthesis")
    return out


def create_indexes(conn, table: str) -> None:
    """The text-search index of ``documents`` or ``statements``, with the extension and the
    fold function it uses."""
    conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    ns = conn.exec_driver_sql("SELECT quote_ident(n.nspname) FROM pg_extension e JOIN pg_namespace n "
                              "ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'").scalar_one()
    conn.exec_driver_sql(FOLD_FUNCTION.format(ns=ns))
    if table == "documents":
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_documents_tsv ON documents USING GIN ({DOCUMENTS_TSV})")
    else:
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_statements_tsv ON statements USING GIN ({STATEMENTS_TSV})")


def snippet(text: str, query: str, size: int = 12) -> str:
    """The ``size`` words of ``text`` holding most words of the tsquery ``query``, each run of
    them in brackets, '…' where the text goes on: FTS5's ``snippet`` as the Store gives it on
    SQLite (``ts_headline`` reads hyphenated names and phrases otherwise than the index does)."""
    terms = re.findall(r"'([^']+)'(:\*)?", query)
    words = {w for w, star in terms if not star}
    prefixes = tuple(w for w, star in terms if star)
    tokens = [(m.start(), m.end()) for m in re.finditer(r"[^\W_]+", text)]
    hit = [fold_word(text[a:b]) in words or fold_word(text[a:b]).startswith(prefixes or ("\0",))
           for a, b in tokens]
    if not tokens:
        return ""
    best = max(range(max(1, len(tokens) - size + 1)), key=lambda i: (sum(hit[i:i + size]), -i))
    last = min(len(tokens), best + size) - 1
    out, pos = ["…" if best > 0 else ""], tokens[best][0]
    for i in range(best, last + 1):
        a, b = tokens[i]
        out.append(text[pos:a])
        opens, closes = hit[i] and (i == best or not hit[i - 1]), hit[i] and (i == last or not hit[i + 1])
        out.append(("[" if opens else "") + text[a:b] + ("]" if closes else ""))
        pos = b
    return "".join(out) + ("…" if last < len(tokens) - 1 else "")


DOCUMENTS_SQL = (       # rank in the index's terms first; the text only for the page shown
    "SELECT d.id, d.title, d.published, d.text AS snippet "
    f"FROM (SELECT id, ts_rank_cd({DOCUMENTS_TSV}, q) AS r FROM documents, to_tsquery('simple', :q) AS q "
    f"WHERE {DOCUMENTS_TSV} @@ q ORDER BY r DESC, id LIMIT :n OFFSET :o) AS hit "
    "JOIN documents d ON d.id = hit.id ORDER BY hit.r DESC, d.id")
FACTS_SQL = (
    f"SELECT entity_id, entity_type, prop, value, doc_id FROM statements, to_tsquery('simple', :q) AS q "
    f"WHERE {STATEMENTS_TSV} @@ q ORDER BY ts_rank_cd({STATEMENTS_TSV}, q) DESC, id LIMIT :n OFFSET :o")
COUNT_DOCUMENTS_SQL = f"SELECT count(*) AS n FROM documents WHERE {DOCUMENTS_TSV} @@ to_tsquery('simple', :q)"
COUNT_FACTS_SQL = f"SELECT count(*) AS n FROM statements WHERE {STATEMENTS_TSV} @@ to_tsquery('simple', :q)"
