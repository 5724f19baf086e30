"""The printable report pages, their downloads, and the learning summary partial."""

from __future__ import annotations

import re
from uuid import UUID

from domain.pilot.visibility import Reader
from projections.reports.pilot_report import pilot_report
from projections.reports.programme_report import programme_report
from projections.reports.render import render
from tests.reports.programmes import small_programme
from tests.web.pages_support import Site, log_cycle, register
from web.learning.summary import summary_for


def test_the_report_page_shows_the_storyboard_inside_the_site(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead, title="Story circles")
    log_cycle(lead, pilot_id)
    page = site.as_("reader").get(f"/pilots/{pilot_id}/report")
    assert page.status_code == 200
    assert '<a class="skip-link"' in page.text  # the site's layout
    assert "<h1>Learning report: Story circles</h1>" in page.text
    assert f"Pilot {pilot_id} at version 6" in page.text
    assert "Predictions and results of cycle 1" in page.text
    assert "Adapt: Keep it short" in page.text
    for fmt in ("md", "json", "html"):
        assert f'href="/pilots/{pilot_id}/report.{fmt}?version=6" download' in page.text
    assert "The report now" not in page.text


def test_an_earlier_version_says_so_and_links_to_the_report_now(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    log_cycle(lead, pilot_id)
    page = lead.get(f"/pilots/{pilot_id}/report?version=1")
    assert page.status_code == 200
    assert "as the pilot stood at version 1" in page.text
    assert f'href="/pilots/{pilot_id}/report">The report now</a> is at version 6' in page.text
    assert "No cycles yet." in page.text


def test_each_download_is_the_report_shown_as_a_file(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    log_cycle(lead, pilot_id)
    pilots = site.services.pilots
    for fmt, media_type in (("md", "text/markdown"), ("json", "application/json"),
                            ("html", "text/html")):  # fmt: skip
        answer = lead.get(f"/pilots/{pilot_id}/report.{fmt}?version=4")
        assert answer.status_code == 200
        assert answer.headers["content-type"].split(";")[0] == media_type
        name = f"pilot-{pilot_id}-version-4.{fmt}"
        assert answer.headers["content-disposition"] == f'attachment; filename="{name}"'
        # The lead is on the pilot's team: their download is the team's report.
        team_report = pilot_report(pilots, UUID(pilot_id), 4, Reader.team())
        assert answer.content == render(team_report, fmt)
        answer = lead.get(f"/learning/report.{fmt}?position=3")
        assert answer.content == render(programme_report(pilots, 3), fmt)
        assert answer.headers["x-report-stamp"] == "Log position 3"


def test_the_programme_report_page_shows_the_summary_with_charts(site: Site) -> None:
    small_programme(site.services.pilots)
    page = site.as_("reader").get("/learning/report")
    assert page.status_code == 200
    assert "<h1>Programme learning report</h1>" in page.text
    assert page.text.count('role="img"') == 3 + 1  # the summary's charts, and the map
    assert page.text.count('class="chart co-creation-map"') == 1
    position = programme_report(site.services.pilots).position
    assert f'href="/learning/report.json?position={position}" download' in page.text
    earlier = site.as_("reader").get("/learning/report?position=4")
    assert "Log position 4" in earlier.text


def test_a_bad_or_unknown_stamp_is_an_error_page(site: Site) -> None:
    reader = site.as_("reader")
    pilot_id = register(site.as_("lead"))
    assert reader.get(f"/pilots/{pilot_id}/report?version=x").status_code == 400
    assert reader.get(f"/pilots/{pilot_id}/report?version=9").status_code == 404
    assert reader.get(f"/pilots/{pilot_id}/report.md?version=-1").status_code == 400
    assert reader.get("/pilots/00000000-0000-0000-0000-000000000000/report").status_code == 404
    assert reader.get("/learning/report?position=999").status_code == 404
    assert reader.get("/learning/report.json?position=1.5").status_code == 400


def test_the_reports_need_a_signed_in_person(site: Site) -> None:
    pilot_id = register(site.as_("lead"))
    for url in (f"/pilots/{pilot_id}/report", f"/pilots/{pilot_id}/report.md", "/learning/report"):
        answer = site.anonymous().get(url)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login?next=")


def test_the_summary_partial_has_labelled_filters_and_keeps_what_was_typed(site: Site) -> None:
    small_programme(site.services.pilots)
    projector = site.client.app.state.projector
    view = summary_for(site.services.pilots, projector, "Groups", "2026-03-10", "", Reader.team())
    html = render_partial(site, view)
    for name in ("theme", "since", "until"):
        assert re.search(rf'<label for="summary-{name}">', html)
        assert f'id="summary-{name}" name="{name}"' in html
    assert '<option value="groups" selected>groups</option>' in html
    assert 'value="2026-03-10"' in html
    assert html.count('role="img"') == 3
    assert f'href="/learning/report?position={view.position}"' in html


def test_a_filter_that_cannot_be_read_is_shown_and_the_summary_covers_every_date(
    site: Site,
) -> None:
    small_programme(site.services.pilots)
    view = summary_for(site.services.pilots, None, "", "2026-02-30", "", Reader.team())
    assert view.error == "Since must be a date, such as 2026-05-01."
    html = render_partial(site, view)
    assert 'role="alert"' in html
    assert "<td>3</td>" in html.replace('<td class="entry">', "<td>")  # every pilot counted


def render_partial(site: Site, view: object) -> str:
    engine = site.client.app.template_engine
    assert engine is not None
    return str(engine.get_template("partials/learning_summary.html.j2").render(summary=view))


def test_the_learning_page_shows_the_summary_narrowed_as_asked(site: Site) -> None:
    small_programme(site.services.pilots)
    page = site.as_("reader").get("/learning?theme=groups&since=2026-03-10")
    assert page.status_code == 200
    assert '<h2 id="learning-summary">Learning summary</h2>' in page.text
    assert '<option value="groups" selected>groups</option>' in page.text
    assert page.text.count('role="img"') == 3 + 1  # the summary's charts, and the map
    assert page.text.count('class="chart co-creation-map"') == 1
    assert "Library circles" in page.text  # decided on 14 March, in the period
    assert "Walking groups" not in page.text.split('id="search"')[0]  # another theme
    refused = site.as_("reader").get("/learning?until=someday")
    assert refused.status_code == 200
    assert "Until must be a date, such as 2026-05-01." in refused.text
