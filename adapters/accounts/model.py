"""What an account is: its global role, its fields, and the rules for them.

`adapters.accounts` re-exports all of this; import from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

MAX_NAME = 200
MAX_EMAIL = 254  # the longest address SMTP can carry (RFC 5321 with its errata)
# Deliberately loose: the only proof that an address works is a message that arrives.
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class GlobalRole(StrEnum):
    """What an account may do across all pilots; roles within one pilot are the domain's."""

    ADMIN = "admin"
    LEAD = "lead"
    MEMBER = "member"
    READER = "reader"


@dataclass(frozen=True)
class Account:
    id: UUID
    email: str
    name: str
    role: GlobalRole
    created_at: datetime
    has_password: bool


class AccountError(ValueError):
    """An account command was refused; the message is one line for the person who sent it."""


class InvalidAccount(AccountError):
    """An email, name or role that cannot be used."""


class AccountExists(AccountError):
    """Another account already has this email."""


class AccountNotFound(AccountError):
    """No account has this email."""


def normal_email(email: str) -> str:
    """The form an email is stored and looked up in: addresses differ only by case in theory."""
    return email.strip().lower()


def valid_email(email: str) -> str:
    email = normal_email(email)
    if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
        raise InvalidAccount(f"email: {email[:80]!r} does not look like an email address")
    return email


def valid_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise InvalidAccount(f"name: must be 1 to {MAX_NAME} characters")
    return name


def valid_role(role: GlobalRole | str) -> GlobalRole:
    try:
        return GlobalRole(role)
    except ValueError:
        raise InvalidAccount(f"role: must be one of {', '.join(GlobalRole)}") from None
