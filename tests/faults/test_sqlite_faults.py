"""R12 and a killed server, on the embedded store: a real `pilots serve` over a SQLite file
that another process locks for 10 s, that is made read-only, that sits on a full disk, and
that is SIGKILLed in the middle of a burst of writes. Writes get a 503 problem+json that says
why, never a 500 and never a wait of 2 s; reads go on where they can; what was acknowledged
is stored."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.faults.conftest import Served
from tests.faults.load import (
    PROBLEM,
    Attempt,
    Writers,
    register_pilot,
    stored_reflections,
    summary,
)

pytestmark = pytest.mark.alone

BOUND_SECONDS = 2.0
LOCK_SECONDS = 10.0
HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def sqlite_server(folder: Path, serve: list[Served]) -> Served:
    served = Served({"PILOTS_DATABASE_URL": f"sqlite:///{folder / 'pilots.sqlite3'}"})
    serve.append(served)
    return served


def started(served: Served) -> tuple[str, str]:
    token = served.token()
    served.start()
    return token, register_pilot(served.base_url, token)


def check_writes(writers: Writers, during: list[Attempt], reason: str) -> None:
    refused = [a for a in during if a.status == 503]
    assert refused, "the fault never showed"
    assert {a.status for a in writers.attempts} <= {201, 503}, summary(writers.attempts)
    assert all(a.media_type == PROBLEM and a.retry_after for a in refused)
    assert all(reason in a.detail for a in refused), {a.detail for a in refused}
    assert max(a.seconds for a in during) < BOUND_SECONDS, summary(during)


def read_statuses(served: Served, token: str, pilot_id: str) -> dict[str, int]:
    """The pilot through the API and its page, as a signed-in reader's browser would ask."""
    headers = {"Authorization": f"Bearer {token}"}
    api = httpx.get(f"{served.base_url}/api/v1/pilots/{pilot_id}", headers=headers, timeout=5)
    timeline = httpx.get(
        f"{served.base_url}/api/v1/pilots/{pilot_id}/timeline", headers=headers, timeout=5
    )
    return {"pilot": api.status_code, "timeline": timeline.status_code}


def missing(served: Served, token: str, writers: Writers) -> int:
    stored = stored_reflections(served.base_url, token, writers.pilot_id)
    return len(set(writers.acknowledged) - set(stored))


def test_r12_a_file_locked_by_another_process_for_10_s(tmp_path: Path, serve: list[Served]) -> None:
    served = sqlite_server(tmp_path, serve)
    token, pilot_id = started(served)
    writers = Writers(served.base_url, token, pilot_id).start()
    time.sleep(1.0)
    with subprocess.Popen(  # noqa: S603 - this interpreter, the script above
        [sys.executable, "-c", HOLD_LOCK, str(tmp_path / "pilots.sqlite3"), str(LOCK_SECONDS)],
        stdout=subprocess.PIPE, text=True,
    ) as holder:  # fmt: skip
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        locked = time.monotonic()
        reads = read_statuses(served, token, pilot_id)
        holder.wait(timeout=LOCK_SECONDS + 10)
    freed = time.monotonic()
    time.sleep(1.5)
    writers.stop()

    during = writers.between(locked, freed - 1.0)
    figures = summary(during) | {
        "reads_while_locked": reads,
        "written_after": writers.successes_after(freed),
        "acknowledged": len(writers.acknowledged),
        "acknowledged_missing": missing(served, token, writers),
    }
    print("R12 (locked 10 s):", figures)
    check_writes(writers, during, "locked")
    assert reads == {"pilot": 200, "timeline": 200}
    assert figures["written_after"] > 0
    assert figures["acknowledged_missing"] == 0


def immutable(files: list[Path], on: bool) -> bool:
    """Sets or clears the immutable attribute, which binds root too and, unlike a file's mode,
    also refuses writes through descriptors the server already holds; whether it could."""
    flag = "+i" if on else "-i"
    done = subprocess.run(  # noqa: S603 - fixed arguments and our own files
        ["chattr", flag, *map(str, files)],  # noqa: S607 - the system's chattr
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


def test_r12_a_file_made_read_only(tmp_path: Path, serve: list[Served]) -> None:
    served = sqlite_server(tmp_path, serve)
    token, pilot_id = started(served)
    writers = Writers(served.base_url, token, pilot_id).start()
    time.sleep(1.0)
    files = [tmp_path / "pilots.sqlite3", tmp_path / "pilots.sqlite3-wal"]  # not the -shm map
    if not immutable(files, True):
        writers.stop()
        pytest.skip("chattr +i does not work on this file system, so no read-only file")
    try:
        read_only = time.monotonic()
        time.sleep(1.0)
        page = httpx.get(f"{served.base_url}/login", timeout=5).status_code
        reads = read_statuses(served, token, pilot_id) | {"login_page": page}
        time.sleep(2.0)
    finally:
        immutable(files, False)
    writable = time.monotonic()
    time.sleep(1.5)
    writers.stop()

    during = writers.within(read_only + 0.5, writable)
    figures = summary(during) | {
        "reads_while_read_only": reads,
        "written_after": writers.successes_after(writable),
        "acknowledged": len(writers.acknowledged),
        "acknowledged_missing": missing(served, token, writers),
    }
    print("R12 (read-only file):", figures)
    check_writes(writers, during, "read-only")
    assert reads == {"pilot": 200, "timeline": 200, "login_page": 200}
    assert figures["written_after"] > 0
    assert figures["acknowledged_missing"] == 0


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 16 MiB tmpfs of the test's own, so it can be filled."""
    folder = Path(tempfile.mkdtemp(prefix="pilots-disk-"))
    done = subprocess.run(  # noqa: S603 - fixed arguments
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder)],  # noqa: S607
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip()}), so no full disk")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)  # noqa: S603, S607
        folder.rmdir()


def fill(folder: Path) -> Path:
    """Writes zeros until the disk is full. Unbuffered, so closing the file has nothing left
    to write (a buffered close would raise "no space left" itself)."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def test_r12_a_full_disk(small_disk: Path, serve: list[Served]) -> None:
    served = sqlite_server(small_disk, serve)
    token, pilot_id = started(served)
    writers = Writers(served.base_url, token, pilot_id).start()
    time.sleep(1.0)
    filler = fill(small_disk)
    full = time.monotonic()
    time.sleep(2.0)
    reads = read_statuses(served, token, pilot_id)
    time.sleep(1.0)
    filler.unlink()
    freed = time.monotonic()
    time.sleep(1.5)
    writers.stop()

    during = writers.between(full + 0.5, freed - 1.0)
    figures = summary(during) | {
        "reads_while_full": reads,
        "written_after": writers.successes_after(freed),
        "acknowledged": len(writers.acknowledged),
        "acknowledged_missing": missing(served, token, writers),
    }
    print("R12 (full disk):", figures)
    check_writes(writers, during, "full")
    assert reads == {"pilot": 200, "timeline": 200}
    assert figures["written_after"] > 0
    assert figures["acknowledged_missing"] == 0


def test_a_server_sigkilled_mid_burst_restarts_with_every_acknowledged_write(
    tmp_path: Path, serve: list[Served]
) -> None:
    served = sqlite_server(tmp_path, serve)
    token, pilot_id = started(served)
    writers = Writers(served.base_url, token, pilot_id, threads=4).start()
    time.sleep(1.5)
    served.kill()
    killed = time.monotonic()
    served.start()
    restarted = time.monotonic() - killed
    time.sleep(1.0)
    writers.stop()

    stored = stored_reflections(served.base_url, token, pilot_id)
    figures = {
        "acknowledged": len(writers.acknowledged),
        "stored": len(stored),
        "acknowledged_missing": len(set(writers.acknowledged) - set(stored)),
        "restart_s": round(restarted, 2),
        "written_after": writers.successes_after(killed + restarted),
        "timeline": read_statuses(served, token, pilot_id)["timeline"],
    }
    print("SIGKILL of pilots serve mid-burst (SQLite):", figures)
    assert figures["acknowledged_missing"] == 0
    assert figures["written_after"] > 0
    assert {a.status for a in writers.attempts} <= {0, 201, 503}
