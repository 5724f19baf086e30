"""R9: PostgreSQL restarted, and stopped for 5 s and for 40 s, under HTTP write load on a real
`pilots serve`: nothing acknowledged goes missing, every request while the database is down
gets a clean 503 problem+json in under 2 s, and the server and its read-model runner recover
by themselves."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import pytest

from tests.faults.conftest import PrivatePostgres, Served
from tests.faults.load import PROBLEM, Writers, register_pilot, stored_reflections, summary

pytestmark = pytest.mark.alone

BOUND_SECONDS = 2.0
RECOVERY_SECONDS = 15.0
WRITERS = 3


def serving(cluster: PrivatePostgres, serve: list[Served]) -> tuple[Served, str, str]:
    served = Served({"PILOTS_DATABASE_URL": cluster.url, "PILOTS_SECRET_KEY": "faults"})
    serve.append(served)
    token = served.token()
    served.start()
    return served, token, register_pilot(served.base_url, token)


def lag_of_read_models(served: Served) -> int:
    """The largest lag `pilots projections status` reports: what the server's background runner
    has done, since this command reads positions and catches nothing up."""
    rows = served.cli("projections", "status").splitlines()[1:]
    return max(int(re.split(r"\s+", row.strip())[-1]) for row in rows)


def wait_for(check: Callable[[], bool], seconds: float) -> float:
    """Seconds until `check()` held; fails after `seconds`."""
    started = time.monotonic()
    while not check():
        assert time.monotonic() - started < seconds, f"not within {seconds} s"
        time.sleep(0.1)
    return time.monotonic() - started


def outage(cluster: PrivatePostgres, down_seconds: float | None) -> tuple[float, float]:
    """Restarts the cluster (None) or stops it for `down_seconds`; when it was down, from the
    moment it stopped until the moment it was asked to start again."""
    if down_seconds is None:
        started = time.monotonic()
        cluster.restart()
        return started, started
    cluster.stop()
    down = time.monotonic()
    time.sleep(down_seconds)
    up = time.monotonic()
    cluster.start()
    return down, up


def run_outage(
    cluster: PrivatePostgres, serve: list[Served], name: str, down_seconds: float | None
) -> None:
    served, token, pilot_id = serving(cluster, serve)
    writers = Writers(served.base_url, token, pilot_id, threads=WRITERS).start()
    time.sleep(1.0)
    before = time.monotonic()
    down, up = outage(cluster, down_seconds)
    back = time.monotonic()
    recovery = wait_for(lambda: writers.successes_after(back) >= WRITERS, RECOVERY_SECONDS)
    time.sleep(0.5)
    writers.stop()

    stored = stored_reflections(served.base_url, token, pilot_id)
    missing = set(writers.acknowledged) - set(stored)
    while_down = writers.within(down, up)  # a request still waiting at `up` may succeed
    during = writers.between(before, back)
    runner_lag_s = wait_for(lambda: lag_of_read_models(served) == 0, RECOVERY_SECONDS)
    figures = {
        "acknowledged": len(writers.acknowledged),
        "stored": len(stored),
        "acknowledged_missing": len(missing),
        "while_down": summary(while_down),
        "during_fault": summary(during),
        "all": summary(writers.attempts),
        "writes_again_after_s": round(recovery, 2),
        "read_models_caught_up_after_s": round(runner_lag_s, 2),
    }
    print(f"R9 ({name}):", figures)
    assert missing == set()
    assert served.alive(), "the server died"
    assert {a.status for a in writers.attempts} <= {200, 201, 503}, summary(writers.attempts)
    assert all(a.media_type == PROBLEM and a.retry_after for a in during if a.status == 503)
    assert all(a.status == 503 for a in while_down), summary(while_down)
    assert max((a.seconds for a in during), default=0) < BOUND_SECONDS, summary(during)


def test_r9_postgresql_restarted_under_writes(
    private_postgres: PrivatePostgres, serve: list[Served]
) -> None:
    run_outage(private_postgres, serve, "restart", None)


def test_r9_postgresql_stopped_for_5_s_under_writes(
    private_postgres: PrivatePostgres, serve: list[Served]
) -> None:
    run_outage(private_postgres, serve, "stopped 5 s", 5.0)


@pytest.mark.slow
def test_r9_postgresql_stopped_for_40_s_under_writes(
    private_postgres: PrivatePostgres, serve: list[Served]
) -> None:
    run_outage(private_postgres, serve, "stopped 40 s", 40.0)
