"""The rules against the worked examples published with qicharts2 and NHSRplotthedots.

Inputs and expected figures are carried over unchanged from the test suites of
anhoej/qicharts2 (commit 1b9487e, version 0.8.1) and nhs-r-community/NHSRplotthedots
(commit 050b07d, version 0.2.2). Each test names the file its figures come from.
"""

from __future__ import annotations

from datetime import date

import pytest

from domain.measures.results import ANHOEJ, MDC, Direction, Improvement, Side
from domain.measures.rules import Limits, analyse, runs_about, streaks, trends, two_of_three
from tests.measures.series import RNORM_123, dated


def figures(values: list[float], centre: float) -> tuple[int, int, int, int, int]:
    runs = runs_about(values, centre)
    assert runs is not None
    return (
        runs.useful,
        runs.longest_run,
        runs.longest_run_max,
        runs.crossings,
        runs.crossings_min,
    )


# --- qicharts2: the runs analysis (Anhøj rules) ---


def test_weekly_costs_about_their_baseline_mean_show_no_unusual_run() -> None:
    # qicharts2, tests/testthat/ex_6.5_3.rds (test_montgomery.R, "Example 6.5"): y, the centre
    # line (the mean of the first 20 weeks) and n.useful, longest.run, longest.run.max,
    # n.crossings, n.crossings.min; runs.signal is FALSE.
    costs = [
        310, 288, 297, 298, 307, 303, 294, 297, 308, 306, 294, 299, 297, 299, 314, 295, 293,
        306, 301, 304, 305, 282, 305, 296, 314, 295, 287, 301, 298, 311, 310, 292, 305, 299,
        304, 310, 304, 305, 333, 328,
    ]  # fmt: skip
    assert figures(costs, 300.5) == (40, 6, 8, 20, 14)


def test_a_run_as_long_as_the_limit_is_not_long_but_few_crossings_signal() -> None:
    # qicharts2, tests/testthat/ex_7.3_3.rds (test_montgomery.R, "Example 7.3"): counts with
    # the 6th and 20th left out, centre line 19.666667; longest.run 8 against a maximum of 8,
    # 14 crossings against a minimum of 16, runs.signal TRUE.
    counts = [
        21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22, 18, 39, 30, 24,
        16, 19, 17, 15, 16, 18, 12, 15, 24, 21, 28, 20, 25, 19, 18, 21, 16, 22, 19, 12, 14, 9,
        16, 21,
    ]  # fmt: skip
    included = [count for i, count in enumerate(counts, 1) if i not in (6, 20)]
    runs = runs_about(included, 19.666666666666668)
    assert runs is not None
    assert figures(included, 19.666666666666668) == (44, 8, 8, 14, 16)
    assert not [run for run in runs.runs if run.count > runs.longest_run_max]
    assert runs.crossings < runs.crossings_min


# qicharts2, data/hospital_infections.rda: urinary tract infections (n) and risk days, by month
# from January 2015, at two hospitals; the u chart's centre is sum(n) / sum(days).
NOH_INFECTIONS = [
    65, 58, 67, 71, 52, 42, 53, 52, 50, 45, 50, 50, 42, 50, 57, 56, 63, 52, 53, 64, 52, 49, 61, 48,
]  # fmt: skip
NOH_DAYS = [
    17764.6249999893,
    15589.7500000004,
    17199.0833333188,
    16526.083333328,
    17257.3750000134,
    16278.249999996,
    15891.1250000055,
    16107.7916666661,
    16048.6250000078,
    16595.2083333363,
    16196.708333328701,
    15740.8333333272,
    16425.2500000006,
    15214.541666671299,
    16002.0000000034,
    15769.2500000058,
    16235.499999992699,
    15807.2916666704,
    15455.249999992,
    15401.750000008,
    15351.4583333385,
    16198.0416666694,
    15694.749999993799,
    15445.9166666616,
]
RGH_INFECTIONS = [
    126, 121, 152, 113, 123, 122, 99, 113, 106, 101, 109, 97, 105, 125, 114, 109, 112, 122, 87,
    95, 98, 117, 89, 96,
]  # fmt: skip
RGH_DAYS = [
    26699.9166666665,
    24641.6666666845,
    27829.3333333379,
    25741.4583333231,
    27340.9583333345,
    26530.9166666589,
    22205.208333347,
    23300.1250000034,
    26724.0416666673,
    26584.3333333211,
    26692.2083333263,
    24992.8750000055,
    25970.1250000031,
    24860.9166666553,
    25579.83333333,
    26098.8333333395,
    25788.0833333317,
    26083.2499999927,
    21689.166666666,
    24108.7916666737,
    25681.4583333296,
    26117.6666666731,
    19995.4583333404,
    19941.7083333378,
]


def rates(infections: list[int], days: list[float]) -> tuple[list[float], float]:
    return [n / d for n, d in zip(infections, days, strict=True)], sum(infections) / sum(days)


def test_a_long_run_and_few_crossings_at_one_hospital() -> None:
    # qicharts2, tests/testthat/hai_3.rds (test_hai.R, "Double faceted plot"), row NOH / UTI:
    # longest.run 10 against 8 and 7 crossings against 8, runs.signal 1.
    assert figures(*rates(NOH_INFECTIONS, NOH_DAYS)) == (24, 10, 8, 7, 8)


def test_as_many_crossings_as_the_minimum_is_no_signal() -> None:
    # qicharts2, tests/testthat/hai_3.rds, row RGH / UTI: 8 crossings against a minimum of 8,
    # longest.run 5, runs.signal 0.
    assert figures(*rates(RGH_INFECTIONS, RGH_DAYS)) == (24, 5, 8, 8, 8)


@pytest.mark.parametrize(
    ("useful", "longest_run_max", "crossings_min", "source"),
    [
        (6, 6, 1, "hai_4.rds"),
        (10, 6, 2, "ex_7.5_1.rds"),
        (20, 7, 6, "ex_7.4_1.rds"),
        (24, 8, 8, "hai_1.rds"),
        (25, 8, 8, "ex_6.3_1.rds"),
        (28, 8, 9, "ex_7.1_5.rds, part 1"),
        (39, 8, 14, "ex_6.5_4.rds"),
        (44, 8, 16, "ex_7.3_3.rds"),
        (64, 9, 25, "ex_7.1_5.rds, part 2"),
    ],
)
def test_limits_for_runs_and_crossings_grow_with_the_useful_points(
    useful: int, longest_run_max: int, crossings_min: int, source: str
) -> None:
    # qicharts2, tests/testthat/<source>: n.useful, longest.run.max and n.crossings.min.
    runs = runs_about([1.0] * useful, 0.0)
    assert runs is not None
    assert (runs.longest_run_max, runs.crossings_min) == (longest_run_max, crossings_min)


def test_points_on_the_centre_line_are_not_useful() -> None:
    # An example of ours, not a published one: qicharts2's runs.analysis drops the points on the
    # centre, so 13 points with only 7 off the median are too few for the Anhøj rules.
    points = dated([5, 5, 5, 5, 5, 5, 1, 9, 1, 9, 1, 9, 1])
    analysis = analyse(points, ANHOEJ, Improvement.UP)
    assert (analysis.centre, analysis.useful, analysis.too_few_points) == (5, 7, True)
    assert analysis.signals == ()


# --- NHSRplotthedots: XmR limits and the Making Data Count rules ---


def test_limits_and_common_cause_for_a_random_series() -> None:
    # NHSRplotthedots, tests/testthat/_snaps/ptd_spc_standard.md (r1): mean_col 0.1416238,
    # lpl -3.01138, upl 3.294627; _snaps/ptd_spc.md: 20 of 20 points common cause.
    analysis = analyse(dated(RNORM_123), MDC, Improvement.UP)
    assert analysis.centre == pytest.approx(0.1416238, abs=5e-8)
    assert analysis.lower == pytest.approx(-3.01138, abs=5e-6)
    assert analysis.upper == pytest.approx(3.294627, abs=5e-7)
    assert (analysis.trial, analysis.too_few_points, analysis.signals) == (False, False, ())


def test_an_outlying_moving_range_is_screened_out_of_the_limits() -> None:
    # NHSRplotthedots, _snaps/ptd_spc_standard.md: with the 15th value set to 10, r2 (screened,
    # the default) has mean 0.6694159 and limits -2.383666 and 3.722497; r3, unscreened, has
    # -4.596625 and 5.935457.
    values = [*RNORM_123[:14], 10.0, *RNORM_123[15:]]
    analysis = analyse(dated(values), MDC, Improvement.DOWN)
    assert analysis.centre == pytest.approx(0.6694159, abs=5e-8)
    assert analysis.lower == pytest.approx(-2.383666, abs=5e-7)
    assert analysis.upper == pytest.approx(3.722497, abs=5e-7)
    outside = [s for s in analysis.signals if s.rule == "outside"]
    assert [(s.first, s.side, s.direction) for s in outside] == [
        (date(2020, 1, 16), Side.HIGH, Direction.CONCERN)
    ]


@pytest.mark.parametrize(
    ("half", "mean", "lower", "upper"),
    [(slice(0, 10), 0.0746, -2.60, 2.75), (slice(10, 20), 0.209, -3.28, 3.70)],
)
def test_ten_points_give_trial_limits_but_not_too_few_points(
    half: slice, mean: float, lower: float, upper: float
) -> None:
    # NHSRplotthedots, _snaps/ptd_spc.md, summary with facet_field: two groups of 10, mean_col
    # 0.0746 and 0.209, lpl -2.60 and -3.28, upl 2.75 and 3.70, all 10 points common cause.
    analysis = analyse(dated(RNORM_123[half]), MDC, Improvement.UP)
    assert analysis.centre == pytest.approx(mean, abs=5e-4)
    assert analysis.lower == pytest.approx(lower, abs=5e-3)
    assert analysis.upper == pytest.approx(upper, abs=5e-3)
    assert (analysis.trial, analysis.too_few_points, analysis.signals) == (True, False, ())


@pytest.mark.parametrize(("count", "trial"), [(11, True), (12, False)])
def test_limits_are_trial_limits_below_twelve_points(count: int, trial: bool) -> None:
    # NHSRplotthedots, tests/testthat/test-ptd_add_short_group_warnings.R: with a threshold of
    # 12, a group of 11 points warns of trial limits and a group of 12 does not.
    analysis = analyse(dated(RNORM_123[:count]), MDC, Improvement.UP)
    assert analysis.trial is trial


def test_two_points_near_opposite_limits_are_common_cause() -> None:
    # NHSRplotthedots, tests/testthat/test-ptd_spc_standard.R: 1, -1 repeated 8 times, with the
    # 15th value 5.5 and the 16th -5.5; both are common cause.
    values = [1.0, -1.0] * 8
    values[14], values[15] = 5.5, -5.5
    analysis = analyse(dated(values), MDC, Improvement.UP)
    assert analysis.signals == ()


@pytest.mark.parametrize(
    ("signs", "expected"),
    [
        ([1] * 6, []),
        ([1] * 6 + [-1], []),
        ([1] * 8 + [-1], [(0, 7, 1)]),
        ([-1] * 8 + [1], [(0, 7, -1)]),
    ],
)
def test_seven_points_on_one_side_of_the_mean(signs: list[int], expected: list[tuple]) -> None:
    # NHSRplotthedots, tests/testthat/test-ptd_calculate_point_type.R,
    # ptd_seven_point_one_side_mean: signs relative to the mean; a flagged 7th and 8th point
    # mark the first 8 points as part of the run.
    found = streaks(signs, least=7, zero_breaks=True)
    assert [(run.first, run.last, run.sign) for run in found] == expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([1, 2, 3, 4, 5, 6], []),
        ([1, 2, 3, 3, 4, 5, 6], []),
        ([1, 2, 3, 4, 5, 6, 7], [(0, 6, 1)]),
        ([2, 1, 2, 3, 4, 5, 6, 7, 3], [(1, 7, 1)]),
        ([7, 6, 5, 4, 3, 2, 1], [(0, 6, -1)]),
        ([2, 7, 6, 5, 4, 3, 2, 1, 3], [(1, 7, -1)]),
    ],
)
def test_seven_points_rising_or_falling(values: list[float], expected: list[tuple]) -> None:
    # NHSRplotthedots, tests/testthat/test-ptd_calculate_point_type.R, ptd_seven_point_trend:
    # an equal value breaks a trend, so 1:3 then 3:6 is none.
    found = trends(values, least_steps=6, ties_break=True)
    assert [(run.first, run.last, run.sign) for run in found] == expected


@pytest.mark.parametrize(
    ("near", "sides", "expected"),
    [
        ([1, 0, 1], [1, 1, 1], [(0, 2)]),
        ([0, 1, 1], [1, 1, 1], [(1, 2)]),
        ([1, 1, 0], [1, 1, 1], [(0, 1)]),
        ([0, 0, 1, 0, 1, 0, 0], [1] * 7, [(2, 4)]),
        ([0, 0, 1, 1, 0, 0, 0], [1] * 7, [(2, 3)]),
        ([1, 0, 0, 1], [1] * 4, []),
        ([1, 0, 0, 1, 1], [1] * 5, [(3, 4)]),
        ([1, 0, 1], [1, -1, 1], []),
        ([0, 1, 1], [1, -1, 1], []),
        ([0, 0, 1, 0, 1, 0, 0], [1, -1, 1, -1, 1, -1, 1], []),
        ([0, 0, 1, 1, 0, 0, 0], [-1, 1, -1, 1, -1, 1, -1], []),
    ],
)
def test_two_of_three_near_a_limit(near: list[int], sides: list[int], expected: list) -> None:
    # NHSRplotthedots, tests/testthat/test-ptd_calculate_point_type.R, ptd_two_in_three and
    # ptd_part_of_two_in_three: their flags of points near a limit and signs relative to the
    # mean, drawn as values about a mean of 0 with limits of +-2.66 (2 sigma at +-1.77).
    values = [(2.0 if close else 1.0) * side for close, side in zip(near, sides, strict=True)]
    found = two_of_three(values, Limits(mean=0.0, moving_range=1.0))
    assert [(run.first, run.last) for run in found] == expected
