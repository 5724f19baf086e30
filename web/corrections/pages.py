"""The correction form on the pilot page."""

from __future__ import annotations

from web.commands import page_routes
from web.corrections.commands import COMMANDS

HANDLERS = page_routes(COMMANDS)
