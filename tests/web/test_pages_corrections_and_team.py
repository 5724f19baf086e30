"""The newer forms of the pilot page: correcting an entry, taking someone off the team, and
naming who facilitated a set meeting and whose issue it was."""

from __future__ import annotations

import re

from tests.web.pages_support import (
    Site,
    log_cycle,
    register,
    site_fixture,  # noqa: F401
)


def test_a_correction_shows_the_old_text_beside_the_new_and_in_the_timeline(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead, title="Story circels")
    log_cycle(lead, pilot_id)
    page, action = f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/corrections"
    assert '<option value="cycle:1:learning">Cycle 1: learning</option>' in lead.get(page).text
    answer = lead.submit(page, action, entry="title", text="Story circles", reason="A typo")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{page}#corrections"
    shown = lead.get(page).text
    assert "<h1>Story circles</h1>" in shown
    assert "<del>Story circels</del>" in shown
    assert "<ins>Story circles</ins>" in shown
    timeline = lead.get(f"{page}/timeline").text
    assert "corrected the title from “Story circels” to “Story circles”: A typo" in timeline
    before = lead.get(page, params={"version": "1"}).text
    assert "<h1>Story circels</h1>" in before


def test_a_refused_correction_is_shown_beside_its_field_with_the_text_kept(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page, action = f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/corrections"
    answer = lead.submit(page, action, entry="title", text="Walks and talks", reason=" ")
    assert answer.status_code == 400
    assert 'id="correct-reason-error"' in answer.text
    assert "Walks and talks</textarea>" in answer.text
    unchanged = lead.submit(page, action, entry="title", text="Story circles", reason="Why")
    assert unchanged.status_code == 409
    assert "the correction must change the entry" in unchanged.text.lower()
    assert site.events(pilot_id) == 1


def test_a_lead_takes_someone_off_the_team_but_not_the_last_lead(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}"
    lead.submit(page, f"{page}/team", email="mo@example.org", role="member")
    member = site.ids["member"]
    answer = lead.submit(page, f"{page}/team/{member}/removal")
    assert answer.status_code == 303
    assert "<td>Mo Member</td>" not in lead.get(page).text
    last = lead.submit(page, f"{page}/team/{site.ids['lead']}/removal")
    assert last.status_code == 409
    assert "The team must keep a lead" in last.text
    assert site.events(pilot_id) == 3


def test_only_a_lead_sees_the_removal_buttons(site: Site) -> None:
    lead, member = site.as_("lead"), site.as_("member")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}"
    lead.submit(page, f"{page}/team", email="mo@example.org", role="member")
    assert "/removal" in lead.get(page).text
    assert "/removal" not in member.get(page).text


def test_a_set_meeting_names_an_outside_facilitator_and_a_member_by_email(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}"
    lead.submit(page, f"{page}/team", email="mo@example.org", role="member")
    assert '<option value="mo@example.org">Mo Member</option>' in lead.get(page).text
    answer = lead.submit(
        page, f"{page}/question-sets",
        questions="What matters?", facilitator="Jo Adviser", issue_holder="mo@example.org",
    )  # fmt: skip
    assert answer.status_code == 303
    shown = lead.get(page).text
    assert re.search(r"Facilitated by Jo Adviser\.\s*Issue holder: Mo Member\.", shown)


def test_an_unknown_email_for_the_facilitator_is_refused_beside_the_field(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}"
    answer = lead.submit(
        page, f"{page}/question-sets", questions="What matters?", facilitator="no@example.org"
    )
    assert answer.status_code == 400
    assert 'id="question-set-facilitator-error"' in answer.text
    assert 'value="no@example.org"' in answer.text
    assert site.events(pilot_id) == 1
