"""The origins read model: stories, workshops and what they produced, and the pilots that test
their ideas, kept so that the co-creation map can be drawn as it stood at any moment, and a
story's trail followed (`queries` reads them; `fold` makes the rows).

Tables, each row stamped with the log position and the time of the event that made it:
- `rm_origins_stories`: a story's consent, who recorded it, its teller (an account, or a name)
  and, once withdrawn, the day and time; `rm_origins_story_texts`: each version of its title,
  text and themes. A withdrawal takes the words from every version in the same batch.
- `rm_origins_workshops`: each workshop's title and day.
- `rm_origins_statements`: each version of a principle, framing question or idea (`revision` 0
  for the first), with an idea's framing question and the pilot that gave rise to it;
  `rm_origins_links`: the links of that version, in order (a principle's stories, the principles
  a framing question or an idea draws on).
- `rm_origins_lineage`: what a merged or split idea became.
- `rm_origins_pilots`: a pilot's tie (the idea it tests, the framing question it serves);
  `rm_origins_pilot_states`: its title or its status each time one changes (the other None);
  `rm_origins_decisions`: each cycle's decision.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from domain.pilot import events as pilots
from projections.engine.base import Notice, ReadModel, Sql
from projections.engine.rows import rows_of_pilots
from projections.origins.fold import OriginsFold

_TABLES = (
    "CREATE TABLE IF NOT EXISTS rm_origins_stories (story_id TEXT PRIMARY KEY, "
    "consent TEXT NOT NULL, recorded_by TEXT NOT NULL, told_by TEXT, told_by_name TEXT, "
    "position BIGINT NOT NULL, at TEXT NOT NULL, withdrawn_on TEXT, withdrawn_at TEXT)",
    "CREATE TABLE IF NOT EXISTS rm_origins_story_texts (story_id TEXT NOT NULL, "
    "position BIGINT NOT NULL, at TEXT NOT NULL, title TEXT, text TEXT, themes TEXT NOT NULL, "
    "PRIMARY KEY (story_id, position))",
    "CREATE TABLE IF NOT EXISTS rm_origins_workshops (workshop_id TEXT PRIMARY KEY, "
    "title TEXT NOT NULL, held_on TEXT NOT NULL, position BIGINT NOT NULL, at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS rm_origins_statements (id TEXT NOT NULL, "
    "position BIGINT NOT NULL, at TEXT NOT NULL, kind TEXT NOT NULL, workshop_id TEXT NOT NULL, "
    "text TEXT NOT NULL, framing TEXT, from_pilot TEXT, revision INTEGER NOT NULL, "
    "PRIMARY KEY (id, position))",
    "CREATE TABLE IF NOT EXISTS rm_origins_links (id TEXT NOT NULL, position BIGINT NOT NULL, "
    "ordinal INTEGER NOT NULL, at TEXT NOT NULL, linked TEXT NOT NULL, "
    "PRIMARY KEY (id, position, ordinal))",
    "CREATE TABLE IF NOT EXISTS rm_origins_lineage (idea_id TEXT NOT NULL, "
    "ordinal INTEGER NOT NULL, became TEXT NOT NULL, how TEXT NOT NULL, "
    "position BIGINT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (idea_id, ordinal))",
    "CREATE TABLE IF NOT EXISTS rm_origins_pilots (pilot_id TEXT PRIMARY KEY, tests_idea TEXT, "
    "framing TEXT, position BIGINT NOT NULL, at TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS rm_origins_pilot_states (pilot_id TEXT NOT NULL, "
    "position BIGINT NOT NULL, at TEXT NOT NULL, title TEXT, status TEXT, "
    "PRIMARY KEY (pilot_id, position))",
    "CREATE TABLE IF NOT EXISTS rm_origins_decisions (pilot_id TEXT NOT NULL, "
    "cycle INTEGER NOT NULL, decision TEXT NOT NULL, position BIGINT NOT NULL, "
    "at TEXT NOT NULL, PRIMARY KEY (pilot_id, cycle))",
)
# The events of a pilot kept here that change its title, status or decisions.
_CHANGING = (pilots.EntryCorrected, pilots.Paused, pilots.Resumed, pilots.Concluded,
             pilots.CycleDecided)  # fmt: skip


class OriginsModel(ReadModel):
    name = "origins"
    tables = (
        "rm_origins_stories", "rm_origins_story_texts", "rm_origins_workshops",
        "rm_origins_statements", "rm_origins_links", "rm_origins_lineage", "rm_origins_pilots",
        "rm_origins_pilot_states", "rm_origins_decisions",
    )  # fmt: skip
    origins: ClassVar[bool] = True

    def create(self, sql: Sql) -> None:
        for statement in _TABLES:
            sql.run(statement)

    def apply(self, sql: Sql, batch: Sequence[Notice]) -> None:
        changing = [n.pilot for n in batch if isinstance(n.event, _CHANGING)]
        fold = OriginsFold(_tied(sql, list(dict.fromkeys(changing))))
        take = fold.event  # bound once a batch: see `projections.engine`
        for notice in batch:
            take(notice.event, notice)
        _save(sql, fold)


def _tied(sql: Sql, pilot_ids: Sequence[str]) -> set[str]:
    """Of these pilots, those kept here."""
    return {row[0] for row in rows_of_pilots(sql, "SELECT pilot_id FROM rm_origins_pilots",
                                             pilot_ids)}  # fmt: skip


def _save(sql: Sql, fold: OriginsFold) -> None:
    sql.insert("rm_origins_stories",
               "story_id, consent, recorded_by, told_by, told_by_name, position, at",
               fold.stories)  # fmt: skip
    sql.insert("rm_origins_story_texts", "story_id, position, at, title, text, themes",
               fold.texts)  # fmt: skip
    sql.insert("rm_origins_workshops", "workshop_id, title, held_on, position, at", fold.workshops)
    sql.insert("rm_origins_statements",
               "id, position, at, kind, workshop_id, text, framing, from_pilot, revision",
               fold.statements)  # fmt: skip
    sql.insert("rm_origins_links", "id, position, ordinal, at, linked", fold.links)
    sql.insert("rm_origins_lineage", "idea_id, ordinal, became, how, position, at", fold.lineage)
    sql.insert("rm_origins_pilots", "pilot_id, tests_idea, framing, position, at", fold.pilots)
    sql.insert("rm_origins_pilot_states", "pilot_id, position, at, title, status", fold.states)
    sql.insert("rm_origins_decisions", "pilot_id, cycle, decision, position, at", fold.decisions)
    # Earlier batches' rows of a withdrawn story lose its words too; this batch's never had them.
    sql.many(
        "UPDATE rm_origins_story_texts SET title = NULL, text = NULL WHERE story_id = ?",
        [(story,) for story, _, _ in fold.withdrawn],
    )
    sql.many(
        "UPDATE rm_origins_stories SET told_by_name = NULL, withdrawn_on = ?, withdrawn_at = ? "
        "WHERE story_id = ?",
        [(on, at, story) for story, on, at in fold.withdrawn],
    )
