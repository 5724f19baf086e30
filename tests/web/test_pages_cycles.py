"""A PDSA cycle logged through the forms of the pilot page, and the forms' refusals."""

from __future__ import annotations

import re

from tests.web.pages_support import (
    PREDICTIONS,
    Site,
    log_cycle,
    plan,
    register,
    site_fixture,  # noqa: F401
)


def test_a_whole_cycle_is_logged_through_the_forms_and_shown_on_the_pilot_page(
    site: Site,
) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page, cycle = f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/cycles/1"
    answer = plan(lead, pilot_id)
    assert answer.status_code == 303
    assert answer.headers["location"] == f"{page}#cycles"
    assert "locks its 2 predictions" in lead.get(page).text
    assert lead.submit(page, f"{cycle}/start").status_code == 303
    done = lead.submit(
        page, f"{cycle}/do", what_happened="Twelve came", as_planned="no", deviations="Rain"
    )
    assert done.status_code == 303
    study = lead.get(page).text
    for i, (question, prediction) in enumerate(PREDICTIONS):
        row = study.split(f"<legend>Question {i + 1}: {question}</legend>")[1].split("</fieldset>")[
            0
        ]
        assert prediction in row
        assert f'name="results-{i}-result"' in row
    results = {"results-0-result": "Twelve came", "results-1-result": "Eight came back"}
    studied = lead.submit(
        page, f"{cycle}/study", learning="Short suits", surprises="Kids", **results
    )
    assert studied.status_code == 303
    decided = lead.submit(page, f"{cycle}/act", decision="adapt", rationale="Keep it short")
    assert decided.status_code == 303
    shown = lead.get(page).text
    assert "Cycle 1: decided" in shown
    assert re.search(
        r"<td class=\"entry\">Will members come to a short group activity\?</td>\s*"
        r"<td class=\"entry\">About ten will come</td>\s*<td class=\"entry\">Twelve came</td>",
        shown,
    )
    for text in ("Rain", "Short suits", "Kids", "Adapt", "Keep it short", "Plan cycle 2"):
        assert text in shown
    assert site.events(pilot_id) == 6


def test_a_blank_objective_comes_back_with_the_error_and_everything_typed(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    answer = plan(lead, pilot_id, objective=" ", plan="Tuesday in the library")
    assert answer.status_code == 400
    assert '<a href="#plan-objective">Objective: must not be blank.</a>' in answer.text
    assert 'id="plan-objective-error"' in answer.text
    assert re.search(r'<textarea id="plan-objective"[^>]*aria-invalid="true"', answer.text)
    assert ">Tuesday in the library</textarea>" in answer.text
    for question, prediction in PREDICTIONS:
        assert f">{question}</textarea>" in answer.text
        assert f">{prediction}</textarea>" in answer.text
    assert site.events(pilot_id) == 1


def test_an_error_in_the_second_prediction_is_shown_beside_the_second_prediction(
    site: Site,
) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    typed = {"predictions-1-question": "", "predictions-1-prediction": ""}
    typed |= {"predictions-2-question": "Will it rain?", "predictions-2-prediction": " "}
    answer = plan(lead, pilot_id, **typed)
    assert answer.status_code == 400
    # The blank middle row is left out, so the third row typed is the second row shown.
    assert '<a href="#plan-predictions-1-prediction">Prediction 2: must not be blank.</a>' in (
        answer.text
    )
    assert re.search(
        r'id="plan-predictions-1-question" name="predictions-1-question"[^>]*>Will it rain\?<',
        answer.text,
    )
    assert 'id="plan-predictions-1-prediction-error"' in answer.text
    assert site.events(pilot_id) == 1


def test_another_question_row_is_added_without_javascript_keeping_what_was_typed(
    site: Site,
) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    assert 'name="predictions-4-question"' in lead.get(f"/pilots/{pilot_id}?rows=5").text
    answer = plan(lead, pilot_id, add_row="1")
    assert answer.status_code == 200
    assert 'name="predictions-3-question"' in answer.text
    assert f">{PREDICTIONS[1][1]}</textarea>" in answer.text
    assert ">Test a short group activity</textarea>" in answer.text
    assert site.events(pilot_id) == 1


def test_deciding_before_the_study_is_refused_and_records_nothing(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    plan(lead, pilot_id)
    fields = lead.form(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/cycles/1/start")
    fields |= {"decision": "adopt", "rationale": "Too early", "submission": "crafted-1"}
    answer = lead.post(f"/pilots/{pilot_id}/cycles/1/act", fields)
    assert answer.status_code == 409
    assert '<a href="#cycles">Cannot decide cycle 1 while it is planned' in answer.text
    assert site.events(pilot_id) == 2


def test_the_same_form_sent_twice_records_once(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    fields = lead.form(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/cycles")
    fields |= {
        "objective": "Test it",
        "predictions-0-question": "Q?",
        "predictions-0-prediction": "P",
    }
    first = lead.post(f"/pilots/{pilot_id}/cycles", fields)
    again = lead.post(f"/pilots/{pilot_id}/cycles", fields)
    assert (first.status_code, again.status_code) == (303, 303)
    assert site.events(pilot_id) == 2
    assert "Cycle 2" not in lead.get(f"/pilots/{pilot_id}").text


def test_each_rendering_of_a_form_carries_a_fresh_submission_id(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    first = lead.form(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/cycles")["submission"]
    second = lead.form(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/cycles")["submission"]
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_with_htmx_a_refusal_swaps_in_with_focus_on_the_field_in_error(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    fields = lead.form(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/cycles")
    headers = {"HX-Request": "true", "HX-Target": "cycles"}
    answer = lead.post(f"/pilots/{pilot_id}/cycles", fields, headers=headers)
    assert answer.status_code == 200  # htmx swaps only 2xx answers
    assert re.search(r'<textarea id="plan-objective"[^>]*autofocus', answer.text)
    assert site.events(pilot_id) == 1


def test_with_htmx_the_page_after_a_write_puts_focus_on_the_updated_section(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    log_cycle(lead, pilot_id)
    headers = {"HX-Request": "true", "HX-Target": "cycles"}
    page = lead.get(f"/pilots/{pilot_id}", headers=headers).text
    assert '<h2 id="cycles-heading" tabindex="-1" autofocus>Cycles</h2>' in page
    assert 'hx-target="#cycles" hx-select="#cycles"' in page
