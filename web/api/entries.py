"""What a pilot's team records besides cycles: reflections, set meetings with their questions
and insights, and the pilot's status (paused, resumed, concluded)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from web.api.openapi import write_route
from web.api.reads import PilotRead
from web.api.replies import (
    InsightRef,
    QuestionSetRef,
    ReflectionRef,
    new_insight,
    new_question_set,
    new_reflection,
    the_pilot,
)
from web.api.schemas import (
    ConclusionIn,
    InsightIn,
    NoFields,
    PauseIn,
    QuestionSetIn,
    QuestionStatusIn,
    ReflectionIn,
)
from web.api.writes import Write, answer, provide_write

Id = FromPath[UUID]
Writing = NamedDependency[Write]


class EntryController(Controller):
    path = "/pilots/{pilot_id:uuid}"
    tags = ["Reflections and question sets"]
    dependencies = {"write": Provide(provide_write)}

    @write_route("/reflections", status_code=201)
    def reflect(
        self, pilot_id: Id, data: JSONBody[ReflectionIn], write: Writing
    ) -> Response[ReflectionRef]:
        """Records a reflection: an experience, an observation, what it means, a next step or
        an appreciation, optionally about one cycle."""
        return answer(
            write,
            lambda w: w.services.pilots.record_reflection(
                pilot_id, w.actor, kind=data.kind, text=data.text, cycle=data.cycle, **w.options
            ),
            new_reflection,
        )

    @write_route("/question-sets", status_code=201)
    def record_question_set(
        self, pilot_id: Id, data: JSONBody[QuestionSetIn], write: Writing
    ) -> Response[QuestionSetRef]:
        """Records a set meeting: its open questions (each flagged when it looks closed) and
        the actions committed there."""
        actions = [(a, None) if isinstance(a, str) else (a.text, a.owner) for a in data.actions]
        return answer(
            write,
            lambda w: w.services.pilots.record_question_set(
                pilot_id,
                w.actor,
                held_on=data.held_on,
                questions=data.questions,
                facilitator=data.facilitator,
                issue_holder=data.issue_holder,
                actions=actions,
                **w.options,
            ),
            new_question_set,
        )

    @write_route("/questions/{question_id:uuid}/insights", status_code=201)
    def add_insight(
        self, pilot_id: Id, question_id: Id, data: JSONBody[InsightIn], write: Writing
    ) -> Response[InsightRef]:
        """Attaches an insight to a question from one of the pilot's set meetings."""
        return answer(
            write,
            lambda w: w.services.pilots.add_insight(
                pilot_id, w.actor, question_id=question_id, text=data.text, **w.options
            ),
            new_insight,
        )

    @write_route("/questions/{question_id:uuid}/status")
    def set_question_status(
        self, pilot_id: Id, question_id: Id, data: JSONBody[QuestionStatusIn], write: Writing
    ) -> Response[PilotRead]:
        """Moves a question on: open, explored, answered, carried forward or closed."""
        return answer(
            write,
            lambda w: w.services.pilots.set_question_status(
                pilot_id, w.actor, question_id=question_id, status=data.status, **w.options
            ),
            the_pilot,
        )

    @write_route("/pause")
    def pause(self, pilot_id: Id, data: JSONBody[PauseIn], write: Writing) -> Response[PilotRead]:
        """Pauses an active pilot, saying why; it takes no new cycles until resumed."""
        return answer(
            write,
            lambda w: w.services.pilots.pause(pilot_id, w.actor, reason=data.reason, **w.options),
            the_pilot,
        )

    @write_route("/resume")
    def resume(
        self, pilot_id: Id, write: Writing, data: JSONBody[NoFields | None] = None
    ) -> Response[PilotRead]:
        """Resumes a paused pilot."""
        return answer(
            write, lambda w: w.services.pilots.resume(pilot_id, w.actor, **w.options), the_pilot
        )

    @write_route("/conclusion")
    def conclude(
        self, pilot_id: Id, data: JSONBody[ConclusionIn], write: Writing
    ) -> Response[PilotRead]:
        """Concludes the pilot: adopted, adapted or abandoned, with a summary."""
        return answer(
            write,
            lambda w: w.services.pilots.conclude(
                pilot_id, w.actor, outcome=data.outcome, summary=data.summary, **w.options
            ),
            the_pilot,
        )
