"""The origins folded straight from the log, as they stood at a moment: the plain statement of
what the origins read model gives, which the tests compare it against.

It reads every event of the log, so nothing on a request path uses it: the map and the trails
read the read model (`projections.origins.queries`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.utils import get_topic

from domain.origins import events as origins
from domain.pilot import events as pilots
from domain.service import Pilots
from projections.origins.state import (
    Became,
    Origins,
    PilotAt,
    StatementAt,
    StoryAt,
    WorkshopAt,
)

PAGE = 1_000


def origins_from_log(app: Pilots, at: datetime | None = None) -> Origins:
    """The origins at `at` (or now), from every event of `app`'s log."""
    return origins_from_events(_every_event(app), at)


def origins_from_events(
    stored: Iterable[Any], at: datetime | None = None, stamped: datetime | None = None
) -> Origins:
    """The origins at `at` from the log's events, oldest first: only what was recorded by then,
    but a story withdrawn at any time has lost its words. `stamped` is the origins' `at` when
    the caller chose the events (`origins_upto`)."""
    fold = _Fold(at)
    fold.seen.at = at if stamped is None else stamped
    take = fold.event  # bound once: see `projections.engine`
    for event in stored:
        take(event)
    for story_id, on in fold.withdrawn.items():
        if (story := fold.seen.stories.get(story_id)) is not None:
            fold.seen.stories[story_id] = replace(
                story, title=None, text=None, told_by_name=None, withdrawn_on=on
            )
    return fold.seen


def origins_upto(app: Pilots, position: int, at: datetime | None = None) -> Origins:
    """The origins as they stood at log position `position` (a report's stamp), as the read
    model's rows up to that position give them once it has applied the whole log: a story
    withdrawn at any time has lost its words, and says so. `at` is only carried."""
    return origins_from_events(_upto(app, position), None, at)


def _upto(app: Pilots, position: int) -> Iterable[Any]:
    after = 0
    while page := app.recorder.select_notifications(after + 1, PAGE):
        for notification in page:
            if notification.id <= position or notification.topic == _WITHDRAWN:
                yield app.mapper.to_domain_event(notification)
        after = page[-1].id


_WITHDRAWN = get_topic(origins.StoryWithdrawn)


def _every_event(app: Pilots) -> Iterable[Any]:
    after = 0
    while page := app.recorder.select_notifications(after + 1, PAGE):
        for notification in page:
            yield app.mapper.to_domain_event(notification)
        after = page[-1].id


class _Fold:
    def __init__(self, at: datetime | None) -> None:
        self.at = at
        self.seen = Origins(at)
        self.withdrawn: dict[UUID, date] = {}

    def by_then(self, event: Any) -> bool:
        return self.at is None or event.timestamp <= self.at

    @singledispatchmethod
    def event(self, event: Any) -> None:
        """Every other event changes no origin."""

    # -- stories ----------------------------------------------------------------------------------

    @event.register
    def _(self, event: origins.StoryRecorded) -> None:
        if self.by_then(event):
            self.seen.stories[event.originator_id] = StoryAt(
                event.originator_id, str(event.consent), event.actor, event.told_by,
                event.told_by_name, event.title, event.text, tuple(event.themes), None,
            )  # fmt: skip

    @event.register
    def _(self, event: origins.StoryRevised) -> None:
        self._revise(self.seen.stories, event.originator_id, event, title=event.title,
                     text=event.text, themes=tuple(event.themes))  # fmt: skip

    @event.register
    def _(self, event: origins.StoryWithdrawn) -> None:
        self.withdrawn[event.originator_id] = event.timestamp.date()  # at any moment

    # -- workshops --------------------------------------------------------------------------------

    @event.register
    def _(self, event: origins.WorkshopCreated) -> None:
        if self.by_then(event):
            self.seen.workshops[event.originator_id] = WorkshopAt(
                event.originator_id, event.title, event.held_on
            )

    @event.register
    def _(self, event: origins.PrincipleRecorded | origins.PrincipleRevised) -> None:
        self._statement(self.seen.principles, event, event.principle_id, event.stories)

    @event.register
    def _(self, event: origins.FramingRecorded | origins.FramingRevised) -> None:
        self._statement(self.seen.framings, event, event.framing_id, event.principles)

    @event.register
    def _(self, event: origins.IdeaRecorded) -> None:
        if self.by_then(event):
            self.seen.ideas[event.idea_id] = StatementAt(
                event.idea_id, event.originator_id, event.text, tuple(event.principles),
                event.framing, event.from_pilot,
            )  # fmt: skip

    @event.register
    def _(self, event: origins.WorkshopIdeaRevised) -> None:
        self._revise(self.seen.ideas, event.idea_id, event, text=event.text,
                     links=tuple(event.principles), framing=event.framing)  # fmt: skip

    @event.register
    def _(self, event: origins.IdeasMerged) -> None:
        if self.by_then(event):
            self.seen.ideas[event.idea_id] = StatementAt(
                event.idea_id, event.originator_id, event.text, tuple(event.principles),
                event.framing,
            )  # fmt: skip
            self._became(event.merged, Became("merged", (event.idea_id,)))

    @event.register
    def _(self, event: origins.IdeaSplit) -> None:
        if self.by_then(event):
            for part in event.parts:
                self.seen.ideas[part.idea_id] = StatementAt(
                    part.idea_id, event.originator_id, part.text, tuple(part.principles),
                    part.framing,
                )  # fmt: skip
            parts = tuple(part.idea_id for part in event.parts)
            self._became((event.idea_id,), Became("split", parts))

    def _statement(
        self, kept: dict[UUID, StatementAt], event: Any, key: UUID, links: Iterable[UUID]
    ) -> None:
        """A principle or a framing question recorded, or its new version."""
        if isinstance(event, origins.PrincipleRevised | origins.FramingRevised):
            self._revise(kept, key, event, text=event.text, links=tuple(links))
        elif self.by_then(event):
            kept[key] = StatementAt(key, event.originator_id, event.text, tuple(links))

    def _became(self, ideas: Iterable[UUID], became: Became) -> None:
        for idea in ideas:
            if idea in self.seen.ideas:
                self.seen.became[idea] = became

    # -- pilots -----------------------------------------------------------------------------------

    @event.register
    def _(self, event: pilots.Registered) -> None:
        tied = event.tests_idea is not None or event.framing is not None
        if tied and self.by_then(event):
            self.seen.pilots[event.originator_id] = PilotAt(
                event.originator_id, event.title, event.tests_idea, event.framing, "active", ()
            )

    @event.register
    def _(self, event: pilots.EntryCorrected) -> None:
        if event.entry == "title" and event.text is not None:
            self._pilot(event, title=event.text)

    @event.register
    def _(self, event: pilots.Paused) -> None:
        self._pilot(event, status="paused")

    @event.register
    def _(self, event: pilots.Resumed) -> None:
        self._pilot(event, status="active")

    @event.register
    def _(self, event: pilots.Concluded) -> None:
        self._pilot(event, status="concluded")

    @event.register
    def _(self, event: pilots.CycleDecided) -> None:
        pilot = self.seen.pilots.get(event.originator_id)
        if pilot is not None:
            self._pilot(event, decisions=(*pilot.decisions, str(event.decision)))

    def _pilot(self, event: Any, **changes: Any) -> None:
        self._revise(self.seen.pilots, event.originator_id, event, **changes)

    def _revise(self, kept: dict[UUID, Any], key: UUID, event: Any, **changes: Any) -> None:
        """The record kept under `key` with `changes`, if it was recorded and `event` is by the
        moment: a new version of what was not recorded by then is none."""
        found = kept.get(key)
        if found is not None and self.by_then(event):
            kept[key] = replace(found, **changes)
