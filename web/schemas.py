"""What every request and answer shares: bounded text, and the base of every request body.

Structs are named by what they carry: `XCreate` is the body that records a new X, `XUpdate`
the body that changes one, `XRead` an X as answers show it, `XRef` the reference to a newly
recorded X, `XItem` one row of a list, and `XPage` one page of a list with the cursor of the
next. Unknown fields are refused, and every text and list is bounded here, so an oversized
field is a 400 naming the field before anything reaches the domain. The domain checks the same
limits again after trimming, and the rules that need the pilot.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain import rules

Title = Annotated[str, msgspec.Meta(max_length=rules.TITLE_MAX, examples=["Story circles"])]
Entry = Annotated[str, msgspec.Meta(max_length=rules.ENTRY_MAX)]
Theme = Annotated[str, msgspec.Meta(max_length=rules.THEME_MAX)]
Email = Annotated[str, msgspec.Meta(max_length=254, examples=["sam@example.org"])]
CycleNumber = Annotated[int, msgspec.Meta(ge=1)]


class Input(msgspec.Struct, forbid_unknown_fields=True):
    """The base of every request body."""


class NoFields(Input):
    """`{}`: the command needs nothing more than its address. The body may also be left out."""
