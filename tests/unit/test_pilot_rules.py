"""Rules of a pilot as a whole: registration, idea revisions, the team, status, text limits and
corrections."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.errors import InvalidEntry, NotFound, NotPermitted, RuleViolated
from domain.pilot import commands
from domain.pilot.commands import (
    AddInsight,
    AssignRole,
    Conclude,
    Correct,
    CorrectPoint,
    Decide,
    DefineMeasure,
    Pause,
    PlanCycle,
    RecordDo,
    RecordPoints,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RemoveMember,
    ReportAction,
    Resume,
    ReviseIdea,
    RevisePredictions,
    SetQuestionSetVisibility,
    SetQuestionStatus,
    SetReflectionVisibility,
    StartCycle,
    StartPhase,
    WithdrawReflection,
)
from domain.pilot.state import Correction
from domain.rules import ENTRY_MAX, TITLE_MAX
from domain.service import Pilots, Receipt
from domain.values import (
    DataPoint,
    MeasurePrediction,
    Outcome,
    PilotStatus,
    QuestionStatus,
    Role,
    Stage,
)
from tests.unit.builders import (
    PREDICTIONS,
    RESULTS,
    new_pilot,
    pilot_with_cycle_at,
    record_question_set,
    refused,
)

# Fixed, not drawn afresh, so that every test process collects the same test ids.
NO_SUCH_ENTRY = UUID("6d1f3c2a-0b4e-4f7a-9c58-2e8d7b1a4f60")

# Refused commands record nothing, so examples may share one application.
shared_app = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
whitespace = st.text(st.characters(categories=["Zs"]) | st.sampled_from("\t\n\r\x0b\x0c"))
visible = st.characters(codec="utf-8", exclude_categories=["C", "Z"]).filter(
    lambda c: not c.isspace()
)


@pytest.mark.parametrize("field", ["title", "question", "idea"])
@shared_app
@given(blank=whitespace)
def test_registration_needs_a_title_a_question_and_an_idea(
    pilots: Pilots, field: str, blank: str
) -> None:
    with pytest.raises(InvalidEntry, match=f"^{field}: must not be blank"):
        new_pilot(pilots, **{field: blank})
    assert pilots.recorder.max_notification_id() is None


def test_a_title_has_at_most_200_characters(pilots: Pilots) -> None:
    with pytest.raises(InvalidEntry, match=r"^title: must be at most 200"):
        new_pilot(pilots, title="t" * (TITLE_MAX + 1))
    assert pilots.recorder.max_notification_id() is None
    pilot_id, _ = new_pilot(pilots, title=f"  {'t' * TITLE_MAX}  ")
    assert pilots.pilot(pilot_id).title == "t" * TITLE_MAX


def test_themes_are_trimmed_lower_cased_and_de_duplicated(pilots: Pilots) -> None:
    themes = [" Belonging ", "belonging", "Care  Homes", "care homes", "BELONGING", "Voice"]
    pilot_id, _ = new_pilot(pilots, themes=themes)
    assert pilots.pilot(pilot_id).themes == ("belonging", "care homes", "voice")


def test_an_idea_revision_records_the_new_idea(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots, idea="Story circles")
    pilots.execute(ReviseIdea(pilot_id, idea="Story walks", rationale="Rooms are scarce"), lead)
    assert pilots.pilot(pilot_id).idea == "Story walks"


def test_an_idea_revision_needs_a_rationale(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match="^rationale"):
        pilots.execute(ReviseIdea(pilot_id, idea="Story walks", rationale="  "), lead)


@pytest.mark.parametrize("same", ["Story circles", "  story   CIRCLES ", "Story\ncircles"])
def test_a_revised_idea_must_differ_from_the_current_one(pilots: Pilots, same: str) -> None:
    pilot_id, lead = new_pilot(pilots, idea="Story circles")
    with refused(pilots, pilot_id, RuleViolated, match="must differ"):
        pilots.execute(ReviseIdea(pilot_id, idea=same, rationale="Just because"), lead)


def test_pause_only_an_active_pilot_and_resume_only_a_paused_one(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, RuleViolated, match="only a paused pilot"):
        pilots.execute(Resume(pilot_id), lead)
    pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    with refused(pilots, pilot_id, RuleViolated, match="only an active pilot"):
        pilots.execute(Pause(pilot_id, reason="Still summer"), lead)
    assert pilots.execute(Resume(pilot_id), lead).pilot.status == PilotStatus.ACTIVE


def test_a_pilot_concludes_once_and_then_neither_pauses_nor_resumes(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    pilots.execute(Conclude(pilot_id, outcome=Outcome.ADAPTED, summary="Walks, not circles"), lead)
    with refused(pilots, pilot_id, RuleViolated, match="already concluded"):
        pilots.execute(Conclude(pilot_id, outcome=Outcome.ADOPTED, summary="Again"), lead)
    with refused(pilots, pilot_id, RuleViolated):
        pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    with refused(pilots, pilot_id, RuleViolated):
        pilots.execute(Resume(pilot_id), lead)
    assert pilots.pilot(pilot_id).outcome == Outcome.ADAPTED


def test_reflections_and_answers_are_still_welcome_after_the_end(pilots: Pilots) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.DECIDED)
    questions, actions = record_question_set(pilots, pilot_id, lead, actions=("Ask the group",))
    pilots.execute(Conclude(pilot_id, outcome=Outcome.ADOPTED, summary="It works"), lead)
    pilots.execute(RecordReflection(pilot_id, kind="appreciation", text="Thank you", cycle=1), lead)
    pilots.execute(SetQuestionStatus(pilot_id, question_id=questions[0], status="answered"), lead)
    pilots.execute(AddInsight(pilot_id, question_id=questions[0], text="Purpose is shared"), lead)
    pilot = pilots.execute(ReportAction(pilot_id, action_id=actions[0], report="Asked"), lead).pilot
    assert pilot.status == PilotStatus.CONCLUDED
    assert [r.text for r in pilot.reflections.values()] == ["Thank you"]
    assert pilot.questions[questions[0]].status == QuestionStatus.ANSWERED
    assert [i.text for i in pilot.questions[questions[0]].insights] == ["Purpose is shared"]
    assert pilot.action(actions[0]).report == "Asked"


@shared_app
@given(blank=whitespace)
def test_an_entry_must_not_be_blank(pilots: Pilots, blank: str) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match="^text: must not be blank"):
        pilots.execute(RecordReflection(pilot_id, kind="experience", text=blank), lead)


@shared_app
@given(char=visible, extra=st.integers(1, 500), padding=whitespace)
def test_an_entry_has_at_most_10_000_characters(
    pilots: Pilots, char: str, extra: int, padding: str
) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, InvalidEntry, match="^text: must be at most 10000"):
        text = padding + char * (ENTRY_MAX + extra) + padding
        pilots.execute(RecordReflection(pilot_id, kind="experience", text=text), lead)


def test_an_entry_of_exactly_10_000_characters_is_accepted(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    receipt = pilots.execute(RecordReflection(pilot_id, kind="meaning", text="m" * ENTRY_MAX), lead)
    assert [len(r.text) for r in receipt.pilot.reflections.values()] == [ENTRY_MAX]


@pytest.mark.parametrize(
    "entry",
    [
        "colour",
        "title:extra",
        "cycle:2:learning",
        "cycle:1:colour",
        "cycle:one:learning",
        f"reflection:{NO_SUCH_ENTRY}",
        "reflection:not-an-id",
        f"insight:{NO_SUCH_ENTRY}",
    ],
)
def test_a_correction_names_an_existing_entry(pilots: Pilots, entry: str) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.DECIDED)
    with refused(pilots, pilot_id, NotFound):
        pilots.execute(Correct(pilot_id, entry=entry, text="Right", reason="Typo"), lead)


def test_a_correction_needs_a_reason_and_a_change(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots, title="Story circels")
    with refused(pilots, pilot_id, InvalidEntry, match="^reason"):
        pilots.execute(Correct(pilot_id, entry="title", text="Story circles", reason=" "), lead)
    with refused(pilots, pilot_id, RuleViolated, match="must change"):
        pilots.execute(
            Correct(pilot_id, entry="title", text=" Story circels ", reason="Typo"), lead
        )
    pilots.execute(Correct(pilot_id, entry="title", text="Story circles", reason="Typo"), lead)
    assert pilots.pilot(pilot_id).title == "Story circles"


def test_a_correction_shows_the_new_text_and_keeps_the_old(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    wrong = pilots.execute(RecordReflection(pilot_id, kind="observation", text="Ten came"), lead)
    reflection_id = wrong.events[0].reflection_id  # type: ignore[attr-defined]
    entry = f"reflection:{reflection_id}"
    pilots.execute(Correct(pilot_id, entry=entry, text="Twelve came", reason="Miscount"), lead)
    pilot = pilots.pilot(pilot_id)
    assert pilot.reflections[reflection_id].text == "Twelve came"
    corrected_at = pilots.history(pilot_id)[-1].timestamp
    assert pilot.corrections == [
        Correction(entry, "Ten came", "Twelve came", "Miscount", lead, corrected_at)
    ]
    texts = [getattr(e, "text", None) for e in pilots.history(pilot_id)]
    assert texts == [None, "Ten came", "Twelve came"]


@pytest.mark.parametrize("entry", ["cycle:1:learning", "cycle:1:rationale", "summary"])
def test_a_correction_cannot_fill_an_entry_that_was_never_made(pilots: Pilots, entry: str) -> None:
    pilot_id, lead = pilot_with_cycle_at(pilots, Stage.PLANNED)
    with refused(pilots, pilot_id, (NotFound, RuleViolated)):
        pilots.execute(
            Correct(pilot_id, entry=entry, text="Filled in early", reason="Why not"), lead
        )


# -- who writes ----------------------------------------------------------------------------------

PAUSED = "paused"


# The day of the team pilot's one measure value, and a later day for a new phase.
MEASURED_ON, LATER = date(2026, 5, 1), date(2026, 5, 8)


@dataclass(frozen=True)
class Team:
    """A pilot with a member, one question and one action, a measure with a value on
    `MEASURED_ON`, whose cycle 1 is at some stage."""

    pilot_id: UUID
    lead: UUID
    member: UUID
    question: UUID
    action: UUID
    reflection: UUID
    question_set: UUID
    measure: UUID


def team_pilot(pilots: Pilots, stage: Stage | str | None = None) -> Team:
    if isinstance(stage, Stage):
        pilot_id, lead = pilot_with_cycle_at(pilots, stage)
    else:
        pilot_id, lead = new_pilot(pilots)
    member = uuid4()
    pilots.execute(AssignRole(pilot_id, user=member, role=Role.MEMBER), lead)
    questions, actions = record_question_set(pilots, pilot_id, lead, actions=("Ask the group",))
    reflected = pilots.execute(RecordReflection(pilot_id, kind="meaning", text="It helps"), lead)
    reflection = reflected.events[-1].reflection_id  # type: ignore[attr-defined]
    meeting = pilots.pilot(pilot_id).questions[questions[0]].set_id
    defined = pilots.execute(
        DefineMeasure(
            pilot_id, name="Attendance", kind="outcome", definition="People at a circle",
            improvement="up",
        ),
        lead,
    )  # fmt: skip
    measure = defined.events[-1].measure_id  # type: ignore[attr-defined]
    pilots.execute(
        RecordPoints(pilot_id, measure_id=measure, points=[DataPoint(MEASURED_ON, 9)]), lead
    )
    if stage == PAUSED:
        pilots.execute(Pause(pilot_id, reason="Summer"), lead)
    return Team(pilot_id, lead, member, questions[0], actions[0], reflection, meeting, measure)


Write = Callable[[Pilots, Team, UUID], Receipt]
TEAM_WRITES: dict[str, tuple[Stage | str | None, Write]] = {
    "assign_role": (
        None,
        lambda p, t, a: p.execute(AssignRole(t.pilot_id, user=uuid4(), role="lead"), a),
    ),
    "remove_member": (None, lambda p, t, a: p.execute(RemoveMember(t.pilot_id, user=t.member), a)),
}
# Commands only the author of an entry, or a lead, may send; an outsider who cannot read the
# entry (a set meeting is the team's) finds nothing there.
OWNER_WRITES: dict[str, tuple[type[Exception], Write]] = {
    "set_reflection_visibility": (
        NotPermitted,
        lambda p, t, a: p.execute(
            SetReflectionVisibility(t.pilot_id, reflection_id=t.reflection, visibility="team"), a
        ),
    ),
    "withdraw_reflection": (
        NotPermitted,
        lambda p, t, a: p.execute(
            WithdrawReflection(t.pilot_id, reflection_id=t.reflection, reason="Too personal"), a
        ),
    ),
    "set_question_set_visibility": (
        NotFound,
        lambda p, t, a: p.execute(
            SetQuestionSetVisibility(t.pilot_id, set_id=t.question_set, visibility="community"), a
        ),
    ),
}
WRITES: dict[str, tuple[Stage | str | None, Write]] = {
    "revise_idea": (
        None,
        lambda p, t, a: p.execute(
            ReviseIdea(t.pilot_id, idea="Walks", rationale="Rooms are scarce"), a
        ),
    ),
    "plan_cycle": (
        None,
        lambda p, t, a: p.execute(
            PlanCycle(
                t.pilot_id,
                objective="Try",
                predictions=PREDICTIONS,
                measures=[MeasurePrediction(t.measure, "Twelve will come")],
            ),
            a,
        ),
    ),
    "revise_predictions": (
        Stage.PLANNED,
        lambda p, t, a: p.execute(
            RevisePredictions(
                t.pilot_id,
                number=1,
                predictions=PREDICTIONS[:1],
                measures=[MeasurePrediction(t.measure, "Ten will come")],
            ),
            a,
        ),
    ),
    "start_cycle": (Stage.PLANNED, lambda p, t, a: p.execute(StartCycle(t.pilot_id, number=1), a)),
    "record_do": (
        Stage.STARTED,
        lambda p, t, a: p.execute(RecordDo(t.pilot_id, number=1, what_happened="Ran"), a),
    ),
    "record_study": (
        Stage.DONE,
        lambda p, t, a: p.execute(
            RecordStudy(t.pilot_id, number=1, results=RESULTS, learning="Came"), a
        ),
    ),
    "decide": (
        Stage.STUDIED,
        lambda p, t, a: p.execute(
            Decide(t.pilot_id, number=1, decision="adopt", rationale="Worked"), a
        ),
    ),
    "record_reflection": (
        None,
        lambda p, t, a: p.execute(
            RecordReflection(t.pilot_id, kind="experience", text="We met"), a
        ),
    ),
    "record_question_set": (
        None,
        lambda p, t, a: p.execute(
            RecordQuestionSet(t.pilot_id, held_on=date(2026, 5, 8), questions=["How did it feel?"]),
            a,
        ),
    ),
    "add_insight": (
        None,
        lambda p, t, a: p.execute(
            AddInsight(t.pilot_id, question_id=t.question, text="Shared aims"), a
        ),
    ),
    "set_question_status": (
        None,
        lambda p, t, a: p.execute(
            SetQuestionStatus(t.pilot_id, question_id=t.question, status="explored"), a
        ),
    ),
    "report_action": (
        None,
        lambda p, t, a: p.execute(ReportAction(t.pilot_id, action_id=t.action, report="Asked"), a),
    ),
    "pause": (None, lambda p, t, a: p.execute(Pause(t.pilot_id, reason="Summer"), a)),
    "resume": (PAUSED, lambda p, t, a: p.execute(Resume(t.pilot_id), a)),
    "conclude": (
        None,
        lambda p, t, a: p.execute(Conclude(t.pilot_id, outcome="adopted", summary="It works"), a),
    ),
    "correct": (
        None,
        lambda p, t, a: p.execute(
            Correct(t.pilot_id, entry="title", text="Walks", reason="Renamed"), a
        ),
    ),
    "define_measure": (
        None,
        lambda p, t, a: p.execute(
            DefineMeasure(
                t.pilot_id,
                name="Return visits",
                kind="process",
                definition="Came back",
                improvement="up",
                unit="people",
            ),
            a,
        ),
    ),
    "record_points": (
        None,
        lambda p, t, a: p.execute(
            RecordPoints(t.pilot_id, measure_id=t.measure, points=[DataPoint(LATER, 11)]), a
        ),
    ),
    "correct_point": (
        None,
        lambda p, t, a: p.execute(
            CorrectPoint(
                t.pilot_id, measure_id=t.measure, on=MEASURED_ON, value=10, reason="Miscount"
            ),
            a,
        ),
    ),
    "start_phase": (
        None,
        lambda p, t, a: p.execute(
            StartPhase(t.pilot_id, measure_id=t.measure, starts=LATER, reason="New room"), a
        ),
    ),
}
BASES = {commands.Command, commands.PilotCommand, commands.CycleCommand}


def test_the_write_cases_cover_every_command_of_the_service() -> None:
    every = {
        re.sub(r"(?<!^)(?=[A-Z])", "_", kind.__name__).lower()
        for kind in vars(commands).values()
        if isinstance(kind, type) and issubclass(kind, commands.Command) and kind not in BASES
    }
    assert every - {"register_pilot"} == set(WRITES) | set(TEAM_WRITES) | set(OWNER_WRITES)


@pytest.mark.parametrize("command", [*WRITES, *TEAM_WRITES])
def test_an_outsider_may_not_write(pilots: Pilots, command: str) -> None:
    stage, write = (WRITES | TEAM_WRITES)[command]
    team = team_pilot(pilots, stage)
    with refused(pilots, team.pilot_id, NotPermitted):
        write(pilots, team, uuid4())
    assert write(pilots, team, team.lead).events


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FACILITATOR])
@pytest.mark.parametrize("command", list(WRITES))
def test_members_and_facilitators_may_write(pilots: Pilots, command: str, role: Role) -> None:
    stage, write = WRITES[command]
    team = team_pilot(pilots, stage)
    writer = uuid4()
    pilots.execute(AssignRole(team.pilot_id, user=writer, role=role), team.lead)
    assert write(pilots, team, writer).events


@pytest.mark.parametrize("command", list(OWNER_WRITES))
def test_only_the_author_or_a_lead_shares_or_withdraws_an_entry(
    pilots: Pilots, command: str
) -> None:
    refusal, write = OWNER_WRITES[command]
    team = team_pilot(pilots)
    with refused(pilots, team.pilot_id, refusal):
        write(pilots, team, uuid4())
    with refused(pilots, team.pilot_id, NotPermitted, match="or a lead"):
        write(pilots, team, team.member)
    assert write(pilots, team, team.lead).events


@pytest.mark.parametrize("role", [Role.MEMBER, Role.FACILITATOR])
@pytest.mark.parametrize("command", list(TEAM_WRITES))
def test_only_a_lead_changes_the_team(pilots: Pilots, command: str, role: Role) -> None:
    team = team_pilot(pilots)
    writer = uuid4()
    pilots.execute(AssignRole(team.pilot_id, user=writer, role=role), team.lead)
    with refused(pilots, team.pilot_id, NotPermitted, match="only a lead"):
        TEAM_WRITES[command][1](pilots, team, writer)


def test_the_team_keeps_a_lead(pilots: Pilots) -> None:
    pilot_id, lead = new_pilot(pilots)
    with refused(pilots, pilot_id, RuleViolated, match="must keep a lead"):
        pilots.execute(AssignRole(pilot_id, user=lead, role=Role.MEMBER), lead)
    with refused(pilots, pilot_id, RuleViolated, match="must keep a lead"):
        pilots.execute(RemoveMember(pilot_id, user=lead), lead)
    other = uuid4()
    pilots.execute(AssignRole(pilot_id, user=other, role=Role.LEAD), lead)
    pilots.execute(AssignRole(pilot_id, user=lead, role=Role.MEMBER), lead)
    assert pilots.pilot(pilot_id).team == {lead: Role.MEMBER, other: Role.LEAD}
    with refused(pilots, pilot_id, RuleViolated, match="must keep a lead"):
        pilots.execute(RemoveMember(pilot_id, user=other), other)
    pilots.execute(RemoveMember(pilot_id, user=lead), other)
    assert pilots.pilot(pilot_id).team == {other: Role.LEAD}
