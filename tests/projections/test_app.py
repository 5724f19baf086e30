"""The web app keeps its read models current in a background thread, stops it on shutdown, and
leaves it to `pilots projections run` workers when told to; reads are fresh either way."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from adapters.bootstrap import Services, bootstrap
from adapters.settings import SettingsError, parse_database_url
from domain.pilot.commands import RegisterPilot
from projections.engine.runner import Projector
from tests.projections.test_supervisor import caught_up, wait_for
from tests.web.conftest import with_people
from web.app import create_app

PILOTS = "/api/v1/pilots"


def loop_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "read-models"]


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    built = bootstrap(parse_database_url(f"sqlite:///{tmp_path / 'pilots.sqlite3'}"))
    yield built
    built.close()


def test_the_app_runs_the_loop_while_it_serves_and_stops_it_on_shutdown(
    services: Services,
) -> None:
    before = len(loop_threads())
    app = create_app(services)
    projector: Projector = app.state.projector
    with TestClient(app):
        assert len(loop_threads()) == before + 1
        lead = services.accounts.add("a@b.org", "A", "lead", None).id
        services.pilots.execute(RegisterPilot(title="T", question="Q?", idea="I"), lead)
        wait_for(lambda: caught_up(projector))  # nobody reads: the loop did it
    assert len(loop_threads()) == before


def test_with_workers_the_app_runs_no_loop_and_reads_are_still_fresh(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B5 through HTTP: each pilot is in the list read right after its registration."""
    monkeypatch.setenv("PILOTS_PROJECTIONS", "workers")
    before = len(loop_threads())
    tokens, _ = with_people(services)
    headers = {"Authorization": f"Bearer {tokens['lead']}"}
    stale = 0
    with TestClient(create_app(services)) as client:
        assert len(loop_threads()) == before
        for n in range(10):
            body = {"title": f"Pilot {n}", "question": "How?", "idea": "An idea"}
            created = client.post(PILOTS, json=body, headers=headers).json()
            listed = client.get(PILOTS, headers=headers).json()["items"]
            stale += created["id"] not in {item["id"] for item in listed}
    print(f"B5 (HTTP, SQLite): list reads that missed the pilot just registered = {stale} of 10")
    assert stale == 0


def test_an_unknown_projections_mode_is_a_settings_error(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PILOTS_PROJECTIONS", "sometimes")
    with pytest.raises(SettingsError, match="PILOTS_PROJECTIONS"):
        create_app(services)
