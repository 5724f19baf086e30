"""R6: rebuilding every read model from the log gives the rows the live models hold; one rebuild
at a time; and the live runner leaves a model under rebuild alone while keeping the others."""

from __future__ import annotations

import random
import threading
from collections import Counter

import pytest

from adapters.settings import Settings
from domain.origins.events import StoryWithdrawn
from domain.pilot.events import ReflectionWithdrawn
from projections.engine.base import Row
from projections.engine.claims import RebuildRefused
from projections.engine.runner import Projector
from projections.pilot_index.from_log import list_pilots
from projections.pilot_index.model import PilotIndex
from projections.pilot_index.queries import pilots_for
from projections.registry import read_models
from tests.origins_builders import seeded, tell_programme
from tests.projections.commands import COMMANDS, run_steps
from tests.projections.conftest import close, log_positions, projector_on, table_rows
from tests.projections.models import Ledger, ledger_figures
from tests.unit.builders import new_pilot


def _events(projector: Projector) -> list[object]:
    found = projector.pilots.recorder.select_notifications(1, 1_000_000)
    return [projector.pilots.mapper.to_domain_event(n) for n in found]


def differing_rows(live: list[Row], rebuilt: list[Row]) -> int:
    """Rows in one list and not the other, counting a repeated row as often as it repeats."""
    before, after = Counter(map(repr, live)), Counter(map(repr, rebuilt))
    return sum(((before - after) + (after - before)).values())


def a_programme(
    projector: Projector, seed: int = 11, steps: int = 300, *, live: bool = False
) -> None:
    """`steps` random commands on pilots, then a third as many on stories and workshops (and
    pilots that test their ideas); `live`, the models catch up after each, as a server's would,
    so they meet each withdrawal after the text it withdraws."""
    rng = random.Random(seed)
    chosen = [(rng.choice(COMMANDS), rng.randrange(6), rng.randrange(5), rng.randrange(8))
              for _ in range(steps)]  # fmt: skip
    after_each = projector.catch_up if live else None
    run_steps(projector.pilots, chosen, after_each=after_each)
    tell_programme(
        seeded(random.Random(seed)), steps // 3, projector.pilots, after_each, own_clock=False
    )


@pytest.mark.parametrize("kept_live", [False, True], ids=["caught-up-at-the-end", "kept-live"])
def test_r6_rebuilding_every_model_gives_the_rows_of_the_live_models(
    store_settings: Settings, kept_live: bool
) -> None:
    projector = projector_on(store_settings, [*read_models(), Ledger()])
    try:
        a_programme(projector, live=kept_live)
        while projector.process(limit=7):  # live batches unlike the rebuild's
            pass
        with projector.views.read() as sql:
            live = {m.name: table_rows(sql, m) for m in projector.models}
        seen: list[tuple[int, int, int]] = []
        applied = projector.rebuild(progress=lambda *p: seen.append(p))
        with projector.views.read() as sql:
            rebuilt = {m.name: table_rows(sql, m) for m in projector.models}
        differing = {
            name: sum(
                differing_rows(rows, rebuilt[name].get(table, [])) for table, rows in tables.items()
            )
            for name, tables in live.items()
        }
        lags = {lag.model: lag.lag for lag in projector.status()}
        withdrawn = sum(isinstance(n, ReflectionWithdrawn) for n in _events(projector))
        stories = sum(isinstance(n, StoryWithdrawn) for n in _events(projector))
        print(f"R6 ({projector.views.dialect}, withdrawals={withdrawn}, of stories={stories}): "
              f"events={applied} "
              f"differing rows={differing} "
              f"lag after={lags}")  # fmt: skip
        assert applied == len(log_positions(projector.pilots))
        assert all(count == 0 for count in differing.values())
        assert withdrawn > 0
        assert stories > 0
        documents = live["search"]["rm_search_documents"]
        assert any(str(key).endswith("/story") for row in documents for key in row)
        assert live["pilot_index"]["rm_pilot_index"]
        assert live["test_ledger"]["rm_test_ledger"]
        assert live["origins"]["rm_origins_statements"]
        assert live["origins"]["rm_origins_pilot_states"]
        assert any(row[7] for row in live["origins"]["rm_origins_stories"])  # one withdrawn
        assert seen[-1][1:] == (projector.head(), projector.head())
        assert set(lags.values()) == {0}
    finally:
        close(projector)


def test_a_second_rebuild_while_one_runs_is_refused(store_settings: Settings) -> None:
    first = projector_on(store_settings)
    second = projector_on(store_settings, pilots=first.pilots)  # as another process would
    entered, release = threading.Event(), threading.Event()

    def hold(*_: int) -> None:
        entered.set()
        release.wait(30)

    try:
        new_pilot(first.pilots)
        running = threading.Thread(target=first.rebuild, args=("pilot_index", hold))
        running.start()
        assert entered.wait(30)
        with pytest.raises(RebuildRefused, match="another rebuild is running") as refused:
            second.rebuild("test_ledger")
        with pytest.raises(RebuildRefused):
            first.rebuild()
        release.set()
        running.join(timeout=30)
        print(f"R6 ({first.views.dialect}): a second rebuild at the same time:", refused.value)
        second.rebuild()  # once the first has finished, the next may start
    finally:
        release.set()
        second.views.close()
        close(first)


def test_the_live_runner_keeps_other_models_current_during_a_rebuild_and_leaves_it_alone(
    store_settings: Settings,
) -> None:
    rebuilder = projector_on(store_settings)
    live = projector_on(store_settings, pilots=rebuilder.pilots)
    entered, release = threading.Event(), threading.Event()

    def hold(*_: int) -> None:
        entered.set()
        release.wait(30)

    pilots = rebuilder.pilots
    try:
        new_pilot(pilots)
        live.catch_up()
        running = threading.Thread(target=rebuilder.rebuild, args=("pilot_index", hold))
        running.start()
        assert entered.wait(30)
        new_pilot(pilots, title="During the rebuild")
        with live.reader() as sql:
            during = [s.title for s in pilots_for(sql)]
            ledger = ledger_figures(sql, log_positions(pilots))
        positions = {lag.model: lag.position for lag in live.status()}
        release.set()
        running.join(timeout=30)
        with live.reader() as sql:
            after = pilots_for(sql)
        assert ledger["missing"] == 0
        assert positions["test_ledger"] == live.head() > positions["pilot_index"]
        assert "During the rebuild" not in during
        assert after == list_pilots(pilots)
    finally:
        release.set()
        live.views.close()
        close(rebuilder)


def test_a_rebuild_abandoned_by_a_killed_process_goes_stale_and_is_finished_by_the_runner(
    store_settings: Settings,
) -> None:
    projector = projector_on(store_settings, [PilotIndex()])
    try:
        new_pilot(projector.pilots)
        projector.setup()
        with projector.views.transaction() as sql:  # a claim whose heartbeat stopped long ago
            sql.run("INSERT INTO rm_rebuilds VALUES ('pilot_index', 'gone', 0)")
        with projector.reader() as sql:
            assert len(pilots_for(sql)) == 1
        assert projector.rebuild() == 1
    finally:
        close(projector)


def test_reads_during_a_rebuild_of_every_model_do_not_wait_for_it(
    memory_projector: Projector,
) -> None:
    entered, release = threading.Event(), threading.Event()

    def hold(*_: int) -> None:
        entered.set()
        release.wait(30)

    new_pilot(memory_projector.pilots)
    running = threading.Thread(target=memory_projector.rebuild, args=(None, hold))
    running.start()
    try:
        assert entered.wait(30)
        new_pilot(memory_projector.pilots)
        with memory_projector.reader() as sql:  # every model is being rebuilt: nothing to wait for
            assert len(pilots_for(sql)) == 1
    finally:
        release.set()
        running.join(timeout=30)
    with memory_projector.reader() as sql:
        assert len(pilots_for(sql)) == 2
