"""`pilots import`: a `pilots export` file loaded into an empty store, which then exports the
same file again, byte for byte.

The file is read a line at a time and written in batches, all in one transaction: a bad line
(`lines`), a store that is not empty or a failure half way leaves the store as it was. Events
keep the positions the file gives them, gaps included (`writers`). Withdrawable text is sealed
again under fresh keys, made in the same transaction (`keys`); a withdrawn reflection's text,
or a withdrawn story's words, are null in the file and stay None, and the entry gets a
tombstone, so it stays withdrawn.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import msgspec

from adapters.consent.sealing import Sealer, SealingMapper
from adapters.restore.keys import FreshKeys
from adapters.restore.lines import ImportRefused, LineReader
from adapters.restore.writers import Positioned, StoreNotEmpty, Tables, Writer, open_writer
from adapters.settings import Settings
from adapters.store import open_pilots
from adapters.transcoder import MsgspecTranscoder
from domain.service import Pilots

__all__ = ["ImportRefused", "Progress", "StoreNotEmpty", "import_file"]

BATCH = 500
Progress = Callable[[int, int, int], None]
"""Called after each batch with (events read, position reached, the file's last position)."""


def import_file(settings: Settings, path: Path, progress: Progress | None = None) -> int:
    """Loads the file at `path` into the empty store the settings name; the events loaded."""
    with path.open("rb") as file:  # a missing file is refused before the store is touched
        last = last_position(file)
        tables = _tables(settings)
        with open_writer(settings, tables) as writer:
            writer.refuse_unless_empty()
            return _load(LineReader(str(path)), file, writer, last, progress)


def _load(
    reader: LineReader, file: BinaryIO, writer: Writer, last: int, progress: Progress | None
) -> int:
    keys = FreshKeys()
    mapper = SealingMapper(transcoder=MsgspecTranscoder(Sealer(keys)))
    batch: list[Positioned] = []
    count = 0
    for line in reader.read(file):
        batch.append((line.position, mapper.to_stored_event(line.event)))
        withdraws = getattr(line.event, "withdraws", None)
        if withdraws is not None:
            keys.shred(withdraws())
        if len(batch) == BATCH:
            writer.write(batch, keys.take())
            count, batch = count + len(batch), []
            if progress is not None:
                progress(count, reader.position, last)
    writer.write(batch, keys.take())
    writer.finish(reader.position)
    count += len(batch)
    if progress is not None:
        progress(count, reader.position, max(last, reader.position))
    return count


def _tables(settings: Settings) -> Tables:
    """Opening the application makes the store's tables if it is new, and names them."""
    app = open_pilots(settings)
    try:
        return tables_of(app)
    finally:
        app.close()


def tables_of(app: Pilots) -> Tables:
    recorder = app.recorder
    snapshots = None if app.snapshots is None else app.snapshots.recorder
    datastore = getattr(recorder, "datastore", None)
    return Tables(
        events=getattr(recorder, "events_table_name", ""),
        snapshots=getattr(snapshots, "events_table_name", None),
        schema=getattr(datastore, "schema", None),
    )


def last_position(file: BinaryIO) -> int:
    """The position on the file's last line, for progress; 0 when it cannot be read there (the
    line is then refused when its turn comes). The file is left at its start."""
    size = file.seek(0, os.SEEK_END)
    file.seek(max(0, size - 64 * 1024))
    tail = file.read().rstrip(b"\n").rsplit(b"\n", 1)[-1]
    file.seek(0)
    try:
        return int(msgspec.json.decode(tail).get("position", 0))
    except (msgspec.DecodeError, AttributeError, TypeError, ValueError):
        return 0
