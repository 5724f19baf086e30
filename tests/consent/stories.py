"""A story told in words its teller later withdraws, and the places its words are looked for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

import msgspec

from adapters.bootstrap import bootstrap
from adapters.idempotency import StoredResponse
from adapters.settings import Settings
from domain.origins.commands import (
    CreateWorkshop,
    RecordPrinciple,
    RecordStory,
    ReviseStory,
    WithdrawStory,
)
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.registry import read_models

# Unusual enough to be found only where these tests put them.
TOLD = "Narwhalesque words a teller regrets"
RETOLD = "Narwhalesque words, told again"
TELLER = "Narwhalesque Smith"  # a teller without an account: the name goes too
THEME = "okapi-care"  # never withdrawable: found everywhere, proving each search can see
SECRET = "Narwhalesque"
KEPT_STORY = "Pangolin story, never withdrawn"


@dataclass(frozen=True)
class Told:
    story_id: UUID
    kept_id: UUID
    recorder: UUID
    key: bytes  # the story's key, as it was stored before the withdrawal


def story_withdrawn(settings: Settings, *, with_read_models: bool) -> Told:
    """A story recorded for a teller without an account, revised, drawn on by a workshop's
    principle, quoted in a kept answer, snapshotted and withdrawn by whoever recorded it; a
    story never withdrawn beside it. The read models kept current throughout when asked."""
    services = bootstrap(settings)
    projector = Projector(services.pilots, open_views(settings), read_models())
    try:
        pilots, recorder, lead = services.pilots, uuid4(), uuid4()
        told = RecordStory(text=TOLD, consent="team", title=TOLD, told_by_name=TELLER,
                           themes=[THEME])  # fmt: skip
        story = pilots.execute(told, recorder, role="member").story
        kept = pilots.execute(RecordStory(text=KEPT_STORY, consent="community"), recorder,
                              role="member").story  # fmt: skip
        retold = ReviseStory(story.id, text=RETOLD, title=RETOLD, themes=[THEME], rationale="Again")
        story = pilots.execute(retold, recorder, role="member").story
        held = CreateWorkshop(title="Okapi workshop", held_on=date(2026, 3, 1))
        workshop_id = pilots.execute(held, lead, role="lead").workshop.id
        pilots.execute(RecordPrinciple(workshop_id, text="Listen", stories=[story.id, kept.id]),
                       lead, role="lead")  # fmt: skip
        pilots.take_snapshot(story.id)
        body = msgspec.json.encode({"id": story.id, "text": story.text, "title": story.title})
        answer = StoredResponse("digest", 201, {"ETag": f'"{story.version}"'}, body)
        services.responses.keep(recorder, "k", answer, pilot=(story.id, story.version))
        assert SECRET.encode() in body
        (key,) = services.accounts.database.fetch(
            "SELECT key FROM entry_keys WHERE entry = ?", (str(story.id),)
        )[0]
        if with_read_models:
            projector.catch_up()
        pilots.execute(WithdrawStory(story.id, reason="I would rather not"), recorder,
                       role="member")  # fmt: skip
        if with_read_models:
            projector.catch_up()
        assert services.responses.find(recorder, "k") is None
        return Told(story.id, kept.id, recorder, bytes(key))
    finally:
        projector.views.close()
        services.close()
