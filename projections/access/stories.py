"""The SQL test of who may read a `team` story's row: what `domain.origins.access.may_read_story`
decides for one story, put as a condition a query ANDs into its WHERE clause, so the database
filters before it pages or counts.

A story's consent, its teller and whoever recorded it are fixed when it is recorded (a revision
changes its words only), so a read model keeps them on each row it makes of the story, and the
test needs no table of its own: a `community` story's rows are everyone's; a `team` story's are
read by its teller, its recorder and the programme team (accounts whose role is admin or lead).
"""

from __future__ import annotations

from uuid import UUID

from domain.origins.access import PROGRAMME_TEAM, standing
from domain.values import AccountRole


def story_readable(
    account: UUID | None, role: AccountRole | str | None, *, teller: str, recorder: str
) -> tuple[str, list[object]]:
    """The condition that `account`, whose role across the programme is `role`, may read a
    `team` story's row whose teller and recorder are in the columns `teller` and `recorder`
    (an account's id as text; the teller's is NULL for a teller without an account). With no
    account (an audience, not a person) only the programme team's standing could pass, and an
    audience has none."""
    who = None if account is None else str(account)
    programme_team = int(account is not None and standing(role) in PROGRAMME_TEAM)
    return f"(? = 1 OR {teller} = ? OR {recorder} = ?)", [programme_team, who, who]
