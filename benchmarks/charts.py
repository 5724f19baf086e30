"""B7: how fast `pilots serve` answers a measure's page and its chart, on a generated programme
whose every pilot has measures (`large --measures 12x30` by default: 12 measures of 30 values).

Read as B2 reads (`latency`): one request at a time by a lead on no pilot's team, after a few
unmeasured requests, beside the bare handler `/health` in the same rounds. The measure read is
one of the middle pilot's, so its chart holds phases, corrections and signals like any other.
"""

from __future__ import annotations

from typing import Any

import httpx

from benchmarks.latency import (
    EMAIL,
    PASSWORD,
    Route,
    read_round,
    route_lines,
    sign_in,
    summarised,
)
from benchmarks.serving import account, environment, ok, peak_rss_mb, pilots, serving

GOAL_MS = 10.0


def routes(pilot: str, measure: str) -> dict[str, Route]:
    base = f"/pilots/{pilot}/measures/{measure}"
    return {
        "bare handler": ("/health", False, 0.0, None),
        "measure page": (base, True, GOAL_MS, None),
        "chart.svg": (f"/api/v1{base}/chart.svg", False, GOAL_MS, None),
        "chart.svg, xmr": (f"/api/v1{base}/chart.svg?chart=xmr", False, GOAL_MS, None),
        "measure JSON": (f"/api/v1{base}", False, GOAL_MS, None),
        "pilot page": (f"/pilots/{pilot}", True, 0.0, None),
    }


def measure(url: str, requests: int, rounds: int) -> dict[str, Any]:
    """Serves the store at `url` (already holding a data set with measures) and reads."""
    env = environment(url)
    token = account(env, EMAIL, PASSWORD)
    pilots(env, "projections", "rebuild")
    with serving(env) as (base, pid):
        api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
        pages = httpx.Client(base_url=base)
        with api, pages:
            sign_in(pages)
            listed = ok(api.get("/api/v1/pilots", params={"limit": 200}))["items"]
            pilot = listed[len(listed) // 2]["id"]
            found_measures = ok(api.get(f"/api/v1/pilots/{pilot}"))["measures"]
            chosen = routes(pilot, found_measures[len(found_measures) // 2]["id"])
            found: dict[str, list[dict[str, float]]] = {name: [] for name in chosen}
            for _ in range(rounds):
                for name, (path, is_page, _, _) in chosen.items():
                    found[name].append(read_round(pages if is_page else api, path, requests))
            peak = peak_rss_mb(pid)
    return {"requests_per_round": requests, "rounds": rounds, "measures": len(found_measures),
            "routes": summarised(found, chosen), "peak_rss_mb": round(peak, 1)}  # fmt: skip


def table(size: str, results: dict[str, dict[str, Any]]) -> str:
    lines = [f"B7 on {size} with measures: p50 and p95 in ms (spread), x the bare handler"]
    for store, found in results.items():
        lines += route_lines(store, found["routes"])
    return "\n".join(lines)
