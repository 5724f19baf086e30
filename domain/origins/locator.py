"""Which workshop holds an idea or a framing question, found from the log.

A pilot names the idea it tests and the framing question it serves by their ids alone, and
those live inside workshops. Rather than store an index beside the log, each process reads the
events that create ideas and framing questions (by their topics), once, and then only those
recorded since, as a lookup misses. The events hold ids only, so this is a small map.
"""

from __future__ import annotations

import threading
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from domain.origins import events

PAGE = 1_000
# The events that bring an idea or a framing question into being.
TOPICS = tuple(
    kind.TOPIC
    for kind in (
        events.IdeaRecorded,
        events.IdeasMerged,
        events.IdeaSplit,
        events.FramingRecorded,
    )
)


class Locator:
    """The workshop of each idea and framing question, by the output's id. Thread-safe."""

    def __init__(self) -> None:
        self._workshops: dict[UUID, UUID] = {}
        self._after = 0  # the position of the last such event read
        self._lock = threading.Lock()

    def workshop_of(self, app: Application[UUID], output_id: UUID) -> UUID | None:
        """The id of the workshop that holds the idea or framing question, or None if none
        does yet."""
        with self._lock:
            if output_id not in self._workshops:
                self._catch_up(app)
            return self._workshops.get(output_id)

    def _catch_up(self, app: Application[UUID]) -> None:
        while True:
            page = app.recorder.select_notifications(
                self._after, PAGE, topics=TOPICS, inclusive_of_start=False
            )
            for notification in page:
                event = app.mapper.to_domain_event(notification)
                for output_id in _brought_into_being(event):
                    self._workshops[output_id] = UUID(str(notification.originator_id))
            if page:
                self._after = page[-1].id
            if len(page) < PAGE:
                return


def _brought_into_being(event: Any) -> tuple[UUID, ...]:
    if isinstance(event, events.IdeaSplit):
        return tuple(part.idea_id for part in event.parts)
    if isinstance(event, events.FramingRecorded):
        return (event.framing_id,)
    return (event.idea_id,)
