"""What a person types into the search box, made safe for the full-text engines, and the
snippets they give back, split into the matched words and the rest.

PostgreSQL reads the query with `websearch_to_tsquery`, which never fails on its input. SQLite's
FTS5 has a query syntax of its own (`NEAR`, `*`, `:`, parentheses, bare `AND`), so the same
web-search reading is rebuilt here with every word and phrase quoted: nothing typed can reach
FTS5 as syntax. Both read `a b OR c` as (a and b) or c, `"a b"` as a phrase, `-a` as "not a".
"""

from __future__ import annotations

import re

from domain.errors import InvalidEntry

QUERY_MAX = 200
# A snippet marks each matched word as MARK word END. Indexed text never holds these two
# control characters (they are replaced by spaces when indexed), so they only ever mean a match.
MARK, END = "\x02", "\x03"
_MARKS = str.maketrans({MARK: " ", END: " "})
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w")


def plain(text: str) -> str:
    """Text as it is indexed: the snippet delimiters cannot appear in it."""
    return text.translate(_MARKS)


def cleaned(q: str) -> str:
    """The query on one line, without characters no database takes (NUL, lone surrogates).

    Raises InvalidEntry when it is blank or longer than QUERY_MAX characters."""
    text = q.replace("\x00", " ").encode("utf-8", "ignore").decode("utf-8")
    text = " ".join(text.split())
    if not text:
        raise InvalidEntry("q", "must not be blank")
    if len(text) > QUERY_MAX:
        raise InvalidEntry("q", f"must be at most {QUERY_MAX} characters")
    return text


def fts5_query(q: str) -> str | None:
    """The FTS5 expression for a cleaned query, or None when it asks for nothing searchable."""
    clauses: list[tuple[list[str], list[str]]] = [([], [])]
    for negated, phrase, word in _TOKEN.findall(q):
        if not phrase and word.casefold() == "or":
            clauses.append(([], []))
            continue
        term = phrase or word
        if not phrase and term.startswith("-") and len(term) > 1:
            negated, term = "-", term[1:]
        if not _WORD.search(term):
            continue
        wanted, unwanted = clauses[-1]
        (unwanted if negated else wanted).append(_quoted(term))
    expressions = []
    for wanted, unwanted in clauses:
        if not wanted:
            continue
        expression = f"({' AND '.join(wanted)})"
        for term in unwanted:
            expression = f"({expression} NOT {term})"
        expressions.append(expression)
    return " OR ".join(expressions) or None


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def pieces(snippet: str) -> list[tuple[str, bool]]:
    """The snippet as (text, matched) pieces, in order, for a page to mark up safely."""
    found: list[tuple[str, bool]] = []
    for i, part in enumerate(snippet.split(MARK)):
        matched, _, rest = part.partition(END) if i else ("", "", part)
        found.extend((text, flag) for text, flag in ((matched, True), (rest, False)) if text)
    return found


def unmarked(snippet: str) -> str:
    return snippet.replace(MARK, "").replace(END, "")
