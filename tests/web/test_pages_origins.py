"""Recording stories and workshops through the pages, as a browser without JavaScript does:
every form labelled, every refusal shown beside its field with what was typed kept and nothing
recorded, and a workshop's page showing what it produced, its links and its lineage."""

from __future__ import annotations

import re
from uuid import UUID

from tests.web.pages_support import (
    PEOPLE,
    Browser,
    Site,
    register,
    site_fixture,  # noqa: F401
)


def position(site: Site) -> int | None:
    found: int | None = site.services.pilots.recorder.max_notification_id()
    return found


def record_story(browser: Browser, **typed: str) -> str:
    fields = {"text": "We met at the carers' café", "consent": "community"} | typed
    answer = browser.submit("/stories/new", "/stories/new", **fields)
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert re.fullmatch(r"/stories/[0-9a-f-]{36}", location)
    return location.rsplit("/", 1)[1]


def record_workshop(browser: Browser, **typed: str) -> str:
    fields = {"title": "Spring co-creation", "held_on": "2026-03-12"} | typed
    answer = browser.submit("/workshops/new", "/workshops/new", **fields)
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert re.fullmatch(r"/workshops/[0-9a-f-]{36}", location)
    return location.rsplit("/", 1)[1]


def post(browser: Browser, page: str, action: str, **typed: str | list[str]) -> int:
    """Sends the form on the page with what was typed (a list ticks several boxes)."""
    answer = browser.request("POST", action, data=browser.form(page, action) | typed)
    return answer.status_code


def outputs(site: Site, workshop_id: str) -> tuple[list[str], list[str], list[str]]:
    """The ids of the workshop's principles, framing questions and ideas, oldest first."""
    workshop = site.services.pilots.workshop(UUID(workshop_id))
    return [
        list(map(str, found)) for found in (workshop.principles, workshop.framings, workshop.ideas)
    ]  # type: ignore[return-value]


# -- stories --------------------------------------------------------------------------------------


def test_the_story_form_labels_every_field_and_says_what_each_consent_means(site: Site) -> None:
    page = site.as_("member").get("/stories/new")
    assert page.status_code == 200
    labels = {"text": "The story", "title": "Title (optional)",
              "told_by": "Who told it (optional)", "themes": "Themes (optional)"}  # fmt: skip
    for name, label in labels.items():
        assert f'<label for="story-{name}">{label}</label>' in page.text
    assert "<legend>Who may read it?</legend>" in page.text
    assert "anyone who signs in to Pilot Tracker may read it" in page.text
    assert "the teller, whoever records it, and the programme&#39;s leads and admins" in page.text


def test_a_member_records_a_story_told_by_someone_else_and_lands_on_its_page(site: Site) -> None:
    member = site.as_("member")
    story_id = record_story(member, consent="team", title="The café", told_by=PEOPLE["lead"][0],
                            themes="carers, Belonging")  # fmt: skip
    story = site.services.pilots.story(UUID(story_id))
    assert (story.text, story.title, story.consent.value) == (
        "We met at the carers' café", "The café", "team",
    )  # fmt: skip
    assert (story.told_by, story.recorded_by) == (site.ids["lead"], site.ids["member"])
    assert story.themes == ("carers", "belonging")
    by_name = site.services.pilots.story(UUID(record_story(member, told_by="Sam from the café")))
    assert (by_name.told_by, by_name.told_by_name) == (None, "Sam from the café")


def test_a_refused_story_comes_back_with_the_message_beside_the_field_and_nothing_recorded(
    site: Site,
) -> None:
    member = site.as_("member")
    before = position(site)
    answer = member.submit("/stories/new", "/stories/new", text="  ", consent="team",
                           title="Kept as typed")  # fmt: skip
    assert answer.status_code == 400
    assert '<a href="#story-text">Text: must not be blank.</a>' in answer.text
    assert 'id="story-text-error"' in answer.text
    assert 'value="Kept as typed"' in answer.text
    assert re.search(r'value="team"\s+checked', answer.text)
    unknown = member.submit("/stories/new", "/stories/new", text="A story", consent="team",
                            told_by="nobody@example.org")  # fmt: skip
    assert unknown.status_code == 400
    assert 'id="story-told_by-error"' in unknown.text
    assert position(site) == before


def test_readers_may_not_record_a_story(site: Site) -> None:
    reader = site.as_("reader")
    assert reader.get("/stories/new").status_code == 403
    form = site.as_("member").form("/stories/new", "/stories/new")
    before = position(site)
    assert (
        reader.post("/stories/new", form | {"text": "Mine", "consent": "team"}).status_code == 403
    )
    assert position(site) == before


def test_the_navigation_offers_stories_to_writers_and_workshops_to_everyone(site: Site) -> None:
    member, reader = site.as_("member").get("/").text, site.as_("reader").get("/").text
    assert '<a href="/stories/new">Record a story</a>' in member
    assert '<a href="/stories/new">' not in reader
    assert '<a href="/workshops">Workshops</a>' in member
    assert '<a href="/workshops">Workshops</a>' in reader


# -- workshops ------------------------------------------------------------------------------------


def test_a_lead_records_a_workshop_and_the_list_links_it(site: Site) -> None:
    lead = site.as_("lead")
    workshop_id = record_workshop(lead, facilitators=PEOPLE["member"][0])
    workshop = site.services.pilots.workshop(UUID(workshop_id))
    assert (workshop.title, workshop.facilitators) == ("Spring co-creation", (site.ids["member"],))
    page = lead.get(f"/workshops/{workshop_id}")
    assert "<h1>Spring co-creation</h1>" in page.text
    assert "<dd>Mo Member</dd>" in page.text
    listed = site.as_("reader").get("/workshops").text
    assert f'<a href="/workshops/{workshop_id}">Spring co-creation</a>' in listed
    assert 'href="/workshops/new"' not in listed
    assert 'href="/workshops/new"' in lead.get("/workshops").text


def test_a_workshop_is_for_leads_and_admins_to_record(site: Site) -> None:
    member = site.as_("member")
    assert member.get("/workshops/new").status_code == 403
    form = site.as_("lead").form("/workshops/new", "/workshops/new")
    answer = member.post("/workshops/new", form | {"title": "Mine", "held_on": "2026-03-01"})
    assert answer.status_code == 403


def test_an_unknown_facilitator_is_shown_beside_the_field_with_what_was_typed(site: Site) -> None:
    lead = site.as_("lead")
    before = position(site)
    answer = lead.submit("/workshops/new", "/workshops/new", title="Spring", held_on="2026-03-12",
                         facilitators=f"{PEOPLE['member'][0]}\nnobody@example.org")  # fmt: skip
    assert answer.status_code == 400
    assert "Facilitator 2 is not the email or the id of an account." in answer.text
    assert 'id="workshop-facilitators-error"' in answer.text
    assert f">{PEOPLE['member'][0]}\nnobody@example.org</textarea>" in answer.text
    assert position(site) == before


def test_a_facilitator_records_what_the_workshop_produced_through_its_forms(site: Site) -> None:
    story_id = record_story(site.as_("member"), title="The café")
    workshop_id = record_workshop(site.as_("lead"), facilitators=PEOPLE["member"][0])
    member, page = site.as_("member"), f"/workshops/{workshop_id}"
    assert post(member, page, f"{page}/principles", text="Start from what works",
                stories=[story_id]) == 303  # fmt: skip
    (principle,), _, _ = outputs(site, workshop_id)
    assert post(member, page, f"{page}/framings", text="How might we meet?",
                principles=[principle]) == 303  # fmt: skip
    _, (framing,), _ = outputs(site, workshop_id)
    assert post(member, page, f"{page}/ideas", text="Story circles", principles=[principle],
                framing=framing) == 303  # fmt: skip
    shown = member.get(page).text
    assert f'<a href="/stories/{story_id}">The café</a>' in shown
    assert f'<a href="#principle-{principle}">Start from what works</a>' in shown
    assert f'<a href="#framing-{framing}">How might we meet?</a>' in shown


def test_merging_and_splitting_through_the_forms_shows_the_lineage(site: Site) -> None:
    workshop_id = record_workshop(site.as_("lead"), facilitators=PEOPLE["member"][0])
    member, page = site.as_("member"), f"/workshops/{workshop_id}"
    for text in ("Circles online", "Circles in rooms"):
        assert post(member, page, f"{page}/ideas", text=text) == 303
    _, _, ideas = outputs(site, workshop_id)
    assert post(member, page, f"{page}/ideas/merge", ideas=ideas, text="Circles",
                rationale="Alike") == 303  # fmt: skip
    merged = outputs(site, workshop_id)[2][-1]
    split = f"{page}/ideas/{merged}/split"
    assert post(member, page, split, rationale="Two ways", **{"parts-0-text": "Monthly circles",
                "parts-1-text": "Weekly circles"}) == 303  # fmt: skip
    monthly, weekly = outputs(site, workshop_id)[2][-2:]
    shown = member.get(page).text
    assert f'<dt>Merged into</dt><dd><a href="#idea-{merged}">Circles</a></dd>' in shown
    assert f'<dt>Split from</dt><dd><a href="#idea-{merged}">Circles</a></dd>' in shown
    assert f'<a href="#idea-{monthly}">Monthly circles</a>' in shown
    assert f'<a href="#idea-{weekly}">Weekly circles</a>' in shown
    assert f'action="{split}"' not in shown  # a split idea takes no more changes


def test_a_refused_revision_opens_its_form_with_the_message_and_the_typed_text(
    site: Site,
) -> None:
    workshop_id = record_workshop(site.as_("lead"), facilitators=PEOPLE["member"][0])
    member, page = site.as_("member"), f"/workshops/{workshop_id}"
    assert post(member, page, f"{page}/framings", text="How might we meet?") == 303
    _, (framing,), _ = outputs(site, workshop_id)
    before = position(site)
    action = f"{page}/framings/{framing}/revision"
    answer = member.request("POST", action, data=member.form(page, action) | {
        "text": "How might we meet more often?", "rationale": " "})  # fmt: skip
    assert answer.status_code == 400
    key = f"revise-{framing}"
    assert f'<a href="#{key}-rationale">Rationale: must not be blank.</a>' in answer.text
    assert f'id="{key}-rationale-error"' in answer.text
    assert ">How might we meet more often?</textarea>" in answer.text
    assert "<details open>" in answer.text
    assert position(site) == before


def test_a_member_who_does_not_facilitate_sees_no_forms_and_may_not_post(site: Site) -> None:
    workshop_id = record_workshop(site.as_("lead"))
    page = f"/workshops/{workshop_id}"
    form = site.as_("lead").form(page, f"{page}/ideas")
    for who in ("member", "reader"):
        shown = site.as_(who).get(page)
        assert shown.status_code == 200
        assert f'action="{page}/ideas"' not in shown.text
        before = position(site)
        answer = site.as_(who).post(f"{page}/ideas", form | {"text": "Mine"})
        assert answer.status_code == 403
        assert position(site) == before


def test_a_team_story_is_named_only_to_those_who_may_read_it(site: Site) -> None:
    """The member tells a `team` story and the lead draws a principle from it: the member and
    the leads read its title on the workshop's page; the reader reads that there is a story
    they cannot see, and nothing of it."""
    kept = record_story(site.as_("member"), consent="team", title="Said in confidence")
    lead = site.as_("lead")
    workshop_id = record_workshop(lead)
    page = f"/workshops/{workshop_id}"
    assert post(lead, page, f"{page}/principles", text="Listen", stories=[kept]) == 303
    for who in ("member", "lead", "outsider"):
        assert "Said in confidence" in site.as_(who).get(page).text, who
    shown = site.as_("reader").get(page).text
    assert "Said in confidence" not in shown
    assert kept not in shown
    assert "1 story you cannot see" in shown


def test_the_pilot_form_offers_the_workshop_ideas_and_the_pilot_links_to_them(
    site: Site,
) -> None:
    lead = site.as_("lead")
    workshop_id = record_workshop(lead)
    page = f"/workshops/{workshop_id}"
    assert post(lead, page, f"{page}/framings", text="How might we meet?") == 303
    _, (framing,), _ = outputs(site, workshop_id)
    assert post(lead, page, f"{page}/ideas", text="Story circles", framing=framing) == 303
    (idea,) = outputs(site, workshop_id)[2]
    form = lead.get("/pilots/new").text
    assert f'<option value="{idea}">Story circles (Spring co-creation)</option>' in form
    pilot_id = register(lead, tests_idea=idea, framing=framing)
    pilot = site.services.pilots.pilot(UUID(pilot_id))
    assert (str(pilot.tests_idea), str(pilot.framing)) == (idea, framing)
    shown = lead.get(f"/pilots/{pilot_id}").text
    assert f'<a href="{page}#idea-{idea}">Story circles</a>' in shown
    assert f'<a href="{page}#framing-{framing}">How might we meet?</a>' in shown
    refused = lead.submit("/pilots/new", "/pilots/new", title="Circles", question="How?",
                          idea="Circles", tests_idea=framing)  # fmt: skip
    assert refused.status_code == 400
    assert 'id="pilot-tests_idea-error"' in refused.text
