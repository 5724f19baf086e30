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
    "WHERE at.pilot_id = ae.pilot_id AND at.account = ?)))))"
)


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
# shared with everyone, and the team entries of a pilot whose team they are on. Read from the
# access tables outward (by author, by team), so it stays quick however many entries there are.
_BEYOND_COMMUNITY = (
    "SELECT ap.pilot_id, ap.part_id FROM rm_access_entries ae JOIN rm_access_parts ap "
    "ON ap.pilot_id = ae.pilot_id AND ap.entry_id = ae.entry_id "
    "WHERE ae.visibility <> 'community' AND (ae.author = ? OR (ae.visibility = 'team' AND "
    "(? = 1 OR ae.pilot_id IN (SELECT at.pilot_id FROM rm_access_team at "
    "WHERE at.account = ?))))"
)


def readable_beyond_community(reader: Reader, pilot: str, part: str) -> tuple[str, list[object]]:
    """The condition that `reader` may read the row and the community may not. With the rows
    the community reads, it gives every row `readable(reader, ...)` gives, each once: so a
    count kept for the community plus this count is the reader's count."""
    account = None if reader.account is None else str(reader.account)
    return f"({pilot}, {part}) IN ({_BEYOND_COMMUNITY})", [account, int(reader.as_team), account]


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
