"""Two moments of a pilot side by side, for auditors."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import get
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from domain.errors import DomainError
from projections.audit.compare import compare
from web.pages.pilots import PAGE, services_of
from web.pages.session import PageRequest


@get("/pilots/{pilot_id:uuid}/compare", **PAGE)
def compare_page(
    request: PageRequest,
    pilot_id: FromPath[UUID],
    from_version: Annotated[int | None, QueryParameter(name="from")] = None,
    to_version: Annotated[int | None, QueryParameter(name="to")] = None,
) -> Template:
    """Pick two versions; see every part of the pilot that changed between them."""
    pilots = services_of(request).pilots
    now = pilots.pilot(pilot_id)
    context: dict[str, object] = {
        "user": request.user, "pilot": now, "from_version": from_version or 1,
        "to_version": to_version or now.version, "changes": None, "error": "",
    }  # fmt: skip
    status = 200
    if from_version is not None:
        try:
            after = pilots.pilot(pilot_id, version=to_version)
            if not 1 <= from_version <= after.version:
                raise DomainError(f"Compare from a version between 1 and {after.version}.")
            context["changes"] = compare(pilots.pilot(pilot_id, version=from_version), after)
        except DomainError as error:
            context["error"], status = error.message, 400
    return Template("compare.html.j2", context=context, status_code=status)


HANDLERS = [compare_page]
