"""The pilot learning report (a storyboard), built from the pilot's events up to one version,
for an audience: the `community`, or the pilot's `team`. It never holds private entries.

Only the log is read, never a live table (not even account names: people appear by their role
in the team at that version), so the report of a version for an audience is the same whenever
it is built, except that an entry withdrawn since is shown as withdrawn, and the report says so.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

import msgspec

from domain.pilot import Pilot, events
from domain.pilot.state import Cycle, Question
from domain.pilot.visibility import Reader, events_seen_by, seen_by
from domain.service import Pilots
from domain.values import ReflectionKind, Role
from projections.audit.ideas import IdeaVersion, idea_history
from projections.learning.rows import SETTLED
from projections.learning.scope import day_of
from projections.reads import cycle_as
from projections.reports.measures import MeasureStory, measure_stories

HIGHLIGHTS = 5  # the latest reflections shown of each kind
# Kolb's cycle in order, then appreciative inquiry: the question each kind of reflection answers.
KINDS = (
    (ReflectionKind.EXPERIENCE, "Experience", "What happened?"),
    (ReflectionKind.OBSERVATION, "Observation", "What did we notice?"),
    (ReflectionKind.MEANING, "Meaning", "What does it mean?"),
    (ReflectionKind.NEXT_STEP, "Next step", "What will we try next?"),
    (ReflectionKind.APPRECIATION, "Appreciation", "What went well?"),
)
ROLES = {Role.LEAD: "a lead", Role.MEMBER: "a member", Role.FACILITATOR: "a facilitator"}


class PredictionLine(msgspec.Struct):
    question: str
    prediction: str
    result: str | None


class MeasurePredictionLine(msgspec.Struct):
    """What a cycle's plan expected one of the pilot's measures to show."""

    measure_id: UUID
    measure: str
    prediction: str


class CycleStory(msgspec.Struct):
    number: int
    stage: str
    objective: str
    plan: str
    predictions: list[PredictionLine]
    what_happened: str
    as_planned: bool | None
    deviations: str
    learning: str
    surprises: str
    decision: str | None
    rationale: str
    measures: list[MeasurePredictionLine] = []


class ReflectionLine(msgspec.Struct):
    """`text` is null for a reflection withdrawn by now, and `withdrawn_on` its day."""

    text: str | None
    cycle: int | None
    author_id: UUID
    author: str
    withdrawn_on: date | None = None


class ReflectionGroup(msgspec.Struct):
    """The latest reflections of one kind; `earlier` counts those left out."""

    kind: str
    label: str
    prompt: str
    entries: list[ReflectionLine]
    earlier: int


class QuestionLine(msgspec.Struct):
    question_id: UUID
    text: str
    status: str
    asked_on: date
    age_days: int


class InsightLine(msgspec.Struct):
    question: str
    status: str
    text: str


class PilotReport(msgspec.Struct):
    """`as_of` is the time of the version's event; question ages are counted to its day.
    `hidden` counts the entries the audience may not read; `withdrawn` the reflections whose
    text has been withdrawn (by the time the report is built). `measures` are the charts as
    they stood at `as_of`: no point recorded after the version is in them."""

    stamp: str
    audience: str
    pilot_id: UUID
    version: int
    as_of: datetime
    title: str
    question: str
    origin: str
    themes: list[str]
    status: str
    outcome: str | None
    summary: str
    ideas: list[IdeaVersion]
    cycles: list[CycleStory]
    reflections: list[ReflectionGroup]
    open_questions: list[QuestionLine]
    insights: list[InsightLine]
    hidden: int = 0
    withdrawn: int = 0
    measures: list[MeasureStory] = []


def pilot_report(
    pilots: Pilots,
    pilot_id: UUID,
    version: int | None = None,
    audience: Reader | None = None,
) -> PilotReport:
    """The report at `version` (default: the current one) for `audience` (the community by
    default). Raises NotFound for an unknown pilot or a version it has not reached,
    InvalidEntry for a version below 1."""
    audience = Reader.community() if audience is None else audience
    latest = pilots.pilot(pilot_id)
    pilot = latest if version is None else pilots.pilot(pilot_id, version=version)
    stored = [e for e in pilots.history(pilot_id) if e.originator_version <= pilot.version]
    seen = seen_by(pilot, audience, latest)
    return report_of(seen.pilot, events_seen_by(stored, audience, latest), audience, seen.hidden,
                     latest)  # fmt: skip


def report_of(
    pilot: Pilot,
    stored: list[events.Event],
    audience: Reader,
    hidden: int = 0,
    latest: Pilot | None = None,
) -> PilotReport:
    """The report of `pilot` as `audience` may read it; `latest` tells which of its reflections
    have been withdrawn since."""
    as_of, now = pilot.modified_on, latest or pilot
    withdrawn = {r: now.reflections[r].withdrawn_on for r in pilot.reflections
                 if r in now.reflections and now.reflections[r].text is None}  # fmt: skip
    return PilotReport(
        stamp=f"Pilot {pilot.id} at version {pilot.version}, for the {audience.audience}",
        audience=audience.audience,
        pilot_id=pilot.id,
        version=pilot.version,
        as_of=as_of,
        title=pilot.title,
        question=pilot.question,
        origin=pilot.origin,
        themes=list(pilot.themes),
        status=str(pilot.status),
        outcome=None if pilot.outcome is None else str(pilot.outcome),
        summary=pilot.summary,
        ideas=idea_history(stored),
        cycles=[cycle_story(pilot.cycles[n], pilot) for n in sorted(pilot.cycles)],
        reflections=reflection_groups(pilot, withdrawn),
        open_questions=open_questions(pilot, as_of),
        insights=[
            InsightLine(q.text, str(q.status), i.text)
            for q in questions_in_order(pilot)
            for i in q.insights
        ],
        hidden=hidden,
        withdrawn=len(withdrawn),
        measures=measure_stories(stored, charted_at(stored, as_of)),
    )


def charted_at(stored: list[events.Event], as_of: datetime) -> datetime:
    """The moment the charts are shown as they stood: the version's time, or a later time of
    one of its events (entries back-dated by the demo data are out of time order), so every
    point up to the version is on them and none after it (`stored` ends at the version)."""
    return max([as_of, *(e.timestamp for e in stored)])


def cycle_story(cycle: Cycle, pilot: Pilot) -> CycleStory:
    return cycle_as(
        CycleStory,
        PredictionLine,
        cycle,
        measures=[
            MeasurePredictionLine(m.measure_id, measure_name(pilot, m.measure_id), m.prediction)
            for m in cycle.measures
        ],
    )


def measure_name(pilot: Pilot, measure_id: UUID) -> str:
    found = pilot.measures.get(measure_id)
    return "a measure no longer defined" if found is None else found.name


def reflection_groups(pilot: Pilot, withdrawn: dict[UUID, date | None]) -> list[ReflectionGroup]:
    groups = []
    for kind, label, prompt in KINDS:
        found = [r for r in pilot.reflections.values() if r.kind == kind]
        if not found:
            continue
        entries = [
            ReflectionLine(
                None if r.id in withdrawn else r.text, r.cycle, r.author,
                role_of(pilot, r.author), withdrawn.get(r.id),
            )
            for r in found[-HIGHLIGHTS:]
        ]  # fmt: skip
        groups.append(ReflectionGroup(str(kind), label, prompt, entries, len(found) - len(entries)))
    return groups


def role_of(pilot: Pilot, person: UUID) -> str:
    role = pilot.team.get(person)
    return "a former team member" if role is None else ROLES[role]


def questions_in_order(pilot: Pilot) -> list[Question]:
    """Every question, in the order of its set meeting and its place in the set."""
    return [pilot.questions[q] for s in pilot.question_sets.values() for q in s.question_ids]


def open_questions(pilot: Pilot, as_of: datetime) -> list[QuestionLine]:
    """Questions not yet answered or closed, oldest meeting first, with their age in days."""
    today = day_of(as_of)
    found = []
    for q in questions_in_order(pilot):
        if str(q.status) not in SETTLED:
            asked_on = pilot.question_sets[q.set_id].held_on
            age = max(0, (today - asked_on).days)
            found.append(QuestionLine(q.id, q.text, str(q.status), asked_on, age))
    return sorted(found, key=lambda q: q.asked_on)
