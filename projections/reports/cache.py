"""Programme reports kept as built, in `report_cache` beside the read models.

A report at a stamp never changes: the log up to a position is fixed, and the same stamp,
audience and format give the same bytes. So the first request for one builds it (folding the
log up to the position, which grows with the programme) and keeps the bytes; every later one
is a lookup. Only programme reports are kept: they hold no withdrawable text (no reflection or
story), so a withdrawal never needs to reach this table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from projections.engine.views import Views

CREATE = (
    "CREATE TABLE IF NOT EXISTS report_cache (position BIGINT NOT NULL, audience TEXT NOT NULL, "
    "format TEXT NOT NULL, filter TEXT NOT NULL, body TEXT NOT NULL, "
    "PRIMARY KEY (position, audience, format, filter))"
)
SELECT = (
    "SELECT body FROM report_cache "
    "WHERE position = ? AND audience = ? AND format = ? AND filter = ?"
)
INSERT = (
    "INSERT INTO report_cache (position, audience, format, filter, body) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (position, audience, format, filter) DO NOTHING"
)


@dataclass(frozen=True)
class ReportKey:
    """What names one report's bytes: the stamp, who it is for, its format and its filter."""

    position: int
    audience: str
    format: str
    filter: str = ""

    def values(self) -> list[object]:
        return [self.position, self.audience, self.format, self.filter]


class ReportCache:
    def __init__(self, views: Views) -> None:
        self.views = views
        self._ready = False

    def bytes_of(self, key: ReportKey, build: Callable[[], dict[str, bytes]]) -> tuple[bytes, bool]:
        """The report's bytes, and whether they were kept from before (else built now).
        `build` gives the report in every format: folding the log is the cost, rendering is
        not, so one build keeps them all."""
        self._create()
        with self.views.read() as sql:
            found = sql.rows(SELECT, key.values())
        if found:
            return str(found[0][0]).encode("utf-8"), True
        built = build()
        with self.views.transaction() as sql:
            sql.many(INSERT, ([*replace(key, format=fmt).values(), body.decode("utf-8")]
                              for fmt, body in built.items()))  # fmt: skip
        return built[key.format], False

    def _create(self) -> None:
        if not self._ready:
            with self.views.transaction() as sql:
                sql.run(CREATE)
            self._ready = True
