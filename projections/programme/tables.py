"""The `programme` model's tables.

- `rm_programme_pilots`: each pilot's part of the figures, as the community reads it (a JSON
  object of counts, and of changes in open questions by week), with the columns the charts and
  the oldest open question are read by.
- `rm_programme_themes`: each pilot's themes, one row each, to narrow to a theme.
- `rm_programme_totals`: the sum of the pilots' parts, for the whole programme (`all`), each
  theme (`theme`) and the pilots with none (`none`), kept by difference as pilots change.
- `rm_programme_weeks`: the same for the changes in open questions by week.
- `rm_programme_cycles`: each decided cycle's length in days, indexed for the median.
- `rm_programme_ideas`: the ideas tried in several pilots of a theme (`ideas.shared_ideas`),
  worked out again for a theme when one of its pilots decides a cycle or is renamed;
  `rm_programme_unsettled` names the themes waiting for that.
- `rm_programme_waiting`: the pilots touched since their parts were last worked out, and
  whether a decision or a new title may have changed the shared ideas of their themes.
"""

from __future__ import annotations

PILOTS = "rm_programme_pilots"
THEMES = "rm_programme_themes"
TOTALS = "rm_programme_totals"
WEEKS = "rm_programme_weeks"
CYCLES = "rm_programme_cycles"
IDEAS = "rm_programme_ideas"
UNSETTLED = "rm_programme_unsettled"
WAITING = "rm_programme_waiting"
ALL = (PILOTS, THEMES, TOTALS, WEEKS, CYCLES, IDEAS, UNSETTLED, WAITING)

CREATE = (
    f"CREATE TABLE IF NOT EXISTS {PILOTS} (pilot_id TEXT PRIMARY KEY, themes TEXT NOT NULL, "
    "latest_planned BIGINT, oldest_open TEXT, counts TEXT NOT NULL, weeks TEXT NOT NULL)",
    f"CREATE TABLE IF NOT EXISTS {THEMES} (theme TEXT NOT NULL, pilot_id TEXT NOT NULL, "
    "PRIMARY KEY (theme, pilot_id))",
    f"CREATE TABLE IF NOT EXISTS {TOTALS} (scope TEXT NOT NULL, theme TEXT NOT NULL, "
    "name TEXT NOT NULL, value BIGINT NOT NULL, PRIMARY KEY (scope, theme, name))",
    f"CREATE TABLE IF NOT EXISTS {WEEKS} (scope TEXT NOT NULL, theme TEXT NOT NULL, "
    "week TEXT NOT NULL, change BIGINT NOT NULL, PRIMARY KEY (scope, theme, week))",
    f"CREATE TABLE IF NOT EXISTS {CYCLES} (pilot_id TEXT NOT NULL, number BIGINT NOT NULL, "
    "days DOUBLE PRECISION NOT NULL, PRIMARY KEY (pilot_id, number))",
    f"CREATE TABLE IF NOT EXISTS {IDEAS} (theme TEXT NOT NULL, ordinal BIGINT NOT NULL, "
    "grouped TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (theme, ordinal))",
    f"CREATE TABLE IF NOT EXISTS {UNSETTLED} (theme TEXT PRIMARY KEY)",
    f"CREATE TABLE IF NOT EXISTS {WAITING} (pilot_id TEXT PRIMARY KEY, ideas BIGINT NOT NULL)",
)
INDEXES = (
    f"CREATE INDEX IF NOT EXISTS rm_programme_pilots_latest ON {PILOTS} (latest_planned, pilot_id)",
    f"CREATE INDEX IF NOT EXISTS rm_programme_pilots_oldest ON {PILOTS} (oldest_open)",
    f"CREATE INDEX IF NOT EXISTS rm_programme_themes_pilot ON {THEMES} (pilot_id)",
    f"CREATE INDEX IF NOT EXISTS rm_programme_cycles_days ON {CYCLES} (days)",
)
