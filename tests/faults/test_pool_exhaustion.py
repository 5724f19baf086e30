"""R11: 64 clients write at once to a real `pilots serve` whose event store may hold 10
connections (the issue's figure), and 2 (so that the pool surely runs out): a client the pool
cannot serve hears a 503 problem+json quickly, no request waits 2 s, nothing acknowledged is
lost, and the server answers again within 1 s of the load stopping."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.faults.conftest import PrivatePostgres, Served
from tests.faults.load import PROBLEM, Writers, register_pilot, send, stored_reflections, summary

CLIENTS = 64
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


@pytest.mark.parametrize("pool_size", [10, 2], ids=lambda n: f"pool-{n}")
def test_r11_a_small_pool_under_64_clients_answers_503_fast_and_recovers(
    private_postgres: PrivatePostgres, serve: list[Served], pool_size: int
) -> None:
    served = Served({
        "PILOTS_DATABASE_URL": private_postgres.url, "PILOTS_SECRET_KEY": "faults",
        "PILOTS_POOL_SIZE": str(pool_size),
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
    time.sleep(LOAD_SECONDS)
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
    print(f"R11 ({CLIENTS} clients, pool {pool_size}):", figures)
    assert {a.status for a in attempts} <= {201, 503}, figures
    assert all(a.media_type == PROBLEM and a.retry_after for a in refused)
    assert max(a.seconds for a in attempts) < BOUND_SECONDS, figures
    assert missing == 0
    assert recovered < 1.0
