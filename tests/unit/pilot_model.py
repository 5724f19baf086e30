"""A plain model of pilots, written from docs/domain.md, for the stateful test (R7 in
docs/quality.md).

The model never calls the domain's rule code. For each command it says, on its own, whether the
command should be accepted and what the pilot becomes. When a command breaks several rules at
once, docs/domain.md does not say which one is reported first, so the model lists every kind of
error that would be a right answer, and the test accepts any of them.

Reflections and set meetings have a visibility (`domain/pilot/visibility.py`): `private` (their
author alone), `team` (the pilot's lead, members and facilitators) or `community` (everyone).
An entry the sender may not read is, to them, an entry that does not exist: the model looks it
up as the sender sees it, and then judges the command as it would with an unknown id.

Entries are kept as plain values, and `PilotModel.describe()` gives the whole pilot as tuples
and strings, so the test can compare it in one assertion. The measures' part of the model, and
the `Model` the test runs (this one with the measure commands), are in `measure_model.py`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from domain.errors import (
    DomainError,
    InvalidEntry,
    NotFound,
    NotPermitted,
    RuleViolated,
    VersionMismatch,
)

TITLE_MAX = 200  # "Text ... titles ≤ 200 characters"
ENTRY_MAX = 10_000  # "Text ... entries ≤ 10,000"
QUESTIONS_MAX = 30  # "A question set holds 1-30 distinct questions."
# Bounds that the domain leaves to "sane bounds"; the test stays well inside them, except for
# the submission id, whose bound it crosses on purpose.
THEME_MAX, THEMES_MAX, PREDICTIONS_MAX, ACTIONS_MAX, SUBMISSION_MAX = 60, 12, 20, 30, 200

ROLES = ("lead", "member", "facilitator")
DECISIONS = ("adopt", "adapt", "abandon")
OUTCOMES = ("adopted", "adapted", "abandoned")
KINDS = ("experience", "observation", "meaning", "next_step", "appreciation")
STATUSES = ("open", "explored", "answered", "carried_forward", "closed")
STAGES = ("planned", "started", "done", "studied", "decided")
VISIBILITIES = ("private", "team", "community")
# Who reads an entry when its sender does not say: a reflection is shared with the community,
# a set meeting is confidential to the team unless the set agrees to share it.
REFLECTION_VISIBILITY, SET_VISIBILITY = "community", "team"

# "open → explored → answered / carried forward / closed". A question may also be settled
# without being explored first, and a question carried forward is explored again at a later
# set meeting. Answered and closed questions are settled for good.
QUESTION_MOVES: dict[str, frozenset[str]] = {
    "open": frozenset({"explored", "answered", "carried_forward", "closed"}),
    "explored": frozenset({"answered", "carried_forward", "closed"}),
    "carried_forward": frozenset({"explored", "answered", "closed"}),
    "answered": frozenset(),
    "closed": frozenset(),
}

# Which cycle entries exist from which stage on: a correction puts right an entry that was
# made, so it cannot write the Study of a cycle that was never studied.
CYCLE_ENTRIES: dict[str, str] = {
    "objective": "planned",
    "plan": "planned",
    "what_happened": "done",
    "deviations": "done",
    "learning": "studied",
    "surprises": "studied",
    "rationale": "decided",
}


# What `PilotModel.entry_text` says of a withdrawn entry: it holds a NUL, which no text may.
WITHDRAWN = "\x00withdrawn"

# -- text ------------------------------------------------------------------------------------


def clean(value: str) -> str:
    """Text is kept trimmed, with Windows line ends made plain."""
    return value.replace("\r\n", "\n").strip()


def text_ok(value: str, limit: int = ENTRY_MAX) -> bool:
    """docs/domain.md: \"Text must be non-blank and within sane bounds" (a NUL is never sane)."""
    return "\x00" not in value and 0 < len(clean(value)) <= limit


def optional_ok(value: str, limit: int = ENTRY_MAX) -> bool:
    """Optional text may be blank, but is otherwise held to the same bounds."""
    return "\x00" not in value and len(clean(value)) <= limit


def words(value: str) -> str:
    """What an entry says, ignoring case and spacing."""
    return " ".join(value.split()).casefold()


def distinct_ok(values: Sequence[str], low: int, high: int) -> bool:
    """Every entry non-blank, no two saying the same thing, and between low and high of them."""
    said = [words(clean(v)) for v in values]
    return (
        all(text_ok(v) for v in values) and len(set(said)) == len(said) and low <= len(said) <= high
    )


# -- the model -------------------------------------------------------------------------------


@dataclass
class CycleModel:
    objective: str
    plan: str
    predictions: tuple[tuple[str, str], ...]
    stage: str = "planned"
    what_happened: str = ""
    as_planned: bool | None = None
    deviations: str = ""
    results: tuple[tuple[str, str], ...] = ()
    learning: str = ""
    surprises: str = ""
    decision: str | None = None
    rationale: str = ""
    # What it predicts of the pilot's measures: (measure id, prediction); `measure_model.py`.
    measures: tuple[tuple[UUID, str], ...] = ()

    def reached(self, stage: str) -> bool:
        return STAGES.index(self.stage) >= STAGES.index(stage)


@dataclass
class ReflectionModel:
    id: UUID
    author: UUID
    kind: str
    text: str | None  # None once withdrawn
    cycle: int | None
    visibility: str
    withdrawn_on: date | None = None

    def describe(self) -> tuple[Any, ...]:
        return (
            self.id, self.author, self.kind, self.text, self.cycle, self.visibility,
            self.withdrawn_on,
        )  # fmt: skip


@dataclass
class QuestionSetModel:
    held_on: date
    facilitator: UUID | None
    issue_holder: UUID | None
    question_ids: tuple[UUID, ...]
    action_ids: tuple[UUID, ...]
    visibility: str
    author: UUID  # whoever recorded it

    def describe(self) -> tuple[Any, ...]:
        return (
            self.held_on, self.facilitator, self.issue_holder, self.question_ids,
            self.action_ids, self.visibility, self.author,
        )  # fmt: skip


@dataclass
class QuestionModel:
    set_id: UUID
    text: str
    status: str = "open"
    insights: list[tuple[UUID, str, UUID]] = field(default_factory=list)  # id, text, author


@dataclass
class PilotModel:
    id: UUID
    title: str
    question: str
    idea: str
    origin: str
    themes: tuple[str, ...]
    team: dict[UUID, str]
    status: str = "active"
    outcome: str | None = None
    summary: str = ""
    pause_reason: str = ""
    cycles: dict[int, CycleModel] = field(default_factory=dict)
    reflections: dict[UUID, ReflectionModel] = field(default_factory=dict)
    question_sets: dict[UUID, QuestionSetModel] = field(default_factory=dict)
    questions: dict[UUID, QuestionModel] = field(default_factory=dict)
    actions: dict[UUID, list[Any]] = field(default_factory=dict)  # id: [text, owner, report]
    # entry, previous, text, reason, actor; the texts are None once the entry is withdrawn.
    corrections: list[tuple[str, str | None, str | None, str, UUID]] = field(default_factory=list)
    # Its measures (`tests.unit.measure_model.MeasureModel`), by id, in the order defined.
    measures: dict[UUID, Any] = field(default_factory=dict)
    # Submission ids are scoped to their sender (R10, R14, docs/quality.md): (sender, id) pairs.
    submissions: list[tuple[UUID, str]] = field(default_factory=list)
    # One cheap picture of the pilot per acknowledged event, for the as-of view.
    pictures: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def version(self) -> int:
        return len(self.pictures)

    def picture(self) -> tuple[Any, ...]:
        return (
            self.status, self.idea, self.title, len(self.cycles), len(self.reflections),
            tuple((r.visibility, r.withdrawn_on) for r in self.reflections.values()),
            tuple(s.visibility for s in self.question_sets.values()),
            tuple(m.picture() for m in self.measures.values()),
        )  # fmt: skip

    def undecided(self) -> int | None:
        return next((n for n, c in self.cycles.items() if c.stage != "decided"), None)

    def leads(self) -> list[UUID]:
        return [user for user, role in self.team.items() if role == "lead"]

    # -- who reads what: `reader` None is the test itself, which reads everything ----------------

    def may_read(self, visibility: str, author: UUID, reader: UUID | None) -> bool:
        """Its author always, on the team or not (what they wrote stays theirs to take back);
        `private`: nobody else; `team`: whoever is on the pilot's team now; `community`:
        everyone."""
        if reader is None or visibility == "community" or reader == author:
            return True
        return visibility == "team" and reader in self.team

    def reflection_for(self, reflection_id: UUID, reader: UUID | None) -> ReflectionModel | None:
        found = self.reflections.get(reflection_id)
        if found is None or not self.may_read(found.visibility, found.author, reader):
            return None
        return found

    def question_set_for(self, set_id: UUID, reader: UUID | None) -> QuestionSetModel | None:
        found = self.question_sets.get(set_id)
        if found is None or not self.may_read(found.visibility, found.author, reader):
            return None
        return found

    def question_for(self, question_id: UUID, reader: UUID | None) -> QuestionModel | None:
        """A question, an insight or an action is read with its set meeting."""
        found = self.questions.get(question_id)
        if found is None or self.question_set_for(found.set_id, reader) is None:
            return None
        return found

    def action_for(self, action_id: UUID, reader: UUID | None) -> list[Any] | None:
        for set_id, meeting in self.question_sets.items():
            if action_id in meeting.action_ids:
                return self.actions[action_id] if self.question_set_for(set_id, reader) else None
        return None

    def entry_text(self, entry: str, reader: UUID | None = None) -> str | None:
        """The current text of a correctable entry: None when there is no such entry (or
        `reader` may not read it), "" when it has not been entered yet, and WITHDRAWN once its
        author has withdrawn it."""
        if entry in ("title", "question", "origin"):
            return str(getattr(self, entry))
        if entry == "summary":
            return self.summary if self.status == "concluded" else ""
        kind, _, rest = entry.partition(":")
        if kind == "cycle":
            number, _, name = rest.partition(":")
            cycle = self.cycles.get(int(number)) if number.isdigit() and number.isascii() else None
            if cycle is None or name not in CYCLE_ENTRIES or str(int(number)) != number:
                return None
            return str(getattr(cycle, name)) if cycle.reached(CYCLE_ENTRIES[name]) else ""
        for reflection in self.reflections.values():
            if entry == f"reflection:{reflection.id}":
                if self.reflection_for(reflection.id, reader) is None:
                    return None
                return WITHDRAWN if reflection.text is None else reflection.text
        for question in self.questions.values():
            for insight_id, text, _author in question.insights:
                if entry == f"insight:{insight_id}":
                    return text if self.question_set_for(question.set_id, reader) else None
        return None

    def set_entry(self, entry: str, text: str) -> None:
        if entry in ("title", "question", "origin", "summary"):
            setattr(self, entry, text)
        elif entry.startswith("cycle:"):
            _, number, name = entry.split(":")
            setattr(self.cycles[int(number)], name, text)
        elif entry.startswith("reflection:"):
            for reflection in self.reflections.values():
                if entry == f"reflection:{reflection.id}":
                    reflection.text = text
        else:
            for question in self.questions.values():
                question.insights = [
                    (i, text if entry == f"insight:{i}" else t, a) for i, t, a in question.insights
                ]

    def describe(self) -> dict[str, Any]:
        """The pilot as plain data; the test builds the same shape from the domain's Pilot."""
        return {
            "title": self.title,
            "question": self.question,
            "idea": self.idea,
            "origin": self.origin,
            "themes": self.themes,
            "status": self.status,
            "outcome": self.outcome,
            "summary": self.summary,
            "pause_reason": self.pause_reason,
            "team": dict(self.team),
            "cycles": {
                n: (
                    c.stage,
                    c.objective,
                    c.plan,
                    c.predictions,
                    c.what_happened,
                    c.as_planned,
                    c.deviations,
                    c.results,
                    c.learning,
                    c.surprises,
                    c.decision,
                    c.rationale,
                    c.measures,
                )
                for n, c in self.cycles.items()
            },
            "reflections": [r.describe() for r in self.reflections.values()],
            "question_sets": {i: s.describe() for i, s in self.question_sets.items()},
            "questions": {
                i: (q.text, q.status, list(q.insights)) for i, q in self.questions.items()
            },
            "actions": {i: tuple(a) for i, a in self.actions.items()},
            "corrections": list(self.corrections),
            "measures": {i: m.describe() for i, m in self.measures.items()},
            "submissions": list(self.submissions),
        }


@dataclass
class Verdict:
    """What the model expects of one command.

    Accepted (`apply` is set): exactly one new event; `apply(event)` records the change in the
    model, reading from the event only the ids the application chose. Otherwise any error kind
    in `errors` is a right answer (an `InvalidEntry` naming one of `fields`, when the model
    names them), and so is the earlier receipt of `replay_of`.
    """

    errors: frozenset[type[DomainError]] = frozenset()
    # The fields an InvalidEntry may name; None when the model does not say.
    fields: frozenset[str] | None = None
    replay_of: PilotModel | None = None
    replayed_version: int | None = None  # the version the earlier receipt recorded
    apply: Callable[[Any], None] | None = None

    def __repr__(self) -> str:
        if self.apply is not None:
            return "Verdict(accepted)"
        names = sorted(e.__name__ for e in self.errors)
        replay = " or a replay" if self.replay_of is not None else ""
        return f"Verdict(rejected: {' | '.join(names)}{replay})"


class Checks:
    """Collects every rule a command breaks, and the fields an `InvalidEntry` may name: when
    every broken `InvalidEntry` rule names its field, the refusal must name one of them."""

    def __init__(self) -> None:
        self.errors: set[type[DomainError]] = set()
        self.fields: set[str] | None = set()  # None: some broken rule did not say its field

    def fail(self, error: type[DomainError], broken: bool, field: str | None = None) -> None:
        if not broken:
            return
        self.errors.add(error)
        if error is InvalidEntry and self.fields is not None:
            if field is None:
                self.fields = None
            else:
                self.fields.add(field)

    def verdict(self) -> Verdict:
        """The refusal these checks predict."""
        fields = None if self.fields is None else frozenset(self.fields)
        return Verdict(errors=frozenset(self.errors), fields=fields)


Change = Callable[[Any], None]


def unchanged(_event: Any) -> None:
    """The change of a command that is refused in any case."""


class Model:
    def __init__(self) -> None:
        self.pilots: dict[UUID, PilotModel] = {}
        self.registrations: dict[tuple[UUID, str], UUID] = {}  # (lead, submission) -> pilot
        self.acknowledged = 0  # events the application acknowledged, over all pilots
        # The day a command is sent on (in UTC): the test sets the application's clock too.
        self.today = date(2026, 3, 1)

    # -- the shared parts of every command -----------------------------------------------------

    def _begin(
        self,
        pilot_id: UUID,
        actor: UUID,
        submission: str,
        expected_version: int | None,
        *,
        writers: str = "team",
    ) -> tuple[Checks, PilotModel | None, tuple[UUID, str], int | None]:
        """Checks what every command on a pilot shares. Returns the checks so far, the pilot,
        the sender's submission, and the version it recorded if it is a repeat. `writers` says
        who may send the command: the `team`, a `lead`, or whoever the command's own rules say
        (`entry`: an entry's author or a lead)."""
        checks = Checks()
        sent = (actor, submission.strip())
        # R10 (docs/quality.md): every command carries a submission id (1 to 200 characters).
        checks.fail(InvalidEntry, not 1 <= len(sent[1]) <= SUBMISSION_MAX, "submission")
        pilot = self.pilots.get(pilot_id)
        # A command names a pilot that exists ("Pilot ... each one stream of events").
        checks.fail(NotFound, pilot is None)
        if pilot is None or checks.errors:
            return checks, pilot, sent, None
        # R10 (docs/quality.md): a submission its sender already recorded on the pilot is answered
        # with its earlier receipt, and records nothing, whatever the repeat carries. The id
        # is the sender's own (R14): the same id from someone else is a new submission.
        if sent in pilot.submissions:
            return checks, pilot, sent, pilot.submissions.index(sent) + 1
        # R2 (docs/quality.md): a writer who pinned a version loses if the pilot has moved on.
        checks.fail(
            VersionMismatch, expected_version is not None and expected_version != pilot.version
        )
        if writers == "lead":
            # "People: team and roles" — the lead runs the pilot, so only a lead changes its team.
            checks.fail(NotPermitted, pilot.team.get(actor) != "lead")
        elif writers == "team":
            # "Writes come only from the pilot's lead, members or facilitator."
            checks.fail(NotPermitted, actor not in pilot.team)
        return checks, pilot, sent, None

    def _end(
        self, checks: Checks, pilot: PilotModel, sent: tuple[UUID, str], change: Change
    ) -> Verdict:
        if checks.errors:
            return checks.verdict()

        def apply(event: Any) -> None:
            change(event)
            pilot.submissions.append(sent)
            pilot.pictures.append(pilot.picture())
            self.acknowledged += 1

        return Verdict(apply=apply)

    def _command(
        self,
        pilot_id: UUID,
        actor: UUID,
        submission: str,
        expected_version: int | None,
        rules: Callable[[Checks, PilotModel], Change],
        *,
        writers: str = "team",
    ) -> Verdict:
        """Runs the shared checks, then the command's own `rules`, which add their checks and
        return the change to make when everything passes."""
        checks, pilot, sent, repeat_of = self._begin(
            pilot_id, actor, submission, expected_version, writers=writers
        )
        if pilot is None:
            return checks.verdict()
        if repeat_of is not None:
            return Verdict(replay_of=pilot, replayed_version=repeat_of)
        change = rules(checks, pilot)
        return self._end(checks, pilot, sent, change)

    # -- registration and framing --------------------------------------------------------------

    def register_pilot(
        self,
        *,
        lead: UUID,
        title: str,
        question: str,
        idea: str,
        origin: str,
        themes: Sequence[str],
        submission: str,
    ) -> Verdict:
        checks = Checks()
        sent = (lead, submission.strip())
        # R10 (docs/quality.md): a submission id of 1 to 200 characters.
        checks.fail(InvalidEntry, not 1 <= len(sent[1]) <= SUBMISSION_MAX)
        # "Text must be non-blank ... titles ≤ 200 characters, entries ≤ 10,000."
        checks.fail(InvalidEntry, not text_ok(title, TITLE_MAX))
        checks.fail(InvalidEntry, not text_ok(question))
        checks.fail(InvalidEntry, not text_ok(idea))
        checks.fail(InvalidEntry, not optional_ok(origin))
        # "themes (tags)": each a short non-blank word or phrase; the same tag counts once.
        checks.fail(InvalidEntry, not all(text_ok(t, THEME_MAX) for t in themes))
        tags = tuple(dict.fromkeys(" ".join(clean(t).split()).lower() for t in themes))
        checks.fail(InvalidEntry, len(tags) > THEMES_MAX)
        # R10: resubmitting a registration finds the pilot it registered, not a twin
        # (the sender's own submission, R14). When the resubmitted form is also invalid,
        # saying so is right too.
        earlier = self.registrations.get(sent)
        if earlier is not None:
            return Verdict(
                errors=frozenset(checks.errors), replay_of=self.pilots[earlier], replayed_version=1
            )
        if checks.errors:
            return Verdict(errors=frozenset(checks.errors))

        def apply(event: Any) -> None:
            pilot = PilotModel(
                id=event.originator_id,
                title=clean(title),
                question=clean(question),
                idea=clean(idea),
                origin=clean(origin),
                themes=tags,
                # "The team always keeps one lead": whoever registers it leads it.
                team={lead: "lead"},
                submissions=[sent],
            )
            assert pilot.id not in self.pilots, "a new registration must make a new pilot"
            pilot.pictures.append(pilot.picture())
            self.pilots[pilot.id] = pilot
            self.registrations[sent] = pilot.id
            self.acknowledged += 1

        return Verdict(apply=apply)

    def revise_idea(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        idea: str,
        rationale: str,
        prompted_by: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "Idea revisions need a rationale, and the new idea must differ from the current
            # one" (differ in what it says, not only in case or spacing).
            checks.fail(InvalidEntry, not text_ok(idea) or not text_ok(rationale))
            checks.fail(InvalidEntry, not optional_ok(prompted_by))
            checks.fail(RuleViolated, text_ok(idea) and words(clean(idea)) == words(pilot.idea))
            return lambda _event: setattr(pilot, "idea", clean(idea))

        return self._command(pilot_id, actor, submission, expected_version, rules)

    # -- team ----------------------------------------------------------------------------------

    def assign_role(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        user: UUID,
        role: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "team and roles (lead, member, facilitator)"
            checks.fail(InvalidEntry, role not in ROLES)
            # A change must change something.
            checks.fail(RuleViolated, pilot.team.get(user) == role)
            # "The team always keeps one lead."
            checks.fail(RuleViolated, role != "lead" and pilot.leads() == [user])
            return lambda _event: pilot.team.__setitem__(user, role)

        return self._command(pilot_id, actor, submission, expected_version, rules, writers="lead")

    def remove_member(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        user: UUID,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # Only someone on the team can leave it.
            checks.fail(NotFound, user not in pilot.team)
            # "The team always keeps one lead."
            checks.fail(RuleViolated, pilot.leads() == [user])
            return lambda _event: pilot.team.pop(user)

        return self._command(pilot_id, actor, submission, expected_version, rules, writers="lead")

    # -- cycles --------------------------------------------------------------------------------

    def plan_cycle(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        objective: str,
        predictions: Sequence[tuple[str, str]],
        plan: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "A paused or concluded pilot takes no new cycles."
            checks.fail(RuleViolated, pilot.status != "active")
            # "Only one cycle may be undecided at a time."
            checks.fail(RuleViolated, pilot.undecided() is not None)
            # Plan: "the objective, the questions the test should answer, a prediction for each".
            checks.fail(InvalidEntry, not text_ok(objective) or not optional_ok(plan))
            checks.fail(InvalidEntry, not predictions_ok(predictions))
            number = len(pilot.cycles) + 1  # "Cycles ... numbered 1, 2, 3 …"

            def change(_event: Any) -> None:
                pilot.cycles[number] = CycleModel(
                    clean(objective), clean(plan), cleaned_predictions(predictions)
                )

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def revise_predictions(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        predictions: Sequence[tuple[str, str]],
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            cycle = pilot.cycles.get(number)
            checks.fail(NotFound, cycle is None)
            # "Predictions cannot change once a cycle has started."
            checks.fail(RuleViolated, cycle is not None and cycle.stage != "planned")
            checks.fail(InvalidEntry, not predictions_ok(predictions))

            def change(_event: Any) -> None:
                assert cycle is not None
                cycle.predictions = cleaned_predictions(predictions)

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def _stage(
        self,
        checks: Checks,
        pilot: PilotModel,
        number: int,
        needed: str,
    ) -> CycleModel | None:
        """ "Cycle stages go in order": the cycle must exist and stand at `needed`."""
        cycle = pilot.cycles.get(number)
        checks.fail(NotFound, cycle is None)
        checks.fail(RuleViolated, cycle is not None and cycle.stage != needed)
        return cycle

    def start_cycle(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            cycle = self._stage(checks, pilot, number, "planned")
            # "A paused or concluded pilot takes no new cycles": a planned cycle is not yet
            # under way, so starting it waits until the pilot is active.
            checks.fail(RuleViolated, pilot.status != "active")
            return lambda _event: setattr(cycle, "stage", "started")

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def record_do(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        what_happened: str,
        as_planned: bool,
        deviations: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "Cycle stages go in order": Do follows Start. Once started, a cycle may be
            # carried through even if the pilot is then paused or concluded.
            cycle = self._stage(checks, pilot, number, "started")
            # Do: "what happened, whether it went as planned, what was observed beyond the plan".
            checks.fail(InvalidEntry, not text_ok(what_happened) or not optional_ok(deviations))

            def change(_event: Any) -> None:
                assert cycle is not None
                cycle.stage = "done"
                cycle.what_happened = clean(what_happened)
                cycle.as_planned = as_planned
                cycle.deviations = clean(deviations)

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def record_study(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        results: Sequence[tuple[str, str]],
        learning: str,
        surprises: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "Study needs a Do record."
            cycle = self._stage(checks, pilot, number, "done")
            # Study: "the result set against each prediction": exactly one non-blank result
            # for every predicted question, and for nothing else. A result names its question
            # in the words of the prediction (case and spacing aside).
            checks.fail(InvalidEntry, not all(text_ok(q) and text_ok(r) for q, r in results))
            predicted = {words(q): q for q, _ in cycle.predictions} if cycle else {}
            named = [predicted.get(words(q)) for q, _ in results]
            checks.fail(InvalidEntry, Counter(named) != Counter(predicted.values()))
            checks.fail(InvalidEntry, not text_ok(learning) or not optional_ok(surprises))

            def change(_event: Any) -> None:
                assert cycle is not None
                by_question = {predicted[words(q)]: clean(r) for q, r in results}
                cycle.stage = "studied"
                # Results are kept in the order the predictions were made, in their words.
                cycle.results = tuple((q, by_question[q]) for q, _ in cycle.predictions)
                cycle.learning, cycle.surprises = clean(learning), clean(surprises)

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def decide(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        number: int,
        decision: str,
        rationale: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "A decision needs a Study record."
            cycle = self._stage(checks, pilot, number, "studied")
            # Act: "adopt, adapt or abandon, with a rationale".
            checks.fail(InvalidEntry, decision not in DECISIONS or not text_ok(rationale))

            def change(_event: Any) -> None:
                assert cycle is not None
                cycle.stage, cycle.decision, cycle.rationale = "decided", decision, clean(rationale)

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    # -- reflections and question sets ---------------------------------------------------------

    def record_reflection(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        kind: str,
        text: str,
        cycle: int | None,
        visibility: str | None,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        """`visibility` None: the sender did not say who reads it."""
        shared = REFLECTION_VISIBILITY if visibility is None else visibility

        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "Reflections: author; optional cycle; Kolb stage or 'appreciation'; text." They
            # are welcome whatever the pilot's status.
            checks.fail(NotFound, cycle is not None and cycle not in pilot.cycles)
            checks.fail(InvalidEntry, kind not in KINDS or not text_ok(text))
            checks.fail(InvalidEntry, shared not in VISIBILITIES)

            def change(event: Any) -> None:
                pilot.reflections[event.reflection_id] = ReflectionModel(
                    event.reflection_id, actor, kind, clean(text), cycle, shared
                )

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def record_question_set(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        held_on: date,
        questions: Sequence[str],
        facilitator: UUID | None,
        issue_holder: UUID | None,
        actions: Sequence[tuple[str, UUID | None]],
        visibility: str | None,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        """`visibility` None: the sender did not say who reads it."""
        shared = SET_VISIBILITY if visibility is None else visibility

        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "A question set holds 1-30 distinct questions."
            checks.fail(InvalidEntry, not distinct_ok(questions, 1, QUESTIONS_MAX))
            # "Its committed actions carry an owner" (and say what was committed).
            checks.fail(InvalidEntry, len(actions) > ACTIONS_MAX)
            checks.fail(InvalidEntry, not all(text_ok(text) for text, _ in actions))
            checks.fail(InvalidEntry, shared not in VISIBILITIES)

            def change(event: Any) -> None:
                question_ids = tuple(q.id for q in event.questions)
                action_ids = tuple(a.id for a in event.actions)
                assert len(question_ids) == len(questions)
                assert len(action_ids) == len(actions)
                pilot.question_sets[event.set_id] = QuestionSetModel(
                    held_on, facilitator, issue_holder, question_ids, action_ids, shared, actor
                )
                for question_id, text in zip(question_ids, questions, strict=True):
                    # "open questions each carry an asker and a status: open → …"
                    pilot.questions[question_id] = QuestionModel(event.set_id, clean(text))
                for action_id, (text, owner) in zip(action_ids, actions, strict=True):
                    pilot.actions[action_id] = [clean(text), owner, ""]

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def add_insight(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        question_id: UUID,
        text: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "with insights attached over time" — to a question of this pilot, in any status
            # ("answers to questions are still welcome after the end"), that the sender may read.
            question = pilot.question_for(question_id, actor)
            checks.fail(NotFound, question is None)
            checks.fail(InvalidEntry, not text_ok(text))
            return lambda event: question.insights.append(  # type: ignore[union-attr]
                (event.insight_id, clean(text), actor)
            )

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def set_question_status(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        question_id: UUID,
        status: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            question = pilot.question_for(question_id, actor)
            checks.fail(NotFound, question is None)
            checks.fail(InvalidEntry, status not in STATUSES)
            # "open → explored → answered / carried forward / closed" (see QUESTION_MOVES).
            checks.fail(
                RuleViolated,
                question is not None
                and status in STATUSES
                and status not in QUESTION_MOVES[question.status],
            )
            return lambda _event: setattr(question, "status", status)

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def report_action(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        action_id: UUID,
        report: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "actions are committed, then reported back next time" — once.
            action = pilot.action_for(action_id, actor)
            checks.fail(NotFound, action is None)
            checks.fail(RuleViolated, action is not None and action[2] != "")
            checks.fail(InvalidEntry, not text_ok(report))
            return lambda _event: action.__setitem__(2, clean(report))  # type: ignore[union-attr]

        return self._command(pilot_id, actor, submission, expected_version, rules)

    # -- who reads an entry ----------------------------------------------------------------------

    @staticmethod
    def _own(
        checks: Checks,
        pilot: PilotModel,
        actor: UUID,
        entry: ReflectionModel | QuestionSetModel | None,
    ) -> bool:
        """Whether the sender finds the entry, and may act on it as its author or a lead of the
        pilot. Off the team or not, anyone else is NotPermitted."""
        # An entry the sender may not read is, to them, no entry: nothing more is said about
        # it, not even that they may not touch it.
        checks.fail(NotFound, entry is None)
        if entry is None:
            return False
        checks.fail(NotPermitted, actor != entry.author and pilot.team.get(actor) != "lead")
        return True

    def set_reflection_visibility(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        reflection_id: UUID,
        visibility: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            reflection = pilot.reflection_for(reflection_id, actor)
            if not self._own(checks, pilot, actor, reflection):
                return unchanged
            assert reflection is not None
            # A withdrawn reflection takes nothing more.
            checks.fail(RuleViolated, reflection.withdrawn_on is not None)
            checks.fail(InvalidEntry, visibility not in VISIBILITIES)
            # A change must change something.
            checks.fail(RuleViolated, visibility == reflection.visibility)
            return lambda _event: setattr(reflection, "visibility", visibility)

        return self._command(pilot_id, actor, submission, expected_version, rules, writers="entry")

    def set_question_set_visibility(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        set_id: UUID,
        visibility: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # Whoever recorded the set meeting, or a lead; its questions, insights and actions
            # are read with it.
            meeting = pilot.question_set_for(set_id, actor)
            if not self._own(checks, pilot, actor, meeting):
                return unchanged
            assert meeting is not None
            checks.fail(InvalidEntry, visibility not in VISIBILITIES)
            checks.fail(RuleViolated, visibility == meeting.visibility)
            return lambda _event: setattr(meeting, "visibility", visibility)

        return self._command(pilot_id, actor, submission, expected_version, rules, writers="entry")

    def withdraw_reflection(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        reflection_id: UUID,
        reason: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            reflection = pilot.reflection_for(reflection_id, actor)
            if not self._own(checks, pilot, actor, reflection):
                return unchanged
            assert reflection is not None
            # Withdrawn once, for good.
            checks.fail(RuleViolated, reflection.withdrawn_on is not None)
            checks.fail(InvalidEntry, not text_ok(reason))

            def change(_event: Any) -> None:
                # It keeps its place, and says when it was withdrawn; its text is gone, and so
                # are the texts of its corrections, which keep their places too.
                assert reflection is not None
                reflection.text, reflection.withdrawn_on = None, self.today
                entry = f"reflection:{reflection.id}"
                pilot.corrections = [
                    (e, None, None, r, a) if e == entry else (e, p, t, r, a)
                    for e, p, t, r, a in pilot.corrections
                ]

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules, writers="entry")

    # -- status --------------------------------------------------------------------------------

    def pause(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        reason: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "Status: active / paused / concluded": only an active pilot pauses, for a reason.
            checks.fail(RuleViolated, pilot.status != "active")
            checks.fail(InvalidEntry, not text_ok(reason))

            def change(_event: Any) -> None:
                pilot.status, pilot.pause_reason = "paused", clean(reason)

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def resume(
        self, pilot_id: UUID, actor: UUID, *, expected_version: int | None, submission: str
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "Status: active / paused / concluded": only a paused pilot resumes.
            checks.fail(RuleViolated, pilot.status != "paused")

            def change(_event: Any) -> None:
                pilot.status, pilot.pause_reason = "active", ""

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    def conclude(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        outcome: str,
        summary: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "Status: active / paused / concluded, with an outcome": a pilot concludes once.
            checks.fail(RuleViolated, pilot.status == "concluded")
            checks.fail(InvalidEntry, outcome not in OUTCOMES or not text_ok(summary))

            def change(_event: Any) -> None:
                pilot.status, pilot.outcome, pilot.summary = "concluded", outcome, clean(summary)

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)

    # -- corrections ---------------------------------------------------------------------------

    def correct(
        self,
        pilot_id: UUID,
        actor: UUID,
        *,
        entry: str,
        text: str,
        reason: str,
        expected_version: int | None,
        submission: str,
    ) -> Verdict:
        def rules(checks: Checks, pilot: PilotModel) -> Change:
            # "A wrong entry is corrected by a new event that names the entry and the reason;
            # nothing is overwritten, and the history shows both." The entry must exist (for
            # the sender: one they may not read does not)...
            previous = pilot.entry_text(entry, actor)
            checks.fail(NotFound, previous is None)
            # ... and have been made: filling in an entry never made (the Study of a cycle
            # never studied, the summary of a pilot not concluded, a blank optional entry)
            # would bypass the rules of its stage. A withdrawn reflection takes nothing more.
            checks.fail(RuleViolated, previous in ("", WITHDRAWN))
            # A corrected title is still a title: "titles ≤ 200 characters".
            checks.fail(
                InvalidEntry, not text_ok(text, TITLE_MAX if entry == "title" else ENTRY_MAX)
            )
            checks.fail(InvalidEntry, not text_ok(reason))
            # A correction must change the entry.
            checks.fail(RuleViolated, previous is not None and previous == clean(text))

            def change(_event: Any) -> None:
                assert previous is not None
                pilot.corrections.append((entry, previous, clean(text), clean(reason), actor))
                pilot.set_entry(entry, clean(text))

            return change

        return self._command(pilot_id, actor, submission, expected_version, rules)


def predictions_ok(predictions: Sequence[tuple[str, str]]) -> bool:
    """Plan: "the questions the test should answer, a prediction for each" — at least one
    question, no two the same, each with a non-blank prediction."""
    return distinct_ok([q for q, _ in predictions], 1, PREDICTIONS_MAX) and all(
        text_ok(p) for _, p in predictions
    )


def cleaned_predictions(predictions: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((clean(q), clean(p)) for q, p in predictions)
