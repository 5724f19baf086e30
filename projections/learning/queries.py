"""The learning rows read back from the `learning` read model, or folded from the log when no
projector keeps it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.access.model import AccessModel
from projections.access.queries import readable
from projections.engine import claims, tracking
from projections.engine.base import Sql
from projections.learning.from_log import LearningRows, rows_at
from projections.learning.model import LearningModel
from projections.learning.rows import ROW_TYPES, Row
from projections.learning.tables import LISTS, PARTS, SELECT, columns, stamp

if TYPE_CHECKING:
    from projections.engine.runner import Projector


def load_rows(sql: Sql, *, reader: Reader | None) -> LearningRows:
    """The rows of the model `reader` may read, as the fold gives them at the model's position;
    with no reader, every row (to check the model against the fold: never to serve anyone).

    Rows about set meetings are filtered in SQL by the access read model, so each row's
    meeting is judged as it stands now, and counts made from the rows count only those."""
    found = select_rows(sql, ROW_TYPES, reader)
    return LearningRows.of(found.position, found.as_of, found.rows)


@dataclass(frozen=True)
class Selected:
    position: int
    as_of: datetime | None
    rows: list[Row]


def select_rows(
    sql: Sql,
    kinds: Iterable[type[Row]],
    reader: Reader | None = None,
    where: tuple[str, list[object]] | None = None,
) -> Selected:
    """The model's rows of these kinds that `reader` may read (every row with no reader),
    with the model's stamp; `where` narrows them (a condition on `t`, and its parameters)."""
    position, as_of = stamp(sql)
    rows: list[Row] = []
    for kind in kinds:
        names = columns(kind)
        for found in sql.rows(*_select(kind, reader, where)):
            data = {
                n: json.loads(v) if n in LISTS else v for n, v in zip(names, found, strict=True)
            }
            rows.append(msgspec.convert(data, kind))
    return Selected(position, as_of, rows)


def _select(
    kind: type[Row], reader: Reader | None, where: tuple[str, list[object]] | None
) -> tuple[str, list[object]]:
    """Read in the order of the rows' keys (their primary key): ids are stored as UUIDs' text,
    which sorts as the UUIDs do, so `LearningRows.of` finds each kind sorted already, which
    costs one comparison a row, where sorting afresh took a third of the charts' time."""
    order = f" ORDER BY {', '.join(f't.{name}' for name in kind.KEY)}"
    conditions, params = [where[0]] if where else [], list(where[1]) if where else []
    if reader is not None and kind in PARTS:
        condition, more = readable(reader, pilot="t.pilot_id", part=f"t.{PARTS[kind]}")
        conditions.append(condition)
        params += more
    found = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    return f"{SELECT[kind]} AS t{found}{order}", params


def current_rows(pilots: Pilots, projector: Projector | None, *, reader: Reader) -> LearningRows:
    """The rows `reader` may read now: from the read model when the projector keeps it (it
    catches up first, so a write is seen by the next read), else by folding the log. The
    model's rows are filtered by the access model, so both must be kept to be read."""
    if projector is None or not {LearningModel.name, AccessModel.name} <= set(projector.names):
        return rows_at(pilots, reader=reader)
    with projector.reader() as sql:
        return load_rows(sql, reader=reader)


KEPT_TOGETHER = (LearningModel.name, AccessModel.name)


def settled_position(projector: Projector) -> int | None:
    """Where the `learning` model and the access model both stand once caught up (the head of
    the log, or beyond it if writes came meanwhile); None when the projector does not keep them
    or a rebuild holds one. A report stamped here can read their tables."""
    if not set(KEPT_TOGETHER) <= set(projector.names):
        return None
    projector.catch_up()
    with projector.views.read() as sql:
        return _together(sql)


def kept_rows(projector: Projector, at: int, *, reader: Reader) -> LearningRows | None:
    """The rows `reader` may read at log position `at`, from the tables, when both models stand
    exactly there; else None, and the caller folds the log. The tables hold what the fold gives
    at their position (tests/readmodels checks it), so either way the report is the same."""
    if not set(KEPT_TOGETHER) <= set(projector.names):
        return None
    with projector.views.read() as sql:  # one snapshot: the positions and the rows agree
        if _together(sql) != at:
            return None
        found = load_rows(sql, reader=reader)
    # The model's own stamp is its last pilot event's: stories and workshops after it, which
    # share the log, change none of its rows, so the rows are those at `at`, as the fold's are.
    return replace(found, position=at) if found.position <= at else None


def _together(sql: Sql) -> int | None:
    if claims.busy(sql) & set(KEPT_TOGETHER):
        return None
    found = set(tracking.positions(sql, KEPT_TOGETHER).values())
    return found.pop() if len(found) == 1 else None
