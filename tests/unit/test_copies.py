"""A command's copy of a record (`domain.copies`): equal to the record, sharing nothing a command
could change, so changing it never reaches the readers of the original; a value of a kind it
does not know is refused, and the command's record is then loaded from the store."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

import pytest

from adapters.bootstrap import Services, bootstrap
from adapters.demo import seed
from adapters.settings import parse_database_url
from domain.copies import NotCopyable, own_copy
from domain.origins import Story, Workshop
from domain.pilot import By, Pilot
from domain.pilot.commands import RecordReflection, RegisterPilot
from domain.service import Pilots

MUTABLE = (dict, list, set)


@pytest.fixture(scope="module")
def demo() -> Iterator[Services]:
    services = bootstrap(parse_database_url("memory://"))
    seed(services.pilots, services.accounts)
    yield services
    services.close()


def records(pilots: Pilots) -> list[Any]:
    """Every pilot, story and workshop of the demo."""
    ids = {n.originator_id for n in pilots.recorder.select_notifications(start=1, limit=10**6)}
    return [pilots.repository.get(record_id) for record_id in ids]


def pairs(copy: Any, original: Any, path: str) -> Iterator[tuple[Any, Any, str]]:
    """Each value of the copy beside the original's value in the same place, all the way
    down."""
    yield copy, original, path
    if isinstance(original, dict):
        assert list(copy) == list(original), path
        for key in original:
            yield from pairs(copy[key], original[key], f"{path}[{key!r}]")
    elif isinstance(original, list | tuple):
        for i, (new, old) in enumerate(zip(copy, original, strict=True)):
            yield from pairs(new, old, f"{path}[{i}]")
    else:
        for name in attributes(original):
            yield from pairs(getattr(copy, name), getattr(original, name), f"{path}.{name}")


def attributes(value: Any) -> list[str]:
    """A dataclass's fields, or everything an aggregate holds; nothing for other values."""
    if isinstance(value, Pilot | Story | Workshop):
        return list(vars(value))
    if dataclasses.is_dataclass(value):
        return [field.name for field in dataclasses.fields(value)]
    return []


def mutable(value: Any) -> bool:
    if isinstance(value, MUTABLE):
        return True
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return not type(value).__dataclass_params__.frozen  # type: ignore[attr-defined]
    return isinstance(value, Pilot | Story | Workshop)


def test_every_record_of_the_demo_is_copied_equal_and_shares_nothing_mutable(
    demo: Services,
) -> None:
    found = records(demo.pilots)
    kinds = {type(r).__name__ for r in found}
    assert kinds == {"Pilot", "Story", "Workshop"}, kinds
    checked: set[str] = set()
    for record in found:
        copy = own_copy(record)
        for new, old, path in pairs(copy, record, type(record).__name__):
            assert type(new) is type(old), path
            if mutable(old):
                assert new is not old, f"{path} is shared"
                checked.add(type(old).__name__)
            elif not isinstance(old, dict | list | tuple):
                assert new == old, path
    # Every kind of entity a record holds was met, so none of them escaped the check.
    assert checked >= {
        "Action", "Correction", "Cycle", "Framing", "Idea", "Insight", "Measure", "Principle",
        "Question", "QuestionSet", "Reflection", "Telling", "dict", "list",
    }, checked  # fmt: skip


def test_a_command_on_the_copy_leaves_the_original_as_it_was(demo: Services) -> None:
    pilots = demo.pilots
    richest = max((r for r in records(pilots) if isinstance(r, Pilot)), key=lambda p: p.version)
    before = repr(vars(richest))
    copy = own_copy(richest)
    lead = next(user for user, role in richest.team.items() if role == "lead")
    copy.execute(RecordReflection(copy.id, kind="meaning", text="Only in the copy"), by(lead))
    for reflection in copy.reflections.values():
        reflection.text = "changed"
    for question in copy.questions.values():
        question.insights.clear()
    for measure in copy.measures.values():
        measure.values.clear()
    copy.team.clear()
    copy.submissions.append("another")
    assert repr(vars(richest)) == before
    assert copy.version == richest.version + 1


class Unknown:
    """A kind of value the copier has never been told about."""


@dataclasses.dataclass
class Holder:
    thing: Any


@pytest.mark.parametrize("value", [Unknown(), bytearray(b"x"), {"a": [Unknown()]}])
def test_a_value_of_a_kind_it_does_not_know_is_refused(value: Any) -> None:
    with pytest.raises(NotCopyable):
        own_copy(Holder(value))


class Colour(Enum):
    RED = "red"


@dataclasses.dataclass(frozen=True, slots=True)
class Pair:
    left: Any
    right: Any


def test_a_frozen_value_is_shared_unless_it_holds_something_that_can_change() -> None:
    fixed = Pair("a", (1, 2))
    assert own_copy(fixed) is fixed
    holding = Pair("a", [1, 2])
    copy = own_copy(holding)
    assert copy == holding
    assert copy is not holding
    assert copy.right is not holding.right


def test_values_that_cannot_change_are_shared() -> None:
    frozen = (uuid4(), date(2026, 12, 7), Colour.RED, "text", 3, 2.5, None, (1, "a"))
    assert all(own_copy(value) is value for value in frozen)
    holder = Holder([frozen])
    copy = own_copy(holder)
    assert copy.thing is not holder.thing
    assert copy.thing[0] is frozen


def test_a_record_holding_an_unknown_value_is_loaded_for_its_command(pilots: Pilots) -> None:
    """The fallback: the command still runs, on a record loaded from the store."""
    lead = uuid4()
    registered = RegisterPilot(title="Circles", question="How might we?", idea="Circles")
    pilot_id = pilots.execute(registered, lead).pilot.id
    kept = pilots.pilot(pilot_id)
    kept.stray = Unknown()  # type: ignore[attr-defined]
    receipt = pilots.execute(RecordReflection(pilot_id, kind="meaning", text="Recorded"), lead)
    assert receipt.pilot.version == 2
    assert not hasattr(receipt.pilot, "stray")


def by(actor: UUID) -> By:
    return By(actor, uuid4().hex)
