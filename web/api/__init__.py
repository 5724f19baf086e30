"""The JSON API under /api/v1, as CONTRACT.md describes it.

Ids in paths are UUIDs and cycle numbers are integers: a path whose id is malformed matches no
route, so it is answered 404 like an unknown id.
"""

from __future__ import annotations

from typing import Any

from web.api.compare import CompareController
from web.api.cycles import CycleController
from web.api.entries import EntryController
from web.api.health import health
from web.api.history import HistoryController
from web.api.learning_reads import (
    method_check_summary,
    pilot_method_checks,
    question_history,
    question_list,
    search_entries,
)
from web.api.learning_summary import learning_summary
from web.api.listing import pilot_list
from web.api.pilots import PilotController
from web.api.reports import pilot_report_answer, programme_report_answer

HANDLERS: list[Any] = [
    pilot_list,
    PilotController,
    CycleController,
    EntryController,
    HistoryController,
    question_list,
    question_history,
    pilot_method_checks,
    method_check_summary,
    search_entries,
    CompareController,
    learning_summary,
    pilot_report_answer,
    programme_report_answer,
]

__all__ = ["HANDLERS", "health"]
