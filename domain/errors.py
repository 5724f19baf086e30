"""Domain errors. Every rule raises one of these, so a rejected command records nothing.

Each kind maps to one HTTP status in the web layer, and to a one-line message on the CLI.
"""

from __future__ import annotations


class DomainError(Exception):
    """A command was refused. The message is written for the person who sent it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidEntry(DomainError):
    """A field's value is malformed: blank, too long, or not one of the allowed words."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class RuleViolated(DomainError):
    """The entry is well formed, but a rule forbids it now (for example, deciding too early)."""


class NotPermitted(DomainError):
    """The person may not make this change to this pilot."""


class NotFound(DomainError):
    """No such pilot, cycle, question or entry."""


class VersionMismatch(DomainError):
    """The pilot has moved on since the version the writer last saw."""

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"the pilot is at version {actual}, not {expected}; reload and retry")
        self.expected = expected
        self.actual = actual
