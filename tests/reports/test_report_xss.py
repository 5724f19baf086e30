"""R16: script typed into every text field renders inert in every report, format and chart: no
injected element, no event-handler attribute, no `javascript:` link, and the text still shows.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from html.parser import HTMLParser
from uuid import UUID

import pytest

from domain.pilot.commands import (
    AddInsight,
    Conclude,
    Decide,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RegisterPilot,
    ReviseIdea,
    SetQuestionStatus,
    StartCycle,
)
from domain.pilot.visibility import Reader
from domain.service import Pilots
from domain.values import Prediction, Result
from projections.learning.from_log import rows_at
from projections.reports.charts import cycles_chart, decisions_chart, open_questions_chart
from projections.reports.pilot_report import pilot_report
from projections.reports.programme_report import programme_from_rows, programme_report
from projections.reports.render import render
from tests.reports.programmes import on
from tests.web.pages_support import Site
from web.learning.summary import summary_for

SCRIPT = "<script>alert(1)</script>"
PAYLOAD = (
    f'{SCRIPT}"><img src=x onerror=alert(1)> [click](javascript:alert(1)) '
    "<a href='javascript:alert(1)'>x</a> ' onmouseover='alert(1)' ]]></text><svg onload=alert(1)>"
)
THEMES = (SCRIPT, '"><img src=x onerror=alert(1)>')


class Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(html: str, own_scripts: tuple[str, ...] = ()) -> None:
    page = Inspector()
    page.feed(html)
    for tag, attrs in page.starts:
        values = dict(attrs)
        assert tag != "img", attrs
        assert tag != "script" or values.get("src") in own_scripts, attrs
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)
    assert SCRIPT in "".join(page.text), "the typed text should still be shown, as text"


def assert_svg_inert(html: str) -> int:
    """Each chart is well-formed XML with no script and no handler; returns how many."""
    charts = re.findall(r"<svg\b.*?</svg>", html, flags=re.DOTALL)
    for chart in charts:
        root = ET.fromstring(chart)  # noqa: S314 - our own output, parsed to check it
        for element in root.iter():
            assert not element.tag.endswith("script")
            assert not any(name.startswith("on") for name in element.attrib)
    return len(charts)


def poisoned(pilots: Pilots, lead: UUID) -> UUID:
    """A pilot with the payload in every text field a report shows."""
    with on(0):
        registered = pilots.execute(
            RegisterPilot(
                title=PAYLOAD[:200], question=PAYLOAD, idea=PAYLOAD, origin=PAYLOAD, themes=THEMES
            ),
            lead,
        )
    pilot = registered.pilot.id
    asked = [Prediction(f"{PAYLOAD} {i}", PAYLOAD) for i in (1, 2)]
    with on(1):
        pilots.execute(
            ReviseIdea(pilot, idea=f"{PAYLOAD} v2", rationale=PAYLOAD, prompted_by=PAYLOAD), lead
        )
        pilots.execute(PlanCycle(pilot, objective=PAYLOAD, predictions=asked, plan=PAYLOAD), lead)
        pilots.execute(StartCycle(pilot, number=1), lead)
        pilots.execute(
            RecordDo(pilot, number=1, what_happened=PAYLOAD, as_planned=False, deviations=PAYLOAD),
            lead,
        )
    with on(5):
        results = [Result(p.question, PAYLOAD) for p in asked]
        pilots.execute(
            RecordStudy(pilot, number=1, results=results, learning=PAYLOAD, surprises=PAYLOAD), lead
        )
        pilots.execute(Decide(pilot, number=1, decision="adapt", rationale=PAYLOAD), lead)
        pilots.execute(PlanCycle(pilot, objective=PAYLOAD, predictions=asked), lead)
        for kind in ("experience", "observation", "meaning", "next_step", "appreciation"):
            pilots.execute(RecordReflection(pilot, kind=kind, text=PAYLOAD, cycle=1), lead)
        receipt = pilots.execute(
            RecordQuestionSet(
                pilot,
                held_on=date(2026, 3, 4),
                questions=[f"{PAYLOAD} a", f"{PAYLOAD} b"],
                visibility="community",  # so the programme report, the community's, shows it
            ),
            lead,
        )
        first, second = receipt.pilot.questions
        pilots.execute(AddInsight(pilot, question_id=first, text=PAYLOAD), lead)
        pilots.execute(SetQuestionStatus(pilot, question_id=second, status="answered"), lead)
    with on(12):
        pilots.execute(Conclude(pilot, outcome="adapted", summary=PAYLOAD), lead)
    return pilot


@pytest.fixture
def pilot(pilots: Pilots) -> UUID:
    return poisoned(pilots, UUID(int=1))


def test_the_pilot_report_in_html_shows_every_entry_as_text(pilots: Pilots, pilot: UUID) -> None:
    html = render(pilot_report(pilots, pilot), "html").decode()
    assert_inert(html)
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 25


def test_the_programme_report_and_its_charts_show_every_entry_as_text(
    pilots: Pilots, pilot: UUID
) -> None:
    html = render(programme_report(pilots), "html").decode()
    assert_inert(html)
    assert assert_svg_inert(html) == 3 + 1  # the summary's charts, and the co-creation map


def test_chart_labels_and_descriptions_are_escaped(pilots: Pilots, pilot: UUID) -> None:
    charts = programme_report(pilots).charts
    for svg in (
        cycles_chart(charts.cycles, 0),
        decisions_chart(charts.decisions_by_theme),
        open_questions_chart(charts.open_questions_by_week),
    ):
        assert assert_svg_inert(svg) == 1
        assert "<script>" not in svg
        assert 'role="img"' in svg
    described = ET.fromstring(str(decisions_chart(charts.decisions_by_theme)))  # noqa: S314
    assert SCRIPT in "".join(described.itertext())


def test_the_markdown_reports_render_to_inert_html(pilots: Pilots, pilot: UUID) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    # HTML passes through, as in most Markdown viewers: only the escaping keeps it inert.
    viewer = markdown_it.MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    for report in (pilot_report(pilots, pilot), programme_report(pilots)):
        markdown = render(report, "md").decode()
        assert "<script" not in markdown
        assert_inert(viewer.render(markdown))


def test_the_json_reports_carry_the_text_exactly(pilots: Pilots, pilot: UUID) -> None:
    assert PAYLOAD.encode() in render(pilot_report(pilots, pilot), "json").replace(b"\\", b"")


def test_the_report_pages_and_downloads_show_every_entry_as_text(site: Site) -> None:
    pilot = poisoned(site.services.pilots, site.ids["lead"])
    reader = site.as_("reader")
    own = ("/static/htmx-2.0.11.min.js",)
    for url in (f"/pilots/{pilot}/report", "/learning/report"):
        page = reader.get(url)
        assert page.status_code == 200
        assert_inert(page.text, own)
        assert reader.get(f"{url}.html").status_code == 200
        assert_inert(reader.get(f"{url}.html").text)
    programme = reader.get("/learning/report").text
    assert assert_svg_inert(programme) == 3 + 1  # the summary's charts, and the co-creation map
    assert programme.count('class="chart co-creation-map"') == 1


def test_the_learning_summary_partial_shows_every_entry_as_text(site: Site) -> None:
    poisoned(site.services.pilots, site.ids["lead"])
    projector = site.client.app.state.projector
    view = summary_for(
        site.services.pilots, projector, SCRIPT, "", "", Reader.person(site.ids["lead"])
    )
    assert (view.theme, view.error) == (SCRIPT, "")
    engine = site.client.app.template_engine
    assert engine is not None
    html = engine.get_template("partials/learning_summary.html.j2").render(summary=view)
    assert_inert(html)
    assert assert_svg_inert(html) == 3
    rows = rows_at(site.services.pilots, reader=Reader.community())
    assert programme_from_rows(rows).summary.pilots == 1
