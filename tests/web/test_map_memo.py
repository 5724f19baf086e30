"""What the map's reads keep at one position of the origins model: made once while that is the
latest position read, dropped as soon as a later one is read, and a read behind it never kept."""

from __future__ import annotations

from web.map.memo import Kept


def test_kept_at_the_latest_position_and_dropped_at_the_next() -> None:
    kept, made = Kept(), []

    def make(value: str) -> str:
        made.append(value)
        return value

    assert kept.get(5, "map", lambda: make("at 5")) == "at 5"
    assert kept.get(5, "map", lambda: make("again")) == "at 5"
    assert kept.get(6, "map", lambda: make("at 6")) == "at 6"
    assert kept.get(5, "map", lambda: make("behind")) == "behind"  # not served from 6, not kept
    assert kept.get(6, "map", lambda: make("again")) == "at 6"
    assert kept.get(7, "other", lambda: make("at 7")) == "at 7"
    assert kept.get(7, "map", lambda: make("map at 7")) == "map at 7"  # 6's entry is gone
    assert made == ["at 5", "at 6", "behind", "at 7", "map at 7"]


def test_at_most_size_entries_are_kept() -> None:
    kept = Kept(size=2)
    for key in "abc":
        kept.get(1, key, lambda k=key: k)
    assert kept.get(1, "c", lambda: "made again") == "made again"
    assert kept.get(1, "a", lambda: "made again") == "a"
