"""The learning rows read back from the `learning` read model, or folded from the log when no
projector keeps it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import msgspec

from domain.service import Pilots
from projections.engine.base import Sql
from projections.learning.from_log import LearningRows, rows_at
from projections.learning.model import LearningModel
from projections.learning.rows import ROW_TYPES, Row
from projections.learning.tables import LISTS, SELECT, columns, stamp

if TYPE_CHECKING:
    from projections.engine.runner import Projector


def load_rows(sql: Sql) -> LearningRows:
    """Every row of the model, as the fold gives them at the model's position."""
    position, as_of = stamp(sql)
    rows: list[Row] = []
    for kind in ROW_TYPES:
        names = columns(kind)
        for found in sql.rows(SELECT[kind]):
            data = {
                n: json.loads(v) if n in LISTS else v for n, v in zip(names, found, strict=True)
            }
            rows.append(msgspec.convert(data, kind))
    return LearningRows.of(position, as_of, rows)


def current_rows(pilots: Pilots, projector: Projector | None) -> LearningRows:
    """The rows now: from the read model when the projector keeps it (it catches up first,
    so a write is seen by the next read), else by folding the log."""
    if projector is None or LearningModel.name not in projector.names:
        return rows_at(pilots)
    with projector.reader() as sql:
        return load_rows(sql)
