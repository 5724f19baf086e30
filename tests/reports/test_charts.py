"""The chart figures on the small programme, and the SVG drawn from them: an accessible image
whose decisions differ by pattern and label as well as colour, the same bytes for the same data.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, timedelta

from domain.pilot.visibility import Reader
from domain.service import Pilots
from projections.learning.from_log import rows_at
from projections.learning.scope import Scope
from projections.learning.series import MAX_PILOTS, MAX_WEEKS, chart_data
from projections.reports.charts import cycles_chart, decisions_chart, open_questions_chart
from tests.reports.programmes import Programme, moment, small_programme

# The team reads every entry these programmes record (none is private).
TEAM = Reader.team()

SVG = "{http://www.w3.org/2000/svg}"


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to check it


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in parsed(svg).iter(f"{SVG}text")]


def test_the_figures_count_cycles_decisions_and_open_questions(pilots: Pilots) -> None:
    small = small_programme(pilots)
    charts = chart_data(rows_at(pilots, reader=TEAM), Scope())
    assert [p.pilot_id for p in charts.cycles] == [small.b, small.a, small.c]  # latest start last
    walking = charts.cycles[-1].cycles
    assert [(c.number, c.decision, c.ended_at) for c in walking] == [
        (1, "adopt", moment(24)), (2, None, moment(30))
    ]  # fmt: skip
    assert [(t.theme, t.adopt, t.adapt, t.abandon) for t in charts.decisions_by_theme] == [
        ("groups", 1, 1, 1), ("stories", 1, 1, 0), ("walking", 1, 0, 0)
    ]  # fmt: skip
    mondays = [date(2026, 3, 2) + timedelta(weeks=w) for w in range(5)]
    assert [(w.week, w.open) for w in charts.open_questions_by_week] == list(
        zip(mondays, [2, 1, 2, 2, 2], strict=True)
    )


def test_the_figures_follow_the_theme_and_the_period(pilots: Pilots) -> None:
    small = small_programme(pilots)
    rows = rows_at(pilots, reader=TEAM)
    walking = chart_data(rows, Scope.of("walking"))
    assert [p.pilot_id for p in walking.cycles] == [small.c]
    assert [t.theme for t in walking.decisions_by_theme] == ["walking"]
    march = chart_data(rows, Scope.of(since=date(2026, 3, 16), until=date(2026, 3, 22)))
    assert [(w.week, w.open) for w in march.open_questions_by_week] == [(date(2026, 3, 16), 2)]
    assert march.decisions_by_theme == []


def test_each_chart_is_a_named_and_described_image(pilots: Pilots) -> None:
    small_programme(pilots)
    charts = chart_data(rows_at(pilots, reader=TEAM), Scope())
    for svg, title in (
        (cycles_chart(charts.cycles, 0), "Cycles across pilots"),
        (decisions_chart(charts.decisions_by_theme), "Decisions by theme"),
        (open_questions_chart(charts.open_questions_by_week), "Open questions by week"),
    ):
        root = parsed(svg)
        assert root.get("role") == "img"
        title_id, desc_id = root.get("aria-labelledby", "").split()
        named = {e.get("id"): e.text for e in root if e.tag in (f"{SVG}title", f"{SVG}desc")}
        assert named[title_id] == title
        assert named[desc_id]  # a description in words
        assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_decisions_are_told_apart_by_pattern_and_label_not_colour_alone(pilots: Pilots) -> None:
    small_programme(pilots)
    charts = chart_data(rows_at(pilots, reader=TEAM), Scope())
    timeline = cycles_chart(charts.cycles, 0)
    assert {"Adopt", "Adapt", "Abandon", "Not decided yet"} <= set(texts(timeline))
    fills = {r.get("fill") for r in parsed(timeline).iter(f"{SVG}rect")}
    assert {"url(#chart-cycles-hatch)", "url(#chart-cycles-dots)", "#ffffff"} <= fills
    bars = decisions_chart(charts.decisions_by_theme)
    assert texts(bars).count("1") >= 6  # every bar carries its count
    assert "groups: 1 adopt, 1 adapt, 1 abandon" in bars
    tips = [t.text for t in parsed(timeline).iter(f"{SVG}title")]
    assert "Walking groups, cycle 2: Not decided yet, 2026-03-27 to 2026-04-01" in tips


def test_the_same_figures_draw_the_same_bytes(pilots: Pilots) -> None:
    small_programme(pilots)
    charts = chart_data(rows_at(pilots, reader=TEAM), Scope())
    assert cycles_chart(charts.cycles, 0) == cycles_chart(charts.cycles, 0)
    assert open_questions_chart(charts.open_questions_by_week) == open_questions_chart(
        charts.open_questions_by_week
    )


def test_a_large_programme_draws_the_latest_pilots_and_weeks_and_counts_the_rest(
    pilots: Pilots,
) -> None:
    p = Programme(pilots)
    for i in range(MAX_PILOTS + 2):
        p.cycle(p.register(i, f"Pilot {i}", "Tea", ("groups",)), i, i + 3, "adopt")
    (question,) = p.ask(p.register(0, "Asker", "Ask"), 800, date(2020, 1, 1), "What next?")
    charts = chart_data(rows_at(pilots, reader=TEAM), Scope())
    assert (len(charts.cycles), charts.pilots_not_drawn) == (MAX_PILOTS, 2)
    assert charts.cycles[0].title == "Pilot 2"
    assert len(charts.open_questions_by_week) == MAX_WEEKS
    assert "2 earlier pilots are not drawn." in texts(cycles_chart(charts.cycles, 2))
    assert question
