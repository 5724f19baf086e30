"""One report in one format, as the bytes that are served or written to a file."""

from __future__ import annotations

from typing import Literal

import msgspec

from projections.reports.pilot_report import PilotReport
from projections.reports.programme_html import programme_html
from projections.reports.programme_md import programme_markdown
from projections.reports.programme_report import ProgrammeReport
from projections.reports.render_html import pilot_html, standalone
from projections.reports.render_md import pilot_markdown

Format = Literal["md", "html", "json"]
FORMATS: tuple[Format, ...] = ("md", "html", "json")
MEDIA_TYPES: dict[Format, str] = {
    "md": "text/markdown",
    "html": "text/html",
    "json": "application/json",
}
Report = PilotReport | ProgrammeReport


def render(report: Report, fmt: Format) -> bytes:
    """JSON is indented and its fields keep their declared order; HTML stands alone."""
    if fmt == "json":
        return msgspec.json.format(msgspec.json.encode(report), indent=2) + b"\n"
    if fmt == "md":
        if isinstance(report, PilotReport):
            return pilot_markdown(report).encode()
        return programme_markdown(report).encode()
    body = pilot_html(report) if isinstance(report, PilotReport) else programme_html(report)
    return standalone(title_of(report), body).encode()


def title_of(report: Report) -> str:
    if isinstance(report, PilotReport):
        return f"Learning report: {report.title}"
    return "Programme learning report"


def file_name(report: Report, fmt: Format) -> str:
    """A name that says which stamp the file was built at."""
    if isinstance(report, PilotReport):
        return f"pilot-{report.pilot_id}-version-{report.version}.{fmt}"
    return f"programme-position-{report.position}.{fmt}"


def rendered(report: Report) -> dict[str, bytes]:
    """The report in every format, for keeping them all from one build."""
    return {fmt: render(report, fmt) for fmt in FORMATS}
