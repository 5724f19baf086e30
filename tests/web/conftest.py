"""The API through Litestar's test client, over in-memory services (and SQLite for a few tests).

Six people have accounts: a pilot's lead, a member and a facilitator (both global role member),
an outsider who leads pilots of their own, a reader and an admin. Every response the `Api`
receives is checked against the OpenAPI document: a status the operation does not document
fails the test that saw it.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest
import uvicorn
from litestar.testing import TestClient

from adapters.bootstrap import Services, bootstrap
from adapters.settings import Settings, parse_database_url
from web.app import create_app

PEOPLE = {
    "lead": ("lee@example.org", "Lee Lead", "lead"),
    "member": ("mo@example.org", "Mo Member", "member"),
    "facilitator": ("fay@example.org", "Fay Facilitator", "member"),
    "outsider": ("otto@example.org", "Otto Outsider", "lead"),
    "reader": ("rae@example.org", "Rae Reader", "reader"),
    "admin": ("ada@example.org", "Ada Admin", "admin"),
}
METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Api:
    client: httpx.Client
    services: Services
    tokens: dict[str, str]
    ids: dict[str, UUID]
    operations: list[tuple[re.Pattern[str], str, str, set[int]]] = field(default_factory=list)

    def request(
        self, method: str, url: str, who: str | None = "lead", **kwargs: Any
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", None) or {})
        if who is not None:
            headers.setdefault("Authorization", f"Bearer {self.tokens[who]}")
        response = self.client.request(method, url, headers=headers, **kwargs)
        self.check_documented(method, url, response.status_code)
        return response

    def get(self, url: str, who: str | None = "lead", **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, who, **kwargs)

    def post(
        self, url: str, body: Any = None, who: str | None = "lead", **kwargs: Any
    ) -> httpx.Response:
        if body is not None:
            kwargs["json"] = body
        return self.request("POST", url, who, **kwargs)

    def check_documented(self, method: str, url: str, status: int) -> None:
        path = httpx.URL(url).path
        for pattern, op_method, template, statuses in self.operations:
            if op_method == method.lower() and pattern.fullmatch(path):
                assert status in statuses, (
                    f"{method} {template} returned {status}, which the OpenAPI document does not "
                    f"list (it lists {sorted(statuses)})"
                )
                return

    def stored(self, pilot_id: str | UUID) -> int:
        """How many events the pilot has in the store."""
        return len(self.services.pilots.history(UUID(str(pilot_id))))


def operations(document: dict[str, Any]) -> list[tuple[re.Pattern[str], str, str, set[int]]]:
    found = []
    for template, item in document["paths"].items():
        pattern = re.compile(re.sub(r"\{[^}]+\}", "[^/]+", template))
        for method in METHODS:
            if method in item:
                statuses = {int(code) for code in item[method]["responses"]}
                found.append((pattern, method, template, statuses))
    return found


def with_people(services: Services) -> tuple[dict[str, str], dict[str, UUID]]:
    tokens, ids = {}, {}
    for who, (email, name, role) in PEOPLE.items():
        ids[who] = services.accounts.add(email, name, role, None).id
        tokens[who] = services.accounts.issue_token(email)
    return tokens, ids


@pytest.fixture(scope="session")
def api_document() -> dict[str, Any]:
    """The OpenAPI document, read once: it depends on the code, not on the store."""
    services = bootstrap(parse_database_url("memory://"))
    try:
        tokens, _ = with_people(services)
        with TestClient(create_app(services)) as client:
            headers = {"Authorization": f"Bearer {tokens['reader']}"}
            response = client.get("/schema/openapi.json", headers=headers)
            assert response.status_code == 200, response.text
            document: dict[str, Any] = response.json()
    finally:
        services.close()
    return document


def open_api(settings: Settings, document: dict[str, Any]) -> Iterator[Api]:
    services = bootstrap(settings)
    try:
        tokens, ids = with_people(services)
        with TestClient(create_app(services)) as client:
            yield Api(client, services, tokens, ids, operations(document))
    finally:
        services.close()


@pytest.fixture
def api(api_document: dict[str, Any]) -> Iterator[Api]:
    """The API over in-memory services."""
    yield from open_api(parse_database_url("memory://"), api_document)


@pytest.fixture
def sqlite_api(tmp_path: Path, api_document: dict[str, Any]) -> Iterator[Api]:
    """The API over the embedded store, as `pilots serve` runs by default."""
    yield from open_api(
        parse_database_url(f"sqlite:///{tmp_path / 'pilots.sqlite3'}"), api_document
    )


@pytest.fixture
def live_api(tmp_path: Path, api_document: dict[str, Any]) -> Iterator[Api]:
    """The API served by uvicorn on 127.0.0.1 over the embedded store, as `pilots serve` runs."""
    services = bootstrap(parse_database_url(f"sqlite:///{tmp_path / 'pilots.sqlite3'}"))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    config = uvicorn.Config(create_app(services), log_level="warning", ws="none", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    try:
        tokens, ids = with_people(services)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.started, "uvicorn did not start"
        base = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with httpx.Client(base_url=base, timeout=30) as client:
            yield Api(client, services, tokens, ids, operations(api_document))
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
        services.close()


@pytest.fixture
def stored_api(store_settings: Settings, api_document: dict[str, Any]) -> Iterator[Api]:
    """The API over a real store: SQLite, then PostgreSQL (which needs a secret key given)."""
    yield from open_api(replace(store_settings, secret_key="test-secret"), api_document)
