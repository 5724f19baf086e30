"""Versions and concurrent writers through HTTP (docs/quality.md): `If-Match` (R2) and eight
writers on one pilot (R1): acknowledged = stored, none lost, none doubled."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from tests.web.conftest import Api
from tests.web.scenes import PILOTS, WRITES, WriteRoute, register, scene, succeeding

WRITERS = 8
WRITES_EACH = 10


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_a_stale_if_match_is_412_and_records_nothing(api: Api, route: WriteRoute) -> None:
    the_scene = scene(api)
    before = api.stored(the_scene.pilot_id)
    response = api.post(route.url(the_scene), route.body, headers={"If-Match": '"2"'})
    assert response.status_code == 412
    assert response.headers["content-type"] == "application/problem+json"
    assert api.stored(the_scene.pilot_id) == before


@pytest.mark.parametrize("tag", ['"1"', 'W/"1"', "1", "*"])
def test_if_match_takes_a_quoted_weak_or_bare_version(api: Api, tag: str) -> None:
    url = f"{PILOTS}/{register(api)['id']}/pause"
    response = api.post(url, {"reason": "Summer"}, headers={"If-Match": tag})
    assert (response.status_code, response.headers["etag"]) == (200, '"2"')


@pytest.mark.parametrize("tag", ['"one"', '"1', "1, 2", "-1", '""'])
def test_a_malformed_if_match_is_400_naming_the_header(api: Api, tag: str) -> None:
    pilot = register(api)
    response = api.post(f"{PILOTS}/{pilot['id']}/pause", {"reason": "x"}, headers={"If-Match": tag})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "If-Match"
    assert api.stored(pilot["id"]) == 1


def test_r2_two_writers_holding_one_version_have_one_winner(api: Api) -> None:
    pilot = register(api)
    url = f"{PILOTS}/{pilot['id']}"
    etag = api.get(url).headers["etag"]
    first = api.post(f"{url}/pause", {"reason": "Summer"}, headers={"If-Match": etag})
    second = api.post(
        f"{url}/idea", {"idea": "Walks", "rationale": "x"}, headers={"If-Match": etag}
    )
    print(f"R2 (API): winner={first.status_code} loser={second.status_code}")
    assert (first.status_code, second.status_code) == (200, 412)
    assert api.get(url).json()["idea"] == "Circles"


def counting_conflicts(api: Api, monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts the saves that lost a race, to show that the writers really did collide."""
    seen: Counter[str] = Counter()
    lock = threading.Lock()
    save = api.services.pilots.save

    def counting_save(*args: Any, **kwargs: Any) -> Any:
        try:
            return save(*args, **kwargs)
        except IntegrityError:
            with lock:
                seen["conflicts"] += 1
            raise

    monkeypatch.setattr(api.services.pilots, "save", counting_save)
    return seen


def eight_writers_on_one_pilot(api: Api, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"{scene(api).url}/reflections"
    start = threading.Barrier(WRITERS)
    seen = counting_conflicts(api, monkeypatch)

    def writer(n: int) -> list[tuple[str, str]]:
        start.wait(timeout=30)
        acknowledged = []
        for i in range(WRITES_EACH):
            text = f"writer {n} note {i}"
            response = api.post(url, {"text": text, "kind": "observation"}, who="member")
            if response.status_code == 201:
                acknowledged.append((text, response.json()["id"]))
        return acknowledged

    with ThreadPoolExecutor(WRITERS) as pool:
        acknowledged = [entry for found in pool.map(writer, range(WRITERS)) for entry in found]
    pilot = api.get(url.removesuffix("/reflections")).json()
    stored = Counter((r["text"], r["id"]) for r in pilot["reflections"])
    lost = set(acknowledged) - set(stored)
    doubled = [entry for entry, count in stored.items() if count > 1]
    figures = {
        "sent": WRITERS * WRITES_EACH,
        "acknowledged": len(acknowledged),
        "stored": sum(stored.values()),
        "lost": len(lost),
        "doubled": len(doubled),
        "conflicts retried": seen["conflicts"],
    }
    print(f"R1 (HTTP, {where}):", " ".join(f"{k}={v}" for k, v in figures.items()))
    assert len(acknowledged) == WRITERS * WRITES_EACH
    assert sum(stored.values()) == len(acknowledged)
    assert (lost, doubled) == (set(), [])


def test_r1_eight_writers_through_http_lose_nothing_and_double_nothing(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    eight_writers_on_one_pilot(api, "test client, in memory", monkeypatch)


def test_r1_eight_writers_through_http_on_the_embedded_store(
    sqlite_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    eight_writers_on_one_pilot(sqlite_api, "test client, SQLite", monkeypatch)


def test_r1_eight_writers_through_a_real_server_on_the_embedded_store(
    live_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    eight_writers_on_one_pilot(live_api, "uvicorn on 127.0.0.1, SQLite", monkeypatch)


@pytest.mark.parametrize("route", WRITES, ids=lambda r: r.name)
def test_every_write_answers_the_new_version_as_its_etag(api: Api, route: WriteRoute) -> None:
    pilot_id, url = succeeding(api, route)
    response = api.post(url, route.body)
    assert response.status_code == route.success, response.text
    assert response.headers["etag"] == f'"{api.stored(pilot_id)}"'


def test_every_read_of_a_pilot_answers_its_version_as_its_etag(api: Api) -> None:
    the_scene = scene(api)
    for part in ("", "/timeline", "/idea-history", "/events"):
        response = api.get(the_scene.url + part, who="reader")
        assert response.headers["etag"] == f'"{api.stored(the_scene.pilot_id)}"', part
