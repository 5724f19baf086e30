"""The Pilot aggregate and its commands.

Importing the package registers every command's handler: `aggregate` defines the pilot and
the dispatch, and each part of the pilot adds the handlers of its own commands.
"""

from domain.pilot import (
    corrections,
    cycles,
    framing,
    measures,
    question_sets,
    reflections,
    team,
)
from domain.pilot.aggregate import By, Pilot, derived_id
from domain.pilot.events import SUBMISSIONS_KEPT
from domain.pilot.question_sets import QUESTION_MOVES

__all__ = [
    "QUESTION_MOVES",
    "SUBMISSIONS_KEPT",
    "By",
    "Pilot",
    "corrections",
    "cycles",
    "derived_id",
    "framing",
    "measures",
    "question_sets",
    "reflections",
    "team",
]
