"""The one SQL test of who may read a row, for every read model that keeps entries.

A row names its pilot and the part it is about: a reflection's or set meeting's id, or one of
a meeting's questions, actions or insights. `readable` gives the condition to put in a query's
WHERE clause, with its parameters, so a reader's scope is applied by the database, before
paging and counting, and never by filtering rows in Python afterwards.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.pilot.visibility import Reader
from projections.access.model import AccessModel
from projections.engine.base import Sql

if TYPE_CHECKING:
    from projections.engine.runner import Projector

_READABLE = (
    "EXISTS (SELECT 1 FROM rm_access_parts ap JOIN rm_access_entries ae "
    "ON ae.pilot_id = ap.pilot_id AND ae.entry_id = ap.entry_id "
    "WHERE ap.pilot_id = {pilot} AND ap.part_id = {part} "
    "AND (ae.visibility = 'community' OR ae.author = ? OR (ae.visibility = 'team' AND "
    "(? = 1 OR EXISTS (SELECT 1 FROM rm_access_team at "
    "WHERE at.pilot_id = ae.pilot_id AND at.account = ?)))) LIMIT 1 OFFSET 0)"
)


# `LIMIT 1 OFFSET 0` changes nothing the check answers, but keeps PostgreSQL from turning it
# into a join over every part, or a hash of every part a reader may read (150 ms a dashboard
# on `large`), before the first row is taken: it stays a test of each row, so a page read in
# an index's order stops once it is full. SQLite tests each row anyway.
def readable(
    reader: Reader, pilot: str, part: str, *, record: bool = False
) -> tuple[str, list[object]]:
    """The condition that `reader` may read the row whose pilot and part are in the columns
    `pilot` and `part`; with `record`, a row whose part is '' (the pilot's own record) passes
    too. Name the columns with their table (`t.pilot_id`): the condition's own tables have
    columns of the same names. A withdrawn entry's rows pass as before: the models that keep
    its text drop the text in the batch that applies the withdrawal, and keep the fact of it."""
    account = None if reader.account is None else str(reader.account)
    condition = _READABLE.format(pilot=pilot, part=part)
    if record:
        condition = f"({part} = '' OR {condition})"
    return condition, [account, int(reader.as_team), account]


# The parts a reader may read that the community may not: their own entries that are not
# shared with everyone, the team entries of the pilots whose team they are on, and, for a
# team's audience, every team entry. Each branch is read from the access tables outward (by
# author, by the reader's teams) through an index: one condition OR-ing them made both
# databases read every part of every pilot.
_BEYOND_COMMUNITY = (
    "SELECT ap.pilot_id, ap.part_id FROM rm_access_entries ae JOIN rm_access_parts ap "
    "ON ap.pilot_id = ae.pilot_id AND ap.entry_id = ae.entry_id "
    "WHERE ae.author = ? AND ae.visibility <> 'community' "
    "UNION SELECT ap.pilot_id, ap.part_id FROM rm_access_team at "
    "JOIN rm_access_entries ae ON ae.pilot_id = at.pilot_id "
    "JOIN rm_access_parts ap ON ap.pilot_id = ae.pilot_id AND ap.entry_id = ae.entry_id "
    "WHERE at.account = ? AND ae.visibility = 'team' "
    "UNION SELECT ap.pilot_id, ap.part_id FROM rm_access_entries ae JOIN rm_access_parts ap "
    "ON ap.pilot_id = ae.pilot_id AND ap.entry_id = ae.entry_id "
    "WHERE ? = 1 AND ae.visibility = 'team'"
)


def beyond_community(reader: Reader) -> tuple[str, list[object]]:
    """The parts `reader` may read and the community may not, as a table to join rows to
    (`FROM (parts) b JOIN t ON t.pilot_id = b.pilot_id AND t.x = b.part_id`), so the rows are
    looked up from the few parts rather than every row tested. With the rows the community
    reads, it gives every row `readable(reader, ...)` gives, each once: so a count kept for
    the community plus a count joined to these parts is the reader's count."""
    account = None if reader.account is None else str(reader.account)
    return f"({_BEYOND_COMMUNITY})", [account, account, int(reader.as_team)]


def judged_since(sql: Sql) -> int:
    """The position of the latest event that changed who may read an entry written before it
    (a narrowing, a widening, a withdrawal, someone leaving a team); 0 if none has. What was
    kept for a reader before then may hold what they can no longer read."""
    found = sql.rows("SELECT position FROM rm_access_epoch")
    return int(found[0][0]) if found else 0


def judged_now(projector: Projector) -> int | None:
    """`judged_since` once the projector has caught up with the log (so no change of access
    already recorded is missed); None when it does not keep the access model."""
    if AccessModel.name not in projector.names:
        return None
    projector.catch_up()
    with projector.views.read() as sql:
        return judged_since(sql)
