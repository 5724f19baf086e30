"""The OpenAPI document describes every pilot route of the public API, every status each one can
answer (as problem+json), and the headers a client uses.

Every other test in this folder goes through `Api`, which fails a test as soon as a route answers
with a status its operation does not list; the last test here shows that check can fail.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from litestar import Litestar, post
from litestar.params import JSONBody

from tests.web.conftest import Api
from web.openapi import ClosedStructSchemas
from web.pilots.schemas import PilotCreate, PilotRead

P = "/api/v1/pilots/{}"
READ = {200, 400, 401, 404, 503}
WRITE_PROBLEMS = {400, 401, 403, 404, 409, 412, 413, 503}
CONTRACT = {
    ("get", "/api/v1/pilots"): {200, 400, 401, 503},
    ("post", "/api/v1/pilots"): {201, 400, 401, 403, 409, 413, 503},
    ("get", P): READ,
    ("post", P + "/idea"): WRITE_PROBLEMS | {200},
    ("post", P + "/members"): WRITE_PROBLEMS | {200},
    ("post", P + "/cycles"): WRITE_PROBLEMS | {201},
    ("post", P + "/cycles/{}/start"): WRITE_PROBLEMS | {200},
    ("post", P + "/cycles/{}/do"): WRITE_PROBLEMS | {200},
    ("post", P + "/cycles/{}/study"): WRITE_PROBLEMS | {200},
    ("post", P + "/cycles/{}/act"): WRITE_PROBLEMS | {200},
    ("post", P + "/reflections"): WRITE_PROBLEMS | {201},
    ("post", P + "/question-sets"): WRITE_PROBLEMS | {201},
    ("post", P + "/questions/{}/insights"): WRITE_PROBLEMS | {201},
    ("post", P + "/questions/{}/status"): WRITE_PROBLEMS | {200},
    ("post", P + "/pause"): WRITE_PROBLEMS | {200},
    ("post", P + "/resume"): WRITE_PROBLEMS | {200},
    ("post", P + "/conclusion"): WRITE_PROBLEMS | {200},
    ("get", P + "/timeline"): READ,
    ("get", P + "/idea-history"): READ,
    ("get", P + "/events"): READ,
    ("post", P + "/corrections"): WRITE_PROBLEMS | {200},
    ("delete", P + "/members/{}"): WRITE_PROBLEMS | {200},
    ("post", P + "/actions/{}/report"): WRITE_PROBLEMS | {200},
}


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """Each operation, keyed by method and path with its parameter names left out."""
    return {
        (method, re.sub(r"\{[^}]+\}", "{}", path)): operation
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "delete")
    }


def test_every_pilot_route_of_the_contract_is_in_the_document(api_document: dict[str, Any]) -> None:
    assert set(CONTRACT) <= set(operations(api_document))


@pytest.mark.parametrize("route", list(CONTRACT), ids=lambda r: f"{r[0]} {r[1]}")
def test_each_route_documents_each_status_it_answers(
    api_document: dict[str, Any], route: tuple[str, str]
) -> None:
    operation = operations(api_document)[route]
    assert {int(code) for code in operation["responses"]} == CONTRACT[route]
    for code, response in operation["responses"].items():
        if int(code) >= 400:
            content = response["content"]["application/problem+json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
            assert response["description"]


@pytest.mark.parametrize("route", list(CONTRACT), ids=lambda r: f"{r[0]} {r[1]}")
def test_writes_document_their_headers_and_pilot_answers_their_etag(
    api_document: dict[str, Any], route: tuple[str, str]
) -> None:
    method, path = route
    operation = operations(api_document)[route]
    headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
    success = next(r for code, r in operation["responses"].items() if int(code) < 300)
    answers = set(success.get("headers", {}))
    if method in ("post", "delete"):
        registering = path == "/api/v1/pilots"
        assert headers == ({"Idempotency-Key"} if registering else {"If-Match", "Idempotency-Key"})
        assert answers == ({"ETag", "Location"} if registering else {"ETag"})
    else:
        assert headers == set()
        assert answers == (set() if path == "/api/v1/pilots" else {"ETag"})


def test_the_limits_on_fields_are_in_the_schemas(api_document: dict[str, Any]) -> None:
    schemas = api_document["components"]["schemas"]
    create = schemas["PilotCreate"]
    assert create["properties"]["title"]["maxLength"] == 200
    assert create["properties"]["idea"]["maxLength"] == 10_000
    assert create["properties"]["themes"]["maxItems"] == 12
    assert schemas["CycleCreate"]["properties"]["predictions"]["maxItems"] == 20
    assert schemas["QuestionSetCreate"]["properties"]["questions"]["maxItems"] == 30
    assert schemas["QuestionSetCreate"]["properties"]["actions"]["maxItems"] == 30
    assert set(create["required"]) == {"title", "question", "idea"}


def test_request_bodies_that_refuse_unknown_fields_say_so_in_their_schema() -> None:
    @post("/pilots", sync_to_thread=False)
    def register(data: JSONBody[PilotCreate]) -> PilotRead:
        """Only here to have its schema drawn."""
        raise NotImplementedError

    app = Litestar([register], plugins=[ClosedStructSchemas()])
    schemas = app.openapi_schema.to_schema()["components"]["schemas"]
    assert schemas["PilotCreate"]["additionalProperties"] is False
    assert "additionalProperties" not in schemas["PilotRead"]


def test_a_status_an_operation_does_not_document_fails_the_test_that_sees_it(api: Api) -> None:
    with pytest.raises(AssertionError, match="does not list"):
        api.check_documented("GET", "/api/v1/pilots/abc/timeline", 418)
    api.check_documented("GET", "/api/v1/pilots/abc/timeline", 404)
