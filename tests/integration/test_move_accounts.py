"""`pilots users export` and `pilots users import`: the accounts move with the log, so after a
move every person signs in with the password they had and still leads the pilots they led."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest

from adapters.accounts import open_accounts
from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.pilot.commands import RegisterPilot
from domain.values import Role
from tests.integration.test_cli import pilots

PASSWORD = "a password to move with"


def lead_a_pilot(url: str) -> tuple[str, str]:
    """An account with a password, leading a pilot; its id and the pilot's."""
    with open_accounts(parse_database_url(url)) as accounts:
        lead = accounts.add("lee@example.org", "Lee Lead", "lead", PASSWORD)
        accounts.add("rae@example.org", "Rae Reader", "reader", None)
    app = open_pilots(parse_database_url(url))
    try:
        pilot = app.execute(RegisterPilot(title="Walks", question="How?", idea="Walk"), lead.id)
    finally:
        app.close()
    return str(lead.id), str(pilot.pilot.id)


@pytest.mark.slow
def test_a_programme_moves_with_its_accounts(
    sqlite_url: str, postgres_url: str, tmp_path: Path
) -> None:
    lead_id, pilot_id = lead_a_pilot(sqlite_url)
    log, people = tmp_path / "log.jsonl", tmp_path / "accounts.jsonl"
    for args in (("export", "--out", str(log)), ("users", "export", "--out", str(people))):
        done = pilots(sqlite_url, *args)
        assert done.returncode == 0, done.stderr
    assert pilots(sqlite_url, "users", "export").stdout == people.read_bytes()
    for args in (("import", str(log)), ("users", "import", str(people))):
        done = pilots(postgres_url, *args)
        assert done.returncode == 0, done.stderr
    assert done.stderr.decode().strip() == f"imported 2 accounts from {people}"
    with open_accounts(parse_database_url(postgres_url)) as accounts:
        signed_in = accounts.authenticate("lee@example.org", PASSWORD)
        assert signed_in is not None
        assert str(signed_in.id) == lead_id
        assert [a.email for a in accounts.all()] == ["lee@example.org", "rae@example.org"]
    app = open_pilots(parse_database_url(postgres_url))
    try:
        assert app.pilot(UUID(pilot_id)).team == {signed_in.id: Role.LEAD}
    finally:
        app.close()
    assert pilots(postgres_url, "users", "export").stdout == people.read_bytes()


def test_a_store_with_accounts_is_refused_and_nothing_is_written(
    sqlite_url: str, tmp_path: Path
) -> None:
    lead_a_pilot(sqlite_url)
    people = tmp_path / "accounts.jsonl"
    assert pilots(sqlite_url, "users", "export", "--out", str(people)).returncode == 0
    done = pilots(sqlite_url, "users", "import", str(people))
    assert done.returncode == 1
    assert done.stderr.decode() == (
        "pilots: the store already has accounts; load them into a new store\n"
    )


def test_a_bad_line_is_named_and_nothing_is_written(sqlite_url: str, tmp_path: Path) -> None:
    source = tmp_path / "source.sqlite3"
    lead_a_pilot(f"sqlite:///{source}")
    people = tmp_path / "accounts.jsonl"
    assert pilots(f"sqlite:///{source}", "users", "export", "--out", str(people)).returncode == 0
    good = people.read_text().splitlines()
    people.write_text("\n".join([good[0], good[1].replace('"reader"', '"owner"')]) + "\n")
    done = pilots(sqlite_url, "users", "import", str(people))
    assert done.returncode == 1
    message = done.stderr.decode()
    assert message.startswith(f"pilots: {people}, line 2: ")
    assert message.count("\n") == 1
    with open_accounts(parse_database_url(sqlite_url)) as accounts:
        assert accounts.all() == []
