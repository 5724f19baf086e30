"""The headers that qualify a write: `If-Match` pins the version the writer saw, and
`Idempotency-Key` names the submission so that a repeat records nothing new."""

from __future__ import annotations

import re
from typing import Annotated

from litestar.params import HeaderParameter

from domain.errors import InvalidEntry
from web.parameters import absent_or

KEY_MAX = 200
# The documented shapes are the ones enforced, so a client built from the OpenAPI document
# never sends a header the server refuses.
IF_MATCH_PATTERN = r'^\s*(\*|(W/)?"[0-9]{1,18}"|[0-9]{1,18})\s*$'
KEY_PATTERN = r"^[!-~]([ -~]{0,198}[!-~])?$"
_VERSION = re.compile(r'(?:W/)?"([0-9]{1,18})"|([0-9]{1,18})')

IfMatch = Annotated[
    str | None,
    HeaderParameter(
        name="If-Match",
        pattern=IF_MATCH_PATTERN,
        schema_extra=absent_or(),
        description='Only write if the pilot is still at this version: `"7"` (also `W/"7"` '
        "or `7`). On a mismatch the answer is 412 and nothing is recorded.",
    ),
]
IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        pattern=KEY_PATTERN,
        schema_extra=absent_or(),
        description="1 to 200 printable ASCII characters, not starting or ending with a space. "
        "A repeat with the same key returns the "
        "first response and records nothing new; the same key with a different request is 409.",
    ),
]


def expected_version(header: str | None) -> int | None:
    """`"7"`, `W/"7"` or `7` is version 7; `*` (any version) and no header pin nothing."""
    if header is None or header.strip() == "*":
        return None
    match = _VERSION.fullmatch(header.strip())
    if match is None:
        raise InvalidEntry("If-Match", 'must be a pilot version such as "7"')
    return int(match.group(1) or match.group(2))


def checked_key(key: str | None) -> str | None:
    if key is None:
        return None
    if re.fullmatch(KEY_PATTERN, key) is None:
        raise InvalidEntry("Idempotency-Key", f"must be 1 to {KEY_MAX} printable ASCII characters")
    return key
