"""One place that turns every failure into a response: problem+json for the API and the schema,
an HTML page for browsers, and a redirect to the sign-in page for a page that needs a session.

Nothing here echoes a stack trace; an unexpected error is logged with its traceback and answered
with a generic 500.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any
from urllib.parse import quote

import msgspec
import psycopg
from eventsourcing.persistence import OperationalError as StoreOperationalError
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotAuthorizedException, ValidationException
from litestar.response import Redirect, Template
from psycopg_pool import PoolTimeout

from adapters.accounts.model import AccountError
from adapters.postgres_events import StoreUnavailable
from domain.errors import (
    DomainError,
    InvalidEntry,
    NotFound,
    NotPermitted,
    RuleViolated,
    VersionMismatch,
)

log = logging.getLogger("pilots.web")

PROBLEM = "application/problem+json"
DOMAIN_STATUS: dict[type[DomainError], int] = {
    InvalidEntry: 400,
    NotPermitted: 403,
    NotFound: 404,
    RuleViolated: 409,
    VersionMismatch: 412,
}
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Request too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Internal server error",
    503: "Service unavailable",
}

# What a page says when all the framework gave is the status's name ("Not Found").
PAGE_DETAILS = {
    404: "There is no page at this address. The link may be wrong, or what it led to is gone.",
    405: "This page cannot take that kind of request.",
}


class FieldError(msgspec.Struct):
    field: str
    message: str


class Problem(msgspec.Struct, omit_defaults=True):
    """RFC 9457 problem details, as the API answers every error."""

    status: int
    title: str
    detail: str
    errors: list[FieldError] | None = None


def wants_json(request: Request[Any, Any, Any]) -> bool:
    path = request.url.path
    if path.startswith(("/api/", "/schema", "/health")):
        return True
    accept = request.headers.get("accept", "")
    return "json" in accept and "text/html" not in accept


def respond(
    request: Request[Any, Any, Any],
    status: int,
    detail: str,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[Any]:
    title = TITLES.get(status, "Error")
    if wants_json(request):
        body = msgspec.json.encode(Problem(status, title, detail, errors))
        return Response(body, status_code=status, media_type=PROBLEM, headers=headers)
    if detail.casefold() == title.casefold():  # the framework's bare reason: say what it means
        detail = PAGE_DETAILS.get(status, detail)
    context = {"status": status, "title": title, "detail": detail, "errors": errors or []}
    return Template("error.html.j2", context=context, status_code=status, headers=headers)


def on_domain_error(request: Request[Any, Any, Any], error: DomainError) -> Response[Any]:
    status = next(code for kind, code in DOMAIN_STATUS.items() if isinstance(error, kind))
    errors = [FieldError(error.field, error.reason)] if isinstance(error, InvalidEntry) else None
    return respond(request, status, error.message, errors)


def on_account_error(request: Request[Any, Any, Any], error: AccountError) -> Response[Any]:
    return respond(request, 400, str(error))


def on_validation_error(
    request: Request[Any, Any, Any], error: ValidationException
) -> Response[Any]:
    errors = [
        FieldError(_field_name(item), str(item["message"]))
        for item in (error.extra if isinstance(error.extra, list) else [])
        if isinstance(item, dict) and "message" in item
    ]
    return respond(request, 400, _validation_detail(error, errors), errors or None)


def _field_name(item: dict[str, Any]) -> str:
    """A header is named as it is sent (`Idempotency-Key`), not as the handler's parameter."""
    key = str(item.get("key") or item.get("source") or "body")
    if item.get("source") == "header":
        return "-".join(word.capitalize() for word in key.replace("_", "-").split("-"))
    return key


def _validation_detail(error: ValidationException, errors: list[FieldError]) -> str:
    if errors:
        return "; ".join(f"{e.field}: {e.message}" for e in errors)
    return str(error.detail or "the request is not valid")


def on_not_authorized(
    request: Request[Any, Any, Any], error: NotAuthorizedException
) -> Response[Any]:
    if wants_json(request):
        return respond(request, 401, str(error.detail), headers={"WWW-Authenticate": "Bearer"})
    target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return Redirect(f"/login?next={target}", status_code=303)


def on_http_error(request: Request[Any, Any, Any], error: HTTPException) -> Response[Any]:
    if error.status_code >= 500:
        log.error("HTTP %s on %s: %s", error.status_code, request.url.path, error.detail)
        return respond(request, error.status_code, "the server could not answer that request")
    headers = dict(error.headers or {})
    return respond(request, error.status_code, str(error.detail), headers=headers or None)


# What the driver's message says, and what the person should hear (R12): each says why.
STORE_REASONS = (
    ("locked", "the database is locked by another process"),
    ("readonly", "the database is read-only"),
    ("read-only", "the database is read-only"),
    ("full", "the disk that holds the database is full"),
    ("busy", "the database is busy"),
    ("disk i/o", "the database file cannot be written: it is read-only, or its disk is failing"),
)


def on_store_unavailable(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    log.warning("store unavailable on %s: %s", request.url.path, error)
    text = str(error).lower()
    why = next((said for found, said in STORE_REASONS if found in text), None)
    why = why or "the database is not answering"
    detail = f"{why}; nothing was recorded. Try again shortly."
    return respond(request, 503, detail, headers={"Retry-After": "5"})


def on_unexpected(request: Request[Any, Any, Any], error: Exception) -> Response[Any]:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return respond(request, 500, "something went wrong on our side; nothing was recorded")


EXCEPTION_HANDLERS: dict[type[Exception] | int, Any] = {
    DomainError: on_domain_error,
    AccountError: on_account_error,
    ValidationException: on_validation_error,
    NotAuthorizedException: on_not_authorized,
    HTTPException: on_http_error,
    StoreUnavailable: on_store_unavailable,
    StoreOperationalError: on_store_unavailable,
    psycopg.OperationalError: on_store_unavailable,
    PoolTimeout: on_store_unavailable,
    sqlite3.OperationalError: on_store_unavailable,
    Exception: on_unexpected,
}
