"""Corrections: a wrong entry is put right by a new event that names the entry and the reason.
Nothing is overwritten in the log, and the pilot keeps the earlier text in `corrections`."""

from __future__ import annotations

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
    previous = pilot.entry_text(entry)
    if not previous:
        # Filling in an entry that was never made would bypass the rules of its stage.
        raise RuleViolated(f"{entry} has not been entered yet, so there is nothing to correct")
    if previous == text:
        raise RuleViolated("the correction must change the entry")
    pilot.record(
        events.EntryCorrected, by, entry=entry, previous=previous, text=text, reason=reason
    )
