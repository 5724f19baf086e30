"""The correction form on the pilot page."""

from __future__ import annotations

from uuid import UUID

from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.pilot.commands import Correct
from web.corrections.schemas import CorrectionCreate
from web.forms import Form, FormData
from web.pages import WRITE, PageRequest
from web.pilots.page import submit
from web.writes import command


@post("/pilots/{pilot_id:uuid}/corrections", **WRITE)
def correct(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Template | Redirect:
    """Puts a wrong entry right: which entry, its right text, and why."""
    form = Form(data)
    return submit(
        request, "corrections", "correct", form.values, form.submission,
        lambda: command(Correct, form.read(CorrectionCreate), pilot_id=pilot_id),
    )  # fmt: skip


HANDLERS = [correct]
