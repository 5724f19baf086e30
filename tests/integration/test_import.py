"""`pilots import FILE`, run as operators run it: a generated programme moved between SQLite and
PostgreSQL exports the same file again, byte for byte; a refused import writes nothing; the
imported store then works as any store does."""

from __future__ import annotations

import itertools
import json
import random
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from adapters.bootstrap import bootstrap
from adapters.demo.loader import seed
from adapters.restore.lines import CATALOGUE
from adapters.settings import parse_database_url
from adapters.store import open_pilots
from benchmarks.dataset import generate, open_bench_pilots
from domain.pilot.commands import (
    CorrectPoint,
    DefineMeasure,
    PlanCycle,
    RecordPoints,
    RecordQuestionSet,
    RecordReflection,
    RevisePredictions,
    SetQuestionSetVisibility,
    SetReflectionVisibility,
    StartPhase,
    WithdrawReflection,
)
from domain.pilot.events import Registered
from domain.service import Pilots
from domain.values import DataPoint, MeasurePrediction, Prediction
from projections.registry import read_models
from tests.integration.test_cli import pilots as run_pilots
from tests.origins_builders import every_origin_event
from tests.projections.commands import COMMANDS, run_steps
from tests.projections.conftest import close, projector_on, table_rows
from tests.projections.test_gaps import burn_notification_ids
from tests.projections.test_rebuild import differing_rows
from tests.unit.builders import new_pilot


@pytest.fixture(scope="module")
def small_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `small` data set (100 pilots, about 10,000 events, withdrawals among them),
    exported from SQLite once for the module."""
    folder = tmp_path_factory.mktemp("small")
    url = f"sqlite:///{folder / 'source.sqlite3'}"
    app = open_bench_pilots(parse_database_url(url))
    try:
        generate(app, "small")
    finally:
        app.close()
    return export(url, folder / "small.jsonl")


def export(url: str, out: Path) -> Path:
    done = run_pilots(url, "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def load(url: str, file: Path) -> float:
    """Imports the file; the seconds it took."""
    started = time.perf_counter()
    done = run_pilots(url, "import", str(file))
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    assert done.stderr.splitlines()[-1].startswith(b"pilots: imported ")
    return time.perf_counter() - started


def count_lines(file: Path) -> int:
    with file.open("rb") as lines:
        return sum(1 for _ in lines)


def first_pilot(app: Pilots) -> tuple[UUID, UUID]:
    """The first pilot in the log, and the lead who registered it (the stories and workshops
    its ideas came from come before it)."""
    for notification in app.recorder.select_notifications(1, 1_000):
        registered = app.mapper.to_domain_event(notification)
        if isinstance(registered, Registered):
            return registered.originator_id, registered.actor
    raise AssertionError("no pilot among the log's first 1,000 events")


@pytest.fixture
def opened(store_url: str) -> Iterator[Pilots]:
    app = open_pilots(parse_database_url(store_url))
    yield app
    app.close()


@pytest.mark.postgres
@pytest.mark.slow
def test_a_programme_moves_to_postgresql_and_back_exporting_the_same_bytes(
    small_export: Path, postgres_url: str, sqlite_url: str, tmp_path: Path
) -> None:
    to_postgres = load(postgres_url, small_export)
    assert export(postgres_url, tmp_path / "pg.jsonl").read_bytes() == small_export.read_bytes()
    # Rolled-back inserts burn PostgreSQL positions: the way back keeps the gaps.
    app = open_pilots(parse_database_url(postgres_url))
    try:
        pilot_id, lead = first_pilot(app)
        burn_notification_ids(app, pilot_id, 5)
        app.execute(RecordReflection(pilot_id, kind="meaning", text="After"), lead)
    finally:
        app.close()
    with_gaps = export(postgres_url, tmp_path / "pg-gaps.jsonl")
    positions = [json.loads(line)["position"] for line in with_gaps.read_bytes().splitlines()]
    assert sum(b - a - 1 for a, b in itertools.pairwise(positions)) == 5
    to_sqlite = load(sqlite_url, with_gaps)
    assert export(sqlite_url, tmp_path / "back.jsonl").read_bytes() == with_gaps.read_bytes()
    print(
        f"\nimport round trip, {count_lines(small_export):,} events: SQLite to PostgreSQL "
        f"{to_postgres:.1f} s, PostgreSQL (5 positions burned) to SQLite {to_sqlite:.1f} s; "
        "re-exports byte-identical"
    )


def test_an_imported_store_takes_new_events_after_the_last_and_snapshots(
    small_export: Path, store_url: str, opened: Pilots
) -> None:
    load(store_url, small_export)
    last = opened.recorder.max_notification_id()
    assert last == count_lines(small_export)
    pilot_id, lead = first_pilot(opened)
    opened.take_snapshot(pilot_id)  # the imported events, decoded and their text opened
    assert opened.snapshots is not None
    assert opened.snapshots.recorder.select_events(pilot_id)
    receipt = opened.execute(RecordReflection(pilot_id, kind="meaning", text="Written after"), lead)
    assert opened.recorder.max_notification_id() == last + 1
    reflection_id = receipt.events[0].reflection_id  # type: ignore[attr-defined]
    assert opened.pilot(pilot_id).reflections[reflection_id].text == "Written after"


@pytest.mark.slow
def test_an_imported_stores_read_models_equal_a_fresh_rebuild(
    small_export: Path, store_url: str
) -> None:
    load(store_url, small_export)
    projector = projector_on(parse_database_url(store_url), read_models())
    try:
        assert {lag.position for lag in projector.status()} == {0}
        projector.catch_up()
        assert {lag.lag for lag in projector.status()} == {0}
        with projector.views.read() as sql:
            live = {m.name: table_rows(sql, m) for m in projector.models}
        projector.rebuild()
        with projector.views.read() as sql:
            rebuilt = {m.name: table_rows(sql, m) for m in projector.models}
    finally:
        close(projector)
    differing = sum(
        differing_rows(rows, rebuilt[name].get(table, []))
        for name, tables in live.items()
        for table, rows in tables.items()
    )
    assert differing == 0
    assert live["pilot_index"]["rm_pilot_index"]


def test_an_import_into_a_store_that_is_not_empty_is_one_line_and_writes_nothing(
    small_export: Path, store_url: str, opened: Pilots, tmp_path: Path
) -> None:
    short = tmp_path / "short.jsonl"
    short.write_bytes(b"".join(small_export.read_bytes().splitlines(keepends=True)[:30]))
    load(store_url, short)
    before = export(store_url, tmp_path / "before.jsonl").read_bytes()

    done = run_pilots(store_url, "import", str(small_export))

    assert (done.returncode, done.stdout) == (1, b"")
    assert done.stderr.startswith(b"pilots: the store is not empty (it holds 30 events")
    assert len(done.stderr.splitlines()) == 1
    assert export(store_url, tmp_path / "after.jsonl").read_bytes() == before


def _edited(line: bytes, edit: str) -> bytes:
    """The line broken the way `edit` names."""
    event = json.loads(line)
    if edit == "not-json":
        return line[:-5] + b"\n"
    if edit == "unknown-type":
        event["type"] = "pilots:Teleported"
    elif edit == "missing-field":
        del event["data"]["submission"]
    elif edit == "wrong-type":
        event["data"]["submission"] = 7
    elif edit == "position-behind":
        event["position"] -= 2
    elif edit == "version-skipped":
        event["version"] += 1
    elif edit == "actor-not-the-events":
        event["actor"] = "00000000-0000-4000-8000-000000000000"
    return json.dumps(event, separators=(",", ":")).encode() + b"\n"


EDITS = {
    "not-json": "not valid JSON: ",
    "unknown-type": "unknown event type 'pilots:Teleported'",
    "missing-field": "missing field `submission`",
    "wrong-type": "expected `str`, got `int` - at `$.data.submission`",
    "position-behind": "position 7775 does not follow position 7776",
    "version-skipped": "should be",
    "actor-not-the-events": "not as `pilots export` writes this event",
}


def assert_empty(url: str, tmp_path: Path) -> None:
    assert export(url, tmp_path / "empty.jsonl").read_bytes() == b""
    app = open_pilots(parse_database_url(url))
    try:
        keys = app.database.fetch("SELECT count(*) FROM entry_keys")  # type: ignore[attr-defined]
        assert keys[0][0] == 0
    finally:
        app.close()


def refused_at(url: str, source: Path, tmp_path: Path, edit: str, number: int) -> bytes:
    lines = source.read_bytes().splitlines(keepends=True)
    lines[number - 1] = _edited(lines[number - 1], edit)
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"".join(lines))
    done = run_pilots(url, "import", str(broken))
    assert (done.returncode, done.stdout) == (1, b""), done.stderr
    (message,) = done.stderr.decode().splitlines()  # no progress line when nothing is loaded
    assert message.startswith(f"pilots: {broken}, line {number}: ")
    assert_empty(url, tmp_path)
    return done.stderr


@pytest.mark.parametrize("edit", list(EDITS))
def test_a_malformed_line_is_refused_by_its_number_and_nothing_is_written(
    small_export: Path, sqlite_url: str, tmp_path: Path, edit: str
) -> None:
    # Far enough in that earlier batches were written before it, in the same transaction.
    message = refused_at(sqlite_url, small_export, tmp_path, edit, 7_777)
    assert EDITS[edit].encode() in message


@pytest.mark.postgres
def test_on_postgresql_a_malformed_line_leaves_the_store_empty(
    small_export: Path, postgres_url: str, tmp_path: Path
) -> None:
    refused_at(postgres_url, small_export, tmp_path, "wrong-type", 9_000)


def test_a_missing_file_is_one_line(sqlite_url: str, tmp_path: Path) -> None:
    done = run_pilots(sqlite_url, "import", str(tmp_path / "nowhere.jsonl"))
    assert (done.returncode, done.stdout) == (1, b"")
    assert done.stderr.decode() == f"pilots: No such file or directory: {tmp_path}/nowhere.jsonl\n"


def every_kind_of_event(url: str) -> None:
    """The demo programme, a random one, a revised prediction and measures, stories and a
    workshop: every event in the catalogue, corrections, withdrawals, people without accounts,
    visibilities, and values that JSON could lose among them."""
    services = bootstrap(parse_database_url(url))
    try:
        app = services.pilots
        seed(app, services.accounts)
        rng = random.Random(11)
        steps = [(rng.choice(COMMANDS), rng.randrange(6), rng.randrange(5), rng.randrange(8))
                 for _ in range(300)]  # fmt: skip
        run_steps(app, steps)
        pilot_id, lead = new_pilot(app)
        measures = measured(app, pilot_id, lead)
        guess = [Prediction("Will people come?", "Ten")]
        expect = [MeasurePrediction(measures[0], "Ten a week")]
        app.execute(PlanCycle(pilot_id, objective="Try", predictions=guess, measures=expect), lead)
        guess = [Prediction("Will people come?", "Twelve")]
        app.execute(RevisePredictions(pilot_id, number=1, predictions=guess), lead)
        expect = [MeasurePrediction(m, "Fewer") for m in reversed(measures)]
        app.execute(RevisePredictions(pilot_id, number=1, predictions=guess, measures=expect), lead)
        app.execute(RevisePredictions(pilot_id, number=1, predictions=guess, measures=()), lead)
        shared_and_withdrawn(app, pilot_id, lead)
        every_origin_event(app, lead, uuid4())
    finally:
        services.close()


# Values a float keeps exactly that JSON could lose: the sign of zero, the smallest and largest
# floats, and digits beyond the shortest decimal a float reads back from.
AWKWARD = (-0.0, 0.0, -2.5, 5e-324, -1.7976931348623157e308, 0.1 + 0.2, 1e22, 123456789.0)


def measured(app: Pilots, pilot_id: UUID, lead: UUID) -> tuple[UUID, UUID]:
    """Two measures of the pilot, one with awkward values, a correction and a new phase."""
    ids = [
        app.execute(
            DefineMeasure(
                pilot_id, name=name, kind=kind, definition="Counted at the door",
                improvement=way, unit=unit, target=target,
            ),
            lead,
        ).events[0].measure_id  # type: ignore[attr-defined]
        for name, kind, way, unit, target in [
            ("Attendance", "outcome", "up", "people", -0.0),
            ("Waiting time", "balancing", "down", "", None),
        ]
    ]  # fmt: skip
    days = [date(2026, 5, day) for day in range(1, len(AWKWARD) + 1)]
    notes = [" Snow ", ""] * len(AWKWARD)
    points = [DataPoint(*given) for given in zip(days, AWKWARD, notes, strict=False)]
    app.execute(RecordPoints(pilot_id, measure_id=ids[0], points=points[::-1]), lead)
    app.execute(RecordPoints(pilot_id, measure_id=ids[1], points=[DataPoint(days[0], 9)]), lead)
    app.execute(
        CorrectPoint(pilot_id, measure_id=ids[0], on=days[0], value=-1e-300, reason="Misread"),
        lead,
    )
    app.execute(StartPhase(pilot_id, measure_id=ids[0], starts=days[3], reason="New rota"), lead)
    return ids[0], ids[1]


def shared_and_withdrawn(app: Pilots, pilot_id: UUID, lead: UUID) -> None:
    """The consent events, whatever the random steps drew: a reflection and a set meeting
    shared more widely, and a reflection withdrawn."""
    said = app.execute(RecordReflection(pilot_id, kind="meaning", text="Mine"), lead).events[-1]
    reflection = said.reflection_id  # type: ignore[attr-defined]
    app.execute(
        SetReflectionVisibility(pilot_id, reflection_id=reflection, visibility="team"), lead
    )
    met = app.execute(
        RecordQuestionSet(pilot_id, held_on=date(2026, 5, 1), questions=["Why?"]), lead
    )
    meeting = met.events[-1].set_id  # type: ignore[attr-defined]
    app.execute(SetQuestionSetVisibility(pilot_id, set_id=meeting, visibility="community"), lead)
    app.execute(WithdrawReflection(pilot_id, reflection_id=reflection, reason="Mine"), lead)


def test_every_kind_of_event_exports_the_same_bytes_after_an_import(
    tmp_path: Path, store_url: str
) -> None:
    source = f"sqlite:///{tmp_path / 'every.sqlite3'}"
    every_kind_of_event(source)
    file = export(source, tmp_path / "every.jsonl")
    lines = [json.loads(line) for line in file.read_bytes().splitlines()]
    assert {line["type"] for line in lines} == set(CATALOGUE)
    written = [
        [repr(point["value"]) for point in line["data"]["points"]]
        for line in lines
        if line["type"] == "pilots:PointsRecorded"
    ]
    assert [repr(value) for value in AWKWARD] in written  # -0.0 stays negative, and so on
    load(store_url, file)
    assert export(store_url, tmp_path / "again.jsonl").read_bytes() == file.read_bytes()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"1e400", "number out of range"),
        (b"null", "expected `float`, got `null` - at `$.data.points[0].value`"),
        (b'"-0.0"', "expected `float`, got `str` - at `$.data.points[0].value`"),
    ],
)
def test_a_measure_value_that_is_not_a_finite_float_is_refused(
    sqlite_url: str, tmp_path: Path, value: bytes, reason: str
) -> None:
    source = f"sqlite:///{tmp_path / 'measured.sqlite3'}"
    app = open_pilots(parse_database_url(source))
    try:
        pilot_id, lead = new_pilot(app)
        measured(app, pilot_id, lead)
    finally:
        app.close()
    file = export(source, tmp_path / "measured.jsonl")
    lines = file.read_bytes().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if b"pilots:PointsRecorded" in line)
    assert b'"value":-0.0,' in lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(b'"value":-0.0,', b'"value":' + value + b",", 1)
    broken = tmp_path / "broken.jsonl"
    broken.write_bytes(b"".join(lines))
    done = run_pilots(sqlite_url, "import", str(broken))
    assert (done.returncode, done.stdout) == (1, b""), done.stderr
    (message,) = done.stderr.decode().splitlines()
    assert message.startswith(f"pilots: {broken}, line {number}: ")
    assert reason in message
    assert_empty(sqlite_url, tmp_path)
