"""Programme reports kept as built, in `kept_reports` beside the read models.

The log up to a position is fixed, but who may read each entry is judged as it stands now: a
set meeting narrowed since is left out of a report at an older stamp. So a kept report is named
by its stamp, audience, format and filter, and by the access model's epoch when it was built
(`projections.access.queries.judged_since`): the first request builds it and keeps the bytes,
every later one is a lookup until someone's access changes, after which it is built anew. Only
programme reports are kept. They hold no reflection, but do name the community's stories behind
each principle: a story's withdrawal moves the epoch too, and the access model deletes every
report kept before the epoch as it moves (`forget_before`), so the words go with the key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from projections.engine.base import Sql
from projections.engine.views import Views

CREATE = (
    "CREATE TABLE IF NOT EXISTS kept_reports (position BIGINT NOT NULL, audience TEXT NOT NULL, "
    "format TEXT NOT NULL, filter TEXT NOT NULL, judged BIGINT NOT NULL, body TEXT NOT NULL, "
    "PRIMARY KEY (position, audience, format, filter, judged))"
)
# Kept by earlier code, without the epoch: none of it can be trusted to be still readable.
DROP_UNJUDGED = "DROP TABLE IF EXISTS report_cache"
SELECT = (
    "SELECT body FROM kept_reports "
    "WHERE position = ? AND audience = ? AND format = ? AND filter = ? AND judged = ?"
)
INSERT = (
    "INSERT INTO kept_reports (position, audience, format, filter, judged, body) "
    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (position, audience, format, filter, judged) DO NOTHING"
)
# Reports kept under an earlier epoch are never read again.
PRUNE = "DELETE FROM kept_reports WHERE judged < ?"


def forget_before(sql: Sql, judged: int) -> None:
    """Deletes the reports kept before the access epoch `judged`, in the access model's batch
    that moves it."""
    sql.run(CREATE)
    sql.run(PRUNE, (judged,))


@dataclass(frozen=True)
class ReportKey:
    """What names one report's bytes: the stamp, who it is for, its format and its filter,
    and the access epoch it was judged at."""

    position: int
    audience: str
    format: str
    judged: int
    filter: str = ""

    def values(self) -> list[object]:
        return [self.position, self.audience, self.format, self.filter, self.judged]


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
            sql.run(PRUNE, (key.judged,))
            sql.many(INSERT, ([*replace(key, format=fmt).values(), body.decode("utf-8")]
                              for fmt, body in built.items()))  # fmt: skip
        return built[key.format], False

    def _create(self) -> None:
        if not self._ready:
            with self.views.transaction() as sql:
                sql.run(DROP_UNJUDGED)
                sql.run(CREATE)
            self._ready = True
