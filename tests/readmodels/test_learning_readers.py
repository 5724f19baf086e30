"""The question ledger, the learning summary and the method checks read for a reader: a set
meeting's questions and insights reach only those who may read the meeting as it stands now,
on SQLite and PostgreSQL (`any_sql`), from the read models and from the log alike."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.errors import DomainError
from domain.pilot import Pilot
from domain.pilot.commands import (
    AddInsight,
    AssignRole,
    Correct,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordReflection,
    RegisterPilot,
    RemoveMember,
    SetQuestionSetVisibility,
    SetQuestionStatus,
    StartCycle,
    WithdrawReflection,
)
from domain.pilot.visibility import Reader
from domain.service import Pilots
from domain.values import Prediction
from projections.access.model import AccessModel
from projections.audit.compare import compare
from projections.engine.base import Sql
from projections.learning.from_log import rows_at
from projections.learning.memo import Memo
from projections.learning.model import LearningModel
from projections.learning.queries import load_rows
from projections.learning.scope import Scope
from projections.learning.summary import LearningSummary, summarise
from projections.learning.totals import keyed_insights, open_questions, summary_for
from projections.method_checks.model import MethodChecksModel
from projections.method_checks.queries import checks_for
from projections.method_checks.queries import summary as tally
from projections.question_ledger.model import QuestionLedgerModel
from projections.question_ledger.queries import history_of, questions
from tests.readmodels.story import batches, events
from tests.web.conftest import Api
from tests.web.pages_support import Site, site_fixture  # noqa: F401 (fixture)
from tests.web.scenes import scene

LEAD = UUID("00000000-0000-4000-8000-0000000000a1")
MEMBER = UUID("00000000-0000-4000-8000-0000000000b2")
OUTSIDER = UUID("00000000-0000-4000-8000-0000000000c3")
PEOPLE = (LEAD, MEMBER, OUTSIDER)
READERS = (*(Reader.person(p) for p in PEOPLE), Reader.community(), Reader.team())
HELD = date(2026, 5, 1)
MODELS = (AccessModel, QuestionLedgerModel, MethodChecksModel, LearningModel)


def a_pilot(pilots: Pilots) -> UUID:
    """A pilot led by LEAD with MEMBER on its team; OUTSIDER is on no team."""
    pilot_id = pilots.execute(
        RegisterPilot(title="Walks", question="How?", idea="I"), LEAD
    ).pilot.id
    pilots.execute(AssignRole(pilot_id, user=MEMBER, role="member"), LEAD)
    return pilot_id


def a_done_cycle_with_a_private_reflection() -> tuple[Pilots, UUID]:
    """A pilot in memory whose first cycle is done, with MEMBER's private reflection on it."""
    pilots = open_pilots(parse_database_url("memory://"))
    pilot_id = a_pilot(pilots)
    pilots.execute(PlanCycle(pilot_id, objective="Try", predictions=[Prediction("Q?", "A")]), LEAD)
    pilots.execute(StartCycle(pilot_id, number=1), LEAD)
    pilots.execute(RecordDo(pilot_id, number=1, what_happened="It", as_planned=True), LEAD)
    reflect = RecordReflection(pilot_id, kind="meaning", text="Mine", cycle=1, visibility="private")
    pilots.execute(reflect, MEMBER)
    return pilots, pilot_id


def meet(pilots: Pilots, pilot_id: UUID, visibility: str, by: UUID = LEAD) -> tuple[UUID, UUID]:
    """A set meeting with one question and an insight on it: (set, question)."""
    command = RecordQuestionSet(
        pilot_id, held_on=HELD, questions=["What helped?"], visibility=visibility
    )
    (set_id, meeting) = next(reversed(pilots.execute(command, by).pilot.question_sets.items()))
    (question_id,) = meeting.question_ids
    pilots.execute(AddInsight(pilot_id, question_id=question_id, text="Tea first"), by)
    return set_id, question_id


def kept(sql: Sql, pilots: Pilots, cuts: set[int] | None = None) -> Sql:
    """The read models read here, and the access model they ask, fed the whole log afresh in
    the batches the cuts make."""
    models = [model() for model in MODELS]
    for model in models:
        model.drop(sql)
        model.create(sql)
    for batch in batches(events(pilots), cuts or set()):
        for model in models:
            model.apply(sql, batch)
    return sql


def ledger(sql: Sql, who: Reader) -> set[UUID]:
    return {q.question_id for q in questions(sql, reader=who)}


def summary(sql: Sql, pilots: Pilots, who: Reader, scope: Scope | None = None) -> LearningSummary:
    """The summary from the read model's rows and from its counts and first pages, each
    checked against the one folded from the log."""
    scope = scope or Scope()
    served = summarise(load_rows(sql, reader=who), scope)
    folded = summarise(rows_at(pilots, reader=who), scope)
    assert served == folded
    assert summary_for(sql, who, scope, Memo()) == folded
    return served


def walked(read: Callable[[Any, int], list[Any]], key: Callable[[Any], Any]) -> list[Any]:
    """Every item of a list read three at a time, each page after the last key of the one
    before, as the paged routes read them."""
    found: list[Any] = []
    after = None
    while page := read(after, 3):
        found.extend(page)
        after = key(page[-1])
    return found


def test_a_team_meeting_is_read_by_the_team_and_not_by_an_outsider(any_sql: Sql) -> None:
    pilots = open_pilots(parse_database_url("memory://"))
    pilot_id = a_pilot(pilots)
    _, question_id = meet(pilots, pilot_id, "team")
    sql = kept(any_sql, pilots)
    for who in (Reader.person(LEAD), Reader.person(MEMBER), Reader.team()):
        assert ledger(sql, who) == {question_id}
        assert history_of(sql, pilot_id, question_id, reader=who) is not None
        found = summary(sql, pilots, who)
        assert [(i.question, i.text) for i in found.insights] == [("What helped?", "Tea first")]
        assert [q.question_id for q in found.open_questions] == [question_id]
    for who in (Reader.person(OUTSIDER), Reader.community()):
        assert ledger(sql, who) == set()
        assert history_of(sql, pilot_id, question_id, reader=who) is None
        found = summary(sql, pilots, who)
        assert (found.insights, found.open_questions, found.pilots) == ([], [], 1)


def test_a_private_meeting_is_read_by_its_author_alone(any_sql: Sql) -> None:
    pilots = open_pilots(parse_database_url("memory://"))
    pilot_id = a_pilot(pilots)
    _, question_id = meet(pilots, pilot_id, "private", by=MEMBER)
    sql = kept(any_sql, pilots)
    assert ledger(sql, Reader.person(MEMBER)) == {question_id}
    assert len(summary(sql, pilots, Reader.person(MEMBER)).insights) == 1
    for who in (Reader.person(LEAD), Reader.person(OUTSIDER), Reader.team(), Reader.community()):
        assert ledger(sql, who) == set()
        assert history_of(sql, pilot_id, question_id, reader=who) is None
        assert summary(sql, pilots, who).insights == []


def test_narrowing_a_meeting_hides_the_rows_written_before(any_sql: Sql) -> None:
    """The rows were written while the meeting was the community's; a batch that narrows it
    hides them at once, and a member taken off the team stops reading what is the team's."""
    pilots = open_pilots(parse_database_url("memory://"))
    pilot_id = a_pilot(pilots)
    set_id, question_id = meet(pilots, pilot_id, "community")
    sql = kept(any_sql, pilots)
    outsider = Reader.person(OUTSIDER)
    assert ledger(sql, outsider) == {question_id}
    assert len(summary(sql, pilots, outsider).insights) == 1
    pilots.execute(SetQuestionSetVisibility(pilot_id, set_id=set_id, visibility="team"), LEAD)
    pilots.execute(RemoveMember(pilot_id, user=MEMBER), LEAD)
    sql = kept(sql, pilots)
    for who in (outsider, Reader.person(MEMBER)):
        assert ledger(sql, who) == set()
        assert history_of(sql, pilot_id, question_id, reader=who) is None
        assert summary(sql, pilots, who).open_questions == []
    assert ledger(sql, Reader.person(LEAD)) == {question_id}


def test_the_method_checks_count_only_the_reflections_and_questions_a_reader_may_read(
    any_sql: Sql,
) -> None:
    pilots, pilot_id = a_done_cycle_with_a_private_reflection()
    meet(pilots, pilot_id, "team")
    sql = kept(any_sql, pilots)

    def reflected(who: UUID) -> bool:
        found = {c.name: c.ok for c in checks_for(sql, pilot_id, reader=Reader.person(who))}
        return found["reflections"]

    assert reflected(MEMBER)
    assert not reflected(LEAD)
    assert not reflected(OUTSIDER)
    assert tally(sql, reader=Reader.person(MEMBER))["reflections"] == (1, 1)
    assert tally(sql, reader=Reader.person(LEAD))["reflections"] == (0, 1)
    assert tally(sql, reader=Reader.person(LEAD))["questions_revisited"] == (0, 1)  # long open
    assert tally(sql, reader=Reader.person(OUTSIDER))["questions_revisited"] == (0, 0)
    outside = {c.name for c in checks_for(sql, pilot_id, reader=Reader.person(OUTSIDER))}
    assert "questions_revisited" not in outside


def test_a_question_the_reader_may_not_read_is_404_as_if_unknown(api: Api) -> None:
    the_scene = scene(api)  # a set meeting of the team: lead, member and facilitator
    url = f"{the_scene.url}/questions/{the_scene.question_id}"
    assert api.get(url, who="member").status_code == 200
    for who in ("outsider", "reader"):
        hidden = api.get(url, who=who)
        assert hidden.status_code == 404
        unknown = api.get(f"{the_scene.url}/questions/{UUID(int=7)}", who=who)
        assert hidden.json() == unknown.json()


def test_the_question_page_is_404_for_someone_off_the_team(site: Site) -> None:
    pilots = site.services.pilots
    lead = site.ids["lead"]
    pilot_id = pilots.execute(
        RegisterPilot(title="Walks", question="How?", idea="I"), lead
    ).pilot.id
    pilots.execute(AssignRole(pilot_id, user=site.ids["member"], role="member"), lead)
    command = RecordQuestionSet(pilot_id, held_on=HELD, questions=["What helped?"])
    (question_id,) = pilots.execute(command, lead).pilot.questions
    url = f"/pilots/{pilot_id}/questions/{question_id}"
    assert site.as_("member").get(url).status_code == 200
    assert site.as_("outsider").get(url).status_code == 404


def test_a_withdrawn_reflection_reaches_every_model_and_comparison_without_its_text(
    stored_pilots: Pilots, any_sql: Sql
) -> None:
    """Replayed after its withdrawal, a reflection and its corrections read as None."""
    pilot_id = a_pilot(stored_pilots)
    pilots = stored_pilots
    pilots.execute(PlanCycle(pilot_id, objective="Try", predictions=[Prediction("Q?", "A")]), LEAD)
    recorded = pilots.execute(
        RecordReflection(pilot_id, kind="meaning", text="Oops", cycle=1), LEAD
    )
    (reflection_id,) = recorded.pilot.reflections
    entry = f"reflection:{reflection_id}"
    pilots.execute(Correct(pilot_id, entry=entry, text="Oops again", reason="Typo"), LEAD)
    before = pilots.pilot(pilot_id).version
    pilots.execute(WithdrawReflection(pilot_id, reflection_id=reflection_id, reason="No"), LEAD)
    sql = kept(any_sql, pilots)
    assert [c.name for c in checks_for(sql, pilot_id, reader=Reader.person(LEAD))] == []
    assert summary(sql, pilots, Reader.person(LEAD)).pilots == 1
    changes = compare(pilots.pilot(pilot_id, version=1), pilots.pilot(pilot_id))
    (reflected,) = [c for c in changes if c.part.startswith("Reflection")]
    assert (reflected.before, reflected.after.startswith("Withdrawn")) == ("", True)
    (withdrawal,) = compare(pilots.pilot(pilot_id, version=before), pilots.pilot(pilot_id))
    assert withdrawal.after.startswith("Withdrawn by its author on ")
    assert "Oops" not in repr(changes)


# -- the rule, checked against the domain ------------------------------------------------------

STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("meet"),
            st.integers(0, 1),
            st.sampled_from(["private", "team", "community"]),
            st.sampled_from([LEAD, MEMBER]),
        ),
        st.tuples(st.just("insight"), st.integers(0, 1), st.integers(0, 9)),
        st.tuples(
            st.just("share"),
            st.integers(0, 1),
            st.integers(0, 9),
            st.sampled_from(["private", "team", "community"]),
        ),
        st.tuples(st.just("settle"), st.integers(0, 1), st.integers(0, 9)),
        st.tuples(st.just("remove"), st.integers(0, 1)),
        st.tuples(st.just("join"), st.integers(0, 1)),
    ),
    max_size=14,
)


def play(pilots: Pilots, steps: list[tuple[Any, ...]]) -> list[UUID]:
    """Two pilots and the steps; a step the domain refuses (say, sharing a meeting one did
    not record) is skipped, as the person would be told no."""
    ids = [a_pilot(pilots), a_pilot(pilots)]
    for kind, which, *args in steps:
        pilot_id = ids[which]
        with contextlib.suppress(DomainError):
            run(pilots, pilot_id, pilots.pilot(pilot_id), kind, args)
    return ids


def run(pilots: Pilots, pilot_id: UUID, pilot: Pilot, kind: str, args: list[Any]) -> None:
    asked, sets = list(pilot.questions), list(pilot.question_sets.values())
    if kind == "meet":
        meet(pilots, pilot_id, *args)
    elif kind == "insight" and asked:
        question = asked[args[0] % len(asked)]
        pilots.execute(AddInsight(pilot_id, question_id=question, text="More"), LEAD)
    elif kind == "share" and sets:
        meeting = sets[args[0] % len(sets)]
        share = SetQuestionSetVisibility(pilot_id, set_id=meeting.id, visibility=args[1])
        pilots.execute(share, meeting.author or LEAD)
    elif kind == "settle" and asked:
        question = asked[args[0] % len(asked)]
        pilots.execute(SetQuestionStatus(pilot_id, question_id=question, status="explored"), LEAD)
    elif kind == "remove":
        pilots.execute(RemoveMember(pilot_id, user=MEMBER), LEAD)
    elif kind == "join":
        pilots.execute(AssignRole(pilot_id, user=MEMBER, role="member"), LEAD)


def expected(pilots: Pilots, ids: list[UUID], who: Reader) -> dict[UUID, list[str]]:
    """Each question `who` may read, with its insights, from each pilot as the domain has it
    now: the reference, written without the access model."""
    found = {}
    for pilot_id in ids:
        pilot = pilots.pilot(pilot_id)
        for question in pilot.questions.values():
            meeting = pilot.question_sets[question.set_id]
            if who.may_read(meeting.visibility, meeting.author, pilot.team):
                found[question.id] = [i.text for i in question.insights]
    return found


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(steps=STEPS, cuts=st.sets(st.integers(1, 40), max_size=4))
def test_each_reader_gets_what_the_domain_lets_them_read(
    any_sql: Sql, steps: list[tuple[Any, ...]], cuts: set[int]
) -> None:
    pilots = open_pilots(parse_database_url("memory://"))
    ids = play(pilots, steps)
    sql = kept(any_sql, pilots, cuts)
    for who in READERS:
        readable = expected(pilots, ids, who)
        assert ledger(sql, who) == set(readable)
        found = summary(sql, pilots, who)  # the read model's, equal to the log's
        for scope in (Scope(since=HELD), Scope(until=HELD - timedelta(days=1))):
            summary(sql, pilots, who, scope)
        asked = walked(
            lambda after, n, who=who: open_questions(sql, who, Scope(), None, after, n),
            lambda q: (q.asked_on.isoformat(), str(q.pilot_id), str(q.question_id)),
        )
        assert len(asked) == found.open_questions_count == len(readable)  # none settled
        assert {q.question_id for q in asked} == set(readable)
        noted = walked(
            lambda after, n, who=who: keyed_insights(sql, who, Scope(), after, n),
            lambda item: item[0],
        )
        texts = sorted(text for texts in readable.values() for text in texts)
        assert len(noted) == found.insights_count == len(texts)
        assert sorted(note.text for _, note in noted) == texts
