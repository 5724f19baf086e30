"""The cycles API: plan a cycle, then start (locking its predictions), do, study and act."""

from __future__ import annotations

from web.commands import api_routes
from web.cycles.commands import COMMANDS

HANDLERS = api_routes(COMMANDS, "Cycles")
