"""The /learning page (open questions with their age, and search) and the method-check prompts
on a pilot's page, as a browser without JavaScript sees them; stored text renders inert."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.pilot.commands import AddInsight, RecordQuestionSet, RecordReflection, SetQuestionStatus
from domain.values import Visibility
from tests.web.pages_support import XSS, Site, log_cycle, register, site_fixture  # noqa: F401

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


def pilot_with_entries(site: Site, **typed: str) -> tuple[str, UUID]:
    lead = site.as_("lead")
    pilot_id = register(lead, **typed)
    pilots, who = site.services.pilots, site.ids["lead"]
    pilots.execute(
        RecordQuestionSet(
            UUID(pilot_id),
            held_on=date(2026, 5, 1),
            questions=[XSS, "What helped most?"],
            visibility=Visibility.COMMUNITY,
        ),
        who,
    )
    pilots.execute(
        RecordReflection(UUID(pilot_id), kind="observation", text=f"Porters {XSS} stayed"), who
    )
    return pilot_id, who


def ledger_of(page: str) -> str:
    return page.split('id="ledger-heading"')[1]


def test_the_learning_page_opens_the_question_ledger_on_the_open_questions(site: Site) -> None:
    pilot_id, _ = pilot_with_entries(site, title="Story circles")
    page = site.as_("reader").get("/learning")
    assert page.status_code == 200
    assert "<h1>Learning across pilots</h1>" in page.text
    ledger = ledger_of(page.text)
    assert f'<a href="/pilots/{pilot_id}#question-sets">Story circles</a>' in ledger
    assert ledger.count("<td>Open</td>") == 2
    assert '<option value="open" selected>Open</option>' in ledger
    question = next(iter(site.services.pilots.pilot(UUID(pilot_id)).questions))
    assert f'<a href="/pilots/{pilot_id}/questions/{question}">{ESCAPED}</a>' in ledger
    assert "What helped most?" in ledger
    assert XSS not in page.text


def test_a_settled_question_leaves_the_open_list_for_its_own(site: Site) -> None:
    pilot_id, who = pilot_with_entries(site)
    question = next(iter(site.services.pilots.pilot(UUID(pilot_id)).questions))
    site.services.pilots.execute(
        SetQuestionStatus(UUID(pilot_id), question_id=question, status="answered"), who
    )
    reader = site.as_("reader")
    assert ESCAPED not in ledger_of(reader.get("/learning").text)
    answered = ledger_of(reader.get("/learning", params={"status": "answered"}).text)
    assert ESCAPED in answered
    assert "What helped most?" not in answered
    every = ledger_of(reader.get("/learning", params={"status": ""}).text)
    assert ESCAPED in every
    assert "What helped most?" in every


def test_an_unknown_status_is_refused_beside_the_filter(site: Site) -> None:
    page = site.as_("reader").get("/learning", params={"status": "pending"})
    assert page.status_code == 400
    ledger = ledger_of(page.text)
    assert "Must be one of: open, explored, answered, carried_forward, closed." in ledger
    assert 'aria-invalid="true"' in ledger


def test_a_question_page_tells_each_status_with_who_and_when_and_its_insights(
    site: Site,
) -> None:
    pilot_id, who = pilot_with_entries(site, title="Story circles")
    pilots = site.services.pilots
    question = next(iter(pilots.pilot(UUID(pilot_id)).questions))
    pilots.execute(SetQuestionStatus(UUID(pilot_id), question_id=question, status="explored"), who)
    pilots.execute(
        AddInsight(UUID(pilot_id), question_id=question, text="Porters know everyone"), who
    )
    page = site.as_("reader").get(f"/pilots/{pilot_id}/questions/{question}")
    assert page.status_code == 200
    assert f'<p class="entry">“{ESCAPED}”</p>' in page.text
    statuses = page.text.split('id="statuses-heading"')[1].split('id="insights-heading"')[0]
    assert statuses.index("Open (asked)") < statuses.index("Explored")
    assert statuses.count("<td>Lee Lead</td>") == 2
    insights = page.text.split('id="insights-heading"')[1]
    assert "Porters know everyone" in insights
    assert "Lee Lead" in insights
    assert XSS not in page.text


def test_the_pilot_page_links_each_question_to_its_history(site: Site) -> None:
    pilot_id, _ = pilot_with_entries(site)
    question = next(iter(site.services.pilots.pilot(UUID(pilot_id)).questions))
    page = site.as_("reader").get(f"/pilots/{pilot_id}").text
    assert f'<a href="/pilots/{pilot_id}/questions/{question}"' in page


def test_a_set_kept_to_the_team_links_none_of_its_questions_for_a_reader(site: Site) -> None:
    pilot_id = register(site.as_("lead"))
    site.services.pilots.execute(
        RecordQuestionSet(UUID(pilot_id), held_on=date(2026, 5, 1), questions=["Kept?"]),
        site.ids["lead"],
    )
    question = next(iter(site.services.pilots.pilot(UUID(pilot_id)).questions))
    assert f"/questions/{question}" in site.as_("lead").get(f"/pilots/{pilot_id}").text
    assert f"/questions/{question}" not in site.as_("reader").get(f"/pilots/{pilot_id}").text


def test_a_question_of_another_pilot_or_none_is_404(site: Site) -> None:
    pilot_id, _ = pilot_with_entries(site)
    other = register(site.as_("lead"), title="Another")
    question = next(iter(site.services.pilots.pilot(UUID(pilot_id)).questions))
    reader = site.as_("reader")
    assert reader.get(f"/pilots/{other}/questions/{question}").status_code == 404
    assert reader.get(f"/pilots/{pilot_id}/questions/{UUID(int=7)}").status_code == 404


def test_search_marks_the_words_found_and_escapes_the_rest(site: Site) -> None:
    pilot_id, _ = pilot_with_entries(site, title=f"Walks {XSS}")
    page = site.as_("reader").get("/learning", params={"q": "porters"})
    assert page.status_code == 200
    assert "1 entry found for “porters”" in page.text
    assert f"<mark>Porters</mark> {ESCAPED} stayed" in page.text
    assert f'<a href="/pilots/{pilot_id}">Walks {ESCAPED}</a>' in page.text
    assert XSS not in page.text
    assert 'value="porters"' in page.text


def test_a_search_for_markup_finds_it_as_text(site: Site) -> None:
    pilot_with_entries(site)
    page = site.as_("reader").get("/learning", params={"q": "alert"})
    assert "<mark>alert</mark>" in page.text
    assert XSS not in page.text
    hostile = site.as_("reader").get("/learning", params={"q": f'{XSS} " NEAR( OR *'})
    assert hostile.status_code == 200
    assert XSS not in hostile.text


def test_a_blank_search_shows_the_form_without_results(site: Site) -> None:
    page = site.as_("reader").get("/learning", params={"q": "  "})
    assert page.status_code == 200
    assert '<label for="search-q">Words to find</label>' in page.text
    assert "found for" not in page.text


def test_an_overlong_search_is_refused_beside_the_field_keeping_the_words(site: Site) -> None:
    typed = "x" * 201
    page = site.as_("reader").get("/learning", params={"q": typed})
    assert page.status_code == 400
    assert "Must be at most 200 characters." in page.text
    assert f'value="{typed}"' in page.text
    assert 'aria-invalid="true"' in page.text


def test_every_page_has_a_search_box_that_sends_its_words_to_the_learning_page(
    site: Site,
) -> None:
    pilot_id, _ = pilot_with_entries(site, title="Story circles")
    reader = site.as_("reader")
    for path in ("/", f"/pilots/{pilot_id}", "/workshops", "/map", "/learning"):
        header = reader.get(path).text.split("</header>")[0]
        form = header.split('<form class="site-search"')[1].split("</form>")[0]
        assert 'method="get" action="/learning#search" role="search"' in form, path
        assert '<label for="site-search-q" class="visually-hidden">Words to find</label>' in form
        assert '<input id="site-search-q" type="search" name="q"' in form
    assert "site-search" not in site.anonymous().get("/login").text  # for those signed in


def test_the_learning_page_needs_a_sign_in(site: Site) -> None:
    answer = site.anonymous().get("/learning")
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/login")


def test_the_pilot_page_offers_the_method_checks(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = lead.get(f"/pilots/{pilot_id}")
    assert f'hx-get="/pilots/{pilot_id}/method-checks"' in page.text
    assert f'<a href="/pilots/{pilot_id}/method-checks">' in page.text
    then = lead.get(f"/pilots/{pilot_id}", params={"version": "1"})
    assert "/method-checks" not in then.text


def test_the_method_checks_prompt_gently_from_the_record(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    log_cycle(lead, pilot_id)
    page = lead.get(f"/pilots/{pilot_id}/method-checks")
    assert page.status_code == 200
    assert "<h1>Method checks</h1>" in page.text
    assert "Cycle 1 has no reflection yet: what did you notice?" in page.text
    assert "Cycle 1 was decided (adapt). What will the next cycle" in page.text
    assert "Predictions made before Do: kept." in page.text
    fragment = lead.get(f"/pilots/{pilot_id}/method-checks", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert fragment.text.lstrip().startswith('<section id="method-checks"')
    assert "Cycle 1 has no reflection yet" in fragment.text


def test_the_learning_page_tallies_the_method_checks_across_pilots(site: Site) -> None:
    lead = site.as_("lead")
    first, second = register(lead, title="Walks"), register(lead, title="Talks")
    for pilot_id in (first, second):
        log_cycle(lead, pilot_id)
    reflected = lead.submit(
        f"/pilots/{second}", f"/pilots/{second}/reflections",
        kind="observation", cycle="1", text="People stayed for tea",
    )  # fmt: skip
    assert reflected.status_code == 303
    page = site.as_("reader").get("/learning").text
    tally = page.split('id="method-checks-summary-heading"')[1].split("</table>")[0]
    assert "<tr><td>Predictions made before Do</td><td>2</td><td>2</td></tr>" in tally
    assert "<tr><td>Decisions carried forward</td><td>0</td><td>2</td></tr>" in tally
    assert "<tr><td>A reflection on each cycle</td><td>1</td><td>2</td></tr>" in tally
    assert "<tr><td>Open questions revisited</td><td>0</td><td>0</td></tr>" in tally


def test_a_new_pilot_has_nothing_to_look_back_on(site: Site) -> None:
    lead = site.as_("lead")
    page = lead.get(f"/pilots/{register(lead)}/method-checks")
    assert "Nothing to look back on yet." in page.text


def test_method_checks_of_an_unknown_pilot_are_404(site: Site) -> None:
    page = site.as_("reader").get(f"/pilots/{UUID(int=7)}/method-checks")
    assert page.status_code == 404
