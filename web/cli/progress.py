"""Progress through the event log, on stderr, for `projections rebuild` and `export`.

`[#####.....] position 4,000 of 10,000: 4,000 events, 52,000 events/s`: the position is where
the log has been read to, which is ahead of the event count where notification ids have gaps.
On a terminal the line is redrawn in place a few times a second. In a log file or a pipe a
whole line is written every few seconds and at the end instead, because carriage returns
would turn a log into one long line.
"""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.control import Control
from rich.progress import Progress, ProgressColumn, Task
from rich.segment import ControlType
from rich.text import Text

BAR_WIDTH = 30
REDRAW_SECONDS = 0.2
LINE_SECONDS = 5.0
# Clear the line, then go back to its start: a shorter line leaves nothing of a longer one.
_REDRAW = Control((ControlType.ERASE_IN_LINE, 2), ControlType.CARRIAGE_RETURN)


class HashBar(ProgressColumn):
    """`[#####.....]`: plain characters, which read the same in a log file as on a terminal."""

    def render(self, task: Task) -> Text:
        if not task.total:
            return Text(f"[{'#' * BAR_WIDTH}]")
        done = min(BAR_WIDTH, int(BAR_WIDTH * task.completed // task.total))
        return Text(f"[{'#' * done}{'.' * (BAR_WIDTH - done)}]")


class Counts(ProgressColumn):
    def render(self, task: Task) -> Text:
        events: int = task.fields["events"]
        rate = events / max(task.elapsed or 0.0, 1e-9)
        return Text(
            f"position {int(task.completed):,} of {int(task.total or 0):,}: "
            f"{events:,} events, {rate:,.0f} events/s"
        )


class LogProgress:
    """`show` is called after each batch read from the log; `end` (or leaving a `with` block)
    finishes the line on a terminal, so whatever is printed next starts on a line of its own."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)
        # Only a real terminal: FORCE_COLOR makes rich treat a pipe as one, but a log file
        # should still get whole lines.
        self.live = (
            self.console.is_terminal
            and not self.console.is_dumb_terminal
            and self.console.file.isatty()
        )
        self._columns = (HashBar(), Counts())
        self._progress = Progress(*self._columns, console=self.console, auto_refresh=False)
        self._task = self._progress.add_task("log", total=None, events=0)
        self._drawn = float("-inf")
        self._last = (-1, -1)
        self._shown = False

    @property
    def elapsed(self) -> float:
        """Seconds since the progress began."""
        return self._progress.tasks[0].elapsed or 0.0

    def show(self, events: int, position: int, head: int) -> None:
        now = time.monotonic()
        every = REDRAW_SECONDS if self.live else LINE_SECONDS
        if (events, position) == self._last or (now - self._drawn < every and position < head):
            return
        self._drawn, self._last = now, (events, position)
        self._progress.update(self._task, completed=position, total=head, events=events)
        task = self._progress.tasks[0]
        line = Text(" ").join(column.render(task) for column in self._columns)
        if self.live:
            self.console.control(_REDRAW)
            self.console.print(line, end="", no_wrap=True, overflow="ellipsis")
            self._shown = True
        else:
            self.console.print(line, soft_wrap=True)

    def end(self) -> None:
        if self._shown:
            self.console.line()
            self._shown = False

    def __enter__(self) -> LogProgress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.end()
