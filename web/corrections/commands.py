"""Correcting an entry on the web."""

from __future__ import annotations

from domain.pilot.commands import Correct
from web.commands import Exposed
from web.corrections.schemas import CorrectionCreate
from web.pilots.reads import the_pilot
from web.pilots.schemas import PilotRead

COMMANDS = [
    Exposed("corrections", "/corrections", Correct, CorrectionCreate, "corrections", PilotRead,
            the_pilot, form="correct",
            doc="Puts a wrong entry right, with the reason; the pilot's `corrections` keeps the "
            "text before and after. 404 when the named cycle, reflection or insight does not "
            "exist; 409 when the entry was never filled in, or the text is unchanged."),
]  # fmt: skip
