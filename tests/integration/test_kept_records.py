"""Records kept from the last read (`domain/kept.py`): a reader never sees less than the log
holds, whichever process wrote it; a command never changes what other readers hold; and what is
kept stays within its bound of events."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from adapters.settings import Settings
from adapters.store import open_pilots
from domain.kept import Kept
from domain.pilot import By
from domain.pilot.commands import RecordReflection, RegisterPilot, WithdrawReflection
from domain.service import Pilots

LEAD = uuid.uuid4()


@pytest.fixture
def other(store_settings: Settings, stored_pilots: Pilots) -> Iterator[Pilots]:
    """A second application on the same store, as a second web worker is."""
    app = open_pilots(store_settings)
    yield app
    app.close()


def _pilot(app: Pilots) -> UUID:
    registered = RegisterPilot(title="Story circles", question="How might we?", idea="Circles")
    return app.execute(registered, LEAD).pilot.id


def _reflect(app: Pilots, pilot_id: UUID, text: str) -> UUID:
    receipt = app.execute(RecordReflection(pilot_id, kind="observation", text=text), LEAD)
    return receipt.events[-1].reflection_id  # type: ignore[attr-defined, no-any-return]


def test_a_second_read_takes_the_record_kept_from_the_first(stored_pilots: Pilots) -> None:
    pilot_id = _pilot(stored_pilots)
    first = stored_pilots.pilot(pilot_id)
    assert stored_pilots.pilot(pilot_id) is first
    assert stored_pilots.pilot(pilot_id, version=1) is not first  # an earlier version: loaded


def test_a_write_by_another_process_is_read_at_once(stored_pilots: Pilots, other: Pilots) -> None:
    pilot_id = _pilot(stored_pilots)
    before = stored_pilots.pilot(pilot_id)
    _reflect(other, pilot_id, "Written by the other worker")

    after = stored_pilots.pilot(pilot_id)
    assert after.version == before.version + 1
    assert [r.text for r in after.reflections.values()] == ["Written by the other worker"]
    assert stored_pilots.pilot(pilot_id) is after  # and kept in its turn


def test_a_withdrawal_elsewhere_takes_the_words_from_the_next_read(
    stored_pilots: Pilots, other: Pilots
) -> None:
    pilot_id = _pilot(stored_pilots)
    reflection_id = _reflect(stored_pilots, pilot_id, "Something I regret")
    assert stored_pilots.pilot(pilot_id).reflections[reflection_id].text == "Something I regret"

    withdraw = WithdrawReflection(pilot_id, reflection_id=reflection_id, reason="Changed my mind")
    other.execute(withdraw, LEAD)

    withdrawn = stored_pilots.pilot(pilot_id).reflections[reflection_id]
    assert withdrawn.text is None
    assert withdrawn.withdrawn_on is not None


def test_a_command_leaves_what_readers_hold_as_it_was(stored_pilots: Pilots) -> None:
    pilot_id = _pilot(stored_pilots)
    held = stored_pilots.pilot(pilot_id)
    _reflect(stored_pilots, pilot_id, "A new reflection")

    assert held.version == 1
    assert held.reflections == {}
    assert stored_pilots.pilot(pilot_id).version == 2


def test_a_refused_command_leaves_what_readers_hold_as_it_was(stored_pilots: Pilots) -> None:
    pilot_id = _pilot(stored_pilots)
    held = stored_pilots.pilot(pilot_id)
    with pytest.raises(Exception, match="text"):
        stored_pilots.execute(RecordReflection(pilot_id, kind="observation", text="  "), LEAD)
    assert stored_pilots.pilot(pilot_id) is held
    assert held.reflections == {}


def test_saving_a_record_read_from_the_kept_drops_it(stored_pilots: Pilots) -> None:
    """Whoever changes a record they read and saves it does not leave the change kept for
    others: the next read loads from the store."""
    pilot_id = _pilot(stored_pilots)
    held = stored_pilots.pilot(pilot_id)
    held.execute(RecordReflection(pilot_id, kind="observation", text="Direct"), By(LEAD, "d/1"))
    stored_pilots.save(held)
    assert len(stored_pilots.kept) == 0
    assert stored_pilots.pilot(pilot_id) is not held


def test_a_record_a_command_saved_is_kept_as_loading_it_afresh_gives_it(
    stored_pilots: Pilots,
) -> None:
    """The next read takes what the command saved, without loading it, and it is the record
    the store gives: entry for entry, sealed texts opened."""
    pilot_id = _pilot(stored_pilots)
    stored_pilots.pilot(pilot_id)
    receipt = stored_pilots.execute(
        RecordReflection(pilot_id, kind="observation", text="Saved", visibility="team"), LEAD
    )
    read = stored_pilots.pilot(pilot_id)
    assert read is receipt.pilot
    fresh = stored_pilots.repository.get(pilot_id)
    assert read is not fresh
    assert _state(read) == _state(fresh)
    assert [r.text for r in read.reflections.values()] == ["Saved"]


def test_a_record_whose_save_failed_is_not_kept_and_the_next_read_loads_the_store(
    stored_pilots: Pilots,
) -> None:
    """A change the store refused (another writer saved first) never reaches a reader."""
    pilot_id = _pilot(stored_pilots)
    first, second = (stored_pilots.repository.get(pilot_id) for _ in range(2))
    first.execute(RecordReflection(pilot_id, kind="observation", text="First"), By(LEAD, "d/1"))
    stored_pilots.save(first)
    second.execute(RecordReflection(pilot_id, kind="observation", text="Lost"), By(LEAD, "d/2"))
    stored_pilots.pilot(pilot_id)  # kept, to be dropped by the failed save
    with pytest.raises(IntegrityError):
        stored_pilots.save(second)
    assert stored_pilots.kept.get(pilot_id) is None
    read = stored_pilots.pilot(pilot_id)
    assert read is not second
    assert [r.text for r in read.reflections.values()] == ["First"]


def _state(record: object) -> dict[str, object]:
    return {name: value for name, value in vars(record).items() if name != "_pending_events"}


def test_readers_on_many_threads_never_go_back_and_end_at_the_latest(
    stored_pilots: Pilots,
) -> None:
    """Readers share what is kept while a writer moves the pilot on: each reader's versions
    only rise, nothing fails, and once the writes stop every read is of the last."""
    pilot_id = _pilot(stored_pilots)
    stop, failures = threading.Event(), []
    seen: list[list[int]] = [[] for _ in range(4)]

    def read(mine: list[int]) -> None:
        try:
            while not stop.is_set():
                mine.append(stored_pilots.pilot(pilot_id).version)
        except Exception as error:  # reported below, by the test itself
            failures.append(error)

    readers = [threading.Thread(target=read, args=(mine,)) for mine in seen]
    for reader in readers:
        reader.start()
    for n in range(30):
        _reflect(stored_pilots, pilot_id, f"Week {n}")
    stop.set()
    for reader in readers:
        reader.join()

    assert failures == []
    assert all(mine == sorted(mine) for mine in seen)
    assert sum(len(mine) for mine in seen) > 30
    assert stored_pilots.pilot(pilot_id).version == 31


class _Record:
    def __init__(self, version: int) -> None:
        self.id, self.version = uuid.uuid4(), version


def test_what_is_kept_stays_within_its_events_least_recently_read_first() -> None:
    kept = Kept(most=100)
    a, b, c = _Record(40), _Record(40), _Record(40)
    kept.put(a)
    kept.put(b)
    assert kept.get(a.id) is a  # a is now read more recently than b
    kept.put(c)
    assert kept.get(b.id) is None
    assert kept.get(a.id) is a
    assert kept.get(c.id) is c

    too_large = _Record(101)
    kept.put(too_large)
    assert kept.get(too_large.id) is None
    assert len(kept) == 2

    newer_a = _Record(60)
    newer_a.id = a.id
    kept.put(newer_a)  # replaces a's 40 events with 60: 100 in all, still within the bound
    assert kept.get(a.id) is newer_a
    assert kept.get(c.id) is c


def test_an_older_version_never_takes_the_place_of_a_newer_one() -> None:
    """Two writers that saved one after the other may keep what they saved in either order."""
    kept = Kept(most=100)
    newer, older = _Record(12), _Record(11)
    older.id = newer.id
    assert kept.put(newer)
    assert not kept.put(older)
    assert kept.get(newer.id) is newer
    assert len(kept) == 1
