"""A pilot with a withdrawable reflection and a correction of it, and ways to look for the text
where it is stored: the raw events and snapshots, a SQLite file's bytes, a pg_dump."""

from __future__ import annotations

import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID, uuid4

from domain.pilot.commands import Correct, RecordReflection, RegisterPilot, WithdrawReflection
from domain.service import Pilots

# Each word is unusual enough to be found only where this test put it.
SECRET = "Zebracorn"
WRITTEN = f"{SECRET} first words I regret"
CORRECTED = f"{SECRET} second words I regret too"
TITLE = "Quokka circles"  # never withdrawable: found everywhere, proving each search can see


@dataclass(frozen=True)
class Written:
    pilot_id: UUID
    reflection_id: UUID
    lead: UUID


def write_and_correct(app: Pilots) -> Written:
    """A pilot whose reflection was written, then corrected."""
    lead = uuid4()
    pilot_id = app.execute(RegisterPilot(title=TITLE, question="Q?", idea="I"), lead).pilot.id
    receipt = app.execute(RecordReflection(pilot_id, kind="experience", text=WRITTEN), lead)
    reflection_id = receipt.events[0].reflection_id  # type: ignore[attr-defined]
    entry = f"reflection:{reflection_id}"
    app.execute(Correct(pilot_id, entry=entry, text=CORRECTED, reason="clearer"), lead)
    return Written(pilot_id, reflection_id, lead)


def withdraw(app: Pilots, written: Written) -> None:
    command = WithdrawReflection(
        written.pilot_id, reflection_id=written.reflection_id, reason="I changed my mind"
    )
    app.execute(command, written.lead)


def stored_states(app: Pilots, pilot_id: UUID) -> list[bytes]:
    """The stored bytes of the pilot's events and snapshots, as the recorders hold them."""
    states = [e.state for e in app.recorder.select_events(pilot_id)]
    if app.snapshots is not None:
        states += [s.state for s in app.snapshots.recorder.select_events(pilot_id)]
    return states


def occurrences(data: bytes, text: str) -> int:
    """How often `text` is in `data`, in any case (a search index keeps words lower-cased), and
    hex-encoded (as pg_dump writes bytea)."""
    lowered = data.lower()
    return lowered.count(text.lower().encode()) + lowered.count(text.encode().hex().encode())


def sqlite_file_bytes(path: Path) -> bytes:
    """The file after a checkpoint that moves the WAL into it and truncates the WAL."""
    with sqlite3.connect(path) as conn:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        assert busy == 0, "the checkpoint was blocked"
    wal = path.with_name(path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    return path.read_bytes()


def pg_dump(url: str, *exclude: str) -> bytes:
    args = ["pg_dump", "--no-owner", *(f"--exclude-table={t}" for t in exclude), url]
    return subprocess.run(args, capture_output=True, check=True, timeout=120).stdout  # noqa: S603
