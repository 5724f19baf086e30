"""The learning summary's ideas in brief, past `MOST_IDEAS`, in outline: no idea and no pilot is
listed, each framing question counts its ideas and their standing as the full brief would, and
says where the map lists them; below it the brief reads as it always has. `/learning`'s section
in outline lists the framing questions with the most pilots and links the map's index."""

from __future__ import annotations

import random
import re
from datetime import date
from uuid import UUID, uuid4

import msgspec
import pytest

from projections.origins import sources
from projections.origins.from_log import origins_from_log
from projections.origins.sources import StandingNote, idea_counts, ideas_in_brief
from projections.origins.state import Origins, PilotAt, Reader, StatementAt, StoryAt, WorkshopAt
from projections.reports import origins_html
from projections.reports.origins_html import MOST_ROWS, brief_html
from tests.origins_builders import ROLES, seeded, tell_programme

LISTED_KEYS = {"framings", "other_ideas"}
FRAMING_KEYS = {"id", "text", "principles", "stories", "withdrawn", "not_shown", "ideas"}


def _summed(standings: list[StandingNote]) -> StandingNote:
    fields = StandingNote.__struct_fields__
    return StandingNote(*(sum(getattr(s, k) for s in standings) for k in fields))


@pytest.mark.parametrize("seed", [0, 2, 6, 7, 8])  # programmes with ideas, some merged or split
def test_in_outline_each_question_counts_what_the_full_brief_lists(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    programme = tell_programme(seeded(random.Random(seed)), 160)
    origins = origins_from_log(programme.app)
    assert origins.ideas
    for account, role in ROLES.items():
        reader = Reader(account, role)
        full = ideas_in_brief(origins, reader)  # the generated programme is below MOST_IDEAS
        assert not full.outline
        monkeypatch.setattr(sources, "MOST_IDEAS", len(origins.ideas) - 1)
        short = ideas_in_brief(origins, reader)
        monkeypatch.undo()
        assert short.outline
        assert short.other_ideas == []
        assert [q.id for q in short.framings] == [q.id for q in full.framings]
        for listed, counted in zip(full.framings, short.framings, strict=True):
            assert counted.ideas == []
            said = (counted.text, counted.principles, counted.stories, counted.withdrawn,
                    counted.not_shown)  # fmt: skip
            assert said == (listed.text, listed.principles, listed.stories, listed.withdrawn,
                            listed.not_shown)  # fmt: skip
            assert counted.ideas_counted is not None
            assert counted.ideas_counted.count == len(listed.ideas)
            assert counted.ideas_counted.standing == _summed([i.standing for i in listed.ideas])
            assert counted.ideas_counted.at == f"/api/v1/map?framing={listed.id}"
            assert idea_counts(counted) == idea_counts(listed)
        others = short.other_ideas_counted
        assert others is not None
        assert (others.count, others.at) == (len(full.other_ideas), "/api/v1/map")
        assert others.standing == _summed([i.standing for i in full.other_ideas])
        counted_ideas = sum(q.ideas_counted.count for q in short.framings if q.ideas_counted)
        assert counted_ideas + others.count == len(origins.ideas)
        text = msgspec.json.encode(short).decode()
        for pilot in origins.pilots:
            assert str(pilot) not in text
        for idea in origins.ideas:
            assert str(idea) not in text


def test_below_the_threshold_the_brief_has_only_its_old_fields() -> None:
    programme = tell_programme(seeded(random.Random(2)), 160)
    origins = origins_from_log(programme.app)
    assert 0 < len(origins.ideas) <= sources.MOST_IDEAS
    found = msgspec.to_builtins(ideas_in_brief(origins, Reader(uuid4(), "lead")))
    assert set(found) == LISTED_KEYS
    assert found["framings"]
    assert {key for q in found["framings"] for key in q} == FRAMING_KEYS


def _programme(framings: int, ideas_each: int, pilots: int) -> Origins:
    """A programme shaped like a generated one, in memory: a workshop per three questions, two
    principles a question with a story each, `ideas_each` ideas a question and `pilots` pilots
    spread over the ideas, a third of them still running."""
    found = Origins(None)
    ideas: list[UUID] = []
    for n in range(framings):
        workshop = WorkshopAt(uuid4(), f"Workshop {n // 3}", date(2025, 1, 1))
        found.workshops.setdefault(workshop.id, workshop)
        drawn_on = []
        for m in range(2):
            story = StoryAt(uuid4(), "community", uuid4(), None, None, f"Story {n}.{m}",
                            "What happened at the group one Tuesday", (), None)  # fmt: skip
            found.stories[story.id] = story
            principle = StatementAt(uuid4(), workshop.id, f"People {n}.{m} come back when heard",
                                    (story.id,))  # fmt: skip
            found.principles[principle.id] = principle
            drawn_on.append(principle.id)
        question = StatementAt(uuid4(), workshop.id, f"How might we {n} make groups ours?",
                               tuple(drawn_on))  # fmt: skip
        found.framings[question.id] = question
        for m in range(ideas_each):
            idea = StatementAt(uuid4(), workshop.id, f"Idea {n}.{m}: walk and talk weekly",
                               (drawn_on[m % 2],), question.id)  # fmt: skip
            found.ideas[idea.id] = idea
            ideas.append(idea.id)
    for n in range(pilots):
        idea = found.ideas[ideas[n * 7 % len(ideas)]]
        status, decisions = ("active", ()) if n % 3 else ("concluded", ("adapt", "adopt"))
        found.pilots[uuid4()] = PilotAt(uuid4(), f"Pilot {n}", idea.id, idea.framing, status,
                                        decisions)  # fmt: skip
    return found


def test_the_real_threshold_lists_a_large_programme_and_outlines_a_huge_one_in_300_kb(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reader = Reader(uuid4(), "lead")
    large = ideas_in_brief(_programme(60, 4, 841), reader)  # like `large`: 60 questions, 841 pilots
    assert not large.outline
    assert sum(len(q.ideas) for q in large.framings) == 240
    huge = _programme(600, 4, 8_532)  # like `huge`: 600 questions, 2,400 ideas, 8,532 pilots
    assert len(huge.ideas) > sources.MOST_IDEAS
    brief = ideas_in_brief(huge, reader)
    assert brief.outline
    size = len(msgspec.json.encode(brief))
    # the rest of the summary is about 25 KB on `huge`: all 600 questions fit in 300 KB with it
    assert size < 250_000, size
    monkeypatch.setattr(sources, "MOST_IDEAS", len(huge.ideas))
    listed = len(msgspec.json.encode(ideas_in_brief(huge, reader)))
    assert listed > 300_000 > size, (listed, size)


def _rows(html: str) -> list[str]:
    return re.findall(r'<tr><td class="entry"><a href="/map\?framing=([^"]+)">', html)


def test_the_section_in_outline_lists_the_questions_with_the_most_pilots_and_links_the_index(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    origins = _programme(MOST_ROWS + 5, 2, 400)
    monkeypatch.setattr(sources, "MOST_IDEAS", 0)
    brief = ideas_in_brief(origins, Reader(uuid4(), "lead"))
    html = str(brief_html(brief, 1_000, 3))
    pilots = {q.id: idea_counts(q)[1].tested for q in brief.framings}
    shown = _rows(html)
    assert len(shown) == MOST_ROWS
    assert [pilots[UUID(q)] for q in shown] == sorted(pilots.values(), reverse=True)[:MOST_ROWS]
    assert (
        '<p><a href="/map">5 more framing questions</a> on the map&#39;s index, with their trees.'
        in html
    )
    assert f"Of its {MOST_ROWS + 5} framing questions, the {MOST_ROWS} with the most" in html
    assert html.count("<h3>") == 1
    assert "<h1" not in html
    assert "<h2" not in html


def test_the_section_not_in_outline_lists_every_question_and_no_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    origins = _programme(MOST_ROWS + 5, 2, 400)
    brief = ideas_in_brief(origins, Reader(uuid4(), "lead"))
    assert not brief.outline
    html = str(brief_html(brief, 1_000, 3))
    assert _rows(html) == [str(q) for q in origins.framings]
    assert "more framing question" not in html
    assert f"Each of its {MOST_ROWS + 5} framing questions links to its tree" in html
    monkeypatch.setattr(origins_html, "MOST_ROWS", MOST_ROWS + 5)  # all fit: the same in outline
    monkeypatch.setattr(sources, "MOST_IDEAS", 0)
    outlined = ideas_in_brief(origins, Reader(uuid4(), "lead"))
    assert outlined.outline
    html = str(brief_html(outlined, 1_000, 3))
    assert sorted(_rows(html)) == sorted(str(q) for q in origins.framings)
    assert "more framing question" not in html
