"""The programme report's "Ideas and where they came from" and its co-creation map, at the
report's stamp and for the community, whichever way the rest of the report's rows came.

When the projector's `origins` model stands exactly at the stamp, its rows up to the stamp are
read (`origins.queries.origins_at(upto=)`); otherwise the log is folded up to the stamp, with
every story withdrawal after it, as the model has applied them (`origins.from_log.origins_upto`).
Either way the origins are the same, so the report's bytes are too (tests/reports check it).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from domain.service import Pilots
from projections.engine import claims, tracking
from projections.origins.answers import MapRead, map_read
from projections.origins.driver import driver_map
from projections.origins.from_log import origins_upto
from projections.origins.model import OriginsModel
from projections.origins.queries import origins_at
from projections.origins.sources import COMMUNITY, IdeaSources, idea_sources
from projections.origins.state import Origins

if TYPE_CHECKING:
    from projections.engine.runner import Projector


class OriginsPart(msgspec.Struct):
    """The section's content as data, and the map's nodes and edges as `GET /api/v1/map` gives
    them to a reader who may read only the community's stories."""

    sources: IdeaSources
    map: MapRead


def origins_part(
    pilots: Pilots, at: int, as_of: datetime | None, projector: Projector | None = None
) -> OriginsPart:
    """At log position `at`; `as_of` (the report's) is the moment the map says it stood at."""
    origins = kept_origins(projector, at) if projector is not None else None
    if origins is None:
        origins = origins_upto(pilots, at)
    origins = replace(origins, at=as_of)
    return OriginsPart(idea_sources(origins, COMMUNITY), map_read(driver_map(origins, COMMUNITY)))


def kept_origins(projector: Projector, at: int) -> Origins | None:
    """The origins at `at` from the model's tables when it stands exactly there, else None."""
    name = OriginsModel.name
    if name not in projector.names:
        return None
    with projector.views.read() as sql:  # one snapshot: the position and the rows agree
        if name in claims.busy(sql) or tracking.positions(sql, [name])[name] != at:
            return None
        return origins_at(sql, upto=at)
