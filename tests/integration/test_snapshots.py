"""Snapshots keep a long-lived pilot fast to load, and never change what it loads as."""

from __future__ import annotations

import time
import uuid
from functools import reduce

from domain.pilot import Pilot
from domain.pilot.commands import RecordReflection, RegisterPilot
from domain.service import Pilots


def test_a_pilot_is_snapshotted_every_100_events_and_loads_as_a_full_replay(
    stored_pilots: Pilots,
) -> None:
    lead = uuid.uuid4()
    pilot_id = stored_pilots.execute(
        RegisterPilot(title="Story circles", question="How might we?", idea="Monthly circles"), lead
    ).pilot.id
    for i in range(249):
        stored_pilots.execute(
            RecordReflection(pilot_id, kind="observation", text=f"note {i}"), lead
        )

    snapshots = list(stored_pilots.snapshots.get(pilot_id)) if stored_pilots.snapshots else []
    assert [s.originator_version for s in snapshots] == [100, 200]

    loaded = stored_pilots.pilot(pilot_id)
    replayed: Pilot = reduce(lambda p, e: e.mutate(p), stored_pilots.history(pilot_id), None)
    assert loaded.version == replayed.version == 250
    assert loaded.reflections == replayed.reflections
    assert vars(loaded) == vars(replayed)


def test_loading_from_a_snapshot_reads_only_the_events_after_it(stored_pilots: Pilots) -> None:
    """Not a timing assertion: counts the events the repository decodes after the snapshot."""
    lead = uuid.uuid4()
    pilot_id = stored_pilots.execute(
        RegisterPilot(title="Story circles", question="How might we?", idea="Monthly circles"), lead
    ).pilot.id
    for i in range(104):
        stored_pilots.execute(
            RecordReflection(pilot_id, kind="observation", text=f"note {i}"), lead
        )
    decoded = 0
    original = stored_pilots.mapper.to_domain_event

    def counting(stored: object) -> object:
        nonlocal decoded
        decoded += 1
        return original(stored)  # type: ignore[arg-type]

    stored_pilots.mapper.to_domain_event = counting  # type: ignore[method-assign]
    stored_pilots.kept.clear()  # as a process that has not read it yet
    started = time.perf_counter()
    pilot = stored_pilots.pilot(pilot_id)
    elapsed = time.perf_counter() - started
    print(f"loaded version {pilot.version} from a snapshot in {elapsed * 1000:.1f} ms")
    assert pilot.version == 105
    assert decoded == 1 + 5  # the snapshot at 100, then events 101 to 105
