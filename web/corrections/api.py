"""The corrections API: put a wrong entry right, with the reason."""

from __future__ import annotations

from web.commands import api_routes
from web.corrections.commands import COMMANDS

HANDLERS = api_routes(COMMANDS, "Corrections")
