"""What every request and answer shares: bounded text, and the base of every request body.

Structs are named by what they carry: `XCreate` is the body that records a new X, `XUpdate`
the body that changes one, `XRead` an X as answers show it, `XRef` the reference to a newly
recorded X, `XItem` one row of a list, and `XPage` one page of a list with the cursor of the
next. Unknown fields are refused, and every text and list is bounded here, so an oversized
field is a 400 naming the field before anything reaches the domain. The domain checks the same
limits again after trimming, and the rules that need the pilot.

What the domain refuses in text that msgspec lets through (blank text, NUL characters) is
documented rather than checked here, in `extra_json_schema` (`web.openapi` copies it into the
OpenAPI document): the domain's refusal, naming the field, stays the answer.
"""

from __future__ import annotations

from typing import Annotated

import msgspec

from domain import rules

# Any text the domain takes (`rules.optional_text`) has no NUL character.
NO_NUL = r"^[^\x00]*$"
# The characters `str.strip()` trims (`str.isspace`), written so that both Python's `re` and
# ECMA-262 read them alike.
SPACE = r"\t-\r\x1c- \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Required text (`rules.text`) has something besides those once trimmed, and no NUL: leading
# spaces, then one character that is neither, then anything but NUL (no backtracking).
WORDS = rf"^[{SPACE}]*[^\x00{SPACE}][^\x00]*$"
SAID = {"pattern": WORDS}
MAY_BE_EMPTY = {"pattern": NO_NUL}

Title = Annotated[
    str,
    msgspec.Meta(max_length=rules.TITLE_MAX, examples=["Story circles"], extra_json_schema=SAID),
]
OptionalTitle = Annotated[
    str, msgspec.Meta(max_length=rules.TITLE_MAX, extra_json_schema=MAY_BE_EMPTY)
]
Entry = Annotated[str, msgspec.Meta(max_length=rules.ENTRY_MAX, extra_json_schema=SAID)]
OptionalEntry = Annotated[
    str, msgspec.Meta(max_length=rules.ENTRY_MAX, extra_json_schema=MAY_BE_EMPTY)
]
Theme = Annotated[str, msgspec.Meta(max_length=rules.THEME_MAX, extra_json_schema=SAID)]
Email = Annotated[
    str, msgspec.Meta(max_length=254, examples=["sam@example.org"], extra_json_schema=SAID)
]
CycleNumber = Annotated[int, msgspec.Meta(ge=1)]


class Input(msgspec.Struct, forbid_unknown_fields=True):
    """The base of every request body."""


class NoFields(Input):
    """`{}`: the command needs nothing more than its address. The body may also be left out."""
