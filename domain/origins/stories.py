"""The handlers of a story's commands: revised whole with a rationale, withdrawn with a reason.
Each checks the rules and records one event."""

from __future__ import annotations

from domain import rules
from domain.origins import events
from domain.origins.commands import ReviseStory, WithdrawStory
from domain.origins.story import Story, handle
from domain.records import By


@handle.register
def _revise(c: ReviseStory, story: Story, by: By) -> None:
    story.require_teller_or_recorder(by, "revise")
    text = rules.text("text", c.text)
    title = rules.optional_text("title", c.title, limit=rules.TITLE_MAX)
    themes = rules.themes(c.themes)
    rationale = rules.text("rationale", c.rationale)
    rules.must_change("story", (text, title, themes) == (story.text, story.title, story.themes))
    story.record(
        events.StoryRevised, by, text=text, title=title, themes=themes, rationale=rationale
    )


@handle.register
def _withdraw(c: WithdrawStory, story: Story, by: By) -> None:
    story.require_teller_or_recorder(by, "withdraw")
    story.record(events.StoryWithdrawn, by, reason=rules.text("reason", c.reason))
