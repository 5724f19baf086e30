"""Reading one measure for a request: the chart and rules asked for, as it stands now or stood
at a moment, from the measures read model. Shared by the API and the pages."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from litestar import Response

from domain.errors import InvalidEntry, NotFound
from projections.engine.base import Scalar, Sql
from projections.engine.runner import Projector
from projections.measures.chart import draw
from projections.measures.queries import Measured, measure_and_history
from projections.measures.view import ChartChoiceError, MeasureView, rules_for
from projections.wording import exact
from web.pages import end_of

# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Asked:
    """What a reader asked to see: `?chart=`, `?rules=` and `?at=`, checked."""

    chart: str
    rules_name: str
    at: datetime | None

    @classmethod
    def of(cls, chart: str | None, rules: str | None, at: str | None) -> Asked:
        try:
            kind, chosen = rules_for(chart or None, rules or None)
        except ChartChoiceError as error:
            raise InvalidEntry(error.field, str(error)) from None
        moment = end_of(at) if at and at.strip() else None
        return cls(kind, chosen.name, moment)

    def query(self) -> str:
        """The same choice as a query string, for links and the chart's address."""
        parts = [f"chart={self.chart}", f"rules={self.rules_name}"]
        if self.at is not None:
            parts.append(f"at={self.at.isoformat()}")
        return "&".join(parts).replace("+", "%2B")


def read_measure(
    projector: Projector, pilot_id: UUID, measure_id: UUID, asked: Asked
) -> MeasureView:
    with projector.reader(single=True) as sql:
        return measured_in(sql, pilot_id, measure_id, asked).view


def measured_in(
    sql: Sql, pilot_id: UUID, measure_id: UUID, asked: Asked, beside: Sequence[Scalar] = ()
) -> Measured:
    """The chart asked for, the corrections of its values, and the `beside` subqueries' values,
    in one statement; NotFound when the measure did not exist (then)."""
    _, rules = rules_for(asked.chart, asked.rules_name)
    found = measure_and_history(
        sql, pilot_id, measure_id, chart=asked.chart, rules=rules, at=asked.at, beside=beside
    )
    if found is None:
        then = "" if asked.at is None else f" on {asked.at.date().isoformat()}"
        raise NotFound(f"this pilot had no such measure{then}")
    return found


def points_csv(view: MeasureView) -> str:
    """`on,value,note`, a line a point in date order. A note that a spreadsheet would run as a
    formula is given a leading apostrophe, so opening the file runs nothing."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["on", "value", "note"])
    for point in view.points:
        note = f"'{point.note}" if point.note.startswith(_FORMULA) else point.note
        writer.writerow([point.on.isoformat(), number(point.value), note])
    return out.getvalue()


def points_file(view: MeasureView) -> Response[str]:
    """The points as a CSV file to keep, named after the measure."""
    name = f"{file_stem(view.measure.name)}-points.csv"
    return Response(
        points_csv(view),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def chart_svg(view: MeasureView) -> Response[str]:
    """The chart drawn as SVG, with a `<title>` and a `<desc>` that states its signals."""
    return Response(str(draw(view, f"m-{view.measure.id.hex[:8]}")), media_type="image/svg+xml")


number = exact  # a value as recorded: whole numbers without a point


def file_stem(name: str) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return stem[:60] or "measure"
