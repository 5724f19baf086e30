"""R11: 64 clients write at once to a real `pilots serve` whose event store may hold 10
connections (the issue's figure): a client the pool cannot serve hears a 503 problem+json
quickly, no request waits 2 s, nothing acknowledged is lost, and the server answers again
within 1 s of the load stopping.

Writes here take milliseconds, so 64 clients alone keep the pool busy without running it dry;
in the second run another session holds the events table's lock for 3 s in the middle of the
load, so every connection is taken by a writer waiting on it, as slow statements would."""

from __future__ import annotations

import time

import httpx
import psycopg
import pytest

from tests.faults.conftest import PrivatePostgres, Served
from tests.faults.load import PROBLEM, Writers, register_pilot, send, stored_reflections, summary

pytestmark = pytest.mark.alone

CLIENTS = 64
POOL_SIZE = 10
PILOTS = 8  # eight clients a pilot: the pool is the bottleneck, not one pilot's conflicts
LOAD_SECONDS = 6.0
BOUND_SECONDS = 2.0


def first_success_after_load(served: Served, token: str, pilot_id: str) -> float:
    """Seconds from now until a write is acknowledged."""
    url = f"{served.base_url}/api/v1/pilots/{pilot_id}/reflections"
    body = {"text": "after the load", "kind": "observation"}
    started = time.monotonic()
    with httpx.Client(timeout=30) as client:
        while True:
            headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "after-load"}
            attempt, _ = send(client, url, body, headers)
            if attempt.status == 201:
                return time.monotonic() - started
            assert time.monotonic() - started < 10, attempt


def hold_the_events_lock(url: str, seconds: float) -> None:
    with psycopg.connect(url) as conn, conn.transaction():
        conn.execute("LOCK TABLE pilots_events IN EXCLUSIVE MODE")
        time.sleep(seconds)


@pytest.mark.parametrize("lock_seconds", [0.0, 3.0], ids=["load", "load-and-a-held-lock"])
def test_r11_a_pool_of_10_under_64_clients_answers_503_fast_and_recovers(
    private_postgres: PrivatePostgres, serve: list[Served], lock_seconds: float
) -> None:
    served = Served({
        "PILOTS_DATABASE_URL": private_postgres.url, "PILOTS_SECRET_KEY": "faults",
        "PILOTS_POOL_SIZE": str(POOL_SIZE),
    })  # fmt: skip
    serve.append(served)
    token = served.token()
    served.start()
    pilots = [register_pilot(served.base_url, token) for _ in range(PILOTS)]
    load = [
        Writers(served.base_url, token, pilot_id, threads=CLIENTS // PILOTS) for pilot_id in pilots
    ]
    for writers in load:
        writers.start()
    time.sleep((LOAD_SECONDS - lock_seconds) / 2)
    if lock_seconds:
        hold_the_events_lock(private_postgres.url, lock_seconds)
    time.sleep((LOAD_SECONDS - lock_seconds) / 2)
    for writers in load:
        writers.stop()
    recovered = first_success_after_load(served, token, pilots[0])

    attempts = [a for writers in load for a in writers.attempts]
    refused = [a for a in attempts if a.status == 503]
    missing = sum(
        len(set(w.acknowledged) - set(stored_reflections(served.base_url, token, w.pilot_id)))
        for w in load
    )
    figures = summary(attempts) | {
        "max_503_s": round(max((a.seconds for a in refused), default=0), 3),
        "acknowledged": sum(len(w.acknowledged) for w in load),
        "acknowledged_missing": missing,
        "recovered_after_s": round(recovered, 3),
    }
    print(f"R11 ({CLIENTS} clients, pool {POOL_SIZE}, lock held {lock_seconds} s):", figures)
    assert {a.status for a in attempts} <= {201, 503}, figures
    assert all(a.media_type == PROBLEM and a.retry_after for a in refused)
    assert max(a.seconds for a in attempts) < BOUND_SECONDS, figures
    assert missing == 0
    assert recovered < 1.0
    assert refused or not lock_seconds, "the pool never ran out"
