"""How reports say times, numbers and the words of the domain, the same way in every format.

No locale is consulted (month names would change with it): times are ISO dates and UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime

from projections.wording import plural as plural  # counts read as on every page

DECISIONS = {"adopt": "Adopt", "adapt": "Adapt", "abandon": "Abandon"}
NOT_STUDIED = "not studied yet"


def when(moment: datetime | None) -> str:
    if moment is None:
        return "the start of the log"
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def day(moment: datetime) -> str:
    return moment.astimezone(UTC).date().isoformat()


def words(value: str | None) -> str:
    """An enum value as words: `carried_forward` reads "carried forward"."""
    return (value or "").replace("_", " ")


def decision(value: str | None) -> str:
    return DECISIONS.get(value or "", "Not decided yet")


def days(value: float | None) -> str:
    """Median days per cycle, always with one decimal, so the same figure reads the same."""
    return "none decided yet" if value is None else f"{value:.1f}"


def status(value: str, outcome: str | None) -> str:
    return f"{words(value)} ({words(outcome)})" if outcome else words(value)
