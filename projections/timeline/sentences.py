"""Each kind of pilot event as one sentence a person reads, for the timeline.

Some sentences need what earlier events said (a question's text, how many predictions a cycle
locked), so `Sentences` reads a pilot's events in order and remembers just that much.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import events
from projections.wording import exact, plural

SHORT = 160
_SPACES = re.compile(r"\s+")
REFLECTION_KINDS = {
    "experience": "an experience",
    "observation": "an observation",
    "meaning": "what it means",
    "next_step": "a next step",
    "appreciation": "an appreciation",
}

# How a change of visibility reads: "made a reflection private", "shared … with the team".
SHARED = {"private": "made", "team": "shared", "community": "shared"}
AUDIENCE = {"private": " private", "team": " with the team", "community": " with the community"}


def short(text: str, limit: int = SHORT) -> str:
    """The text on one line, cut at a word boundary when it is long."""
    flat = _SPACES.sub(" ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1].rsplit(" ", 1)[0] or flat[: limit - 1]
    return cut.rstrip(" ,;:.") + "…"


def words(value: object) -> str:
    """An enum value as words: `carried_forward` reads "carried forward"."""
    return str(getattr(value, "value", value)).replace("_", " ")


def entry_name(entry: str) -> str:
    """`cycle:1:learning` reads "cycle 1 learning"; reflections and insights by kind."""
    kind, _, rest = entry.partition(":")
    if kind == "cycle":
        number, _, field = rest.partition(":")
        return f"cycle {number} {words(field)}"
    if kind in ("reflection", "insight"):
        return f"an {kind}" if kind == "insight" else f"a {kind}"
    return f"the {words(kind)}"


class Sentences:
    def __init__(self, name_of: Callable[[UUID], str]) -> None:
        self.name_of = name_of
        self.predictions: dict[int, int] = {}
        self.texts: dict[UUID, str] = {}
        # Bound once: each lookup of a singledispatchmethod builds a new wrapper, and the
        # timeline says a sentence for every event of the log.
        self._sentence = self.sentence

    def say(self, event: events.Event) -> str:
        return f"{self.name_of(event.actor)} {self._sentence(event)}"

    def quoted(self, entry_id: UUID) -> str:
        return f"“{short(self.texts.get(entry_id, 'an earlier entry'), 80)}”"

    @singledispatchmethod
    def sentence(self, event: Any) -> str:
        return f"recorded {type(event).__name__}"

    @sentence.register
    def _(self, event: events.Registered) -> str:
        return f"registered the pilot “{short(event.title)}”"

    @sentence.register
    def _(self, event: events.IdeaRevised) -> str:
        return f"revised the idea: {short(event.rationale)}"

    @sentence.register
    def _(self, event: events.RoleAssigned) -> str:
        return f"made {self.name_of(event.user)} a {words(event.role)} of the pilot"

    @sentence.register
    def _(self, event: events.MemberRemoved) -> str:
        return f"removed {self.name_of(event.user)} from the team"

    @sentence.register
    def _(self, event: events.CyclePlanned) -> str:
        self.predictions[event.number] = len(event.predictions)
        return f"planned cycle {event.number}: {short(event.objective)}"

    @sentence.register
    def _(self, event: events.PredictionsRevised) -> str:
        self.predictions[event.number] = len(event.predictions)
        return f"revised the predictions of cycle {event.number}"

    @sentence.register
    def _(self, event: events.CycleStarted) -> str:
        locked = plural(self.predictions.get(event.number, 0), "prediction")
        return f"started cycle {event.number}, locking {locked}"

    @sentence.register
    def _(self, event: events.DoRecorded) -> str:
        how = "" if event.as_planned else " (not as planned)"
        return f"recorded what happened in cycle {event.number}{how}: {short(event.what_happened)}"

    @sentence.register
    def _(self, event: events.StudyRecorded) -> str:
        return f"studied cycle {event.number}: {short(event.learning)}"

    @sentence.register
    def _(self, event: events.CycleDecided) -> str:
        decision = words(event.decision)
        return f"decided to {decision} in cycle {event.number}: {short(event.rationale)}"

    @sentence.register
    def _(self, event: events.ReflectionRecorded) -> str:
        kind = REFLECTION_KINDS.get(str(event.kind), "a reflection")
        where = "" if event.cycle is None else f" on cycle {event.cycle}"
        if event.text is None:
            return f"reflected{where}, noting {kind} (since withdrawn)"
        return f"reflected{where}, noting {kind}: {short(event.text)}"

    @sentence.register
    def _(self, event: events.ReflectionVisibilityChanged) -> str:
        return f"{SHARED[str(event.visibility)]} a reflection{AUDIENCE[str(event.visibility)]}"

    @sentence.register
    def _(self, event: events.ReflectionWithdrawn) -> str:
        on = event.timestamp.astimezone(UTC).date().isoformat()
        return f"withdrew a reflection: withdrawn on {on}"

    @sentence.register
    def _(self, event: events.QuestionSetRecorded) -> str:
        for question in event.questions:
            self.texts[question.id] = question.text
        for action in event.actions:
            self.texts[action.id] = action.text
        self.texts[event.set_id] = f"the set meeting of {event.held_on.isoformat()}"
        actions = f" and {plural(len(event.actions), 'action')}" if event.actions else ""
        asked = plural(len(event.questions), "question")
        return f"recorded the set meeting of {event.held_on.isoformat()}: {asked}{actions}"

    @sentence.register
    def _(self, event: events.QuestionSetVisibilityChanged) -> str:
        meeting = self.texts.get(event.set_id, "a set meeting")
        return f"{SHARED[str(event.visibility)]} {meeting}{AUDIENCE[str(event.visibility)]}"

    @sentence.register
    def _(self, event: events.InsightAdded) -> str:
        return f"added an insight to {self.quoted(event.question_id)}: {short(event.text)}"

    @sentence.register
    def _(self, event: events.QuestionStatusChanged) -> str:
        return f"marked {self.quoted(event.question_id)} as {words(event.status)}"

    @sentence.register
    def _(self, event: events.ActionReported) -> str:
        return f"reported back on {self.quoted(event.action_id)}: {short(event.report)}"

    @sentence.register
    def _(self, event: events.Paused) -> str:
        return f"paused the pilot: {short(event.reason)}"

    @sentence.register
    def _(self, event: events.Resumed) -> str:
        return "resumed the pilot"

    @sentence.register
    def _(self, event: events.Concluded) -> str:
        return f"concluded the pilot as {words(event.outcome)}: {short(event.summary)}"

    @sentence.register
    def _(self, event: events.MeasureDefined) -> str:
        self.texts[event.measure_id] = event.name
        better = "higher" if event.improvement == "up" else "lower"
        name = short(event.name, 80)
        return f"defined the {words(event.kind)} measure “{name}” ({better} is better)"

    @sentence.register
    def _(self, event: events.PointsRecorded) -> str:
        measure = self.quoted(event.measure_id)
        if len(event.points) == 1:
            (point,) = event.points
            return f"recorded {measure} on {point.on.isoformat()}: {exact(point.value)}"
        first, last = event.points[0].on.isoformat(), event.points[-1].on.isoformat()
        return f"recorded {len(event.points)} values of {measure}, from {first} to {last}"

    @sentence.register
    def _(self, event: events.PointCorrected) -> str:
        return (
            f"corrected {self.quoted(event.measure_id)} on {event.on.isoformat()} from "
            f"{exact(event.previous)} to {exact(event.value)}: {short(event.reason)}"
        )

    @sentence.register
    def _(self, event: events.PhaseStarted) -> str:
        return (
            f"started a new phase of {self.quoted(event.measure_id)} from "
            f"{event.starts.isoformat()}: {short(event.reason)}"
        )

    @sentence.register
    def _(self, event: events.EntryCorrected) -> str:
        """Old and new text both, so the timeline alone shows what was put right; corrections
        recorded before events kept the old text say only the new."""
        if event.text is None:
            return f"corrected {entry_name(event.entry)} (since withdrawn): {short(event.reason)}"
        was = f" from “{short(event.previous, 80)}”" if event.previous else ""
        now = f"“{short(event.text, 80)}”"
        return f"corrected {entry_name(event.entry)}{was} to {now}: {short(event.reason)}"
