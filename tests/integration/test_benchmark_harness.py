"""The benchmarks' harnesses run end to end on a real store and a real `pilots serve`, cut down
so they take seconds: what they measure is read from a server that answered every request
with the status it should, so a figure in the README cannot come from a broken run."""

from __future__ import annotations

import pytest

from adapters.settings import Settings
from benchmarks import charts, latency, loading, writes
from benchmarks.dataset import generate, open_bench_pilots
from benchmarks.measures import Shape


@pytest.mark.slow
def test_b1_measures_writes_through_http_and_raw(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writes, "WRITES_PER_CLIENT", 6)
    found = writes.measure(store_settings, store_settings.database_url)
    assert found["writes"] == 48
    assert found["http"]["writes_per_s"] > 0
    assert found["raw"]["writes_per_s"] > 0
    assert found["ratio"] == round(found["http"]["writes_per_s"] / found["raw"]["writes_per_s"], 3)
    print(writes.table({store_settings.store: found}))


@pytest.mark.slow
def test_b2_reads_every_route_and_b6_the_servers_memory(store_settings: Settings) -> None:
    pilots = open_bench_pilots(store_settings)
    try:
        generate(pilots, "small")
    finally:
        pilots.close()
    found = latency.measure(store_settings.database_url, requests=5, rounds=1)
    assert set(found["routes"]) == set(latency.routes("p"))
    assert found["routes"]["bare handler"]["p50_ratio"] == 1.0
    assert all(r["bytes"] > 0 for r in found["routes"].values())
    assert found["peak_rss_mb"] > 10
    print(latency.table("small", {store_settings.store: found}))


@pytest.mark.slow
def test_b7_reads_a_measure_page_and_its_charts(store_settings: Settings) -> None:
    pilots = open_bench_pilots(store_settings)
    try:
        generate(pilots, "small", measures=Shape(2, 12))
    finally:
        pilots.close()
    found = charts.measure(store_settings.database_url, requests=5, rounds=1)
    assert found["measures"] == 2
    assert set(found["routes"]) == set(charts.routes("p", "m"))
    assert found["routes"]["bare handler"]["p50_ratio"] == 1.0
    assert found["routes"]["chart.svg"]["bytes"] > 1_000
    print(charts.table("small", {store_settings.store: found}))


@pytest.mark.slow
def test_b4_loads_a_long_pilot_from_its_snapshots(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(loading, "EVENTS", 300)
    monkeypatch.setattr(loading, "LOADS", 5)
    monkeypatch.setattr(loading, "COMMANDS", 3)
    found = loading.measure(store_settings, runs=1)
    assert found["events"] == 300
    assert found["load_p50_ms"] > 0
    assert found["fresh_load_p50_ms"] > 0
    assert found["raw_fetch_p50_ms"] > 0
    assert found["commands_per_run"] == 3
    assert found["command_p50_ms"] > 0
    print(loading.table({store_settings.store: found}))
