"""Registering a pilot and reading its page: who may do what, and the pilot as it stood."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from tests.web.pages_support import (
    Site,
    log_cycle,
    plan,
    register,
    site_fixture,  # noqa: F401
)


def test_a_lead_registers_a_pilot_through_the_form_and_lands_on_its_page(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead, title="Story circles", themes="belonging, Navigation")
    page = lead.get(f"/pilots/{pilot_id}")
    assert page.status_code == 200
    assert "<h1>Story circles</h1>" in page.text
    assert '<span class="tag">belonging</span>' in page.text
    assert '<span class="tag">navigation</span>' in page.text
    assert "Lee Lead" in page.text


def test_the_pilot_page_links_to_the_timeline_ideas_report_and_earlier_versions(
    site: Site,
) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = lead.get(f"/pilots/{pilot_id}").text
    for link in ("timeline", "ideas", "report"):
        assert f'href="/pilots/{pilot_id}/{link}"' in page
    assert re.search(r'<input type="number" id="as-of-version" name="version"', page)
    assert re.search(r'<input type="date" id="as-of-at" name="at"', page)


def test_a_blank_title_comes_back_with_the_error_beside_it_and_the_typed_values(
    site: Site,
) -> None:
    lead = site.as_("lead")
    answer = lead.submit(
        "/pilots/new", "/pilots/new", title="  ", question="How might we meet?", idea="Walks"
    )
    assert answer.status_code == 400
    assert 'role="alert"' in answer.text
    assert '<a href="#pilot-title">Title: must not be blank.</a>' in answer.text
    assert 'id="pilot-title-error"' in answer.text
    assert 'aria-describedby="pilot-title-hint pilot-title-error" aria-invalid="true"' in (
        answer.text
    )
    assert ">How might we meet?</textarea>" in answer.text
    assert ">Walks</textarea>" in answer.text


def test_only_leads_and_admins_may_register_pilots(site: Site) -> None:
    member = site.as_("member")
    assert member.get("/pilots/new").status_code == 403
    refused = member.post("/pilots/new", site.as_("lead").form("/pilots/new", "/pilots/new"))
    assert refused.status_code == 403


def test_a_form_posted_without_its_csrf_token_is_refused(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    fields = lead.form(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/reflections")
    del fields["_csrf_token"]
    answer = lead.post(f"/pilots/{pilot_id}/reflections", fields | {"text": "Went well"})
    assert answer.status_code == 403
    assert site.events(pilot_id) == 1


def test_a_reader_sees_the_pilot_without_forms_and_cannot_post(site: Site) -> None:
    lead, reader = site.as_("lead"), site.as_("reader")
    pilot_id = register(lead)
    page = reader.get(f"/pilots/{pilot_id}")
    assert page.status_code == 200
    assert 'method="post" action="/pilots/' not in page.text
    assert "Next steps" not in page.text
    fields = reader.form("/", "/logout") | {"submission": "x1", "text": "Mine", "kind": "meaning"}
    answer = reader.post(f"/pilots/{pilot_id}/reflections", fields)
    assert answer.status_code == 403
    assert site.events(pilot_id) == 1


def test_a_lead_of_another_pilot_cannot_write_to_this_one(site: Site) -> None:
    lead, outsider = site.as_("lead"), site.as_("outsider")
    pilot_id = register(lead)
    own = register(outsider, title="Walking groups")
    fields = outsider.form(f"/pilots/{own}", f"/pilots/{own}/cycles")
    answer = plan(outsider, own)  # their own pilot takes it
    assert answer.status_code == 303
    fields |= {"objective": "Take over", "predictions-0-question": "Q?", "submission": "y2"}
    fields["predictions-0-prediction"] = "P"
    answer = outsider.post(f"/pilots/{pilot_id}/cycles", fields)
    assert answer.status_code == 403
    assert site.events(pilot_id) == 1


def test_the_as_of_view_shows_the_pilot_as_it_stood_read_only(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    log_cycle(lead, pilot_id)
    then = lead.get(f"/pilots/{pilot_id}?version=2")
    assert then.status_code == 200
    assert "An earlier state, read-only." in then.text
    assert "This is version 2 of 6" in then.text
    assert "Cycle 1: planned" in then.text
    assert "Not studied yet" in then.text
    assert 'method="post" action="/pilots/' not in then.text
    now = lead.get(f"/pilots/{pilot_id}")
    assert "Cycle 1: decided" in now.text


def test_the_as_of_view_by_date_shows_the_pilot_at_the_end_of_that_day(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    log_cycle(lead, pilot_id)
    today = site.services.pilots.pilot(UUID(pilot_id)).modified_on.date()
    then = lead.get(f"/pilots/{pilot_id}?at={today.isoformat()}")
    assert then.status_code == 200
    assert "This is version 6 of 6" in then.text
    assert lead.get(f"/pilots/{pilot_id}?at=2001-01-01").status_code == 404
    assert lead.get(f"/pilots/{pilot_id}?at=yesterday").status_code == 400
    assert lead.get(f"/pilots/{pilot_id}?version=99").status_code == 404


def test_the_dashboard_lists_the_pilots_a_person_is_on_and_the_others(site: Site) -> None:
    lead, outsider = site.as_("lead"), site.as_("outsider")
    register(lead, title="Story circles")
    register(outsider, title="Walking groups")
    page = lead.get("/").text
    mine = page.split('id="mine-heading"')[1].split('id="activity-heading"')[0]
    others = page.split('id="others-heading"')[1]
    assert "Story circles" in mine
    assert "Walking groups" not in mine
    assert "Walking groups" in others
    assert "Recent activity" in page
    assert "Otto Outsider" in others


def test_recent_activity_shows_the_latest_entries_across_pilots_newest_first(
    site: Site,
) -> None:
    lead, outsider = site.as_("lead"), site.as_("outsider")
    register(lead, title="Story circles")
    walking = register(outsider, title="Walking groups")
    paused = outsider.submit(f"/pilots/{walking}", f"/pilots/{walking}/pause", reason="Snow")
    assert paused.status_code == 303
    activity = lead.get("/").text.split('id="activity-heading"')[1]
    entries = activity.split("<li>")[1:]
    assert "paused the pilot: Snow" in entries[0]
    assert ">Walking groups</a>" in entries[0]
    assert "registered the pilot “Walking groups”" in entries[1]
    assert "registered the pilot “Story circles”" in entries[2]
    assert len(entries) == 3


def test_the_registration_form_sent_twice_registers_one_pilot(site: Site) -> None:
    lead = site.as_("lead")
    fields = lead.form("/pilots/new", "/pilots/new")
    fields |= {"title": "Story circles", "question": "How might we meet?", "idea": "Circles"}
    first, again = lead.post("/pilots/new", fields), lead.post("/pilots/new", fields)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert lead.get("/").text.count(">Story circles</a>") == 2  # listed once, and in activity


WRITES = {
    "/cycles": {"objective": "O", "predictions-0-question": "Q?", "predictions-0-prediction": "P"},
    "/cycles/1/start": {},
    "/cycles/1/do": {"what_happened": "W", "as_planned": "yes"},
    "/cycles/1/study": {"results-0-question": "Q?", "results-0-result": "R", "learning": "L"},
    "/cycles/1/act": {"decision": "adopt", "rationale": "R"},
    "/reflections": {"kind": "meaning", "text": "T"},
    "/question-sets": {"held_on": "2026-05-01", "questions": "What now?"},
    "/questions/{question}/insights": {"text": "T"},
    "/questions/{question}/status": {"status": "explored"},
    "/actions/{action}/report": {"report": "R"},
    "/idea": {"idea": "Another idea", "rationale": "R"},
    "/team": {"email": "otto@example.org", "role": "lead"},
    "/pause": {"reason": "R"},
    "/resume": {},
    "/conclusion": {"outcome": "adopted", "summary": "S"},
    "/corrections": {"entry": "title", "text": "Another title", "reason": "R"},
    "/team/{member}/removal": {},
}


@pytest.mark.parametrize("who", ["outsider", "reader"])
@pytest.mark.parametrize("route", list(WRITES))
def test_no_write_route_accepts_someone_outside_the_team(site: Site, who: str, route: str) -> None:
    lead, other = site.as_("lead"), site.as_(who)
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}"
    plan(lead, pilot_id)
    lead.submit(page, f"{page}/question-sets", questions="What matters?", actions="Call Sam")
    pilot = site.services.pilots.pilot(UUID(pilot_id))
    (meeting,) = pilot.question_sets.values()
    ids = {
        "question": meeting.question_ids[0],
        "action": meeting.actions[0].id,
        "member": next(iter(pilot.team)),
    }
    before = site.events(pilot_id)
    token = other.form("/", "/logout")["_csrf_token"]
    data = WRITES[route] | {"_csrf_token": token, "submission": f"forged-{who}"}
    answer = other.post(page + route.format(**ids), data)
    assert answer.status_code == 403
    assert site.events(pilot_id) == before


def test_an_address_with_no_page_or_a_method_it_cannot_take_says_so_in_words(site: Site) -> None:
    for browser in (site.as_("lead"), site.anonymous()):
        page = browser.get("/no-such-page", headers={"Accept": "text/html"})
        assert page.status_code == 404
        assert "<h1>Not found</h1>" in page.text
        assert "There is no page at this address." in page.text
    wrong = site.as_("lead").request("PUT", "/learning", headers={"Accept": "text/html"})
    assert wrong.status_code == 405
    assert "This page cannot take that kind of request." in wrong.text
    api = site.anonymous().get("/api/v1/no-such-route")  # the API's problem keeps its words
    assert api.status_code == 404
    assert api.json()["detail"] == "Not Found"
