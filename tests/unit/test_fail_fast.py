"""The small parts that keep a request within 2 s when the database is in trouble (R9, R11,
R12): the pool size setting, the deadline its waits share, and the reason its 503 gives."""

from __future__ import annotations

import time

import pytest

from adapters.deadline import MIN_WAIT_SECONDS, wait_for, waiting_at_most
from adapters.settings import DEFAULT_POOL_SIZE, Settings, SettingsError
from adapters.store import event_store_env


def test_the_pool_size_is_10_unless_set_and_splits_into_kept_and_overflow() -> None:
    url = {"PILOTS_DATABASE_URL": "postgresql://u@h:5432/d"}
    assert Settings.from_env(url).pool_size == DEFAULT_POOL_SIZE == 10
    env = event_store_env(Settings.from_env(url | {"PILOTS_POOL_SIZE": "7"}))
    assert (env["POSTGRES_POOL_SIZE"], env["POSTGRES_MAX_OVERFLOW"]) == ("3", "4")


@pytest.mark.parametrize("raw", ["0", "1", "ten", "-3", "201"])
def test_a_pool_size_that_cannot_be_used_is_a_settings_error(raw: str) -> None:
    with pytest.raises(SettingsError, match="PILOTS_POOL_SIZE"):
        Settings.from_env({"PILOTS_POOL_SIZE": raw})


def test_without_a_deadline_a_wait_is_as_long_as_asked() -> None:
    assert wait_for(3.0) == 3.0


def test_a_deadline_shortens_every_wait_to_what_is_left_but_never_to_nothing() -> None:
    with waiting_at_most(0.2):
        assert 0.1 < wait_for(3.0) <= 0.2
        time.sleep(0.25)
        assert wait_for(3.0) == MIN_WAIT_SECONDS
    assert wait_for(3.0) == 3.0
