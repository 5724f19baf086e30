"""The `pilots` console script, run as operators and scripts run it: a real process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from uuid import UUID, uuid4

import pytest

from adapters.accounts import open_accounts
from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.pilot.commands import PlanCycle, RecordReflection, RegisterPilot
from domain.values import Prediction

PASSWORD = "pässwörd-ñ-日本語"
PILOTS = shutil.which("pilots", path=Path(sys.executable).parent)
# The script imports the package it was installed from; a shared environment may have been
# installed from another checkout, so the code under test goes first on the path.
SOURCE = str(Path(__file__).resolve().parents[2])


def pilots(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    assert PILOTS, "the console script `pilots` is not installed beside this Python"
    path = os.pathsep.join(filter(None, [SOURCE, os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PILOTS_DATABASE_URL": url, "PYTHONPATH": path}
    return subprocess.run(  # noqa: S603 - our own console script, with arguments from the tests
        [PILOTS, *args],
        input=stdin.encode(),
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )


def record_some_pilots(url: str) -> int:
    """Two pilots with a cycle and a reflection each; the number of events stored."""
    app = open_pilots(parse_database_url(url))
    try:
        stored = 0
        for title in ("Walk-in triage", "Ward huddles"):
            lead = uuid4()
            pilot_id = app.execute(
                RegisterPilot(title=title, question="Q?", idea="I"), lead
            ).pilot.id
            app.execute(
                PlanCycle(pilot_id, objective="Try it", predictions=[Prediction("Works?", "Yes")]),
                lead,
            )
            app.execute(RecordReflection(pilot_id, kind="experience", text="It went well"), lead)
            stored += len(app.history(pilot_id))
        return stored
    finally:
        app.close()


def test_users_add_with_a_password_on_stdin_creates_an_account_that_signs_in(sqlite_url):
    command = "users add Ann@Example.org --name Ann --role admin --password-stdin"

    done = pilots(sqlite_url, *command.split(), stdin=PASSWORD + "\nnot the password\n")

    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    assert len(done.stderr.splitlines()) == 1
    with open_accounts(parse_database_url(sqlite_url)) as accounts:
        ann = accounts.authenticate("ann@example.org", PASSWORD)
    assert ann is not None
    assert ann.role == "admin"


def test_users_add_without_a_password_says_so_on_stderr(sqlite_url):
    done = pilots(
        sqlite_url, "users", "add", "bot@example.org", "--name", "Bot", "--role", "reader"
    )

    assert done.returncode == 0, done.stderr
    assert b"no password" in done.stderr
    with open_accounts(parse_database_url(sqlite_url)) as accounts:
        bot = accounts.by_email("bot@example.org")
    assert bot is not None
    assert not bot.has_password


def test_users_token_prints_only_a_token_that_the_api_accepts(sqlite_url):
    pilots(sqlite_url, "users", "add", "ann@example.org", "--name", "Ann", "--role", "lead")

    done = pilots(sqlite_url, "users", "token", "ann@example.org")

    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode().splitlines()
    assert len(lines) == 1
    with open_accounts(parse_database_url(sqlite_url)) as accounts:
        account = accounts.account_for_token(lines[0])
    assert account is not None
    assert account.email == "ann@example.org"


@pytest.mark.parametrize(
    ("url", "command", "stdin"),
    [
        (None, "users add a@example.org --name A --role chief", ""),
        (None, "users add a@example.org --name A --role lead --password-stdin", "short\n"),
        (None, "users token nobody@example.org", ""),
        (None, "users", ""),
        ("mysql://localhost/pilots", "export", ""),
        ("postgresql://postgres@127.0.0.1:1/none", "users token a@example.org", ""),
    ],
    ids=["bad-role", "short-password", "unknown-email", "no-action", "bad-url", "unreachable"],
)
def test_a_failure_exits_non_zero_with_one_line_on_stderr(sqlite_url, url, command, stdin):
    done = pilots(url or sqlite_url, *command.split(), stdin=stdin)

    assert done.returncode != 0
    assert done.stdout == b""
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith(b"pilots: ")
    assert b"Traceback" not in done.stderr


def check_export(lines: list[str], stored: int) -> None:
    events = [json.loads(line) for line in lines]
    assert len(events) == stored
    positions = [e["position"] for e in events]
    assert positions == sorted(set(positions))
    assert [e["type"] for e in events].count("pilots:Registered") == 2
    for e in events:
        UUID(e["pilot_id"])
        assert e["version"] >= 1
        assert datetime.fromisoformat(e["at"]).tzinfo is not None
        assert e["actor"] == e["data"]["actor"]
        assert not {"originator_id", "originator_version", "timestamp"} & e["data"].keys()
    planned = next(e for e in events if e["type"] == "pilots:CyclePlanned")
    assert planned["data"]["predictions"] == [{"question": "Works?", "prediction": "Yes"}]


def test_export_writes_one_json_object_per_stored_event_in_log_order(sqlite_url):
    stored = record_some_pilots(sqlite_url)

    done = pilots(sqlite_url, "export")

    assert done.returncode == 0, done.stderr
    check_export(done.stdout.decode().splitlines(), stored)


def test_export_out_writes_the_file_whole_and_reports_the_count(sqlite_url, tmp_path):
    stored = record_some_pilots(sqlite_url)
    out = tmp_path / "exports" / "log.jsonl"
    out.parent.mkdir()

    done = pilots(sqlite_url, "export", "--out", str(out))

    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    assert done.stderr.decode().strip() == f"exported {stored} events to {out}"
    check_export(out.read_text().splitlines(), stored)
    assert os.listdir(out.parent) == ["log.jsonl"]  # no temporary file left behind


def test_export_of_an_empty_log_writes_nothing(sqlite_url):
    done = pilots(sqlite_url, "export")

    assert done.returncode == 0, done.stderr
    assert done.stdout == b""


@pytest.mark.postgres
def test_export_reads_the_log_from_postgresql(postgres_url):
    stored = record_some_pilots(postgres_url)

    done = pilots(postgres_url, "export")

    assert done.returncode == 0, done.stderr
    check_export(done.stdout.decode().splitlines(), stored)
