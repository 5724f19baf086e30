"""A report is stamped with what it was built from, and the same stamp always gives the same
bytes: built twice, built again after more writes, and in every format."""

from __future__ import annotations

import json
from datetime import date

import pytest

from adapters.settings import Settings
from adapters.store import open_pilots
from domain.errors import InvalidEntry, NotFound
from domain.origins.commands import RevisePrinciple
from domain.pilot.commands import Correct, RecordReflection, RegisterPilot, ReviseIdea
from domain.service import Pilots
from projections.reports.pilot_report import pilot_report
from projections.reports.programme_report import programme_report
from projections.reports.render import FORMATS, render
from tests.origins_builders import idea, tell
from tests.reports.origins_programme import LEAD, TELLER, chain
from tests.reports.programmes import Programme, on, small_programme


def every_format(report: object) -> dict[str, bytes]:
    return {fmt: render(report, fmt) for fmt in FORMATS}  # type: ignore[arg-type]


def more_writes(pilots: Pilots) -> None:
    """Everything a later report would show: a new pilot, cycles, answers and corrections."""
    p = Programme(pilots)
    late = p.register(40, "Late pilot", "Story circles on Sundays", ("groups",))
    p.cycle(late, 40, 45, "abandon", surprises="Nobody came")
    (question,) = p.ask(late, 46, date(2026, 4, 17), "What kept people away?")
    p.insight(late, 47, question, "Sundays are for families")
    (lead,) = pilots.pilot(late).team
    with on(48):
        pilots.execute(Correct(late, entry="title", text="Later pilot", reason="Renamed"), lead)


def test_the_same_stamp_gives_the_same_bytes_in_every_format(pilots: Pilots) -> None:
    small = small_programme(pilots)
    assert every_format(programme_report(pilots)) == every_format(programme_report(pilots))
    assert every_format(pilot_report(pilots, small.a)) == every_format(
        pilot_report(pilots, small.a)
    )


def test_an_earlier_stamp_gives_the_bytes_it_gave_before_later_writes(
    store_settings: Settings,
) -> None:
    """On SQLite, and on PostgreSQL when PILOTS_TEST_POSTGRES_URL is set."""
    pilots = open_pilots(store_settings)
    try:
        small = small_programme(pilots)
        programme_then = programme_report(pilots)
        pilot_then = pilot_report(pilots, small.a)
        before = every_format(programme_then), every_format(pilot_then)
        more_writes(pilots)
        (lead,) = pilots.pilot(small.a).team
        with on(50):
            pilots.execute(Correct(small.a, entry="title", text="Renamed", reason="Clearer"), lead)
        after = (
            every_format(programme_report(pilots, programme_then.position)),
            every_format(pilot_report(pilots, small.a, pilot_then.version)),
        )
        assert after == before
        assert programme_report(pilots).position > programme_then.position
        assert pilot_report(pilots, small.a).title == "Renamed"
    finally:
        pilots.close()


def test_every_report_is_stamped_in_each_format(pilots: Pilots) -> None:
    small = small_programme(pilots)
    programme = programme_report(pilots)
    pilot = pilot_report(pilots, small.a, 5)
    assert programme.stamp == f"Log position {programme.position}"
    assert pilot.stamp == f"Pilot {small.a} at version 5, for the community"
    assert json.loads(render(pilot, "json"))["audience"] == "community"
    for report in (programme, pilot):
        for fmt, data in every_format(report).items():
            assert report.stamp in data.decode(), fmt
    assert json.loads(render(pilot, "json"))["version"] == 5


def test_the_json_keeps_its_field_order_and_says_floats_the_same_way(pilots: Pilots) -> None:
    small_programme(pilots)
    data = render(programme_report(pilots), "json").decode()
    assert data.index('"stamp"') < data.index('"position"') < data.index('"summary"')
    assert '"median_days_per_cycle": 12.0' in data
    assert data.endswith("}\n")


def test_the_pilot_report_tells_the_story_up_to_its_version(pilots: Pilots) -> None:
    small = small_programme(pilots)
    (lead,) = pilots.pilot(small.a).team
    with on(31):
        pilots.execute(ReviseIdea(small.a, idea="Story walks on Tuesdays", rationale="Sunny"), lead)
        pilots.execute(
            RecordReflection(small.a, kind="meaning", text="Walking frees talk", cycle=2), lead
        )
    report = pilot_report(pilots, small.a)
    assert [v.idea for v in report.ideas] == [
        "Story circles on Tuesdays",
        "Story walks on Tuesdays",
    ]
    assert [(p.op, p.text) for p in report.ideas[1].diff][:3] == [
        ("same", "Story "), ("removed", "circles "), ("added", "walks ")
    ]  # fmt: skip
    assert [(c.number, c.decision) for c in report.cycles] == [(1, "adapt"), (2, "adopt")]
    assert report.cycles[0].predictions[0].result == "Twelve came"
    (meaning,) = report.reflections
    assert (meaning.kind, meaning.entries[0].author, meaning.entries[0].cycle) == (
        "meaning", "a lead", 2
    )  # fmt: skip
    # Aged to the pilot's last event (day 31), not to the programme's or the wall clock.
    assert [(q.text, q.age_days) for q in report.open_questions] == [("What helped?", 28)]
    assert [i.text for i in report.insights] == ["A personal invitation matters"]
    earlier = pilot_report(pilots, small.a, 1)
    assert (len(earlier.ideas), earlier.cycles, earlier.open_questions) == (1, [], [])


def test_a_version_or_position_that_does_not_exist_is_refused(pilots: Pilots) -> None:
    small = small_programme(pilots)
    with pytest.raises(NotFound):
        pilot_report(pilots, small.a, 500)
    with pytest.raises(InvalidEntry):
        pilot_report(pilots, small.a, 0)
    with pytest.raises(NotFound):
        pilot_report(pilots, small.questions["waits"])
    with pytest.raises(NotFound):
        programme_report(pilots, 10_000)


def test_an_earlier_stamp_gives_where_ideas_came_from_as_it_stood(
    store_settings: Settings,
) -> None:
    """With origins (stories for the team and the community, one withdrawn, a workshop's
    principles, framing question and ideas, pilots testing them): later stories, a principle
    revised, a new idea and a pilot testing it to a decision leave an earlier stamp's bytes as
    they were. (A story withdrawn later would take its words from them: that is its point.)"""
    pilots = open_pilots(store_settings)
    try:
        small_programme(pilots)
        told = chain(pilots)
        then = programme_report(pilots)
        before = every_format(then)
        more_writes(pilots)
        with on(50):
            later = tell(pilots, TELLER, text="A LATER story", title="LATER story")
            pilots.execute(
                RevisePrinciple(told.workshop, principle_id=told.small, text="LATER small groups",
                                stories=[told.community, later], rationale="Another story"),
                LEAD, role="lead",
            )  # fmt: skip
            newer = idea(pilots, told.workshop, LEAD, text="LATER idea", principles=[told.small],
                         framing=told.question)  # fmt: skip
            tested = pilots.execute(
                RegisterPilot(title="LATER pilot", question="Will they?", idea="Later",
                              tests_idea=newer, framing=told.question), LEAD,
            ).pilot.id  # fmt: skip
        Programme(pilots, LEAD).cycle(tested, 51, 52, "adapt")
        now = every_format(programme_report(pilots))
        assert all(b"LATER" in body for body in now.values())
        assert every_format(programme_report(pilots, then.position)) == before
        assert not any(b"LATER" in body for body in before.values())
    finally:
        pilots.close()
