"""R1 and R2 (docs/quality.md) through the application service, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from eventsourcing.persistence import IntegrityError

from adapters.settings import Settings
from adapters.store import open_pilots
from domain.errors import VersionMismatch
from domain.pilot import By
from domain.pilot.commands import Pause, RecordReflection, RegisterPilot, ReviseIdea
from domain.service import Pilots

WRITERS = 8
WRITES_EACH = 15


def register(app: Pilots) -> tuple[uuid.UUID, uuid.UUID]:
    lead = uuid.uuid4()
    receipt = app.execute(
        RegisterPilot(title="Story circles", question="How might we?", idea="Monthly circles"), lead
    )
    return receipt.pilot.id, lead


def test_eight_writers_on_one_pilot_lose_nothing_and_double_nothing(
    store_settings: Settings,
) -> None:
    """R1: each writer has its own application (its own connections), as web workers do."""
    setup = open_pilots(store_settings)
    pilot_id, lead = register(setup)
    start = threading.Barrier(WRITERS)

    def writer(n: int) -> list[str]:
        app = open_pilots(store_settings)
        acknowledged = []
        try:
            start.wait(timeout=60)
            for i in range(WRITES_EACH):
                text = f"writer {n} note {i}"
                app.execute(RecordReflection(pilot_id, kind="observation", text=text), lead)
                acknowledged.append(text)
        finally:
            app.close()
        return acknowledged

    with ThreadPoolExecutor(WRITERS) as pool:
        acknowledged = [text for texts in pool.map(writer, range(WRITERS)) for text in texts]

    stored = Counter(r.text for r in setup.pilot(pilot_id).reflections.values())
    events = setup.history(pilot_id)
    setup.close()
    lost = set(acknowledged) - set(stored)
    doubled = [text for text, count in stored.items() if count > 1]
    print(f"R1: acknowledged={len(acknowledged)} stored={sum(stored.values())} "
          f"lost={len(lost)} doubled={len(doubled)}")  # fmt: skip
    assert len(acknowledged) == WRITERS * WRITES_EACH
    assert (lost, doubled) == (set(), [])
    assert len(events) == 1 + len(acknowledged)
    assert [e.originator_version for e in events] == list(range(1, len(events) + 1))


def test_two_stale_copies_of_a_pilot_have_one_winner_and_the_loser_records_nothing(
    stored_pilots: Pilots,
) -> None:
    """R2 at the aggregate level: the store refuses the second save of the same version."""
    pilot_id, lead = register(stored_pilots)
    # Two copies loaded to change, as two writers load them (a reader's `pilot()` is shared).
    first = stored_pilots.repository.get(pilot_id)
    second = stored_pilots.repository.get(pilot_id)
    first.execute(Pause(pilot_id, reason="Holiday season"), By(lead, "first"))
    revision = ReviseIdea(pilot_id, idea="Fortnightly circles", rationale="Monthly was too slow")
    second.execute(revision, By(lead, "second"))
    stored_pilots.save(first)
    with pytest.raises(IntegrityError):
        stored_pilots.save(second)
    events = stored_pilots.history(pilot_id)
    assert [e.submission for e in events[1:]] == ["first"]
    assert stored_pilots.pilot(pilot_id).idea == "Monthly circles"


def test_writers_pinning_the_same_version_have_one_winner_and_the_loser_gets_a_mismatch(
    stored_pilots: Pilots,
) -> None:
    """R2 through the service: If-Match semantics, whichever writer arrives second loses."""
    pilot_id, lead = register(stored_pilots)
    version = stored_pilots.pilot(pilot_id).version
    stored_pilots.execute(Pause(pilot_id, reason="Holiday season"), lead, expected_version=version)
    with pytest.raises(VersionMismatch) as refused:
        stored_pilots.execute(
            ReviseIdea(pilot_id, idea="Fortnightly circles", rationale="Monthly was too slow"),
            lead,
            expected_version=version,
        )
    assert (refused.value.expected, refused.value.actual) == (version, version + 1)
    assert len(stored_pilots.history(pilot_id)) == version + 1
    assert stored_pilots.pilot(pilot_id).idea == "Monthly circles"


def test_a_retry_after_a_lost_acknowledgement_recognises_its_own_events(
    stored_pilots: Pilots,
) -> None:
    """The commit landed but the writer never heard; resending the submission records nothing
    more and answers as if it were the first time."""
    pilot_id, lead = register(stored_pilots)
    first = stored_pilots.execute(
        RecordReflection(pilot_id, kind="meaning", text="It matters"), lead, submission="form-7"
    )
    again = stored_pilots.execute(
        RecordReflection(pilot_id, kind="meaning", text="It matters"), lead, submission="form-7"
    )
    assert again.replayed
    assert [e.originator_version for e in again.events] == [
        e.originator_version for e in first.events
    ]
    assert len(stored_pilots.history(pilot_id)) == 2
