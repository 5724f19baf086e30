"""Every read model the runner keeps current.

A plain list, so adding a read model is one import and one line. Names must be unique: a
model's name keys its tracking position. Order does not matter; each batch reaches every model.
"""

from __future__ import annotations

from projections.access.model import AccessModel
from projections.engine.base import ReadModel
from projections.learning.model import LearningModel
from projections.method_checks.model import MethodChecksModel
from projections.pilot_index.model import PilotIndex
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
    ]
