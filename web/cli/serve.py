"""`pilots serve` and `pilots demo`: the web app and the API, over uvicorn."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from adapters.bootstrap import Services, bootstrap
from adapters.demo import DEMO_PASSWORD, seed
from adapters.settings import Settings, parse_database_url
from web.cli.base import Command

DEMO_DATABASE = Path("pilots-demo.sqlite3")

F = TypeVar("F", bound=Callable[..., Any])


def _host_and_port(command: F) -> F:
    port = click.option(
        "--port", type=int, default=8000, show_default=True, help="port to listen on"
    )
    host = click.option(
        "--host", default="127.0.0.1", show_default=True, help="address to listen on"
    )
    return host(port(command))


@click.command(cls=Command, help="serve the web app and the API")
@_host_and_port
def serve(host: str, port: int) -> None:
    settings = Settings.from_env()
    settings.resolved_secret_key()  # a missing key is a one-line error now, not at first request
    services = bootstrap(settings)
    print(f"pilots: serving the {settings.store} store", file=sys.stderr)
    _serve(services, host, port)


@click.command(
    cls=Command,
    short_help="serve a fresh demo database",
    help="build a fresh demo database on the embedded store and serve it",
)
@_host_and_port
def demo(host: str, port: int) -> None:
    """Always a fresh file beside the working folder's own database, never instead of it."""
    for leftover in DEMO_DATABASE.parent.glob(f"{DEMO_DATABASE.name}*"):
        leftover.unlink()
    services = bootstrap(parse_database_url(f"sqlite:///{DEMO_DATABASE}"))
    print("pilots: building the demo scenario ...", file=sys.stderr)
    people = seed(services.pilots, services.accounts)
    print(f"\nPilot Tracker demo: open http://{host}:{port}/")
    print(f"Sign in with any of these accounts, password {DEMO_PASSWORD!r}:")
    for name, email in people.items():
        account = services.accounts.by_email(email)
        role = account.role.value if account else "?"
        print(f"  {email:<22} {name} ({role})")
    print(flush=True)
    _serve(services, host, port)


def _serve(services: Services, host: str, port: int) -> None:
    # Imported here: the other commands, and --help, never load the web app or the server.
    import uvicorn

    from web.app import create_app

    try:
        uvicorn.run(
            create_app(services), host=host, port=port, log_level="info",
            proxy_headers=False, server_header=False,
        )  # fmt: skip
    finally:
        services.close()
