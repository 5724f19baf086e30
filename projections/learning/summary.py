"""The cross-pilot learning summary, from the learning rows and a reader's scope.

Nothing here reads a clock: an open question's age is counted to `as_of`, the latest event time
in the rows, so the same position always gives the same summary.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from datetime import date, datetime
from uuid import UUID

import msgspec

from domain.values import Decision
from projections.learning.from_log import LearningRows
from projections.learning.ideas import SharedIdea, shared_ideas
from projections.learning.rows import SETTLED, CycleRow, InsightRow, PilotRow, QuestionRow
from projections.learning.scope import Scope, day_of

SECONDS_PER_DAY = 86_400
# How many items of each list a summary holds: it gives the shape of the programme first, with
# each list's count, and the rest is paged (`web.learning.api`), so its size does not grow with
# the programme.
TOP = 10


class DecisionCounts(msgspec.Struct):
    adopt: int
    adapt: int
    abandon: int


class Surprise(msgspec.Struct):
    pilot_id: UUID
    title: str
    cycle: int
    text: str
    at: datetime


class InsightNote(msgspec.Struct):
    pilot_id: UUID
    title: str
    question: str
    text: str
    at: datetime


class OpenQuestion(msgspec.Struct):
    pilot_id: UUID
    title: str
    question_id: UUID
    text: str
    status: str
    asked_on: date
    age_days: int


class ThemeCount(msgspec.Struct):
    theme: str
    pilots: int


class LearningSummary(msgspec.Struct):
    """The summary at `position`; `as_of` is the latest event time up to it, and ages of open
    questions are counted in days to that day. Each list holds its first `TOP` items, in the
    order its paged route gives them all, beside the count of the whole list."""

    position: int
    as_of: datetime | None
    theme: str | None
    since: date | None
    until: date | None
    pilots: int
    cycles_decided: int
    decisions: DecisionCounts
    median_days_per_cycle: float | None
    shared_ideas: list[SharedIdea]
    surprises: list[Surprise]
    insights: list[InsightNote]
    open_questions: list[OpenQuestion]
    themes: list[ThemeCount] = msgspec.field(default_factory=list)
    shared_ideas_count: int = 0
    surprises_count: int = 0
    insights_count: int = 0
    open_questions_count: int = 0
    oldest_open_days: int | None = None


def summarise(rows: LearningRows, scope: Scope | None = None) -> LearningSummary:
    scope = scope or Scope()
    pilots = {p.pilot_id: p for p in rows.pilots if scope.covers(p)}
    cycles = [c for c in rows.cycles if c.pilot_id in pilots]
    decided = [c for c in cycles if c.decision is not None and scope.during(c.decided_at)]
    counts = {d.value: sum(c.decision == d.value for c in decided) for d in Decision}
    days = [(c.decided_at - c.planned_at).total_seconds() / SECONDS_PER_DAY
            for c in decided if c.decided_at is not None]  # fmt: skip
    questions = {(q.pilot_id, q.question_id): q for q in rows.questions if q.pilot_id in pilots}
    insights = [i for i in rows.insights if i.pilot_id in pilots and scope.during(i.at)]
    ideas = shared_ideas(pilots, rows.ideas, decided, scope.theme)
    noticed = surprises(pilots, cycles, scope)
    notes = insight_notes(pilots, questions, insights)
    still_open = open_questions(rows.as_of, pilots, questions.values(), scope)
    return LearningSummary(
        position=rows.position,
        as_of=rows.as_of,
        theme=scope.theme,
        since=scope.since,
        until=scope.until,
        pilots=len(pilots),
        cycles_decided=len(decided),
        decisions=DecisionCounts(**counts),
        median_days_per_cycle=round(statistics.median(days), 1) if days else None,
        shared_ideas=ideas[:TOP],
        surprises=noticed[:TOP],
        insights=notes[:TOP],
        open_questions=still_open[:TOP],
        themes=theme_counts(pilots.values()),
        shared_ideas_count=len(ideas),
        surprises_count=len(noticed),
        insights_count=len(notes),
        open_questions_count=len(still_open),
        oldest_open_days=still_open[0].age_days if still_open else None,
    )


def theme_counts(pilots: Iterable[PilotRow]) -> list[ThemeCount]:
    """How many of the pilots run under each theme, by theme."""
    counts: dict[str, int] = {}
    for pilot in pilots:
        for theme in pilot.themes:
            counts[theme] = counts.get(theme, 0) + 1
    return [ThemeCount(theme, counts[theme]) for theme in sorted(counts)]


def surprises(pilots: dict[UUID, PilotRow], cycles: list[CycleRow], scope: Scope) -> list[Surprise]:
    """What surprised each cycle's team, oldest study first."""
    found = [
        Surprise(c.pilot_id, pilots[c.pilot_id].title, c.number, c.surprises, c.studied_at)
        for c in cycles
        if c.surprises and c.studied_at is not None and scope.during(c.studied_at)
    ]
    return sorted(found, key=lambda s: (s.at, s.pilot_id, s.cycle))


def insight_notes(
    pilots: dict[UUID, PilotRow],
    questions: dict[tuple[UUID, UUID], QuestionRow],
    insights: list[InsightRow],
) -> list[InsightNote]:
    """Each insight with the question it answers, oldest first."""
    return [
        InsightNote(i.pilot_id, pilots[i.pilot_id].title,
                    questions[(i.pilot_id, i.question_id)].text, i.text, i.at)
        for i in sorted(insights, key=lambda i: (i.at, i.pilot_id, i.insight_id))
        if (i.pilot_id, i.question_id) in questions
    ]  # fmt: skip


def open_questions(
    as_of: datetime | None,
    pilots: dict[UUID, PilotRow],
    questions: Iterable[QuestionRow],
    scope: Scope,
) -> list[OpenQuestion]:
    """Questions not yet answered or closed, oldest first. A set dated after `as_of` is 0 days
    old rather than a negative age."""
    today = None if as_of is None else day_of(as_of)
    found = sorted(
        (q for q in questions if q.status not in SETTLED and scope.during(q.asked_on)),
        key=lambda q: (q.asked_on, q.pilot_id, q.question_id),
    )
    return [
        OpenQuestion(q.pilot_id, pilots[q.pilot_id].title, q.question_id, q.text, q.status,
                     q.asked_on, 0 if today is None else max(0, (today - q.asked_on).days))
        for q in found
    ]  # fmt: skip
