"""R15, R17 and R18 (docs/quality.md) through the test client: CSRF on every form, sessions that
cannot be fixed or replayed, sign-in lockout, size limits, and security headers on every
response."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from adapters.bootstrap import Services, bootstrap
from adapters.settings import parse_database_url
from web.app import MAX_BODY_BYTES, create_app

PASSWORD = "correct horse battery staple"
REQUIRED_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "referrer-policy",
)


@pytest.fixture
def services() -> Iterator[Services]:
    built = bootstrap(parse_database_url("memory://"))
    built.accounts.add("lead@example.org", "Lee Lead", "lead", PASSWORD)
    yield built
    built.close()


@pytest.fixture
def app(services: Services) -> Litestar:
    return create_app(services)


@pytest.fixture
def client(app: Litestar) -> Iterator[TestClient[Litestar]]:
    with TestClient(app) as test_client:
        yield test_client


def csrf_token(client: TestClient[Litestar]) -> str:
    page = client.get("/login")
    match = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert match, "the sign-in form carries a CSRF token"
    return match.group(1)


def sign_in(client: TestClient[Litestar], password: str = PASSWORD) -> Any:
    return client.post(
        "/login",
        data={"email": "lead@example.org", "password": password, "_csrf_token": csrf_token(client)},
        follow_redirects=False,
    )


def assert_secure_headers(response: Any) -> None:
    missing = [name for name in REQUIRED_HEADERS if name not in response.headers]
    assert missing == [], f"{response.status_code} {response.request.url} lacks {missing}"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"


# -- R18: headers on every kind of response --------------------------------------------------


def test_security_headers_are_on_200_303_400_404_and_500_responses(
    client: TestClient[Litestar], services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = {
        200: client.get("/login"),
        303: client.get("/", follow_redirects=False),
        400: sign_in(client, password="wrong password"),
        404: client.get("/no/such/page"),
        401: client.get("/api/v1/pilots"),
    }

    def broken(*_: object) -> None:
        raise RuntimeError("the account store fell over")

    monkeypatch.setattr(services.accounts, "authenticate", broken)
    seen[500] = sign_in(client)
    for status, response in seen.items():
        assert response.status_code == status
        assert_secure_headers(response)
    print(f"R18: responses missing a security header = 0 of {len(seen)}")


def test_a_server_error_says_nothing_about_its_cause(
    client: TestClient[Litestar], services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("secret internals: table accounts")

    monkeypatch.setattr(services.accounts, "authenticate", broken)
    response = sign_in(client)
    assert response.status_code == 500
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text


def test_cookies_are_http_only_and_same_site(client: TestClient[Litestar]) -> None:
    csrf_token(client)
    response = sign_in(client)
    session = next(c for c in response.headers.get_list("set-cookie") if "pilots_session" in c)
    assert "HttpOnly" in session
    assert "SameSite=lax" in session or "samesite=lax" in session.lower()
    csrf = client.get("/login").headers.get_list("set-cookie") or [""]
    assert all("samesite=strict" in c.lower() for c in csrf if "pilots_csrf" in c)


def test_over_https_cookies_are_secure_and_hsts_is_sent(app: Litestar) -> None:
    with TestClient(app, base_url="https://testserver.local") as client:
        response = sign_in(client)
        assert response.status_code == 303
        cookies = response.headers.get_list("set-cookie")
        assert cookies, "signing in sets a session cookie"
        assert all("Secure" in cookie for cookie in cookies)
        assert any(cookie.startswith("__Host-pilots_session=") for cookie in cookies)
        assert "strict-transport-security" in response.headers
        assert client.get("/").status_code == 200


# -- R15: CSRF, session fixation, replay after sign-out ---------------------------------------


def form_routes(app: Litestar) -> list[str]:
    """Every path that accepts a POST outside the bearer-token API."""
    paths = []
    for route in app.routes:
        methods = getattr(route, "methods", set())
        if "POST" in methods and not route.path.startswith("/api/"):
            paths.append(route.path)
    return sorted(paths)


def test_every_form_refuses_a_post_without_its_csrf_token(
    app: Litestar, client: TestClient[Litestar]
) -> None:
    assert sign_in(client).status_code == 303
    paths = form_routes(app)
    assert "/login" in paths
    assert "/logout" in paths
    unprotected = []
    for path in paths:
        concrete = re.sub(r"\{[^}:]+:int\}", "1", path)
        concrete = re.sub(r"\{[^}]+\}", "00000000-0000-0000-0000-000000000001", concrete)
        response = client.post(concrete, data={"anything": "x"}, follow_redirects=False)
        if response.status_code != 403:
            unprotected.append((path, response.status_code))
    print(f"R15: form routes = {len(paths)}, unprotected = {len(unprotected)}")
    assert unprotected == []


def test_a_session_id_chosen_by_an_attacker_does_not_survive_sign_in(
    client: TestClient[Litestar],
) -> None:
    client.cookies.set("pilots_session", "chosen-by-attacker", domain="testserver.local")
    response = sign_in(client)
    issued = re.search(r"pilots_session=([^;]+)", response.headers["set-cookie"])
    assert issued is not None
    assert issued.group(1) != "chosen-by-attacker"
    client.cookies.clear()
    client.cookies.set("pilots_session", "chosen-by-attacker", domain="testserver.local")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_an_unknown_session_id_is_not_a_session(client: TestClient[Litestar]) -> None:
    client.cookies.set("pilots_session", "x" * 43, domain="testserver.local")
    response = client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


def test_a_session_cookie_replayed_after_sign_out_is_signed_out(
    client: TestClient[Litestar],
) -> None:
    sign_in(client)
    old = client.cookies.get("pilots_session")
    assert client.get("/").status_code == 200
    token = csrf_token(client)
    assert (
        client.post("/logout", data={"_csrf_token": token}, follow_redirects=False).status_code
        == 303
    )
    client.cookies.clear()
    client.cookies.set("pilots_session", str(old), domain="testserver.local")
    assert client.get("/", follow_redirects=False).status_code == 303


def test_sign_in_only_returns_to_a_path_on_this_site(client: TestClient[Litestar]) -> None:
    for target, expected in [("/pilots/new", "/pilots/new"), ("//evil.example", "/"),
                             ("https://evil.example", "/"), ("/\\evil.example", "/")]:  # fmt: skip
        client.cookies.clear()
        token = csrf_token(client)
        response = client.post(
            "/login",
            data={
                "email": "lead@example.org",
                "password": PASSWORD,
                "next": target,
                "_csrf_token": token,
            },
            follow_redirects=False,
        )
        assert response.headers["location"] == expected


# -- R17: lockout and size limits --------------------------------------------------------------


def test_guessing_passwords_is_locked_out_before_ten_failures(
    client: TestClient[Litestar],
) -> None:
    statuses = [sign_in(client, password=f"guess {i}").status_code for i in range(50)]
    first_refusal = statuses.index(429) + 1 if 429 in statuses else None
    print(f"R17: first 429 after {first_refusal} bad sign-ins of 50")
    assert first_refusal is not None
    assert first_refusal < 10
    assert set(statuses[first_refusal - 1 :]) == {429}
    assert sign_in(client).status_code == 429, "even the right password waits out the lockout"


def test_a_body_over_the_limit_is_refused_with_413(client: TestClient[Litestar]) -> None:
    token = csrf_token(client)
    response = client.post(
        "/login",
        data={
            "email": "lead@example.org",
            "password": "p" * (MAX_BODY_BYTES + 1),
            "_csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 413
    assert_secure_headers(response)
