"""B1: durable writes per second through HTTP (docs/quality.md), against raw single-row
commits into a table of the stored events' shape, in the same run and on the same store.

Eight clients, each a thread with its own connection to a real `pilots serve` on 127.0.0.1,
POST reflections and cycle steps to a pilot of their own (so no two wait on one pilot's
version), each with an `Idempotency-Key`. The baseline is eight threads, each with its own
connection, inserting one row and committing, with psycopg on PostgreSQL and sqlite3 on
SQLite. Both report writes per second and the latency of each write.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import psycopg

from adapters.settings import Settings
from benchmarks.serving import account, environment, ok, serving

CLIENTS = 8
WRITES_PER_CLIENT = 60
GOAL_RATIO, GOAL_P95_MS = 0.5, 20.0
_ROW = os.urandom(300)  # about the size of a stored reflection


def measure(settings: Settings, url: str) -> dict[str, Any]:
    env = environment(url)
    token = account(env, "b1@example.org")
    with serving(env) as (base, _):
        http = _concurrently(_http_writer(base, token))
    raw = _concurrently(_raw_writer(settings))
    return {
        "clients": CLIENTS, "writes": CLIENTS * WRITES_PER_CLIENT,
        "http": http, "raw": raw,
        "ratio": round(http["writes_per_s"] / raw["writes_per_s"], 3),
        "goal_met": http["writes_per_s"] >= GOAL_RATIO * raw["writes_per_s"]
        and http["p95_ms"] <= GOAL_P95_MS,
    }  # fmt: skip


# Given a client's number, its write and what closes its connection.
Writer = Callable[[int], tuple[Callable[[], None], Callable[[], None]]]


def _concurrently(writer: Writer) -> dict[str, float]:
    """Runs CLIENTS threads, each making WRITES_PER_CLIENT writes; rate and latencies."""
    took: list[float] = []
    lock = threading.Lock()
    ready = [writer(n) for n in range(CLIENTS)]
    start = threading.Barrier(CLIENTS + 1)
    try:
        seconds = _timed(ready, start, took, lock)
    finally:
        for _, close in ready:
            close()
    cuts = statistics.quantiles(took, n=100)
    return {"writes_per_s": round(len(took) / seconds, 1),
            "p50_ms": round(statistics.median(took), 2), "p95_ms": round(cuts[94], 2)}  # fmt: skip


def _timed(
    ready: list[tuple[Callable[[], None], Callable[[], None]]],
    start: threading.Barrier,
    took: list[float],
    lock: threading.Lock,
) -> float:
    """The seconds from the start signal until every client has made all its writes."""

    def run(write: Callable[[], None]) -> None:
        mine = []
        start.wait()
        for _ in range(WRITES_PER_CLIENT):
            began = time.perf_counter()
            write()
            mine.append((time.perf_counter() - began) * 1000)
        with lock:
            took.extend(mine)

    threads = [threading.Thread(target=run, args=(write,)) for write, _ in ready]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def _http_writer(base: str, token: str) -> Writer:
    def writer(n: int) -> tuple[Callable[[], None], Callable[[], None]]:
        client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
        pilot = ok(client.post("/api/v1/pilots", json=_pilot(n)), 201)["id"]
        count = iter(range(1_000_000))

        def write() -> None:
            i = next(count)
            path, body = _step(pilot, i)
            reply = client.post(path, json=body, headers={"Idempotency-Key": str(uuid.uuid4())})
            if reply.status_code not in (200, 201):
                raise RuntimeError(f"{path}: {reply.status_code} {reply.text[:200]}")

        return write, client.close

    return writer


_QUESTION = "Will they come?"
# A cycle's steps in order, each a path under the cycle and its body; every other write is one.
_CYCLE: list[tuple[str, dict[str, Any] | None]] = [
    ("", {"objective": "Try it", "predictions": [{"question": _QUESTION, "prediction": "Ten"}]}),
    ("/start", None),
    ("/do", {"what_happened": "Twelve came"}),
    ("/study", {"results": [{"question": _QUESTION, "result": "Twelve"}], "learning": "Tea"}),
    ("/act", {"decision": "adapt", "rationale": "Shorter next time"}),
]


def _step(pilot: str, i: int) -> tuple[str, dict[str, Any] | None]:
    """Reflections, and between them the steps of one cycle after another: a lead's writes."""
    if i % 2 == 0:
        return f"/api/v1/pilots/{pilot}/reflections", {"kind": "observation", "text": f"Note {i}"}
    step = i // 2
    number, (tail, body) = step // len(_CYCLE) + 1, _CYCLE[step % len(_CYCLE)]
    cycle = "/cycles" if not tail else f"/cycles/{number}{tail}"
    return f"/api/v1/pilots/{pilot}{cycle}", body


def _pilot(n: int) -> dict[str, Any]:
    return {"title": f"Writer {n}", "question": "How fast?", "idea": "Write", "themes": ["b1"]}


def _raw_writer(settings: Settings) -> Writer:
    if settings.store == "postgresql":
        assert settings.postgres is not None
        with psycopg.connect(settings.database_url, autocommit=True) as admin:
            admin.execute(_TABLE.format(id="BIGSERIAL PRIMARY KEY", blob="bytea", uuid="uuid"))
        return lambda n: _postgres_insert(settings.database_url)
    assert settings.sqlite_path is not None
    path = str(settings.sqlite_path)
    conn = sqlite3.connect(path)
    try:
        conn.execute(_TABLE.format(id="INTEGER PRIMARY KEY", blob="BLOB", uuid="TEXT"))
    finally:
        conn.close()
    return lambda n: _sqlite_insert(path)


_TABLE = (
    "CREATE TABLE IF NOT EXISTS b1_raw (id {id}, originator_id {uuid}, "
    "originator_version INTEGER, topic TEXT, state {blob})"
)


def _postgres_insert(url: str) -> tuple[Callable[[], None], Callable[[], None]]:
    conn = psycopg.connect(url, autocommit=True)

    def write() -> None:
        with conn.transaction():
            conn.execute(
                "INSERT INTO b1_raw (originator_id, originator_version, topic, state) "
                "VALUES (%s, 1, %s, %s)",
                (uuid.uuid4(), "pilots:ReflectionRecorded", _ROW),
            )

    return write, conn.close


def _sqlite_insert(path: str) -> tuple[Callable[[], None], Callable[[], None]]:
    conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")

    def write() -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO b1_raw (originator_id, originator_version, topic, state) "
            "VALUES (?, 1, ?, ?)",
            (str(uuid.uuid4()), "pilots:ReflectionRecorded", _ROW),
        )
        conn.execute("COMMIT")

    return write, conn.close


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = ["B1: writes at concurrency 8, through HTTP and raw single-row commits"]
    for store, r in results.items():
        h, raw = r["http"], r["raw"]
        met = "goal met" if r["goal_met"] else "goal NOT met"
        lines.append(
            f"{store:<11} HTTP {h['writes_per_s']:>8,.1f}/s p50 {h['p50_ms']} p95 {h['p95_ms']} "
            f"ms | raw {raw['writes_per_s']:>8,.1f}/s p95 {raw['p95_ms']} ms | "
            f"x{r['ratio']}  {met} (>= {GOAL_RATIO}x raw, p95 <= {GOAL_P95_MS} ms)"
        )
    return "\n".join(lines)
