"""Reflections: a stage of Kolb's cycle (experience, observation, meaning, next step) or an
appreciation, optionally about one cycle; who reads each (private, team or community); and
withdrawing one for good."""

from __future__ import annotations

from uuid import UUID

from domain import rules
from domain.errors import NotPermitted, RuleViolated
from domain.pilot import events
from domain.pilot.aggregate import By, Pilot, derived_id, handle
from domain.pilot.commands import RecordReflection, SetReflectionVisibility, WithdrawReflection
from domain.pilot.state import Reflection
from domain.values import ReflectionKind, Role, Visibility


@handle.register
def _reflect(c: RecordReflection, pilot: Pilot, by: By) -> None:
    pilot.require_writer(by.actor)
    if c.cycle is not None:
        pilot.cycle(c.cycle)
    pilot.record(
        events.ReflectionRecorded, by,
        reflection_id=derived_id(by.submission, "reflection"),
        kind=rules.choice("kind", c.kind, ReflectionKind),
        text=rules.text("text", c.text),
        cycle=c.cycle,
        visibility=rules.choice("visibility", c.visibility, Visibility),
    )  # fmt: skip


@handle.register
def _share(c: SetReflectionVisibility, pilot: Pilot, by: By) -> None:
    reflection = _own(pilot, c.reflection_id, by, "change who reads")
    visibility = rules.choice("visibility", c.visibility, Visibility)
    if visibility == reflection.visibility:
        raise RuleViolated(f"the reflection is {visibility.value} already")
    pilot.record(
        events.ReflectionVisibilityChanged, by, reflection_id=c.reflection_id, visibility=visibility
    )


@handle.register
def _withdraw(c: WithdrawReflection, pilot: Pilot, by: By) -> None:
    _own(pilot, c.reflection_id, by, "withdraw")
    reason = rules.text("reason", c.reason)
    pilot.record(events.ReflectionWithdrawn, by, reflection_id=c.reflection_id, reason=reason)


def _own(pilot: Pilot, reflection_id: UUID, by: By, doing: str) -> Reflection:
    """The reflection, which only its author or a lead of the pilot may act on; a withdrawn one
    takes nothing more."""
    reflection = pilot.reflection(reflection_id, by.actor)
    if by.actor != reflection.author and pilot.role_of(by.actor) != Role.LEAD:
        raise NotPermitted(f"only its author or a lead may {doing} a reflection")
    if reflection.withdrawn_on is not None:
        raise RuleViolated(f"the reflection was withdrawn on {reflection.withdrawn_on}")
    return reflection
