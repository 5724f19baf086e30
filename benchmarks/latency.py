"""B2 and B6: how fast `pilots serve` answers reads on a generated programme, and how much
memory it holds after (docs/quality.md).

Every route is read in turn, one request at a time, by a lead who is on no pilot's team (so
answers hold what the community may read), after a few unmeasured requests. Each read's
latency and size are recorded and its status checked. The baseline is `/health`, a bare
handler answering a constant body through the same server and middleware, read in the same
rounds; each route's p50 and p95 are given beside it and as a ratio to it. After the reads,
the server's peak resident memory (VmHWM) is B6.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

import httpx

from benchmarks.serving import account, environment, ok, peak_rss_mb, pilots, serving

EMAIL, PASSWORD = "b2@example.org", "a long benchmark password"
WARM_UP = 10
# A first read at a new log position on `huge` works out what is kept per position, which takes
# seconds; it is timed and reported apart ("first"), not cut off by a client's timeout.
COLD_SECONDS = 300.0
# route name -> (path, whether it is a page read with a session, its goal: p95 ms, max bytes)
Route = tuple[str, bool, float, int | None]
GOALS_PER_PILOT, GOALS_CROSS_PILOT = 10.0, 30.0
MAX_BYTES = 300_000


# Search is read for words the generated entries hold more and less often, and in newer and
# older entries (its cost is in how many entries hold the word and where): the counts are of
# `huge`'s 609,890 documents. "search" is the word B2 has always read.
SEARCHES = {
    "search": "tea",  # 107,260, from first to last
    "search, common word": "people",  # 401,726, from the first pilots on
    "search, older word": "library",  # 10,000, none in the newest 96% of the log
    "search, rare word": "food",  # 640, in the stories and workshops told first
    "search, no match": "quokka",
}


def routes(pilot: str) -> dict[str, Route]:
    return {
        "bare handler": ("/health", False, 0.0, None),
        "pilot": (f"/api/v1/pilots/{pilot}", False, GOALS_PER_PILOT, None),
        "timeline": (f"/api/v1/pilots/{pilot}/timeline", False, GOALS_PER_PILOT, None),
        **{name: (f"/api/v1/search?q={word}", False, GOALS_PER_PILOT, None)
           for name, word in SEARCHES.items()},
        "dashboard /": ("/", True, GOALS_CROSS_PILOT, MAX_BYTES),
        "/learning": ("/learning", True, GOALS_CROSS_PILOT, MAX_BYTES),
        "summary": ("/api/v1/learning/summary", False, GOALS_CROSS_PILOT, MAX_BYTES),
        "ledger, first page": (
            "/api/v1/learning/questions?status=open", False, GOALS_CROSS_PILOT, MAX_BYTES
        ),
    }  # fmt: skip


def measure(url: str, requests: int, rounds: int) -> dict[str, Any]:
    """Serves the store at `url` (already holding a data set) and reads every route."""
    env = environment(url)
    token = account(env, EMAIL, PASSWORD)
    pilots(env, "projections", "rebuild")  # the read models current before the clock starts
    with serving(env) as (base, pid):
        bearer = {"Authorization": f"Bearer {token}"}
        api = httpx.Client(base_url=base, headers=bearer, timeout=COLD_SECONDS)
        pages = httpx.Client(base_url=base, timeout=COLD_SECONDS)
        with api, pages:
            sign_in(pages)
            pilot = ok(api.get("/api/v1/pilots", params={"limit": 1}))["items"][0]["id"]
            chosen = routes(pilot)
            found: dict[str, list[dict[str, float]]] = {name: [] for name in chosen}
            for _ in range(rounds):
                for name, (path, is_page, _, _) in chosen.items():
                    client = pages if is_page else api
                    found[name].append(read_round(client, path, requests))
            peak = peak_rss_mb(pid)
    return {"requests_per_round": requests, "rounds": rounds, "routes": summarised(found, chosen),
            "peak_rss_mb": round(peak, 1)}  # fmt: skip


def sign_in(pages: httpx.Client) -> None:
    form = pages.get("/login").text
    marker = 'name="_csrf_token" value="'
    token = form[form.index(marker) + len(marker) :].split('"', 1)[0]
    data = {"_csrf_token": token, "email": EMAIL, "password": PASSWORD, "next": "/"}
    reply = pages.post("/login", data=data)
    if reply.status_code != 303:
        raise RuntimeError(f"sign-in answered {reply.status_code}")


def read_round(client: httpx.Client, path: str, requests: int) -> dict[str, float]:
    """One round of one route: p50 and p95 in ms, the size of the answer, and how long the
    round's first request took (in the first round, the cold read that works out what is kept
    per log position)."""
    started = time.perf_counter()
    ok_or_raise(client.get(path))
    first = (time.perf_counter() - started) * 1000
    for _ in range(WARM_UP - 1):
        ok_or_raise(client.get(path))
    took, size = [], 0
    for _ in range(requests):
        started = time.perf_counter()
        reply = client.get(path)
        took.append((time.perf_counter() - started) * 1000)
        ok_or_raise(reply)
        size = len(reply.content)
    cuts = statistics.quantiles(took, n=100)
    return {"p50": statistics.median(took), "p95": cuts[94], "bytes": size, "first": first}


def ok_or_raise(reply: httpx.Response) -> None:
    if reply.status_code != 200:
        raise RuntimeError(f"{reply.request.url}: {reply.status_code} {reply.text[:200]}")


def summarised(
    found: dict[str, list[dict[str, float]]], chosen: dict[str, Route]
) -> dict[str, dict[str, Any]]:
    """Medians over rounds, the spread of p95, ratios to the bare handler, and the goals."""
    bare = found["bare handler"]
    bare_p50 = statistics.median(r["p50"] for r in bare)
    bare_p95 = statistics.median(r["p95"] for r in bare)
    summary = {}
    for name, rounds in found.items():
        p50 = statistics.median(r["p50"] for r in rounds)
        p95s = [r["p95"] for r in rounds]
        p95, size = statistics.median(p95s), int(statistics.median(r["bytes"] for r in rounds))
        goal_ms, goal_bytes = chosen[name][2], chosen[name][3]
        met = None if not goal_ms else p95 <= goal_ms and (goal_bytes is None or size <= goal_bytes)
        summary[name] = {
            "p50_ms": round(p50, 2), "p95_ms": round(p95, 2),
            "p95_ms_spread": [round(min(p95s), 2), round(max(p95s), 2)],
            "p50_ratio": round(p50 / bare_p50, 1), "p95_ratio": round(p95 / bare_p95, 1),
            "bytes": size, "goal_met": met, "first_read_ms": round(rounds[0]["first"], 1),
        }  # fmt: skip
    return summary


def table(size: str, results: dict[str, dict[str, Any]]) -> str:
    lines = [f"B2 on {size}: p50 and p95 in ms (p95's spread over rounds), x the bare handler"]
    for store, found in results.items():
        lines += route_lines(store, found["routes"])
        lines.append(f"{store:<11} B6 peak server memory after B2: {found['peak_rss_mb']} MB")
    return "\n".join(lines)


def route_lines(store: str, routes: dict[str, dict[str, Any]]) -> list[str]:
    """A line a route: p50, p95 (and its spread), both as a ratio, its size, its first read."""
    lines = []
    for name, r in routes.items():
        met = {None: "", True: "goal met", False: "goal NOT met"}[r["goal_met"]]
        low, high = r["p95_ms_spread"]
        lines.append(
            f"{store:<11} {name:<20} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
            f"({low:.2f}-{high:.2f})  x{r['p50_ratio']:<6} x{r['p95_ratio']:<6} "
            f"{r['bytes']:>10,} B  first {r['first_read_ms']:>8.1f} ms  {met}"
        )
    return lines
