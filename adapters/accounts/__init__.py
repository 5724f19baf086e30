"""Accounts: people, their roles, passwords and API tokens; sign-in sessions and the sign-in
guard. They live beside the event log, not in it: a password hash or a token digest is a secret
that an append-only log could never forget."""

from adapters.accounts.model import (
    Account,
    AccountError,
    AccountExists,
    AccountNotFound,
    GlobalRole,
    InvalidAccount,
)
from adapters.accounts.store import Accounts, open_accounts

__all__ = [
    "Account",
    "AccountError",
    "AccountExists",
    "AccountNotFound",
    "Accounts",
    "GlobalRole",
    "InvalidAccount",
    "open_accounts",
]
