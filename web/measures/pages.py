"""A measure's own page: its chart (as it stands, or stood at a date, by the rules asked for),
what the chart says in words, the data as a table, and the forms a lead uses most: one value,
many values pasted at once (previewed first), a correction, and a new phase.

Every form works without JavaScript: a refusal shows the page again with what was typed and
the message beside its field; htmx, where it runs, swaps only the page's body.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from litestar import get, post
from litestar.di import NamedDependency, Provide
from litestar.handlers import HTTPRouteHandler
from litestar.params import FromPath, FromQuery
from litestar.plugins.htmx import HTMXDetails
from litestar.response import Redirect, Template

from domain.measures.results import RULE_SETS
from domain.pilot.commands import CorrectPoint, PilotCommand, RecordPoints, StartPhase
from projections.measures import wording
from projections.measures.chart import draw
from projections.measures.view import MeasureView
from projections.measures.wording import day
from projections.pilot_index.queries import role_beside, title_beside
from web.commands import page_routes
from web.forms import Form, FormData
from web.measures.commands import COMMANDS
from web.measures.paste import Pasted, read_pasted
from web.measures.reads import Asked, measured_in, number, read_measure
from web.measures.schemas import CorrectionCreate, PhaseCreate, PointCreate
from web.pages import PAGE, WRITE, FormPage, PageRequest, projector_of, services_of
from web.people import People
from web.pilots.page import writable
from web.typed import Forms, Typed
from web.writes import command

MEASURE = "/pilots/{pilot_id:uuid}/measures/{measure_id:uuid}"
Answer = Template | Redirect


def asked_by(
    chart: FromQuery[str] = "", rules: FromQuery[str] = "", at: FromQuery[str] = ""
) -> Asked:
    """The chart a page, or a file the page links to, asks for with `?chart=`, `?rules=` and
    `?at=` (the API's routes read the same through `web.measures.api.asked_view`)."""
    return Asked.of(chart.strip(), rules.strip(), at)


# The routes that show a chart take what was asked as `asked`.
Asking = NamedDependency[Asked]
CHART_PAGE: dict[str, Any] = {
    **PAGE,
    "dependencies": {"asked": Provide(asked_by, sync_to_thread=False)},
}


@get(MEASURE, **CHART_PAGE)
def measure_page(
    request: PageRequest, pilot_id: FromPath[UUID], measure_id: FromPath[UUID], asked: Asking
) -> Template:
    """The measure's chart and data; with `at`, as it stood then, read-only."""
    return _render(request, pilot_id, measure_id, asked)


@post(f"{MEASURE}/paste", **WRITE)
def paste_points(
    request: PageRequest, pilot_id: FromPath[UUID], measure_id: FromPath[UUID], data: FormData
) -> Answer:
    """Many values pasted at once. `preview` shows each line as read, with every bad line
    flagged, and records nothing; `record` records them all, only when no line is bad."""
    form = Form(data)
    now = read_measure(projector_of(request), pilot_id, measure_id, Asked.of(None, None, None))
    pasted = read_pasted(form.text("lines"), {point.on for point in now.points})
    if form.text("step") != "record" or not pasted.ready:
        status = 200 if form.text("step") != "record" else 400
        typed = Typed("paste", form.values, status)
        return _render(request, pilot_id, measure_id, Asked.of(None, None, None), typed, pasted)

    def build() -> PilotCommand:
        return RecordPoints(pilot_id, measure_id=measure_id, points=pasted.points())

    return _submit(request, pilot_id, measure_id, "paste", form, build, pasted)


Build = Callable[[Form, UUID, UUID], PilotCommand]


def form_route(tail: str, key: str, about: str, build: Build) -> HTTPRouteHandler:
    """`POST {MEASURE}/{tail}`: the form `key` on the measure's page, made into the command
    `build` gives from the form, the pilot's id and the measure's."""

    def handler(
        request: PageRequest, pilot_id: FromPath[UUID], measure_id: FromPath[UUID], data: FormData
    ) -> Answer:
        form = Form(data)
        return _submit(
            request, pilot_id, measure_id, key, form, lambda: build(form, pilot_id, measure_id)
        )

    handler.__doc__, handler.__name__ = about, key
    return post(f"{MEASURE}/{tail}", **WRITE)(handler)


def _point(form: Form, pilot_id: UUID, measure_id: UUID) -> PilotCommand:
    point = form.read(PointCreate)
    return command(RecordPoints, pilot_id=pilot_id, measure_id=measure_id, points=[point])


def _correction(form: Form, pilot_id: UUID, measure_id: UUID) -> PilotCommand:
    given = form.read(CorrectionCreate)
    return command(CorrectPoint, given, pilot_id=pilot_id, measure_id=measure_id,
                   on=form.day("on"))  # fmt: skip


def _phase(form: Form, pilot_id: UUID, measure_id: UUID) -> PilotCommand:
    return command(StartPhase, form.read(PhaseCreate), pilot_id=pilot_id, measure_id=measure_id)


FORMS = [
    form_route("points", "point", "Records one value.", _point),
    form_route("correction", "correction", "Corrects the value of one day, with the reason.",
               _correction),
    form_route("phases", "phase", "Starts a new baseline phase from a day, with the reason.",
               _phase),
]  # fmt: skip


def _submit(
    request: PageRequest,
    pilot_id: UUID,
    measure_id: UUID,
    key: str,
    form: Form,
    build: Callable[[], PilotCommand],
    pasted: Pasted | None = None,
) -> Answer:
    def again(request: PageRequest, typed: Typed) -> Template:
        writable(request, pilot_id)
        return _render(request, pilot_id, measure_id, Asked.of(None, None, None), typed, pasted)

    address = f"/pilots/{pilot_id}/measures/{measure_id}"
    send = FormPage[PilotCommand](lambda _: address, again)
    return send(request, key, key, form.values, form.submission, build)


def _render(
    request: PageRequest,
    pilot_id: UUID,
    measure_id: UUID,
    asked: Asked,
    typed: Typed | None = None,
    pasted: Pasted | None = None,
) -> Template:
    htmx = HTMXDetails(request)
    services = services_of(request)
    # Read models only, in one statement (the pilot's title and the reader's role are read
    # beside the measure): loading the pilot itself would cost more than the rest of the page.
    beside = (title_beside(pilot_id), role_beside(pilot_id, request.user.id))
    with projector_of(request).reader(single=True) as sql:
        found = measured_in(sql, pilot_id, measure_id, asked, beside)
    view, history, (title, role) = found.view, found.history, found.beside
    said = wording.summary(view)
    context: dict[str, Any] = {
        "user": request.user,
        "pilot": {"id": pilot_id, "title": title or ""},
        "view": view,
        "chart": draw(view, f"m-{measure_id.hex[:8]}", said=said),
        "said": said,
        "signals": [(signal, wording.explain(signal, view)) for signal in view.signals],
        "rows": table_rows(view),
        # the log beside the chart: each entry's day as ISO and in words, and its text
        "notes": [(a.on.isoformat(), day(a.on), a.text) for a in view.annotations],
        "history": history,
        "name": People(services.accounts).name,
        "asked": asked,
        "rule_sets": RULE_SETS,
        "can_write": asked.at is None and role is not None,
        "forms": Forms(typed, htmx=bool(htmx)),
        # the form an htmx request came from (its id comes back as HX-Trigger after the
        # redirect), whose heading takes the focus once the body is swapped
        "sent_form": (htmx.trigger or "") if htmx else "",
        "pasted": pasted,
        "number": number,
        "today": datetime.now(UTC).date().isoformat(),
    }
    status = 200 if typed is None or htmx else typed.status
    return Template("measure.html.j2", context=context, status_code=status)


@dataclass(frozen=True, slots=True)
class TableRow:
    """A row of the data beside the chart, as the page shows it: worked out here rather than in
    the template, where each call and lookup costs several times as much."""

    on: str  # ISO, for <time datetime>
    day: str  # in words, as the chart says it: 7 Mar 2026
    value: str  # as recorded (`number`)
    corrected: bool
    phase: int
    signals: str  # the rules of the signals it is part of, or a dash for none
    note: str


def table_rows(view: MeasureView) -> list[TableRow]:
    """The data beside the chart: each point with its phase and the signals it is part of."""
    rows = []
    for phase_number, phase in enumerate(view.phases, start=1):
        signals = [s for s in view.signals if s.phase == phase.starts]
        for point in phase.points:
            rules = sorted({s.rule for s in signals if s.first <= point.on <= s.last})
            rows.append(
                TableRow(
                    on=point.on.isoformat(), day=day(point.on),
                    value=number(point.value), corrected=point.corrected, phase=phase_number,
                    signals=", ".join(rules) or "—", note=point.note,
                )
            )  # fmt: skip
    return rows


HANDLERS = [measure_page, *FORMS, paste_points, *page_routes(COMMANDS)]
