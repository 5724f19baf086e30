"""The PDSA forms of a cycle: plan it, start it (which locks its predictions), record what
happened, study each result against its prediction, and decide."""

from __future__ import annotations

from uuid import UUID

from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.values import Prediction, Result
from web.pages.forms import Form, FormData, indexes, rows_in
from web.pages.pilots import WRITE, page, services_of, submit
from web.pages.session import PageRequest
from web.pages.typed import Typed

CYCLES = "cycles"


@post("/pilots/{pilot_id:uuid}/cycles", **WRITE)
def plan_cycle(
    request: PageRequest, pilot_id: FromPath[UUID], data: FormData
) -> Template | Redirect:
    """Plans the next cycle: its objective, who does what where and when, and each question
    with its prediction. The `add_row` button shows the form again with one more row and
    records nothing, so the form grows without JavaScript."""
    form = Form(data)
    if "add_row" in form.values:
        added = rows_in(form.values)
        typed = Typed("plan", form.values, focus=f"predictions-{added}-question")
        return page(
            request, services_of(request).pilots.pilot(pilot_id), typed=typed, rows=added + 1
        )
    predictions, values = _predictions(form)
    return submit(
        request, pilot_id, CYCLES, "plan", values,
        lambda pilots, actor: pilots.plan_cycle(
            pilot_id, actor, objective=form.text("objective"), plan=form.text("plan"),
            predictions=predictions, submission=form.submission,
        ),
    )  # fmt: skip


def _predictions(form: Form) -> tuple[list[Prediction], dict[str, str]]:
    """The typed pairs without the blank ones, and the values renumbered to match, so that the
    domain's `predictions[1]` names the second row shown when the form comes back."""
    pairs = [
        (form.text(f"predictions-{i}-question"), form.text(f"predictions-{i}-prediction"))
        for i in indexes(form.values, "predictions")
    ]
    kept = [(question, guess) for question, guess in pairs if question.strip() or guess.strip()]
    values = {k: v for k, v in form.values.items() if not k.startswith("predictions-")}
    for i, (question, guess) in enumerate(kept):
        values[f"predictions-{i}-question"], values[f"predictions-{i}-prediction"] = question, guess
    return [Prediction(question, guess) for question, guess in kept], values


@post("/pilots/{pilot_id:uuid}/cycles/{number:int}/start", **WRITE)
def start_cycle(
    request: PageRequest, pilot_id: FromPath[UUID], number: FromPath[int], data: FormData
) -> Template | Redirect:
    """Starts the cycle. From now on its predictions cannot change."""
    form = Form(data)
    return submit(
        request, pilot_id, CYCLES, "start", form.values,
        lambda pilots, actor: pilots.start_cycle(
            pilot_id, actor, number=number, submission=form.submission
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/cycles/{number:int}/do", **WRITE)
def record_do(
    request: PageRequest, pilot_id: FromPath[UUID], number: FromPath[int], data: FormData
) -> Template | Redirect:
    """Records what happened, whether it went as planned, and what else was observed."""
    form = Form(data)
    return submit(
        request, pilot_id, CYCLES, "do", form.values,
        lambda pilots, actor: pilots.record_do(
            pilot_id, actor, number=number, what_happened=form.text("what_happened"),
            as_planned=form.yes_no("as_planned"), deviations=form.text("deviations"),
            submission=form.submission,
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/cycles/{number:int}/study", **WRITE)
def record_study(
    request: PageRequest, pilot_id: FromPath[UUID], number: FromPath[int], data: FormData
) -> Template | Redirect:
    """Records the result against each prediction, the learning and the surprises."""
    form = Form(data)
    results = [
        Result(form.text(f"results-{i}-question"), form.text(f"results-{i}-result"))
        for i in indexes(form.values, "results")
    ]
    return submit(
        request, pilot_id, CYCLES, "study", form.values,
        lambda pilots, actor: pilots.record_study(
            pilot_id, actor, number=number, results=results, learning=form.text("learning"),
            surprises=form.text("surprises"), submission=form.submission,
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/cycles/{number:int}/act", **WRITE)
def decide(
    request: PageRequest, pilot_id: FromPath[UUID], number: FromPath[int], data: FormData
) -> Template | Redirect:
    """Decides the cycle: adopt, adapt or abandon the change, and why."""
    form = Form(data)
    return submit(
        request, pilot_id, CYCLES, "act", form.values,
        lambda pilots, actor: pilots.decide(
            pilot_id, actor, number=number, decision=form.text("decision"),
            rationale=form.text("rationale"), submission=form.submission,
        ),
    )  # fmt: skip


HANDLERS = [plan_cycle, start_cycle, record_do, record_study, decide]
