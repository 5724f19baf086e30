"""The fault-injection harness: a PostgreSQL cluster of the test's own, and `pilots serve` as a
real process on 127.0.0.1.

Tests that stop PostgreSQL must never touch the shared server, so each gets a private cluster:
`initdb` in a temporary folder, trust authentication, a free port, a socket folder of its own.
PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` OS user.
The server under test is a subprocess, so a fault it cannot survive shows as a failed request
or a dead process, never as a hang of the test itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PG_USER = "postgres"
START_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class PrivatePostgres:
    """A throwaway cluster that a test may stop, start and restart at will."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.data, self.port = folder, folder / "data", free_port()
        self.url = f"postgresql://{PG_USER}@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            command = ["runuser", "-u", PG_USER, "--", *command]
        return subprocess.run(  # noqa: S603 - PostgreSQL's own tools, arguments of our own
            command, check=check, capture_output=True, text=True, timeout=START_SECONDS
        )

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.folder, PG_USER)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", PG_USER, "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        self.stop()
        self.start()

    def destroy(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    """A running cluster of this test's own, removed afterwards."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip(f"PostgreSQL 15 binaries are not at {PG_BIN}, so no private cluster")
    cluster = PrivatePostgres(Path(tempfile.mkdtemp(prefix="pilots-pg-")))
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


class Served:
    """`pilots serve` as a process of its own, on a free port of 127.0.0.1."""

    def __init__(self, env: dict[str, str], user: str | None = None) -> None:
        self.env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
        self.user = user  # an OS user to run as: file permissions do not bind root
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        handle, name = tempfile.mkstemp(prefix="pilots-serve-", suffix=".log")
        os.close(handle)
        self.log = Path(name)

    def cli(self, *args: str, stdin: str = "") -> str:
        """Runs a `pilots` command on the same store; its stdout."""
        done = subprocess.run(  # noqa: S603 - this interpreter, running our own CLI
            [sys.executable, "-m", "web.cli", *args], cwd=ROOT, env=self.env, input=stdin,
            capture_output=True, text=True, timeout=60, check=False, user=self.user,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done.stdout

    def token(self, email: str = "lead@example.org", role: str = "lead") -> str:
        self.cli("users", "add", email, "--name", "Lead", "--role", role)
        return self.cli("users", "token", email).strip()

    def start(self) -> None:
        command = [sys.executable, "-m", "web.cli", "serve", "--port", str(self.port)]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(  # noqa: S603 - this interpreter, our own CLI
                command, cwd=ROOT, env=self.env, stdout=out, stderr=out, user=self.user
            )
        self.wait_healthy()

    def wait_healthy(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            assert self.alive(), self.log_text()
            try:
                if httpx.get(f"{self.base_url}/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.05)
        raise AssertionError(f"pilots serve did not answer /health: {self.log_text()}")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def serve() -> Iterator[list[Served]]:
    """A list to put the servers a test starts in; each is stopped at the end."""
    started: list[Served] = []
    yield started
    for served in started:
        served.stop()
        served.log.unlink(missing_ok=True)
