"""Ideas and where they came from, in words, once for the Markdown and the HTML reports and the
`/learning` page. Plain text: each renderer escapes it."""

from __future__ import annotations

from projections.origins.sources import IdeaNote, PilotNote, PrincipleNote, StoryNote
from projections.origins.wording import decisions_words, short

TITLE = "Ideas and where they came from"
INTRO = (
    "Each framing question, the principles it draws on with the stories that fed them, the "
    "ideas that serve it with how the pilots that test them stand, and those pilots' decisions."
)
NONE_YET = "No framing question or idea has been recorded yet."
STANDING_HEAD = ("Idea", "Tested", "Running", "Adopt", "Adapt", "Abandon", "Pilots")


def story_name(story: StoryNote) -> str:
    return f"“{short(story.title or story.text, 80)}”"


def fed_by(principle: PrincipleNote) -> str:
    """`Drawn from 3 stories: “The porter”, a withdrawn story and 1 story not shown here.`"""
    if principle.stories == 0:
        return "Drawn from no story."
    named = [story_name(story) for story in principle.told]
    named += ["a withdrawn story"] * principle.withdrawn
    if principle.not_shown:
        named.append(f"{stories(principle.not_shown)} told for the programme team, not shown here")
    said = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"Drawn from {stories(principle.stories)}: {said}."


def stories(count: int) -> str:
    return "1 story" if count == 1 else f"{count} stories"


def pilot_words(pilot: PilotNote) -> str:
    """`Walking huddles (active; decided to adapt in cycle 1)`."""
    return f"{pilot.title} ({pilot.status}; {decisions_words(pilot.decisions)})"


def counts(idea: IdeaNote) -> list[str]:
    s = idea.standing
    return [str(s.tested), str(s.running), str(s.adopt), str(s.adapt), str(s.abandon)]


def idea_text(idea: IdeaNote, names: dict[str, str]) -> str:
    """The idea's words, and what it became if it was merged or split: `Walks (split into
    “Walks”, “Talks”)`."""
    if idea.became is None:
        return idea.text
    into = ", ".join(f"“{short(names.get(str(i), 'an idea'), 80)}”" for i in idea.became_ideas)
    return f"{idea.text} ({idea.became} into {into})"


STANDING_KEYS = ("tested", "running", "adopt", "adapt", "abandon")


def brief_intro(records: int, framings: int, others: int, shown: int | None = None) -> str:
    """Why the section is in brief, and what it counts; `shown`: how many framing questions it
    lists, when not all of them."""
    unplaced = ""
    if others == 1:
        unplaced = " 1 idea serving none is counted on the map's page."
    elif others:
        unplaced = f" {others} ideas serving none are counted on the map's page."
    which = f"Each of its {framings} framing questions links"
    if shown is not None and shown < framings:
        which = (f"Of its {framings} framing questions, the {shown} with the most pilots testing "
                 "their ideas are listed, each linking")  # fmt: skip
    return (
        f"The co-creation map holds {records} records, too many to draw here. {which} to its "
        "tree: the principles and distinct stories it draws on, its ideas, and how many pilots "
        f"test them, run now, and last decided to adopt, adapt or abandon.{unplaced}"
    )


def brief_more(left: int) -> str:
    """`574 more framing questions`, for the link to the map's index."""
    return "1 more framing question" if left == 1 else f"{left} more framing questions"
