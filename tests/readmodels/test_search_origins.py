"""Search finds stories and what workshops drew from them, on SQLite and on PostgreSQL: a story
told for its team only by its teller, whoever recorded it and the programme team (admins and
leads), as `may_read_story` decides; a community story and every workshop output by everyone.
A revision replaces the words found; a withdrawn story is found by no one and leaves no copy of
its words in the search tables, live or rebuilt."""

from __future__ import annotations

from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.errors import DomainError
from domain.origins.access import may_read_story
from domain.origins.commands import (
    MergeIdeas,
    NewPart,
    ReviseFraming,
    RevisePrinciple,
    ReviseStory,
    ReviseWorkshopIdea,
    SplitIdea,
    StoryCommand,
    WithdrawStory,
)
from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.access.model import AccessModel
from projections.engine.base import Sql
from projections.search import queries
from projections.search.model import SearchModel
from projections.search.queries import Hit, search
from tests.origins_builders import framing, idea, principle, tell, workshop
from tests.readmodels.conftest import project, sqlite_sql
from tests.readmodels.test_search_readers import fts_terms, live, rebuilt, search_rows

TELLER = UUID("00000000-0000-4000-8000-000000000101")
RECORDER = UUID("00000000-0000-4000-8000-000000000102")
OUTSIDER = UUID("00000000-0000-4000-8000-000000000103")
LEAD = UUID("00000000-0000-4000-8000-000000000104")
ADMIN = UUID("00000000-0000-4000-8000-000000000105")
READER = UUID("00000000-0000-4000-8000-000000000106")
ROLES = {TELLER: "member", RECORDER: "member", OUTSIDER: "member", LEAD: "lead",
         ADMIN: "admin", READER: "reader"}  # fmt: skip
ONLY = (AccessModel, SearchModel)


def found(sql: Sql, q: str, who: UUID, **kwargs: int) -> list[Hit]:
    return search(sql, q, reader=Reader.person(who), role=ROLES[who], **kwargs)


def kinds(sql: Sql, q: str, who: UUID) -> list[str]:
    return sorted(hit.kind for hit in found(sql, q, who))


def test_a_team_story_is_found_only_by_those_who_may_read_it(pilots: Pilots, any_sql: Sql) -> None:
    team = tell(pilots, TELLER, recorder=RECORDER, consent="team", title="Quiet wards",
                text="The quillwort by the night porter's desk")  # fmt: skip
    everyone = tell(pilots, OUTSIDER, text="Saxifrage on the stairs", title="Stairs")
    project(any_sql, pilots, only=ONLY)
    story = pilots.story(team)
    for who, role in ROLES.items():
        readers = ["story"] if may_read_story(story, who, role) else []
        assert kinds(any_sql, "quillwort", who) == readers, role
        assert kinds(any_sql, "saxifrage", who) == ["story"], role
    assert kinds(any_sql, "quillwort", OUTSIDER) == []
    assert kinds(any_sql, "quillwort", LEAD) == ["story"]
    assert kinds(any_sql, "quillwort", TELLER) == kinds(any_sql, "quillwort", RECORDER)
    for audience in (Reader.community(), Reader.team()):  # no one person, and no role
        assert search(any_sql, "quillwort", reader=audience, role="admin") == []
        assert [h.kind for h in search(any_sql, "saxifrage", reader=audience)] == ["story"]
    (hit,) = found(any_sql, "quiet", LEAD)  # the title is searched with the text
    assert (hit.record, hit.record_id, hit.title, hit.pilot_id) == ("story", team, "Quiet wards",
                                                                    None)  # fmt: skip
    assert found(any_sql, "stairs", READER)[0].record_id == everyone


def test_a_workshops_outputs_are_found_by_everyone_and_say_what_they_are(
    pilots: Pilots, any_sql: Sql
) -> None:
    workshop_id = workshop(pilots, LEAD, title="Harebell co-creation")
    made = {
        "principle": principle(pilots, workshop_id, LEAD, text="Listening grows bryony"),
        "framing": framing(pilots, workshop_id, LEAD, text="How might we share cowslip?"),
        "workshop_idea": idea(pilots, workshop_id, LEAD, text="Campion circles"),
    }
    words = {"principle": "bryony", "framing": "cowslip", "workshop_idea": "campion"}
    project(any_sql, pilots, only=ONLY)
    for who in ROLES:
        for kind, word in words.items():
            (hit,) = found(any_sql, word, who)
            assert (hit.kind, hit.record, hit.record_id, hit.part_id, hit.title) == (
                kind, "workshop", workshop_id, str(made[kind]), "Harebell co-creation"
            )  # fmt: skip
        (titled,) = found(any_sql, "harebell", who)
        assert (titled.kind, titled.record_id, titled.part_id) == ("workshop", workshop_id, "")


def test_a_revision_replaces_the_words_found(pilots: Pilots, any_sql: Sql) -> None:
    story = tell(pilots, TELLER, text="Bluebells at the old clinic", consent="team")
    workshop_id = workshop(pilots, LEAD)
    first = principle(pilots, workshop_id, LEAD, text="Marigolds mean welcome")
    question = framing(pilots, workshop_id, LEAD, text="How might we plant foxgloves?")
    tried = [idea(pilots, workshop_id, LEAD, text=t) for t in ("Tansy walks", "Yarrow talks",
                                                             "Teasel teas")]  # fmt: skip
    cut = len(pilots.recorder.select_notifications(1, 1000))  # the rest in a batch of its own
    revisions = [
        RevisePrinciple(workshop_id, principle_id=first, text="Cornflowers mean welcome",
                        stories=[], rationale="Said better"),
        ReviseFraming(workshop_id, framing_id=question, text="How might we plant sorrel?",
                      principles=[], rationale="Said better"),
        ReviseWorkshopIdea(workshop_id, idea_id=tried[0], text="Burdock walks", principles=[],
                           framing=None, rationale="Said better"),
        MergeIdeas(workshop_id, ideas=tried[1:], text="Chicory talks", rationale="Alike"),
    ]  # fmt: skip
    for revision in revisions:
        pilots.execute(revision, LEAD, role="lead")
    pilots.execute(ReviseStory(story, text="Snowdrops at the old clinic", title="", themes=[],
                               rationale="Misremembered"), TELLER, role="member")  # fmt: skip
    project(any_sql, pilots, {cut}, only=ONLY)
    for old in ("marigolds", "foxgloves", "tansy", "bluebells"):
        assert kinds(any_sql, old, LEAD) == [], old
    for new, kind in (("cornflowers", "principle"), ("sorrel", "framing"),
                      ("burdock", "workshop_idea"), ("chicory", "workshop_idea"),
                      ("yarrow", "workshop_idea"), ("snowdrops", "story")):  # fmt: skip
        assert kinds(any_sql, new, LEAD) == [kind], new
    # A revision keeps the story's audience: still its teller's and the programme team's.
    assert kinds(any_sql, "snowdrops", OUTSIDER) == []
    assert kinds(any_sql, "snowdrops", TELLER) == ["story"]
    assert kinds(any_sql, "walks", LEAD) == ["workshop_idea"]  # revised, not twice


def test_a_split_idea_makes_a_document_of_each_part(pilots: Pilots, any_sql: Sql) -> None:
    workshop_id = workshop(pilots, LEAD)
    whole = idea(pilots, workshop_id, LEAD, text="Walks and talks")
    words = [f"zqpart{n}" for n in range(10)]
    split = SplitIdea(workshop_id, idea_id=whole, rationale="Too much in one",
                      parts=[NewPart(f"Part {word}") for word in words])  # fmt: skip
    parts = pilots.execute(split, LEAD, role="lead").events[0].parts  # type: ignore[attr-defined]
    project(any_sql, pilots, only=ONLY)
    for word, part in zip(words, parts, strict=True):
        assert [h.part_id for h in found(any_sql, word, OUTSIDER)] == [str(part.idea_id)]
    assert len(found(any_sql, "part", OUTSIDER)) == 10


def test_a_withdrawn_story_is_found_by_no_one_and_leaves_no_copy(
    pilots: Pilots, any_sql: Sql
) -> None:
    catch_up = live(any_sql, pilots)
    gone = tell(pilots, TELLER, recorder=RECORDER, title="Celandine", consent="community",
                text="Hellebore by the lift")  # fmt: skip
    kept = tell(pilots, TELLER, text="Hellebore in the garden")
    catch_up()
    pilots.execute(ReviseStory(gone, text="Hellebore and woodruff by the lift", title="Celandine",
                               themes=[], rationale="More"), TELLER, role="member")  # fmt: skip
    catch_up()
    assert kinds(any_sql, "woodruff", OUTSIDER) == ["story"]
    pilots.execute(WithdrawStory(gone, reason="Mine to take back"), RECORDER, role="member")
    catch_up()
    for who in ROLES:
        for word in ("woodruff", "celandine", "lift"):
            assert kinds(any_sql, word, who) == [], (word, ROLES[who])
        assert [h.record_id for h in found(any_sql, "hellebore", who)] == [kept]
    kept_words = any_sql.rows(
        "SELECT text FROM rm_search_documents WHERE record_id = ? OR lower(text) LIKE ? "
        "OR lower(text) LIKE ?",
        (str(gone), "%woodruff%", "%celandine%"),
    )
    titles = any_sql.rows(
        "SELECT title FROM rm_search_titles WHERE record_id = ? OR lower(title) LIKE ?",
        (str(gone), "%celandine%"),
    )
    assert (kept_words, titles) == ([], [])
    if any_sql.dialect == "sqlite":
        assert fts_terms(any_sql, ("woodruff", "celandine")) == []
    live_rows = search_rows(any_sql)
    rebuilt(any_sql, pilots)
    assert search_rows(any_sql) == live_rows
    assert kinds(any_sql, "woodruff", TELLER) == []


def test_groups_are_cut_from_the_stories_the_reader_may_read(
    pilots: Pilots, any_sql: Sql, monkeypatch: pytest.MonkeyPatch, span: int
) -> None:
    """Team stories newer than every community one, a group of 2: an outsider walks the
    community's in pages of 1 and 3, each once, newest group first, and never a team one."""
    monkeypatch.setattr(queries, "GROUP", 2)
    community = [tell(pilots, TELLER, text=f"Primrose {n}") for n in range(5)]
    team = [tell(pilots, TELLER, text=f"Primrose {n}", consent="team") for n in range(5, 12)]
    workshop(pilots, LEAD, title="Quiet evening")  # the newest document holds no match
    project(any_sql, pilots, only=ONLY)
    for limit in (1, 3):
        walked: list[UUID] = []
        while len(walked) < 10:
            page = found(any_sql, "primrose", OUTSIDER, limit=limit, offset=len(walked))
            if not page:
                break
            walked += [hit.record_id for hit in page]
        assert sorted(walked) == sorted(community)
        assert set(walked[:2]) == set(community[3:])  # the newest group first
    led = [hit.record_id for hit in found(any_sql, "primrose", LEAD)]
    assert sorted(led) == sorted(community + team)


# -- against the domain -------------------------------------------------------------------------

PEOPLE = sorted(ROLES)
WRITERS = [who for who in PEOPLE if ROLES[who] != "reader"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_search_finds_the_stories_the_domain_lets_each_reader_read(data: st.DataObject) -> None:
    """Stories told, revised and withdrawn at random, by random people at either consent, each
    text with a word of its own; the models kept live, then rebuilt."""
    pilots = open_pilots(parse_database_url("memory://"))
    sql = sqlite_sql()
    catch_up = live(sql, pilots)
    told: list[UUID] = []
    words: dict[str, UUID] = {}
    for _ in range(data.draw(st.integers(1, 12), label="steps")):
        word = f"zqs{len(words):04d}"
        step = data.draw(st.sampled_from(["tell", "revise", "withdraw"] if told else ["tell"]))
        try:
            if step == "tell":
                teller = data.draw(st.sampled_from([None, *PEOPLE]))
                recorder = data.draw(st.sampled_from(WRITERS))
                consent = data.draw(st.sampled_from(["team", "community"]))
                told.append(tell(pilots, teller, recorder=recorder, consent=consent, text=word,
                                 role=ROLES[recorder]))  # fmt: skip
                words[word] = told[-1]
            else:
                story_id = data.draw(st.sampled_from(told))
                story = pilots.story(story_id)
                who = data.draw(st.sampled_from([story.recorded_by, *PEOPLE]))
                command: StoryCommand = WithdrawStory(story_id, reason="Mine")
                if step == "revise":
                    command = ReviseStory(story_id, text=word, title="", themes=[], rationale="New")
                pilots.execute(command, who, role=ROLES[who])
                words[word] = story_id
        except DomainError:
            continue
        catch_up()
    for who, role in ROLES.items():
        for word, story_id in words.items():
            story = pilots.story(story_id)
            findable = story.text == word and may_read_story(story, who, role)
            assert kinds(sql, word, who) == (["story"] if findable else []), (word, role)
    live_rows = search_rows(sql)
    rebuilt(sql, pilots)
    assert search_rows(sql) == live_rows
