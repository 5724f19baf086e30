"""Withdrawable text is stored sealed in events and snapshots, reads back as written, and reads
as None once its entry is withdrawn; a withdrawn entry is never sealed again. On SQLite and
PostgreSQL (`store_url`)."""

from __future__ import annotations

from typing import Any, cast

from domain.pilot import Pilot, events
from domain.pilot.commands import Correct
from domain.service import Pilots
from tests.consent.support import (
    CORRECTED,
    SECRET,
    TITLE,
    WRITTEN,
    occurrences,
    stored_states,
    withdraw,
    write_and_correct,
)


def latest_snapshot_state(app: Pilots, pilot_id: Any) -> dict[str, Any]:
    assert app.snapshots is not None
    snapshots = list(app.snapshots.get(pilot_id))
    assert snapshots, "no snapshot was taken"
    return cast("dict[str, Any]", snapshots[-1].state)  # type: ignore[attr-defined]


def test_sealed_text_round_trips_in_events_and_snapshots(stored_pilots: Pilots) -> None:
    written = write_and_correct(stored_pilots)
    stored_pilots.take_snapshot(written.pilot_id)

    recorded, corrected = stored_pilots.history(written.pilot_id)[1:]
    assert isinstance(recorded, events.ReflectionRecorded)
    assert isinstance(corrected, events.EntryCorrected)
    assert recorded.text == WRITTEN
    assert (corrected.previous, corrected.text) == (WRITTEN, CORRECTED)
    state = latest_snapshot_state(stored_pilots, written.pilot_id)
    assert state["reflections"][written.reflection_id].text == CORRECTED
    (correction,) = state["corrections"]
    assert (correction.previous, correction.text) == (WRITTEN, CORRECTED)
    assert stored_pilots.pilot(written.pilot_id).reflections[written.reflection_id].text == (
        CORRECTED
    )

    stored = b"".join(stored_states(stored_pilots, written.pilot_id))
    found, title = occurrences(stored, SECRET), occurrences(stored, TITLE)
    print(f"\nstored events and snapshot: {found} copies of the text, {title} of the title")
    assert found == 0
    assert title > 0


def test_a_correction_of_an_entry_that_is_not_withdrawable_is_stored_plain(
    stored_pilots: Pilots,
) -> None:
    written = write_and_correct(stored_pilots)
    stored_pilots.execute(
        Correct(written.pilot_id, entry="title", text="Okapi circles", reason="renamed"),
        written.lead,
    )
    last = stored_pilots.history(written.pilot_id)[-1]
    assert isinstance(last, events.EntryCorrected)
    assert (last.previous, last.text) == (TITLE, "Okapi circles")
    assert occurrences(stored_states(stored_pilots, written.pilot_id)[-1], "Okapi") == 1


def test_after_a_withdrawal_the_text_reads_as_none_in_events_snapshots_and_the_pilot(
    stored_pilots: Pilots,
) -> None:
    written = write_and_correct(stored_pilots)
    stored_pilots.take_snapshot(written.pilot_id)  # sealed while the key still exists
    withdraw(stored_pilots, written)

    recorded, corrected = stored_pilots.history(written.pilot_id)[1:3]
    assert isinstance(recorded, events.ReflectionRecorded)
    assert isinstance(corrected, events.EntryCorrected)
    assert recorded.text is None
    assert (corrected.previous, corrected.text) == (None, None)
    state = latest_snapshot_state(stored_pilots, written.pilot_id)
    assert state["reflections"][written.reflection_id].text is None
    assert state["corrections"][0].text is None
    pilot = stored_pilots.pilot(written.pilot_id)
    assert pilot.reflections[written.reflection_id].text is None
    assert pilot.reflections[written.reflection_id].withdrawn_on is not None
    assert (pilot.corrections[0].previous, pilot.corrections[0].text) == (None, None)


def test_a_withdrawn_entry_is_never_sealed_again(stored_pilots: Pilots) -> None:
    """A pilot loaded before the withdrawal still holds the text in memory; a snapshot of it
    taken afterwards stores None, because no key is ever made again for the entry."""
    written = write_and_correct(stored_pilots)
    stale = stored_pilots.pilot(written.pilot_id)
    assert stale.reflections[written.reflection_id].text == CORRECTED
    withdraw(stored_pilots, written)

    assert stored_pilots.snapshots is not None
    stored_pilots.snapshots.put([Pilot.Snapshot.take(stale)])
    state = latest_snapshot_state(stored_pilots, written.pilot_id)
    assert state["reflections"][written.reflection_id].text is None
    assert (state["corrections"][0].previous, state["corrections"][0].text) == (None, None)
    assert occurrences(stored_states(stored_pilots, written.pilot_id)[-1], SECRET) == 0
    keys = stored_pilots.keys  # type: ignore[attr-defined]
    assert keys.for_sealing(written.reflection_id) is None
    rows = stored_pilots.database.fetch(  # type: ignore[attr-defined]
        "SELECT key FROM entry_keys WHERE entry = ?", (str(written.reflection_id),)
    )
    assert rows == [(None,)]


def test_the_sealing_application_keeps_the_name_its_tables_are_named_after(
    stored_pilots: Pilots,
) -> None:
    assert type(stored_pilots) is not Pilots
    assert stored_pilots.name == Pilots.name == "Pilots"
    assert stored_pilots.env.name == "Pilots"
