"""The origins read model against the fold of the log: for random programmes told in random
batches, the origins read from the tables, and the co-creation map drawn from them for every kind
of reader and every framing question, equal those folded straight from the log, now and at any
moment (at each event's moment, just before the first, and between).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.origins import events as origins
from projections.engine.base import Sql
from projections.engine.dialects import PostgresSql
from projections.origins.driver import driver_map
from projections.origins.from_log import origins_from_events, origins_from_log
from projections.origins.model import OriginsModel
from projections.origins.queries import origins_at
from projections.origins.state import Reader
from tests.origins_builders import (
    ADMIN,
    LEAD,
    MEMBER,
    READER,
    TELLER,
    Programme,
    drawn,
    tell_programme,
)
from tests.readmodels.conftest import project, sqlite_sql
from tests.readmodels.story import events

# Each kind of reader of a story: the programme team, its teller or recorder (or not), a reader.
READERS = (Reader(ADMIN, "admin"), Reader(LEAD, "lead"), Reader(TELLER, "member"),
           Reader(MEMBER, "member"), Reader(READER, "reader"))  # fmt: skip
FIGURES = {"moments": 0, "maps": 0, "withdrawn": 0, "merged or split": 0, "pilots": 0}


def same_as_the_fold(sql: Sql, programme: Programme, draw: st.DrawFn) -> None:
    log = [notice.event for notice in events(programme.app)]
    stamps = sorted({event.timestamp for event in log})
    moments: list[datetime | None] = [None]
    if stamps:
        moments.append(stamps[0] - timedelta(microseconds=1))
        moments += draw(st.lists(st.sampled_from(stamps), max_size=5), label="stamps")
        moments += [s + timedelta(minutes=draw(st.integers(1, 60 * 48), label="after"))
                    for s in draw(st.lists(st.sampled_from(stamps), max_size=2))]  # fmt: skip
    for at in moments:
        folded, kept = origins_from_events(log, at), origins_at(sql, at)
        assert kept.ordered() == folded.ordered()
        FIGURES["moments"] += 1
        for reader in READERS:
            for framing in [None, *folded.framings]:
                assert driver_map(kept, reader, framing) == driver_map(folded, reader, framing)
                FIGURES["maps"] += 1
    FIGURES["withdrawn"] += sum(isinstance(e, origins.StoryWithdrawn) for e in log)
    FIGURES["merged or split"] += sum(isinstance(e, origins.IdeasMerged | origins.IdeaSplit)
                                      for e in log)  # fmt: skip
    FIGURES["pilots"] += len(origins_from_events(log).pilots)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_the_map_from_the_read_model_is_the_fold_of_the_log_at_any_moment(
    data: st.DataObject,
) -> None:
    programme = tell_programme(drawn(data.draw), data.draw(st.integers(10, 80), label="steps"))
    sql = sqlite_sql()
    cuts = data.draw(st.sets(st.integers(1, 200), max_size=6), label="cuts")
    project(sql, programme.app, cuts, only=(OriginsModel,))
    same_as_the_fold(sql, programme, data.draw)
    programme.app.close()


@pytest.mark.postgres
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.data())
def test_the_map_from_the_read_model_is_the_fold_of_the_log_on_postgresql(
    postgres_sql: PostgresSql, data: st.DataObject
) -> None:
    programme = tell_programme(drawn(data.draw), data.draw(st.integers(10, 80), label="steps"))
    cuts = data.draw(st.sets(st.integers(1, 200), max_size=6), label="cuts")
    project(postgres_sql, programme.app, cuts, only=(OriginsModel,))
    same_as_the_fold(postgres_sql, programme, data.draw)
    programme.app.close()
    print("origins map on PostgreSQL, compared so far:", FIGURES)


def test_the_random_programmes_reach_what_the_map_must_show() -> None:
    """The property above is only as good as its programmes: these reach withdrawals, merges
    and splits, pilots and their decisions, and team stories some readers may not read."""
    seen = {"withdrawn": 0, "merged": 0, "split": 0, "decided": 0, "hidden": 0, "from_pilot": 0}

    @settings(max_examples=40, deadline=None, derandomize=True, database=None,
              suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
    @given(st.data())
    def tally(data: st.DataObject) -> None:
        programme = tell_programme(drawn(data.draw), 80)
        found = origins_from_log(programme.app)
        seen["withdrawn"] += sum(s.withdrawn_on is not None for s in found.stories.values())
        seen["merged"] += sum(b.how == "merged" for b in found.became.values())
        seen["split"] += sum(b.how == "split" for b in found.became.values())
        seen["decided"] += sum(bool(p.decisions) for p in found.pilots.values())
        seen["from_pilot"] += sum(i.from_pilot is not None for i in found.ideas.values())
        everyone = {n.id for n in driver_map(found, READERS[0]).of("story")}
        seen["hidden"] += len(everyone - {n.id for n in driver_map(found, READERS[4]).of("story")})
        programme.app.close()

    tally()
    print("origins programmes reached:", seen)
    assert all(count > 0 for count in seen.values()), seen
