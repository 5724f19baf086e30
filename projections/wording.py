"""Wording that the timeline, the method checks and the reports share, so each says it alike."""

from __future__ import annotations


def plural(count: int, noun: str) -> str:
    """`1 question`, `2 questions`: the count with its noun, plural unless it is one."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def exact(value: float) -> str:
    """A measure's value exactly as recorded: `12` for a whole number, `7.25` otherwise (the
    shortest text that reads back as the same number)."""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
