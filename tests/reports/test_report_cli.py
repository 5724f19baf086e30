"""`pilots report`, run as operators run it: a real process over the embedded store."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from projections.reports.pilot_report import pilot_report
from projections.reports.programme_report import programme_report
from projections.reports.render import render
from tests.integration.test_cli import pilots as run
from tests.reports.programmes import Small, small_programme


@pytest.fixture
def programme(sqlite_url: str) -> Small:
    app = open_pilots(parse_database_url(sqlite_url))
    try:
        return small_programme(app)
    finally:
        app.close()


def built(
    url: str, kind: str, fmt: str, stamp: int | None = None, pilot: Small | None = None
) -> bytes:
    app = open_pilots(parse_database_url(url))
    try:
        if kind == "pilot":
            assert pilot is not None
            return render(pilot_report(app, pilot.a, stamp), fmt)  # type: ignore[arg-type]
        return render(programme_report(app, stamp), fmt)  # type: ignore[arg-type]
    finally:
        app.close()


def test_a_pilot_report_goes_to_stdout_as_markdown_by_default(
    sqlite_url: str, programme: Small
) -> None:
    done = run(sqlite_url, "report", "pilot", str(programme.a))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"# Learning report: Story circles")
    assert done.stdout == built(sqlite_url, "pilot", "md", pilot=programme)


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_a_report_at_a_stamp_is_written_whole_to_a_file(
    sqlite_url: str, programme: Small, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / f"report.{fmt}"
    done = run(sqlite_url, "report", "programme", "--format", fmt, "--position", "9",
               "--out", str(out))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == b""
    assert done.stderr.decode().strip() == f"wrote Log position 9 to {out}"
    assert out.read_bytes() == built(sqlite_url, "programme", fmt, 9)
    assert [p.name for p in folder.iterdir()] == [out.name]  # no temporary file left behind


def test_the_same_stamp_writes_the_same_bytes_again(sqlite_url: str, programme: Small) -> None:
    args = ("report", "pilot", str(programme.b), "--format", "json", "--version", "3")
    first, second = run(sqlite_url, *args), run(sqlite_url, *args)
    assert first.stdout == second.stdout
    assert (
        json.loads(first.stdout)["stamp"] == f"Pilot {programme.b} at version 3, for the community"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pilot", "nope"), "argument ID: 'nope' is not a pilot id"),
        (("pilot", "00000000-0000-0000-0000-000000000000"), "no such pilot"),
        (("pilot", "{a}", "--version", "0"), "argument --version: must be a whole number of 1"),
        (("pilot", "{a}", "--version", "99"), "the pilot has no version 99 yet"),
        (("programme", "--format", "pdf"), "argument --format: invalid choice: 'pdf'"),
        (("programme", "--position", "9999"), "the log has no position 9999 yet"),
        (("programme", "--out", "/no/such/folder/report.md"), "cannot write /no/such/folder"),
        (("everything",), "argument pilot|programme: invalid choice: 'everything'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_a_failing_exit(
    sqlite_url: str, programme: Small, args: tuple[str, ...], message: str
) -> None:
    done = run(sqlite_url, "report", *(a.format(a=programme.a) for a in args))
    assert done.returncode != 0
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("pilots: ")
    assert message in lines[0]


def test_a_programme_report_is_kept_so_the_same_stamp_is_a_lookup(
    sqlite_url: str, programme: Small
) -> None:
    args = ("report", "programme", "--format", "md", "--position", "9")
    first = run(sqlite_url, *args)
    database = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    try:
        kept = database.execute(
            "SELECT format, body FROM kept_reports WHERE position = 9 ORDER BY format"
        ).fetchall()
        # Made different on purpose: a second run that printed it was a lookup, not a build.
        database.execute("UPDATE kept_reports SET body = 'kept' WHERE format = 'md'")
        database.commit()
    finally:
        database.close()
    assert [fmt for fmt, _ in kept] == ["html", "json", "md"]
    assert dict(kept)["md"].encode() == first.stdout == built(sqlite_url, "programme", "md", 9)
    assert run(sqlite_url, *args).stdout == b"kept"
