"""B8's harness end to end, cut down: the programme it builds holds what the map must show, and
every route it times answers 200 through a real `pilots serve` on each store."""

from __future__ import annotations

import pytest

from adapters.bootstrap import bootstrap
from adapters.settings import Settings, parse_database_url
from benchmarks import co_creation
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
