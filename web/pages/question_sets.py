"""The forms of set meetings: recording a question set, then per question its insights and
status, and reporting back on the actions committed."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.errors import InvalidEntry
from web.pages.forms import Form, FormData
from web.pages.pilots import WRITE, submit
from web.pages.session import PageRequest

Answer = Template | Redirect
SECTION = "question-sets"


@post("/pilots/{pilot_id:uuid}/question-sets", **WRITE)
def record_question_set(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Answer:
    """Records a set meeting: its date, the questions asked (one a line) and the actions."""
    form = Form(data)
    return submit(
        request, pilot_id, SECTION, "question-set", form.values,
        lambda pilots, actor: pilots.record_question_set(
            pilot_id, actor, held_on=_date(form, "held_on"), questions=form.lines("questions"),
            facilitator=_person(form, "facilitator"), issue_holder=_person(form, "issue_holder"),
            actions=[(line, None) for line in form.lines("actions")], submission=form.submission,
        ),
    )  # fmt: skip


def _date(form: Form, name: str) -> date:
    try:
        return date.fromisoformat(form.text(name).strip())
    except ValueError:
        raise InvalidEntry(name, "must be a date, such as 2026-05-01") from None


def _person(form: Form, name: str) -> UUID | None:
    value = form.text(name).strip()
    try:
        return UUID(value) if value else None
    except ValueError:
        raise InvalidEntry(name, "must be someone on the team") from None


@post("/pilots/{pilot_id:uuid}/questions/{question_id:uuid}/insights", **WRITE)
def add_insight(
    request: PageRequest, pilot_id: FromPath[UUID], question_id: FromPath[UUID], data: FormData
) -> Answer:
    """Adds an insight to a question asked in a set meeting."""
    form = Form(data)
    return submit(
        request, pilot_id, SECTION, f"insight-{question_id}", form.values,
        lambda pilots, actor: pilots.add_insight(
            pilot_id, actor, question_id=question_id, text=form.text("text"),
            submission=form.submission,
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/questions/{question_id:uuid}/status", **WRITE)
def set_question_status(
    request: PageRequest, pilot_id: FromPath[UUID], question_id: FromPath[UUID], data: FormData
) -> Answer:
    """Moves a question on: explored, answered, carried forward or closed."""
    form = Form(data)
    return submit(
        request, pilot_id, SECTION, f"status-{question_id}", form.values,
        lambda pilots, actor: pilots.set_question_status(
            pilot_id, actor, question_id=question_id, status=form.text("status"),
            submission=form.submission,
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/actions/{action_id:uuid}/report", **WRITE)
def report_action(
    request: PageRequest, pilot_id: FromPath[UUID], action_id: FromPath[UUID], data: FormData
) -> Answer:
    """Reports back on an action committed at a set meeting."""
    form = Form(data)
    return submit(
        request, pilot_id, SECTION, f"report-{action_id}", form.values,
        lambda pilots, actor: pilots.report_action(
            pilot_id, actor, action_id=action_id, report=form.text("report"),
            submission=form.submission,
        ),
    )  # fmt: skip


HANDLERS = [record_question_set, add_insight, set_question_status, report_action]
