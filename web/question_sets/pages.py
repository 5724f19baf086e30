"""The set meeting forms on the pilot page (recording a question set, then per question its
insights and status, and reporting back on actions), and one question's page from the ledger."""

from __future__ import annotations

from uuid import UUID

from litestar import get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.errors import NotFound
from domain.pilot.commands import AddInsight, RecordQuestionSet, ReportAction, SetQuestionStatus
from domain.questions import CLOSED_QUESTION_HINT
from projections.question_ledger.queries import history_of
from web.forms import Form, FormData
from web.pages import PAGE, WRITE, PageRequest, projector_of, services_of
from web.people import People, person
from web.pilots.page import submit
from web.pilots.view import QUESTION_STATUSES
from web.question_sets.schemas import (
    InsightCreate,
    QuestionSetCreate,
    QuestionStatusUpdate,
    ReportCreate,
)
from web.writes import command

Answer = Template | Redirect
SECTION = "question-sets"
STATUS_WORDS = {status.value: words for status, words in QUESTION_STATUSES.items()}


@post("/pilots/{pilot_id:uuid}/question-sets", **WRITE)
def record_question_set(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Answer:
    """Records a set meeting: its date, who facilitated and whose issue it was (a team member,
    or anyone by name), the questions asked (one a line) and the actions committed."""
    form = Form(data)
    accounts = services_of(request).accounts

    def build() -> RecordQuestionSet:
        typed = form.read(QuestionSetCreate)
        facilitator = person(accounts, "facilitator", typed.facilitator)
        issue_holder = person(accounts, "issue_holder", typed.issue_holder)
        return command(
            RecordQuestionSet, typed, pilot_id=pilot_id,
            facilitator=facilitator.account, facilitator_name=facilitator.name,
            issue_holder=issue_holder.account, issue_holder_name=issue_holder.name,
        )  # fmt: skip

    return submit(request, SECTION, "question-set", form.values, form.submission, build)


@post("/pilots/{pilot_id:uuid}/questions/{question_id:uuid}/insights", **WRITE)
def add_insight(
    request: PageRequest, pilot_id: FromPath[UUID], question_id: FromPath[UUID], data: FormData
) -> Answer:
    """Adds an insight to a question asked in a set meeting."""
    form = Form(data)
    return submit(
        request, SECTION, f"insight-{question_id}", form.values, form.submission,
        lambda: command(
            AddInsight, form.read(InsightCreate), pilot_id=pilot_id, question_id=question_id
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/questions/{question_id:uuid}/status", **WRITE)
def set_question_status(
    request: PageRequest, pilot_id: FromPath[UUID], question_id: FromPath[UUID], data: FormData
) -> Answer:
    """Moves a question on: explored, answered, carried forward or closed."""
    form = Form(data)
    return submit(
        request, SECTION, f"status-{question_id}", form.values, form.submission,
        lambda: command(
            SetQuestionStatus, form.read(QuestionStatusUpdate), pilot_id=pilot_id,
            question_id=question_id,
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/actions/{action_id:uuid}/report", **WRITE)
def report_action(
    request: PageRequest, pilot_id: FromPath[UUID], action_id: FromPath[UUID], data: FormData
) -> Answer:
    """Reports back on an action committed at a set meeting."""
    form = Form(data)
    return submit(
        request, SECTION, f"report-{action_id}", form.values, form.submission,
        lambda: command(
            ReportAction, form.read(ReportCreate), pilot_id=pilot_id, action_id=action_id
        ),
    )  # fmt: skip


@get("/pilots/{pilot_id:uuid}/questions/{question_id:uuid}", **PAGE)
def question_page(
    request: PageRequest, pilot_id: FromPath[UUID], question_id: FromPath[UUID]
) -> Template:
    """One question from the ledger: where and when it was asked, every status it has had
    with who moved it and when, and its insights."""
    services = services_of(request)
    pilot = services.pilots.pilot(pilot_id)
    with projector_of(request).reader() as sql:
        found = history_of(sql, pilot_id, question_id)
    if found is None:
        raise NotFound("no such question in this pilot")
    context = {
        "user": request.user,
        "pilot": pilot,
        "history": found,
        "statuses": STATUS_WORDS,
        "closed_hint": CLOSED_QUESTION_HINT,
        "name": People(services.accounts).name,
    }
    return Template("question.html.j2", context=context)


HANDLERS = [record_question_set, add_insight, set_question_status, report_action, question_page]
