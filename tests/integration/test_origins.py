"""Stories and workshops through the application service on a real store, SQLite and then
PostgreSQL: what is recorded reads back the same in another process's application (which finds
a pilot's idea from the stored log alone), from a snapshot too; writers on one workshop lose
nothing and double nothing; a refused command records nothing; a resubmission records once."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from adapters.settings import Settings
from adapters.store import open_pilots
from domain.errors import InvalidEntry, NotFound, NotPermitted, RuleViolated, VersionMismatch
from domain.origins import Workshop
from domain.origins.commands import RecordIdea, RecordPrinciple, RecordStory
from domain.pilot.commands import RegisterPilot
from domain.service import Pilots
from tests.origins_builders import every_origin_event, refused_anywhere

WRITERS = 4
WRITES_EACH = 10


def outputs(workshop: Workshop) -> dict[str, object]:
    """Everything a workshop holds, comparable across applications."""
    return {
        "title": workshop.title, "facilitators": workshop.facilitators,
        "principles": workshop.principles, "framings": workshop.framings, "ideas": workshop.ideas,
        "version": workshop.version,
    }  # fmt: skip


def test_what_is_recorded_reads_back_the_same_in_another_application(
    store_settings: Settings, stored_pilots: Pilots
) -> None:
    lead, teller = uuid.uuid4(), uuid.uuid4()
    made = every_origin_event(stored_pilots, lead, teller)
    here = stored_pilots.workshop(made["workshop"])
    merged, part = here.ideas[made["merged"]], here.ideas[made["part"]]
    assert merged.merged_from
    assert part.split_from is not None
    other = open_pilots(store_settings)  # as another web worker: its own connections
    try:
        assert outputs(other.workshop(made["workshop"])) == outputs(here)
        kept, withdrawn = other.story(made["kept"]), other.story(made["withdrawn"])
        assert (kept.text, kept.told_by_name) == ("Kept story", "Sam")
        assert (withdrawn.text, withdrawn.title, withdrawn.themes) == (None, None, ("care",))
        pilot = other.pilot(made["pilot"])
        assert (pilot.tests_idea, pilot.framing) == (made["merged"], made["framing"])
        # A fresh application finds the workshop of an idea from the stored log alone.
        registered = other.execute(
            RegisterPilot(title="Walks", question="Q?", idea="Walks", tests_idea=made["part"]), lead
        )
        assert registered.pilot.tests_idea == made["part"]
        other.take_snapshot(made["workshop"])
        assert other.snapshots is not None
        assert other.snapshots.recorder.select_events(made["workshop"])
        assert outputs(other.workshop(made["workshop"])) == outputs(here)
    finally:
        other.close()


def test_refused_commands_record_nothing_on_the_store(stored_pilots: Pilots) -> None:
    lead = uuid.uuid4()
    made = every_origin_event(stored_pilots, lead, uuid.uuid4())
    workshop_id = made["workshop"]
    with refused_anywhere(stored_pilots, NotPermitted):
        stored_pilots.execute(
            RecordPrinciple(workshop_id, text="Mine"), uuid.uuid4(), role="member"
        )
    with refused_anywhere(stored_pilots, InvalidEntry, match="^stories"):
        stored_pilots.execute(RecordPrinciple(workshop_id, text="L", stories=[uuid.uuid4()]), lead,
                              role="lead")  # fmt: skip
    with refused_anywhere(stored_pilots, RuleViolated, match="withdrawn"):
        stored_pilots.execute(RecordPrinciple(workshop_id, text="L", stories=[made["withdrawn"]]),
                              lead, role="lead")  # fmt: skip
    with refused_anywhere(stored_pilots, NotFound):
        stored_pilots.execute(RecordIdea(made["kept"], text="I"), lead, role="lead")
    with refused_anywhere(stored_pilots, VersionMismatch):
        stored_pilots.execute(RecordIdea(workshop_id, text="I"), lead, role="lead",
                              expected_version=1)  # fmt: skip
    with refused_anywhere(stored_pilots, InvalidEntry, match="^tests_idea"):
        stored_pilots.execute(
            RegisterPilot(title="T", question="Q", idea="I", tests_idea=made["workshop"]), lead
        )


def test_a_resubmitted_story_or_idea_records_once(stored_pilots: Pilots) -> None:
    member, lead = uuid.uuid4(), uuid.uuid4()
    first = stored_pilots.execute(RecordStory(text="Told once", consent="community"), member,
                                  submission="form-1", role="member")  # fmt: skip
    again = stored_pilots.execute(RecordStory(text="Told once", consent="community"), member,
                                  submission="form-1", role="member")  # fmt: skip
    assert (again.replayed, again.story.id) == (True, first.story.id)
    workshop_id = every_origin_event(stored_pilots, lead, member)["workshop"]
    before = stored_pilots.workshop(workshop_id).version
    for _ in range(2):
        stored_pilots.execute(RecordIdea(workshop_id, text="Once"), lead, submission="idea-1",
                              role="lead")  # fmt: skip
    assert stored_pilots.workshop(workshop_id).version == before + 1


@pytest.mark.slow
def test_writers_on_one_workshop_lose_nothing_and_double_nothing(
    store_settings: Settings, stored_pilots: Pilots
) -> None:
    lead = uuid.uuid4()
    workshop_id = every_origin_event(stored_pilots, lead, uuid.uuid4())["workshop"]
    start = threading.Barrier(WRITERS)

    def writer(n: int) -> list[str]:
        app = open_pilots(store_settings)
        try:
            start.wait(timeout=60)
            texts = [f"writer {n} principle {i}" for i in range(WRITES_EACH)]
            for text in texts:
                app.execute(RecordPrinciple(workshop_id, text=text), lead, role="lead")
            return texts
        finally:
            app.close()

    with ThreadPoolExecutor(WRITERS) as pool:
        acknowledged = [text for texts in pool.map(writer, range(WRITERS)) for text in texts]
    stored = [p.text for p in stored_pilots.workshop(workshop_id).principles.values()]
    assert sorted(t for t in stored if t.startswith("writer")) == sorted(acknowledged)
