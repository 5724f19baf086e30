"""A real HTTP server for browser tests: uvicorn serving the app on 127.0.0.1 in a thread.

The listening socket is bound here, before the thread starts, so the port is known up front and
no other process can take it between "find a free port" and "listen". uvicorn installs signal
handlers only in the main thread, so running it in a worker thread leaves pytest's own handlers
(Ctrl-C) alone.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from types import TracebackType

import uvicorn
from litestar import Litestar

START_TIMEOUT_SECONDS = 15.0
STOP_TIMEOUT_SECONDS = 10.0


class LiveServer:
    """`with LiveServer(app) as server:` serves `app` at `server.base_url` until the block ends."""

    def __init__(self, app: Litestar, host: str = "127.0.0.1") -> None:
        self._app = app
        self._host = host
        self._socket: socket.socket | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None
        self.base_url = ""

    def start(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, 0))
        self._socket = sock
        port = sock.getsockname()[1]
        self.base_url = f"http://{self._host}:{port}"
        config = uvicorn.Config(
            self._app,
            loop="asyncio",
            http="h11",
            ws="none",
            lifespan="on",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=2,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name="e2e-uvicorn", daemon=True)
        self._thread.start()
        self._wait_until_healthy()

    def _serve(self) -> None:
        assert self._server is not None
        assert self._socket is not None
        try:
            self._server.run(sockets=[self._socket])
        except BaseException as error:  # reported by start() or stop(), never swallowed
            self._error = error

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self._thread is not None and not self._thread.is_alive():
                self.stop()
                raise RuntimeError(f"the server thread ended at start-up: {self._error!r}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/health", timeout=1) as reply:  # noqa: S310 - our own http://127.0.0.1 URL
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                last = error
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"{self.base_url}/health did not answer in time: {last!r}")

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT_SECONDS)
            alive = self._thread.is_alive()
            self._thread = None
            if alive:
                raise RuntimeError("the server thread did not stop in time")
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        if self._error is not None and not isinstance(self._error, SystemExit | KeyboardInterrupt):
            error, self._error = self._error, None
            raise RuntimeError("the server thread failed") from error

    def __enter__(self) -> LiveServer:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.stop()
