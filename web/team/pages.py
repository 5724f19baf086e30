"""The team forms on the pilot page: add someone by their email, or take someone off."""

from __future__ import annotations

from uuid import UUID

from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.pilot.commands import AssignRole, RemoveMember
from web.forms import Form, FormData
from web.pages import WRITE, PageRequest, services_of
from web.pilots.page import submit
from web.team.members import account_id
from web.team.schemas import MemberCreate

SECTION = "team"


@post("/pilots/{pilot_id:uuid}/team", **WRITE)
def assign_role(
    request: PageRequest, pilot_id: FromPath[UUID], data: FormData
) -> Template | Redirect:
    """Adds a person to the team by their email, or gives a team member another role."""
    form = Form(data)

    def build() -> AssignRole:
        typed = form.read(MemberCreate)
        user = account_id(services_of(request), pilot_id, request.user.id, typed.email)
        return AssignRole(pilot_id, user=user, role=typed.role)

    return submit(request, SECTION, "member", form.values, form.submission, build)


@post("/pilots/{pilot_id:uuid}/team/{user_id:uuid}/removal", **WRITE)
def remove_member(
    request: PageRequest, pilot_id: FromPath[UUID], user_id: FromPath[UUID], data: FormData
) -> Template | Redirect:
    """Takes someone off the team."""
    form = Form(data)
    return submit(
        request, SECTION, f"remove-{user_id}", form.values, form.submission,
        lambda: RemoveMember(pilot_id, user=user_id),
    )  # fmt: skip


HANDLERS = [assign_role, remove_member]
