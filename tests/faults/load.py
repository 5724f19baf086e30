"""Write load for the fault tests: client threads POST reflections through HTTP, each with an
`Idempotency-Key`, and send the same request again with the same key after a 503, as a
well-behaved client would. Every attempt is recorded with its start, latency and answer."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

import httpx

PROBLEM = "application/problem+json"
RETRY_PAUSE_SECONDS = 0.1
CLIENT_TIMEOUT_SECONDS = 30.0  # far beyond the 2 s bound, so a hang is measured, not cut off


@dataclass(frozen=True)
class Attempt:
    started: float
    seconds: float
    status: int  # 0: no HTTP answer at all
    media_type: str
    detail: str
    retry_after: str | None


@dataclass
class Writers:
    """`threads` clients writing reflections on one pilot until `stop()`."""

    base_url: str
    token: str
    pilot_id: str
    threads: int = 3
    attempts: list[Attempt] = field(default_factory=list)
    acknowledged: dict[str, str] = field(default_factory=dict)  # reflection id -> text
    _stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _workers: list[threading.Thread] = field(default_factory=list)

    def start(self) -> Writers:
        for n in range(self.threads):
            worker = threading.Thread(target=self._write, args=(n,), daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def stop(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(CLIENT_TIMEOUT_SECONDS + 5)

    def _write(self, n: int) -> None:
        url = f"{self.base_url}/api/v1/pilots/{self.pilot_id}/reflections"
        with httpx.Client(timeout=CLIENT_TIMEOUT_SECONDS) as client:
            i = 0
            while not self._stop.is_set():
                text, key = f"writer {n} note {i}", str(uuid.uuid4())
                body = {"text": text, "kind": "observation"}
                headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
                while not self._stop.is_set():  # the same key until it is answered for good
                    attempt, reply = send(client, url, body, headers)
                    self._note(attempt)
                    if 200 <= attempt.status < 300 and reply is not None:
                        with self._lock:
                            self.acknowledged[reply.json()["id"]] = text
                        break
                    if attempt.status not in (0, 503):
                        break
                    time.sleep(RETRY_PAUSE_SECONDS)
                i += 1

    def _note(self, attempt: Attempt) -> None:
        with self._lock:
            self.attempts.append(attempt)

    def between(self, start: float, end: float) -> list[Attempt]:
        """The attempts that began in [start, end]."""
        with self._lock:
            return [a for a in self.attempts if start <= a.started <= end]

    def within(self, start: float, end: float) -> list[Attempt]:
        """The attempts that began and were answered in [start, end]."""
        with self._lock:
            return [a for a in self.attempts if start <= a.started and a.started + a.seconds <= end]

    def successes_after(self, moment: float) -> int:
        with self._lock:
            return sum(1 for a in self.attempts if a.started >= moment and a.status < 300)


def send(
    client: httpx.Client, url: str, body: object, headers: dict[str, str]
) -> tuple[Attempt, httpx.Response | None]:
    started = time.monotonic()
    try:
        reply = client.post(url, json=body, headers=headers)
    except httpx.TransportError as error:
        return Attempt(started, time.monotonic() - started, 0, "", repr(error), None), None
    seconds = time.monotonic() - started
    media = reply.headers.get("content-type", "").split(";")[0]
    detail = reply.json().get("detail", "") if media == PROBLEM else ""
    retry = reply.headers.get("retry-after")
    return Attempt(started, seconds, reply.status_code, media, detail, retry), reply


def summary(attempts: Iterable[Attempt]) -> dict[str, object]:
    found = list(attempts)
    statuses: dict[int, int] = {}
    for attempt in found:
        statuses[attempt.status] = statuses.get(attempt.status, 0) + 1
    slowest = max((a.seconds for a in found), default=0.0)
    return {"requests": len(found), "statuses": statuses, "max_s": round(slowest, 3)}


def register_pilot(base_url: str, token: str) -> str:
    body = {"title": "Fault pilot", "question": "Does it hold?", "idea": "Keep writing"}
    headers = {"Authorization": f"Bearer {token}"}
    reply = httpx.post(f"{base_url}/api/v1/pilots", json=body, headers=headers, timeout=30)
    assert reply.status_code == 201, reply.text
    pilot_id: str = reply.json()["id"]
    return pilot_id


def stored_reflections(base_url: str, token: str, pilot_id: str) -> dict[str, str]:
    """The reflections the log holds for the pilot (the pilot is read by replaying it)."""
    headers = {"Authorization": f"Bearer {token}"}
    reply = httpx.get(f"{base_url}/api/v1/pilots/{pilot_id}", headers=headers, timeout=30)
    assert reply.status_code == 200, reply.text
    return {r["id"]: r["text"] for r in reply.json()["reflections"]}
