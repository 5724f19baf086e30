"""The rules against pyqicharts 2.0.0, a Python port of qicharts2-style charts.

On hypothesis-generated series the two count runs, crossings and signals alike. Where they
part, pyqicharts departs from the published figures of qicharts2 or NHSRplotthedots that the
contract follows, and a pinned test below shows each departure with its evidence.
"""

from __future__ import annotations

from itertools import pairwise
from statistics import median

import pandas as pd
import pytest
from hypothesis import given, settings
from pyqicharts import XmrRuleConfig, anhoej_rules, qic_table, xmr_signals

from domain.measures.results import ANHOEJ, MDC, Improvement
from domain.measures.rules import (
    FEWEST_POINTS,
    Limits,
    analyse,
    runs_about,
    sides,
    trends,
    two_of_three,
    xmr_limits,
)
from tests.measures.series import FIRST_DAY, RNORM_123, covered, dated, long_series

COMPARED = settings(max_examples=250, deadline=None)
MDC_CONFIG = XmrRuleConfig(shift_points=7, trend_points=7)


def flagged(column: pd.Series) -> set[int]:
    return {at for at, flag in enumerate(column) if flag}


@COMPARED
@given(long_series)
def test_runs_and_crossings_are_counted_alike(values: list[float]) -> None:
    theirs = anhoej_rules(values)
    ours = runs_about(values, median(values))
    if ours is None:
        assert theirs.n_used == 0
        return
    assert theirs.median == median(values)
    assert (theirs.n_used, theirs.longest_run, theirs.crossings) == (
        ours.useful,
        ours.longest_run,
        ours.crossings,
    )
    if ours.useful < FEWEST_POINTS:
        return  # no Anhøj rule applies to so few points, and pyqicharts' limit is then n
    # Only the two limits part, each in one known way: see the pinned tests below.
    assert theirs.expected_longest_run - ours.longest_run_max in (0, 1)
    assert ours.crossings_min - theirs.lower_crossings_limit == 1


@COMPARED
@given(long_series)
def test_xmr_signals_agree_where_both_read_the_rules_alike(values: list[float]) -> None:
    limits = xmr_limits(values)
    if limits is None:
        return
    ours = analyse(dated(values), MDC, Improvement.UP)
    theirs = xmr_signals(
        pd.Series(values), limits.mean, limits.lower, limits.upper, "high is good", MDC_CONFIG
    )
    beyond = flagged(theirs["outside_ucl"] | theirs["outside_lcl"])
    assert covered(ours, "outside") == beyond
    for signal in ours.signals:
        if signal.rule == "outside":
            at = (signal.first - FIRST_DAY).days
            assert theirs["special_cause_type"].iloc[at] == signal.direction
    if 0 not in sides(values, limits.mean):
        assert covered(ours, "shift") == flagged(theirs["shift"])
    if all(a != b for a, b in pairwise(values)):
        assert covered(ours, "trend") == flagged(theirs["trend"])
    if not beyond:
        reach = (2 * (2.66 / 3)) * limits.moving_range
        near = {at for at, v in enumerate(values) if abs(v - limits.mean) > reach}
        assert covered(ours, "two-of-three") & near == flagged(theirs["two_sigma"])


def test_the_longest_run_limit_is_rounded_not_raised() -> None:
    # pyqicharts takes ceil(log2(n) + 3); qicharts2 takes round(log2(n)) + 3, and its reference
    # tests/testthat/ex_6.5_3.rds gives longest.run.max 8 for 40 useful points (the qicharts2
    # vignette's Appendix 2 tabulates the same formula). Two runs of 9 among 40 points are
    # therefore long runs, and pyqicharts misses them.
    highs = [100.0 + i for i in range(9)]
    lows = [float(i) for i in range(9)]
    rest = [value for k in range(11) for value in (200.0 + k, -10.0 - k)]
    values = highs + lows + rest
    theirs = anhoej_rules(values)
    ours = runs_about(values, median(values))
    assert ours is not None
    assert (ours.useful, ours.longest_run, ours.longest_run_max) == (40, 9, 8)
    assert (theirs.expected_longest_run, theirs.signal_long_run) == (9, False)
    long_runs = [s for s in analyse(dated(values), ANHOEJ, None).signals if s.rule == "long-run"]
    assert len(long_runs) == 2


def test_too_few_crossings_uses_the_fifth_percentile_itself() -> None:
    # The contract and qicharts2 signal fewer crossings than qbinom(0.05, n - 1, 0.5), which is
    # 8 for 24 useful points (qicharts2 tests/testthat/hai_3.rds: n.crossings.min 8, and rows
    # BOH / UTI and NOH / UTI signal with 7 crossings). pyqicharts takes the largest count whose
    # lower tail is at most 5 %, one fewer, so 7 crossings among 24 points pass unremarked.
    values: list[float] = []
    for k in range(8):
        values += (
            [100.0 + 10 * k + i for i in range(3)]
            if k % 2 == 0
            else [-10.0 * k - i for i in range(3)]
        )
    theirs = anhoej_rules(values)
    ours = runs_about(values, median(values))
    assert ours is not None
    assert (ours.useful, ours.crossings, ours.crossings_min) == (24, 7, 8)
    assert (theirs.lower_crossings_limit, theirs.signal_few_crossings) == (7, False)
    rules = [s.rule for s in analyse(dated(values), ANHOEJ, None).signals]
    assert rules == ["few-crossings"]


def test_a_point_on_the_mean_breaks_a_shift() -> None:
    # The contract follows NHSRplotthedots (R/ptd_calculate_point_type.R counts a point as part
    # of a run only when its side is not 0): three above, one on the mean, four above is no
    # shift. pyqicharts passes over the point on the mean and finds a shift of seven.
    values = [1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0, -3.5, -3.5]
    theirs = xmr_signals(pd.Series(values), 0.0, -100.0, 100.0, "high is good", MDC_CONFIG)
    assert flagged(theirs["shift"]) == {0, 1, 2, 4, 5, 6, 7}
    analysis = analyse(dated(values), MDC, Improvement.UP)
    assert analysis.centre == 0.0
    assert [s for s in analysis.signals if s.rule == "shift"] == []


def test_an_equal_value_breaks_a_trend() -> None:
    # NHSRplotthedots tests/testthat/test-ptd_calculate_point_type.R: c(1:3, 3:6) is no trend,
    # as an equal value breaks it. With one more rise, pyqicharts passes over the equal value
    # and counts seven points in a row.
    values = [1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    theirs = xmr_signals(pd.Series(values), 0.0, -100.0, 100.0, "high is good", MDC_CONFIG)
    assert flagged(theirs["trend"]) == {0, 1, 2, 4, 5, 6, 7}
    assert trends(values, least_steps=6, ties_break=True) == []


def test_a_point_beyond_the_limit_is_not_near_it() -> None:
    # NHSRplotthedots R/ptd_spc_standard.R: close_to_limits is "!outside_limits & ...", and the
    # contract asks for 2 of 3 "between 2 sigma and the limit". pyqicharts counts a point
    # beyond the limit as beyond 2 sigma too, and so finds two of three here.
    values = [3.0, 2.0, 1.0]
    theirs = xmr_signals(pd.Series(values), 0.0, -2.66, 2.66, "high is good", MDC_CONFIG)
    assert flagged(theirs["two_sigma"]) == {0, 1}
    assert two_of_three(values, Limits(mean=0.0, moving_range=1.0)) == []


def test_xmr_limits_use_2_66_and_screen_ranges_not_points() -> None:
    # NHSRplotthedots _snaps/ptd_spc_standard.md: upl 3.294627 for the rnorm(20) series, and
    # with the 15th value 10, mean 0.6694159 and upl 3.722497 once the screened moving range is
    # left out. pyqicharts' i chart takes 3 / 1.128 rather than 2.66, does not screen unless
    # asked, and when asked drops the point after a screened range from the mean as well.
    def pyqicharts_i(values: list[float], **options: bool) -> tuple[float, float]:
        frame = pd.DataFrame({"x": range(len(values)), "y": values})
        row = qic_table(frame, x="x", y="y", chart="i", **options).iloc[0]
        return row["centre"], row["ucl"]

    assert analyse(dated(RNORM_123), MDC, None).upper == pytest.approx(3.294627, abs=5e-7)
    assert pyqicharts_i(RNORM_123)[1] != pytest.approx(3.294627, abs=1e-4)
    outlier = [*RNORM_123[:14], 10.0, *RNORM_123[15:]]
    ours = analyse(dated(outlier), MDC, None)
    assert (ours.centre, ours.upper) == pytest.approx((0.6694159, 3.722497), abs=5e-7)
    assert pyqicharts_i(outlier)[1] != pytest.approx(3.722497, abs=1e-2)
    screened = pyqicharts_i(outlier, exclude_mr_outliers=True)
    assert screened[0] != pytest.approx(0.6694159, abs=1e-2)
