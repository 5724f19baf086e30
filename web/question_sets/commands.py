"""The set meeting commands on the web: record a set meeting, then per question an insight or
a new status, and report back on an action."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from adapters.bootstrap import Services
from domain.pilot import events
from domain.pilot.commands import (
    AddInsight,
    RecordQuestionSet,
    ReportAction,
    SetQuestionSetVisibility,
    SetQuestionStatus,
)
from web.commands import Exposed
from web.people import person
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead
from web.question_sets.schemas import (
    AskedRef,
    InsightCreate,
    InsightRef,
    QuestionSetCreate,
    QuestionSetRef,
    QuestionStatusUpdate,
    ReportCreate,
)
from web.reflections.schemas import VisibilityUpdate
from web.writes import command, reply_from

QUESTION = "/questions/{question_id:uuid}"


def _asked(event: events.QuestionSetRecorded) -> QuestionSetRef:
    asked = [AskedRef(q.id, q.text, q.looks_closed) for q in event.questions]
    return QuestionSetRef(event.set_id, asked)


new_question_set = reply_from(events.QuestionSetRecorded, _asked)
new_insight = reply_from(events.InsightAdded, lambda e: InsightRef(e.insight_id, e.question_id))


def question_set(
    data: QuestionSetCreate, params: dict[str, Any], services: Services, _: UUID
) -> Any:
    """The command, with the facilitator and the issue holder each an account or a name."""
    facilitator = person(services.accounts, "facilitator", data.facilitator)
    issue_holder = person(services.accounts, "issue_holder", data.issue_holder)
    return command(
        RecordQuestionSet, data, **params,
        facilitator=facilitator.account, facilitator_name=facilitator.name,
        issue_holder=issue_holder.account, issue_holder_name=issue_holder.name,
    )  # fmt: skip


COMMANDS = [
    Exposed("question-sets", "/question-sets", RecordQuestionSet, QuestionSetCreate,
            "question-sets", QuestionSetRef, new_question_set, status=201, form="question-set",
            build=question_set,
            doc="Records a set meeting: its open questions (each flagged when it looks closed) "
            "and the actions committed there. The facilitator and the issue holder are each an "
            "account's id or email, or the name of someone without an account."),
    Exposed("insights", f"{QUESTION}/insights", AddInsight, InsightCreate, "question-sets",
            InsightRef, new_insight, status=201, form="insight-{question_id}"),
    Exposed("question-status", f"{QUESTION}/status", SetQuestionStatus, QuestionStatusUpdate,
            "question-sets", PilotRead, the_pilot, form="status-{question_id}"),
    Exposed("action-report", "/actions/{action_id:uuid}/report", ReportAction, ReportCreate,
            "question-sets", PilotRead, the_pilot, form="report-{action_id}"),
    Exposed("question-set-visibility", "/question-sets/{set_id:uuid}/visibility",
            SetQuestionSetVisibility, VisibilityUpdate, "question-sets", PilotRead, the_pilot,
            form="share-set-{set_id}"),
]  # fmt: skip
