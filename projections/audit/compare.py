"""What changed in a pilot between two moments, for auditors: a list of plain-language changes
between two versions of the aggregate, and the events that made them."""

from __future__ import annotations

from collections.abc import Iterator

import msgspec

from domain.pilot import Pilot
from domain.pilot.state import Reflection
from projections.audit.ideas import DiffPiece, word_diff
from projections.reports.words import withdrawn


class Change(msgspec.Struct, frozen=True):
    """One difference: which part of the pilot, and what it was and became."""

    part: str
    before: str
    after: str
    diff: tuple[DiffPiece, ...] = ()


def compare(before: Pilot, after: Pilot) -> list[Change]:
    """Differences from `before` to `after`, in the order a reader meets them on the page."""
    return [*_framing(before, after), *_team(before, after), *_cycles(before, after),
            *_entries(before, after)]  # fmt: skip


def _text(part: str, before: str, after: str) -> Iterator[Change]:
    if before != after:
        yield Change(part, before, after, tuple(word_diff(before, after)))


def _reflection_text(reflection: Reflection) -> str:
    """A withdrawn reflection's text is gone from every version, the earlier ones too (they
    are replayed from the log, where it can no longer be read): it is said to be withdrawn."""
    return withdrawn(reflection.withdrawn_on) if reflection.text is None else reflection.text


def _framing(before: Pilot, after: Pilot) -> Iterator[Change]:
    yield from _text("Title", before.title, after.title)
    yield from _text("How might we", before.question, after.question)
    yield from _text("Idea", before.idea, after.idea)
    yield from _text("Origin", before.origin, after.origin)
    if before.themes != after.themes:
        yield Change("Themes", ", ".join(before.themes), ", ".join(after.themes))
    if before.status != after.status:
        outcome = f" ({after.outcome.value})" if after.outcome else ""
        yield Change("Status", before.status.value, after.status.value + outcome)


def _team(before: Pilot, after: Pilot) -> Iterator[Change]:
    for user in sorted(set(before.team) | set(after.team), key=str):
        was, now = before.team.get(user), after.team.get(user)
        if was != now:
            yield Change(f"Team member {user}", was.value if was else "not on the team",
                         now.value if now else "not on the team")  # fmt: skip


def _cycles(before: Pilot, after: Pilot) -> Iterator[Change]:
    for number, cycle in sorted(after.cycles.items()):
        earlier = before.cycles.get(number)
        if earlier is None:
            yield Change(
                f"Cycle {number}", "not planned", f"{cycle.stage.value}: {cycle.objective}"
            )
            continue
        if earlier.stage != cycle.stage:
            yield Change(f"Cycle {number} stage", earlier.stage.value, cycle.stage.value)
        for name in ("objective", "plan", "what_happened", "learning", "surprises", "rationale"):
            label = name.replace("_", " ")
            yield from _text(f"Cycle {number} {label}", getattr(earlier, name),
                             getattr(cycle, name))  # fmt: skip
        if earlier.decision != cycle.decision and cycle.decision is not None:
            yield Change(f"Cycle {number} decision", "none yet", cycle.decision.value)


def _entries(before: Pilot, after: Pilot) -> Iterator[Change]:
    for reflection_id, reflection in after.reflections.items():
        earlier = before.reflections.get(reflection_id)
        label = f"Reflection ({reflection.kind.value})"
        if earlier is None:
            yield Change(label, "", _reflection_text(reflection))
        elif earlier.withdrawn_on != reflection.withdrawn_on:
            yield Change(label, _reflection_text(earlier), _reflection_text(reflection))
        elif earlier.text is not None and reflection.text is not None:
            yield from _text(label, earlier.text, reflection.text)
    for question_id, question in after.questions.items():
        asked = before.questions.get(question_id)
        if asked is None:
            yield Change("Question asked", "", question.text)
        elif asked.status != question.status:
            yield Change(f"Question \u201c{question.text}\u201d", asked.status.value,
                         question.status.value)  # fmt: skip
        added = len(question.insights) - (len(asked.insights) if asked else 0)
        for insight in question.insights[len(question.insights) - added :] if added > 0 else []:
            yield Change(f"Insight on \u201c{question.text}\u201d", "", insight.text)
