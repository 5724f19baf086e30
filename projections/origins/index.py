"""The map's index: when the whole map is too large to draw readably, each framing question with
its workshop and what its tree holds, in counts, so a reader chooses one question's tree to see;
and what is under no question, counted, so nothing on the map is hidden without a word.

The counts are of the tree `driver_map(origins, reader, framing)` draws for the question (the
same nodes for the same reader), worked out for every question in one pass over the map.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from projections.origins.driver import DECISIONS, DriverMap, Standing
from projections.origins.state import Origins, WorkshopAt

# A driver diagram stays readable while its columns fit a few screens and the page stays within
# the 300 KB the other cross-pilot pages keep to: about 800 bytes a record (its box and its line
# in the outline) puts that near 350 records, and more than a dozen framing questions make the
# left column a list to search rather than a diagram to read. B8's own programme (9 questions,
# 173 records) is still drawn whole; a generated programme of 1,000 pilots (60 questions, about
# 1,600 records) is not.
MOST_NODES = 250
MOST_FRAMINGS = 12


def too_large(found: DriverMap) -> bool:
    """Whether the whole map, as this reader sees it, is too large to draw readably."""
    framings = sum(node.kind == "framing" for node in found.nodes)
    return len(found.nodes) > MOST_NODES or framings > MOST_FRAMINGS


@dataclass(frozen=True)
class Question:
    """A framing question as the index lists it: its tree's records, by kind, and the standing
    of the pilots in its tree (how many, how many running, and what they last decided)."""

    id: UUID
    text: str
    workshop: WorkshopAt | None
    principles: int
    ideas: int
    stories: int
    pilots: Standing


@dataclass(frozen=True)
class MapIndex:
    at: datetime | None
    records: int  # every record on the whole map, as this reader sees it
    questions: tuple[Question, ...]
    unplaced: dict[str, int]  # records in no question's tree, by kind (none: not listed)


def map_index(origins: Origins, found: DriverMap) -> MapIndex:
    """The index of the whole map `found` (drawn from `origins` for one reader)."""
    shown = {node.id: node.kind for node in found.nodes}
    behind: dict[UUID, set[UUID]] = {}  # a principle's stories this reader may read
    for edge in found.edges:
        if shown.get(edge.source) == "story":
            behind.setdefault(edge.target, set()).add(edge.source)
    serving: dict[UUID, set[UUID]] = {}  # ideas that serve a question
    unframed: dict[UUID, set[UUID]] = {}  # ideas that serve none, by each principle drawn on
    for idea in origins.ideas.values():
        if idea.framing is not None:
            serving.setdefault(idea.framing, set()).add(idea.id)
        else:
            for principle in idea.links:
                unframed.setdefault(principle, set()).add(idea.id)
    by_idea: dict[UUID, set[UUID]] = {}
    by_framing: dict[UUID, set[UUID]] = {}
    for pilot in origins.pilots.values():
        if pilot.tests_idea is not None:
            by_idea.setdefault(pilot.tests_idea, set()).add(pilot.id)
        if pilot.framing is not None:
            by_framing.setdefault(pilot.framing, set()).add(pilot.id)

    placed: set[UUID] = set()
    questions = []
    for framing in origins.framings.values():
        own = set(framing.links)
        ideas = set(serving.get(framing.id, ()))
        for principle in own:
            ideas |= unframed.get(principle, set())
        principles = own | {p for i in ideas for p in origins.ideas[i].links}
        pilots = set(by_framing.get(framing.id, ()))
        for idea_id in ideas:
            pilots |= by_idea.get(idea_id, set())
        stories = {s for p in principles for s in behind.get(p, ())}
        tree = {framing.id, *principles, *ideas, *pilots, *stories} & shown.keys()
        placed |= tree
        kinds = Counter(shown[node] for node in tree)
        questions.append(Question(
            framing.id, framing.text, origins.workshops.get(framing.workshop),
            kinds["principle"], kinds["idea"], kinds["story"], _standing(origins, pilots),
        ))  # fmt: skip
    unplaced = Counter(kind for node, kind in shown.items() if node not in placed)
    return MapIndex(found.at, len(shown), tuple(questions), dict(unplaced))


def _standing(origins: Origins, pilots: set[UUID]) -> Standing:
    tied = [origins.pilots[p] for p in pilots if p in origins.pilots]
    decided = Counter(p.decision for p in tied if p.decision in DECISIONS)
    running = sum(p.status == "active" for p in tied)
    return Standing(len(tied), running, *(decided[d] for d in DECISIONS))
