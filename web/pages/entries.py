"""The forms for reflections, idea revisions, the team, and pausing, resuming or concluding a
pilot. Question sets have their own module, `web.pages.question_sets`."""

from __future__ import annotations

from uuid import UUID

from litestar import post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from domain.errors import InvalidEntry
from domain.service import Pilots
from web.pages.forms import Form, FormData
from web.pages.pilots import WRITE, services_of, submit
from web.pages.session import PageRequest

Answer = Template | Redirect


@post("/pilots/{pilot_id:uuid}/reflections", **WRITE)
def record_reflection(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Answer:
    """Records a reflection: a stage of Kolb's cycle, or an appreciation."""
    form = Form(data)
    return submit(
        request, pilot_id, "reflections", "reflection", form.values,
        lambda pilots, actor: pilots.record_reflection(
            pilot_id, actor, kind=form.text("kind"), text=form.text("text"),
            cycle=form.number("cycle"), submission=form.submission,
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/idea", **WRITE)
def revise_idea(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Answer:
    """Revises the idea being tested, with the rationale and what prompted it."""
    form = Form(data)
    return submit(
        request, pilot_id, "idea", "revise", form.values,
        lambda pilots, actor: pilots.revise_idea(
            pilot_id, actor, idea=form.text("idea"), rationale=form.text("rationale"),
            prompted_by=form.text("prompted_by"), submission=form.submission,
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/team", **WRITE)
def assign_role(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Answer:
    """Adds a person to the team by their email, or gives a team member another role."""
    form = Form(data)
    accounts = services_of(request).accounts

    def command(pilots: Pilots, actor: UUID) -> object:
        email = form.text("email").strip()
        account = accounts.by_email(email) if email else None
        if account is None:
            reason = "no account has this email" if email else "must not be blank"
            raise InvalidEntry("email", reason)
        return pilots.assign_role(
            pilot_id, actor, user=account.id, role=form.text("role"), submission=form.submission
        )

    return submit(request, pilot_id, "team", "member", form.values, command)


@post("/pilots/{pilot_id:uuid}/pause", **WRITE)
def pause(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Answer:
    """Pauses the pilot, with the reason; it takes no new cycles until it resumes."""
    form = Form(data)
    return submit(
        request, pilot_id, "status", "pause", form.values,
        lambda pilots, actor: pilots.pause(
            pilot_id, actor, reason=form.text("reason"), submission=form.submission
        ),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/resume", **WRITE)
def resume(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Answer:
    """Resumes a paused pilot."""
    form = Form(data)
    return submit(
        request, pilot_id, "status", "resume", form.values,
        lambda pilots, actor: pilots.resume(pilot_id, actor, submission=form.submission),
    )  # fmt: skip


@post("/pilots/{pilot_id:uuid}/conclusion", **WRITE)
def conclude(request: PageRequest, pilot_id: FromPath[UUID], data: FormData) -> Answer:
    """Concludes the pilot with its outcome (adopted, adapted or abandoned) and a summary."""
    form = Form(data)
    return submit(
        request, pilot_id, "status", "conclude", form.values,
        lambda pilots, actor: pilots.conclude(
            pilot_id, actor, outcome=form.text("outcome"), summary=form.text("summary"),
            submission=form.submission,
        ),
    )  # fmt: skip


HANDLERS = [record_reflection, revise_idea, assign_role, pause, resume, conclude]
