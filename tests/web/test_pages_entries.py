"""Reflections, question sets, idea revisions, the team and the pilot's status, through the
forms of the pilot page."""

from __future__ import annotations

import re
from uuid import UUID

from domain.questions import CLOSED_QUESTION_HINT
from tests.web.pages_support import (
    Site,
    log_cycle,
    register,
    site_fixture,  # noqa: F401
)

HINT = f'<p class="hint-closed">{CLOSED_QUESTION_HINT}</p>'


def test_a_reflection_offers_the_kolb_prompt_for_each_kind_and_is_shown(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    log_cycle(lead, pilot_id)
    page = lead.get(f"/pilots/{pilot_id}").text
    for prompt in ("What happened?", "What did you notice?", "What does it mean?"):
        assert prompt in page
    assert "What will you try next?" in page
    assert "What went well? Tell me about a time when…" in page
    action = f"/pilots/{pilot_id}/reflections"
    answer = lead.submit(f"/pilots/{pilot_id}", action, kind="appreciation", cycle="1", text="Kind")
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/pilots/{pilot_id}#reflections"
    shown = lead.get(f"/pilots/{pilot_id}").text
    assert re.search(
        r'<span class="tag">Appreciation</span>\s*<span class="tag">Community</span>\s*'
        r"by Lee Lead, on cycle 1",
        shown,
    )


def test_a_member_of_the_team_may_write_a_reflection(site: Site) -> None:
    lead, member = site.as_("lead"), site.as_("member")
    pilot_id = register(lead)
    added = lead.submit(
        f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/team", email="mo@example.org", role="member"
    )
    assert added.status_code == 303
    assert re.search(r"<td>Mo Member</td><td>Member</td>", lead.get(f"/pilots/{pilot_id}").text)
    page = member.get(f"/pilots/{pilot_id}").text
    assert f'action="/pilots/{pilot_id}/team"' not in page  # only a lead changes the team
    answer = member.submit(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/reflections", text="Hi")
    assert answer.status_code == 303


def test_adding_someone_without_an_account_is_refused_beside_the_email(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    action = f"/pilots/{pilot_id}/team"
    answer = lead.submit(f"/pilots/{pilot_id}", action, email="nobody@example.org")
    assert answer.status_code == 400
    assert 'id="member-email-error"' in answer.text
    assert 'value="nobody@example.org"' in answer.text
    assert site.events(pilot_id) == 1


def test_a_question_set_shows_the_gentle_hint_beside_closed_questions(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    questions = "What did you notice?\nDid you ask them first?\n\nHow might it grow?"
    answer = lead.submit(
        f"/pilots/{pilot_id}",
        f"/pilots/{pilot_id}/question-sets",
        held_on="2026-05-01",
        questions=questions,
        actions="Ask three members",
    )
    assert answer.status_code == 303
    page = lead.get(f"/pilots/{pilot_id}").text
    assert "Set meeting on 1 May 2026" in page
    assert page.count(HINT) == 1
    closed = page.split('<span class="entry">Did you ask them first?</span>')[1]
    assert closed.split("</li>")[0].count(HINT) == 1
    assert "Ask three members" in page


def test_a_repeated_question_is_refused_with_the_questions_kept(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    answer = lead.submit(
        f"/pilots/{pilot_id}",
        f"/pilots/{pilot_id}/question-sets",
        questions="What now?\nwhat  now?",
    )
    assert answer.status_code == 400
    assert "Question 2 repeats an earlier entry." in answer.text
    assert ">What now?\nwhat  now?</textarea>" in answer.text


def test_insights_statuses_and_action_reports_are_recorded_per_question(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}"
    lead.submit(page, f"{page}/question-sets", questions="What matters?", actions="Call Sam")
    pilot = site.services.pilots.pilot(UUID(pilot_id))
    (question_id,) = pilot.questions
    (meeting,) = pilot.question_sets.values()
    action_id = meeting.actions[0].id
    insight = lead.submit(page, f"{page}/questions/{question_id}/insights", text="Belonging")
    status = lead.submit(page, f"{page}/questions/{question_id}/status", status="explored")
    report = lead.submit(page, f"{page}/actions/{action_id}/report", report="Sam came")
    assert [a.status_code for a in (insight, status, report)] == [303, 303, 303]
    shown = lead.get(page).text
    assert "Belonging" in shown
    assert '<span class="tag">explored</span>' in shown
    assert "Reported back:" in shown
    assert "Sam came" in shown
    assert f'action="{page}/actions/{action_id}/report"' not in shown


def test_a_revised_idea_must_differ_and_the_refusal_keeps_the_rationale(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead, idea="Story circles on Tuesdays")
    page, action = f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/idea"
    same = lead.submit(page, action, idea="story circles on  tuesdays", rationale="Why not")
    assert same.status_code == 409
    assert "The revised idea must differ from the current one." in same.text
    assert ">Why not</textarea>" in same.text
    revised = lead.submit(page, action, idea="Story walks", rationale="Rain", prompted_by="Cycle")
    assert revised.status_code == 303
    assert "Story walks" in lead.get(page).text
    assert site.events(pilot_id) == 2


def test_a_pilot_is_paused_resumed_and_concluded_through_its_forms(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = f"/pilots/{pilot_id}"
    assert lead.submit(page, f"{page}/pause", reason="Summer break").status_code == 303
    paused = lead.get(page).text
    assert "Summer break" in paused
    assert f'action="{page}/cycles"' not in paused  # a paused pilot takes no new cycle
    assert lead.submit(page, f"{page}/resume").status_code == 303
    concluded = lead.submit(page, f"{page}/conclusion", outcome="adapted", summary="Kept, shorter")
    assert concluded.status_code == 303
    shown = lead.get(page).text
    assert "Adapted: Kept, shorter" in shown
    assert f'action="{page}/conclusion"' not in shown
    assert f'action="{page}/reflections"' in shown  # reflections are welcome after the end


def test_concluding_without_an_outcome_points_at_the_outcome_choices(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    answer = lead.submit(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/conclusion", summary="Done")
    assert answer.status_code == 400
    assert '<a href="#conclude-outcome">' in answer.text
    assert re.search(
        r'<input type="radio" id="conclude-outcome"[^>]*aria-invalid="true"', answer.text
    )
    assert ">Done</textarea>" in answer.text
