"""Series shared by the rule tests: published inputs, dated points and hypothesis strategies."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import accumulate

from hypothesis import strategies as st

from domain.measures.results import Analysis
from domain.values import DataPoint

FIRST_DAY = date(2020, 1, 2)  # NHSRplotthedots' tests date their points from here, daily

# rnorm(20) after set.seed(123), as R prints it; NHSRplotthedots' tests chart this series.
# The snapshots' mean, limits and signs relative to the mean confirm every value.
RNORM_123 = [
    -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774,
    1.71506499, 0.46091621, -1.26506123, -0.68685285, -0.44566197,
    1.22408180, 0.35981383, 0.40077145, 0.11068272, -0.55584113,
    1.78691314, 0.49785048, -1.96661716, 0.70135590, -0.47279141,
]  # fmt: skip


def dated(values: list[float]) -> list[DataPoint]:
    """One point a day from FIRST_DAY."""
    return [DataPoint(FIRST_DAY + timedelta(days=i), value) for i, value in enumerate(values)]


def covered(analysis: Analysis, rule: str) -> set[int]:
    """Positions (days from FIRST_DAY) inside the signals of one rule."""
    return {
        day
        for signal in analysis.signals
        if signal.rule == rule
        for day in range((signal.first - FIRST_DAY).days, (signal.last - FIRST_DAY).days + 1)
    }


def walk(steps: list[int]) -> list[float]:
    return [float(value) for value in accumulate(steps)]


def numbers(least: int = 0) -> st.SearchStrategy[list[float]]:
    """Series of `least` to 60 values. Small integers put points on the centre line and repeat
    values, walks make trends (with and without equal steps), and floats make everything else."""
    return st.one_of(
        st.lists(st.integers(-4, 4).map(float), min_size=least, max_size=60),
        st.lists(st.integers(-3, 3), min_size=least, max_size=60).map(walk),
        st.lists(st.sampled_from([-2, -1, 1, 3]), min_size=least, max_size=60).map(walk),
        st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=least, max_size=60),
    )


series = numbers()
long_series = numbers(least=10)
