"""The PDSA forms of a cycle on the pilot page: plan it, start it (which locks its
predictions), record what happened, study each result against its prediction, and decide.
Planning has a form route of its own, for the button that adds a row."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.pilot.commands import PlanCycle
from web.commands import page_routes
from web.cycles.commands import COMMANDS
from web.cycles.schemas import CycleCreate
from web.forms import Form, FormData, indexes, rows_in
from web.measures.schemas import MeasurePredictionCreate
from web.pages import WRITE, PageRequest, services_of
from web.pilots.page import render, submit
from web.typed import Typed
from web.writes import command

SECTION = "cycles"
MEASURE = "measure-"
Answer = Template | Redirect


@post("/pilots/{pilot_id:uuid}/cycles", **WRITE)
def plan_cycle(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Answer:
    """Plans the next cycle: its objective, who does what where and when, and each question
    with its prediction. The `add_row` button shows the form again with one more row and
    records nothing, so the form grows without JavaScript."""
    form = Form(data)
    if "add_row" in form.values:
        added = rows_in(form.values)
        typed = Typed("plan", form.values, focus=f"predictions-{added}-question")
        pilot = services_of(request).pilots.pilot(pilot_id)
        return render(request, pilot, typed=typed, rows=added + 1)
    compact = Form(_without_blank_rows(form.values))

    def build() -> PlanCycle:
        typed = msgspec.structs.replace(compact.read(CycleCreate), measures=_measures(form))
        return command(PlanCycle, typed, pilot_id=pilot_id)

    return submit(request, SECTION, "plan", compact.values, form.submission, build)


def _measures(form: Form) -> list[MeasurePredictionCreate]:
    """The measure predictions typed, one field a measure (`measure-<id>`); blank ones are
    not predictions."""
    return [
        MeasurePredictionCreate(UUID(name.removeprefix(MEASURE)), text)
        for name, text in form.values.items()
        if name.startswith(MEASURE) and text.strip() and _is_uuid(name.removeprefix(MEASURE))
    ]


def _is_uuid(text: str) -> bool:
    try:
        UUID(text)
    except ValueError:
        return False
    return True


def _without_blank_rows(values: dict[str, str]) -> dict[str, str]:
    """The typed pairs without the blank ones, renumbered, so that the domain's
    `predictions[1]` names the second row shown when the form comes back."""
    pairs = [
        (values.get(f"predictions-{i}-question", ""), values.get(f"predictions-{i}-prediction", ""))
        for i in indexes(values, "predictions")
    ]
    kept = [(question, guess) for question, guess in pairs if question.strip() or guess.strip()]
    compact = {k: v for k, v in values.items() if not k.startswith("predictions-")}
    for i, (question, guess) in enumerate(kept):
        compact[f"predictions-{i}-question"], compact[f"predictions-{i}-prediction"] = (
            question,
            guess,
        )
    return compact


HANDLERS = [plan_cycle, *page_routes(COMMANDS)]
