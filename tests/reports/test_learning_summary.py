"""The cross-pilot learning summary, as the fold of the log gives it, on a small programme whose
figures can be worked out by hand (tests/reports/programmes.py)."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import InvalidEntry, NotFound
from domain.pilot.commands import Correct, ReviseIdea
from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.learning.from_log import rows_at
from projections.learning.ideas import idea_words, similar
from projections.learning.scope import Scope
from projections.learning.summary import summarise
from tests.reports.programmes import Programme, moment, on, small_programme

# The team reads every entry these programmes record (none is private).
TEAM = Reader.team()


def test_counts_each_decision_and_the_median_days_from_plan_to_decision(pilots: Pilots) -> None:
    small_programme(pilots)
    summary = summarise(rows_at(pilots, reader=TEAM))
    assert (summary.decisions.adopt, summary.decisions.adapt, summary.decisions.abandon) == (
        2,
        1,
        1,
    )
    assert summary.cycles_decided == 4
    assert summary.pilots == 3
    assert summary.median_days_per_cycle == 12.0  # 7, 10, 14 and 21 days


def test_open_questions_are_aged_in_days_to_the_last_event_never_the_wall_clock(
    pilots: Pilots,
) -> None:
    small = small_programme(pilots)
    summary = summarise(rows_at(pilots, reader=TEAM))
    assert summary.as_of == moment(30)
    assert [(q.question_id, q.status, q.asked_on, q.age_days) for q in summary.open_questions] == [
        (small.questions["waits"], "open", date(2026, 3, 5), 27),
        (small.questions["walking"], "explored", date(2026, 3, 20), 12),
    ]
    assert summary.open_questions[0].title == "Story circles"


def test_surprises_and_insights_say_what_where_and_when(pilots: Pilots) -> None:
    small = small_programme(pilots)
    summary = summarise(rows_at(pilots, reader=TEAM))
    (surprise,) = summary.surprises
    assert (surprise.pilot_id, surprise.cycle, surprise.text) == (
        small.a, 1, "More came than expected"
    )  # fmt: skip
    assert surprise.at == moment(7)
    (insight,) = summary.insights
    assert (insight.title, insight.question, insight.text, insight.at) == (
        "Story circles", "Who else could host?", "A personal invitation matters", moment(9)
    )  # fmt: skip


def test_similar_ideas_of_pilots_sharing_a_theme_with_different_decisions_are_found(
    pilots: Pilots,
) -> None:
    small = small_programme(pilots)
    (shared,) = summarise(rows_at(pilots, reader=TEAM)).shared_ideas
    assert (shared.theme, shared.words) == ("groups", ["circles", "story"])
    assert [(t.pilot_id, t.idea, t.decisions) for t in shared.trials] == [
        (small.b, "Story circles on Fridays", ["abandon"]),
        (small.a, "Story circles on Tuesdays", ["adapt", "adopt"]),
    ]


def test_ideas_that_reached_the_same_decision_or_share_no_theme_are_not_listed(
    pilots: Pilots,
) -> None:
    p = Programme(pilots)
    one = p.register(0, "One", "Story circles on Tuesdays", ("groups",))
    two = p.register(0, "Two", "Story circles on Fridays", ("groups",))
    three = p.register(0, "Three", "Story circles on Mondays", ("walking",))
    p.cycle(one, 0, 5, "adopt")
    p.cycle(two, 0, 5, "adopt")
    p.cycle(three, 0, 5, "abandon")
    for idea, decision in (("Tea", "adopt"), ("Tea", "abandon")):  # no words to compare
        p.cycle(p.register(0, idea, idea, ("groups",)), 0, 5, decision)
    assert summarise(rows_at(pilots, reader=TEAM)).shared_ideas == []


def test_a_cycle_counts_under_the_idea_it_tested_when_it_was_planned(pilots: Pilots) -> None:
    p = Programme(pilots)
    one = p.register(0, "One", "Walking groups at lunchtime", ("groups",))
    two = p.register(0, "Two", "Story circles on Fridays", ("groups",))
    p.cycle(one, 0, 5, "abandon")
    with on(6):
        pilots.execute(ReviseIdea(one, idea="Story circles on Tuesdays", rationale="Rain"), p.lead)
    p.cycle(one, 7, 9, "adopt")
    p.cycle(two, 0, 5, "adapt")
    (shared,) = summarise(rows_at(pilots, reader=TEAM)).shared_ideas
    assert [(t.idea, t.decisions) for t in shared.trials] == [
        ("Story circles on Tuesdays", ["adopt"]),
        ("Story circles on Fridays", ["adapt"]),
    ]


def test_idea_words_ignore_case_short_and_common_words_and_plurals() -> None:
    assert idea_words("Story Circles with the members, on Tuesdays") == {
        "story", "circle", "member", "tuesday"
    }  # fmt: skip
    assert similar(idea_words("Story circles"), idea_words("story circle walks"))
    assert not similar(idea_words("Story circles"), idea_words("Walking groups"))
    assert not similar(frozenset(), frozenset())


def test_a_theme_narrows_everything_to_the_pilots_with_that_theme(pilots: Pilots) -> None:
    small = small_programme(pilots)
    summary = summarise(rows_at(pilots, reader=TEAM), Scope.of(theme="  Walking "))
    assert summary.theme == "walking"
    assert summary.pilots == 1
    assert (summary.decisions.adopt, summary.decisions.adapt, summary.decisions.abandon) == (
        1,
        0,
        0,
    )
    assert summary.median_days_per_cycle == 21.0
    assert [q.question_id for q in summary.open_questions] == [small.questions["walking"]]
    assert summary.surprises == summary.insights == summary.shared_ideas == []


def test_a_period_selects_decisions_insights_and_questions_by_their_day(pilots: Pilots) -> None:
    small = small_programme(pilots)
    scope = Scope.of(since=date(2026, 3, 10), until=date(2026, 3, 20))
    summary = summarise(rows_at(pilots, reader=TEAM), scope)
    assert (summary.decisions.adopt, summary.decisions.adapt, summary.decisions.abandon) == (
        0,
        0,
        1,
    )
    assert summary.median_days_per_cycle == 10.0
    assert [i.text for i in summary.insights] == ["A personal invitation matters"]
    assert [q.question_id for q in summary.open_questions] == [small.questions["walking"]]
    assert summary.surprises == []  # studied on 9 March
    both_ends = summarise(
        rows_at(pilots, reader=TEAM), Scope.of(since=date(2026, 3, 9), until=date(2026, 3, 9))
    )
    assert both_ends.decisions.adapt == 1


def test_a_period_that_ends_before_it_starts_or_a_bad_date_is_refused() -> None:
    with pytest.raises(InvalidEntry, match="must not be before since"):
        Scope.parse(None, "2026-05-02", "2026-05-01")
    with pytest.raises(InvalidEntry) as refused:
        Scope.parse("", "2026-02-30", "")
    assert refused.value.field == "since"
    for loose in (" 2026-05-01", "20260501", "2026-W18-1", "1 May 2026"):
        with pytest.raises(InvalidEntry):
            Scope.parse(None, loose, None)
    assert Scope.parse("", "", "") == Scope.parse(None, None, None) == Scope()


def test_corrected_texts_replace_the_ones_they_correct(pilots: Pilots) -> None:
    small = small_programme(pilots)
    (lead,) = pilots.pilot(small.a).team
    pilots.execute(
        Correct(small.a, entry="title", text="Story circles (pilot)", reason="Typo"), lead
    )
    pilots.execute(
        Correct(
            small.a, entry="cycle:1:surprises", text="Twice as many came", reason="Counted again"
        ),
        lead,
    )
    (insight_id,) = [i.id for q in pilots.pilot(small.a).questions.values() for i in q.insights]
    pilots.execute(
        Correct(
            small.a, entry=f"insight:{insight_id}", text="Invitations matter", reason="Shorter"
        ),
        lead,
    )
    summary = summarise(rows_at(pilots, reader=TEAM))
    assert summary.surprises[0].text == "Twice as many came"
    assert summary.surprises[0].title == "Story circles (pilot)"
    assert summary.insights[0].text == "Invitations matter"


def test_the_summary_at_an_earlier_position_leaves_out_what_came_after(pilots: Pilots) -> None:
    small_programme(pilots)
    whole = rows_at(pilots, reader=TEAM)
    early = rows_at(pilots, 3, reader=TEAM)
    assert (early.position, len(early.pilots), early.cycles) == (3, 3, ())
    assert early.as_of == moment(2)
    assert summarise(early).cycles_decided == 0
    assert whole.position > 3


def test_an_empty_log_gives_an_empty_summary_at_position_0(pilots: Pilots) -> None:
    summary = summarise(rows_at(pilots, reader=TEAM))
    assert (summary.position, summary.as_of, summary.pilots) == (0, None, 0)
    assert summary.median_days_per_cycle is None


def test_a_position_beyond_the_head_or_below_0_is_refused(pilots: Pilots) -> None:
    small_programme(pilots)
    head = rows_at(pilots, reader=TEAM).position
    with pytest.raises(NotFound, match=f"ends at {head}"):
        rows_at(pilots, head + 1, reader=TEAM)
    with pytest.raises(InvalidEntry):
        rows_at(pilots, -1, reader=TEAM)
