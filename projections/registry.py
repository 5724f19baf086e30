"""Every read model the runner keeps current.

A plain list, so adding a read model is one import and one line. Names must be unique: a
model's name keys its tracking position. Each batch reaches every model in this order, in one
transaction; order matters only to a model that reads others' tables as it applies a batch (its
`NEEDS`), which comes after them.
"""

from __future__ import annotations

from projections.access.model import AccessModel
from projections.engine.base import ReadModel
from projections.learning.model import LearningModel
from projections.measures.model import MeasuresModel
from projections.method_checks.model import MethodChecksModel
from projections.origins.model import OriginsModel
from projections.pilot_index.model import PilotIndex
from projections.programme.model import ProgrammeModel
from projections.question_ledger.model import QuestionLedgerModel
from projections.search.model import SearchModel
from projections.timeline.model import TimelineModel


def read_models() -> list[ReadModel]:
    # Append new read models here (one instance each).
    return [
        AccessModel(),
        PilotIndex(),
        LearningModel(),
        TimelineModel(),
        QuestionLedgerModel(),
        SearchModel(),
        MethodChecksModel(),
        ProgrammeModel(),  # reads access, learning and method_checks: after them
        MeasuresModel(),
        OriginsModel(),
    ]
