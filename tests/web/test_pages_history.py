"""The timeline and the idea's history, and stored text that renders inert on every page."""

from __future__ import annotations

from uuid import UUID

from tests.web.pages_support import (
    XSS,
    Site,
    log_cycle,
    register,
    site_fixture,  # noqa: F401
)

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_the_timeline_tells_every_entry_in_order_with_who_and_the_version(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead, title="Story circles")
    log_cycle(lead, pilot_id)
    page = lead.get(f"/pilots/{pilot_id}/timeline")
    assert page.status_code == 200
    assert "<h1>Timeline</h1>" in page.text
    assert page.text.count("<td>Lee Lead</td>") == 6
    for version in range(1, 7):
        assert f'href="/pilots/{pilot_id}?version={version}"' in page.text
    assert page.text.index("Story circles") < page.text.index("?version=6")


def test_the_timeline_shows_a_write_made_just_before_it_is_read(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead, title="Story circles")
    for n in range(1, 4):
        reflected = lead.submit(
            f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/reflections",
            kind="observation", text=f"Noticed thing {n}",
        )  # fmt: skip
        assert reflected.status_code == 303
        page = lead.get(f"/pilots/{pilot_id}/timeline").text
        assert f"noting an observation: Noticed thing {n}" in page
        assert f'href="/pilots/{pilot_id}?version={n + 1}"' in page


def test_the_idea_history_shows_each_version_with_its_diff_and_rationale(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead, idea="Story circles on Tuesdays")
    revised = lead.submit(
        f"/pilots/{pilot_id}",
        f"/pilots/{pilot_id}/idea",
        idea="Story walks on Tuesdays",
        rationale="Members asked to be outdoors",
        prompted_by="Cycle 1 reflections",
    )
    assert revised.status_code == 303
    page = lead.get(f"/pilots/{pilot_id}/ideas")
    assert page.status_code == 200
    assert "The idea as registered" in page.text
    assert "Revision 1" in page.text
    assert '<del><span class="visually-hidden">[removed: </span>circles' in page.text
    assert '<ins><span class="visually-hidden">[added: </span>walks' in page.text
    assert "Members asked to be outdoors" in page.text
    assert "Cycle 1 reflections" in page.text


def test_script_typed_into_every_text_field_renders_escaped_on_every_page(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(
        lead, title=XSS, question=XSS, idea=XSS, origin=XSS, themes=f"{XSS}, walking"
    )
    page = f"/pilots/{pilot_id}"
    steps = [
        ("/cycles", {"objective": XSS, "plan": XSS, "predictions-0-question": XSS,
                     "predictions-0-prediction": XSS}),
        ("/cycles/1/start", {}),
        ("/cycles/1/do", {"what_happened": XSS, "as_planned": "no", "deviations": XSS}),
        ("/cycles/1/study", {"results-0-result": XSS, "learning": XSS, "surprises": XSS}),
        ("/cycles/1/act", {"decision": "adopt", "rationale": XSS}),
        ("/reflections", {"kind": "meaning", "cycle": "1", "text": XSS}),
        ("/question-sets", {"questions": f"{XSS}\nDid you {XSS}?", "actions": XSS}),
        ("/idea", {"idea": f"{XSS} revised", "rationale": XSS, "prompted_by": XSS}),
        ("/pause", {"reason": XSS}),
        ("/conclusion", {"outcome": "adopted", "summary": XSS}),
    ]  # fmt: skip
    for path, typed in steps:
        answer = lead.submit(page, f"{page}{path}", **typed)
        assert answer.status_code == 303, (path, answer.text[:500])
    pilot = site.services.pilots.pilot(UUID(pilot_id))
    question_id = next(iter(pilot.questions))
    action_id = next(iter(pilot.question_sets.values())).actions[0].id
    for path, typed in [
        (f"/questions/{question_id}/insights", {"text": XSS}),
        (f"/actions/{action_id}/report", {"report": XSS}),
    ]:
        assert lead.submit(page, f"{page}{path}", **typed).status_code == 303
    pages = (page, f"{page}/timeline", f"{page}/ideas", f"{page}?version=3", "/",
             f"{page}/questions/{question_id}", "/learning?status=")  # fmt: skip
    for url in pages:
        shown = lead.get(url)
        assert shown.status_code == 200, url
        assert "<script>alert" not in shown.text, url
        assert ESCAPED in shown.text, url
    assert lead.get(page).text.count(ESCAPED) >= 20
