"""`python -m benchmarks generate SIZE`, the data-set generator scripts outside the repo call:
it fills an empty store the product then reads, with a realistic mix of who may read what,
and refuses a store that already holds events."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.pilot.events import (
    QuestionSetRecorded,
    ReflectionRecorded,
    ReflectionWithdrawn,
)
from domain.values import Visibility

ROOT = Path(__file__).resolve().parents[2]


def generate(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own module, with arguments from the tests
        [sys.executable, "-m", "benchmarks", "generate", *args],
        cwd=ROOT,
        env={**os.environ, "PILOTS_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_small_fills_an_empty_store_the_product_reads(store_url: str) -> None:
    done = generate(store_url, "small")
    assert done.returncode == 0, done.stderr
    assert "round 10 of 10" in done.stderr
    pilots = open_pilots(parse_database_url(store_url))
    try:
        notifications = pilots.recorder.select_notifications(1, 20_000)
        events = [pilots.mapper.to_domain_event(n) for n in notifications]
    finally:
        pilots.close()
    assert 9_000 <= len(events) <= 11_000
    assert f"{len(events):,} events in 100 pilots" in done.stdout
    reflections = Counter(e.visibility for e in events if isinstance(e, ReflectionRecorded))
    sets = Counter(e.visibility for e in events if isinstance(e, QuestionSetRecorded))
    # "About a third of its question sets and most reflections are community."
    assert 0.25 <= sets[Visibility.COMMUNITY] / sets.total() <= 0.42, sets
    assert sets[Visibility.TEAM] + sets[Visibility.COMMUNITY] == sets.total()
    assert 0.6 <= reflections[Visibility.COMMUNITY] / reflections.total() <= 0.8, reflections
    assert reflections[Visibility.TEAM] > reflections[Visibility.PRIVATE] > 0
    assert any(isinstance(e, ReflectionWithdrawn) for e in events)


def test_a_store_that_holds_events_is_refused_in_one_line(sqlite_url: str) -> None:
    assert generate(sqlite_url, "small").returncode == 0
    again = generate(sqlite_url, "small")
    assert again.returncode == 1
    assert again.stderr.strip().count("\n") == 0
    assert "already holds events" in again.stderr


def test_an_unknown_size_or_store_is_a_clear_error(sqlite_url: str) -> None:
    unknown = generate(sqlite_url, "medium")
    assert unknown.returncode == 2
    assert "invalid choice: 'medium'" in unknown.stderr
    bad_url = generate("bogus://x", "small")
    assert bad_url.returncode == 1
    assert bad_url.stderr.strip() == (
        "python -m benchmarks generate: PILOTS_DATABASE_URL 'bogus://x': "
        "the scheme must be sqlite, postgresql or memory"
    )
    assert "Traceback" not in unknown.stderr + bad_url.stderr
