"""Each kind of pilot event as one sentence a person reads, for the timeline.

`SAID` is the table: an event type and its sentence, one line each where a line will do. Some
sentences need what earlier events said (a question's text, how many predictions a cycle
locked), so `Sentences` reads a pilot's events in order and remembers just that much.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from typing import Any, TypeVar
from uuid import UUID

from domain.pilot import events
from projections.wording import exact, plural

E = TypeVar("E", bound=events.Event)
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

    def say(self, event: events.Event) -> str:
        return f"{self.name_of(event.actor)} {SAID.get(type(event), unknown)(self, event)}"

    def quoted(self, entry_id: UUID) -> str:
        return f"“{short(self.texts.get(entry_id, 'an earlier entry'), 80)}”"

    def planned(self, event: events.CyclePlanned) -> str:
        self.predictions[event.number] = len(event.predictions)
        return f"planned cycle {event.number}: {short(event.objective)}"

    def revised(self, event: events.PredictionsRevised) -> str:
        self.predictions[event.number] = len(event.predictions)
        return f"revised the predictions of cycle {event.number}"

    def started(self, event: events.CycleStarted) -> str:
        locked = plural(self.predictions.get(event.number, 0), "prediction")
        return f"started cycle {event.number}, locking {locked}"

    def set_met(self, event: events.QuestionSetRecorded) -> str:
        for question in event.questions:
            self.texts[question.id] = question.text
        for action in event.actions:
            self.texts[action.id] = action.text
        self.texts[event.set_id] = f"the set meeting of {event.held_on.isoformat()}"
        actions = f" and {plural(len(event.actions), 'action')}" if event.actions else ""
        asked = plural(len(event.questions), "question")
        return f"recorded the set meeting of {event.held_on.isoformat()}: {asked}{actions}"

    def defined(self, event: events.MeasureDefined) -> str:
        self.texts[event.measure_id] = event.name
        better = "higher" if event.improvement == "up" else "lower"
        name = short(event.name, 80)
        return f"defined the {words(event.kind)} measure “{name}” ({better} is better)"

    def points(self, event: events.PointsRecorded) -> str:
        measure = self.quoted(event.measure_id)
        if len(event.points) == 1:
            (point,) = event.points
            return f"recorded {measure} on {point.on.isoformat()}: {exact(point.value)}"
        first, last = event.points[0].on.isoformat(), event.points[-1].on.isoformat()
        return f"recorded {len(event.points)} values of {measure}, from {first} to {last}"


def unknown(_: Sentences, event: events.Event) -> str:
    return f"recorded {type(event).__name__}"


def reflected(_: Sentences, event: events.ReflectionRecorded) -> str:
    kind = REFLECTION_KINDS.get(str(event.kind), "a reflection")
    where = "" if event.cycle is None else f" on cycle {event.cycle}"
    if event.text is None:
        return f"reflected{where}, noting {kind} (since withdrawn)"
    return f"reflected{where}, noting {kind}: {short(event.text)}"


def shared(visibility: object, what: str) -> str:
    """`made a reflection private`, `shared the set meeting of … with the team`."""
    return f"{SHARED[str(visibility)]} {what}{AUDIENCE[str(visibility)]}"


def corrected(_: Sentences, event: events.EntryCorrected) -> str:
    """Old and new text both, so the timeline alone shows what was put right; corrections
    recorded before events kept the old text say only the new."""
    if event.text is None:
        return f"corrected {entry_name(event.entry)} (since withdrawn): {short(event.reason)}"
    was = f" from “{short(event.previous, 80)}”" if event.previous else ""
    now = f"“{short(event.text, 80)}”"
    return f"corrected {entry_name(event.entry)}{was} to {now}: {short(event.reason)}"


Say = Callable[[Sentences, Any], str]


def said(kind: type[E], sentence: Callable[[Sentences, E], str]) -> tuple[type[events.Event], Say]:
    """One row of `SAID`: an event type, and its sentence checked against that type."""
    return kind, sentence


SAID: dict[type[events.Event], Say] = dict([
    said(events.Registered, lambda _, e: f"registered the pilot “{short(e.title)}”"),
    said(events.IdeaRevised, lambda _, e: f"revised the idea: {short(e.rationale)}"),
    said(events.RoleAssigned,
         lambda s, e: f"made {s.name_of(e.user)} a {words(e.role)} of the pilot"),
    said(events.MemberRemoved, lambda s, e: f"removed {s.name_of(e.user)} from the team"),
    said(events.CyclePlanned, Sentences.planned),
    said(events.PredictionsRevised, Sentences.revised),
    said(events.CycleStarted, Sentences.started),
    said(events.DoRecorded, lambda _, e: f"recorded what happened in cycle {e.number}"
         f"{'' if e.as_planned else ' (not as planned)'}: {short(e.what_happened)}"),
    said(events.StudyRecorded, lambda _, e: f"studied cycle {e.number}: {short(e.learning)}"),
    said(events.CycleDecided, lambda _, e: f"decided to {words(e.decision)} in cycle {e.number}: "
         f"{short(e.rationale)}"),
    said(events.ReflectionRecorded, reflected),
    said(events.ReflectionVisibilityChanged, lambda _, e: shared(e.visibility, "a reflection")),
    said(events.ReflectionWithdrawn, lambda _, e: "withdrew a reflection: withdrawn on "
         f"{e.timestamp.astimezone(UTC).date().isoformat()}"),
    said(events.QuestionSetRecorded, Sentences.set_met),
    said(events.QuestionSetVisibilityChanged,
         lambda s, e: shared(e.visibility, s.texts.get(e.set_id, "a set meeting"))),
    said(events.InsightAdded, lambda s, e: f"added an insight to {s.quoted(e.question_id)}: "
         f"{short(e.text)}"),
    said(events.QuestionStatusChanged, lambda s, e: f"marked {s.quoted(e.question_id)} as "
         f"{words(e.status)}"),
    said(events.ActionReported, lambda s, e: f"reported back on {s.quoted(e.action_id)}: "
         f"{short(e.report)}"),
    said(events.Paused, lambda _, e: f"paused the pilot: {short(e.reason)}"),
    said(events.Resumed, lambda _, e: "resumed the pilot"),
    said(events.Concluded, lambda _, e: f"concluded the pilot as {words(e.outcome)}: "
         f"{short(e.summary)}"),
    said(events.MeasureDefined, Sentences.defined),
    said(events.PointsRecorded, Sentences.points),
    said(events.PointCorrected, lambda s, e: f"corrected {s.quoted(e.measure_id)} on "
         f"{e.on.isoformat()} from {exact(e.previous)} to {exact(e.value)}: {short(e.reason)}"),
    said(events.PhaseStarted, lambda s, e: f"started a new phase of {s.quoted(e.measure_id)} "
         f"from {e.starts.isoformat()}: {short(e.reason)}"),
    said(events.EntryCorrected, corrected),
])  # fmt: skip
