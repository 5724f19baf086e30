"""Who is asking, and the headers every response carries.

The API authenticates with bearer tokens only, never cookies, so a browser cannot be tricked into
writing through it; pages use a server-side session cookie plus CSRF tokens. Session ids come
from `adapters.accounts.sessions`, which issues a new one at each sign-in and ignores ids it
never issued.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from anyio import to_thread
from litestar.connection import ASGIConnection
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import NotAuthorizedException
from litestar.middleware.authentication import (
    AbstractAuthenticationMiddleware,
    AuthenticationResult,
)

from adapters.accounts import Account

if TYPE_CHECKING:
    from litestar.types import Message, Scope

    from adapters.bootstrap import Services

SESSION_COOKIE = "pilots_session"
# Over HTTPS the cookie takes the __Host- prefix, which browsers accept only with Secure, no
# Domain and Path=/, so no other site or subdomain can plant or read it.
SECURE_SESSION_COOKIE = "__Host-pilots_session"

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    b"content-security-policy": CONTENT_SECURITY_POLICY.encode(),
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    b"referrer-policy": b"same-origin",
    b"cross-origin-opener-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
}


def is_https(scope: Scope) -> bool:
    return scope.get("scheme") in ("https", "wss")


async def add_security_headers(message: Message, scope: Scope) -> None:
    """Runs on every response the app sends, errors and 404s included."""
    if message["type"] != "http.response.start":
        return
    headers = MutableScopeHeaders.from_message(message)
    for name, value in SECURITY_HEADERS.items():
        if name.decode() not in headers:
            headers[name.decode()] = value.decode()
    if is_https(scope):
        headers["strict-transport-security"] = "max-age=31536000; includeSubDomains"
        cookies = headers.getall("set-cookie", [])
        if cookies:
            del headers["set-cookie"]
            for cookie in cookies:
                secure = cookie if "secure" in cookie.lower() else f"{cookie}; Secure"
                headers.add("set-cookie", secure)


def session_cookie_name(scope: Scope) -> str:
    return SECURE_SESSION_COOKIE if is_https(scope) else SESSION_COOKIE


class Authentication(AbstractAuthenticationMiddleware):
    async def authenticate_request(self, connection: ASGIConnection) -> AuthenticationResult:  # type: ignore[type-arg]
        services: Services = connection.app.state.services
        header = connection.headers.get("authorization", "")
        if header:
            scheme, _, token = header.partition(" ")
            account = None
            if scheme.lower() == "bearer" and token.strip():
                account = await to_thread.run_sync(
                    services.accounts.account_for_token, token.strip()
                )
            if account is None:
                raise NotAuthorizedException("the bearer token is not valid")
            return AuthenticationResult(user=account, auth="token")
        if connection.url.path.startswith("/api/"):
            raise NotAuthorizedException("send Authorization: Bearer TOKEN")
        session_id = connection.cookies.get(session_cookie_name(connection.scope), "")
        if session_id:
            account = await to_thread.run_sync(_account_for_session, services, session_id)
            if account is not None:
                return AuthenticationResult(user=account, auth=session_id)
        raise NotAuthorizedException("sign in to continue")


def _account_for_session(services: Services, session_id: str) -> Account | None:
    return services.sessions.account_for(session_id)
