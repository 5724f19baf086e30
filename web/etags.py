"""`ETag` and `304 Not Modified` for answers across pilots.

Such an answer is made from the read models at one log position, for one reader and one set of
filters, so those three name it (the reader with their role across the programme, which decides
the `team` stories a search finds for them and can change while the log stands still): while
the log has not moved, a client that sends the tag back in `If-None-Match` is told `304` and
keeps what it has, and the server reads nothing more.
"""

from __future__ import annotations

import hashlib
from typing import Any

from litestar import Request, Response

from domain.pilot.visibility import Reader
from projections.engine import tracking
from projections.engine.base import Sql
from projections.engine.runner import Projector


def position_of(sql: Sql, projector: Projector) -> int:
    """The log position every read model has reached, as this read sees them."""
    return min(tracking.positions(sql, projector.names).values(), default=0)


def tag_for(position: int, reader: Reader, request: Request[Any, Any, Any]) -> str:
    """The answer's tag: the position, the reader and their role, and the query (its filters
    and page)."""
    query = sorted(request.query_params.multi_items())
    role = getattr(request.scope.get("user"), "role", None)
    scope = f"{reader.account}|{reader.as_team}|{role}|{request.url.path}|{query}"
    digest = hashlib.sha256(scope.encode()).hexdigest()[:20]
    return f'W/"{position}-{digest}"'


def unchanged(request: Request[Any, Any, Any], tag: str) -> bool:
    """Whether the client already holds the answer with this tag."""
    sent = request.headers.get("if-none-match", "")
    return sent.strip() == "*" or tag in (t.strip() for t in sent.split(","))


def not_modified(tag: str) -> Response[bytes]:
    return Response(b"", status_code=304, headers={"ETag": tag})
