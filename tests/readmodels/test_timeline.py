"""The timeline read model tells the same story as folding the pilot's own events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import clock
from domain.pilot.commands import AssignRole, Pause, RegisterPilot, Resume
from domain.pilot.visibility import Reader, events_seen_by
from domain.service import Pilots
from projections.access.model import AccessModel
from projections.engine.base import Sql
from projections.timeline import from_events
from projections.timeline.model import TimelineModel
from projections.timeline.queries import TimelineEntry, recent, timeline
from tests.readmodels.conftest import project, sqlite_sql
from tests.readmodels.story import LEAD, MEMBER, OUTSIDER, events, tell

EVERYONE = Reader.community()
READERS = [
    Reader.person(LEAD), Reader.person(MEMBER), Reader.person(OUTSIDER), EVERYONE, Reader.team(),
]  # fmt: skip


def braced(user: UUID) -> str:
    """A name with format fields in it, which must come out as written."""
    return f"{{{user.hex[:4]}}} {{0}}"


def expected_timeline(pilots: Pilots, pilot_id: UUID, reader: Reader) -> list[TimelineEntry]:
    """The pilot's timeline folded from all its events, less the entries of events the domain
    does not let `reader` read."""
    history, latest = pilots.history(pilot_id), pilots.pilot(pilot_id)
    seen = {e.originator_version for e in events_seen_by(history, reader, latest)}
    return [entry for entry in from_events.timeline(history, braced) if entry.version in seen]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_timeline_equals_a_fold_of_each_pilots_events(data: st.DataObject) -> None:
    """For every kind of reader: the entries of the events the domain lets them read."""
    pilots, ids = tell(data.draw, data.draw(st.integers(0, 40)))
    sql = sqlite_sql()
    cuts = data.draw(st.sets(st.integers(1, 200), max_size=6))
    project(sql, pilots, cuts, only=(AccessModel, TimelineModel))
    readable: dict[Reader, set[tuple[UUID, int]]] = {reader: set() for reader in READERS}
    for pilot_id in ids:
        history, latest = pilots.history(pilot_id), pilots.pilot(pilot_id)
        folded = from_events.timeline(history, braced)
        for reader in READERS:
            seen = {e.originator_version for e in events_seen_by(history, reader, latest)}
            readable[reader] |= {(pilot_id, version) for version in seen}
            expected = [entry for entry in folded if entry.version in seen]
            assert timeline(sql, pilot_id, braced, reader=reader) == expected
    limit = data.draw(st.integers(1, 30))
    newest = sorted(events(pilots), key=lambda n: (n.event.timestamp, n.position), reverse=True)
    for reader in READERS:
        mine = [n for n in newest if (n.event.originator_id, n.event.originator_version)
                in readable[reader]][:limit]  # fmt: skip
        assert [(p, e.version) for p, e in recent(sql, braced, reader=reader, limit=limit)] == [
            (n.event.originator_id, n.event.originator_version) for n in mine
        ]


def test_names_are_read_when_the_timeline_is_read(pilots: Pilots) -> None:
    pilot_id = pilots.execute(
        RegisterPilot(title="Walks", question="How?", idea="Walk"), LEAD
    ).pilot.id
    pilots.execute(AssignRole(pilot_id, user=MEMBER, role="member"), LEAD)
    sql = sqlite_sql()
    project(sql, pilots)
    names = {LEAD: "Lee", MEMBER: "Mo"}
    first = [e.summary for e in timeline(sql, pilot_id, names.__getitem__, reader=EVERYONE)]
    names[MEMBER] = "Morgan"
    second = [e.summary for e in timeline(sql, pilot_id, names.__getitem__, reader=EVERYONE)]
    assert first[1] == "Lee made Mo a member of the pilot"
    assert second[1] == "Lee made Morgan a member of the pilot"


def test_an_unknown_pilot_has_no_timeline(pilots: Pilots) -> None:
    sql: Sql = sqlite_sql()
    project(sql, pilots)
    assert timeline(sql, UUID(int=1), str, reader=EVERYONE) == []
    assert recent(sql, str, reader=EVERYONE) == []


STORES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("store", STORES)
def test_recent_entries_are_newest_by_when_they_were_recorded(
    pilots: Pilots, store: str, request: pytest.FixtureRequest
) -> None:
    """Demo data records pilots one after another with earlier dates: the latest date leads."""
    at = [datetime(2026, 4, 1, 9, 0, tzinfo=UTC)]
    with clock.clock_set_to(lambda: at[0]):
        later = pilots.execute(RegisterPilot(title="Later", question="How?", idea="A"), LEAD)
        at[0] = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
        earlier = pilots.execute(RegisterPilot(title="Earlier", question="How?", idea="B"), LEAD)
        pilots.execute(Pause(earlier.pilot.id, reason="Snow"), LEAD)
        at[0] += timedelta(microseconds=1)  # ISO text without, then with, microseconds
        pilots.execute(Resume(earlier.pilot.id), LEAD)
    sql = sqlite_sql() if store == "sqlite" else request.getfixturevalue("postgres_sql")
    project(sql, pilots)
    found = [(pilot_id, entry.kind) for pilot_id, entry in recent(sql, str, reader=EVERYONE)]
    assert found == [
        (later.pilot.id, "Registered"),
        (earlier.pilot.id, "Resumed"),
        (earlier.pilot.id, "Paused"),  # at the time of its registration, recorded after it
        (earlier.pilot.id, "Registered"),
    ]
