"""The set meetings API: record one, then per question an insight or a new status, report back
on an action, and read one question's history from the question ledger."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response, get
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from domain.errors import NotFound
from domain.pilot import events
from domain.pilot.commands import AddInsight, RecordQuestionSet, ReportAction, SetQuestionStatus
from domain.service import Receipt
from projections.engine.runner import Projector
from projections.question_ledger.queries import history_of
from web import openapi
from web.access import READS
from web.people import People, person
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead
from web.question_sets.schemas import (
    AskedRef,
    InsightCreate,
    InsightRef,
    LedgerInsightRead,
    QuestionHistoryRead,
    QuestionSetCreate,
    QuestionSetRef,
    QuestionStatusUpdate,
    ReportCreate,
    StatusChangeRead,
    question_item,
)
from web.writes import Reply, Write, command, provide_write, recorded

Id = FromPath[UUID]
Writing = NamedDependency[Write]


def new_question_set(receipt: Receipt, _: People) -> Reply:
    event = recorded(receipt, events.QuestionSetRecorded)
    asked = [AskedRef(q.id, q.text, q.looks_closed) for q in event.questions]
    return Reply(201, QuestionSetRef(event.set_id, asked), receipt.pilot.version)


def new_insight(receipt: Receipt, _: People) -> Reply:
    event = recorded(receipt, events.InsightAdded)
    return Reply(201, InsightRef(event.insight_id, event.question_id), receipt.pilot.version)


def question_set(write: Write, pilot_id: UUID, data: QuestionSetCreate) -> RecordQuestionSet:
    """The command, with the facilitator and the issue holder each an account or a name."""
    accounts = write.services.accounts
    facilitator = person(accounts, "facilitator", data.facilitator)
    issue_holder = person(accounts, "issue_holder", data.issue_holder)
    return command(
        RecordQuestionSet, data, pilot_id=pilot_id,
        facilitator=facilitator.account, facilitator_name=facilitator.name,
        issue_holder=issue_holder.account, issue_holder_name=issue_holder.name,
    )  # fmt: skip


class QuestionSetController(Controller):
    path = "/pilots/{pilot_id:uuid}"
    tags = ["Reflections and question sets"]
    dependencies = {"write": Provide(provide_write), **READS}

    @openapi.write_route("/question-sets", status_code=201)
    def record_question_set(
        self, pilot_id: Id, data: JSONBody[QuestionSetCreate], write: Writing
    ) -> Response[QuestionSetRef]:
        """Records a set meeting: its open questions (each flagged when it looks closed) and
        the actions committed there. The facilitator and the issue holder are each an
        account's id or email, or the name of someone without an account."""
        return write.run(new_question_set, lambda: question_set(write, pilot_id, data))

    @openapi.write_route("/questions/{question_id:uuid}/insights", status_code=201)
    def add_insight(
        self, pilot_id: Id, question_id: Id, data: JSONBody[InsightCreate], write: Writing
    ) -> Response[InsightRef]:
        """Attaches an insight to a question from one of the pilot's set meetings."""
        return write.run(
            new_insight,
            lambda: command(AddInsight, data, pilot_id=pilot_id, question_id=question_id),
        )

    @openapi.write_route("/questions/{question_id:uuid}/status")
    def set_question_status(
        self, pilot_id: Id, question_id: Id, data: JSONBody[QuestionStatusUpdate], write: Writing
    ) -> Response[PilotRead]:
        """Moves a question on: open, explored, answered, carried forward or closed."""
        return write.run(
            the_pilot,
            lambda: command(SetQuestionStatus, data, pilot_id=pilot_id, question_id=question_id),
        )

    @openapi.write_route("/actions/{action_id:uuid}/report")
    def report_action(
        self, pilot_id: Id, action_id: Id, data: JSONBody[ReportCreate], write: Writing
    ) -> Response[PilotRead]:
        """Reports back on an action committed at a set meeting; an action is reported back
        once (409 after that)."""
        return write.run(
            the_pilot, lambda: command(ReportAction, data, pilot_id=pilot_id, action_id=action_id)
        )

    @get(
        "/questions/{question_id:uuid}",
        sync_to_thread=True,
        tags=["Learning"],
        responses=openapi.problems(401, 404, 503),
    )
    def question_history(
        self, projector: NamedDependency[Projector], pilot_id: Id, question_id: Id
    ) -> QuestionHistoryRead:
        """One question from the ledger: where and when it was asked, each status it has had,
        with who moved it and when, and every insight attached to it."""
        with projector.reader() as sql:
            found = history_of(sql, pilot_id, question_id)
        if found is None:
            raise NotFound("no such question in this pilot")
        return QuestionHistoryRead(
            question_item(found.question),
            [StatusChangeRead(s.status, s.at, s.actor) for s in found.statuses],
            [LedgerInsightRead(i.id, i.text, i.at, i.author) for i in found.insights],
        )


HANDLERS = [QuestionSetController]
