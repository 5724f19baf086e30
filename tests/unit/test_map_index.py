"""The map's index says of each framing question what its tree, as `driver_map` draws it for the
same reader, holds; what no tree holds is counted as unplaced; and a map is too large to draw by
its records or by its questions."""

from __future__ import annotations

import random
from collections import Counter
from uuid import uuid4

import pytest

from projections.origins.driver import DriverMap, Node, PilotStanding, driver_map
from projections.origins.from_log import origins_from_log
from projections.origins.index import MOST_FRAMINGS, MOST_NODES, map_index, too_large
from projections.origins.state import Reader
from tests.origins_builders import ROLES, seeded, tell_programme


@pytest.mark.parametrize("seed", range(6))
def test_each_question_counts_what_its_tree_holds_for_every_reader(seed: int) -> None:
    programme = tell_programme(seeded(random.Random(seed)), 160)
    origins = origins_from_log(programme.app)
    assert origins.framings  # the programme asked some questions
    for account, role in ROLES.items():
        reader = Reader(account, role)
        whole = driver_map(origins, reader)
        index = map_index(origins, whole)
        assert index.records == len(whole.nodes)
        assert [q.id for q in index.questions] == list(origins.framings)
        placed = set()
        for question in index.questions:
            tree = driver_map(origins, reader, question.id)
            placed |= {node.id for node in tree.nodes}
            kinds = Counter(node.kind for node in tree.nodes)
            said = (question.principles, question.ideas, question.stories, question.pilots.tested)
            assert said == (kinds["principle"], kinds["idea"], kinds["story"], kinds["pilot"])
            pilots = [n.status for n in tree.of("pilot") if isinstance(n.status, PilotStanding)]
            assert question.pilots.running == sum(p.status == "active" for p in pilots)
            last = Counter(p.decision for p in pilots)
            assert (question.pilots.adopt, question.pilots.adapt, question.pilots.abandon) == (
                last["adopt"], last["adapt"], last["abandon"]
            )  # fmt: skip
            assert question.workshop == origins.workshops[origins.framings[question.id].workshop]
        unplaced = Counter(node.kind for node in whole.nodes if node.id not in placed)
        assert index.unplaced == dict(unplaced)


def _map(framings: int, others: int) -> DriverMap:
    nodes = [Node(uuid4(), "framing", "Q") for _ in range(framings)]
    nodes += [Node(uuid4(), "idea", "I") for _ in range(others)]
    return DriverMap(None, None, tuple(nodes), ())


def test_a_map_is_too_large_by_its_records_or_by_its_questions() -> None:
    assert not too_large(_map(MOST_FRAMINGS, MOST_NODES - MOST_FRAMINGS))
    assert too_large(_map(MOST_FRAMINGS, MOST_NODES - MOST_FRAMINGS + 1))
    assert too_large(_map(MOST_FRAMINGS + 1, 0))
    assert not too_large(_map(0, 0))
