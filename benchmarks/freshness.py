"""B5: the time from a write's response until the write shows in the timeline, the learning
summary and search, through `pilots serve` on 127.0.0.1 (docs/quality.md). The goal is zero.

Each round writes a question set and a reflection, each holding a word made for it. Right after
each 201 the reads that should show it are made in turn, through the API as a client would. A
read that misses the write is repeated until it shows it, and the wait from the write's
response is recorded, so a miss is measured, not only counted.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from adapters.settings import Settings
from benchmarks.serving import account, environment, ok, serving

ROUNDS = 60  # each writes a question set and a reflection
GIVE_UP_SECONDS = 10.0
START_SECONDS = 30.0
READS = ("timeline", "summary", "search")
# What each write should show in: a question set in the timeline and the summary's open
# questions; a reflection in the timeline and search (questions are not searched).
CHECKED_AFTER = {"question-sets": ("timeline", "summary"), "reflections": ("timeline", "search")}


@dataclass
class Seen:
    """For one read: how many first reads missed the write, and how long each took."""

    missed: int = 0
    waited_ms: float = 0.0  # the longest wait from the write's response until it showed
    latencies_ms: list[float] | None = None


def measure(settings: Settings, url: str, *, workers: bool = False) -> dict[str, Any]:
    """Serves `url` (a fresh database) and makes ROUNDS rounds of writes, each read back."""
    env = environment(url, PILOTS_PROJECTIONS="workers" if workers else "inline")
    token = account(env, "b5@example.org")
    with serving(env, workers) as (base, _):
        client = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
        with client:
            pilot = _created(client.post("/api/v1/pilots", json=_PILOT))["id"]
            seen = {name: Seen(latencies_ms=[]) for name in READS}
            writes_ms: list[float] = []
            for n in range(ROUNDS):
                word = f"freshness{n:04d}x"
                for kind, body in (("question-sets", _question_set(word)),
                                   ("reflections", _reflection(word))):  # fmt: skip
                    started = time.perf_counter()
                    reply = client.post(f"/api/v1/pilots/{pilot}/{kind}", json=body)
                    acknowledged = time.perf_counter()
                    writes_ms.append((acknowledged - started) * 1000)
                    checks = _checks(client, pilot, reply, word)
                    for name in CHECKED_AFTER[kind]:
                        _read_back(seen[name], checks[name], acknowledged)
    return {
        "store": settings.store,
        "projections": "workers" if workers else "inline",
        "writes": len(writes_ms),
        "write_ms": _percentiles(writes_ms),
        "reads": {
            name: {
                "reads": len(s.latencies_ms or []),
                "missed_the_write": s.missed,
                "longest_wait_ms": round(s.waited_ms, 2),
                "read_ms": _percentiles(s.latencies_ms or []),
            }
            for name, s in seen.items()
        },
    }


def _checks(
    client: httpx.Client, pilot: str, reply: httpx.Response, word: str
) -> dict[str, Callable[[], bool]]:
    written = _created(reply)
    version = int(reply.headers["ETag"].strip('"'))

    def timeline() -> bool:
        entries = _ok(client.get(f"/api/v1/pilots/{pilot}/timeline"))["entries"]
        return any(entry["version"] == version for entry in entries)

    def summary() -> bool:
        question = written["questions"][0]["id"]
        found = _ok(client.get("/api/v1/learning/summary"))["open_questions"]
        return any(item["question_id"] == question for item in found)

    def search() -> bool:
        return bool(_ok(client.get("/api/v1/search", params={"q": word}))["items"])

    return {"timeline": timeline, "summary": summary, "search": search}


def _read_back(seen: Seen, shows_it: Callable[[], bool], acknowledged: float) -> None:
    started = time.perf_counter()
    found = shows_it()
    assert seen.latencies_ms is not None
    seen.latencies_ms.append((time.perf_counter() - started) * 1000)
    if found:
        return
    seen.missed += 1
    while not shows_it():
        if time.perf_counter() - acknowledged > GIVE_UP_SECONDS:
            raise RuntimeError(f"a write did not show in {GIVE_UP_SECONDS} s")
        time.sleep(0.002)
    seen.waited_ms = max(seen.waited_ms, (time.perf_counter() - acknowledged) * 1000)


_PILOT = {
    "title": "Fresh reads",
    "question": "How might we see our own writes at once?",
    "idea": "Read the views only after they have caught up with the log.",
    "themes": ["benchmarks"],
}


def _question_set(word: str) -> dict[str, Any]:
    return {"held_on": "2026-01-05", "questions": [f"What did {word} teach us about timing?"]}


def _reflection(word: str) -> dict[str, Any]:
    return {"kind": "observation", "text": f"Noticed how {word} showed up straight away."}


def _ok(reply: httpx.Response) -> Any:
    return ok(reply)


def _created(reply: httpx.Response) -> Any:
    return ok(reply, 201)


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 2), "p95": round(p95, 2)}


def table(results: list[dict[str, Any]]) -> str:
    lines = ["B5 writes read back at once through HTTP: first reads that missed the write"]
    lines.append(f"{'store':<11} {'projections':<12} {'writes':>6}  " + "  ".join(
        f"{name + ' missed (read p95 ms)':>30}" for name in READS
    ))  # fmt: skip
    for r in results:
        cells = [
            f"{r['reads'][n]['missed_the_write']} of {r['reads'][n]['reads']} "
            f"({r['reads'][n]['read_ms']['p95']:.1f})"
            for n in READS
        ]
        lines.append(
            f"{r['store']:<11} {r['projections']:<12} {r['writes']:>6}  "
            + "  ".join(f"{c:>30}" for c in cells)
        )
    return "\n".join(lines)
