"""Old registrations still read: `pilots:Registered` version 1, stored before a pilot could
name the workshop idea it tests and the framing question it serves, comes back as version 2
naming neither; and a pilot snapshot taken before then loads with neither, and takes a new
registration's links as before."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import UUID, uuid4

import pytest
from eventsourcing.persistence import StoredEvent

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.pilot import Pilot, events
from domain.pilot.commands import ReviseIdea
from domain.service import Pilots
from tests.origins_builders import idea, workshop
from tests.unit.builders import new_pilot
from tests.unit.test_upcasting import stored_states

OLD_PILOT = UUID("00000000-0000-4000-8000-000000000401")


@pytest.fixture
def sqlite_pilots(sqlite_url: str) -> Iterator[Pilots]:
    app = open_pilots(parse_database_url(sqlite_url))
    yield app
    app.close()


def record_version_1_registration(app: Pilots, lead: UUID) -> None:
    """A Registered as version 1 stored it: no tests_idea, no framing, and no class_version."""
    state = {
        "timestamp": datetime(2025, 2, 1, 9, 0, tzinfo=UTC),
        "originator_topic": "pilots:Pilot",
        "actor": lead,
        "submission": "registered-in-2025",
        "title": "Story circles",
        "question": "How might we connect?",
        "idea": "Circles",
        "origin": "The spring workshop",
        "themes": ("connection",),
    }
    old = StoredEvent(
        originator_id=OLD_PILOT,
        originator_version=1,
        topic="pilots:Registered",
        state=app.mapper.transcoder.encode(state),
    )
    app.recorder.insert_events([old])


def test_registrations_are_at_class_version_2() -> None:
    assert events.Registered.class_version == 2


def test_a_version_1_registration_reads_back_naming_no_idea_and_no_framing(
    sqlite_pilots: Pilots,
) -> None:
    lead = uuid4()
    record_version_1_registration(sqlite_pilots, lead)
    (old,) = stored_states(sqlite_pilots, OLD_PILOT)
    assert "class_version" not in old
    assert "tests_idea" not in old

    (registered,) = sqlite_pilots.history(OLD_PILOT)
    assert isinstance(registered, events.Registered)
    assert (registered.tests_idea, registered.framing) == (None, None)
    pilot = sqlite_pilots.pilot(OLD_PILOT)
    assert (pilot.title, pilot.origin, pilot.themes) == (
        "Story circles",
        "The spring workshop",
        ("connection",),
    )
    assert (pilot.tests_idea, pilot.framing, pilot.team) == (None, None, {lead: "lead"})
    sqlite_pilots.execute(ReviseIdea(OLD_PILOT, idea="Walks", rationale="Rooms"), lead)
    assert sqlite_pilots.pilot(OLD_PILOT).idea == "Walks"


def test_a_new_registration_is_stored_as_version_2_with_its_links(sqlite_pilots: Pilots) -> None:
    lead = uuid4()
    idea_id = idea(sqlite_pilots, workshop(sqlite_pilots, lead), lead)
    pilot_id, _ = new_pilot(sqlite_pilots, tests_idea=idea_id)
    (stored,) = stored_states(sqlite_pilots, pilot_id)
    assert (stored["class_version"], stored["tests_idea"], stored["framing"]) == (2, idea_id, None)


def test_a_snapshot_from_before_the_links_loads_naming_neither(sqlite_pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(sqlite_pilots)
    assert sqlite_pilots.snapshots is not None
    snapshot = Pilot.Snapshot.take(sqlite_pilots.pilot(pilot_id))
    stored = sqlite_pilots.mapper.to_stored_event(snapshot)
    state = sqlite_pilots.mapper.transcoder.decode(stored.state)
    del state["state"]["tests_idea"], state["state"]["framing"]
    old = dataclasses.replace(stored, state=sqlite_pilots.mapper.transcoder.encode(state))
    sqlite_pilots.snapshots.recorder.insert_events([old])
    sqlite_pilots.kept.clear()  # as a process started now finds it: it loads the old snapshot

    pilot = sqlite_pilots.pilot(pilot_id)
    assert "tests_idea" not in vars(pilot)  # so the pilot was loaded from the old snapshot
    assert (pilot.tests_idea, pilot.framing, pilot.title) == (None, None, "Story circles")
    sqlite_pilots.execute(ReviseIdea(pilot_id, idea="Walks", rationale="Rooms"), lead)
    assert sqlite_pilots.pilot(pilot_id).idea == "Walks"
