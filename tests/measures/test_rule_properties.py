"""Properties every rule set keeps, whatever the series: hypothesis looks for a counterexample."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.measures.results import (
    ANHOEJ,
    IHI,
    MDC,
    RULE_SETS,
    Direction,
    Improvement,
    RuleSet,
    Side,
)
from domain.measures.rules import analyse, runs_about, sides, xmr_limits
from tests.measures.series import covered, dated, long_series, series

ALL_RULES = list(RULE_SETS.values())
SWAPPED = {Direction.IMPROVEMENT: Direction.CONCERN, Direction.CONCERN: Direction.IMPROVEMENT}
rule_sets = st.sampled_from(ALL_RULES)


def in_windows(values: list[float], size: int, breaks_rule) -> set[int]:
    """Positions in some window of `size` consecutive points that breaks the rule on its own."""
    found: set[int] = set()
    for start in range(len(values) - size + 1):
        if breaks_rule(values[start : start + size]):
            found.update(range(start, start + size))
    return found


@given(st.floats(-1e6, 1e6, allow_nan=False), st.integers(1, 60), rule_sets)
def test_a_constant_series_has_no_crossings_and_no_signal(
    value: float, count: int, rules: RuleSet
) -> None:
    runs = runs_about([value] * count, value - 1)
    assert runs is not None
    assert (runs.crossings, runs.longest_run) == (0, count)
    assert analyse(dated([value] * count), rules, Improvement.UP).signals == ()


@given(long_series, rule_sets)
def test_reversing_the_direction_swaps_improvement_and_concern(
    values: list[float], rules: RuleSet
) -> None:
    up = analyse(dated(values), rules, Improvement.UP)
    down = analyse(dated(values), rules, Improvement.DOWN)
    unsaid = analyse(dated(values), rules, None)
    assert len(up.signals) == len(down.signals) == len(unsaid.signals)
    for a, b, c in zip(up.signals, down.signals, unsaid.signals, strict=True):
        assert (a.rule, a.first, a.last, a.side) == (b.rule, b.first, b.last, b.side)
        assert b.direction == SWAPPED.get(a.direction)  # type: ignore[arg-type]
        assert c.direction == (None if a.side is None else Direction.NEITHER)


@given(long_series)
def test_limits_are_symmetric_about_the_mean(values: list[float]) -> None:
    analysis = analyse(dated(values), MDC, Improvement.UP)
    if analysis.lower is None or analysis.upper is None or analysis.centre is None:
        return
    assert analysis.lower <= analysis.centre <= analysis.upper
    assert analysis.upper - analysis.centre == pytest.approx(
        analysis.centre - analysis.lower, rel=1e-9, abs=1e-6
    )


@given(st.lists(st.floats(-1e6, 1e6, allow_nan=False), max_size=9), rule_sets)
def test_fewer_than_ten_points_say_too_few_points_and_give_no_signal(
    values: list[float], rules: RuleSet
) -> None:
    analysis = analyse(dated(values), rules, Improvement.UP)
    assert analysis.too_few_points
    assert analysis.signals == ()


@given(series)
def test_xmr_limits_are_trial_limits_below_twelve_points(values: list[float]) -> None:
    analysis = analyse(dated(values), MDC, Improvement.UP)
    assert analysis.trial == (analysis.lower is not None and len(values) < 12)


@given(series, rule_sets, st.randoms(use_true_random=False))
def test_the_order_points_arrive_in_does_not_matter(
    values: list[float], rules: RuleSet, shuffler: random.Random
) -> None:
    points = dated(values)
    shuffled = points[:]
    shuffler.shuffle(shuffled)
    assert analyse(shuffled, rules, Improvement.UP) == analyse(points, rules, Improvement.UP)


@given(long_series, rule_sets)
def test_turning_the_chart_upside_down_turns_every_signal(
    values: list[float], rules: RuleSet
) -> None:
    up = analyse(dated(values), rules, Improvement.UP)
    mirrored = analyse(dated([-value for value in values]), rules, Improvement.DOWN)
    assert mirrored.centre == (None if up.centre is None else -up.centre)
    assert (mirrored.lower, mirrored.upper) == (
        None if up.upper is None else -up.upper,
        None if up.lower is None else -up.lower,
    )
    turned = {Side.HIGH: Side.LOW, Side.LOW: Side.HIGH, None: None}
    assert [(s.rule, s.first, s.last, s.direction) for s in mirrored.signals] == [
        (s.rule, s.first, s.last, s.direction) for s in up.signals
    ]
    assert [s.side for s in mirrored.signals] == [turned[s.side] for s in up.signals]


@given(series)
def test_crossings_are_one_fewer_than_the_runs(values: list[float]) -> None:
    if not values:
        return
    runs = runs_about(values, sorted(values)[len(values) // 2])
    if runs is None:
        return
    assert runs.crossings == len(runs.runs) - 1
    assert sum(run.count for run in runs.runs) == runs.useful
    assert runs.longest_run == max(run.count for run in runs.runs)
    assert all(a.sign != b.sign for a, b in pairwise(runs.runs))


@given(long_series)
def test_mdc_signals_cover_exactly_the_points_of_some_breaking_window(values: list[float]) -> None:
    analysis = analyse(dated(values), MDC, Improvement.UP)
    if analysis.too_few_points or analysis.centre is None:
        return
    signs = sides(values, analysis.centre)
    assert covered(analysis, "shift") == in_windows(
        signs, 7, lambda w: len(set(w)) == 1 and w[0] != 0
    )
    rising = in_windows(values, 7, lambda w: all(a < b for a, b in pairwise(w)))
    falling = in_windows(values, 7, lambda w: all(a > b for a, b in pairwise(w)))
    assert covered(analysis, "trend") == rising | falling


@given(long_series)
def test_two_of_three_covers_the_near_points_of_some_breaking_window(values: list[float]) -> None:
    limits = xmr_limits(values)
    analysis = analyse(dated(values), MDC, Improvement.UP)
    if analysis.too_few_points or limits is None:
        return
    reach = (2 * (2.66 / 3)) * limits.moving_range
    near = [
        limits.lower <= value <= limits.upper
        and not limits.mean - reach <= value <= limits.mean + reach
        for value in values
    ]
    signs = sides(values, limits.mean)
    expected: set[int] = set()
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        if sum(near[at] for at in window) >= 2 and abs(sum(signs[at] for at in window)) == 3:
            expected.update(at for at in window if near[at])
    found = covered(analysis, "two-of-three")
    assert {at for at in found if near[at]} == expected


@given(long_series)
def test_ihi_shifts_pass_over_points_on_the_median(values: list[float]) -> None:
    analysis = analyse(dated(values), IHI, Improvement.UP)
    if analysis.too_few_points or analysis.centre is None:
        return
    signs = sides(values, analysis.centre)
    useful = [at for at, sign in enumerate(signs) if sign]
    expected: set[int] = set()
    for start in range(len(useful) - 5):
        window = useful[start : start + 6]
        if len({signs[at] for at in window}) == 1:
            expected.update(range(window[0], window[-1] + 1))
    assert covered(analysis, "shift") == expected


@given(long_series)
def test_ihi_trends_pass_over_equal_values(values: list[float]) -> None:
    analysis = analyse(dated(values), IHI, Improvement.UP)
    if analysis.too_few_points:
        return
    moves = [(at, (b > a) - (b < a)) for at, (a, b) in enumerate(pairwise(values)) if a != b]
    expected: set[int] = set()
    for start in range(len(moves) - 3):
        window = moves[start : start + 4]
        if len({sign for _, sign in window}) == 1:
            expected.update(range(window[0][0], window[-1][0] + 2))
    assert covered(analysis, "trend") == expected


@given(long_series)
def test_a_long_run_is_longer_than_the_anhoej_limit(values: list[float]) -> None:
    analysis = analyse(dated(values), ANHOEJ, Improvement.UP)
    runs = runs_about(values, analysis.centre) if analysis.centre is not None else None
    long = [run for run in runs.runs if run.count > runs.longest_run_max] if runs else []
    assert len([s for s in analysis.signals if s.rule == "long-run"]) == (
        0 if analysis.too_few_points else len(long)
    )
