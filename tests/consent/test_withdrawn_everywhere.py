"""After a withdrawal the text is in none of the places an operator can read: `pilots export`,
a pg_dump of the PostgreSQL store, the bytes of the SQLite file after a checkpoint. The events,
snapshots, keys and kept answers are tested alone, and beside the read models, which drop the
withdrawn text in the batch that applies the withdrawal."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import msgspec
import pytest

from adapters.bootstrap import bootstrap
from adapters.idempotency import StoredResponse
from adapters.settings import Settings, parse_database_url
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.registry import read_models
from tests.consent.support import (
    SECRET,
    TITLE,
    occurrences,
    pg_dump,
    sqlite_file_bytes,
    withdraw,
    write_and_correct,
)
from tests.integration.test_cli import pilots as run_pilots


@dataclass(frozen=True)
class Withdrawn:
    key: bytes  # the reflection's key, as it was stored before the withdrawal


def withdrawn_store(settings: Settings, *, with_read_models: bool) -> Withdrawn:
    """A reflection written, corrected, quoted in a kept answer, snapshotted and withdrawn;
    the read models kept current throughout when asked."""
    services = bootstrap(settings)
    projector = Projector(services.pilots, open_views(settings), read_models())
    try:
        pilots = services.pilots
        written = write_and_correct(pilots)
        pilot = pilots.pilot(written.pilot_id)
        pilots.take_snapshot(written.pilot_id)
        body = msgspec.json.encode(
            {"id": pilot.id, "reflections": list(pilot.reflections.values())}
        )
        answer = StoredResponse("digest", 200, {"ETag": f'"{pilot.version}"'}, body)
        services.responses.keep(written.lead, "k", answer, pilot=(pilot.id, pilot.version))
        assert SECRET.encode() in body
        (key,) = services.accounts.database.fetch(
            "SELECT key FROM entry_keys WHERE entry = ?", (str(written.reflection_id),)
        )[0]
        if with_read_models:
            projector.catch_up()
        withdraw(pilots, written)
        if with_read_models:
            projector.catch_up()
        assert services.responses.find(written.lead, "k") is None
        return Withdrawn(bytes(key))
    finally:
        projector.views.close()
        services.close()


def key_copies(data: bytes, key: bytes) -> int:
    """Copies of a key: as bytes, and hex-encoded (as pg_dump writes bytea)."""
    return data.count(key) + data.lower().count(key.hex().encode())


def sqlite_path(url: str) -> Path:
    path = parse_database_url(url).sqlite_path
    assert path is not None
    return path


def test_pilots_export_writes_withdrawn_text_as_null(store_url: str) -> None:
    withdrawn_store(parse_database_url(store_url), with_read_models=False)
    done = run_pilots(store_url, "export")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    found = occurrences(done.stdout, SECRET)
    print(f"\npilots export ({store_url.split(':')[0]}): {found} copies of withdrawn text")
    assert found == 0
    assert occurrences(done.stdout, TITLE) > 0
    texts = {line["type"]: line["data"].get("text", "-") for line in lines}
    assert texts["pilots:ReflectionRecorded"] is None
    assert texts["pilots:EntryCorrected"] is None


def test_the_sqlite_file_of_events_keys_and_kept_answers_holds_no_copy(sqlite_url: str) -> None:
    withdrawn = withdrawn_store(parse_database_url(sqlite_url), with_read_models=False)
    data = sqlite_file_bytes(sqlite_path(sqlite_url))
    text, key = occurrences(data, SECRET), key_copies(data, withdrawn.key)
    print(f"\nSQLite file without read models: {text} copies of the text, {key} of its key")
    assert (text, key) == (0, 0)
    assert occurrences(data, TITLE) > 0


def rows_quoting(url: str, owned: bool) -> dict[str, int]:
    """Rows that quote the text, by table: the tables of this change, or the read models."""
    found: dict[str, int] = {}
    with sqlite3.connect(sqlite_path(url)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            if table.startswith("rm_") == owned:
                continue
            rows = conn.execute(f'SELECT * FROM "{table}"').fetchall()
            found[table] = sum(occurrences(repr(row).encode(), SECRET) for row in rows)
    return found


def test_beside_the_read_models_the_sqlite_tables_of_this_change_hold_no_copy(
    sqlite_url: str,
) -> None:
    withdrawn_store(parse_database_url(sqlite_url), with_read_models=True)
    owned, models = rows_quoting(sqlite_url, owned=True), rows_quoting(sqlite_url, owned=False)
    data = sqlite_file_bytes(sqlite_path(sqlite_url))
    print(
        f"\nSQLite with read models: tables of this change {sum(owned.values())}, read models "
        f"{sum(models.values())} { ({k: v for k, v in models.items() if v}) }, whole file "
        f"{occurrences(data, SECRET)}"
    )
    assert sum(owned.values()) == 0, owned


def test_the_whole_sqlite_file_holds_no_copy_with_the_read_models(sqlite_url: str) -> None:
    withdrawn = withdrawn_store(parse_database_url(sqlite_url), with_read_models=True)
    data = sqlite_file_bytes(sqlite_path(sqlite_url))
    assert (occurrences(data, SECRET), key_copies(data, withdrawn.key)) == (0, 0)


def dumped(url: str, *exclude: str) -> tuple[bytes, Withdrawn]:
    withdrawn = withdrawn_store(parse_database_url(url), with_read_models=True)
    return pg_dump(url, *exclude), withdrawn


@pytest.mark.postgres
def test_a_pg_dump_of_the_tables_of_this_change_holds_no_copy(postgres_url: str) -> None:
    dump, withdrawn = dumped(postgres_url, "rm_*")
    text, key = occurrences(dump, SECRET), key_copies(dump, withdrawn.key)
    whole = occurrences(pg_dump(postgres_url), SECRET)
    print(f"\npg_dump without rm_*: {text} copies of the text, {key} of its key; whole: {whole}")
    assert (text, key) == (0, 0)
    assert occurrences(dump, TITLE) > 0


@pytest.mark.postgres
def test_a_pg_dump_of_the_whole_database_holds_no_copy(postgres_url: str) -> None:
    dump, _ = dumped(postgres_url)
    assert occurrences(dump, SECRET) == 0
