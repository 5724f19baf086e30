"""What a reader narrows the learning summary to: one theme, and a period of days.

The period selects each entry by its own day (in UTC): a cycle by the day it was decided, a
surprise by the day its cycle was studied, an insight by the day it was added, a question by
the day its set met. Both ends are included.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from domain.errors import InvalidEntry
from projections.learning.rows import PilotRow

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_of(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def theme_key(theme: str) -> str:
    """A theme as pilots store it: trimmed, single-spaced, lower case."""
    return " ".join(theme.split()).lower()


@dataclass(frozen=True)
class Scope:
    theme: str | None = None
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(
        cls, theme: str | None = None, since: date | None = None, until: date | None = None
    ) -> Scope:
        """Raises InvalidEntry when the period ends before it starts."""
        if since is not None and until is not None and since > until:
            raise InvalidEntry("until", "must not be before since")
        return cls(theme_key(theme) if theme and theme.strip() else None, since, until)

    @classmethod
    def parse(cls, theme: str | None, since: str | None, until: str | None) -> Scope:
        """From query text: an empty value means no filter; dates are ISO, as 2026-05-01."""
        return cls.of(theme, parse_day("since", since), parse_day("until", until))

    def covers(self, pilot: PilotRow) -> bool:
        return self.theme is None or self.theme in pilot.themes

    def during(self, day: date | datetime | None) -> bool:
        if day is None:
            return False
        if isinstance(day, datetime):
            day = day_of(day)
        return (self.since is None or self.since <= day) and (
            self.until is None or day <= self.until
        )


def parse_day(field: str, text: str | None) -> date | None:
    """An ISO date written out in full (2026-05-01), as JSON Schema's `date` format means it;
    empty means no limit."""
    if not text:
        return None
    if _DAY.fullmatch(text) is None:
        raise InvalidEntry(field, "must be a date, such as 2026-05-01")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidEntry(field, "must be a date, such as 2026-05-01") from None
