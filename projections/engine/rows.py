"""Row helpers that several read models share: reading the rows of a batch's pilots, and a
table of pilot titles kept to name the pilot of each row a model shows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from projections.engine.base import Row, Sql

CHUNK = 500  # ids per IN (...) list, well under either database's limit on parameters


def chunks(ids: Sequence[str]) -> Iterable[tuple[list[str], str]]:
    """`ids` in lists of at most CHUNK, each with its `?, ?, ...` for an IN (...) clause."""
    for start in range(0, len(ids), CHUNK):
        chunk = list(ids[start : start + CHUNK])
        yield chunk, ", ".join("?" * len(chunk))


def rows_of_pilots(sql: Sql, select: str, pilot_ids: Sequence[str], order: str = "") -> list[Row]:
    """What `select` (`SELECT ... FROM table`) finds for these pilots, one query per CHUNK ids;
    `order` (`" ORDER BY ..."`) sorts the rows of each query."""
    found: list[Row] = []
    for ids, marks in chunks(pilot_ids):
        found.extend(sql.rows(f"{select} WHERE pilot_id IN ({marks}){order}", ids))
    return found


def create_titles(sql: Sql, table: str) -> None:
    sql.run(f"CREATE TABLE IF NOT EXISTS {table} (pilot_id TEXT PRIMARY KEY, title TEXT NOT NULL)")


def save_titles(sql: Sql, table: str, titles: Mapping[str, str]) -> None:
    """Each pilot's latest title in a batch, from its registration or a title correction."""
    sql.many(
        f"INSERT INTO {table} (pilot_id, title) VALUES (?, ?) "  # noqa: S608 (a constant name)
        "ON CONFLICT (pilot_id) DO UPDATE SET title = excluded.title",
        titles.items(),
    )
