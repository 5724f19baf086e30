"""The commands to a pilot as a whole on the web: its idea and its status."""

from __future__ import annotations

from domain.pilot.commands import Conclude, Pause, Resume, ReviseIdea
from web.commands import Exposed
from web.pilots.reads import the_pilot
from web.pilots.schemas import ConclusionCreate, IdeaUpdate, PauseCreate, PilotRead

COMMANDS = [
    Exposed("idea", "/idea", ReviseIdea, IdeaUpdate, "idea", PilotRead, the_pilot, form="revise"),
    Exposed("pause", "/pause", Pause, PauseCreate, "status", PilotRead, the_pilot),
    Exposed("resume", "/resume", Resume, None, "status", PilotRead, the_pilot),
    Exposed("conclusion", "/conclusion", Conclude, ConclusionCreate, "status", PilotRead,
            the_pilot, form="conclude"),
]  # fmt: skip
