"""How a correction names the entry it puts right, and how that entry is read and replaced.

An entry is `title`, `question`, `origin` or `summary`; `cycle:N:FIELD` for a cycle's text;
`reflection:ID`; or `insight:ID`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.errors import NotFound

if TYPE_CHECKING:
    from domain.pilot.aggregate import Pilot
    from domain.pilot.state import Insight

CYCLE_FIELDS = frozenset(
    {"objective", "plan", "what_happened", "deviations", "learning", "surprises", "rationale"}
)
PILOT_FIELDS = frozenset({"title", "question", "origin", "summary"})


def canonical(entry: str) -> str:
    """One spelling per entry (`cycle:01:plan` is `cycle:1:plan`), so its history is one list."""
    kind, _, rest = entry.strip().partition(":")
    try:
        if kind == "cycle":
            number, _, name = rest.partition(":")
            return f"cycle:{int(number)}:{name}"
        if kind in ("reflection", "insight"):
            return f"{kind}:{UUID(rest)}"
    except ValueError:
        pass
    return entry.strip()


def text_of(pilot: Pilot, entry: str) -> str | None:
    """None for a withdrawn entry."""
    kind, _, rest = entry.partition(":")
    try:
        if entry in PILOT_FIELDS:  # exactly `title`; `title:` names nothing
            return str(getattr(pilot, entry))
        if kind == "cycle":
            number, _, name = rest.partition(":")
            if name in CYCLE_FIELDS:
                return str(getattr(pilot.cycles[int(number)], name))
        elif kind == "reflection":
            return pilot.reflections[UUID(rest)].text
        elif kind == "insight":
            return _insight(pilot, UUID(rest)).text
    except (KeyError, ValueError):
        pass
    raise NotFound(f"no entry {entry!r} to correct")


def put(pilot: Pilot, entry: str, text: str | None) -> None:
    """Replaces the text of an entry that `text_of` has found."""
    kind, _, rest = entry.partition(":")
    if kind in PILOT_FIELDS:
        setattr(pilot, kind, text)
    elif kind == "cycle":
        number, _, name = rest.partition(":")
        setattr(pilot.cycles[int(number)], name, text)
    elif kind == "reflection":
        pilot.reflections[UUID(rest)].text = text
    elif kind == "insight" and text is not None:  # insights are never withdrawn
        _insight(pilot, UUID(rest)).text = text


def _insight(pilot: Pilot, insight_id: UUID) -> Insight:
    for question in pilot.questions.values():
        for insight in question.insights:
            if insight.id == insight_id:
                return insight
    raise KeyError(insight_id)
