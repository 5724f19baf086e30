"""Reading the map or a story's trail for a request: the moment and the framing question asked
for, checked, and the reader, whose access to stories told for the programme team decides what
they are shown. Shared by the API and the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from adapters.accounts import Account
from domain.errors import InvalidEntry, NotFound
from projections.engine.runner import Projector
from projections.origins.driver import DriverMap, driver_map
from projections.origins.queries import origins_at
from projections.origins.state import Origins, Reader
from projections.origins.trail import Trail, trail_of
from web.map.memo import Kept, position
from web.pages import end_of

NO_SUCH_STORY = "no such story"


@dataclass(frozen=True)
class Asked:
    """`?at=` (a date means its end, UTC) and `?framing=` (a framing question's id), checked."""

    at: datetime | None = None
    framing: UUID | None = None

    @classmethod
    def of(cls, at: str | None, framing: str | None) -> Asked:
        moment = end_of(at) if at and at.strip() else None
        chosen = None
        if framing and framing.strip():
            try:
                chosen = UUID(framing.strip())
            except ValueError:
                raise InvalidEntry("framing", "must be the id of a framing question") from None
        return cls(moment, chosen)


def reader_of(account: Account) -> Reader:
    return Reader(account.id, account.role.value)


@dataclass(frozen=True)
class Read:
    """The map asked for, the origins it was drawn from, and the position of the origins model
    they were read at."""

    found: DriverMap
    origins: Origins
    position: int


def read_map(projector: Projector, kept: Kept, reader: Reader, asked: Asked) -> Read:
    """The map asked for. A framing question that did not exist (then) is refused naming the
    field."""
    origins, at = read_origins(projector, kept, asked.at)
    if asked.framing is not None and asked.framing not in origins.framings:
        then = "" if asked.at is None else f" on {asked.at.date().isoformat()}"
        raise InvalidEntry("framing", f"names no framing question{then}: {asked.framing}")
    # The reader changes the map only by the stories they may read: readers who may read the
    # same stories share one drawing of it.
    stories = tuple(s.id for s in origins.stories.values() if reader.may_read(s))
    found = kept.get(at, ("map", asked.at, asked.framing, stories),
                     lambda: driver_map(origins, reader, asked.framing))  # fmt: skip
    return Read(found, origins, at)


def read_trail(projector: Projector, kept: Kept, reader: Reader, story_id: UUID) -> Trail:
    """The story's trail as it stands; a story the reader may not read does not exist for them."""
    origins, _ = read_origins(projector, kept, None)
    trail = trail_of(origins, story_id)
    if trail is None or not reader.may_read(trail.story):
        raise NotFound(NO_SUCH_STORY)
    return trail


def origins_position(projector: Projector) -> int:
    """How far the origins model has applied the log, once caught up: what a map read now would
    be read at."""
    with projector.reader() as sql:
        return position(sql)


def read_origins(projector: Projector, kept: Kept, at: datetime | None) -> tuple[Origins, int]:
    """The origins at `at` (or now), read once per position of the model and moment."""
    with projector.reader() as sql:
        now = position(sql)
        return kept.get(now, ("origins", at), lambda: origins_at(sql, at)), now
