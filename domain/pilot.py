"""The Pilot aggregate: one stream of events per pilot.

Public methods check the rules and compute anything derived (numbers, ids, hints) before an
`@event` method records the change; the `@event` methods only evolve state, because they run
again on every replay. Every event names its actor and the submission that caused it, so the
audit can say who changed what, and a retried submission can recognise its own events.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain import clock, rules
from domain.errors import InvalidEntry, NotFound, NotPermitted, RuleViolated
from domain.questions import looks_closed
from domain.state import Action, Correction, Cycle, Insight, Question, QuestionSet, Reflection
from domain.values import (
    AskedQuestion,
    CommittedAction,
    Decision,
    Outcome,
    PilotStatus,
    Prediction,
    QuestionStatus,
    ReflectionKind,
    Result,
    Role,
    Stage,
)

SUBMISSIONS_KEPT = 256
SUBMISSION_NAMESPACE = uuid5(NAMESPACE_URL, "urn:pilot-tracker:submission")


def derived_id(submission: str, what: str) -> UUID:
    """An id that a repeat of the same submission gets again, so a replay finds its entry."""
    return uuid5(SUBMISSION_NAMESPACE, f"{submission}/{what}")


# Where a question may go next. Answered and closed questions are settled; a question carried
# forward comes back to a later set meeting to be explored again.
QUESTION_MOVES: dict[QuestionStatus, frozenset[QuestionStatus]] = {
    QuestionStatus.OPEN: frozenset(QuestionStatus) - {QuestionStatus.OPEN},
    QuestionStatus.EXPLORED: frozenset(
        {QuestionStatus.ANSWERED, QuestionStatus.CARRIED_FORWARD, QuestionStatus.CLOSED}
    ),
    QuestionStatus.CARRIED_FORWARD: frozenset(
        {QuestionStatus.EXPLORED, QuestionStatus.ANSWERED, QuestionStatus.CLOSED}
    ),
    QuestionStatus.ANSWERED: frozenset(),
    QuestionStatus.CLOSED: frozenset(),
}

# Entries that a correction may put right, by the prefix of their reference.
CYCLE_FIELDS = frozenset(
    {"objective", "plan", "what_happened", "deviations", "learning", "surprises", "rationale"}
)
PILOT_FIELDS = frozenset({"title", "question", "origin", "summary"})


class Pilot(Aggregate):
    TOPIC = "pilots:Pilot"

    class Event(Aggregate.Event):
        actor: UUID
        submission: str

        @staticmethod
        def create_timestamp() -> datetime:
            return clock.now()

        def apply(self, aggregate: Any) -> None:
            aggregate.submissions = [*aggregate.submissions[1 - SUBMISSIONS_KEPT :],
                                     self.submission]  # fmt: skip

    class Created(Event, Aggregate.Created):
        """The base of creation events; only `Registered` is ever recorded."""

        TOPIC = "pilots:Created"

    class Registered(Created):
        TOPIC = "pilots:Registered"
        title: str
        question: str
        idea: str
        origin: str
        themes: tuple[str, ...]

    class IdeaRevised(Event):
        TOPIC = "pilots:IdeaRevised"
        class_version = 2
        idea: str
        rationale: str
        prompted_by: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            """Version 1 did not say what prompted a revision."""
            state["prompted_by"] = ""

    class RoleAssigned(Event):
        TOPIC = "pilots:RoleAssigned"
        user: UUID
        role: Role

    class MemberRemoved(Event):
        TOPIC = "pilots:MemberRemoved"
        user: UUID

    class CyclePlanned(Event):
        TOPIC = "pilots:CyclePlanned"
        number: int
        objective: str
        plan: str
        predictions: tuple[Prediction, ...]

    class PredictionsRevised(Event):
        TOPIC = "pilots:PredictionsRevised"
        number: int
        predictions: tuple[Prediction, ...]

    class CycleStarted(Event):
        TOPIC = "pilots:CycleStarted"
        number: int

    class DoRecorded(Event):
        TOPIC = "pilots:DoRecorded"
        number: int
        what_happened: str
        as_planned: bool
        deviations: str

    class StudyRecorded(Event):
        TOPIC = "pilots:StudyRecorded"
        number: int
        results: tuple[Result, ...]
        learning: str
        surprises: str

    class CycleDecided(Event):
        TOPIC = "pilots:CycleDecided"
        number: int
        decision: Decision
        rationale: str

    class ReflectionRecorded(Event):
        TOPIC = "pilots:ReflectionRecorded"
        reflection_id: UUID
        kind: ReflectionKind
        text: str
        cycle: int | None

    class QuestionSetRecorded(Event):
        TOPIC = "pilots:QuestionSetRecorded"
        set_id: UUID
        held_on: date
        facilitator: UUID | None
        issue_holder: UUID | None
        questions: tuple[AskedQuestion, ...]
        actions: tuple[CommittedAction, ...]

    class InsightAdded(Event):
        TOPIC = "pilots:InsightAdded"
        question_id: UUID
        insight_id: UUID
        text: str

    class QuestionStatusChanged(Event):
        TOPIC = "pilots:QuestionStatusChanged"
        question_id: UUID
        status: QuestionStatus

    class ActionReported(Event):
        TOPIC = "pilots:ActionReported"
        action_id: UUID
        report: str

    class Paused(Event):
        TOPIC = "pilots:Paused"
        reason: str

    class Resumed(Event):
        TOPIC = "pilots:Resumed"

    class Concluded(Event):
        TOPIC = "pilots:Concluded"
        outcome: Outcome
        summary: str

    class EntryCorrected(Event):
        TOPIC = "pilots:EntryCorrected"
        entry: str
        text: str
        reason: str

    @event(Registered)
    def __init__(
        self,
        title: str,
        question: str,
        idea: str,
        origin: str,
        themes: tuple[str, ...],
        actor: UUID,
        submission: str,
    ) -> None:
        self.title = title
        self.question = question
        self.idea = idea
        self.origin = origin
        self.themes = themes
        self.status = PilotStatus.ACTIVE
        self.outcome: Outcome | None = None
        self.summary = ""
        self.pause_reason = ""
        self.team: dict[UUID, Role] = {actor: Role.LEAD}
        self.cycles: dict[int, Cycle] = {}
        self.reflections: dict[UUID, Reflection] = {}
        self.question_sets: dict[UUID, QuestionSet] = {}
        self.questions: dict[UUID, Question] = {}
        self.corrections: list[Correction] = []
        self.submissions: list[str] = []

    # -- registration and framing -------------------------------------------------------------

    @staticmethod
    def create_id(submission: str) -> UUID:
        """Derived from the registration's submission, so a resubmitted form finds its pilot
        instead of registering a twin."""
        return derived_id(submission, "pilot")

    @classmethod
    def register(
        cls,
        *,
        title: str,
        question: str,
        idea: str,
        lead: UUID,
        submission: str,
        origin: str = "",
        themes: Sequence[str] = (),
    ) -> Pilot:
        fields: dict[str, Any] = {
            "title": rules.text("title", title, limit=rules.TITLE_MAX),
            "question": rules.text("question", question),
            "idea": rules.text("idea", idea),
            "origin": rules.optional_text("origin", origin),
            "themes": rules.themes(themes),
        }
        return cls(**fields, actor=lead, submission=submission)

    def revise_idea(
        self, idea: str, rationale: str, *, actor: UUID, submission: str, prompted_by: str = ""
    ) -> None:
        self._require_writer(actor)
        idea = rules.text("idea", idea)
        rationale = rules.text("rationale", rationale)
        if rules.same_words(idea, self.idea):
            raise RuleViolated("the revised idea must differ from the current one")
        prompted_by = rules.optional_text("prompted_by", prompted_by)
        self._idea_revised(idea, rationale, prompted_by, actor, submission)

    @event(IdeaRevised)
    def _idea_revised(
        self, idea: str, rationale: str, prompted_by: str, actor: UUID, submission: str
    ) -> None:
        self.idea = idea

    # -- team -----------------------------------------------------------------------------------

    def assign_role(self, user: UUID, role: Role | str, *, actor: UUID, submission: str) -> None:
        self._require_lead(actor)
        role = rules.choice("role", role, Role)
        if self.team.get(user) == role:
            raise RuleViolated(f"that person is already {role.value} of this pilot")
        if role != Role.LEAD:
            self._keep_a_lead_without(user)
        self._role_assigned(user, role, actor, submission)

    @event(RoleAssigned)
    def _role_assigned(self, user: UUID, role: Role, actor: UUID, submission: str) -> None:
        self.team[user] = role

    def remove_member(self, user: UUID, *, actor: UUID, submission: str) -> None:
        self._require_lead(actor)
        if user not in self.team:
            raise NotFound("that person is not on this pilot's team")
        self._keep_a_lead_without(user)
        self._member_removed(user, actor, submission)

    @event(MemberRemoved)
    def _member_removed(self, user: UUID, actor: UUID, submission: str) -> None:
        del self.team[user]

    # -- cycles ---------------------------------------------------------------------------------

    def plan_cycle(
        self,
        objective: str,
        predictions: Sequence[Prediction],
        *,
        actor: UUID,
        submission: str,
        plan: str = "",
    ) -> int:
        self._require_writer(actor)
        if self.status != PilotStatus.ACTIVE:
            raise RuleViolated(f"a {self.status.value} pilot takes no new cycles")
        undecided = self.undecided_cycle
        if undecided is not None:
            raise RuleViolated(f"cycle {undecided.number} must be decided before a new one")
        number = len(self.cycles) + 1
        self._cycle_planned(
            number,
            rules.text("objective", objective),
            rules.optional_text("plan", plan),
            _predictions(predictions),
            actor,
            submission,
        )
        return number

    @event(CyclePlanned)
    def _cycle_planned(
        self,
        number: int,
        objective: str,
        plan: str,
        predictions: tuple[Prediction, ...],
        actor: UUID,
        submission: str,
    ) -> None:
        self.cycles[number] = Cycle(number, objective, plan, predictions)

    def revise_predictions(
        self, number: int, predictions: Sequence[Prediction], *, actor: UUID, submission: str
    ) -> None:
        self._require_writer(actor)
        if self.cycle(number).stage != Stage.PLANNED:
            raise RuleViolated(
                f"the predictions of cycle {number} were locked when it started; "
                "plan a new cycle to change them"
            )
        self._predictions_revised(number, _predictions(predictions), actor, submission)

    @event(PredictionsRevised)
    def _predictions_revised(
        self, number: int, predictions: tuple[Prediction, ...], actor: UUID, submission: str
    ) -> None:
        self.cycles[number].predictions = predictions

    def start_cycle(self, number: int, *, actor: UUID, submission: str) -> None:
        self._require_writer(actor)
        self._require_stage(number, Stage.PLANNED, "start")
        if self.status == PilotStatus.CONCLUDED:
            raise RuleViolated(f"the pilot has concluded, so cycle {number} cannot start")
        if self.status == PilotStatus.PAUSED:
            raise RuleViolated(f"resume the pilot before starting cycle {number}")
        self._cycle_started(number, actor, submission)

    @event(CycleStarted)
    def _cycle_started(self, number: int, actor: UUID, submission: str) -> None:
        self.cycles[number].stage = Stage.STARTED

    def record_do(
        self,
        number: int,
        what_happened: str,
        *,
        actor: UUID,
        submission: str,
        as_planned: bool = True,
        deviations: str = "",
    ) -> None:
        self._require_writer(actor)
        self._require_stage(number, Stage.STARTED, "record what happened in")
        self._do_recorded(
            number,
            rules.text("what_happened", what_happened),
            bool(as_planned),
            rules.optional_text("deviations", deviations),
            actor,
            submission,
        )

    @event(DoRecorded)
    def _do_recorded(
        self,
        number: int,
        what_happened: str,
        as_planned: bool,
        deviations: str,
        actor: UUID,
        submission: str,
    ) -> None:
        cycle = self.cycles[number]
        cycle.stage = Stage.DONE
        cycle.what_happened, cycle.as_planned, cycle.deviations = (
            what_happened, as_planned, deviations)  # fmt: skip

    def record_study(
        self,
        number: int,
        results: Sequence[Result],
        learning: str,
        *,
        actor: UUID,
        submission: str,
        surprises: str = "",
    ) -> None:
        self._require_writer(actor)
        cycle = self._require_stage(number, Stage.DONE, "study")
        self._study_recorded(
            number,
            _results_against(cycle.predictions, results),
            rules.text("learning", learning),
            rules.optional_text("surprises", surprises),
            actor,
            submission,
        )

    @event(StudyRecorded)
    def _study_recorded(
        self,
        number: int,
        results: tuple[Result, ...],
        learning: str,
        surprises: str,
        actor: UUID,
        submission: str,
    ) -> None:
        cycle = self.cycles[number]
        cycle.stage = Stage.STUDIED
        cycle.results, cycle.learning, cycle.surprises = results, learning, surprises

    def decide(
        self,
        number: int,
        decision: Decision | str,
        rationale: str,
        *,
        actor: UUID,
        submission: str,
    ) -> None:
        self._require_writer(actor)
        self._require_stage(number, Stage.STUDIED, "decide")
        self._cycle_decided(
            number,
            rules.choice("decision", decision, Decision),
            rules.text("rationale", rationale),
            actor,
            submission,
        )

    @event(CycleDecided)
    def _cycle_decided(
        self, number: int, decision: Decision, rationale: str, actor: UUID, submission: str
    ) -> None:
        cycle = self.cycles[number]
        cycle.stage = Stage.DECIDED
        cycle.decision, cycle.rationale = decision, rationale

    # -- reflections and question sets ----------------------------------------------------------

    def record_reflection(
        self,
        reflection_id: UUID,
        kind: ReflectionKind | str,
        text: str,
        *,
        actor: UUID,
        submission: str,
        cycle: int | None = None,
    ) -> None:
        self._require_writer(actor)
        if cycle is not None:
            self.cycle(cycle)
        self._reflection_recorded(
            reflection_id,
            rules.choice("kind", kind, ReflectionKind),
            rules.text("text", text),
            cycle,
            actor,
            submission,
        )

    @event(ReflectionRecorded)
    def _reflection_recorded(
        self,
        reflection_id: UUID,
        kind: ReflectionKind,
        text: str,
        cycle: int | None,
        actor: UUID,
        submission: str,
    ) -> None:
        self.reflections[reflection_id] = Reflection(reflection_id, actor, kind, text, cycle)

    def record_question_set(
        self,
        set_id: UUID,
        held_on: date,
        questions: Sequence[AskedQuestion],
        *,
        actor: UUID,
        submission: str,
        facilitator: UUID | None = None,
        issue_holder: UUID | None = None,
        actions: Sequence[CommittedAction] = (),
    ) -> None:
        """Questions arrive with ids chosen by the caller; their closed-question hint is ours."""
        self._require_writer(actor)
        texts = rules.distinct(
            "questions", [q.text for q in questions], low=1, high=rules.QUESTIONS_PER_SET_MAX
        )
        asked = tuple(
            AskedQuestion(q.id, text, q.asker, looks_closed(text))
            for q, text in zip(questions, texts, strict=True)
        )
        if len(actions) > rules.ACTIONS_MAX:
            raise InvalidEntry("actions", f"at most {rules.ACTIONS_MAX} actions")
        committed = tuple(
            CommittedAction(a.id, rules.text(f"actions[{i}]", a.text), a.owner)
            for i, a in enumerate(actions)
        )
        ids = [q.id for q in asked] + [a.id for a in committed]
        if len(set(ids)) != len(ids) or any(i in self.questions for i in ids):
            raise RuleViolated("each question and action needs an id of its own")
        self._question_set_recorded(
            set_id, held_on, facilitator, issue_holder, asked, committed, actor, submission
        )

    @event(QuestionSetRecorded)
    def _question_set_recorded(
        self,
        set_id: UUID,
        held_on: date,
        facilitator: UUID | None,
        issue_holder: UUID | None,
        questions: tuple[AskedQuestion, ...],
        actions: tuple[CommittedAction, ...],
        actor: UUID,
        submission: str,
    ) -> None:
        for asked in questions:
            self.questions[asked.id] = Question.asked(set_id, asked)
        self.question_sets[set_id] = QuestionSet(
            set_id, held_on, facilitator, issue_holder,
            tuple(q.id for q in questions), [Action.committed(a) for a in actions],
        )  # fmt: skip

    def add_insight(
        self, question_id: UUID, insight_id: UUID, text: str, *, actor: UUID, submission: str
    ) -> None:
        self._require_writer(actor)
        self.set_question(question_id)
        self._insight_added(question_id, insight_id, rules.text("text", text), actor, submission)

    @event(InsightAdded)
    def _insight_added(
        self, question_id: UUID, insight_id: UUID, text: str, actor: UUID, submission: str
    ) -> None:
        self.questions[question_id].insights.append(Insight(insight_id, text, actor))

    def set_question_status(
        self, question_id: UUID, status: QuestionStatus | str, *, actor: UUID, submission: str
    ) -> None:
        self._require_writer(actor)
        current = self.set_question(question_id).status
        status = rules.choice("status", status, QuestionStatus)
        if status not in QUESTION_MOVES[current]:
            raise RuleViolated(f"a question that is {current.value} cannot become {status.value}")
        self._question_status_changed(question_id, status, actor, submission)

    @event(QuestionStatusChanged)
    def _question_status_changed(
        self, question_id: UUID, status: QuestionStatus, actor: UUID, submission: str
    ) -> None:
        self.questions[question_id].status = status

    def report_action(self, action_id: UUID, report: str, *, actor: UUID, submission: str) -> None:
        self._require_writer(actor)
        if self.action(action_id).report:
            raise RuleViolated("that action has already been reported back")
        self._action_reported(action_id, rules.text("report", report), actor, submission)

    @event(ActionReported)
    def _action_reported(self, action_id: UUID, report: str, actor: UUID, submission: str) -> None:
        self.action(action_id).report = report

    # -- status ---------------------------------------------------------------------------------

    def pause(self, reason: str, *, actor: UUID, submission: str) -> None:
        self._require_writer(actor)
        if self.status != PilotStatus.ACTIVE:
            raise RuleViolated(f"only an active pilot can be paused; this one is {self.status}")
        self._paused(rules.text("reason", reason), actor, submission)

    @event(Paused)
    def _paused(self, reason: str, actor: UUID, submission: str) -> None:
        self.status, self.pause_reason = PilotStatus.PAUSED, reason

    def resume(self, *, actor: UUID, submission: str) -> None:
        self._require_writer(actor)
        if self.status != PilotStatus.PAUSED:
            raise RuleViolated(f"only a paused pilot can be resumed; this one is {self.status}")
        self._resumed(actor, submission)

    @event(Resumed)
    def _resumed(self, actor: UUID, submission: str) -> None:
        self.status, self.pause_reason = PilotStatus.ACTIVE, ""

    def conclude(
        self, outcome: Outcome | str, summary: str, *, actor: UUID, submission: str
    ) -> None:
        self._require_writer(actor)
        if self.status == PilotStatus.CONCLUDED:
            raise RuleViolated("the pilot has already concluded")
        outcome = rules.choice("outcome", outcome, Outcome)
        self._concluded(outcome, rules.text("summary", summary), actor, submission)

    @event(Concluded)
    def _concluded(self, outcome: Outcome, summary: str, actor: UUID, submission: str) -> None:
        self.status, self.outcome, self.summary = PilotStatus.CONCLUDED, outcome, summary

    # -- corrections ----------------------------------------------------------------------------

    def correct(self, entry: str, text: str, reason: str, *, actor: UUID, submission: str) -> None:
        """Puts a wrong entry right. The old text stays in the log and in `corrections`."""
        self._require_writer(actor)
        entry = _canonical_entry(entry)
        limit = rules.TITLE_MAX if entry == "title" else rules.ENTRY_MAX
        text = rules.text("text", text, limit=limit)
        reason = rules.text("reason", reason)
        previous = self.entry_text(entry)
        if not previous:
            # Filling in an entry that was never made would bypass the rules of its stage.
            raise RuleViolated(f"{entry} has not been entered yet, so there is nothing to correct")
        if previous == text:
            raise RuleViolated("the correction must change the entry")
        self._entry_corrected(entry, text, reason, actor, submission)

    @event(EntryCorrected)
    def _entry_corrected(
        self, entry: str, text: str, reason: str, actor: UUID, submission: str
    ) -> None:
        previous = self.entry_text(entry)
        kind, _, rest = entry.partition(":")
        if kind in PILOT_FIELDS:
            setattr(self, kind, text)
        elif kind == "cycle":
            number, _, name = rest.partition(":")
            setattr(self.cycles[int(number)], name, text)
        elif kind == "reflection":
            self.reflections[UUID(rest)].text = text
        elif kind == "insight":
            self._insight(UUID(rest)).text = text
        self.corrections.append(Correction(entry, previous, text, reason, actor))

    def entry_text(self, entry: str) -> str:
        """The current text of a correctable entry, named as `title`, `cycle:2:learning`,
        `reflection:<id>` or `insight:<id>`."""
        kind, _, rest = entry.partition(":")
        try:
            if entry in PILOT_FIELDS:  # exactly `title`; `title:` names nothing
                return str(getattr(self, entry))
            if kind == "cycle":
                number, _, name = rest.partition(":")
                if name in CYCLE_FIELDS:
                    return str(getattr(self.cycle(int(number)), name))
            elif kind == "reflection":
                return self.reflections[UUID(rest)].text
            elif kind == "insight":
                return self._insight(UUID(rest)).text
        except (KeyError, ValueError):
            pass
        raise NotFound(f"no entry {entry!r} to correct")

    # -- queries and guards ---------------------------------------------------------------------

    @property
    def undecided_cycle(self) -> Cycle | None:
        return next((c for c in self.cycles.values() if c.stage != Stage.DECIDED), None)

    def role_of(self, user: UUID) -> Role | None:
        return self.team.get(user)

    def cycle(self, number: int) -> Cycle:
        try:
            return self.cycles[number]
        except KeyError:
            raise NotFound(f"this pilot has no cycle {number}") from None

    def set_question(self, question_id: UUID) -> Question:
        try:
            return self.questions[question_id]
        except KeyError:
            raise NotFound("this pilot has no such question") from None

    def action(self, action_id: UUID) -> Action:
        for question_set in self.question_sets.values():
            for action in question_set.actions:
                if action.id == action_id:
                    return action
        raise NotFound("this pilot has no such action")

    def _insight(self, insight_id: UUID) -> Insight:
        for question in self.questions.values():
            for insight in question.insights:
                if insight.id == insight_id:
                    return insight
        raise KeyError(insight_id)

    def _require_writer(self, actor: UUID) -> None:
        if actor not in self.team:
            raise NotPermitted("only the pilot's lead, members and facilitator may write to it")

    def _require_lead(self, actor: UUID) -> None:
        if self.team.get(actor) != Role.LEAD:
            raise NotPermitted("only a lead of the pilot may change its team")

    def _keep_a_lead_without(self, user: UUID) -> None:
        leads = [member for member, role in self.team.items() if role == Role.LEAD]
        if leads == [user]:
            raise RuleViolated("the team must keep a lead; make someone else lead first")

    def _require_stage(self, number: int, stage: Stage, doing: str) -> Cycle:
        cycle = self.cycle(number)
        if cycle.stage != stage:
            raise RuleViolated(
                f"cannot {doing} cycle {number} while it is {cycle.stage.value}; "
                f"it must be {stage.value} first"
            )
        return cycle


def _predictions(predictions: Sequence[Prediction]) -> tuple[Prediction, ...]:
    questions = rules.distinct(
        "predictions", [p.question for p in predictions], low=1, high=rules.PREDICTIONS_MAX
    )
    return tuple(
        Prediction(question, rules.text(f"predictions[{i}].prediction", p.prediction))
        for i, (question, p) in enumerate(zip(questions, predictions, strict=True))
    )


def _results_against(
    predictions: tuple[Prediction, ...], results: Sequence[Result]
) -> tuple[Result, ...]:
    """Every prediction gets exactly one result, in the order the predictions were made."""
    given: dict[str, str] = {}
    for i, result in enumerate(results):
        question = rules.text(f"results[{i}].question", result.question)
        matches = (p.question for p in predictions if rules.same_words(p.question, question))
        predicted = next(matches, None)
        if predicted is None:
            raise InvalidEntry(f"results[{i}].question", f"no prediction was made for {question!r}")
        if predicted in given:
            raise InvalidEntry(f"results[{i}].question", "repeats a question")
        given[predicted] = rules.text(f"results[{i}].result", result.result)
    missing = [p.question for p in predictions if p.question not in given]
    if missing:
        raise InvalidEntry("results", f"no result given for {missing[0]!r}")
    return tuple(Result(p.question, given[p.question]) for p in predictions)


def _canonical_entry(entry: str) -> str:
    """One spelling per entry (`cycle:01:plan` is `cycle:1:plan`), so its history is one list."""
    kind, _, rest = entry.strip().partition(":")
    try:
        if kind == "cycle":
            number, _, name = rest.partition(":")
            return f"cycle:{int(number)}:{name}"
        if kind in ("reflection", "insight"):
            return f"{kind}:{UUID(rest)}"
    except ValueError:
        pass
    return entry.strip()
