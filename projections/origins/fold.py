"""A batch of events turned into the origins model's rows (`model` has the tables).

Nothing is overwritten but a withdrawn story's words, so the origins can be read as they stood at
any moment: each version of a story, principle, framing question or idea is a row, keyed by the
log position of its event, with its links beside it; a superseded idea's lineage, and a pilot's
title and status each time they change, and each decision, are rows of their own. A pilot's rows
are kept only when it names an idea or a framing question, from its registration on.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from eventsourcing.dispatch import singledispatchmethod

from domain.origins import events as origins
from domain.pilot import events as pilots
from projections.engine.base import Notice

Rows = list[tuple[object, ...]]


def stamp(at: datetime) -> str:
    """An instant as UTC ISO text of one width, which sorts as time byte by byte."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def text_or_none(value: UUID | None) -> str | None:
    return None if value is None else str(value)


class OriginsFold:
    """The rows one batch adds, and the stories it withdraws. `tied` holds the pilots kept here
    (those kept before the batch that an event of the batch is about, and those it registers)."""

    def __init__(self, tied: set[str]) -> None:
        self.tied = tied
        self.stories: Rows = []
        self.texts: Rows = []
        self.withdrawn: list[tuple[str, str, str]] = []  # (story, on, at)
        self.workshops: Rows = []
        self.statements: Rows = []
        self.links: Rows = []
        self.lineage: Rows = []
        self.pilots: Rows = []
        self.states: Rows = []
        self.decisions: Rows = []

    @singledispatchmethod
    def event(self, event: Any, notice: Notice) -> None:
        """Every other event changes no origin."""

    # -- stories ----------------------------------------------------------------------------------

    @event.register
    def _(self, event: origins.StoryRecorded, notice: Notice) -> None:
        self.stories.append((
            notice.pilot, str(event.consent), str(event.actor), text_or_none(event.told_by),
            event.told_by_name, notice.position, stamp(event.timestamp),
        ))  # fmt: skip
        self._telling(event, notice)

    @event.register
    def _(self, event: origins.StoryRevised, notice: Notice) -> None:
        self._telling(event, notice)

    def _telling(self, event: origins.StoryRecorded | origins.StoryRevised, notice: Notice) -> None:
        themes = msgspec.json.encode(list(event.themes)).decode()
        self.texts.append(
            (notice.pilot, notice.position, stamp(event.timestamp), event.title, event.text, themes)
        )

    @event.register
    def _(self, event: origins.StoryWithdrawn, notice: Notice) -> None:
        at = stamp(event.timestamp)
        self.withdrawn.append((notice.pilot, event.timestamp.date().isoformat(), at))
        # Rows of this batch lose their words before they are written: the UPDATE after the
        # inserts would null them too, but would leave the words in an old row version
        # (PostgreSQL keeps one until it vacuums).
        self.stories = [(*row[:4], None, *row[5:]) if row[0] == notice.pilot else row
                        for row in self.stories]  # fmt: skip
        self.texts = [(*row[:3], None, None, *row[5:]) if row[0] == notice.pilot else row
                      for row in self.texts]  # fmt: skip

    # -- workshops --------------------------------------------------------------------------------

    @event.register
    def _(self, event: origins.WorkshopCreated, notice: Notice) -> None:
        self.workshops.append((notice.pilot, event.title, event.held_on.isoformat(),
                               notice.position, stamp(event.timestamp)))  # fmt: skip

    @event.register
    def _(self, event: origins.PrincipleRecorded, notice: Notice) -> None:
        self._version(notice, "principle", event.principle_id, event.text, event.stories)

    @event.register
    def _(self, event: origins.PrincipleRevised, notice: Notice) -> None:
        self._version(notice, "principle", event.principle_id, event.text, event.stories, 1)

    @event.register
    def _(self, event: origins.FramingRecorded, notice: Notice) -> None:
        self._version(notice, "framing", event.framing_id, event.text, event.principles)

    @event.register
    def _(self, event: origins.FramingRevised, notice: Notice) -> None:
        self._version(notice, "framing", event.framing_id, event.text, event.principles, 1)

    @event.register
    def _(self, event: origins.IdeaRecorded, notice: Notice) -> None:
        self._version(notice, "idea", event.idea_id, event.text, event.principles, 0,
                      event.framing, event.from_pilot)  # fmt: skip

    @event.register
    def _(self, event: origins.WorkshopIdeaRevised, notice: Notice) -> None:
        self._version(notice, "idea", event.idea_id, event.text, event.principles, 1,
                      event.framing)  # fmt: skip

    @event.register
    def _(self, event: origins.IdeasMerged, notice: Notice) -> None:
        self._version(notice, "idea", event.idea_id, event.text, event.principles, 0,
                      event.framing)  # fmt: skip
        self._lineage(notice, event.merged, "merged", (event.idea_id,))

    @event.register
    def _(self, event: origins.IdeaSplit, notice: Notice) -> None:
        for part in event.parts:
            self._version(notice, "idea", part.idea_id, part.text, part.principles, 0,
                          part.framing)  # fmt: skip
        self._lineage(notice, (event.idea_id,), "split", [p.idea_id for p in event.parts])

    def _version(
        self, notice: Notice, kind: str, key: UUID, text: str, links: Iterable[UUID],
        revision: int = 0, framing: UUID | None = None, from_pilot: UUID | None = None,
    ) -> None:  # fmt: skip
        """A principle, framing question or idea recorded (`revision` 0) or revised (1)."""
        at, statement = stamp(notice.event.timestamp), str(key)
        self.statements.append((
            statement, notice.position, at, kind, notice.pilot, text, text_or_none(framing),
            text_or_none(from_pilot), revision,
        ))  # fmt: skip
        self.links += [(statement, notice.position, i, at, str(linked))
                       for i, linked in enumerate(links)]  # fmt: skip

    def _lineage(
        self, notice: Notice, ideas: Iterable[UUID], how: str, became: Iterable[UUID]
    ) -> None:
        at = stamp(notice.event.timestamp)
        for idea in ideas:
            self.lineage += [(str(idea), i, str(new), how, notice.position, at)
                             for i, new in enumerate(became)]  # fmt: skip

    # -- pilots -----------------------------------------------------------------------------------

    @event.register
    def _(self, event: pilots.Registered, notice: Notice) -> None:
        if event.tests_idea is None and event.framing is None:
            return
        at = stamp(event.timestamp)
        self.pilots.append((notice.pilot, text_or_none(event.tests_idea),
                            text_or_none(event.framing), notice.position, at))  # fmt: skip
        self.tied.add(notice.pilot)
        self.states.append((notice.pilot, notice.position, at, event.title, "active"))

    @event.register
    def _(self, event: pilots.EntryCorrected, notice: Notice) -> None:
        if event.entry == "title" and event.text is not None:
            self._state(notice, title=event.text)

    @event.register
    def _(self, event: pilots.Paused, notice: Notice) -> None:
        self._state(notice, status="paused")

    @event.register
    def _(self, event: pilots.Resumed, notice: Notice) -> None:
        self._state(notice, status="active")

    @event.register
    def _(self, event: pilots.Concluded, notice: Notice) -> None:
        self._state(notice, status="concluded")

    @event.register
    def _(self, event: pilots.CycleDecided, notice: Notice) -> None:
        if notice.pilot in self.tied:
            self.decisions.append((notice.pilot, event.number, str(event.decision),
                                   notice.position, stamp(event.timestamp)))  # fmt: skip

    def _state(self, notice: Notice, title: str | None = None, status: str | None = None) -> None:
        """A change of the pilot's title or status: the other stays None, so each is read as
        its latest row by the moment asked for, even were the clock to step back."""
        if notice.pilot in self.tied:
            at = stamp(notice.event.timestamp)
            self.states.append((notice.pilot, notice.position, at, title, status))
