"""The OpenAPI document describes every pilot route of the public API, every status each one can
answer (as problem+json), and the headers a client uses.

Every other test in this folder goes through `Api`, which fails a test as soon as a route answers
with a status its operation does not list; the last test here shows that check can fail.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from litestar import Litestar, post
from litestar.params import JSONBody

from domain import rules
from domain.errors import InvalidEntry
from tests.web.conftest import METHODS, Api
from tests.web.scenes import register
from web.openapi import ClosedStructSchemas
from web.paging import CURSOR_PATTERN
from web.pilots.schemas import PilotCreate, PilotRead
from web.preconditions import IF_MATCH_PATTERN, KEY_PATTERN
from web.schemas import NO_NUL, WORDS

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


def parameters(document: dict[str, Any], where: str) -> list[tuple[str, dict[str, Any]]]:
    """Every `where` parameter of every operation, with the operation's method and path."""
    return [
        (f"{method} {path}", parameter)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in METHODS
        for parameter in operation.get("parameters", [])
        if parameter["in"] == where
    ]


def test_if_match_and_idempotency_key_are_optional_strings_with_their_pattern(
    api_document: dict[str, Any],
) -> None:
    headers = parameters(api_document, "header")
    patterns = {"If-Match": IF_MATCH_PATTERN, "Idempotency-Key": KEY_PATTERN}
    assert {parameter["name"] for _, parameter in headers} == set(patterns)
    for _, parameter in headers:
        assert parameter["required"] is False
        schema = {k: v for k, v in parameter["schema"].items() if k != "description"}
        assert schema == {"type": "string", "pattern": patterns[parameter["name"]]}


def test_text_query_parameters_are_never_documented_as_null(api_document: dict[str, Any]) -> None:
    """A text query value that is left out is absent: `?cursor=null` is the text `null`. Only
    values that are not text (`?version=null`) are read as none, and those stay nullable."""
    for operation, parameter in parameters(api_document, "query"):
        schema = parameter["schema"]
        branches = schema.get("oneOf", [schema])
        if {"type": "null"} in branches:
            others = [b for b in branches if b != {"type": "null"}]
            assert all(b["type"] == "integer" or b.get("format") == "date-time" for b in others), (
                operation,
                parameter["name"],
            )
        else:
            assert schema["type"] in ("string", "integer"), (operation, parameter["name"])


def test_a_cursor_is_documented_as_the_server_gives_it_and_an_empty_one_is_refused(
    api: Api, api_document: dict[str, Any]
) -> None:
    cursors = [p for _, p in parameters(api_document, "query") if p["name"] == "cursor"]
    assert cursors
    for cursor in cursors:
        assert cursor["schema"]["minLength"] == 1
        assert cursor["schema"]["pattern"] == CURSOR_PATTERN
    for title in ("One", "Two", "Three"):
        register(api, title=title)
    given = api.get("/api/v1/pilots?limit=1").json()["next"]
    assert re.search(CURSOR_PATTERN, given)
    assert api.get(f"/api/v1/pilots?limit=1&cursor={given}").status_code == 200
    refused = api.get("/api/v1/pilots?cursor=")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "cursor"


def test_request_text_documents_what_the_domain_refuses(api_document: dict[str, Any]) -> None:
    schemas = api_document["components"]["schemas"]
    pilot = schemas["PilotCreate"]["properties"]
    for name in ("title", "question", "idea"):
        assert pilot[name]["pattern"] == WORDS
    assert pilot["origin"]["pattern"] == NO_NUL
    assert pilot["themes"]["items"] == {"type": "string", "maxLength": 60, "pattern": WORDS}
    assert schemas["StoryCreate"]["properties"]["title"]["pattern"] == NO_NUL
    assert schemas["PrincipleCreate"]["properties"]["text"]["pattern"] == WORDS
    assert schemas["MemberCreate"]["properties"]["email"]["pattern"] == WORDS
    questions = schemas["QuestionSetCreate"]["properties"]["questions"]
    assert (questions["minItems"], questions["uniqueItems"]) == (1, True)
    assert questions["items"]["pattern"] == WORDS
    text_action = schemas["QuestionSetCreate"]["properties"]["actions"]["items"]["oneOf"][0]
    assert text_action["pattern"] == WORDS
    assert schemas["CycleCreate"]["properties"]["predictions"]["minItems"] == 1
    assert schemas["PredictionCreate"]["properties"]["question"]["pattern"] == WORDS
    assert schemas["SplitCreate"]["properties"]["parts"]["minItems"] == 2
    assert schemas["MergeCreate"]["properties"]["ideas"]["minItems"] == 2


# Python's whitespace (what `str.strip()` trims), NUL, and a few other characters, so that
# blank and nearly blank text comes up often.
NEAR_BLANK = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2007\u2028\u3000\ufeff\x00a."
TEXT = st.text(st.sampled_from(NEAR_BLANK) | st.characters())


def takes(rule: Callable[[str, str], object], value: str) -> bool:
    try:
        rule("text", value)
    except InvalidEntry:
        return False
    return True


@given(TEXT)
def test_the_documented_patterns_take_exactly_the_text_the_domain_takes(value: str) -> None:
    assert bool(re.search(WORDS, value)) is takes(rules.text, value)
    assert bool(re.search(NO_NUL, value)) is takes(rules.optional_text, value)


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "must not be blank"),
        (" \t\n", "must not be blank"),
        ("\u3000\xa0\u2028", "must not be blank"),
        ("Story\x00circles", "must not contain NUL characters"),
    ],
)
def test_text_the_pattern_refuses_is_refused_by_the_server_with_the_domains_400(
    api: Api, title: str, message: str
) -> None:
    assert not re.search(WORDS, title)
    body = {"title": title, "question": "How might we connect?", "idea": "Circles"}
    answer = api.post("/api/v1/pilots", body)
    assert answer.status_code == 400
    assert answer.json()["errors"] == [{"field": "title", "message": message}]
    assert api.get("/api/v1/pilots").json()["items"] == []


def test_the_patterns_read_alike_in_python_and_in_ecma_262(api_document: dict[str, Any]) -> None:
    """OpenAPI's patterns are ECMA-262 regular expressions; Schemathesis and the tests read
    them with Python's `re`. Each one the document holds is run by both on the same texts."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node to run ECMA-262 regular expressions")
    patterns = sorted(set(re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', json.dumps(api_document))))
    texts = ["", "a", " a ", "  ", "\t\n", "\u3000", "a\x00", "\x00", '"7"', 'W/"7"', "*", "x y"]
    script = (
        "const [ps, ts] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "console.log(JSON.stringify(ps.map(p => ts.map(t => new RegExp(p, 'u').test(t)))));"
    )
    found = [json.loads(p) for p in patterns]
    assert {WORDS, NO_NUL, IF_MATCH_PATTERN, KEY_PATTERN, CURSOR_PATTERN} <= set(found)
    ran = subprocess.run(  # noqa: S603 - node, with the document's own patterns
        [node, "-e", script], input=json.dumps([found, texts]), capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    ecma = json.loads(ran.stdout)
    python = [[bool(re.search(p, t)) for t in texts] for p in found]
    assert dict(zip(found, ecma, strict=True)) == dict(zip(found, python, strict=True))
