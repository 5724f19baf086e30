"""What a read model is, to the runner that keeps it current.

A read model owns a few tables and turns a batch of events into changes to them. The runner
hands it a batch inside a transaction that also advances the model's tracking position, so each
event takes effect exactly once, and many events share one commit. SQL is written once with `?`
placeholders and runs on SQLite and PostgreSQL alike; a model that needs a dialect's own feature
(full-text search) asks `sql.dialect`. The two dialects' cursors are wrapped in `dialects`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar, Literal, Protocol, TypeVar

from domain.pilot import events

Dialect = Literal["sqlite", "postgresql"]
Row = tuple[Any, ...]
# A subquery of one value (or none), in parentheses, and its parameters: what one read model's
# queries give another's to carry beside its own columns, so a page reads both in one statement.
Scalar = tuple[str, tuple[object, ...]]


@dataclass(frozen=True)
class Notice:
    """One event of the application log, with its position (the notification id)."""

    position: int
    event: events.Event

    @property
    def of_pilot(self) -> bool:
        """Whether the event is a pilot's, rather than a story's or a workshop's."""
        return isinstance(self.event, events.Event)

    @cached_property
    def pilot(self) -> str:
        """The pilot's id as read models key their rows; made once, though six models ask."""
        return str(self.event.originator_id)


class PositionedFold(Protocol):
    """A fold whose handlers take each event with its pilot and its position in the log."""

    def event(self, event: events.Event, pilot: str, position: int) -> None: ...


F = TypeVar("F", bound=PositionedFold)


def fold_batch(fold: F, batch: Sequence[Notice]) -> F:
    """Runs every event of the batch through the fold, in order, and gives the fold back. Its
    dispatcher is bound once for the batch (see `projections.engine`)."""
    take = fold.event
    for notice in batch:
        take(notice.event, notice.pilot, notice.position)
    return fold


@dataclass
class Where:
    """A WHERE clause built a condition at a time, each with its `?` parameters; the
    conditions are ANDed (`str(where)`), and `params` are in their order."""

    conditions: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, condition: str, *params: object) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def __str__(self) -> str:
        return " AND ".join(self.conditions)


def limit_clause(limit: int | None) -> str:
    """` LIMIT n` for a query, or nothing where there is no limit."""
    return "" if limit is None else f" LIMIT {int(limit)}"


class Sql(Protocol):
    """A cursor inside one transaction, with `?` placeholders on both dialects."""

    dialect: Dialect

    def run(self, sql: str, params: Sequence[object] = ()) -> None: ...

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> None: ...

    def rows(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...

    def insert(self, table: str, columns: str, rows: Iterable[Sequence[object]]) -> None:
        """Adds new rows (`columns` as in SQL: "a, b"); fails, as INSERT does, on a key that
        is taken. PostgreSQL takes them by COPY, about twice as fast as single INSERTs."""


class ReadModel(ABC):
    """A view of the log. `name` is stable: it keys the tracking position and prefixes tables.

    `apply` must be deterministic in the events alone (no clock, no randomness), so a rebuild
    from the log gives the same rows as the live model.
    """

    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    # The shape of the model's tables. Raise it when they change: the runner then drops the
    # tables of a database made by the older code and rebuilds them from the log.
    shape: ClassVar[int] = 1
    # Whether the model reads the events of stories and workshops (`domain.origins`), which
    # share the log with the pilots'; a model that does not is given the pilots' events alone.
    origins: ClassVar[bool] = False

    @abstractmethod
    def create(self, sql: Sql) -> None:
        """Creates the model's tables and indexes if they are missing."""

    @abstractmethod
    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        """Applies a batch of events, oldest first."""

    def settle(self, sql: Sql) -> None:  # noqa: B027 (most models have nothing to settle)
        """Work a model leaves until the log has been applied up to its head: the runner
        calls it in the transaction of a batch that reaches the head, and a rebuild at its
        end. Most models have none."""

    def drop(self, sql: Sql) -> None:
        for table in self.tables:
            sql.run(f"DROP TABLE IF EXISTS {table}")
