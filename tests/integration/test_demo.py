"""The demo programme (`pilots demo`): it loads into an empty store, gives every page and report
something to show, can be seeded twice, and a malformed file names the step at fault."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from uuid import UUID

import pytest

from adapters.bootstrap import Services, bootstrap
from adapters.demo import DEMO_PASSWORD, DemoDataError, seed
from adapters.settings import parse_database_url
from domain.measures.results import ANHOEJ, MDC, Direction
from domain.measures.rules import analyse, runs_about
from domain.origins import Story, Workshop
from domain.origins import events as origin_events
from domain.pilot import Pilot, events
from domain.pilot.state import Measure
from domain.values import (
    Consent,
    DataPoint,
    Decision,
    Outcome,
    PilotStatus,
    QuestionStatus,
    ReflectionKind,
    Role,
)
from projections.measures.view import Definition, MeasurePoint, MeasureView, assemble

pytestmark = pytest.mark.slow
REGISTERED = events.Registered.TOPIC


def started_by(services: Services, topic: str) -> list[UUID]:
    """The records whose stream starts with an event of this topic (pilots, stories,
    workshops), in the order they were made."""
    found = services.pilots.recorder.select_notifications(1, 1_000_000, topics=[topic])
    return [UUID(str(n.originator_id)) for n in found]


def pilots_in(services: Services) -> list[Pilot]:
    return [services.pilots.pilot(pilot_id) for pilot_id in started_by(services, REGISTERED)]


def history(services: Services, pilot: Pilot) -> list[events.Event]:
    return services.pilots.history(pilot.id)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, dict[str, str]]]:
    """The demo as `pilots demo` builds it: into a fresh SQLite file."""
    path = tmp_path_factory.mktemp("demo") / "pilots-demo.sqlite3"
    services = bootstrap(parse_database_url(f"sqlite:///{path}"))
    people = seed(services.pilots, services.accounts)
    yield services, people
    services.close()


@pytest.fixture(scope="module")
def pilots(demo: tuple[Services, dict[str, str]]) -> dict[str, Pilot]:
    return {pilot.title: pilot for pilot in pilots_in(demo[0])}


def test_the_demo_loads_five_pilots_and_accounts_that_sign_in(demo, pilots) -> None:
    services, people = demo
    assert len(pilots) == 5
    assert people["Amara Okafor"] == "amara@demo.pilots"
    roles = {services.accounts.by_email(email).role.value for email in people.values()}
    assert roles == {"admin", "lead", "member", "reader"}
    assert services.accounts.authenticate("eve@demo.pilots", DEMO_PASSWORD) is not None


def test_at_least_four_pilots_have_cycles_reflections_a_set_and_a_revised_idea(
    demo, pilots
) -> None:
    services, _ = demo
    rich = [
        title
        for title, pilot in pilots.items()
        if 2 <= len(pilot.cycles) <= 4
        and pilot.reflections
        and 1 <= len(pilot.question_sets) <= 2
        and any(isinstance(e, events.IdeaRevised) for e in history(services, pilot))
    ]
    assert len(rich) >= 4, rich


def test_the_team_changes_a_member_leaves_and_a_facilitator_joins(demo, pilots) -> None:
    services, _ = demo
    huddles = history(services, pilots["Ten-minute huddles"])
    removed = next(i for i, e in enumerate(huddles) if isinstance(e, events.MemberRemoved))
    assert any(
        isinstance(e, events.RoleAssigned) and e.role == Role.FACILITATOR for e in huddles[removed:]
    )
    assert huddles[removed].user not in pilots["Ten-minute huddles"].team


def test_wrong_entries_are_corrected_with_a_reason(pilots) -> None:
    corrections = [c for pilot in pilots.values() for c in pilot.corrections]
    assert len({c.entry.split(":")[0] for c in corrections}) >= 2  # pilot fields and cycles
    assert all(c.reason and c.previous != c.text for c in corrections)


def test_set_meetings_show_every_status_named_facilitators_and_actions(pilots) -> None:
    sets = [s for pilot in pilots.values() for s in pilot.question_sets.values()]
    questions = [q for pilot in pilots.values() for q in pilot.questions.values()]
    actions = [a for s in sets for a in s.actions]
    assert {q.status for q in questions} == set(QuestionStatus)
    assert any(q.looks_closed for q in questions)
    assert any(q.insights for q in questions)
    assert any(s.facilitator is None and s.facilitator_name for s in sets)
    assert any(a.report for a in actions), "no action reported back"
    assert any(not a.report for a in actions), "no action still open"


def test_reflections_decisions_and_outcomes_cover_every_kind(pilots) -> None:
    kinds = {r.kind for pilot in pilots.values() for r in pilot.reflections.values()}
    decisions = {c.decision for pilot in pilots.values() for c in pilot.cycles.values()}
    outcomes = {p.outcome for p in pilots.values() if p.status == PilotStatus.CONCLUDED}
    assert kinds == set(ReflectionKind)
    assert set(Decision) <= decisions
    assert len(outcomes) >= 2
    assert outcomes <= set(Outcome)


def test_a_pilot_was_paused_and_resumed(demo, pilots) -> None:
    services, _ = demo
    resumed = [
        title
        for title, pilot in pilots.items()
        if pilot.status == PilotStatus.ACTIVE
        and {type(e) for e in history(services, pilot)} >= {events.Paused, events.Resumed}
    ]
    assert resumed == ["Ten-minute huddles"]


def test_events_keep_the_days_of_the_programme_in_order(demo, pilots) -> None:
    services, _ = demo
    for pilot in pilots.values():
        stamps = [e.timestamp for e in history(services, pilot)]
        assert stamps == sorted(stamps), pilot.title
        assert (stamps[-1] - stamps[0]).days >= 30, pilot.title


# -- measures -------------------------------------------------------------------------------------


def measure_of(pilot: Pilot, name: str) -> Measure:
    (measure,) = [m for m in pilot.measures.values() if m.name == name]
    return measure


def chart(pilot: Pilot, measure: Measure) -> MeasureView:
    """The measure as the chart reads it, by Anhøj's rules within its recorded phases."""
    definition = Definition(
        measure.id, pilot.id, measure.name, measure.kind.value, measure.definition,
        measure.unit, measure.improvement.value, measure.target,
    )  # fmt: skip
    points = [MeasurePoint(on, value, "") for on, value in measure.values.items()]
    return assemble(definition, points, [(day, "") for day in measure.phases], [])


def test_attendance_at_the_adopted_circles_shows_a_signal_of_improvement(demo, pilots) -> None:
    services, _ = demo
    circles = pilots["Story-sharing circles"]
    attendance = measure_of(circles, "People at the story circles")
    (phase,) = attendance.phases
    adopted = next(
        e for e in history(services, circles)
        if isinstance(e, events.CycleDecided) and e.decision == Decision.ADOPT
    )  # fmt: skip
    assert adopted.timestamp.date() < phase
    baseline, after = chart(circles, attendance).phases
    assert len(baseline.points) >= 10
    assert not baseline.too_few_points
    assert len(after.points) >= 10
    assert not after.too_few_points
    # Every point since the new phase lies above the baseline's median, longer than a run may.
    above = [p.value for p in after.points if p.value > (baseline.centre or 0)]
    whole = [DataPoint(on, value) for on, value in attendance.values.items()]
    runs = runs_about([p.value for p in whole], analyse(whole, ANHOEJ, None).centre or 0)
    assert runs is not None
    assert len(above) == len(after.points) > runs.longest_run_max
    # The whole series, read without phases, finds it by Anhøj's rules and Making Data Count's.
    for rules, rule in ((ANHOEJ, "long-run"), (MDC, "shift")):
        found = analyse(whole, rules, attendance.improvement).signals
        assert any(
            s.rule == rule and s.direction == Direction.IMPROVEMENT and s.first >= phase
            for s in found
        ), (rules.name, found)


def test_a_measure_with_five_points_has_too_few_and_others_show_no_signal(pilots) -> None:
    circles = pilots["Story-sharing circles"]
    returning = chart(circles, measure_of(circles, "Members who come back"))
    assert len(returning.points) == 5
    assert returning.too_few_points
    for name in ("Stories shared per circle", "Facilitator hours per circle"):
        steady = chart(circles, measure_of(circles, name))
        assert not steady.too_few_points, name
        assert not steady.signals, name
    assert measure_of(circles, "Facilitator hours per circle").kind.value == "balancing"


def test_measures_carry_a_correction_notes_a_prediction_and_a_target(demo, pilots) -> None:
    services, _ = demo
    logged = [e for pilot in pilots.values() for e in history(services, pilot)]
    (corrected,) = [e for e in logged if isinstance(e, events.PointCorrected)]
    assert corrected.reason
    assert (corrected.previous, corrected.value) == (17, 7)
    assert any(p.note for e in logged if isinstance(e, events.PointsRecorded) for p in e.points)
    assert [m.prediction for e in logged if isinstance(e, events.CyclePlanned) for m in e.measures]
    assert any(m.target for pilot in pilots.values() for m in pilot.measures.values())


def test_points_are_dated_before_their_entry_and_the_log_lands_among_them(demo, pilots) -> None:
    services, _ = demo
    for pilot in pilots.values():
        logged = history(services, pilot)
        for e in logged:
            if isinstance(e, events.PointsRecorded):
                assert all(p.on <= e.timestamp.date() for p in e.points), pilot.title
        days = [day for m in pilot.measures.values() for day in m.values]
        marks = [
            e.timestamp.date() for e in logged
            if isinstance(e, events.CycleStarted | events.CycleDecided)
        ]  # fmt: skip
        if len(days) >= 10:
            assert all(min(days) < day < max(days) for day in marks), pilot.title


def test_seeding_a_store_that_holds_the_demo_again_records_nothing(store_url: str) -> None:
    services = bootstrap(parse_database_url(store_url))
    try:
        first = seed(services.pilots, services.accounts)
        head = services.pilots.recorder.max_notification_id()
        accounts = services.accounts.all()
        assert seed(services.pilots, services.accounts) == first
        assert services.pilots.recorder.max_notification_id() == head
        assert services.accounts.all() == accounts
    finally:
        services.close()


# -- where the ideas came from --------------------------------------------------------------------

FRAMINGS = {
    "How might we make the ways we navigate Q purposeful and participatory?",
    "How might we foster purposeful groups that develop connections and confidence?",
}


@pytest.fixture(scope="module")
def workshop(demo: tuple[Services, dict[str, str]]) -> Workshop:
    services, _ = demo
    (workshop_id,) = started_by(services, origin_events.WorkshopCreated.TOPIC)
    return services.pilots.workshop(workshop_id)


@pytest.fixture(scope="module")
def stories(demo: tuple[Services, dict[str, str]]) -> list[Story]:
    services, _ = demo
    found = started_by(services, origin_events.StoryRecorded.TOPIC)
    return [services.pilots.story(story_id) for story_id in found]


def test_members_told_a_handful_of_stories_one_of_them_for_the_team_only(stories) -> None:
    consents = [story.consent for story in stories]
    assert 4 <= len(stories) <= 8
    assert consents.count(Consent.TEAM) == 1
    assert all(story.text and story.title and story.themes for story in stories)
    assert any(story.told_by is None and story.told_by_name for story in stories)
    assert any(story.told_by is not None and story.told_by != story.recorded_by
               for story in stories)  # fmt: skip


def test_the_workshop_draws_principles_from_every_story_and_asks_the_two_questions(
    demo, workshop, stories
) -> None:
    services, _ = demo
    drawn = {s for principle in workshop.principles.values() for s in principle.stories}
    assert drawn == {story.id for story in stories}
    assert all(principle.stories for principle in workshop.principles.values())
    assert {framing.text for framing in workshop.framings.values()} == FRAMINGS
    assert all(framing.principles for framing in workshop.framings.values())
    facilitators = {services.accounts.by_id(user).role.value for user in workshop.facilitators}
    assert facilitators == {"member"}
    (kept,) = [story for story in stories if story.consent == Consent.TEAM]
    assert any(kept.id in principle.stories for principle in workshop.principles.values())


def test_ideas_draw_on_principles_serve_a_framing_question_and_keep_their_lineage(
    workshop, pilots
) -> None:
    live = [idea for idea in workshop.ideas.values() if not idea.superseded]
    assert all(idea.principles and idea.framing in workshop.framings for idea in live)
    (merged,) = [idea for idea in workshop.ideas.values() if idea.merged_from]
    assert all(workshop.ideas[i].merged_into == merged.id for i in merged.merged_from)
    (adapted,) = [idea for idea in workshop.ideas.values() if idea.from_pilot]
    assert adapted.from_pilot == pilots["Story-sharing circles"].id


def test_every_pilot_names_the_idea_it_tests_and_the_question_it_serves(workshop, pilots) -> None:
    for pilot in pilots.values():
        idea = workshop.ideas[pilot.tests_idea]
        assert not idea.superseded, pilot.title
        assert pilot.framing == idea.framing, pilot.title
        assert workshop.framings[pilot.framing].text == pilot.question, pilot.title


def test_one_idea_is_tested_by_two_pilots_that_decide_differently(workshop, pilots) -> None:
    testing: dict[UUID, list[Pilot]] = {}
    for pilot in pilots.values():
        testing.setdefault(pilot.tests_idea, []).append(pilot)
    (shared,) = [tested for tested in testing.values() if len(tested) >= 2]
    decisions = {p.title: {c.decision for c in p.cycles.values()} for p in shared}
    assert set(decisions) == {"Story-sharing circles", "Carers' story circles"}
    assert Decision.ABANDON in decisions["Carers' story circles"]
    assert Decision.ABANDON not in decisions["Story-sharing circles"]
    # And the chain holds from the stories to the pilot: story -> principle -> idea -> pilot.
    circles = workshop.ideas[shared[0].tests_idea]
    assert any(workshop.principles[p].stories for p in circles.principles)


# -- a malformed programme ------------------------------------------------------------------------


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    """A copy of the packaged programme, to spoil."""
    for item in resources.files("adapters.demo").iterdir():
        if item.name.endswith(".toml"):
            (tmp_path / item.name).write_text(item.read_text("utf-8"), "utf-8")
    return tmp_path


def spoil(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text("utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "circles.toml", "objective = ", "objectve = ",
            "circles.toml step 4 (PlanCycle on day 1): PlanCycle has no field 'objectve'",
        ),
        (
            "circles.toml", "number = 1", 'number = "one"',
            "circles.toml step 5 (StartCycle on day 1): Expected `int`, got `str` - at `$.number`",
        ),
        (
            "navigator.toml", 'by = "ben"', 'by = "bne"',
            "navigator.toml step 1 (RegisterPilot on day 3): 'bne' is not one of the [people]",
        ),
        (
            "huddles.toml", 'do = "Pause"', 'do = "Suspend"',
            "huddles.toml step 6 (Suspend on day 26): `do` must be one of AddInsight, AssignRole",
        ),
        (
            "carers.toml", 'decision = "abandon"', 'decision = "stop"',
            "carers.toml step 12 (Decide on day 37): decision: must be one of",
        ),
        (
            "postcards.toml", 'question = "Who else could answer the cards?"',
            'question = "Who else could answer them?"',
            "postcards.toml step 21 (AddInsight on day 57): no question 'Who else could answer "
            "them?' was raised",
        ),
        (
            "circles.toml", "day = 8", "day = -1",
            "circles.toml step 6: `day` must be a whole number, not before 1",
        ),
        (
            "circles.toml", 'measure = "People at the story circles"\nfrom',
            'measure = "People at the circles"\nfrom',
            "circles.toml step 28 (RecordPoints on day 36): no measure 'People at the circles' "
            "was defined at this pilot",
        ),
        (
            "circles.toml", '"2026-03-12" = ', '"2026-03-13" = ',
            "circles.toml step 28 (RecordPoints on day 36): `notes` must be a table by the days",
        ),
        (
            "circles.toml", 'from = 2026-01-15', 'from = 2026-01-15T09:00:00Z',
            "circles.toml step 28 (RecordPoints on day 36): `values` need `from`, the day of",
        ),
        (
            "circles.toml", 'values = [10, 12, 13]', 'values = [10, 12, 13, 11]',
            "circles.toml step 50 (RecordPoints on day 103): points[3].on: 2026-06-18 is in the "
            "future",
        ),
        ("circles.toml", "[[step]]", "[[step]", "circles.toml: "),
        ("programme.toml", 'role = "reader"', 'role = "guest"', "programme.toml, people.eve: "),
    ],
)  # fmt: skip
def test_a_malformed_programme_names_the_step_at_fault(
    programme: Path, sqlite_url: str, name: str, old: str, new: str, message: str
) -> None:
    spoil(programme, name, old, new)
    services = bootstrap(parse_database_url(sqlite_url))
    try:
        with pytest.raises(DemoDataError) as raised:
            seed(services.pilots, services.accounts, programme)
    finally:
        services.close()
    assert str(raised.value).startswith(message), str(raised.value)


ORIGINS = "programme.toml origins step"


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "programme.toml", 'stories = ["envelope", "nearly-stopped"]',
            'stories = ["envelope", "nearly-stoped"]',
            f"{ORIGINS} 8 (RecordPrinciple on day -20): no earlier [[origins]] step has the key "
            "'nearly-stoped'",
        ),
        (
            "circles.toml", 'tests_idea = "story-circles"', 'tests_idea = "story-circle"',
            "circles.toml step 1 (RegisterPilot on day 0): no earlier [[origins]] step has the "
            "key 'story-circle'",
        ),
        (
            "programme.toml", 'key = "envelope"', 'key = "cafe"',
            f"{ORIGINS} 2 (RecordStory on day -56): `key` must be a text no earlier step used, "
            "not 'cafe'",
        ),
        (
            "programme.toml", 'do = "CreateWorkshop"', 'do = "HoldWorkshop"',
            f"{ORIGINS} 6 (HoldWorkshop on day -20): `do` must be one of AddFacilitator, "
            "CreateWorkshop, MergeIdeas",
        ),
        (
            "programme.toml", "held_on = 2026-02-10", "held = 2026-02-10",
            f"{ORIGINS} 6 (CreateWorkshop on day -20): CreateWorkshop has no field 'held'",
        ),
        (
            "programme.toml", 'consent = "team"', 'consent = "secret"',
            f"{ORIGINS} 5 (RecordStory on day -45): consent: must be one of",
        ),
        (
            "programme.toml", 'from_pilot = "circles"', 'from_pilot = "circle"',
            f"{ORIGINS} 19 (RecordIdea on day 16): no pilot 'circle' was registered by then",
        ),
        (
            "programme.toml", "day = -56", "day = -61",
            f"{ORIGINS} 2: `day` must be a whole number, not before -60",
        ),
    ],
)  # fmt: skip
def test_a_malformed_origin_names_the_step_at_fault(
    programme: Path, sqlite_url: str, name: str, old: str, new: str, message: str
) -> None:
    spoil(programme, name, old, new)
    services = bootstrap(parse_database_url(sqlite_url))
    try:
        with pytest.raises(DemoDataError) as raised:
            seed(services.pilots, services.accounts, programme)
    finally:
        services.close()
    assert str(raised.value).startswith(message), str(raised.value)


def test_the_package_holds_the_files_the_programme_names_and_no_others() -> None:
    package = resources.files("adapters.demo")
    keys = tomllib.loads(package.joinpath("programme.toml").read_text("utf-8"))["pilots"]
    shipped = {item.name for item in package.iterdir() if item.name.endswith(".toml")}
    assert shipped == {"programme.toml", *(f"{key}.toml" for key in keys)}
