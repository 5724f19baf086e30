"""B2 for the cross-pilot views: the size and p50/p95 of `/`, `/learning`, the learning summary
and the question ledger's first page, through `pilots serve` on 127.0.0.1, over a store that
already holds a programme (`python -m benchmarks generate large`).

`python -m benchmarks.views URL [ROUNDS]` signs in one account (a lead on no pilot's team),
reads each route ROUNDS times in turn after one warm-up read, and prints one line a route.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time

import httpx

from benchmarks.freshness import _free_port, _pilots, _wait_until_healthy

ROUTES = {
    "/": "page",
    "/learning": "page",
    "/api/v1/learning/summary": "api",
    "/api/v1/learning/questions?status=open": "api",
}
EMAIL, PASSWORD = "b2@example.org", "b2-bench-password-long"


def main(url: str, rounds: int) -> None:
    env = {**os.environ, "PILOTS_DATABASE_URL": url, "PILOTS_SECRET_KEY": "b2-" * 12}
    token = _account(env)
    port = _free_port()
    command = [sys.executable, "-m", "web.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_healthy(base, server)
        api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        page = _signed_in(base)
        for route, kind in ROUTES.items():
            client = api if kind == "api" else page
            client.get(route)  # warm-up
            times, size = [], 0
            for _ in range(rounds):
                started = time.perf_counter()
                answer = client.get(route)
                times.append((time.perf_counter() - started) * 1000)
                answer.raise_for_status()
                size = len(answer.content)
            times.sort()
            p95 = times[max(0, round(0.95 * len(times)) - 1)]
            print(f"{route:45} {size / 1000:9.1f} KB  p50 {statistics.median(times):8.1f} ms"
                  f"  p95 {p95:8.1f} ms")  # fmt: skip
            tag = answer.headers.get("etag")
            if tag:
                started = time.perf_counter()
                again = client.get(route, headers={"If-None-Match": tag})
                took = (time.perf_counter() - started) * 1000
                print(f"{'  ... with If-None-Match':45} {again.status_code} in {took:.1f} ms")
        _report(api)
    finally:
        server.terminate()
        server.wait(timeout=20)


def _report(api: httpx.Client) -> None:
    """The programme report twice: built at the first request, looked up at the second."""
    for fmt in ("text/html", "text/markdown", "application/json"):
        for _ in range(2):
            started = time.perf_counter()
            answer = api.get("/api/v1/learning/report", headers={"Accept": fmt}, timeout=300)
            took = (time.perf_counter() - started) * 1000
            cache = answer.headers.get("x-report-cache", "-")
            print(f"report {fmt:31} {len(answer.content) / 1000:9.1f} KB  {took:9.1f} ms  {cache}")


def _account(env: dict[str, str]) -> str:
    subprocess.run(  # noqa: S603 - our own command line, fixed arguments; fails if made before
        [sys.executable, "-m", "web.cli", "users", "add", EMAIL, "--name", "Bench Two",
         "--role", "lead", "--password-stdin"],
        env=env, input=PASSWORD, text=True, capture_output=True, check=False,
    )  # fmt: skip
    return _pilots(env, "users", "token", EMAIL).strip()


def _signed_in(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=60)
    form = client.get("/login").text
    csrf = re.search(r'name="_csrf_token" value="([^"]+)"', form)
    data = {"email": EMAIL, "password": PASSWORD, "next": "/"}
    if csrf:
        data["_csrf_token"] = csrf.group(1)
    if client.post("/login", data=data).status_code != 303:
        raise RuntimeError("could not sign in")
    return client


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
