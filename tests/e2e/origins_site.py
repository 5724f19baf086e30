"""The site's co-creation phase: the scene of the map's tests (two stories, one withdrawn and
one for the programme team, a workshop's principles, framing questions and ideas, and pilots
that test them), told through the service layer by a member who tells the stories and the
site's lead, who also records a story of their own, which they may revise and withdraw."""

from __future__ import annotations

from uuid import UUID

from adapters.bootstrap import Services
from domain.origins.commands import RecordStory
from tests.origins_builders import tell_scene

TELLER_EMAIL = "tess.teller@example.org"


def record_origins(services: Services, lead: UUID) -> dict[str, str]:
    teller = services.accounts.add(TELLER_EMAIL, "Tess Teller", "member", None)
    scene = tell_scene(services.pilots, teller.id, lead)
    own = RecordStory(text="The café table that became a weekly meeting", consent="community",
                      title="The café table", themes=("belonging",))  # fmt: skip
    return {
        "own_story_id": str(services.pilots.execute(own, lead, role="lead").record.id),
        "story_id": scene.text("porter"),  # withdrawn
        "team_story_id": scene.text("confidence"),  # told for the programme team
        "framing_id": scene.text("foster"),
    }
