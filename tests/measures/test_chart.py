"""A measure's chart as SVG, and the words for it: the picture parses, says in words what it
shows, marks what the rules found, escapes what people typed, and gives the same bytes twice."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.measures.results import ANHOEJ, IHI, MDC
from projections.measures.chart import draw
from projections.measures.view import Annotation, Definition, MeasurePoint, MeasureView, assemble
from projections.measures.wording import day, explain, figure, marked, rules_name, summary
from tests.measures.series import numbers

SVG = "{http://www.w3.org/2000/svg}"
START = date(2026, 3, 3)
COORDINATES = ("x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "width", "height", "viewBox")


def measure(
    name: str = "Wait for triage", unit: str = "minutes", target: float | None = None,
    improvement: str = "up",
) -> Definition:  # fmt: skip
    return Definition(
        UUID(int=1), UUID(int=2), name, "process", "From arrival to triage.", unit, improvement,
        target,
    )  # fmt: skip


def weekly(values: list[float], start: date = START) -> list[MeasurePoint]:
    return [MeasurePoint(start + timedelta(weeks=i), value, "") for i, value in enumerate(values)]


def read(drawn: object) -> ET.Element:
    return ET.fromstring(str(drawn))  # noqa: S314 - our own output, parsed to check it


def parse(view: MeasureView, *, width: int = 720, compact: bool = False) -> ET.Element:
    return read(draw(view, "chart-m", width=width, compact=compact))


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


# A run of 8 above the median, then 8 below: two long runs and too few crossings.
HALVES = [20.0] * 8 + [1.0] * 8
# Steady about 30, then one point far above the limits.
SPIKE = [30.0, 31.0, 29.0, 30.0, 32.0, 28.0, 30.0, 31.0, 29.0, 30.0, 31.0, 29.0, 30.0, 60.0]


def test_the_chart_is_an_image_named_and_described_by_its_summary() -> None:
    view = assemble(measure(), weekly(HALVES), [], [])
    root = parse(view)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-m-title chart-m-desc"
    assert root.findtext(f"{SVG}title") == "Wait for triage: run chart"
    assert root.findtext(f"{SVG}desc") == summary(view)
    assert not list(root.iter(f"{SVG}script"))
    xmr = assemble(measure(), weekly(SPIKE), [], [], chart="xmr", rules=MDC)
    assert parse(xmr).findtext(f"{SVG}title") == "Wait for triage: XmR chart"


def test_a_long_run_is_told_in_words_with_its_dates_and_meaning() -> None:
    view = assemble(measure(), weekly(HALVES), [], [])
    first = view.signals[0]
    assert explain(first, view) == (
        "A run of 8 points above the median from 3 Mar to 21 Apr 2026 "
        "(longer than the 7 expected by chance): an improvement."
    )
    desc = parse(view).findtext(f"{SVG}desc") or ""
    assert {s.rule for s in view.signals} == {"long-run", "few-crossings"}
    for signal in view.signals:
        assert explain(signal, view) in desc
    assert "A run of 8 points below the median from 28 Apr to 16 Jun 2026" in desc
    assert "a concern" in desc
    assert "Too few crossings of the median from 3 Mar to 16 Jun 2026" in desc
    assert "Anhøj rules (version 1)" in desc


def test_a_point_outside_the_limits_is_told_in_words() -> None:
    view = assemble(measure(improvement="down"), weekly(SPIKE), [], [], chart="xmr", rules=MDC)
    outside = [s for s in view.signals if s.rule == "outside"]
    assert len(outside) == 1
    said = explain(outside[0], view)
    assert said.startswith(f"A point outside the limits on {day(START + timedelta(weeks=13))}")
    assert "(60, above the upper limit of" in said
    assert said.endswith(": a concern.")
    desc = parse(view).findtext(f"{SVG}desc") or ""
    assert said in desc
    assert "XmR chart" in desc
    assert "Making Data Count rules (version 1)" in desc
    assert "Trial limits" not in desc  # 14 points give firm limits


def test_an_ihi_shift_and_trend_are_named() -> None:
    view = assemble(measure(), weekly([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), [], [],
                    rules=IHI)  # fmt: skip
    desc = summary(view)
    assert "A trend of 12 points rising from 3 Mar to 19 May 2026 (5 or more in a row)" in desc
    assert "A shift of 6 points above the median" in desc


def test_too_few_points_is_said_plainly_and_no_signal_is_implied() -> None:
    rising = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    for chart, rules in (("run", ANHOEJ), ("xmr", MDC)):
        view = assemble(measure(), weekly(rising), [], [], chart=chart, rules=rules)
        root = parse(view)
        desc = root.findtext(f"{SVG}desc") or ""
        assert "Too few points for the rules: 6 of the 10 needed" in desc
        assert "signal" not in desc.lower()
        assert "improvement" not in desc
        assert "concern" not in desc
        assert not with_class(root, "signal")
    xmr = assemble(measure(), weekly(rising), [], [], chart="xmr", rules=MDC)
    assert "Trial limits" in summary(xmr)
    assert "trial" in texts(parse(xmr))


def test_noise_is_said_to_be_noise() -> None:
    view = assemble(measure(), weekly([3.0, 5, 4, 6, 3, 5, 4, 6, 3, 5, 4, 6]), [], [])
    assert not view.signals
    assert "No signals: the variation looks like noise (common cause)." in summary(view)


def test_the_same_view_gives_the_same_bytes() -> None:
    def view() -> MeasureView:
        notes = [Annotation(START + timedelta(days=9), "idea", "Ask at the door", None)]
        return assemble(measure(target=12.5), weekly(SPIKE), [(START + timedelta(weeks=6), "rota")],
                        notes, chart="xmr", rules=MDC)  # fmt: skip

    assert str(draw(view(), "m")) == str(draw(view(), "m"))
    assert str(draw(view(), "m", compact=True)) == str(draw(view(), "m", compact=True))


def test_what_people_typed_is_escaped() -> None:
    typed = 'A <b>bold</b> & "quoted" <script>x</script>'
    points = [MeasurePoint(p.on, p.value, typed) for p in weekly(HALVES)]
    notes = [Annotation(START + timedelta(weeks=2), "decision", typed, 1)]
    view = assemble(measure(name=typed, unit=typed), points, [(START + timedelta(weeks=5), typed)],
                    notes)  # fmt: skip
    drawn = str(draw(view, "m"))
    assert "<script>" not in drawn
    assert "<b>" not in drawn
    root = read(drawn)  # parses: every & < " is escaped
    assert root.findtext(f"{SVG}title") == f"{typed}: run chart"
    assert typed in (root.findtext(f"{SVG}desc") or "")
    note = with_class(root, "annotation")[0]
    assert typed in (note.findtext(f"{SVG}title") or "")


def test_the_target_line_is_drawn_only_with_a_target() -> None:
    without = parse(assemble(measure(), weekly(HALVES), [], []))
    assert not with_class(without, "target")
    assert not [t for t in texts(without) if t.startswith("target")]
    root = parse(assemble(measure(target=15.0), weekly(HALVES), [], []))
    assert len(with_class(root, "target")) == 1
    assert "target 15" in texts(root)


def test_each_recorded_phase_begins_at_a_boundary() -> None:
    values = SPIKE[:-1] * 3  # limits in every phase: the values vary
    for starts in ([], [START + timedelta(weeks=8)],
                   [START + timedelta(weeks=8), START + timedelta(weeks=20)]):  # fmt: skip
        phase_starts = [(when, "new rota") for when in starts]
        view = assemble(measure(), weekly(values), phase_starts, [], chart="xmr", rules=MDC)
        root = parse(view)
        assert len(view.phases) == len(starts) + 1
        assert len(with_class(root, "phase-start")) == len(starts)
        assert texts(root).count("new phase") == len(starts)
        assert len(with_class(root, "centre")) == len(starts) + 1
        assert len(with_class(root, "upper")) == len(starts) + 1


def test_the_points_of_a_signal_are_marked_by_shape_and_colour() -> None:
    view = assemble(measure(), weekly(HALVES), [], [])
    root = parse(view)
    points = with_class(root, "point")
    assert len(points) == len(HALVES)
    # Below the median is worse here, and too few crossings has no side: a concern outranks it.
    improvement = [e for e in points if "improvement" in e.get("class", "")]
    concern = [e for e in points if "concern" in e.get("class", "")]
    assert (len(improvement), len(concern)) == (8, 8)
    assert {e.tag for e in improvement} == {f"{SVG}circle"}
    assert {e.tag for e in concern} == {f"{SVG}path"}  # diamonds
    assert {e.get("fill") for e in improvement}.isdisjoint({e.get("fill") for e in concern})
    assert len(with_class(root, "key")) == 2  # the legend
    assert not with_class(parse(view, compact=True), "key")
    quiet = parse(assemble(measure(), weekly([3.0, 5, 4, 6, 3, 5, 4, 6, 3, 5, 4, 6]), [], []))
    assert not with_class(quiet, "signal")
    assert {e.get("r") for e in with_class(quiet, "point")} == {"3"}


def test_annotations_within_the_dates_are_marked_and_numbered() -> None:
    last = START + timedelta(weeks=len(HALVES) - 1)
    notes = [
        Annotation(START - timedelta(days=30), "idea", "Before the first point", None),
        Annotation(START, "cycle-start", "Cycle 1 begins", 1),
        Annotation(START + timedelta(weeks=4), "decision", "Adapt", 1),
        Annotation(START + timedelta(weeks=4), "cycle-start", "Cycle 2 begins", 2),
        Annotation(last, "pause", "Summer", None),
        Annotation(last + timedelta(days=1), "resume", "After the last point", None),
    ]
    view = assemble(measure(), weekly(HALVES), [], notes)
    root = parse(view)
    drawn = with_class(root, "annotation")
    assert len(drawn) == len(marked(view)) == 4
    assert ["".join(e.itertext()).split(".")[0][-1] for e in drawn] == ["2", "3", "4", "5"]
    assert [e.findtext(f"{SVG}text") for e in drawn] == ["2", "3", "4", "5"]
    assert "Notes 2 to 5 from the pilot's log are marked on it." in summary(view)
    assert "2 notes from the log fall outside the chart's dates." in summary(view)


def test_an_empty_measure_draws_an_empty_frame() -> None:
    view = assemble(measure(target=3.0), [], [], [])
    root = parse(view)
    assert "No points yet" in texts(root)
    assert len(with_class(root, "plot")) == 1
    assert not with_class(root, "point")
    assert "No points yet" in (root.findtext(f"{SVG}desc") or "")


def test_the_compact_chart_is_smaller_and_still_named() -> None:
    view = assemble(measure(), weekly(SPIKE), [], [], chart="xmr", rules=MDC)
    full, compact = parse(view), parse(view, compact=True, width=360)
    assert compact.findtext(f"{SVG}title") == full.findtext(f"{SVG}title")
    assert compact.findtext(f"{SVG}desc") == full.findtext(f"{SVG}desc")
    size = [float(v) for v in compact.get("viewBox", "").split()]
    assert size[2] == 360
    assert size[3] < float(full.get("viewBox", "").split()[3])
    assert len(texts(compact)) < len(texts(full))


def test_text_is_at_least_eleven_in_the_view_box() -> None:
    root = parse(assemble(measure(target=20), weekly(SPIKE), [], [], chart="xmr", rules=MDC))
    sizes = [float(e.get("font-size", "")) for e in root.iter() if e.get("font-size")]
    assert min(sizes, default=0) >= 11


def test_words() -> None:
    assert day(date(2026, 3, 3)) == "3 Mar 2026"
    assert rules_name(ANHOEJ) == "Anhøj rules (version 1)"
    assert rules_name(MDC) == "Making Data Count rules (version 1)"
    assert [figure(v) for v in (23.456, 1234.56, 0.012345, -0.5, 0.0, 20.0)] == [
        "23.5", "1,235", "0.0123", "-0.5", "0", "20",
    ]  # fmt: skip


@st.composite
def views(draw_from: st.DrawFn) -> MeasureView:
    values = draw_from(numbers(least=1))
    gaps = draw_from(st.lists(st.integers(1, 40), min_size=len(values), max_size=len(values)))
    days = [START + timedelta(days=sum(gaps[:i])) for i in range(len(values))]
    points = [MeasurePoint(on, value, "") for on, value in zip(days, values, strict=True)]
    around = st.dates(days[0] - timedelta(days=30), days[-1] + timedelta(days=30))
    starts = draw_from(st.lists(around, max_size=2))
    notes = draw_from(st.lists(around, max_size=4))
    target = draw_from(st.none() | st.floats(-1e6, 1e6, allow_nan=False))
    chart, rules = draw_from(st.sampled_from([("run", ANHOEJ), ("run", IHI), ("xmr", MDC)]))
    return assemble(
        measure(target=target, improvement=draw_from(st.sampled_from(["up", "down"]))), points,
        [(on, "") for on in starts], [Annotation(on, "idea", "x", None) for on in notes],
        chart=chart, rules=rules,
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(views(), st.booleans())
def test_any_series_draws_a_chart_with_finite_coordinates(view: MeasureView, compact: bool) -> None:
    drawn = str(draw(view, "m", compact=compact))
    root = read(drawn)
    assert root.findtext(f"{SVG}title")
    assert root.findtext(f"{SVG}desc")
    for element in root.iter():
        for name in (*COORDINATES, "points", "d"):
            found = element.get(name)
            if found is None:
                continue
            assert not re.search("nan|inf", found.lower()), (name, found)
            for number in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", found):
                assert math.isfinite(float(number))
    assert len(with_class(root, "annotation")) == len(marked(view))
    assert len(with_class(root, "phase-start")) == max(len(view.phases) - 1, 0)
