"""Search shows each reader only what they may read, on SQLite and on PostgreSQL: a `private`
entry its author alone, a `team` entry the pilot's team as it is now, a `community` entry
everyone; a set meeting's insights go with the meeting. A withdrawn reflection is found by no
one and leaves no copy of its text in the search tables, live or rebuilt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.errors import DomainError
from domain.pilot.commands import (
    AddInsight,
    AssignRole,
    Command,
    Correct,
    RecordQuestionSet,
    RecordReflection,
    RegisterPilot,
    RemoveMember,
    SetQuestionSetVisibility,
    SetReflectionVisibility,
    WithdrawReflection,
)
from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.access.model import AccessModel
from projections.engine.base import ReadModel, Row, Sql
from projections.search.model import SearchModel
from projections.search.queries import search
from tests.readmodels.conftest import project, sqlite_sql
from tests.readmodels.story import LEAD, MEMBER, events

OUTSIDER = UUID("00000000-0000-4000-8000-00000000000c")
FACILITATOR = UUID("00000000-0000-4000-8000-00000000000d")
PEOPLE = {"lead": LEAD, "member": MEMBER, "facilitator": FACILITATOR, "outsider": OUTSIDER}
VISIBILITIES = ("private", "team", "community")
HELD_ON = date(2026, 5, 1)


def team_pilot(pilots: Pilots) -> UUID:
    pilot_id = pilots.execute(
        RegisterPilot(title="Gardens", question="How?", idea="Shared gardens"), LEAD
    ).pilot.id
    pilots.execute(AssignRole(pilot_id, user=MEMBER, role="member"), LEAD)
    pilots.execute(AssignRole(pilot_id, user=FACILITATOR, role="facilitator"), LEAD)
    return pilot_id


def reflect(pilots: Pilots, pilot_id: UUID, who: UUID, text: str, visibility: str) -> UUID:
    command = RecordReflection(pilot_id, kind="observation", text=text, visibility=visibility)
    return pilots.execute(command, who).events[-1].reflection_id  # type: ignore[attr-defined,no-any-return]


def meet(pilots: Pilots, pilot_id: UUID, who: UUID, insight: str, visibility: str) -> UUID:
    """A set meeting with one question and one insight on it; the meeting's id."""
    command = RecordQuestionSet(
        pilot_id, held_on=HELD_ON, questions=["What helped?"], visibility=visibility
    )
    held = pilots.execute(command, who).events[-1]
    question = held.questions[0].id  # type: ignore[attr-defined]
    pilots.execute(AddInsight(pilot_id, question_id=question, text=insight), who)
    return held.set_id  # type: ignore[attr-defined,no-any-return]


def kinds(sql: Sql, word: str, reader: Reader) -> list[str]:
    return sorted(hit.kind for hit in search(sql, word, reader=reader))


def test_each_reader_finds_only_what_they_may_read(pilots: Pilots, any_sql: Sql) -> None:
    pilot_id = team_pilot(pilots)
    reflect(pilots, pilot_id, MEMBER, "Zanzibar notes of my own", "private")
    reflect(pilots, pilot_id, LEAD, "Quokka sightings by the shed", "team")
    reflect(pilots, pilot_id, MEMBER, "Marmalade for everyone", "community")
    meet(pilots, pilot_id, LEAD, "Lanterns help in winter", "team")
    meet(pilots, pilot_id, MEMBER, "Harbour walks draw neighbours", "community")
    meet(pilots, pilot_id, LEAD, "Tangerine is the lead's alone", "private")
    project(any_sql, pilots)
    found = {
        (word, who): kinds(any_sql, word, Reader.person(person))
        for word in ("zanzibar", "quokka", "marmalade", "lanterns", "harbour", "tangerine")
        for who, person in PEOPLE.items()
    }
    team = {"lead", "member", "facilitator"}
    expected = {
        "zanzibar": ({"member"}, "reflection"),
        "quokka": (team, "reflection"),
        "marmalade": (set(PEOPLE), "reflection"),
        "lanterns": (team, "insight"),
        "harbour": (set(PEOPLE), "insight"),
        "tangerine": ({"lead"}, "insight"),
    }
    assert found == {
        (word, who): [kind] if who in readers else []
        for word, (readers, kind) in expected.items()
        for who in PEOPLE
    }
    assert kinds(any_sql, "gardens", Reader.person(OUTSIDER)) == ["idea"]  # the record: all


def test_team_entries_follow_the_team_and_the_visibility_as_they_are_now(
    pilots: Pilots, any_sql: Sql
) -> None:
    pilot_id = team_pilot(pilots)
    reflection = reflect(pilots, pilot_id, MEMBER, "Quokka sightings by the shed", "team")
    meeting = meet(pilots, pilot_id, LEAD, "Lanterns help in winter", "community")
    pilots.execute(RemoveMember(pilot_id, user=MEMBER), LEAD)
    pilots.execute(SetQuestionSetVisibility(pilot_id, set_id=meeting, visibility="team"), LEAD)
    project(any_sql, pilots)
    assert kinds(any_sql, "quokka", Reader.person(MEMBER)) == ["reflection"]  # the author
    assert kinds(any_sql, "lanterns", Reader.person(MEMBER)) == []  # off the team now
    assert kinds(any_sql, "lanterns", Reader.person(OUTSIDER)) == []
    assert kinds(any_sql, "lanterns", Reader.person(FACILITATOR)) == ["insight"]
    change = SetReflectionVisibility(pilot_id, reflection_id=reflection, visibility="private")
    pilots.execute(change, MEMBER)
    project(any_sql, pilots)
    assert kinds(any_sql, "quokka", Reader.person(LEAD)) == []
    assert kinds(any_sql, "quokka", Reader.team()) == []


def test_the_reader_is_applied_before_the_limit(pilots: Pilots, any_sql: Sql) -> None:
    pilot_id = team_pilot(pilots)
    for n in range(3):  # shorter and written first: they rank first on either database
        meet(pilots, pilot_id, LEAD, f"Lanterns {n}", "team")
    reflect(pilots, pilot_id, LEAD, "Lanterns for everyone on the long way home", "community")
    project(any_sql, pilots)
    assert kinds(any_sql, "lanterns", Reader.person(LEAD)) == ["insight"] * 3 + ["reflection"]
    hits = search(any_sql, "lanterns", limit=1, reader=Reader.person(OUTSIDER))
    assert [hit.kind for hit in hits] == ["reflection"]


# -- withdrawal ---------------------------------------------------------------------------------


def fresh(sql: Sql) -> list[ReadModel]:
    """Search and the access model it asks, alone: other models change in their own work."""
    models: list[ReadModel] = [AccessModel(), SearchModel()]
    for model in models:
        model.drop(sql)
        model.create(sql)
    return models


def rebuilt(sql: Sql, pilots: Pilots) -> None:
    """The models rebuilt from the log as it is now, withdrawn texts shredded, in one batch."""
    for model in fresh(sql):
        model.apply(sql, events(pilots))


def live(sql: Sql, pilots: Pilots) -> Callable[[], None]:
    """The models kept current as the runner does: each call applies the events written since
    the last, read while their text is still there."""
    models = fresh(sql)
    seen = [0]

    def catch_up() -> None:
        batch = [notice for notice in events(pilots) if notice.position > seen[0]]
        if batch:
            for model in models:
                model.apply(sql, batch)
            seen[0] = batch[-1].position

    return catch_up


def search_rows(sql: Sql) -> tuple[list[Row], list[Row]]:
    documents = sql.rows(
        "SELECT doc_key, record_id, part_id, audience, teller, recorder, kind, text, position "
        "FROM rm_search_documents ORDER BY doc_key"
    )
    return documents, sql.rows("SELECT record_id, title FROM rm_search_titles ORDER BY record_id")


def test_a_withdrawn_reflection_is_found_by_no_one_and_leaves_no_copy(
    pilots: Pilots, any_sql: Sql
) -> None:
    pilot_id = team_pilot(pilots)
    catch_up = live(any_sql, pilots)
    reflection = reflect(pilots, pilot_id, MEMBER, "Xylophone quasar by the gate", "community")
    reflect(pilots, pilot_id, LEAD, "Xylophone lessons stay", "community")
    catch_up()
    entry = f"reflection:{reflection}"
    pilots.execute(Correct(pilot_id, entry=entry, text="Xylophone nebula", reason="No"), MEMBER)
    catch_up()
    assert kinds(any_sql, "nebula", Reader.person(OUTSIDER)) == ["reflection"]
    pilots.execute(WithdrawReflection(pilot_id, reflection_id=reflection, reason="Mine"), MEMBER)
    catch_up()
    for reader in (*map(Reader.person, PEOPLE.values()), Reader.community(), Reader.team()):
        for word in ("quasar", "nebula", "gate"):
            assert kinds(any_sql, word, reader) == []
        assert kinds(any_sql, "xylophone", reader) == ["reflection"]  # the other one
    kept = any_sql.rows(
        "SELECT text FROM rm_search_documents WHERE part_id = ? OR lower(text) LIKE ? "
        "OR lower(text) LIKE ?",
        (str(reflection), "%quasar%", "%nebula%"),
    )
    assert kept == []
    if any_sql.dialect == "sqlite":
        assert fts_terms(any_sql, ("quasar", "nebula", "gate")) == []
    live_rows = search_rows(any_sql)
    rebuilt(any_sql, pilots)
    assert search_rows(any_sql) == live_rows
    assert kinds(any_sql, "quasar", Reader.person(MEMBER)) == []


def fts_terms(sql: Sql, words: tuple[str, ...]) -> list[Row]:
    """The FTS5 index's own terms among `words` (stemmed as it stems them), and whether any
    segment of it still holds their bytes."""
    sql.run(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.terms USING fts5vocab(main, rm_search_fts, row)"
    )
    found = [
        row
        for w in words
        for row in sql.rows("SELECT term FROM temp.terms WHERE term LIKE ?", (w[:4] + "%",))
    ]
    blobs = b"".join(bytes(block) for (block,) in sql.rows("SELECT block FROM rm_search_fts_data"))
    return found + [(w,) for w in words if w.encode() in blobs]


# -- against the domain -------------------------------------------------------------------------

WHO = st.sampled_from(sorted(PEOPLE))
SHARED_WITH = st.sampled_from(VISIBILITIES)
READERS = {
    **{who: Reader.person(person) for who, person in PEOPLE.items()},
    "community": Reader.community(),
    "team": Reader.team(),
}


class Story:
    """Commands drawn at random, each text with a word of its own; the ones the domain refuses
    are simply not told."""

    def __init__(self, pilots: Pilots, pilot_id: UUID) -> None:
        self.pilots, self.pilot_id, self.count = pilots, pilot_id, 0

    def word(self) -> str:
        self.count += 1
        return f"zqx{self.count:04d}"

    def run(self, command: Command, who: str) -> Any:
        try:
            return self.pilots.execute(command, PEOPLE[who])
        except DomainError:
            return None

    def step(self, draw: Callable[..., Any]) -> None:
        pilot, who, visibility = self.pilots.pilot(self.pilot_id), draw(WHO), draw(SHARED_WITH)
        # In the order recorded, not by id: ids come from random submission ids, and hypothesis
        # must draw the same entries again when it replays a case.
        reflections, sets = list(pilot.reflections), list(pilot.question_sets)
        insights = [str(i.id) for q in pilot.questions.values() for i in q.insights]
        i = self.pilot_id
        choices: list[Command] = [
            RecordReflection(i, kind="observation", text=self.word(), visibility=visibility),
            RecordQuestionSet(i, held_on=HELD_ON, questions=["Why?"], visibility=visibility),
            RemoveMember(i, user=PEOPLE[draw(WHO)]),
            AssignRole(i, user=PEOPLE[draw(WHO)], role="member"),
        ]
        if pilot.questions:
            question = draw(st.sampled_from(list(pilot.questions)))
            choices.append(AddInsight(i, question_id=question, text=self.word()))
        if reflections:
            reflection = draw(st.sampled_from(reflections))
            choices += [
                SetReflectionVisibility(i, reflection_id=reflection, visibility=visibility),
                WithdrawReflection(i, reflection_id=reflection, reason="Taken back"),
                Correct(i, entry=f"reflection:{reflection}", text=self.word(), reason="Typo"),
            ]
        if sets:
            meeting = draw(st.sampled_from(sets))
            choices.append(SetQuestionSetVisibility(i, set_id=meeting, visibility=visibility))
        if insights:
            insight = draw(st.sampled_from(insights))
            choices.append(Correct(i, entry=f"insight:{insight}", text=self.word(), reason="No"))
        self.run(draw(st.sampled_from(choices)), who)

    def expected(self, reader: Reader) -> dict[str, list[str]]:
        """Each word a search for it finds, and of which kind, as the pilot stands now."""
        pilot = self.pilots.pilot(self.pilot_id)
        found: dict[str, list[str]] = {}
        for r in pilot.reflections.values():
            if r.text is not None and reader.may_read(r.visibility, r.author, pilot.team):
                found[r.text] = ["reflection"]
        for question in pilot.questions.values():
            held = pilot.question_sets[question.set_id]
            if reader.may_read(held.visibility, held.author, pilot.team):
                found.update({insight.text: ["insight"] for insight in question.insights})
        return found


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_search_shows_each_reader_what_the_domain_lets_them_read(data: st.DataObject) -> None:
    pilots = open_pilots(parse_database_url("memory://"))
    sql = sqlite_sql()
    catch_up = live(sql, pilots)
    story = Story(pilots, team_pilot(pilots))
    for _ in range(data.draw(st.integers(1, 25), label="steps")):
        story.step(data.draw)
        catch_up()
    words = [f"zqx{n:04d}" for n in range(1, story.count + 1)]
    for name, reader in READERS.items():
        expected = story.expected(reader)
        found = {word: kinds(sql, word, reader) for word in words}
        assert found == {word: expected.get(word, []) for word in words}, name
    live_rows = search_rows(sql)
    rebuilt(sql, pilots)
    assert search_rows(sql) == live_rows
