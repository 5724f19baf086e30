"""Who may read a search document, kept on its row (`audience`), and the SQL condition a
search ANDs into its WHERE clause, so the database filters before a group is cut or a page
counted, never Python after the fact.

- `community`: every signed-in account: a pilot's own record (its ideas, study notes), a story
  told with `community` consent, and a workshop's title, principles, framing questions and
  ideas;
- `entry`: a part of a pilot the access model judges as it stands now (a reflection, an
  insight: `projections.access.queries.readable`, by the row's pilot and part);
- `team`: a story told with `team` consent: its teller, whoever recorded it and the programme
  team (`projections.access.stories.story_readable`, by the teller and recorder on the row).

Any other value passes no test: a row whose audience is not known is hidden (the check fails
closed), which is what a revision of a story the model never saw recorded would make.
"""

from __future__ import annotations

from domain.pilot.visibility import Reader
from domain.values import AccountRole
from projections.access.queries import readable
from projections.access.stories import story_readable

COMMUNITY = "community"
ENTRY = "entry"
TEAM_STORY = "team"
UNKNOWN = ""


def documents_readable(
    reader: Reader, role: AccountRole | str | None = None, table: str = "d"
) -> tuple[str, list[object]]:
    """The condition that `reader` (with `role`, the account's role across the programme,
    which only stories ask) may read the document row `table`, with its parameters."""
    entry, entry_params = readable(reader, pilot=f"{table}.record_id", part=f"{table}.part_id")
    story, story_params = story_readable(
        reader.account, role, teller=f"{table}.teller", recorder=f"{table}.recorder"
    )
    condition = (
        f"({table}.audience = '{COMMUNITY}' OR ({table}.audience = '{ENTRY}' AND {entry}) "
        f"OR ({table}.audience = '{TEAM_STORY}' AND {story}))"
    )
    return condition, [*entry_params, *story_params]
