"""A story's words (its text, title and the name of a teller without an account) are stored
sealed under the story's own key; after the story is withdrawn they are in none of the places
an operator can read: the events and snapshots, `pilots export`, the bytes of the SQLite file
after a checkpoint, a pg_dump; the answers kept before it are gone. Moved to another store by
export and import, the story stays withdrawn, and a story never withdrawn is sealed again."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.errors import RuleViolated
from domain.origins.commands import ReviseStory
from tests.consent.stories import KEPT_STORY, SECRET, THEME, Told, story_withdrawn
from tests.consent.support import occurrences, pg_dump, sqlite_file_bytes
from tests.consent.test_import_withdrawn import exported, keys_of, move
from tests.consent.test_withdrawn_everywhere import key_copies, sqlite_path
from tests.integration.test_cli import pilots as run_pilots


def test_the_stored_events_and_snapshot_of_a_story_hold_its_words_sealed(sqlite_url: str) -> None:
    told = story_withdrawn(parse_database_url(sqlite_url), with_read_models=False)
    app = open_pilots(parse_database_url(sqlite_url))
    try:
        stored = [e.state for e in app.recorder.select_events(told.story_id)]
        assert app.snapshots is not None
        snapshots = [s.state for s in app.snapshots.recorder.select_events(told.story_id)]
        assert len(stored) == 3
        assert len(snapshots) == 1
        assert sum(occurrences(state, SECRET) for state in stored + snapshots) == 0
        # The theme is not withdrawable: the recording, the revision and the snapshot hold it.
        assert sum(occurrences(state, THEME) for state in stored + snapshots) == 3
        story = app.story(told.story_id)
        assert (story.text, story.title, story.told_by_name) == (None, None, None)
        assert story.themes == (THEME,)
        assert story.withdrawn_on is not None
        assert app.story(told.story_id, version=2).text is None  # every version, as of any time
        assert app.story(told.kept_id).text == KEPT_STORY
        with pytest.raises(RuleViolated, match="withdrawn"):
            app.execute(ReviseStory(told.story_id, text="Back", title="", themes=(), rationale="?"),
                        told.recorder, role="member")  # fmt: skip
    finally:
        app.close()


def test_pilots_export_writes_a_withdrawn_storys_words_as_null(store_url: str) -> None:
    story_withdrawn(parse_database_url(store_url), with_read_models=False)
    done = run_pilots(store_url, "export")
    assert done.returncode == 0, done.stderr
    found = occurrences(done.stdout, SECRET)
    print(f"\npilots export ({store_url.split(':')[0]}): {found} copies of a withdrawn story")
    assert found == 0
    assert occurrences(done.stdout, THEME) > 0
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    recorded, revised = (next(line["data"] for line in lines if line["type"] == kind)
                         for kind in ("origins:StoryRecorded", "origins:StoryRevised"))  # fmt: skip
    assert (recorded["text"], recorded["title"], recorded["told_by_name"]) == (None, None, None)
    assert (revised["text"], revised["title"]) == (None, None)


def test_the_sqlite_file_holds_no_copy_of_a_withdrawn_storys_words_nor_its_key(
    sqlite_url: str,
) -> None:
    told = story_withdrawn(parse_database_url(sqlite_url), with_read_models=True)
    data = sqlite_file_bytes(sqlite_path(sqlite_url))
    text, key = occurrences(data, SECRET), key_copies(data, told.key)
    print(f"\nSQLite file with read models: {text} copies of the story's words, {key} of its key")
    assert (text, key) == (0, 0)
    assert occurrences(data, THEME) > 0


@pytest.mark.postgres
def test_a_pg_dump_holds_no_copy_of_a_withdrawn_storys_words_nor_its_key(
    postgres_url: str,
) -> None:
    told = story_withdrawn(parse_database_url(postgres_url), with_read_models=True)
    dump = pg_dump(postgres_url)
    text, key = occurrences(dump, SECRET), key_copies(dump, told.key)
    print(f"\npg_dump with read models: {text} copies of the story's words, {key} of its key")
    assert (text, key) == (0, 0)
    assert occurrences(dump, THEME) > 0


def check_story_moved(source: str, target: str, tmp_path: Path) -> Told:
    told = story_withdrawn(parse_database_url(source), with_read_models=True)
    file, again = move(source, target, tmp_path)
    assert again == file
    assert (occurrences(file, SECRET), occurrences(again, SECRET)) == (0, 0)
    (kept_before,) = keys_of(source, told.kept_id)
    tombstone, kept_after = keys_of(target, told.story_id, told.kept_id)
    assert tombstone is None
    assert kept_after is not None
    assert kept_after != kept_before  # fresh, not the source's
    app = open_pilots(parse_database_url(target))
    try:
        story = app.story(told.story_id)
        assert (story.text, story.title, story.withdrawn_on is not None) == (None, None, True)
        assert app.story(told.kept_id).text == KEPT_STORY
    finally:
        app.close()
    return told


def test_a_withdrawn_story_stays_withdrawn_when_moved_to_another_sqlite_file(
    tmp_path: Path,
) -> None:
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    check_story_moved(f"sqlite:///{tmp_path / 'source.sqlite3'}", target, tmp_path)
    data = sqlite_file_bytes(sqlite_path(target))
    assert occurrences(data, SECRET) == 0
    assert occurrences(data, THEME) > 0
    assert occurrences(exported(target, tmp_path / "third.jsonl"), KEPT_STORY) == 1


@pytest.mark.postgres
def test_a_withdrawn_story_stays_withdrawn_when_moved_to_postgresql(
    sqlite_url: str, postgres_url: str, tmp_path: Path
) -> None:
    check_story_moved(sqlite_url, postgres_url, tmp_path)
    dump = pg_dump(postgres_url)
    assert occurrences(dump, SECRET) == 0
    assert occurrences(dump, THEME) > 0
