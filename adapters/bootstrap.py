"""The composition root: builds every service once from the settings, and closes them."""

from __future__ import annotations

from dataclasses import dataclass

from adapters.accounts import Accounts, open_accounts
from adapters.accounts.sessions import Sessions
from adapters.accounts.sign_in_guard import SignInGuard
from adapters.idempotency import IdempotentResponses
from adapters.settings import Settings
from adapters.store import open_pilots
from domain.service import Pilots


@dataclass
class Services:
    settings: Settings
    pilots: Pilots
    accounts: Accounts
    sessions: Sessions
    responses: IdempotentResponses
    sign_in_guard: SignInGuard

    def close(self) -> None:
        self.pilots.close()
        self.accounts.close()


def bootstrap(settings: Settings) -> Services:
    accounts = open_accounts(settings)
    database = accounts.database
    try:
        # One side database for both: a withdrawal shreds keys and deletes kept answers there,
        # and in memory a second one would be another database.
        pilots = open_pilots(settings, database=database)
    except BaseException:
        accounts.close()
        raise
    return Services(
        settings=settings,
        pilots=pilots,
        accounts=accounts,
        sessions=Sessions(database),
        responses=IdempotentResponses(database),
        sign_in_guard=SignInGuard(database),
    )
