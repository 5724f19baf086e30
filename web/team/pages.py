"""The team forms on the pilot page: add someone by their email, or take someone off."""

from __future__ import annotations

from uuid import UUID

from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.pilot.commands import RemoveMember
from web.commands import page_routes
from web.forms import Form, FormData
from web.pages import WRITE, PageRequest
from web.pilots.page import submit
from web.team.commands import COMMANDS


@post("/pilots/{pilot_id:uuid}/team/{user_id:uuid}/removal", **WRITE)
def remove_member(
    request: PageRequest, pilot_id: FromPath[UUID], user_id: FromPath[UUID], data: FormData
) -> Template | Redirect:
    """Takes someone off the team."""
    form = Form(data)
    return submit(
        request, "team", f"remove-{user_id}", form.values, form.submission,
        lambda: RemoveMember(pilot_id, user=user_id),
    )  # fmt: skip


HANDLERS = [*page_routes(COMMANDS), remove_member]
