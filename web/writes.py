"""The one path every write takes, from the API and from the pages alike: a command built from
the request's input Struct, run by the application service.

For the API, `If-Match` becomes the expected version, `Idempotency-Key` becomes the submission,
and the first answer to a key is kept and given again verbatim. The domain records a submission
once, even when only the acknowledgement of the first attempt was lost; the kept response makes
the repeat's answer byte for byte the first one. When the answer was never kept (a crash
between the save and the keep), the domain's replayed receipt still gives a correct answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

import msgspec
from litestar import Request, Response
from litestar.datastructures import State
from litestar.enums import MediaType
from litestar.exceptions import HTTPException

from adapters.accounts import Account
from adapters.bootstrap import Services
from adapters.idempotency import StoredResponse
from domain.pilot.commands import Command
from domain.records import Recorded
from domain.service import Receipt
from web.people import Viewer
from web.preconditions import IdempotencyKey, IfMatch, checked_key, expected_version

C = TypeVar("C", bound=Command)
E = TypeVar("E", bound=Recorded)


def command(kind: type[C], data: msgspec.Struct | None = None, **fields: Any) -> C:
    """The command of this kind from an input Struct whose fields carry the command's names,
    plus the fields the address gives (the pilot's id, a cycle's number)."""
    given = {} if data is None else msgspec.structs.asdict(data)
    return msgspec.convert(given | fields, kind, from_attributes=True)


@dataclass(frozen=True)
class Reply:
    """A successful answer's body, and the address of what it made (`Location`), if anything.
    Its status is the one its route declares, and its ETag the version the command left the
    record at (a pilot, a story or a workshop), so neither is said twice."""

    body: msgspec.Struct
    location: str | None = None


@dataclass(frozen=True)
class Write:
    """One API write request, checked: who sends it, and its preconditions."""

    services: Services
    account: Account
    expected_version: int | None
    key: str | None
    digest: str
    status: int  # the route's declared status, which a success answers with

    @property
    def actor(self) -> UUID:
        return self.account.id

    def run(
        self, reply: Callable[[Receipt, Viewer], Reply], build: Callable[[], Command]
    ) -> Response[Any]:
        """Runs the command once per key, and answers every repeat of the key with the first
        response. Failures are not kept, so a key whose request was refused can be sent again.
        The command is built only for a request that will run, after the key is looked up."""
        responses = self.services.responses
        if self.key is not None:
            kept = responses.find(self.actor, self.key)
            if kept is not None:
                return _again(kept, self.digest)
        receipt = self.services.pilots.execute(
            build(),
            self.actor,
            expected_version=self.expected_version,
            submission=self.key,
            role=self.account.role,
        )
        services = self.services
        viewer = Viewer.of(services.accounts, self.actor, self.account.role, services.pilots)
        answered = reply(receipt, viewer)
        headers = {"ETag": f'"{receipt.record.version}"'}
        if answered.location is not None:
            headers["Location"] = answered.location
        body = msgspec.json.encode(answered.body)
        fresh = StoredResponse(self.digest, self.status, headers, body)
        if self.key is not None:
            # Kept by the record it quotes (a pilot, a story, a workshop), so that withdrawing
            # an entry of it deletes the answers kept before.
            record = (receipt.record.id, receipt.record.version)
            responses.keep(self.actor, self.key, fresh, pilot=record)
            # Two requests with one key can race; both answer with the response that was kept.
            fresh = responses.find(self.actor, self.key) or fresh
        return _again(fresh, self.digest)


async def provide_write(
    request: Request[Account, Any, Any],
    state: State,
    if_match: IfMatch = None,
    idempotency_key: IdempotencyKey = None,
) -> Write:
    return await _write(request, state, expected_version(if_match), idempotency_key)


async def provide_registration(
    request: Request[Account, Any, Any], state: State, idempotency_key: IdempotencyKey = None
) -> Write:
    """A new record (a pilot, a story, a workshop) has no version yet, so making one takes no
    If-Match."""
    return await _write(request, state, None, idempotency_key)


async def _write(
    request: Request[Account, Any, Any], state: State, version: int | None, key: str | None
) -> Write:
    body = await request.body()
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + body).hexdigest()
    return Write(
        state.services, request.user, version, checked_key(key), digest,
        request.route_handler.status_code,
    )  # fmt: skip


def _again(kept: StoredResponse, digest: str) -> Response[Any]:
    if kept.request_digest != digest:
        raise HTTPException(
            status_code=409,
            detail="this Idempotency-Key was already used for a different request",
        )
    return Response(
        kept.body, status_code=kept.status, headers=kept.headers, media_type=MediaType.JSON
    )


def recorded(receipt: Receipt, kind: type[E]) -> E:
    """The event of this kind that the command recorded (or recorded the first time)."""
    found = [event for event in receipt.events if isinstance(event, kind)]
    if not found:
        raise LookupError(f"the receipt holds no {kind.__name__}")
    return found[-1]


def reply_from(
    kind: type[E], body: Callable[[E], msgspec.Struct]
) -> Callable[[Receipt, Viewer], Reply]:
    """The reply to a write whose answer is made from the event of this kind that it recorded,
    alone: `body` makes the answer from the event."""

    def reply(receipt: Receipt, _: Viewer) -> Reply:
        return Reply(body(recorded(receipt, kind)))

    return reply
