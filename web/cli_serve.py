"""The `serve` and `demo` commands of `pilots`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

from adapters.bootstrap import Services, bootstrap
from adapters.demo_data import DEMO_PASSWORD, seed
from adapters.settings import Settings, parse_database_url
from web.app import create_app

if TYPE_CHECKING:
    from web.cli_commands import Subcommands

DEMO_DATABASE = Path("pilots-demo.sqlite3")


def add_serve(commands: Subcommands) -> None:
    serve = commands.add_parser("serve", help="serve the web app and the API")
    _host_and_port(serve)
    serve.set_defaults(run=run_serve)


def add_demo(commands: Subcommands) -> None:
    demo = commands.add_parser(
        "demo", help="build a fresh demo database on the embedded store and serve it"
    )
    _host_and_port(demo)
    demo.set_defaults(run=run_demo)


def _host_and_port(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=8000, help="port to listen on")


def run_serve(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    settings.resolved_secret_key()  # a missing key is a one-line error now, not at first request
    services = bootstrap(settings)
    print(f"pilots: serving the {settings.store} store", file=sys.stderr)
    return _serve(services, args)


def run_demo(args: argparse.Namespace) -> int:
    """Always a fresh file beside the working folder's own database, never instead of it."""
    for leftover in DEMO_DATABASE.parent.glob(f"{DEMO_DATABASE.name}*"):
        leftover.unlink()
    services = bootstrap(parse_database_url(f"sqlite:///{DEMO_DATABASE}"))
    print("pilots: building the demo scenario ...", file=sys.stderr)
    people = seed(services.pilots, services.accounts)
    print(f"\nPilot Tracker demo: open http://{args.host}:{args.port}/")
    print(f"Sign in with any of these accounts, password {DEMO_PASSWORD!r}:")
    for name, email in people.items():
        account = services.accounts.by_email(email)
        role = account.role.value if account else "?"
        print(f"  {email:<22} {name} ({role})")
    print(flush=True)
    return _serve(services, args)


def _serve(services: Services, args: argparse.Namespace) -> int:
    try:
        uvicorn.run(
            create_app(services), host=args.host, port=args.port, log_level="info",
            proxy_headers=False, server_header=False,
        )  # fmt: skip
    finally:
        services.close()
    return 0
