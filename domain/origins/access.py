"""Who may read a story, and who may write to stories and workshops.

A story told with `community` consent is read by every signed-in account; one told with `team`
consent by its teller, whoever recorded it, and the programme team (accounts whose role is admin
or lead). A withdrawn story is still read as a withdrawn story: its words are gone.

Members, leads and admins record stories; readers only read. Leads and admins record workshops,
and they and a workshop's facilitators record and revise what it produced.

The role is the account's role across the programme, as the accounts know it: the web layer
hands it over with the command (`Pilots.execute(..., role=)`), and to `may_read_story`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.origins import events
from domain.values import AccountRole, Consent

if TYPE_CHECKING:
    from domain.origins.story import Story

# The events after which someone may read less of what was written before them (as
# `domain.pilot.visibility.JUDGED_ANEW` lists the pilots'): whatever was kept from before one of
# them, a read model behind the log, may show words that are gone.
WITHDRAWALS: tuple[type[events.Event], ...] = (events.StoryWithdrawn,)

PROGRAMME_TEAM = frozenset({AccountRole.ADMIN, AccountRole.LEAD})
STORY_WRITERS = frozenset({AccountRole.ADMIN, AccountRole.LEAD, AccountRole.MEMBER})


def standing(role: AccountRole | str | None) -> AccountRole | None:
    """The role as the domain knows it; None for no role or a word that names none."""
    if role is None:
        return None
    try:
        return AccountRole(role)
    except ValueError:
        return None


def may_read_story(story: Story, account: UUID, role: AccountRole | str | None) -> bool:
    """Whether the signed-in `account`, whose role across the programme is `role`, may read the
    story (withdrawn or not)."""
    if story.consent == Consent.COMMUNITY:
        return True
    if account in (story.told_by, story.recorded_by):
        return True
    return standing(role) in PROGRAMME_TEAM
