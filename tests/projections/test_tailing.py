"""R3: writers race while readers tail the log (PostgreSQL).

The library takes a table lock around each insert, so the events of one transaction get
consecutive ids and transactions commit in id order; a reader that asks for "everything after
the last id I saw" then never passes over an id that commits later.
"""

from __future__ import annotations

import itertools
import threading
from uuid import uuid4

import pytest

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.pilot import By, Pilot
from domain.pilot.commands import AssignRole, RegisterPilot
from domain.service import Pilots
from projections.engine.runner import Projector
from projections.pilot_index.from_log import list_pilots
from projections.pilot_index.queries import pilots_for
from tests.projections.conftest import close, log_positions, projector_on
from tests.projections.models import ledger_figures

WRITERS = 4
SAVES_EACH = 100


def save_pilots(pilots: Pilots, saves: int, recorded: list[list[int]]) -> None:
    """Saves pilots of three events each, in one transaction per pilot."""
    for _ in range(saves):
        lead = uuid4()
        registration = RegisterPilot(title="Race", question="Who wins?", idea="Run")
        pilot = Pilot.register(registration, By(lead, uuid4().hex))
        for role in ("member", "facilitator"):
            pilot.execute(AssignRole(pilot.id, user=uuid4(), role=role), By(lead, uuid4().hex))
        recorded.append([r.notification.id for r in pilots.save(pilot)])


def tail(pilots: Pilots, seen: list[int], done: threading.Event) -> None:
    """Reads everything after the last id seen, over and over, and once more at the end."""
    while True:
        finished = done.is_set()
        while page := pilots.recorder.select_notifications((seen[-1] if seen else 0) + 1, 50):
            seen.extend(n.id for n in page)
        if finished:
            return


@pytest.mark.postgres
def test_r3_readers_tailing_the_log_skip_nothing_while_writers_race(postgres_url: str) -> None:
    settings = parse_database_url(postgres_url)
    writers = [open_pilots(settings) for _ in range(WRITERS)]
    runner: Projector = projector_on(settings)
    done, seen = threading.Event(), list[int]()
    saves: list[list[list[int]]] = [[] for _ in range(WRITERS)]
    reader = threading.Thread(target=tail, args=(runner.pilots, seen, done))

    def keep_current() -> None:
        while not done.is_set():
            runner.process(limit=20)

    follower = threading.Thread(target=keep_current)
    racers = [
        threading.Thread(target=save_pilots, args=(app, SAVES_EACH, saves[n]))
        for n, app in enumerate(writers)
    ]
    for thread in [reader, follower, *racers]:
        thread.start()
    for thread in racers:
        thread.join(timeout=120)
    done.set()
    reader.join(timeout=60)
    follower.join(timeout=60)
    runner.catch_up()

    stored = log_positions(runner.pilots)
    transactions = [ids for per_writer in saves for ids in per_writer]
    owner = {i: n for n, ids in enumerate(transactions) for i in ids}
    interleaved = sum(
        any(owner.get(i) != n for i in range(min(ids), max(ids) + 1))
        for n, ids in enumerate(transactions)
    )
    skipped = len(set(stored) - set(seen))
    out_of_order = sum(b <= a for a, b in itertools.pairwise(seen))
    with runner.views.read() as sql:
        figures = ledger_figures(sql, stored)
        index = pilots_for(sql)
    print(
        f"R3 (PostgreSQL): writers={WRITERS} transactions={len(transactions)} "
        f"events={len(stored)} ids interleaved={interleaved} ids skipped by the reader={skipped} "
        f"out of order={out_of_order} runner missing={figures['missing']} "
        f"duplicates={figures['duplicates']}"
    )
    assert len(stored) == 3 * WRITERS * SAVES_EACH
    assert (interleaved, skipped, out_of_order) == (0, 0, 0)
    assert (figures["missing"], figures["duplicates"]) == (0, 0)
    assert index == list_pilots(runner.pilots)
    close(runner)
    for app in writers:
        app.close()
