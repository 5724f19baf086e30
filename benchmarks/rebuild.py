"""B3: events per second rebuilding every read model from scratch, against a raw scan that reads
and decodes the same events in pages of the same size, in the same run.

Each run alternates the two, so both see the same machine; the figure is the median of the
runs with their spread, and the ratio of the medians. Each model is also rebuilt alone once,
so a slow one can be found.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from adapters.settings import Settings
from benchmarks.dataset import SIZES, generate, open_bench_pilots
from domain.service import Pilots
from projections.engine.rebuild import REBUILD_BATCH
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.registry import read_models

GOAL = 0.35  # rebuild at least this fraction of the raw scan's speed


def raw_scan(pilots: Pilots) -> int:
    """Reads and decodes every event; the number read."""
    to_event, total, position = pilots.mapper.to_domain_event, 0, 0
    while page := pilots.recorder.select_notifications(position + 1, REBUILD_BATCH):
        for notification in page:
            to_event(notification)
        total, position = total + len(page), page[-1].id
    return total


def timed(work: Callable[[], int]) -> tuple[int, float]:
    started = time.perf_counter()
    done = work()
    return done, time.perf_counter() - started


def spread(rates: list[float]) -> dict[str, float]:
    return {"median": statistics.median(rates), "min": min(rates), "max": max(rates)}


def measure(settings: Settings, size: str, runs: int, per_model: bool) -> dict[str, Any]:
    pilots = open_bench_pilots(settings)
    views = open_views(settings)
    try:
        events, generate_seconds = timed(lambda: generate(pilots, size))
        projector = Projector(pilots, views, read_models())
        projector.rebuild()  # warm-up: tables, caches, prepared statements
        raw_scan(pilots)
        raw, rebuilt = [], []
        for _ in range(runs):
            count, seconds = timed(lambda: raw_scan(pilots))
            raw.append(count / seconds)
            count, seconds = timed(projector.rebuild)
            rebuilt.append(count / seconds)
        models = {}
        if per_model:
            for name in projector.names:
                count, seconds = timed(lambda name=name: projector.rebuild(name))  # type: ignore[misc]
                models[name] = count / seconds
        return {
            "pilots": SIZES[size], "events": events, "runs": runs,
            "generate_seconds": round(generate_seconds, 2),
            "models": list(projector.names),
            "raw_scan_events_per_s": spread(raw),
            "rebuild_all_events_per_s": spread(rebuilt),
            "ratio": statistics.median(rebuilt) / statistics.median(raw),
            "goal_ratio": GOAL,
            "per_model_events_per_s": models,
        }  # fmt: skip
    finally:
        views.close()
        pilots.close()


def table(size: str, results: dict[str, dict[str, Any]]) -> str:
    lines = [f"B3 rebuild every read model, {size}: events per second, median (min-max)"]
    lines.append(f"{'store':<11} {'events':>8} {'raw scan':>24} {'rebuild all':>24} {'ratio':>6}")
    for store, r in results.items():
        raw, built = r["raw_scan_events_per_s"], r["rebuild_all_events_per_s"]
        lines.append(
            f"{store:<11} {r['events']:>8,} {_rate(raw):>24} {_rate(built):>24} "
            f"{r['ratio']:>6.2f}  (goal >= {GOAL})"
        )
        for name, rate in r["per_model_events_per_s"].items():
            lines.append(f"{'':<11} {'':>8} {'  ' + name + ' alone':>24} {rate:>24,.0f}")
    return "\n".join(lines)


def _rate(figure: dict[str, float]) -> str:
    return f"{figure['median']:,.0f} ({figure['min']:,.0f}-{figure['max']:,.0f})"
