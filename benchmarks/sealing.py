"""What sealing withdrawable text costs, beside B3: the same data set written and read by the
application as it runs (sealed, with a key per reflection) and by one built without keys, each
in a store of its own, in the same run, their measured runs alternating.

Figures: writing the data set (a key is made and stored for each reflection), reflections
recorded one command at a time as the web records them (each command its own commit, and a key's),
a first scan by a fresh application (every key read from the database), then scans and rebuilds
with the keys cached, as B3 measures them. Each is events per second; `ratio` is sealed over
plain, so 0.9 means sealing makes it 10% slower.
"""

from __future__ import annotations

import statistics
from typing import Any
from uuid import uuid4

from adapters.settings import Settings
from benchmarks.dataset import generate, open_bench_pilots
from benchmarks.rebuild import raw_scan, spread, timed
from domain.pilot.commands import RecordReflection, RegisterPilot
from domain.service import Pilots
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.registry import read_models

FIGURES = ("write", "write_one", "first_scan", "raw_scan", "rebuild_all")
ONE_AT_A_TIME = 50  # reflections a run, one command each


def one_at_a_time(app: Pilots) -> int:
    """Records reflections on a new pilot, a command each; the number recorded."""
    lead = uuid4()
    pilot_id = app.execute(RegisterPilot(title="Timed", question="Q?", idea="I"), lead).pilot.id
    for n in range(ONE_AT_A_TIME):
        app.execute(RecordReflection(pilot_id, kind="meaning", text=f"Reflection {n}"), lead)
    return ONE_AT_A_TIME


def first_scan(settings: Settings, *, sealed: bool) -> tuple[int, float]:
    """A scan by a fresh application, which has no key cached yet."""
    fresh = open_bench_pilots(settings, sealed=sealed)
    try:
        return timed(lambda: raw_scan(fresh))
    finally:
        fresh.close()


def measure(settings: dict[str, Settings], size: str, runs: int) -> dict[str, Any]:
    """`settings` names an empty store for "sealed" and one for "plain"."""
    apps = {kind: open_bench_pilots(s, sealed=kind == "sealed") for kind, s in settings.items()}
    projectors = {kind: Projector(apps[kind], open_views(s), read_models())
                  for kind, s in settings.items()}  # fmt: skip
    try:
        rates: dict[str, dict[str, list[float]]] = {kind: {} for kind in apps}
        events = 0
        for kind, app in apps.items():
            events, seconds = timed(lambda app=app: generate(app, size))  # type: ignore[misc]
            rates[kind]["write"] = [events / seconds]
        for projector in projectors.values():
            projector.rebuild()  # warm-up: tables, caches, prepared statements
        for _ in range(runs):
            for kind, app in apps.items():
                count, seconds = first_scan(settings[kind], sealed=kind == "sealed")
                rates[kind].setdefault("first_scan", []).append(count / seconds)
                count, seconds = timed(lambda app=app: one_at_a_time(app))  # type: ignore[misc]
                rates[kind].setdefault("write_one", []).append(count / seconds)
                count, seconds = timed(lambda app=app: raw_scan(app))  # type: ignore[misc]
                rates[kind].setdefault("raw_scan", []).append(count / seconds)
                count, seconds = timed(projectors[kind].rebuild)
                rates[kind].setdefault("rebuild_all", []).append(count / seconds)
        figures: dict[str, Any] = {"events": events, "runs": runs}
        for figure in FIGURES:
            sealed, plain = rates["sealed"][figure], rates["plain"][figure]
            figures[f"{figure}_events_per_s"] = {
                "sealed": spread(sealed), "plain": spread(plain),
                "ratio": statistics.median(sealed) / statistics.median(plain),
            }  # fmt: skip
        return figures
    finally:
        for projector in projectors.values():
            projector.views.close()
            projector.pilots.close()


def table(size: str, results: dict[str, dict[str, Any]]) -> str:
    lines = [f"Sealing, {size}: events per second, sealed / plain (median), and their ratio"]
    for store, r in results.items():
        for figure in FIGURES:
            f = r[f"{figure}_events_per_s"]
            lines.append(
                f"{store:<11} {figure:<12} {f['sealed']['median']:>10,.0f} / "
                f"{f['plain']['median']:>10,.0f}  {f['ratio']:>5.2f}"
            )
    return "\n".join(lines)
