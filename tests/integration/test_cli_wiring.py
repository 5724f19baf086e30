"""How the `pilots` command line is put together: usage errors, help, Ctrl-C, and the same
commands mounted in Litestar's own CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import click
import pytest

from tests.integration.test_cli import pilots
from web.cli import main
from web.cli.plugin import PilotsCLIPlugin

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/none"
COMMANDS = {"serve", "demo", "users", "export", "import", "report", "projections"}


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("", "the following arguments are required: COMMAND (see `pilots --help`)"),
        ("bogus", "argument COMMAND: invalid choice: 'bogus' (choose from 'serve', 'demo',"),
        ("users add", "the following arguments are required: EMAIL, --name, --role (see"),
        ("users add a@example.org --name", "argument --name: requires an argument"),
        ("users token a@example.org b@example.org", "unrecognized arguments: b@example.org"),
        ("export --bogus", "unrecognized arguments: --bogus (see `pilots export --help`)"),
        ("serve --port eighty", "argument --port: 'eighty' is not a valid integer"),
        ("projections", "the following arguments are required: status|run|rebuild"),
    ],
    ids=["no-command", "bad-command", "missing", "no-value", "extra", "option", "int", "group"],
)
def test_a_usage_error_is_one_line_and_exit_status_2(command: str, message: str) -> None:
    done = pilots(UNREACHABLE, *command.split())

    assert done.returncode == 2
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("pilots: ")
    assert message in lines[0]


@pytest.mark.parametrize("command", ["--help", "-h", "users add --help", "report pilot -h"])
def test_help_needs_no_database(command: str) -> None:
    done = pilots(UNREACHABLE, *command.split())

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"Usage: pilots")
    assert done.stderr == b""


def test_parsing_and_help_do_not_load_the_web_app() -> None:
    script = (
        "import sys; from web.cli import main; status = main(['serve', '--help']); "
        "print(status, sorted(m for m in ('web.app', 'uvicorn', 'litestar') if m in sys.modules))"
    )
    done = subprocess.run(  # noqa: S603 - this Python, with a script of the test's own
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.splitlines()[-1] == "0 []"


def test_ctrl_c_exits_130_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted() -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("web.cli.users._read_password", interrupted)

    status = main(["users", "add", "a@example.org", "--name", "A", "--role", "lead",
                   "--password-stdin"])  # fmt: skip

    assert status == 130
    assert capsys.readouterr().err.splitlines() == ["pilots: interrupted"]


def test_the_litestar_plugin_mounts_the_pilots_commands_in_litestars_cli() -> None:
    litestar_cli = click.Group("litestar")

    PilotsCLIPlugin().on_cli_init(litestar_cli)

    mounted = litestar_cli.commands["pilots"]
    assert isinstance(mounted, click.Group)
    assert set(mounted.commands) == COMMANDS


def litestar(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PILOTS_DATABASE_URL": url}
    return subprocess.run(  # noqa: S603 - Litestar's CLI in this Python, on our own app
        [sys.executable, "-m", "litestar", "--app", "web.asgi:app_from_env", *args],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip


def test_litestars_cli_runs_the_pilots_commands_of_the_app(sqlite_url: str) -> None:
    listing = litestar(sqlite_url, "--help")
    status = litestar(sqlite_url, "pilots", "projections", "status")
    refused = litestar(sqlite_url, "pilots", "report", "everything")

    assert listing.returncode == 0, listing.stderr
    assert " pilots " in listing.stdout
    assert status.returncode == 0, status.stderr
    assert status.stdout.splitlines()[0].split() == ["model", "position", "head", "lag"]
    assert refused.returncode == 2
    assert refused.stderr.splitlines() == [
        "pilots: argument pilot|programme: invalid choice: 'everything' "
        "(choose from 'pilot', 'programme') (see `python -m litestar pilots report --help`)"
    ]
