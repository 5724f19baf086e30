"""Finding the account a lead names by email, without telling anyone else which emails have
accounts."""

from __future__ import annotations

from uuid import UUID

from adapters.bootstrap import Services
from domain.errors import InvalidEntry, NotPermitted
from domain.values import Role


def account_id(services: Services, pilot_id: UUID, actor: UUID, email: str) -> UUID:
    """The id of the account with this email. Only a lead of the pilot learns that no account
    has it; anyone else is refused as the domain would refuse them, so that the route cannot be
    used to find out which emails have accounts."""
    email = email.strip()
    account = services.accounts.by_email(email) if email else None
    if account is not None:
        return account.id
    if services.pilots.pilot(pilot_id).role_of(actor) != Role.LEAD:
        raise NotPermitted("only a lead of the pilot may change its team")
    raise InvalidEntry("email", "no account has this email" if email else "must not be blank")
