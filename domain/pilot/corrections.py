"""Corrections: a wrong entry is put right by a new event that names the entry and the reason.
Nothing is overwritten in the log, and the pilot keeps the earlier text in `corrections`."""

from __future__ import annotations

from uuid import UUID

from domain import rules
from domain.errors import RuleViolated
from domain.pilot import entries, events
from domain.pilot.aggregate import By, Pilot, handle
from domain.pilot.commands import Correct


@handle.register
def _correct(c: Correct, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    entry = entries.canonical(c.entry)
    limit = rules.TITLE_MAX if entry == "title" else rules.ENTRY_MAX
    text = rules.text("text", c.text, limit=limit)
    reason = rules.text("reason", c.reason)
    _readable(pilot, entry, by)
    previous = pilot.entry_text(entry)
    if previous is None:
        raise RuleViolated(f"{entry} has been withdrawn, so it takes no corrections")
    if not previous:
        # Filling in an entry that was never made would bypass the rules of its stage.
        raise RuleViolated(f"{entry} has not been entered yet, so there is nothing to correct")
    if previous == text:
        raise RuleViolated("the correction must change the entry")
    pilot.record(
        events.EntryCorrected, by, entry=entry, previous=previous, text=text, reason=reason
    )


def _readable(pilot: Pilot, entry: str, by: By) -> None:
    """An entry the sender may not read is one they cannot correct: as if it did not exist."""
    kind, _, rest = entry.partition(":")
    try:
        if kind == "reflection":
            pilot.reflection(UUID(rest), by.actor)
        elif kind == "insight":
            insight = UUID(rest)
            question = next(
                q for q in pilot.questions.values() if any(i.id == insight for i in q.insights)
            )
            pilot.question_set(question.set_id, by.actor, missing=f"no entry {entry!r} to correct")
    except (ValueError, StopIteration):
        pass  # not an entry at all: `entry_text` says so
