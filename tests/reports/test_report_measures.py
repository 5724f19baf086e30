"""A pilot's measures in its report, in every format, as they stood at the report's version, and
the measures across pilots in the programme report; the same stamp gives the same bytes."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

import pytest

from adapters.settings import Settings
from adapters.store import open_pilots
from domain.pilot.commands import (
    CorrectPoint,
    DefineMeasure,
    Pause,
    PlanCycle,
    RecordPoints,
    Resume,
    ReviseIdea,
    StartCycle,
    StartPhase,
)
from domain.service import Pilots
from domain.values import DataPoint, MeasurePrediction
from projections.reports.measures import measure_stories
from projections.reports.pilot_report import pilot_report
from projections.reports.programme_report import programme_report
from projections.reports.render import FORMATS, render
from tests.reports.programmes import PREDICTIONS, Programme, on, small_programme
from tests.reports.test_report_xss import PAYLOAD, SCRIPT, assert_inert, assert_svg_inert

FIRST_DAY = date(2026, 3, 2)
# Sixteen waits that swing about the median, then nine short ones: a long run below it.
BEFORE = (30, 18, 31, 17, 29, 19, 32, 18, 30, 17, 31, 19, 29, 18, 30, 17)
AFTER = (14, 13, 15, 12, 14, 13, 15, 14, 13)


@dataclass(frozen=True)
class Measured:
    pilot: UUID
    waits: UUID
    returns: UUID
    early: int  # the pilot's version once the first sixteen waits were recorded
    lead: UUID


def points(values: tuple[int, ...], start: int, note: str = "") -> list[DataPoint]:
    return [
        DataPoint(FIRST_DAY + timedelta(days=start + i), float(v), note if i == 0 else "")
        for i, v in enumerate(values)
    ]


def define(pilots: Pilots, lead: UUID, command: DefineMeasure) -> UUID:
    receipt = pilots.execute(command, lead)
    return receipt.events[-1].measure_id  # type: ignore[attr-defined, no-any-return]


def measured_pilot(pilots: Pilots, programme: Programme | None = None) -> Measured:
    """Two measures: waiting time, with an improvement signal once all twenty points are in,
    and return visits, with three points (too few for the rules), one of them corrected; a
    cycle predicts a fall in waits, and the log puts the cycle's start, a revised idea, a pause
    and a resumption beside the charts."""
    p = programme or Programme(pilots)
    pilot = p.register(0, "Waiting room", "A greeter at the door", ("access",))
    lead = p.lead
    with on(0):
        waits = define(pilots, lead, DefineMeasure(
            pilot, name="Waiting time", kind="outcome", improvement="down", unit="minutes",
            definition="Minutes from arrival to being seen, median of the day", target=20,
        ))  # fmt: skip
        returns = define(pilots, lead, DefineMeasure(
            pilot, name="Return visits", kind="balancing", improvement="up",
            definition="People who come back within a week",
        ))  # fmt: skip
        plan = PlanCycle(
            pilot, objective="Greet everyone", predictions=PREDICTIONS,
            measures=[MeasurePrediction(waits, "Waits fall below 20 minutes")],
        )  # fmt: skip
        pilots.execute(plan, lead)
    with on(16):
        early = pilots.execute(
            RecordPoints(pilot, measure_id=waits, points=points(BEFORE, 0, "Flu season")), lead
        ).pilot.version
    with on(17):
        pilots.execute(StartCycle(pilot, number=1), lead)
        revised = ReviseIdea(pilot, idea="A greeter and a queue board", rationale="Seen")
        pilots.execute(revised, lead)
    with on(27):
        pilots.execute(RecordPoints(pilot, measure_id=waits, points=points(AFTER, 16)), lead)
        pilots.execute(RecordPoints(pilot, measure_id=returns, points=points((4, 6, 5), 18)), lead)
        pilots.execute(
            CorrectPoint(pilot, measure_id=returns, on=FIRST_DAY + timedelta(days=19), value=7,
                         reason="Miscounted"),
            lead,
        )  # fmt: skip
        pilots.execute(Pause(pilot, reason="Holidays"), lead)
    with on(28):
        pilots.execute(Resume(pilot), lead)
    return Measured(pilot, waits, returns, early, lead)


def every_format(report: object) -> dict[str, str]:
    return {fmt: render(report, fmt).decode() for fmt in FORMATS}  # type: ignore[arg-type]


def test_the_pilot_report_tells_each_measure_in_every_format(pilots: Pilots) -> None:
    m = measured_pilot(pilots)
    report = pilot_report(pilots, m.pilot)
    waits, returns = report.measures
    assert (waits.name, waits.kind, waits.unit, waits.improvement, waits.target) == (
        "Waiting time", "outcome", "minutes", "down", 20
    )  # fmt: skip
    assert (waits.rules, waits.rules_name) == ("anhoej", "Anhøj rules (version 1)")
    assert len(waits.points) == 25
    assert waits.points[0].note == "Flu season"
    assert waits.state == "improvement"
    (run,) = [s for s in waits.signals if s.direction == "improvement"]
    assert (run.rule, run.first, run.last) == ("long-run", date(2026, 3, 17), date(2026, 3, 26))
    assert run.explanation.startswith("A run of 10 points below the median")
    assert run.explanation in waits.summary
    assert [a.kind for a in waits.annotations] == ["cycle-start", "idea", "pause", "resume"]
    assert (returns.state, returns.signals) == ("too-few-points", [])
    assert "Too few points for the rules" in returns.summary
    assert [(p.value, p.corrected) for p in returns.points] == [(4, False), (7, True), (5, False)]
    (prediction,) = report.cycles[0].measures
    assert (prediction.measure_id, prediction.measure) == (m.waits, "Waiting time")
    assert prediction.prediction == "Waits fall below 20 minutes"

    data = every_format(report)
    document = json.loads(data["json"])
    assert document["measures"][0]["summary"] == waits.summary
    assert document["cycles"][0]["measures"][0]["measure"] == "Waiting time"
    for fmt in ("md", "html"):
        text = data[fmt]
        for said in ("Measures", "Waiting time", "Return visits", "Minutes from arrival",
                     "Anhøj rules (version 1)", "Too few points", "Flu season",
                     "Waits fall below 20 minutes", run.explanation):  # fmt: skip
            assert said in text, (fmt, said)
    assert "The charts are in the HTML report" in data["md"]
    assert "| 2026-03-02 | 30 minutes | Flu season |" in data["md"]
    html = data["html"]
    assert len(re.findall(r"<svg\b", html)) == 2
    assert f'<title id="measure-{m.waits}-title">Waiting time: run chart</title>' in html


def test_a_report_at_an_earlier_version_shows_the_charts_as_they_stood(pilots: Pilots) -> None:
    m = measured_pilot(pilots)
    then = pilot_report(pilots, m.pilot, m.early)
    waits, returns = then.measures
    assert [p.on for p in waits.points] == [FIRST_DAY + timedelta(days=i) for i in range(16)]
    assert (returns.points, waits.annotations) == ([], [])
    assert waits.state == "no-signals"
    data = every_format(then)
    assert "| 2026-03-17 | 17 minutes |" in data["md"]
    assert "| 2026-03-18 |" not in data["md"]  # the first of the later waits
    assert ">2026-03-17<" in data["html"]
    assert ">2026-03-18<" not in data["html"]
    assert "Flu season" in data["html"]
    assert "Holidays" not in data["html"]
    assert data == every_format(pilot_report(pilots, m.pilot, m.early))


def test_the_same_stamp_gives_the_same_bytes_with_measures(store_settings: Settings) -> None:
    """On SQLite, and on PostgreSQL when PILOTS_TEST_POSTGRES_URL is set."""
    pilots = open_pilots(store_settings)
    try:
        m = measured_pilot(pilots)
        programme_then, pilot_then = programme_report(pilots), pilot_report(pilots, m.pilot)
        before = every_format(programme_then), every_format(pilot_then)
        assert before == (every_format(programme_report(pilots)),
                          every_format(pilot_report(pilots, m.pilot)))  # fmt: skip
        with on(30):
            more = RecordPoints(m.pilot, measure_id=m.returns, points=points((9, 9), 25))
            pilots.execute(more, m.lead)
            phase = StartPhase(m.pilot, measure_id=m.waits, starts=FIRST_DAY + timedelta(days=16),
                               reason="Queue board up")  # fmt: skip
            pilots.execute(phase, m.lead)
        after = (
            every_format(programme_report(pilots, programme_then.position)),
            every_format(pilot_report(pilots, m.pilot, pilot_then.version)),
        )
        assert after == before
        assert "Queue board up" in every_format(pilot_report(pilots, m.pilot))["json"]
        assert "Queue board up" in every_format(programme_report(pilots))["json"]
    finally:
        pilots.close()


def test_the_programme_report_has_a_line_for_each_measure(pilots: Pilots) -> None:
    small_programme(pilots)
    m = measured_pilot(pilots)
    report = programme_report(pilots)
    assert [(x.title, x.measure.name, x.measure.state) for x in report.measures] == [
        ("Waiting room", "Waiting time", "improvement"),
        ("Waiting room", "Return visits", "too-few-points"),
    ]
    # Read from the log's chart events alone, the charts are those of the pilot's whole story.
    history = list(pilots.history(m.pilot))
    at = report.as_of
    assert [x.measure for x in report.measures] == measure_stories(history, at)
    data = every_format(report)
    for fmt in ("md", "html"):
        assert "Measures across pilots" in data[fmt]
        assert "Improvement signals" in data[fmt]
        assert "Too few points" in data[fmt]
    assert "| Waiting room | Waiting time | outcome | 25 | Improvement signals |" in data["md"]
    html = data["html"]
    assert html.count(f'<title id="programme-measure-{m.waits}-title">') == 1
    # the summary's charts, two measures, and the co-creation map (empty: no origins here)
    assert len(re.findall(r"<svg\b", html)) == 3 + 2 + 1
    assert len(re.findall(r'<svg\b[^>]*class="chart co-creation-map"', html)) == 1
    earlier = programme_report(pilots, 5)
    assert earlier.measures == []
    assert "No measures yet." in render(earlier, "md").decode()


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_a_pilot_without_measures_says_so(pilots: Pilots, fmt: str) -> None:
    small = small_programme(pilots)
    assert "No measures yet." in render(pilot_report(pilots, small.a), fmt).decode()  # type: ignore[arg-type]


def test_text_typed_into_a_measure_is_shown_as_text(pilots: Pilots) -> None:
    p = Programme(pilots)
    pilot = p.register(0, "Waiting room", "A greeter at the door")
    with on(0):
        measure = define(pilots, p.lead, DefineMeasure(
            pilot, name=PAYLOAD[:120], kind="process", improvement="up", unit=SCRIPT,
            definition=PAYLOAD,
        ))  # fmt: skip
        plan = PlanCycle(pilot, objective="Try", predictions=PREDICTIONS,
                         measures=[MeasurePrediction(measure, PAYLOAD)])  # fmt: skip
        pilots.execute(plan, p.lead)
    with on(20):
        pilots.execute(RecordPoints(pilot, measure_id=measure, points=points(BEFORE, 0, PAYLOAD)),
                       p.lead)  # fmt: skip
        phase = StartPhase(pilot, measure_id=measure, starts=FIRST_DAY + timedelta(days=8),
                           reason=PAYLOAD)  # fmt: skip
        pilots.execute(phase, p.lead)
    for report in (pilot_report(pilots, pilot), programme_report(pilots)):
        html = render(report, "html").decode()
        assert_inert(html)
        assert assert_svg_inert(html) >= 1
    html = render(pilot_report(pilots, pilot), "html").decode()
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 8
    markdown_it = pytest.importorskip("markdown_it")
    viewer = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    for report in (pilot_report(pilots, pilot), programme_report(pilots)):
        markdown = render(report, "md").decode()
        assert "<script" not in markdown
        assert_inert(viewer.render(markdown))
    assert PAYLOAD.encode() in render(pilot_report(pilots, pilot), "json").replace(b"\\", b"")
