"""The reflections API."""

from __future__ import annotations

from web.commands import api_routes
from web.reflections.commands import COMMANDS

HANDLERS = api_routes(COMMANDS, "Reflections and question sets")
