"""The access read model: for each entry a reader may be kept from, its visibility, its author
and whether it was withdrawn; each part of it (a set meeting's questions, actions and insights)
by the entry it belongs to; and each pilot's team as it stands now.

Other read models keep, on each row, the pilot and the id of the part it is about (an empty
string for the pilot's own record, which everyone reads), and filter with `readable` in SQL.
Access is judged as the entry stands now, never as it stood when a row was written, so a
narrowing hides every earlier row at once. A row whose part is not known here yet is hidden:
the check fails closed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from eventsourcing.dispatch import singledispatchmethod

from domain.origins.access import WITHDRAWALS
from domain.pilot import events
from domain.pilot.visibility import JUDGED_ANEW
from projections.engine.base import Notice, ReadModel, Sql
from projections.reports.cache import forget_before

# A story's withdrawal changes no entry here, but moves the epoch: a programme report names the
# community's stories, so one kept from before it may hold the words withdrawn.
JUDGED = (*JUDGED_ANEW, *WITHDRAWALS)

# (pilot, part) -> entry; (pilot, entry) -> [visibility, author, withdrawn]
Parts = dict[tuple[str, str], str]
Entries = dict[tuple[str, str], list[object]]


class AccessModel(ReadModel):
    name = "access"
    tables = ("rm_access_entries", "rm_access_parts", "rm_access_team", "rm_access_epoch")
    # 2: indexes to read a reader's entries beyond the community's; 3: the epoch
    shape = 3
    origins: ClassVar[bool] = True  # for the stories' withdrawals alone

    # No index leads with visibility: PostgreSQL would OR it into every check of `readable`
    # and read tens of thousands of entries for each row.
    INDEXES = (
        "CREATE INDEX IF NOT EXISTS rm_access_entries_author ON rm_access_entries (author)",
        "CREATE INDEX IF NOT EXISTS rm_access_parts_entry ON rm_access_parts (pilot_id, entry_id)",
        "CREATE INDEX IF NOT EXISTS rm_access_team_account ON rm_access_team (account)",
    )

    def create(self, sql: Sql) -> None:
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_access_entries (pilot_id TEXT NOT NULL, "
            "entry_id TEXT NOT NULL, visibility TEXT NOT NULL, author TEXT, "
            "withdrawn INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (pilot_id, entry_id))"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_access_parts (pilot_id TEXT NOT NULL, "
            "part_id TEXT NOT NULL, entry_id TEXT NOT NULL, PRIMARY KEY (pilot_id, part_id))"
        )
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_access_team (pilot_id TEXT NOT NULL, "
            "account TEXT NOT NULL, PRIMARY KEY (pilot_id, account))"
        )
        for index in self.INDEXES:
            sql.run(index)
        # One row: the position of the latest event after which some entry is judged anew.
        sql.run("CREATE TABLE IF NOT EXISTS rm_access_epoch (position BIGINT NOT NULL)")
        sql.run(
            "INSERT INTO rm_access_epoch (position) SELECT 0 "
            "WHERE NOT EXISTS (SELECT 1 FROM rm_access_epoch)"
        )

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        fold = AccessFold()
        take = fold.event  # bound once a batch: each lookup builds a new wrapper
        epoch = 0
        for notice in batch:
            take(notice.event, notice.pilot)
            if isinstance(notice.event, JUDGED):
                epoch = notice.position
        if epoch:
            sql.run("UPDATE rm_access_epoch SET position = ?", (epoch,))
            forget_before(sql, epoch)
        sql.many(
            "INSERT INTO rm_access_entries (pilot_id, entry_id, visibility, author, withdrawn) "
            "VALUES (?, ?, ?, ?, 0) ON CONFLICT (pilot_id, entry_id) DO NOTHING",
            ((*key, visibility, author) for key, (visibility, author) in fold.recorded.items()),
        )
        sql.many(
            "UPDATE rm_access_entries SET visibility = ? WHERE pilot_id = ? AND entry_id = ?",
            ((visibility, *key) for key, visibility in fold.visibility.items()),
        )
        sql.many(
            "UPDATE rm_access_entries SET withdrawn = 1 WHERE pilot_id = ? AND entry_id = ?",
            fold.withdrawn,
        )
        sql.many(
            "INSERT INTO rm_access_parts (pilot_id, part_id, entry_id) VALUES (?, ?, ?) "
            "ON CONFLICT (pilot_id, part_id) DO NOTHING",
            ((*key, entry) for key, entry in fold.parts.items()),
        )
        sql.many(
            "INSERT INTO rm_access_parts (pilot_id, part_id, entry_id) "
            "SELECT pilot_id, ?, entry_id FROM rm_access_parts WHERE pilot_id = ? AND part_id = ? "
            "ON CONFLICT (pilot_id, part_id) DO NOTHING",
            ((insight, pilot, question) for pilot, insight, question in fold.insights),
        )
        sql.many(
            "DELETE FROM rm_access_team WHERE pilot_id = ? AND account = ?",
            (key for key, member in fold.team.items() if not member),
        )
        sql.many(
            "INSERT INTO rm_access_team (pilot_id, account) VALUES (?, ?) "
            "ON CONFLICT (pilot_id, account) DO NOTHING",
            (key for key, member in fold.team.items() if member),
        )


class AccessFold:
    """A batch folded to its changes. An insight belongs to its question's set meeting, which
    may have been recorded in an earlier batch, so `apply` finds that entry in SQL."""

    def __init__(self) -> None:
        self.recorded: dict[tuple[str, str], tuple[str, str]] = {}
        self.visibility: dict[tuple[str, str], str] = {}
        self.withdrawn: list[tuple[str, str]] = []
        self.parts: Parts = {}
        self.team: dict[tuple[str, str], bool] = {}
        self.insights: list[tuple[str, str, str]] = []  # (pilot, insight, question)

    @singledispatchmethod
    def event(self, event: events.Event, pilot: str) -> None:
        """Events that change no one's access."""

    @event.register
    def _(self, event: events.Registered, pilot: str) -> None:
        self.team[(pilot, str(event.actor))] = True

    @event.register
    def _(self, event: events.RoleAssigned, pilot: str) -> None:
        self.team[(pilot, str(event.user))] = True

    @event.register
    def _(self, event: events.MemberRemoved, pilot: str) -> None:
        self.team[(pilot, str(event.user))] = False

    @event.register
    def _(self, event: events.ReflectionRecorded, pilot: str) -> None:
        self._entry(pilot, event.reflection_id, event.visibility, event.actor)

    @event.register
    def _(self, event: events.QuestionSetRecorded, pilot: str) -> None:
        entry = self._entry(pilot, event.set_id, event.visibility, event.actor)
        for question in event.questions:
            self.parts[(pilot, str(question.id))] = entry
        for action in event.actions:
            self.parts[(pilot, str(action.id))] = entry

    @event.register
    def _(self, event: events.InsightAdded, pilot: str) -> None:
        self.insights.append((pilot, str(event.insight_id), str(event.question_id)))

    @event.register
    def _(self, event: events.ReflectionVisibilityChanged, pilot: str) -> None:
        self.visibility[(pilot, str(event.reflection_id))] = str(event.visibility)

    @event.register
    def _(self, event: events.QuestionSetVisibilityChanged, pilot: str) -> None:
        self.visibility[(pilot, str(event.set_id))] = str(event.visibility)

    @event.register
    def _(self, event: events.ReflectionWithdrawn, pilot: str) -> None:
        self.withdrawn.append((pilot, str(event.reflection_id)))

    def _entry(self, pilot: str, entry_id: object, visibility: object, author: object) -> str:
        entry = str(entry_id)
        self.recorded[(pilot, entry)] = (str(visibility), str(author))
        self.parts[(pilot, entry)] = entry
        return entry
