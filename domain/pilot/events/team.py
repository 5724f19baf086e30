"""The team: someone given a role, someone taken off."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.pilot.events.base import Event
from domain.values import Role

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot


class RoleAssigned(Event):
    TOPIC = "pilots:RoleAssigned"
    user: UUID
    role: Role

    def evolve(self, pilot: Pilot) -> None:
        pilot.team[self.user] = self.role


class MemberRemoved(Event):
    TOPIC = "pilots:MemberRemoved"
    user: UUID

    def evolve(self, pilot: Pilot) -> None:
        del pilot.team[self.user]
