"""What the team writes besides cycles: reflections, set meetings with their questions, insights
and actions, and corrections of any entry."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

from domain.consent import entry_key
from domain.pilot.events.base import Event
from domain.pilot.state import Action, Correction, Insight, Question, QuestionSet, Reflection
from domain.values import (
    AskedQuestion,
    CommittedAction,
    QuestionStatus,
    ReflectionKind,
    Visibility,
)

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot


class ReflectionRecorded(Event):
    """`text` is withdrawable: stored sealed under the reflection's own key."""

    TOPIC = "pilots:ReflectionRecorded"
    class_version = 2
    WITHDRAWABLE: ClassVar[tuple[str, ...]] = ("text",)
    reflection_id: UUID
    kind: ReflectionKind
    text: str | None
    cycle: int | None
    visibility: Visibility

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 had no visibility; every reflection was read by everyone."""
        state["visibility"] = Visibility.COMMUNITY

    def withdrawable_key(self) -> UUID:
        return self.reflection_id

    def evolve(self, pilot: Pilot) -> None:
        pilot.reflections[self.reflection_id] = Reflection(
            self.reflection_id, self.actor, self.kind, self.text, self.cycle, self.visibility
        )


class ReflectionVisibilityChanged(Event):
    TOPIC = "pilots:ReflectionVisibilityChanged"
    reflection_id: UUID
    visibility: Visibility

    def evolve(self, pilot: Pilot) -> None:
        pilot.reflections[self.reflection_id].visibility = self.visibility


class ReflectionWithdrawn(Event):
    """The author (or a lead) withdrew the reflection: its text, and the text of every
    correction of it, are gone for good; the fact of the withdrawal stays."""

    TOPIC = "pilots:ReflectionWithdrawn"
    reflection_id: UUID
    reason: str

    def withdraws(self) -> UUID:
        """The entry whose key storage must delete once this event is recorded."""
        return self.reflection_id

    def evolve(self, pilot: Pilot) -> None:
        reflection = pilot.reflections[self.reflection_id]
        reflection.text, reflection.withdrawn_on = None, self.timestamp.date()
        entry = f"reflection:{self.reflection_id}"
        for correction in pilot.corrections:
            if correction.entry == entry:
                correction.previous = correction.text = None


class QuestionSetRecorded(Event):
    TOPIC = "pilots:QuestionSetRecorded"
    class_version = 3
    set_id: UUID
    held_on: date
    facilitator: UUID | None
    facilitator_name: str
    issue_holder: UUID | None
    issue_holder_name: str
    questions: tuple[AskedQuestion, ...]
    actions: tuple[CommittedAction, ...]
    visibility: Visibility

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 named people by account only."""
        state["facilitator_name"] = ""
        state["issue_holder_name"] = ""

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        """Version 2 had no visibility; a set meeting is confidential to the team unless the
        set agrees to share it."""
        state["visibility"] = Visibility.TEAM

    def evolve(self, pilot: Pilot) -> None:
        for asked in self.questions:
            pilot.questions[asked.id] = Question.asked(self.set_id, asked)
        pilot.question_sets[self.set_id] = QuestionSet(
            self.set_id, self.held_on, self.facilitator, self.issue_holder,
            tuple(q.id for q in self.questions), [Action.committed(a) for a in self.actions],
            self.facilitator_name, self.issue_holder_name, self.visibility, self.actor,
        )  # fmt: skip


class QuestionSetVisibilityChanged(Event):
    TOPIC = "pilots:QuestionSetVisibilityChanged"
    set_id: UUID
    visibility: Visibility

    def evolve(self, pilot: Pilot) -> None:
        pilot.question_sets[self.set_id].visibility = self.visibility


class InsightAdded(Event):
    TOPIC = "pilots:InsightAdded"
    question_id: UUID
    insight_id: UUID
    text: str

    def evolve(self, pilot: Pilot) -> None:
        insight = Insight(self.insight_id, self.text, self.actor)
        pilot.questions[self.question_id].insights.append(insight)


class QuestionStatusChanged(Event):
    TOPIC = "pilots:QuestionStatusChanged"
    question_id: UUID
    status: QuestionStatus

    def evolve(self, pilot: Pilot) -> None:
        pilot.questions[self.question_id].status = self.status


class ActionReported(Event):
    TOPIC = "pilots:ActionReported"
    action_id: UUID
    report: str

    def evolve(self, pilot: Pilot) -> None:
        pilot.action(self.action_id).report = self.report


class EntryCorrected(Event):
    """`previous` is the entry's text before, so the log alone can show old and new. Both are
    withdrawable when the entry is (a reflection): sealed under that entry's key."""

    TOPIC = "pilots:EntryCorrected"
    class_version = 2
    WITHDRAWABLE: ClassVar[tuple[str, ...]] = ("previous", "text")
    entry: str
    previous: str | None
    text: str | None
    reason: str

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """Version 1 did not carry the earlier text; the pilot's state still knows it."""
        state["previous"] = ""

    def withdrawable_key(self) -> UUID | None:
        return entry_key(self.entry)

    def evolve(self, pilot: Pilot) -> None:
        previous = pilot.entry_text(self.entry)
        pilot.put_entry(self.entry, self.text)
        pilot.corrections.append(
            Correction(self.entry, previous, self.text, self.reason, self.actor, self.timestamp)
        )
