"""A story's page, `/stories/{id}`: the story and what became of it, in plain words for the person
who told it, and, for its teller or whoever recorded it, the forms to revise it and to withdraw it.

The forms post to the routes of `web.origins.commands.STORY_COMMANDS` and are sent by `submit`,
a `FormPage`: on success they go back to the story (Post/Redirect/Get), where a withdrawn story
shows the day and no words; a refusal records nothing and shows the page again, with the form as
it was typed and each message beside its field. With htmx only the page's body is swapped.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from litestar import get
from litestar.params import FromPath
from litestar.plugins.htmx import HTMXDetails
from litestar.response import Template

from adapters.accounts import Account
from domain.origins.access import STORY_WRITERS, standing
from domain.origins.commands import StoryCommand
from projections.origins.driver import standing as idea_standing
from projections.origins.trail import Trail
from projections.origins.wording import became_words, day, decisions_words, standing_words
from web.commands import page_routes
from web.map.memo import kept_of
from web.map.reads import read_trail, reader_of
from web.origins.commands import STORY, STORY_COMMANDS
from web.pages import PAGE, FormPage, PageRequest, projector_of, services_of
from web.people import People
from web.typed import Forms, Typed


def may_change(story: Any, user: Account) -> bool:
    """Whether `user` may revise or withdraw the story (a `Story`, or the trail's record of one):
    its teller or whoever recorded it, with an account that may write (a reader's forms are
    refused, `web.access.writers_only`), while it stands."""
    writes = standing(user.role) in STORY_WRITERS
    return writes and user.id in (story.told_by, story.recorded_by) and story.withdrawn_on is None


def render(request: PageRequest, story_id: UUID, typed: Typed | None = None) -> Template:
    """The story and its trail; 404 for a story the reader may not read, as for none."""
    htmx = HTMXDetails(request)
    kept = kept_of(request.app)
    trail = read_trail(projector_of(request), kept, reader_of(request.user), story_id)
    people = People(services_of(request).accounts)
    story = trail.story
    context: dict[str, Any] = {
        "user": request.user,
        "story": story,
        "teller": people.named(story.told_by, story.told_by_name or ""),
        "recorder": people.name(story.recorded_by),
        "yours": request.user.id in (story.told_by, story.recorded_by),
        "trail": trail,
        "ideas": _ideas(trail),
        "pilots": [(pilot, decisions_words(pilot.decisions)) for pilot in trail.pilots],
        "workshops": trail.origins.workshops,
        "day": day,
        "may_change": may_change(story, request.user),
        "forms": Forms(typed, htmx=bool(htmx)),
        # an htmx request that was sent from a form: the story's heading takes the focus once
        # the body is swapped, since the form it was in is gone or fresh
        "sent": bool(htmx and htmx.trigger) and typed is None,
        "base": f"/stories/{story_id}",
    }
    # htmx swaps only 2xx answers, so a refusal it asked for comes back as 200 with the errors.
    status = 200 if typed is None or htmx else typed.status
    return Template("story.html.j2", context=context, status_code=status)


@get("/stories/{story_id:uuid}", **PAGE)
def story_page(request: PageRequest, story_id: FromPath[UUID]) -> Template:
    """A story and its trail; 404 for a story the reader may not read, as for none."""
    return render(request, story_id)


def _ideas(trail: Trail) -> list[dict[str, Any]]:
    """Each idea on the trail with how it is on it, its standing, and what it became."""
    names = {idea.id: idea.text for idea in trail.origins.ideas.values()}
    found = []
    for idea in trail.ideas:
        found.append({
            "idea": idea,
            "reached": trail.reached_from(idea),
            "standing": standing_words(idea_standing(trail.origins, idea.id)),
            "became": became_words(trail.origins.became.get(idea.id), names),
        })  # fmt: skip
    return found


def _again(request: PageRequest, typed: Typed) -> Template:
    """The story's page again after a refusal. While the story stands, a message about the whole
    form links to the form itself; once withdrawn, the form is gone, so to its section."""
    story_id: UUID = request.path_params["story_id"]
    if services_of(request).pilots.story(story_id).withdrawn_on is None:
        typed = replace(typed, section="")
    return render(request, story_id, typed)


# The domain refuses anyone else first: to whoever may not read the story it is not there (404),
# to whoever may, it is not theirs to change (403).
submit = FormPage[StoryCommand](lambda sent: f"/stories/{sent.story_id}", _again)


HANDLERS = [story_page, *page_routes(STORY_COMMANDS, under=STORY, send=submit)]
