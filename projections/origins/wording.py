"""The map and a trail in words: an idea's standing, a pilot's status and decisions, a story's
name and a day, said once here for the diagram, the outline and the story's page."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from uuid import UUID

from projections.origins.driver import DriverMap, Node, PilotStanding, Standing
from projections.origins.state import Became
from projections.wording import plural

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
KIND_NAMES = {"framing": "framing question", "principle": "principle", "idea": "idea",
              "pilot": "pilot", "story": "story"}  # fmt: skip


def day(on: date) -> str:
    """`9 March 2026`."""
    return f"{on.day} {MONTHS[on.month - 1]} {on.year}"


def short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def story_name(node: Node, limit: int = 60) -> str:
    """A story as a list names it: its title, or its first words, or the day it was
    withdrawn."""
    if node.withdrawn_on is not None:
        return f"a story withdrawn on {day(node.withdrawn_on)}"
    if node.title:
        return short(node.title, limit)
    return f"“{short(node.text or '', limit)}”"


def tested(standing: Standing) -> str:
    """`Tested by 2 pilots, 1 running now` or `Not tested by any pilot yet`."""
    if standing.tested == 0:
        return "Not tested by any pilot yet"
    return f"Tested by {plural(standing.tested, 'pilot')}, {standing.running} running now"


def decided(standing: Standing) -> str:
    """The pilots' last decisions, zeros included: `adopt 0 · adapt 1 · abandon 0`."""
    return f"adopt {standing.adopt} · adapt {standing.adapt} · abandon {standing.abandon}"


def standing_words(standing: Standing) -> str:
    """The idea's standing as a sentence."""
    if standing.tested == 0:
        return "Not tested by any pilot yet."
    return (
        f"{tested(standing)}. Last decisions: {standing.adopt} adopted, {standing.adapt} "
        f"adapted, {standing.abandon} abandoned."
    )


def pilot_words(status: PilotStanding) -> str:
    """`Active; last decided to adapt` or `Paused; no decision yet`."""
    last = f"last decided to {status.decision}" if status.decision else "no decision yet"
    return f"{status.status.capitalize()}; {last}"


def decisions_words(decisions: Sequence[str]) -> str:
    """A pilot's decisions in the order made: `decided to adapt in cycle 1, then to adopt in
    cycle 2`."""
    if not decisions:
        return "no decision yet"
    said = [f"to {decision} in cycle {n}" for n, decision in enumerate(decisions, start=1)]
    return "decided " + ", then ".join(said)


def became_words(became: Became | None, names: Mapping[UUID, str]) -> str:
    """What a superseded idea became; nothing for an idea that was neither merged nor split."""
    if became is None:
        return ""
    into = ", ".join(f"“{names.get(idea, 'an idea not shown')}”" for idea in became.ideas)
    return f"Merged into {into}." if became.how == "merged" else f"Split into {into}."


def when(at: datetime | None) -> str:
    return "now" if at is None else f"as it stood at the end of {day(at.date())} (UTC)"


def described(found: DriverMap, framing_text: str | None = None) -> str:
    """The diagram's description: what it holds, in counts, and as of when."""
    counts = {kind: len(found.of(kind)) for kind in KIND_NAMES}
    parts = [plural(counts[kind], KIND_NAMES[kind]) for kind in ("framing", "principle", "idea",
                                                                  "pilot")]  # fmt: skip
    scope = (
        f"the tree of “{short(framing_text, 120)}”" if framing_text else "every framing question"
    )
    said = f"The co-creation map {when(found.at)}, {scope}: {', '.join(parts[:-1])} and {parts[-1]}"
    if counts["story"]:
        stories = "1 story" if counts["story"] == 1 else f"{counts['story']} stories"
        said += f", with {stories} behind the principles"
    return said + ". The outline below says the same in words."


def tree_words(principles: int, ideas: int, stories: int) -> str:
    """What a framing question's tree holds: `2 principles (with 1 story behind them) and 3
    ideas`, or `1 principle (with 2 stories behind it) and 0 ideas`."""
    them = "it" if principles == 1 else "them"
    behind = f" (with {stories_words(stories)} behind {them})" if stories else ""
    return f"{plural(principles, 'principle')}{behind} and {plural(ideas, 'idea')}"


def stories_words(count: int) -> str:
    return "1 story" if count == 1 else f"{count} stories"


def unplaced_words(unplaced: Mapping[str, int]) -> str:
    """The records under no framing question, by kind: `2 principles and 1 idea`."""
    parts = [stories_words(unplaced[kind]) if kind == "story" else
             plural(unplaced[kind], KIND_NAMES[kind])
             for kind in KIND_NAMES if unplaced.get(kind)]  # fmt: skip
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
