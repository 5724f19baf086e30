"""People as pages and answers show them: accounts by name, and the people a set meeting
names, who may be accounts (by id or email) or people without one (by name); and who is
looking (`Viewer`), which decides what an answer may hold."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from adapters.accounts import Account, Accounts
from domain.errors import InvalidEntry
from domain.pilot.visibility import Reader
from domain.service import Pilots

FORMER_MEMBER = "a former member"


class People:
    """Names for account ids, each looked up once per request."""

    def __init__(self, accounts: Accounts) -> None:
        self._accounts = accounts
        self._found: dict[UUID, Account | None] = {}

    def name(self, user: UUID | None) -> str:
        if user is None:
            return ""
        account = self._account(user)
        return account.name if account else FORMER_MEMBER

    def email(self, user: UUID) -> str:
        account = self._account(user)
        return account.email if account else ""

    def _account(self, user: UUID) -> Account | None:
        if user not in self._found:
            self._found[user] = self._accounts.by_id(user)
        return self._found[user]

    def named(self, user: UUID | None, name: str) -> str:
        """An account's name, or the name given for someone without one."""
        return self.name(user) if user is not None else name


@dataclass(frozen=True)
class Person:
    """Someone named in a set meeting: an account, or a person without one."""

    account: UUID | None = None
    name: str = ""


def person(accounts: Accounts, field: str, given: str | None) -> Person:
    """`given` is an account's id, an account's email, or the name of someone without an
    account (a set adviser from outside); blank is nobody."""
    text = (given or "").strip()
    if not text:
        return Person()
    if "@" in text:
        found = accounts.by_email(text)
        if found is None:
            raise InvalidEntry(field, "no account has this email; give a name instead")
        return Person(found.id)
    try:
        account_id = UUID(text)
    except ValueError:
        return Person(name=text)
    if accounts.by_id(account_id) is None:
        raise InvalidEntry(field, "no account has this id")
    return Person(account_id)


@dataclass(frozen=True)
class Viewer:
    """Who an answer is for: what they may read, and how people are named to them. `role` is
    their account's role across the programme, which decides who reads a `team` story, and
    `records` where the stories an answer names are looked up."""

    reader: Reader
    people: People
    account: UUID | None = None
    role: str | None = None
    records: Pilots | None = None

    @classmethod
    def of(
        cls,
        accounts: Accounts,
        account: UUID,
        role: str | None = None,
        records: Pilots | None = None,
    ) -> Viewer:
        return cls(Reader.person(account), People(accounts), account, role, records)
