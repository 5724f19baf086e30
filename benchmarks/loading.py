"""B4: loading one pilot of 10,000 events (docs/quality.md), against fetching its stored events
without decoding them, in the same run.

The pilot is written through the aggregate's own commands and saved a hundred events at a
time, so the application snapshots it every 100 events as it does in use. Two loads are timed:
a reader's (`Pilots.pilot`), which takes the pilot kept from the last read once the store says
it holds nothing newer (`domain/kept.py`); and a load afresh, with nothing kept, as the first
read in a process that has not read it yet is, which decodes the latest snapshot and the events
after it. The baseline reads every stored event of the pilot, raw, as the recorder returns them.

Beside them, not a goal of B4's: a command to the pilot (`Pilots.execute`, a reflection
recorded), which runs on a copy of the kept pilot made in memory (`domain/copies.py`) and saves
one event.
"""

from __future__ import annotations

import statistics
import time
from typing import Any
from uuid import UUID, uuid4

from adapters.settings import Settings
from adapters.store import open_pilots
from domain.pilot import By, Pilot
from domain.pilot.commands import RecordReflection, RegisterPilot
from domain.service import Pilots

EVENTS = 10_000
SAVE_EVERY = 100
LOADS = 200
COMMANDS = 30
GOAL_MS = 5.0


def measure(settings: Settings, runs: int) -> dict[str, Any]:
    pilots = open_pilots(settings)
    try:
        pilot_id = _a_long_pilot(pilots)
        rounds = [_round(pilots, pilot_id) for _ in range(runs)]
        commands = [_commands(pilots, pilot_id, run) for run in range(runs)]
    finally:
        pilots.close()
    load = statistics.median(r["load_ms"] for r in rounds)
    fresh = statistics.median(r["fresh_ms"] for r in rounds)
    raw = statistics.median(r["raw_ms"] for r in rounds)
    return {
        "events": EVENTS, "loads_per_run": LOADS, "runs": runs,
        "load_p50_ms": round(load, 3), "fresh_load_p50_ms": round(fresh, 3),
        "raw_fetch_p50_ms": round(raw, 3),
        "load_p50_ms_spread": [round(min(r["load_ms"] for r in rounds), 3),
                               round(max(r["load_ms"] for r in rounds), 3)],
        "ratio_to_raw": round(load / raw, 3), "goal_met": load <= GOAL_MS,
        "commands_per_run": COMMANDS, "command_p50_ms": round(statistics.median(commands), 3),
    }  # fmt: skip


def _a_long_pilot(pilots: Pilots) -> UUID:
    lead = uuid4()
    pilot = Pilot.register(
        RegisterPilot(title="A long pilot", question="How long?", idea="Keep going"),
        By(lead, "b4/register"),
    )
    for n in range(EVENTS - 1):
        pilot.execute(
            RecordReflection(pilot.id, kind="observation", text=f"Week {n}: people came."),
            By(lead, f"b4/{n}"),
        )
        if pilot.version % SAVE_EVERY == 0:
            pilots.save(pilot)
    pilots.save(pilot)
    return pilot.id


def _round(pilots: Pilots, pilot_id: UUID) -> dict[str, float]:
    loads, fresh, raws = [], [], []
    for _ in range(LOADS):
        pilots.kept.clear()
        started = time.perf_counter()
        pilots.pilot(pilot_id)
        fresh.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        pilots.pilot(pilot_id)
        loads.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        pilots.recorder.select_events(pilot_id)
        raws.append((time.perf_counter() - started) * 1000)
    medians = {"load_ms": loads, "fresh_ms": fresh, "raw_ms": raws}
    return {name: statistics.median(found) for name, found in medians.items()}


def _commands(pilots: Pilots, pilot_id: UUID, run: int) -> float:
    """The median time of COMMANDS reflections recorded one after another, in ms."""
    lead = next(iter(pilots.pilot(pilot_id).team))
    took = []
    for n in range(COMMANDS):
        command = RecordReflection(pilot_id, kind="observation", text=f"Run {run}, note {n}.")
        started = time.perf_counter()
        pilots.execute(command, lead)
        took.append((time.perf_counter() - started) * 1000)
    return statistics.median(took)


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = ["B4: loading a pilot of 10,000 events, p50 ms (spread over runs), x a raw fetch"]
    for store, r in results.items():
        low, high = r["load_p50_ms_spread"]
        met = "goal met" if r["goal_met"] else "goal NOT met"
        lines.append(
            f"{store:<11} load {r['load_p50_ms']:.2f} ({low:.2f}-{high:.2f})  afresh "
            f"{r['fresh_load_p50_ms']:.2f}  raw fetch {r['raw_fetch_p50_ms']:.2f}  "
            f"x{r['ratio_to_raw']}  {met} (<= {GOAL_MS} ms); a command "
            f"{r['command_p50_ms']:.2f}"
        )
    return "\n".join(lines)
