"""The stories and workshops there are, found from the log, for the forms that choose among them:
a principle's stories, a pilot's idea and framing question, the list of workshops.

No read model keeps them yet. Each process reads the events that make a story or a workshop (by
their topics) once, and then only those recorded since; the records themselves are read from
the store, so they are as they stand now.
"""

from __future__ import annotations

import threading
from uuid import UUID
from weakref import WeakKeyDictionary

from domain.origins import Story, Workshop, events
from domain.origins.access import may_read_story
from domain.service import Pilots
from domain.values import AccountRole

PAGE = 1_000
STORIES, WORKSHOPS = events.StoryRecorded.TOPIC, events.WorkshopCreated.TOPIC


class Catalogue:
    """The ids of every story and workshop, oldest first. Thread-safe."""

    def __init__(self) -> None:
        self._ids: dict[str, list[UUID]] = {STORIES: [], WORKSHOPS: []}
        self._after = 0  # the position of the last such event read
        self._lock = threading.Lock()

    def ids(self, pilots: Pilots, topic: str) -> list[UUID]:
        with self._lock:
            # Up to the head of the log as it is now, so the next call reads only what came
            # after it, however long ago the last story or workshop was made (ids are given in
            # commit order, so none below the head can appear later).
            head = pilots.recorder.max_notification_id() or 0
            while self._after < head:
                page = pilots.recorder.select_notifications(
                    self._after, PAGE, stop=head, topics=(STORIES, WORKSHOPS),
                    inclusive_of_start=False,
                )  # fmt: skip
                for notification in page:
                    self._ids[notification.topic].append(UUID(str(notification.originator_id)))
                self._after = page[-1].id if len(page) == PAGE else head
            return list(self._ids[topic])


_CATALOGUES: WeakKeyDictionary[Pilots, Catalogue] = WeakKeyDictionary()
_MADE = threading.Lock()


def _of(pilots: Pilots) -> Catalogue:
    with _MADE:
        return _CATALOGUES.setdefault(pilots, Catalogue())


def stories_for(pilots: Pilots, account: UUID, role: AccountRole | str | None) -> list[Story]:
    """The stories this account may read and link, newest first: withdrawn ones are left out,
    since nothing new may draw on them."""
    found = (pilots.story(story_id) for story_id in reversed(_of(pilots).ids(pilots, STORIES)))
    return [s for s in found if s.withdrawn_on is None and may_read_story(s, account, role)]


def workshops(pilots: Pilots) -> list[Workshop]:
    """Every workshop, the most recently held first."""
    found = [pilots.workshop(workshop_id) for workshop_id in _of(pilots).ids(pilots, WORKSHOPS)]
    return sorted(found, key=lambda w: w.held_on, reverse=True)
