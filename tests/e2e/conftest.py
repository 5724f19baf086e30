"""Fixtures for browser tests: the real app over real HTTP, and headless Debian Chromium.

Playwright's own browsers are never downloaded (`playwright install` is never run): the tests
drive the system's `/usr/bin/chromium`. pytest-playwright is not used either; its fixtures are
a few lines here, without its option and warning baggage.

When Chromium or the `playwright` package is missing the browser tests skip with the reason,
unless `PILOTS_REQUIRE_BROWSER=1` is set (as in CI), in which case they fail: in CI a browser
test can never silently not run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from urllib.parse import urlsplit
from uuid import UUID

import pytest

from adapters.bootstrap import Services, bootstrap
from adapters.settings import parse_database_url
from domain.pilot.commands import (
    CorrectPoint,
    Decide,
    DefineMeasure,
    NewAction,
    PlanCycle,
    RecordDo,
    RecordPoints,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RegisterPilot,
    StartCycle,
    StartPhase,
    WithdrawReflection,
)
from domain.values import DataPoint, Decision, Prediction, Result
from tests.e2e.origins import record_origins as record_workshop
from tests.e2e.origins_site import record_origins
from tests.e2e.server import LiveServer
from web.app import create_app

if TYPE_CHECKING:
    from litestar import Litestar
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER_VARIABLE = "PILOTS_REQUIRE_BROWSER"
# Playwright itself adds --headless, --no-sandbox, --disable-background-networking,
# --disable-component-update, --disable-sync and --no-first-run; they are listed anyway so the
# launch does not depend on what one Playwright version happens to add.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
# Generous for a shared, noisy machine; a healthy page answers in milliseconds.
TIMEOUT_MS = 10_000

LEAD_EMAIL = "lena.lead@example.org"
LEAD_NAME = "Lena Lead"
LEAD_PASSWORD = "lead pässword 123"
READER_EMAIL = "rafi.reader@example.org"
READER_NAME = "Rafi Reader"
READER_PASSWORD = "reader pässword 456"
MEMBER_EMAIL = "mina.member@example.org"
MEMBER_NAME = "Mina Member"
MEMBER_PASSWORD = "member pässword 789"


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    password: str
    id: UUID


@dataclass
class Site:
    """The running app: where it answers, who can sign in, and what is stored."""

    base_url: str
    app: Litestar
    services: Services
    lead: Person
    reader: Person
    pilot_id: UUID
    member: Person | None = None  # a member across the programme, who facilitated the workshop
    ids: dict[str, str] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base_url + path


def require_browser_or_skip(reason: str) -> NoReturn:
    """Skips the test, or fails it when the environment says browser tests must run."""
    if os.environ.get(REQUIRE_BROWSER_VARIABLE, "").strip() == "1":
        pytest.fail(f"{reason}, and {REQUIRE_BROWSER_VARIABLE}=1 says browser tests must run")
    pytest.skip(reason)


# -- the app ------------------------------------------------------------------------------------


def _record_a_pilot(services: Services, lead: UUID) -> UUID:
    """A pilot with one full cycle, predictions, a reflection and a question set, through the
    service layer, so the pilot pages have content to show."""
    pilots = services.pilots
    pilot_id = pilots.execute(
        RegisterPilot(
            title="Story circles at the library",
            question="How might we help isolated older residents connect with neighbours?",
            idea="A weekly story circle, hosted by volunteers, with tea and no agenda.",
            origin="A conversation at the residents' forum",
            themes=("loneliness", "community"),
        ),
        lead,
    ).pilot.id
    predictions = [
        Prediction("Will residents come to a short group activity?", "About ten will come"),
        Prediction("Will they come back the next week?", "Half of them will"),
    ]
    receipt = pilots.execute(
        PlanCycle(
            pilot_id,
            objective="Find out whether people come, and come back",
            predictions=predictions,
            plan="Two sessions, a week apart, announced by posters and word of mouth",
        ),
        lead,
    )
    number = receipt.events[-1].number  # type: ignore[attr-defined]
    pilots.execute(StartCycle(pilot_id, number=number), lead)
    pilots.execute(
        RecordDo(
            pilot_id, number=number, what_happened="Twelve came; eight came back", deviations=""
        ),
        lead,
    )
    pilots.execute(
        RecordStudy(
            pilot_id,
            number=number,
            results=[
                Result(predictions[0].question, "Twelve came"),
                Result(predictions[1].question, "Eight of them came back"),
            ],
            learning="People came for the tea and stayed for the stories",
            surprises="Two residents offered to host",
        ),
        lead,
    )
    pilots.execute(
        Decide(
            pilot_id,
            number=number,
            decision=Decision.ADAPT,
            rationale="Keep it, and let residents host it",
        ),
        lead,
    )
    pilots.execute(
        RecordReflection(
            pilot_id,
            kind="experience",
            text="The room was loud at first and then quiet in a good way.",
            cycle=number,
        ),
        lead,
    )
    said = RecordReflection(pilot_id, kind="meaning", text="Said in confidence.", visibility="team")
    taken_back: UUID = pilots.execute(said, lead).events[-1].reflection_id  # type: ignore[attr-defined]
    pilots.execute(WithdrawReflection(pilot_id, reflection_id=taken_back, reason="Asked"), lead)
    pilots.execute(
        RecordQuestionSet(
            pilot_id,
            held_on=date(2026, 5, 1),
            questions=["What would make this group feel like yours?", "Who is not here yet?"],
            issue_holder=lead,
            actions=[NewAction("Ask the two volunteers what support they need", lead)],
            visibility="community",  # so the reader's learning pages chart its open questions
        ),
        lead,
    )
    pilots.execute(
        RecordQuestionSet(
            pilot_id,
            held_on=date(2026, 5, 15),
            questions=["What did the hosts find hard?"],
            issue_holder=lead,
        ),
        lead,
    )  # for the team only, as set meetings are unless shared
    return pilot_id


# Weekly attendance: six low weeks, then six high ones, so every set of rules finds a signal in
# the first phase (Anhøj: too few crossings; IHI: a shift on each side; Making Data Count: the
# twelfth week above the upper limit). The third week was typed as 70 and is corrected to 7, and
# a new phase starts with the thirteenth week, which leaves that phase too few points for rules.
WEEKLY = (8, 9, 70, 8, 9, 8, 12, 13, 12, 14, 13, 15, 15, 16)
FIRST_WEEK = date(2026, 1, 5)


def _record_measures(services: Services, lead: UUID, pilot_id: UUID) -> dict[str, str]:
    """Two measures through the service layer: weekly attendance with a correction, a second
    phase and signals; and a measure with only three values, too few for any rule."""
    pilots = services.pilots

    def define(command: DefineMeasure) -> UUID:
        return next(reversed(pilots.execute(command, lead).pilot.measures))

    attendance = define(
        DefineMeasure(
            pilot_id,
            name="Residents at each circle",
            kind="outcome",
            definition="Residents counted at the door at each weekly circle, hosts not counted",
            improvement="up",
            unit="people",
            target=14.0,
        )
    )
    weeks = [FIRST_WEEK + timedelta(weeks=i) for i in range(len(WEEKLY))]
    points = [
        DataPoint(on, value, "Snow; the bus did not run" if i == 2 else "")
        for i, (on, value) in enumerate(zip(weeks, WEEKLY, strict=True))
    ]
    pilots.execute(RecordPoints(pilot_id, measure_id=attendance, points=points), lead)
    pilots.execute(
        CorrectPoint(pilot_id, measure_id=attendance, on=weeks[2], value=7, reason="Typed 70"),
        lead,
    )
    pilots.execute(
        StartPhase(pilot_id, measure_id=attendance, starts=weeks[12], reason="Residents host"),
        lead,
    )
    few = define(
        DefineMeasure(
            pilot_id,
            name="Minutes waiting for tea",
            kind="balancing",
            definition="Minutes from arriving to holding a cup, timed for the first five people",
            improvement="down",
        )
    )
    first_three = [DataPoint(FIRST_WEEK + timedelta(weeks=i), v) for i, v in enumerate((6, 4, 5))]
    pilots.execute(RecordPoints(pilot_id, measure_id=few, points=first_three), lead)
    return {
        "measure_id": str(attendance),
        "few_measure_id": str(few),
        # `?at=` is a day of the record, not of the data: the measures were recorded today
        "recorded_on": datetime.now(UTC).date().isoformat(),
    }


@pytest.fixture(scope="session")
def site() -> Iterator[Site]:
    """The app on a temporary SQLite store, served by uvicorn on 127.0.0.1 for the session."""
    with tempfile.TemporaryDirectory(prefix="pilots-e2e-") as folder:
        settings = parse_database_url(f"sqlite:///{Path(folder) / 'pilots.sqlite3'}")
        services = bootstrap(settings)
        try:
            lead = services.accounts.add(LEAD_EMAIL, LEAD_NAME, "lead", LEAD_PASSWORD)
            reader = services.accounts.add(READER_EMAIL, READER_NAME, "reader", READER_PASSWORD)
            member = services.accounts.add(MEMBER_EMAIL, MEMBER_NAME, "member", MEMBER_PASSWORD)
            pilot_id = _record_a_pilot(services, lead.id)
            measures = _record_measures(services, lead.id, pilot_id)
            workshop = record_workshop(services.pilots, lead.id, member.id)
            origins = record_origins(services, lead.id)
            app = create_app(services)
            with LiveServer(app) as server:
                yield Site(
                    base_url=server.base_url,
                    app=app,
                    services=services,
                    lead=Person(LEAD_EMAIL, LEAD_NAME, LEAD_PASSWORD, lead.id),
                    reader=Person(READER_EMAIL, READER_NAME, READER_PASSWORD, reader.id),
                    pilot_id=pilot_id,
                    member=Person(MEMBER_EMAIL, MEMBER_NAME, MEMBER_PASSWORD, member.id),
                    ids={
                        "pilot_id": str(pilot_id),
                        "question_id": str(next(iter(services.pilots.pilot(pilot_id).questions))),
                        **measures,
                        **workshop,
                        **origins,
                    },
                )
        finally:
            services.close()


# -- the browser --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_browser_or_skip("the playwright package is not installed")
    if not CHROMIUM.exists():
        require_browser_or_skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # A new, empty profile for every launch: Playwright gives a non-persistent launch a fresh
    # temporary user-data directory and removes it afterwards.
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def context(browser: Browser, site: Site) -> Iterator[BrowserContext]:
    """A fresh browser context (no cookies) for one test, under the page's real CSP."""
    context = browser.new_context(base_url=site.base_url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(params=[True, False], ids=["htmx", "no-javascript"])
def js(request: pytest.FixtureRequest) -> bool:
    """Runs a keyboard journey twice: with htmx, and with JavaScript off (plain POSTs)."""
    return bool(request.param)


@pytest.fixture
def keyboard_page(browser: Browser, site: Site, js: bool) -> Iterator[Page]:
    context = browser.new_context(base_url=site.base_url, locale="en-GB", java_script_enabled=js)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="session")
def session_cookies(browser: Browser, site: Site) -> Callable[[Person], list[Any]]:
    """`session_cookies(person)`: the cookies of a session signed in through the form, made once
    per person and shared (argon2 makes each sign-in cost a noticeable fraction of a second).
    Tests that sign out sign in on their own, so these sessions stay valid."""
    made: dict[str, list[Any]] = {}

    def cookies_of(person: Person) -> list[Any]:
        if person.email not in made:
            context = browser.new_context(base_url=site.base_url)
            try:
                context.set_default_timeout(TIMEOUT_MS)
                sign_in(context.new_page(), person)
                made[person.email] = list(context.cookies())
            finally:
                context.close()
        return made[person.email]

    return cookies_of


def sign_in(page: Page, person: Person) -> None:
    """Signs in through the form, as a person would (with the mouse; the keyboard-only journey
    is a test of its own)."""
    page.goto("/login")
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert path_of(page.url) == "/", f"signing in as {person.email} landed on {page.url}"


def path_of(url: str) -> str:
    return urlsplit(url).path


def settle(page: Page) -> None:
    """Waits until htmx has no request in flight and nothing swapping or settling, so content
    that a page loads after it opens is there before it is checked."""
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def active_element(page: Page) -> dict[str, Any]:
    """What has the keyboard focus: its tag, id, class, type, text and accessible label."""
    focus: dict[str, Any] = page.evaluate(
        """() => {
            const e = document.activeElement;
            if (!e) return {};
            return {
                tag: e.tagName.toLowerCase(), id: e.id || '', cls: e.className || '',
                type: e.getAttribute('type') || '', text: (e.innerText || '').trim(),
                href: e.getAttribute('href') || '',
            };
        }"""
    )
    return focus
