"""A withdrawn reflection moved to another store by `pilots export` and `pilots import` stays
withdrawn: its text is in neither the file nor the new store, its entry has a tombstone and no
key, and it takes no correction; a kept reflection is sealed again under a fresh key."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import pytest

from adapters.settings import parse_database_url
from adapters.store import SealedPilots, open_pilots
from domain.errors import RuleViolated
from domain.pilot.commands import Correct, RecordReflection
from domain.pilot.events import ReflectionWithdrawn
from projections.registry import read_models
from tests.consent.support import SECRET, TITLE, occurrences, pg_dump, sqlite_file_bytes
from tests.consent.test_withdrawn_everywhere import sqlite_path, withdrawn_store
from tests.integration.test_cli import pilots as run_pilots
from tests.projections.conftest import close, projector_on

KEPT = "Wombat reflections stay"  # a reflection of the same pilot, never withdrawn


@dataclass(frozen=True)
class Entries:
    pilot_id: UUID
    withdrawn: UUID
    kept: UUID
    lead: UUID


def source_store(url: str) -> Entries:
    """The withdrawal of the consent tests, and a reflection kept beside it."""
    withdrawn_store(parse_database_url(url), with_read_models=True)
    app = open_pilots(parse_database_url(url))
    try:
        found = app.recorder.select_notifications(1, 100)
        events = [app.mapper.to_domain_event(n) for n in found]
        (withdrawal,) = [e for e in events if isinstance(e, ReflectionWithdrawn)]
        pilot_id, lead = withdrawal.originator_id, withdrawal.actor
        kept = app.execute(RecordReflection(pilot_id, kind="meaning", text=KEPT), lead)
        kept_id = kept.events[0].reflection_id  # type: ignore[attr-defined]
        return Entries(pilot_id, withdrawal.reflection_id, kept_id, lead)
    finally:
        app.close()


def exported(url: str, out: Path) -> bytes:
    done = run_pilots(url, "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def move(source: str, target: str, tmp_path: Path) -> tuple[bytes, bytes]:
    """The source's export imported into the target; the file, and the target's own export."""
    file = tmp_path / "moved.jsonl"
    exported(source, file)
    done = run_pilots(target, "import", str(file))
    assert done.returncode == 0, done.stderr
    return file.read_bytes(), exported(target, tmp_path / "again.jsonl")


def catch_up(url: str) -> None:
    """The read models, from position 0. Their runner shreds every withdrawn entry's key
    again, so what the import itself did is checked before."""
    projector = projector_on(parse_database_url(url), read_models())
    try:
        projector.catch_up()
    finally:
        close(projector)


def keys_of(url: str, *entries: UUID) -> list[bytes | None]:
    app = open_pilots(parse_database_url(url))
    try:
        assert isinstance(app, SealedPilots)
        assert app.database is not None
        sql = "SELECT key FROM entry_keys WHERE entry = ?"
        rows = [app.database.fetch(sql, (str(entry),)) for entry in entries]
        return [None if not r or r[0][0] is None else bytes(r[0][0]) for r in rows]
    finally:
        app.close()


def check_withdrawn_in(url: str, entries: Entries) -> None:
    app = open_pilots(parse_database_url(url))
    try:
        pilot = app.pilot(entries.pilot_id)
        withdrawn = pilot.reflections[entries.withdrawn]
        assert (withdrawn.text, withdrawn.withdrawn_on is not None) == (None, True)
        assert pilot.reflections[entries.kept].text == KEPT
        entry = f"reflection:{entries.withdrawn}"
        with pytest.raises(RuleViolated, match="withdrawn"):
            app.execute(
                Correct(entries.pilot_id, entry=entry, text="Back", reason="?"), entries.lead
            )
    finally:
        app.close()


def check_move(source: str, target: str, tmp_path: Path) -> None:
    entries = source_store(source)
    file, again = move(source, target, tmp_path)
    assert again == file
    assert (occurrences(file, SECRET), occurrences(again, SECRET)) == (0, 0)
    assert occurrences(again, KEPT) == 1
    check_withdrawn_in(target, entries)
    (kept_before,) = keys_of(source, entries.kept)
    tombstone, kept_after = keys_of(target, entries.withdrawn, entries.kept)
    assert tombstone is None
    assert kept_after is not None
    assert kept_after != kept_before  # fresh, not the source's
    assert _tombstone_rows(target, entries.withdrawn) == 1  # a tombstone, never a key
    catch_up(target)
    check_withdrawn_in(target, entries)


def _tombstone_rows(url: str, entry: UUID) -> int:
    app = open_pilots(parse_database_url(url))
    try:
        assert isinstance(app, SealedPilots)
        assert app.database is not None
        sql = "SELECT count(*) FROM entry_keys WHERE entry = ? AND key IS NULL"
        return int(app.database.fetch(sql, (str(entry),))[0][0])
    finally:
        app.close()


def test_withdrawn_text_stays_out_of_an_imported_sqlite_file(tmp_path: Path) -> None:
    source = f"sqlite:///{tmp_path / 'source.sqlite3'}"
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    check_move(source, target, tmp_path)
    data = sqlite_file_bytes(sqlite_path(target))
    found = occurrences(data, SECRET)
    print(f"\nimported SQLite file, read models included: {found} copies of withdrawn text")
    assert found == 0
    assert occurrences(data, TITLE) > 0


@pytest.mark.postgres
def test_withdrawn_text_stays_out_of_sqlite_moved_to_postgresql_and_back(
    sqlite_url: str, postgres_url: str, tmp_path: Path
) -> None:
    check_move(sqlite_url, postgres_url, tmp_path)
    dump = pg_dump(postgres_url)
    print(f"\npg_dump of the imported store: {occurrences(dump, SECRET)} copies of withdrawn text")
    assert occurrences(dump, SECRET) == 0
    assert occurrences(dump, TITLE) > 0
    back = f"sqlite:///{tmp_path / 'back.sqlite3'}"
    (tmp_path / "back").mkdir()
    file, again = move(postgres_url, back, tmp_path / "back")
    assert again == file
    catch_up(back)
    assert occurrences(sqlite_file_bytes(sqlite_path(back)), SECRET) == 0
