"""Pilots: registering one, reading one (now, or as it was), its idea and its team."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, QueryParameter

from adapters.bootstrap import Services
from domain.errors import InvalidEntry, NotPermitted
from domain.values import Role
from web.api import openapi
from web.api.access import provide_services, registrars_only
from web.api.reads import PilotRead, pilot_read
from web.api.replies import new_pilot, pilot_response, the_pilot
from web.api.schemas import IdeaRevision, MemberAssignment, PilotCreate
from web.api.writes import Write, answer, provide_registration, provide_write

# Far beyond any pilot's history, and within what every store's integer column holds.
VERSION_MAX = 2**53 - 1


class PilotController(Controller):
    path = "/pilots"
    tags = ["Pilots"]
    dependencies = {
        "services": Provide(provide_services, sync_to_thread=False),
        "write": Provide(provide_write),
    }

    @post(
        "/",
        status_code=201,
        sync_to_thread=True,
        guards=[registrars_only],
        dependencies={"write": Provide(provide_registration)},
        responses=openapi.REGISTER,
        response_headers=[openapi.ETAG, openapi.LOCATION],
    )
    def register(
        self, data: JSONBody[PilotCreate], write: NamedDependency[Write]
    ) -> Response[PilotRead]:
        """Registers a pilot with the sender as its lead."""
        return answer(
            write,
            lambda w: w.services.pilots.register_pilot(
                lead=w.actor,
                title=data.title,
                question=data.question,
                idea=data.idea,
                origin=data.origin,
                themes=data.themes,
                submission=w.key,
            ),
            new_pilot,
        )

    @get(
        "/{pilot_id:uuid}",
        sync_to_thread=True,
        responses=openapi.READ,
        response_headers=[openapi.ETAG],
    )
    def read(
        self,
        pilot_id: FromPath[UUID],
        services: NamedDependency[Services],
        version: Annotated[
            int | None,
            QueryParameter(ge=1, le=VERSION_MAX, description="the pilot as it was at this version"),
        ] = None,
        at: Annotated[
            datetime | None,
            QueryParameter(description="the pilot as it was at this moment (ISO-8601 with zone)"),
        ] = None,
    ) -> Response[PilotRead]:
        """The pilot now, or as it was at a version or a moment (not both)."""
        if version is not None and at is not None:
            raise InvalidEntry("at", "ask for a version or a moment, not both")
        if at is not None:
            pilot = services.pilots.pilot_as_of(pilot_id, at)
        else:
            pilot = services.pilots.pilot(pilot_id, version=version)
        return pilot_response(pilot_read(pilot))

    @openapi.write_route("/{pilot_id:uuid}/idea")
    def revise_idea(
        self, pilot_id: FromPath[UUID], data: JSONBody[IdeaRevision], write: NamedDependency[Write]
    ) -> Response[PilotRead]:
        """Revises the idea, with the rationale for the change."""
        return answer(
            write,
            lambda w: w.services.pilots.revise_idea(
                pilot_id,
                w.actor,
                idea=data.idea,
                rationale=data.rationale,
                prompted_by=data.prompted_by,
                **w.options,
            ),
            the_pilot,
        )

    @openapi.write_route("/{pilot_id:uuid}/members")
    def assign_role(
        self,
        pilot_id: FromPath[UUID],
        data: JSONBody[MemberAssignment],
        write: NamedDependency[Write],
    ) -> Response[PilotRead]:
        """Gives the account with this email a role on the pilot's team (leads only)."""
        return answer(
            write,
            lambda w: w.services.pilots.assign_role(
                pilot_id,
                w.actor,
                user=account_id(w, pilot_id, data.email),
                role=data.role,
                **w.options,
            ),
            the_pilot,
        )


def account_id(write: Write, pilot_id: UUID, email: str) -> UUID:
    """The id of the account with this email. Only a lead of the pilot learns that no account
    has it; anyone else is refused as the domain would refuse them, so that the route cannot be
    used to find out which emails have accounts."""
    account = write.services.accounts.by_email(email)
    if account is not None:
        return account.id
    if write.services.pilots.pilot(pilot_id).role_of(write.actor) != Role.LEAD:
        raise NotPermitted("only a lead of the pilot may change its team")
    raise InvalidEntry("email", "no account has this email")
