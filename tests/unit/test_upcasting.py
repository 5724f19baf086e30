"""Old events still read: `events.IdeaRevised` version 1, stored before revisions said what
prompted them, comes back as version 2 with an empty `prompted_by`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import StoredEvent

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.pilot import events
from domain.pilot.commands import ReviseIdea
from domain.service import Pilots
from tests.unit.builders import new_pilot


@pytest.fixture
def sqlite_pilots(sqlite_url: str) -> Iterator[Pilots]:
    app = open_pilots(parse_database_url(sqlite_url))
    yield app
    app.close()


def stored_states(app: Pilots, pilot_id: UUID) -> list[dict[str, Any]]:
    stored = app.recorder.select_events(pilot_id)
    return [app.mapper.transcoder.decode(s.state) for s in stored]


def record_version_1_revision(app: Pilots, pilot_id: UUID, lead: UUID) -> None:
    """Writes an IdeaRevised as version 1 of the class stored it: no prompted_by, and no
    class_version, which the library only stores from version 2 on."""
    state = {
        "timestamp": datetime(2025, 3, 1, 9, 30, tzinfo=UTC),
        "actor": lead,
        "submission": "revised-in-2025",
        "idea": "Story walks",
        "rationale": "Rooms are scarce",
    }
    old = StoredEvent(
        originator_id=pilot_id,
        originator_version=app.pilot(pilot_id).version + 1,
        topic="pilots:IdeaRevised",
        state=app.mapper.transcoder.encode(state),
    )
    app.recorder.insert_events([old])


def test_idea_revised_is_at_class_version_2() -> None:
    assert events.IdeaRevised.class_version == 2


def test_a_version_1_idea_revision_reads_back_with_an_empty_prompted_by(
    sqlite_pilots: Pilots,
) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots, idea="Story circles")
    record_version_1_revision(sqlite_pilots, pilot_id, lead)
    assert "class_version" not in stored_states(sqlite_pilots, pilot_id)[-1]

    pilot = sqlite_pilots.pilot(pilot_id)
    assert (pilot.idea, pilot.version) == ("Story walks", 2)
    revision = sqlite_pilots.history(pilot_id)[-1]
    assert isinstance(revision, events.IdeaRevised)
    assert revision.prompted_by == ""
    assert (revision.idea, revision.rationale, revision.actor) == (
        "Story walks",
        "Rooms are scarce",
        lead,
    )
    assert "revised-in-2025" in pilot.submissions


def test_a_pilot_with_an_old_revision_takes_new_ones(sqlite_pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots, idea="Story circles")
    record_version_1_revision(sqlite_pilots, pilot_id, lead)
    receipt = sqlite_pilots.execute(
        ReviseIdea(
            pilot_id, idea="Walks and talks", rationale="People chat", prompted_by="cycle 1"
        ),
        lead,
    )
    assert receipt.pilot.version == 3
    ideas = [(e.idea, e.prompted_by) for e in sqlite_pilots.history(pilot_id)[1:]]  # type: ignore[attr-defined]
    assert ideas == [("Story walks", ""), ("Walks and talks", "cycle 1")]


def test_a_new_idea_revision_is_stored_as_class_version_2(sqlite_pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots, idea="Story circles")
    sqlite_pilots.execute(
        ReviseIdea(
            pilot_id, idea="Story walks", rationale="Rooms are scarce", prompted_by="cycle 1"
        ),
        lead,
    )
    registered, revised = stored_states(sqlite_pilots, pilot_id)
    assert "class_version" not in registered
    assert revised["class_version"] == 2
    assert revised["prompted_by"] == "cycle 1"
