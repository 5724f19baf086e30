"""How an answer restates a record: the fields it takes as they are, written once.

Reports (`projections.reports`) and the API's answers (`web`) are msgspec Structs, and most of
their fields are a record's own attributes under the same name. `struct_from` fills those, so a
builder names only what it computes; `cycle_as` is the one reading of a cycle that the report's
storyboard and the API's pilot both give.
"""

from __future__ import annotations

from typing import Any, TypeVar

import msgspec

from domain.pilot.state import Cycle

S = TypeVar("S", bound=msgspec.Struct)


def struct_from(kind: type[S], source: object, /, **computed: Any) -> S:
    """An instance of `kind` whose every field is `source`'s attribute of the same name, taken
    as it is, except the fields given in `computed`. Give there each field the source lacks, or
    holds as another type than the answer's (an enum, where the answer holds its name; a tuple,
    where it holds a list), so the answer holds only plain values of its own types. `kind` and
    `source` come by position, so an answer may have fields of those names."""
    for name in kind.__struct_fields__:
        if name not in computed:
            computed[name] = getattr(source, name)
    return kind(**computed)  # a computed name that is not a field of `kind` is a TypeError


def cycle_as(
    kind: type[S], prediction: type[msgspec.Struct], cycle: Cycle, /, **computed: Any
) -> S:
    """The cycle as an answer of type `kind`: its stage and decision by name, and each of its
    predictions as a `prediction` (question, prediction, and the result found for that
    question, or None), with the fields in `computed` (such as its measures' predictions)."""
    return struct_from(
        kind,
        cycle,
        stage=cycle.stage.value,
        decision=None if cycle.decision is None else cycle.decision.value,
        predictions=[
            prediction(p.question, p.prediction, cycle.result_for(p.question))
            for p in cycle.predictions
        ],
        **computed,
    )
