"""The ideas tried in several pilots of a theme (`learning.ideas.shared_ideas`), kept per theme
in `rm_programme_ideas`, each group with its pilots and versions (`grouped`), so the programme's
list can leave out a group already listed under an earlier theme, as the summary does."""

from __future__ import annotations

import json

import msgspec

from projections.engine.base import Sql
from projections.learning.ideas import SharedIdea, shared_groups
from projections.learning.queries import select_rows
from projections.learning.rows import CycleRow, IdeaRow, PilotRow
from projections.programme.tables import IDEAS, THEMES, UNSETTLED

Kept = tuple[str, SharedIdea]  # (the group's pilots and versions as JSON, the idea)


def settle_ideas(sql: Sql) -> None:
    """Works out again the shared ideas of every theme waiting for it."""
    for (theme,) in sql.rows(f"SELECT theme FROM {UNSETTLED} ORDER BY theme"):  # noqa: S608
        sql.run(f"DELETE FROM {IDEAS} WHERE theme = ?", [theme])  # noqa: S608
        sql.many(
            f"INSERT INTO {IDEAS} (theme, ordinal, grouped, body) VALUES (?, ?, ?, ?)",  # noqa: S608
            [(theme, n, grouped, msgspec.json.encode(idea).decode())
             for n, (grouped, idea) in enumerate(of_theme(sql, theme))],
        )  # fmt: skip
        sql.run(f"DELETE FROM {UNSETTLED} WHERE theme = ?", [theme])  # noqa: S608


def of_theme(sql: Sql, theme: str) -> list[Kept]:
    """The shared ideas of one theme, from the `learning` model's rows of its pilots."""
    within = f"t.pilot_id IN (SELECT pilot_id FROM {THEMES} WHERE theme = ?)"  # noqa: S608
    rows = select_rows(sql, (PilotRow, IdeaRow, CycleRow), where=(within, [theme])).rows
    pilots = {row.pilot_id: row for row in rows if isinstance(row, PilotRow)}
    ideas = [row for row in rows if isinstance(row, IdeaRow)]
    decided = [
        row for row in rows
        if isinstance(row, CycleRow) and row.decision is not None and row.decided_at is not None
    ]  # fmt: skip
    return [
        (json.dumps([[str(pilot), version] for pilot, version in group]), idea)
        for group, idea in shared_groups(pilots, ideas, decided, theme)
    ]


def kept_ideas(sql: Sql, theme: str | None) -> list[SharedIdea]:
    """The shared ideas of one theme, or of every theme, each group once, under the first
    theme that has it; a theme still waiting is worked out here."""
    waiting = {theme for (theme,) in sql.rows(f"SELECT theme FROM {UNSETTLED}")}  # noqa: S608
    where, params = ("WHERE theme = ?", [theme]) if theme is not None else ("", [])
    found: dict[str, list[Kept]] = {}
    for name, grouped, body in sql.rows(
        f"SELECT theme, grouped, body FROM {IDEAS} {where} ORDER BY theme, ordinal",  # noqa: S608
        params,
    ):
        found.setdefault(name, []).append((grouped, msgspec.json.decode(body, type=SharedIdea)))
    for name in waiting if theme is None else waiting & {theme}:
        found[name] = of_theme(sql, name)
    seen: set[str] = set()
    ideas = []
    for name in sorted(found):
        for grouped, idea in found[name]:
            if grouped not in seen:
                seen.add(grouped)
                ideas.append(idea)
    return ideas
