"""A search hit as the web shows it: what it is, in words, and the address of the page that
shows it: a pilot's, a story's (`/stories/{id}`) or a workshop's (`/workshops/{id}`, at the
principle, framing question or idea found)."""

from __future__ import annotations

from projections.search.queries import Hit

KINDS = {
    "idea": "Idea",
    "reflection": "Reflection",
    "learning": "Study: learning",
    "surprises": "Study: surprises",
    "results": "Study: results",
    "insight": "Insight",
    "story": "Story",
    "workshop": "Workshop",
    "principle": "Principle",
    "framing": "“How might we” question",
    "workshop_idea": "Idea from a workshop",
}
_PAGES = {"pilot": "/pilots/", "story": "/stories/", "workshop": "/workshops/"}
# Where on the workshop's page each of its outputs is (the ids its cards carry).
_ANCHORS = {"principle": "principle", "framing": "framing", "workshop_idea": "idea"}
_UNTITLED = {"pilot": "A pilot", "story": "A story", "workshop": "A workshop"}


def href(hit: Hit) -> str:
    address = f"{_PAGES[hit.record]}{hit.record_id}"
    anchor = _ANCHORS.get(hit.kind)
    return f"{address}#{anchor}-{hit.part_id}" if anchor and hit.part_id else address


def kind_words(hit: Hit) -> str:
    return KINDS.get(hit.kind, hit.kind)


def heading(hit: Hit) -> str:
    """The title of the pilot, story or workshop the hit is in; a story may have none."""
    return hit.title or _UNTITLED[hit.record]
