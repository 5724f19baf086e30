"""The team: leads, members and facilitators. Only a lead changes the team, and the team
always keeps a lead."""

from __future__ import annotations

from uuid import UUID

from domain import rules
from domain.errors import NotFound, RuleViolated
from domain.pilot import events
from domain.pilot.aggregate import By, Pilot, handle
from domain.pilot.commands import AssignRole, RemoveMember
from domain.values import Role


@handle.register
def _assign(c: AssignRole, pilot: Pilot, by: By) -> None:
    pilot.require_lead(by.actor)
    role = rules.choice("role", c.role, Role)
    if pilot.team.get(c.user) == role:
        raise RuleViolated(f"that person is already {role.value} of this pilot")
    if role != Role.LEAD:
        _keep_a_lead_without(pilot, c.user)
    pilot.record(events.RoleAssigned, by, user=c.user, role=role)


@handle.register
def _remove(c: RemoveMember, pilot: Pilot, by: By) -> None:
    pilot.require_lead(by.actor)
    if c.user not in pilot.team:
        raise NotFound("that person is not on this pilot's team")
    _keep_a_lead_without(pilot, c.user)
    pilot.record(events.MemberRemoved, by, user=c.user)


def _keep_a_lead_without(pilot: Pilot, user: UUID) -> None:
    leads = [member for member, role in pilot.team.items() if role == Role.LEAD]
    if leads == [user]:
        raise RuleViolated("the team must keep a lead; make someone else lead first")
