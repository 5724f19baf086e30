"""What every handler is given (the services, the read-model runner) and who may call what
before a pilot is loaded: guards on the global role, the same for pages and the API.

What a person may do on one pilot (only its team writes, only a lead changes the team) is the
domain's rule, checked where the pilot is loaded, so it holds for the CLI too.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from litestar.datastructures import State
from litestar.di import Provide
from litestar.exceptions import PermissionDeniedException
from litestar.handlers import BaseRouteHandler

from adapters.accounts import Account, GlobalRole
from adapters.bootstrap import Services
from projections.engine.runner import Projector

Connection = ASGIConnection[Any, Account, Any, Any]
REGISTRARS = frozenset({GlobalRole.LEAD, GlobalRole.ADMIN})


def provide_services(state: State) -> Services:
    services: Services = state.services
    return services


def provide_projector(state: State) -> Projector:
    """The read-model runner of the app; `reader()` gives reads that show every earlier write."""
    projector: Projector = state.projector
    return projector


SERVICES = {"services": Provide(provide_services, sync_to_thread=False)}
READS = {"projector": Provide(provide_projector, sync_to_thread=False)}


def writers_only(connection: Connection, _: BaseRouteHandler) -> None:
    """Readers read; every write route, page or API, refuses them."""
    if connection.user.role == GlobalRole.READER:
        raise PermissionDeniedException("a reader account may not write")


def registrars_only(connection: Connection, _: BaseRouteHandler) -> None:
    """Registering a pilot makes its registrant the lead, so it needs a lead or admin account."""
    if connection.user.role not in REGISTRARS:
        raise PermissionDeniedException("only a lead or admin account may register a pilot")


def may_register(account: Account) -> bool:
    return account.role in REGISTRARS
