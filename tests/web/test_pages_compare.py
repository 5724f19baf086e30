"""The page that sets two versions of a pilot side by side."""

from __future__ import annotations

from tests.web.pages_support import XSS, Site, log_cycle, register, site_fixture  # noqa: F401


def test_comparing_versions_shows_each_changed_part(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead, title="Story circles")
    log_cycle(lead, pilot_id)
    page = lead.get(f"/pilots/{pilot_id}/compare?from=1&to=6")
    assert page.status_code == 200
    assert "<h2>Changes from version 1 to version 6</h2>" in page.text
    assert '<th scope="row">Cycle 1</th>' in page.text
    assert "decided" in page.text


def test_the_compare_form_starts_empty_and_labels_its_fields(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = lead.get(f"/pilots/{pilot_id}/compare")
    assert page.status_code == 200
    assert '<label for="compare-from">From version</label>' in page.text
    assert "<h2>Changes" not in page.text


def test_a_version_out_of_range_is_explained_on_the_page(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead)
    page = lead.get(f"/pilots/{pilot_id}/compare?from=7")
    assert page.status_code == 400
    assert "Compare from a version between 1 and 1." in page.text
    assert 'aria-invalid="true"' in page.text


def test_compared_text_renders_inert(site: Site) -> None:
    lead = site.as_("lead")
    pilot_id = register(lead, idea="Plain idea")
    lead.submit(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/idea", idea=XSS, rationale=XSS)
    page = lead.get(f"/pilots/{pilot_id}/compare?from=1")
    assert XSS not in page.text
    assert "&lt;script&gt;" in page.text
