"""The timeline read model tells the same story as folding the pilot's own events."""

from __future__ import annotations

from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.service import Pilots
from projections import history
from projections.base import Sql
from projections.timeline import recent, timeline
from tests.readmodels.conftest import project, sqlite_sql
from tests.readmodels.story import LEAD, MEMBER, events, tell


def braced(user: UUID) -> str:
    """A name with format fields in it, which must come out as written."""
    return f"{{{user.hex[:4]}}} {{0}}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_timeline_equals_a_fold_of_each_pilots_events(data: st.DataObject) -> None:
    pilots, ids = tell(data.draw, data.draw(st.integers(0, 40)))
    sql = sqlite_sql()
    cuts = data.draw(st.sets(st.integers(1, 200), max_size=6))
    project(sql, pilots, cuts)
    for pilot_id in ids:
        expected = history.timeline(pilots.history(pilot_id), braced)
        assert timeline(sql, pilot_id, braced) == expected
    limit = data.draw(st.integers(1, 30))
    newest = list(reversed(events(pilots)))[:limit]
    assert [(p, e.version) for p, e in recent(sql, braced, limit)] == [
        (n.event.originator_id, n.event.originator_version) for n in newest
    ]


def test_names_are_read_when_the_timeline_is_read(pilots: Pilots) -> None:
    pilot_id = pilots.register_pilot(
        lead=LEAD, title="Walks", question="How?", idea="Walk"
    ).pilot.id
    pilots.assign_role(pilot_id, LEAD, user=MEMBER, role="member")
    sql = sqlite_sql()
    project(sql, pilots)
    names = {LEAD: "Lee", MEMBER: "Mo"}
    first = [e.summary for e in timeline(sql, pilot_id, names.__getitem__)]
    names[MEMBER] = "Morgan"
    second = [e.summary for e in timeline(sql, pilot_id, names.__getitem__)]
    assert first[1] == "Lee made Mo a member of the pilot"
    assert second[1] == "Lee made Morgan a member of the pilot"


def test_an_unknown_pilot_has_no_timeline(pilots: Pilots) -> None:
    sql: Sql = sqlite_sql()
    project(sql, pilots)
    assert timeline(sql, UUID(int=1), str) == []
    assert recent(sql, str) == []
