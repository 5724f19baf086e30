"""The reflection form on the pilot page."""

from __future__ import annotations

from uuid import UUID

from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.pilot.commands import RecordReflection
from web.forms import Form, FormData
from web.pages import WRITE, PageRequest
from web.pilots.page import submit
from web.reflections.schemas import ReflectionCreate
from web.writes import command


@post("/pilots/{pilot_id:uuid}/reflections", **WRITE)
def record_reflection(
    request: PageRequest, pilot_id: FromPath[UUID], data: FormData
) -> Template | Redirect:
    """Records a reflection: a stage of Kolb's cycle, or an appreciation."""
    form = Form(data)
    return submit(
        request, "reflections", "reflection", form.values, form.submission,
        lambda: command(RecordReflection, form.read(ReflectionCreate), pilot_id=pilot_id),
    )  # fmt: skip


HANDLERS = [record_reflection]
