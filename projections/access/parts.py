"""The part of a pilot an event is about, as read models key their rows for `readable`: the id
of a reflection, a set meeting, or one of a meeting's questions, actions or insights; '' for the
pilot's own record, which everyone reads. Known from the event alone, so a model needs no state
to file a row, and the access model resolves a part to its entry when the row is read."""

from __future__ import annotations

from functools import singledispatch

from domain.consent import entry_key
from domain.pilot import events

RECORD = ""


@singledispatch
def part_of(event: events.Event) -> str:
    return RECORD


@part_of.register(events.ReflectionRecorded)
@part_of.register(events.ReflectionVisibilityChanged)
@part_of.register(events.ReflectionWithdrawn)
def _(event: events.ReflectionRecorded | events.ReflectionVisibilityChanged
      | events.ReflectionWithdrawn) -> str:  # fmt: skip
    return str(event.reflection_id)


@part_of.register(events.QuestionSetRecorded)
@part_of.register(events.QuestionSetVisibilityChanged)
def _(event: events.QuestionSetRecorded | events.QuestionSetVisibilityChanged) -> str:
    return str(event.set_id)


@part_of.register(events.InsightAdded)
@part_of.register(events.QuestionStatusChanged)
def _(event: events.InsightAdded | events.QuestionStatusChanged) -> str:
    return str(event.question_id)


@part_of.register(events.ActionReported)
def _(event: events.ActionReported) -> str:
    return str(event.action_id)


@part_of.register(events.EntryCorrected)
def _(event: events.EntryCorrected) -> str:
    """A reflection's or an insight's correction is read with it; any other corrects the
    pilot's own record."""
    kind, _, rest = event.entry.partition(":")
    if kind == "insight":
        return rest
    reflection = entry_key(event.entry)
    return RECORD if reflection is None else str(reflection)
