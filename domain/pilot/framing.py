"""The pilot as a whole: its idea, revised with a rationale, and its status (paused with a
reason, resumed, concluded with an outcome)."""

from __future__ import annotations

from domain import rules
from domain.errors import RuleViolated
from domain.pilot import events
from domain.pilot.aggregate import By, Pilot, handle
from domain.pilot.commands import Conclude, Pause, Resume, ReviseIdea
from domain.values import Outcome, PilotStatus


@handle.register
def _revise_idea(c: ReviseIdea, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    idea = rules.text("idea", c.idea)
    rationale = rules.text("rationale", c.rationale)
    rules.must_change("idea", rules.same_words(idea, pilot.idea))
    prompted_by = rules.optional_text("prompted_by", c.prompted_by)
    pilot.record(events.IdeaRevised, by, idea=idea, rationale=rationale, prompted_by=prompted_by)


@handle.register
def _pause(c: Pause, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    if pilot.status != PilotStatus.ACTIVE:
        raise RuleViolated(f"only an active pilot can be paused; this one is {pilot.status}")
    pilot.record(events.Paused, by, reason=rules.text("reason", c.reason))


@handle.register
def _resume(_: Resume, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    if pilot.status != PilotStatus.PAUSED:
        raise RuleViolated(f"only a paused pilot can be resumed; this one is {pilot.status}")
    pilot.record(events.Resumed, by)


@handle.register
def _conclude(c: Conclude, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    if pilot.status == PilotStatus.CONCLUDED:
        raise RuleViolated("the pilot has already concluded")
    outcome = rules.choice("outcome", c.outcome, Outcome)
    pilot.record(events.Concluded, by, outcome=outcome, summary=rules.text("summary", c.summary))
