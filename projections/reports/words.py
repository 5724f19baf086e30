"""How reports say times, numbers and the words of the domain, the same way in every format.

No locale is consulted (month names would change with it): times are ISO dates and UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from projections.measures import wording as measure_words
from projections.reports.measures import STATES
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


def withdrawn(on: date | None) -> str:
    """A withdrawn entry, in place of its text."""
    return "Withdrawn by its author" + (f" on {on.isoformat()}." if on else ".")


def report_notes(hidden: int, gone: int) -> list[str]:
    """What the report leaves out, said as numbers only."""
    notes = []
    if hidden:
        entries = "1 entry" if hidden == 1 else f"{hidden} entries"
        notes.append(
            f"This report leaves out {entries} shared with fewer people than its audience."
        )
    if gone:
        been = "has" if gone == 1 else "have"
        notes.append(
            f"{plural(gone, 'reflection')} shown here {been} been withdrawn; "
            "the text is gone for good."
        )
    return notes


def figure(amount: float, unit: str = "") -> str:
    """A measure's value with its unit, as its chart writes it: "12.5 minutes"."""
    return measure_words.value(amount, unit)


def optional(amount: float | None) -> str:
    """A centre line's value, or "none" where the rules gave none."""
    return "none" if amount is None else measure_words.figure(amount)


def limits(lower: float | None, upper: float | None) -> str:
    if lower is None or upper is None:
        return "none"
    return f"{measure_words.figure(lower)} to {measure_words.figure(upper)}"


def yes(flag: bool) -> str:
    return "yes" if flag else "no"


def chart(kind: str) -> str:
    return "XmR chart" if kind == "xmr" else "run chart"


def state(key: str) -> str:
    """A measure's latest phase as the programme report says it."""
    return STATES.get(key, words(key))
