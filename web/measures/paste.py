"""Many values pasted at once, a line each (`date,value`, with an optional note), read and
checked line by line before anything is recorded.

Lines may come from a spreadsheet (tabs), a European one (semicolons, decimal commas) or this
product's own CSV download (`on,value,note`, whose header is skipped). Each line is checked by
the same rules the domain applies, with the same words, so the preview flags every line the
domain would refuse: a bad date or number, a future day, a day given twice, or a day that
already has a value.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date

from domain.errors import InvalidEntry
from domain.pilot.measures import NOTE_MAX, POINTS_PER_CALL_MAX, day, number
from domain.values import DataPoint

_HEADERS = {"on", "date", "day", "when"}


@dataclass(frozen=True)
class PastedLine:
    """One line as typed (`number` counts from 1, blank lines included), read, or with the
    problem that stops it being recorded."""

    number: int
    text: str
    on: date | None = None
    value: float | None = None
    note: str = ""
    problem: str = ""


@dataclass(frozen=True)
class Pasted:
    lines: tuple[PastedLine, ...]
    problem: str = ""  # about the paste as a whole: nothing in it, or too many lines

    @property
    def bad(self) -> tuple[PastedLine, ...]:
        return tuple(line for line in self.lines if line.problem)

    @property
    def ready(self) -> bool:
        return not self.problem and not self.bad

    def points(self) -> list[DataPoint]:
        return [
            DataPoint(ln.on, ln.value, ln.note)
            for ln in self.lines
            if ln.on and ln.value is not None
        ]


def read_pasted(text: str, taken: set[date]) -> Pasted:
    """The pasted lines, each read and checked; `taken` are the days that already have a value."""
    lines: list[PastedLine] = []
    first: dict[date, int] = {}
    for number_, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not raw.strip():
            continue
        cells = _cells(raw)
        if not lines and cells and cells[0].strip().casefold() in _HEADERS:
            continue  # a header line
        line = _line(number_, raw, cells)
        on = line.on
        if on is not None and not line.problem:
            if on in first:
                line = _flag(line, f"{on.isoformat()} is also on line {first[on]}")
            elif on in taken:
                line = _flag(line, f"{on.isoformat()} already has a value; correct it instead")
            first.setdefault(on, number_)
        lines.append(line)
    if not lines:
        return Pasted((), "paste at least one line, such as 2026-05-01,12")
    if len(lines) > POINTS_PER_CALL_MAX:
        return Pasted(
            tuple(lines), f"paste at most {POINTS_PER_CALL_MAX} lines at a time, not {len(lines)}"
        )
    return Pasted(tuple(lines))


def _cells(raw: str) -> list[str]:
    delimiter = "\t" if "\t" in raw else ";" if ";" in raw else ","
    return next(csv.reader([raw], delimiter=delimiter), [])


def _line(number_: int, raw: str, cells: list[str]) -> PastedLine:
    line = PastedLine(number_, raw.strip())
    if len(cells) < 2:
        return _flag(line, "needs a date and a value, such as 2026-05-01,12")
    if len(cells) > 3:
        return _flag(line, "has more than a date, a value and a note (quote a note with commas)")
    try:
        on = date.fromisoformat(cells[0].strip())
    except ValueError:
        return _flag(line, f"{cells[0].strip()!r} is not a date such as 2026-05-01")
    typed = cells[1].strip().replace(" ", "").replace("\u00a0", "")
    if typed.count(",") == 1 and "." not in typed:
        typed = typed.replace(",", ".")  # a decimal comma, from a semicolon-separated line
    note = cells[2].strip() if len(cells) == 3 else ""
    try:
        value = float(typed)
    except ValueError:
        return _flag(line, f"{cells[1].strip()!r} is not a number")
    try:
        day("on", on)
        number("value", value)
    except InvalidEntry as refused:
        return _flag(line, refused.reason)
    if len(note) > NOTE_MAX:
        return _flag(line, f"the note is longer than {NOTE_MAX} characters")
    return PastedLine(number_, raw.strip(), on, value, note)


def _flag(line: PastedLine, problem: str) -> PastedLine:
    return PastedLine(line.number, line.text, line.on, line.value, line.note, problem)
