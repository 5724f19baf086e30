"""How an optional header or query parameter is written in the OpenAPI document.

Litestar documents a parameter typed `X | None` as "an X or JSON null". A header or a query
value is text, or it is left out: there is no null to send, and the text `null` is refused like
any other value the parameter does not take. `absent_or()` is the `schema_extra` that says so:
the parameter's own type (and any further schema given), not nullable, and still optional
(`required: false`). It only changes the document: what the server takes stays as it was.

It is for headers and text query parameters. A query parameter that is not text (`?version=`,
`?position=`, a moment) does take `null`: Litestar reads `?version=null` as no version, so
Litestar's "or null" is what the server does, and those are left as Litestar documents them.
"""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import OpenAPIFormat, OpenAPIType, Schema

# An empty value (`?at=`) means the parameter was not given.
EMPTY = Schema(type=OpenAPIType.STRING, max_length=0)


def absent_or(kind: OpenAPIType = OpenAPIType.STRING, **schema: Any) -> dict[str, Any]:
    """`schema_extra` for an optional parameter: a `kind` when present, never null."""
    return {"one_of": None, "type": kind, **schema}


def moment_or_empty() -> dict[str, Any]:
    """`?at=` as the map and the measures take it: a date (its end, UTC), a moment, or empty
    for now."""
    return absent_or(
        one_of=[
            Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE),
            Schema(type=OpenAPIType.STRING, format=OpenAPIFormat.DATE_TIME),
            EMPTY,
        ]
    )
