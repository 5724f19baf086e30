"""The PDSA forms of a cycle on the pilot page: plan it, start it (which locks its
predictions), record what happened, study each result against its prediction, and decide."""

from __future__ import annotations

from uuid import UUID

from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.pilot.commands import Decide, PlanCycle, RecordDo, RecordStudy, StartCycle
from web.cycles.schemas import CycleCreate, DecisionCreate, DoCreate, StudyCreate
from web.forms import Form, FormData, indexes, rows_in
from web.pages import WRITE, PageRequest, services_of
from web.pilots.page import render, submit
from web.typed import Typed
from web.writes import command

SECTION = "cycles"
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
    return submit(
        request, SECTION, "plan", compact.values, form.submission,
        lambda: command(PlanCycle, compact.read(CycleCreate), pilot_id=pilot_id),
    )  # fmt: skip


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


@post("/pilots/{pilot_id:uuid}/cycles/{number:int}/start", **WRITE)
def start_cycle(
    request: PageRequest, pilot_id: FromPath[UUID], number: FromPath[int], data: FormData
) -> Answer:
    """Starts the cycle. From now on its predictions cannot change."""
    form = Form(data)
    return submit(
        request, SECTION, "start", form.values, form.submission,
        lambda: StartCycle(pilot_id, number=number),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/cycles/{number:int}/do", **WRITE)
def record_do(
    request: PageRequest, pilot_id: FromPath[UUID], number: FromPath[int], data: FormData
) -> Answer:
    """Records what happened, whether it went as planned, and what else was observed."""
    form = Form(data)
    return submit(
        request, SECTION, "do", form.values, form.submission,
        lambda: command(RecordDo, form.read(DoCreate), pilot_id=pilot_id, number=number),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/cycles/{number:int}/study", **WRITE)
def record_study(
    request: PageRequest, pilot_id: FromPath[UUID], number: FromPath[int], data: FormData
) -> Answer:
    """Records the result against each prediction, the learning and the surprises."""
    form = Form(data)
    return submit(
        request, SECTION, "study", form.values, form.submission,
        lambda: command(RecordStudy, form.read(StudyCreate), pilot_id=pilot_id, number=number),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/cycles/{number:int}/act", **WRITE)
def decide(
    request: PageRequest, pilot_id: FromPath[UUID], number: FromPath[int], data: FormData
) -> Answer:
    """Decides the cycle: adopt, adapt or abandon the change, and why."""
    form = Form(data)
    return submit(
        request, SECTION, "act", form.values, form.submission,
        lambda: command(Decide, form.read(DecisionCreate), pilot_id=pilot_id, number=number),
    )  # fmt: skip


HANDLERS = [plan_cycle, start_cycle, record_do, record_study, decide]
