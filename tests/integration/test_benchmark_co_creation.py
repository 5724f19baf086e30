"""B8's harness end to end, cut down: the programme it builds holds what the map must show, and
every route it times answers 200 through a real `pilots serve` on each store, on its own
programme, the demo's and a generated one; its figures reach the results file only when asked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.bootstrap import bootstrap
from adapters.settings import Settings, parse_database_url
from benchmarks import co_creation, results
from projections.origins.from_log import origins_from_log


def test_b8_builds_a_programme_with_everything_the_map_shows() -> None:
    services = bootstrap(parse_database_url("memory://"))
    try:
        found = co_creation.build(services)
        origins = origins_from_log(services.pilots)
    finally:
        services.close()
    assert len(origins.stories) == 60
    assert sum(s.withdrawn_on is not None for s in origins.stories.values()) == 5
    assert sum(s.consent == "team" for s in origins.stories.values()) == 20
    assert (len(origins.workshops), len(origins.principles), len(origins.framings)) == (3, 24, 9)
    assert {b.how for b in origins.became.values()} == {"merged", "split"}
    assert len(origins.pilots) == 60
    assert any(p.decisions for p in origins.pilots.values())
    assert {p.status for p in origins.pilots.values()} == {"active", "paused", "concluded"}
    assert found["framing"] in {str(f) for f in origins.framings}


@pytest.mark.slow
def test_b8_reads_every_route_through_a_server(store_settings: Settings) -> None:
    found = co_creation.measure(store_settings.database_url, requests=5, rounds=1)
    assert set(found["routes"]) == set(co_creation.routes({"day": "d", "framing": "f",
                                                           "story": "s"}))  # fmt: skip
    assert found["routes"]["bare handler"]["p50_ratio"] == 1.0
    assert found["routes"]["/map"]["bytes"] > 50_000
    assert found["events"] > 500
    print("\n".join(co_creation.route_lines(store_settings.store, found["routes"])))


@pytest.mark.slow
@pytest.mark.parametrize("programme", ["demo", "small"])
def test_b8_reads_the_demos_programme_and_a_generated_one(
    store_settings: Settings, programme: str
) -> None:
    found = co_creation.measure(store_settings.database_url, requests=5, rounds=1,
                                programme=programme)  # fmt: skip
    assert found["programme"] == programme
    assert set(found["routes"]) == set(co_creation.routes({"day": "d", "framing": "f",
                                                           "story": "s"}))  # fmt: skip
    assert found["routes"]["bare handler"]["p50_ratio"] == 1.0
    whole, tree = found["routes"]["/api/v1/map"], found["routes"]["/api/v1/map?framing="]
    assert 0 < tree["bytes"] < whole["bytes"]
    assert found["events"] > (150 if programme == "demo" else 9_000)
    print("\n".join(co_creation.route_lines(store_settings.store, found["routes"])))


@pytest.mark.slow
def test_b8_merges_its_figures_into_the_results_file_only_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "results.json"
    file.write_text(json.dumps({"B8": {"large": {"sqlite": {"kept": 1}}}, "B2": {"x": 2}}))
    monkeypatch.setattr(results, "RESULTS", file)
    quick = ["--programme", "demo", "--store", "sqlite", "--requests", "3", "--rounds", "1"]
    assert co_creation.main(quick) == 0
    assert json.loads(file.read_text()) == {
        "B8": {"large": {"sqlite": {"kept": 1}}},
        "B2": {"x": 2},
    }
    assert co_creation.main([*quick, "--results"]) == 0
    written = json.loads(file.read_text())
    assert written["B2"] == {"x": 2}
    assert written["B8"]["large"] == {"sqlite": {"kept": 1}}
    demo = written["B8"]["demo"]["sqlite"]
    assert demo["programme"] == "demo"
    assert demo["routes"]["/map"]["p95_ms"] > 0
    assert demo["at"]
    assert "B8 on sqlite, demo" in capsys.readouterr().out


def test_b8_refuses_an_unknown_programme() -> None:
    with pytest.raises(SystemExit) as refused:
        co_creation.main(["--programme", "medium"])
    assert refused.value.code == 2
