"""Search's model: full text over ideas (every version), reflections, study notes and insights.

One document per entry, keyed so a correction finds and replaces its text. PostgreSQL indexes
a generated `tsvector` with GIN; SQLite keeps an FTS5 index beside the documents, fed by
triggers. Pilot titles are kept only to name a hit's pilot, not searched.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import Pilot
from projections.engine.base import Notice, ReadModel, Sql
from projections.search_terms import plain

_SQLITE_TABLES = (
    "CREATE TABLE IF NOT EXISTS rm_search_documents (id INTEGER PRIMARY KEY, "
    "doc_key TEXT NOT NULL UNIQUE, pilot_id TEXT NOT NULL, kind TEXT NOT NULL, "
    "text TEXT NOT NULL, position BIGINT NOT NULL)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS rm_search_fts USING fts5(text, "
    "content='rm_search_documents', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS rm_search_documents_added "
    "AFTER INSERT ON rm_search_documents BEGIN "
    "INSERT INTO rm_search_fts (rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS rm_search_documents_changed "
    "AFTER UPDATE ON rm_search_documents BEGIN "
    "INSERT INTO rm_search_fts (rm_search_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO rm_search_fts (rowid, text) VALUES (new.id, new.text); END",
)
_POSTGRES_TABLES = (
    "CREATE TABLE IF NOT EXISTS rm_search_documents (doc_key TEXT PRIMARY KEY, "
    "pilot_id TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, position BIGINT NOT NULL, "
    "tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED)",
    "CREATE INDEX IF NOT EXISTS rm_search_documents_tsv ON rm_search_documents USING GIN (tsv)",
)


class SearchModel(ReadModel):
    name = "search"
    tables = ("rm_search_fts", "rm_search_documents", "rm_search_pilots")

    def create(self, sql: Sql) -> None:
        for statement in _SQLITE_TABLES if sql.dialect == "sqlite" else _POSTGRES_TABLES:
            sql.run(statement)
        sql.run(
            "CREATE TABLE IF NOT EXISTS rm_search_pilots (pilot_id TEXT PRIMARY KEY, "
            "title TEXT NOT NULL)"
        )

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        fold = _Documents()
        take = fold.event  # bound once: binding a singledispatchmethod costs more than the call
        for notice in batch:
            take(notice.event, notice.pilot, notice.position)
        sql.many(
            "INSERT INTO rm_search_pilots (pilot_id, title) VALUES (?, ?) "
            "ON CONFLICT (pilot_id) DO UPDATE SET title = excluded.title",
            fold.titles.items(),
        )
        sql.many(
            "INSERT INTO rm_search_documents (doc_key, pilot_id, kind, text, position) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (doc_key) DO UPDATE SET text = excluded.text",
            ((key, *row) for key, row in fold.documents.items()),
        )


class _Documents:
    """One batch's documents by key; a later event in the batch replaces an earlier text."""

    def __init__(self) -> None:
        self.documents: dict[str, tuple[str, str, str, int]] = {}
        self.titles: dict[str, str] = {}

    def add(self, key: str, pilot: str, kind: str, text: str, position: int) -> None:
        self.documents[f"{pilot}/{key}"] = (pilot, kind, plain(text), position)

    @singledispatchmethod
    def event(self, event: Pilot.Event, pilot: str, position: int) -> None:
        """Other events hold no text that is searched."""

    @event.register
    def _(self, event: Pilot.Registered, pilot: str, position: int) -> None:
        self.titles[pilot] = event.title
        self.add("idea/1", pilot, "idea", event.idea, position)

    @event.register
    def _(self, event: Pilot.IdeaRevised, pilot: str, position: int) -> None:
        self.add(f"idea/{event.originator_version}", pilot, "idea", event.idea, position)

    @event.register
    def _(self, event: Pilot.StudyRecorded, pilot: str, position: int) -> None:
        cycle = f"cycle/{event.number}"
        self.add(f"{cycle}/learning", pilot, "learning", event.learning, position)
        if event.surprises:
            self.add(f"{cycle}/surprises", pilot, "surprises", event.surprises, position)
        results = "\n".join(f"{r.question}: {r.result}" for r in event.results)
        self.add(f"{cycle}/results", pilot, "results", results, position)

    @event.register
    def _(self, event: Pilot.ReflectionRecorded, pilot: str, position: int) -> None:
        self.add(f"reflection/{event.reflection_id}", pilot, "reflection", event.text, position)

    @event.register
    def _(self, event: Pilot.InsightAdded, pilot: str, position: int) -> None:
        self.add(f"insight/{event.insight_id}", pilot, "insight", event.text, position)

    @event.register
    def _(self, event: Pilot.EntryCorrected, pilot: str, position: int) -> None:
        kind, _, ref = event.entry.partition(":")
        if event.entry == "title":
            self.titles[pilot] = event.text
        elif kind in ("reflection", "insight"):
            self.add(f"{kind}/{ref}", pilot, kind, event.text, position)
        elif kind == "cycle":
            number, _, field = ref.partition(":")
            if field in ("learning", "surprises"):
                self.add(f"cycle/{number}/{field}", pilot, field, event.text, position)
