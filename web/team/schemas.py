"""What the API takes for the team."""

from __future__ import annotations

from typing import Literal

from web.schemas import Email, Input

RoleName = Literal["member", "facilitator", "lead"]


class MemberCreate(Input):
    email: Email
    role: RoleName
