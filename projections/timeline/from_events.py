"""The timeline folded straight from one pilot's events, with people named as they are now.

This reads the pilot's whole event list, so nothing on a request path uses it: pages and the API
read the `timeline` read model (`projections.timeline.queries`). It stays as the plain statement
of what the read model must equal, which the tests compare it against.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from uuid import UUID

from domain.pilot import events
from projections.timeline.queries import TimelineEntry
from projections.timeline.sentences import Sentences


def timeline(stored: Sequence[events.Event], name_of: Callable[[UUID], str]) -> list[TimelineEntry]:
    """One sentence per event, oldest first; `kind` is the event's class name."""
    sentences = Sentences(name_of)
    return [
        TimelineEntry(
            at=event.timestamp,
            version=event.originator_version,
            kind=type(event).__name__,
            actor=event.actor,
            summary=sentences.say(event),
        )
        for event in stored
    ]
