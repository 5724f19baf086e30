"""A real `pilots serve` on 127.0.0.1 for the benchmarks that go through HTTP, and the account
they use: started as a process of its own, as an operator would run it, and stopped after."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

START_SECONDS = 60.0  # a large store's read models may be created before it answers


def environment(url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "PILOTS_DATABASE_URL": url, "PILOTS_SECRET_KEY": "bench-" * 6, **extra}


def account(env: dict[str, str], email: str, password: str | None = None) -> str:
    """Adds a lead account (with `password`, if given) and returns an API token for it; an
    account made by an earlier run on the same store is used as it is."""
    args = ["users", "add", email, "--name", "Bench Mark", "--role", "lead"]
    if password is not None:
        args.append("--password-stdin")
    try:
        pilots(env, *args, stdin=password)
    except RuntimeError as error:
        if "already exists" not in str(error):
            raise
    return pilots(env, "users", "token", email).strip()


def pilots(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(  # noqa: S603 - our own command line, fixed arguments
        [sys.executable, "-m", "web.cli", *args],
        env=env, capture_output=True, text=True, input=stdin,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"pilots {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


@contextmanager
def serving(env: dict[str, str], workers: bool = False) -> Iterator[tuple[str, int]]:
    """The base URL of a server on a free port, and its process id."""
    port = free_port()
    command = [sys.executable, "-m", "web.cli", "serve", "--port", str(port)]
    quiet: dict[str, Any] = {"env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen(command, **quiet)]  # noqa: S603
    if workers:
        worker = [sys.executable, "-m", "web.cli", "projections", "run"]
        processes.append(subprocess.Popen(worker, **quiet))  # noqa: S603
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, processes[0])
        yield base, processes[0].pid
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)


def wait_until_healthy(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"pilots serve exited with {server.returncode} at start-up")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{base}/health did not answer in {START_SECONDS} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def ok(reply: httpx.Response, status: int = 200) -> Any:
    if reply.status_code != status:
        raise RuntimeError(f"{reply.request.url}: {reply.status_code} {reply.text[:200]}")
    return reply.json()


def peak_rss_mb(pid: int) -> float:
    """The most memory the process has held resident (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


@contextmanager
def fresh_store(store: str) -> Iterator[str | None]:
    """The URL of a fresh database on `store`, dropped afterwards; None when PostgreSQL is not
    configured."""
    if store == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    admin = os.environ.get("PILOTS_BENCH_POSTGRES_URL") or os.environ.get(
        "PILOTS_TEST_POSTGRES_URL"
    )
    if not admin:
        print("postgresql: skipped, PILOTS_BENCH_POSTGRES_URL is not set", file=sys.stderr)
        yield None
        return
    name = f"pilots_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
