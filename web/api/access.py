"""Who may call what, before a pilot is loaded: the global roles.

What a person may do on one pilot (only its team writes, only a lead changes the team) is the
domain's rule, checked where the pilot is loaded, so it holds for the pages and the CLI too.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler

from adapters.accounts import Account, GlobalRole
from adapters.bootstrap import Services

Connection = ASGIConnection[Any, Account, Any, Any]
REGISTRARS = frozenset({GlobalRole.LEAD, GlobalRole.ADMIN})


def provide_services(state: State) -> Services:
    services: Services = state.services
    return services


def writers_only(connection: Connection, _: BaseRouteHandler) -> None:
    """Readers read; every write route refuses them."""
    if connection.user.role == GlobalRole.READER:
        raise PermissionDeniedException("a reader account may not write")


def registrars_only(connection: Connection, _: BaseRouteHandler) -> None:
    """Registering a pilot makes its registrant the lead, so it needs a lead or admin account."""
    if connection.user.role not in REGISTRARS:
        raise PermissionDeniedException("only a lead or admin account may register a pilot")
