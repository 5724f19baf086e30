"""Specification of MsgspecTranscoder: every stored value comes back equal and of the same type."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum, IntEnum, StrEnum
from typing import Any, NamedTuple
from uuid import UUID, uuid4

import msgspec
import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, Snapshot, event
from eventsourcing.persistence import Mapper, Transcoder, TranscodingNotRegisteredError
from eventsourcing.tests import persistence as library_tests
from eventsourcing.utils import TopicError
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from adapters.transcoder import MsgspecTranscoder
from domain.measures.results import Improvement
from domain.origins.state import Principle
from domain.pilot import Pilot, events
from domain.pilot.commands import (
    CorrectPoint,
    DefineMeasure,
    PlanCycle,
    RecordPoints,
    RegisterPilot,
    StartPhase,
)
from domain.values import DataPoint, MeasureKind, MeasurePrediction
from domain.values import Prediction as DomainPrediction


class Colour(StrEnum):
    RED = "red"
    GREEN = "green"


class Size(IntEnum):
    SMALL = 1
    LARGE = 3


@dataclass(frozen=True)
class Prediction:
    question: Any
    prediction: Any


@dataclass
class Cycle:
    steps: list[Any]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Slotted:
    value: Any


class Point(msgspec.Struct, frozen=True):
    x: Any
    y: Any


class Pair(NamedTuple):
    left: Any
    right: Any


@dataclass
class Guarded:
    value: int

    def __post_init__(self) -> None:
        raise AssertionError("decoding must not call __init__")


@pytest.fixture
def transcoder() -> MsgspecTranscoder:
    return MsgspecTranscoder()


def round_trip(obj: Any) -> Any:
    t = MsgspecTranscoder()
    return t.decode(t.encode(obj))


def same_shape(a: Any, b: Any) -> bool:
    """Equal, and of the same type at every level (dict keys and order included)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, Enum):
        return a is b
    if isinstance(a, datetime):
        return bool(a == b and a.utcoffset() == b.utcoffset())
    if isinstance(a, Decimal):
        return str(a) == str(b)
    if isinstance(a, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(map(same_shape, a, b))
    if isinstance(a, dict):
        return len(a) == len(b) and all(map(same_shape, a.items(), b.items()))
    if isinstance(a, (set, frozenset)):
        return a == b and all(same_shape(x, next(y for y in b if y == x)) for x in a)
    if dataclasses.is_dataclass(a):
        names = [f.name for f in dataclasses.fields(a)]
        return all(same_shape(getattr(a, n), getattr(b, n)) for n in names)
    if isinstance(a, msgspec.Struct):
        return all(same_shape(getattr(a, n), getattr(b, n)) for n in a.__struct_fields__)
    return bool(a == b)


offsets = st.timedeltas(min_value=timedelta(hours=-23, minutes=-59), max_value=timedelta(hours=23))
hashables = st.recursive(
    st.text(max_size=8) | st.integers() | st.uuids() | st.sampled_from(Colour) | st.dates(),
    lambda children: st.lists(children, max_size=3).map(tuple),
    max_leaves=6,
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(2**200), max_value=2**200)
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary(max_size=16)
    | st.uuids()
    | st.datetimes()
    | st.datetimes(timezones=st.builds(timezone, offsets))
    | st.dates()
    | st.decimals(allow_nan=False)
    | st.sampled_from(Colour)
    | st.sampled_from(Size)
    | st.sets(hashables, max_size=4)
    | st.frozensets(hashables, max_size=4)
)


def containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=8), children, max_size=4)
        | st.dictionaries(hashables, children, max_size=4)
        | st.builds(Prediction, children, children)
        | st.builds(Cycle, st.lists(children, max_size=3), st.text(max_size=8))
        | st.builds(Slotted, children)
        | st.builds(Point, x=children, y=children)
        | st.builds(Pair, children, children)
    )


payloads = st.recursive(scalars, containers, max_leaves=25)


@settings(max_examples=300)
@given(payloads)
def test_generated_payloads_round_trip_with_the_same_types(payload: Any) -> None:
    decoded = round_trip(payload)
    assert decoded == payload
    assert same_shape(decoded, payload), (payload, decoded)


def test_tuples_come_back_as_tuples_even_inside_lists_inside_dicts() -> None:
    obj = {"a": [(1, ("x", ())), [()]]}
    assert same_shape(round_trip(obj), obj)


def test_aware_datetimes_keep_their_utc_offset() -> None:
    dt = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))
    decoded = round_trip(dt)
    assert decoded == dt
    assert decoded.utcoffset() == timedelta(hours=-5, minutes=-30)
    assert round_trip(dt.replace(tzinfo=None)).tzinfo is None


def test_aware_datetimes_keep_offsets_finer_than_a_second() -> None:
    """Python 3.11's ``fromisoformat`` turns an offset under a second into UTC."""
    for offset in (
        timedelta(microseconds=5),
        timedelta(microseconds=-5),
        timedelta(hours=1, microseconds=1),
    ):
        dt = datetime(2000, 1, 1, tzinfo=timezone(offset))
        assert round_trip(dt).utcoffset() == offset
        assert round_trip(dt) == dt


def test_dicts_keep_int_and_uuid_keys() -> None:
    obj = {"cycles": {1: Cycle(["plan"]), 2: Cycle([])}, "reflections": {uuid4(): Slotted("x")}}
    assert same_shape(round_trip(obj), obj)


def test_ints_beyond_64_bits_round_trip() -> None:
    for n in (2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 10**40, -(10**40)):
        assert same_shape(round_trip(n), n)


def test_enum_members_come_back_as_the_same_members() -> None:
    assert round_trip([Colour.RED, Size.LARGE]) == [Colour.RED, Size.LARGE]
    assert round_trip(Size.LARGE) is Size.LARGE


def test_dataclasses_are_rebuilt_without_calling_init() -> None:
    obj = Guarded.__new__(Guarded)
    object.__setattr__(obj, "value", 7)
    decoded = round_trip(obj)
    assert type(decoded) is Guarded
    assert decoded.value == 7


def test_data_stored_in_the_current_format_still_decodes() -> None:
    """Pins the stored format (the Ext codes) so a change cannot orphan stored events."""
    stored = bytes.fromhex(
        "85a26964d80500000000000000000000000000000001a26174c72006323032362d30312d30325430333a"
        "30343a30352e3030303030362b30313a3030a26f6ec70a07323032362d30312d3032a16ec7130192d6"
        "08312e3130c70909400000000000000000a16bd7049207c7030391a161"
    )
    expected = {
        "id": UUID(int=1),
        "at": datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=1))),
        "on": date(2026, 1, 2),
        "n": (Decimal("1.10"), 2**70),
        "k": {7: frozenset({"a"})},
    }
    assert same_shape(MsgspecTranscoder().decode(stored), expected)


def test_a_principle_stored_before_statements_shared_a_base_reads_back_whole() -> None:
    """A workshop's snapshot holds its principles. These bytes are a principle as stored before
    `Principle` took `Statement` as its base (`revisions` stored last); its fields are read by
    name, so it reads back equal, and can still be revised."""
    stored = bytes.fromhex(
        "c7810b92be646f6d61696e2e6f726967696e732e73746174653a5072696e6369706c6584a26964d805000000"
        "00000000000000000000000001a474657874bc53746172742066726f6d20776861742070656f706c65206272"
        "696e67a773746f72696573c7130191d80500000000000000000000000000000002a97265766973696f6e7301"
    )
    principle = MsgspecTranscoder().decode(stored)
    assert principle == Principle(
        UUID(int=1), "Start from what people bring", (UUID(int=2),), revisions=1
    )
    principle.revise("Start from what each person brings", stories=(UUID(int=3),))
    assert (principle.text, principle.stories, principle.revisions) == (
        "Start from what each person brings",
        (UUID(int=3),),
        2,
    )


def test_unknown_types_raise_transcoding_not_registered_naming_the_type(
    transcoder: MsgspecTranscoder,
) -> None:
    for obj, name in [
        (object(), "object"),
        ({"a": [timedelta(1)]}, "datetime.timedelta"),
        (bytearray(b"x"), "bytearray"),
        ((Ellipsis,), "ellipsis"),
    ]:
        with pytest.raises(TranscodingNotRegisteredError, match=f"Object of type <class '{name}'>"):
            transcoder.encode(obj)


def test_unknown_extension_codes_raise_transcoding_not_registered(
    transcoder: MsgspecTranscoder,
) -> None:
    with pytest.raises(TranscodingNotRegisteredError, match="extension type 99"):
        transcoder.decode(msgspec.msgpack.encode(msgspec.msgpack.Ext(99, b"")))


def test_a_class_that_no_longer_exists_raises_topic_error(transcoder: MsgspecTranscoder) -> None:
    data = transcoder.encode(Slotted(1)).replace(b"Slotted", b"Gone___")
    with pytest.raises(TopicError):
        transcoder.decode(data)


class Counter(Aggregate):
    """A test aggregate whose snapshot holds the kinds of state our pilots hold."""

    @event("Created")
    def __init__(self, started: datetime) -> None:
        self.started = started
        self.cycles: dict[int, Cycle] = {}
        self.reflections: dict[UUID, Prediction] = {}

    @event("Cycled")
    def add_cycle(
        self, number: int, cycle: Cycle, prediction: tuple[Prediction, ...], reflection_id: UUID
    ) -> None:
        self.cycles[number] = cycle
        self.reflections[reflection_id] = prediction[0]


def test_events_and_snapshots_round_trip_through_an_application_using_the_env_var() -> None:
    app: Application[UUID] = Application(
        env={
            "TRANSCODER_TOPIC": "adapters.transcoder:MsgspecTranscoder",
            "IS_SNAPSHOTTING_ENABLED": "y",
        }
    )
    assert isinstance(app.mapper.transcoder, MsgspecTranscoder)
    counter = Counter(datetime.now(timezone(timedelta(hours=2))))
    counter.add_cycle(
        1, Cycle(["plan", "do"], "n"), (Prediction("q", "p"), Prediction("r", "s")), uuid4()
    )
    app.save(counter)
    assert app.snapshots is not None
    app.take_snapshot(counter.id)

    snapshots = list(app.snapshots.get(counter.id))
    assert len(snapshots) == 1
    assert isinstance(snapshots[0], Snapshot)
    for copy in (snapshots[0].mutate(None), app.repository.get(counter.id)):
        assert isinstance(copy, Counter)
        assert same_shape(copy.cycles, counter.cycles)
        assert same_shape(copy.reflections, counter.reflections)
        assert same_shape(copy.started, counter.started)
    stored = list(app.events.get(counter.id))
    assert [type(e).__qualname__ for e in stored] == ["Counter.Created", "Counter.Cycled"]
    assert same_shape(vars(stored[1])["prediction"], (Prediction("q", "p"), Prediction("r", "s")))


def test_the_mapper_round_trips_a_domain_event() -> None:
    counter = Counter(datetime.now(UTC))
    counter.add_cycle(2, Cycle([]), (Prediction(Colour.RED, Size.SMALL),), uuid4())
    mapper: Mapper[UUID] = Mapper(transcoder=MsgspecTranscoder())
    for e in counter.collect_events():
        copy = mapper.to_domain_event(mapper.to_stored_event(e))
        assert type(copy) is type(e)
        assert vars(copy).keys() == vars(e).keys()
        assert all(same_shape(vars(copy)[k], v) for k, v in vars(e).items())


@dataclass(frozen=True)
class Wrapped1:
    value: UUID


@dataclass(frozen=True)
class Wrapped2:
    value: Wrapped1


class TestLibraryTranscoderTestCase(library_tests.TranscoderTestCase):
    """The library's reusable transcoder tests, minus JSON wire-format specifics."""

    def construct_transcoder(self) -> Transcoder:
        return MsgspecTranscoder()

    def test_str(self) -> None:
        """The library asserts JSON bytes and legacy ``ensure_ascii`` JSON; we check the round
        trip of the same strings and that text is stored as raw UTF-8."""
        for obj in ("a", "abc", "a'b", 'a"b', "🐈 哈哈"):
            data = self.transcoder.encode(obj)
            assert obj.encode() in data
            assert same_shape(self.transcoder.decode(data), obj)

    def test_dict(self) -> None:
        """The library asserts JSON bytes; here the same dicts round-trip, plus int keys, which the
        library's own test leaves for later."""
        dicts: tuple[dict[str, Any], ...] = (
            {},
            {"a": 1},
            {"a": 1, "b": 2},
            {"a": {}},
            {"a": {}, "b": {}},
            {"a": {"b": {}}},
        )
        for obj in dicts:
            assert same_shape(self.transcoder.decode(self.transcoder.encode(obj)), obj)
        obj2 = {"a": {"b": {"c": 1}}, "d": {1: "a", 2: {3: ()}}}
        assert same_shape(self.transcoder.decode(self.transcoder.encode(obj2)), obj2)

    def test_dict_subclass(self) -> None:
        """The library asserts the JSON ``{"_type_": "mydict", ...}`` bytes of a registered
        transcoding; we check the exact round trip, which needs no registration."""
        my_dict = library_tests.Mydict({"a": 1, 2: (3,)})
        copy = self.transcoder.decode(self.transcoder.encode(my_dict))
        assert type(copy) is library_tests.Mydict
        assert same_shape(dict(copy), dict(my_dict))

    def test_tuple(self) -> None:
        """The library asserts the JSON bytes of ``()``; we round-trip the same tuples."""
        for obj in ((), ((),), ((1, 2),), (("a", "b"),), ((1, "a"),)):
            assert same_shape(self.transcoder.decode(self.transcoder.encode(obj)), obj)

    def test_custom_type_in_dict(self) -> None:
        """The library's CustomType1/2 are plain classes with hand-registered ``Transcoding``s,
        which this transcoder does not take: they must raise. Dataclasses of the same shape
        need no registration and round-trip."""
        with pytest.raises(TranscodingNotRegisteredError, match="CustomType2"):
            self.transcoder.encode(
                {"a": library_tests.CustomType2(library_tests.CustomType1(uuid4()))}
            )
        obj = {"a": Wrapped2(Wrapped1(UUID("b2723fe2c01a40d2875ea3aac6a09ff5")))}
        assert same_shape(self.transcoder.decode(self.transcoder.encode(obj)), obj)

    def test_nested_custom_type(self) -> None:
        """As ``test_custom_type_in_dict``; the library also asserts the JSON bytes."""
        with pytest.raises(TranscodingNotRegisteredError, match="CustomType2"):
            self.transcoder.encode(library_tests.CustomType2(library_tests.CustomType1(uuid4())))
        obj = Wrapped2(Wrapped1(UUID("b2723fe2c01a40d2875ea3aac6a09ff5")))
        copy = self.transcoder.decode(self.transcoder.encode(obj))
        assert isinstance(copy, Wrapped2)
        assert isinstance(copy.value, Wrapped1)
        assert isinstance(copy.value.value, UUID)
        assert copy == obj

    def test_custom_type_error(self) -> None:
        """The library asserts JSONTranscoder's wording ("Please define and register a custom
        transcoding", which cannot be done here) and decodes JSON bytes. We keep its checks:
        a TypeError naming the type, nested too, and an error on undecodable stored data."""
        prefix = (
            "Object of type <class 'eventsourcing.tests.persistence.MyClass'> is not serializable"
        )
        for obj in (library_tests.MyClass(), {"a": library_tests.MyClass()}):
            with pytest.raises(TypeError) as info:
                self.transcoder.encode(obj)
            assert isinstance(info.value, TranscodingNotRegisteredError)
            assert info.value.args[0].startswith(prefix)
        with pytest.raises(TranscodingNotRegisteredError, match="extension type 42"):
            self.transcoder.decode(msgspec.msgpack.encode(msgspec.msgpack.Ext(42, b"")))


# -- the pilot's measures, as they are stored ------------------------------------------------------

finite_floats = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(
    [0.0, -0.0, -1.5, 5e-324, -5e-324, 1.7976931348623157e308, -1.7976931348623157e308]
)
data_points = st.builds(DataPoint, st.dates(), finite_floats, st.text(max_size=12))
measure_predictions = st.builds(MeasurePrediction, st.uuids(), st.text(max_size=12))


def envelope() -> dict[str, Any]:
    return {
        "originator_id": st.uuids(),
        "originator_version": st.integers(2, 10_000),
        "timestamp": st.datetimes(timezones=st.just(UTC)),
        "actor": st.uuids(),
        "submission": st.text(max_size=12),
    }


measure_events = st.one_of(
    st.builds(
        events.MeasureDefined,
        **envelope(),
        measure_id=st.uuids(),
        name=st.text(max_size=12),
        kind=st.sampled_from(MeasureKind),
        definition=st.text(max_size=12),
        unit=st.text(max_size=6),
        improvement=st.sampled_from(Improvement),
        target=st.none() | finite_floats,
    ),
    st.builds(
        events.PointsRecorded,
        **envelope(),
        measure_id=st.uuids(),
        points=st.lists(data_points, min_size=1, max_size=6).map(tuple),
    ),
    st.builds(
        events.PointCorrected,
        **envelope(),
        measure_id=st.uuids(),
        on=st.dates(),
        value=finite_floats,
        previous=finite_floats,
        reason=st.text(max_size=12),
    ),
    st.builds(
        events.PhaseStarted,
        **envelope(),
        measure_id=st.uuids(),
        starts=st.dates(),
        reason=st.text(max_size=12),
    ),
    st.builds(
        events.CyclePlanned,
        **envelope(),
        number=st.integers(1, 50),
        objective=st.text(max_size=12),
        plan=st.text(max_size=12),
        predictions=st.lists(st.builds(DomainPrediction, st.text(), st.text()), max_size=2).map(
            tuple
        ),
        measures=st.lists(measure_predictions, max_size=3).map(tuple),
    ),
    st.builds(
        events.PredictionsRevised,
        **envelope(),
        number=st.integers(1, 50),
        predictions=st.lists(st.builds(DomainPrediction, st.text(), st.text()), max_size=2).map(
            tuple
        ),
        measures=st.none() | st.lists(measure_predictions, max_size=3).map(tuple),
    ),
)


@settings(max_examples=200)
@given(measure_events)
def test_measure_events_round_trip_through_the_mapper_with_the_same_types(
    recorded: events.Event,
) -> None:
    mapper: Mapper[UUID] = Mapper(transcoder=MsgspecTranscoder())
    stored = mapper.to_stored_event(recorded)
    assert stored.topic == type(recorded).TOPIC  # type: ignore[attr-defined]
    copy = mapper.to_domain_event(stored)
    assert type(copy) is type(recorded)
    assert vars(copy).keys() == vars(recorded).keys()
    assert all(same_shape(vars(copy)[k], v) for k, v in vars(recorded).items()), (recorded, copy)


def test_a_pilot_snapshot_keeps_its_measures_with_the_same_types() -> None:
    """A Measure holds a dict of dates to floats and a list of dates; a cycle its predictions of
    measures."""
    app = open_pilots(parse_database_url("memory://"))
    try:
        lead = uuid4()
        pilot_id = app.execute(
            RegisterPilot(title="Story circles", question="How?", idea="Circles"), lead
        ).pilot.id
        first, second = (
            app.execute(
                DefineMeasure(
                    pilot_id, name=name, kind=kind, definition="Counted", improvement=way,
                    target=target,
                ),
                lead,
            ).events[0].measure_id  # type: ignore[attr-defined]
            for name, kind, way, target in [
                ("Attendance", "outcome", "up", None),
                ("Waiting", "balancing", "down", -0.0),
            ]
        )  # fmt: skip
        points = [DataPoint(date(2026, 5, 3), -0.0), DataPoint(date(2026, 5, 1), -2.5, "Snow")]
        app.execute(RecordPoints(pilot_id, measure_id=first, points=points), lead)
        app.execute(
            RecordPoints(pilot_id, measure_id=second, points=[DataPoint(date(2026, 5, 2), 1e-300)]),
            lead,
        )
        app.execute(
            CorrectPoint(pilot_id, measure_id=first, on=date(2026, 5, 1), value=7, reason="R"),
            lead,
        )
        app.execute(
            StartPhase(pilot_id, measure_id=first, starts=date(2026, 5, 2), reason="New"), lead
        )
        app.execute(
            PlanCycle(
                pilot_id, objective="Try", predictions=[DomainPrediction("Will?", "Yes")],
                measures=[MeasurePrediction(second, "Shorter")],
            ),
            lead,
        )  # fmt: skip
        pilot = app.pilot(pilot_id)
        app.take_snapshot(pilot_id)
        assert app.snapshots is not None
        (stored,) = app.snapshots.recorder.select_events(pilot_id)
        copy = app.snapshots.mapper.to_domain_event(stored).mutate(None)
    finally:
        app.close()
    assert isinstance(copy, Pilot)
    assert same_shape(copy.measures, pilot.measures), (copy.measures, pilot.measures)
    assert same_shape(copy.cycles, pilot.cycles)
    assert copy.measures[first].values == {date(2026, 5, 1): 7.0, date(2026, 5, 3): -0.0}
    assert math.copysign(1, copy.measures[first].values[date(2026, 5, 3)]) == -1
    assert copy.measures[first].phases == [date(2026, 5, 2)]
    assert copy.measures[second].target is not None
    assert copy.measures[second].improvement is Improvement.DOWN
