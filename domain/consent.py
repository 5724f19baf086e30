"""Text that the person who wrote it may withdraw for good.

A class that holds such text names its fields in `WITHDRAWABLE` and, with `withdrawable_key()`,
the entry whose consent governs them. The domain reads and writes plain strings. Storage keeps
these fields sealed under a key of that entry's own, so withdrawing the entry (deleting its
key) makes every stored copy of the text unreadable, in events and in snapshots alike: a field
whose key is gone reads back as None. An event that withdraws an entry names it with
`withdraws()`; once such an event is recorded, storage deletes the entry's key.

The withdrawable entries are a pilot's reflections (`ReflectionRecorded`, the corrections of
one) and stories (`origins:StoryRecorded`, `StoryRevised`: a story's text, title and the name of
a teller without an account), each sealed under the key of its own id.
"""

from __future__ import annotations

from uuid import UUID

# The entries a person may withdraw, by the prefix of their name (as corrections name them).
WITHDRAWABLE_ENTRIES = ("reflection", "story")


def entry_key(entry: str) -> UUID | None:
    """The key of a withdrawable entry named as `reflection:ID` or `story:ID`; None for any
    other entry."""
    kind, _, rest = entry.partition(":")
    if kind not in WITHDRAWABLE_ENTRIES:
        return None
    try:
        return UUID(rest)
    except ValueError:
        return None
