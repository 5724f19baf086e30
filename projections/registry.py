"""Every read model the runner keeps current.

A plain list, so adding a read model is one import and one line. Names must be unique: a
model's name keys its tracking position. Order does not matter; each batch reaches every model.
"""

from __future__ import annotations

from projections.engine.base import ReadModel
from projections.learning_model import LearningModel
from projections.method_checks import MethodChecksModel
from projections.pilot_index import PilotIndex
from projections.question_ledger import QuestionLedgerModel
from projections.search import SearchModel
from projections.timeline import TimelineModel


def read_models() -> list[ReadModel]:
    # Append new read models here (one instance each).
    return [
        PilotIndex(),
        LearningModel(),
        TimelineModel(),
        QuestionLedgerModel(),
        SearchModel(),
        MethodChecksModel(),
    ]
