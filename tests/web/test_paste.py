"""Pasted values, read line by line: what a spreadsheet or this product's own CSV gives reads
back exactly, and every bad line is flagged, by its number, with nothing else flagged."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from web.measures.paste import read_pasted

DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2026, 1, 1))
VALUES = st.floats(allow_nan=False, allow_infinity=False, width=64)
POINTS = st.dictionaries(DAYS, VALUES, min_size=1, max_size=40)
SEPARATORS = st.sampled_from([",", "\t", ";"])
BAD = st.sampled_from(["2026-13-01,4", "yesterday,4", "2026-01-01,many", "2026-01-01", "5",
                       "2026-01-01,nan", "2026-01-01,inf", "3026-01-01,4"])  # fmt: skip


@given(POINTS, SEPARATORS, st.booleans())
def test_good_lines_read_back_exactly(points: dict[date, float], sep: str, header: bool) -> None:
    lines = [f"{day.isoformat()}{sep}{value!r}" for day, value in points.items()]
    text = ("on,value,note\n" if header else "") + "\n".join(lines) + "\n\n"
    pasted = read_pasted(text, taken=set())
    assert pasted.ready
    assert {(p.on, p.value) for p in pasted.points()} == set(points.items())


@given(POINTS, st.data())
def test_every_bad_line_is_flagged_and_only_those(
    points: dict[date, float], data: st.DataObject
) -> None:
    lines = [f"{day.isoformat()},{value!r}" for day, value in points.items()]
    bad_at = sorted(set(data.draw(st.lists(st.integers(0, len(lines)), min_size=1, max_size=5))))
    for offset, at in enumerate(bad_at):
        lines.insert(at + offset, data.draw(BAD))
    pasted = read_pasted("\n".join(lines), taken=set())
    assert not pasted.ready
    flagged = [line.number for line in pasted.bad]
    assert flagged == [at + offset + 1 for offset, at in enumerate(bad_at)]
    assert all(line.problem for line in pasted.bad)


@given(POINTS, st.data())
def test_a_day_already_recorded_or_given_twice_is_flagged(
    points: dict[date, float], data: st.DataObject
) -> None:
    days = list(points)
    taken = {data.draw(st.sampled_from(days))}
    again = data.draw(st.sampled_from(days))
    lines = [f"{day.isoformat()},1" for day in days] + [f"{again.isoformat()},2"]
    pasted = read_pasted("\n".join(lines), taken)
    problems = {line.number: line.problem for line in pasted.bad}
    assert problems[days.index(next(iter(taken))) + 1].endswith("correct it instead")
    assert "is also on line" in problems[len(lines)] or again in taken


def test_a_note_may_hold_commas_when_quoted_and_a_decimal_comma_follows_a_semicolon() -> None:
    pasted = read_pasted('2026-02-09,6,"Quiz, then tea"\n2026-02-16;7,5', taken=set())
    assert [(p.on, p.value, p.note) for p in pasted.points()] == [
        (date(2026, 2, 9), 6.0, "Quiz, then tea"),
        (date(2026, 2, 16), 7.5, ""),
    ]


def test_nothing_pasted_or_too_much_is_one_problem_for_the_whole_paste() -> None:
    assert read_pasted(" \n\n", taken=set()).problem.startswith("paste at least one line")
    many = "\n".join(f"{date(2020, 1, 1) + timedelta(days=i)},1" for i in range(501))
    assert "at most 500" in read_pasted(many, taken=set()).problem
