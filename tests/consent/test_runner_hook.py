"""If the process that recorded a withdrawal dies before shredding, the read-model runner's call
to `honour_withdrawal` shreds it; the call is idempotent."""

from __future__ import annotations

import pytest

from adapters.store import SealedPilots, honour_withdrawal, honour_withdrawals
from domain.pilot import events
from domain.service import Pilots
from tests.consent.support import CORRECTED, WRITTEN, withdraw, write_and_correct


def texts(app: Pilots, pilot_id: object) -> tuple[object, ...]:
    recorded, corrected = app.history(pilot_id)[1:3]  # type: ignore[arg-type]
    assert isinstance(recorded, events.ReflectionRecorded)
    assert isinstance(corrected, events.EntryCorrected)
    return recorded.text, corrected.previous, corrected.text


def test_the_runner_shreds_a_withdrawal_whose_writer_did_not(
    stored_pilots: Pilots, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(stored_pilots, SealedPilots)
    assert stored_pilots.keys is not None
    written = write_and_correct(stored_pilots)
    with monkeypatch.context() as patched:

        def dies(_: object) -> None:
            raise RuntimeError("the process died before shredding")

        patched.setattr(stored_pilots.keys, "shred", dies)
        withdraw(stored_pilots, written)  # committed; the failure is logged, not raised
    assert texts(stored_pilots, written.pilot_id) == (WRITTEN, WRITTEN, CORRECTED)

    honoured = [
        honour_withdrawal(stored_pilots, e) for e in stored_pilots.history(written.pilot_id)
    ]
    assert honoured == [False, False, False, True]
    assert texts(stored_pilots, written.pilot_id) == (None, None, None)
    assert honour_withdrawal(stored_pilots, stored_pilots.history(written.pilot_id)[-1])
    assert texts(stored_pilots, written.pilot_id) == (None, None, None)


def test_an_application_that_seals_nothing_ignores_the_call(stored_pilots: Pilots) -> None:
    written = write_and_correct(stored_pilots)
    withdraw(stored_pilots, written)
    plain = Pilots(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    assert not honour_withdrawal(plain, stored_pilots.history(written.pilot_id)[-1])


def test_the_runner_honours_a_batch_of_withdrawals_at_once(
    stored_pilots: Pilots, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The runner's call for a whole batch: every withdrawal in it shredded, others ignored."""
    assert isinstance(stored_pilots, SealedPilots)
    assert stored_pilots.keys is not None
    written = [write_and_correct(stored_pilots) for _ in range(3)]
    with monkeypatch.context() as patched:
        patched.setattr(stored_pilots.keys, "shred", lambda _: None)  # every writer died first
        for each in written[:2]:
            withdraw(stored_pilots, each)
    assert [texts(stored_pilots, w.pilot_id)[0] for w in written] == [WRITTEN] * 3

    batch = [e for w in written for e in stored_pilots.history(w.pilot_id)]
    assert honour_withdrawals(stored_pilots, batch) == 2
    assert [texts(stored_pilots, w.pilot_id) for w in written[:2]] == [(None, None, None)] * 2
    assert texts(stored_pilots, written[2].pilot_id) == (WRITTEN, WRITTEN, CORRECTED)
    assert honour_withdrawals(stored_pilots, batch) == 2  # again: changes nothing more
    assert texts(stored_pilots, written[2].pilot_id) == (WRITTEN, WRITTEN, CORRECTED)
