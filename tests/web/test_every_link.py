"""The site walked as its readers walk it: signed in to the demo programme as each kind of
account, start at the dashboard and follow every link and every GET form on every page reached,
breadth-first, each address once. Nothing a reader is shown may answer with an error: a link
that would refuse this reader must not be on their page in the first place.

Every HTML page has one <h1>, a title of its own before the site's name, and the language on
<html>, as base.html.j2 gives them; the files the pages link to (style sheet, script, charts,
data and report downloads) answer 200 with their own content type (R22 in docs/quality.md).
"""

from __future__ import annotations

import re
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

import pytest
from litestar.testing import TestClient

from adapters.bootstrap import Services, bootstrap
from adapters.demo import DEMO_PASSWORD, seed
from adapters.settings import parse_database_url
from domain.origins.events import StoryRecorded, WorkshopCreated
from domain.pilot.events import Registered
from tests.web.pages_support import Browser, cheap_passwords
from web.app import create_app

pytestmark = pytest.mark.slow

# Everyone in the demo (adapters/demo/programme.toml and a file per pilot), each a kind of
# reader: their role across the programme, and their place on the pilots' teams.
ACCOUNTS = {
    "lead": "amara@demo.pilots",  # leads the story circles; a member of two other teams
    "lead-alone": "ben@demo.pilots",  # leads two pilots and is on no other team
    "member": "dev@demo.pilots",  # a member or facilitator on three teams, leads none
    "member-leading": "chen@demo.pilots",  # role member, yet leads two pilots
    "admin": "admin@demo.pilots",  # on no team, may do anything
    "outsider": "eve@demo.pilots",  # a reader, on no team
}
# The demo has about 300 addresses per reader; a walk that reaches this many has gone wrong
# (an address that grows each time it is followed, say), and says so rather than stopping.
CAP = 1000
SUFFIX = " · Pilot Tracker"  # every page's title ends with the site's name
# What each kind of file the pages link to must be served as.
CONTENT_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".svg": "image/svg+xml",
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".json": "application/json",
    ".html": "text/html",
}
# Not pages: signing out ends the walk's session, so it is a POST form and never followed.
NOT_PAGES = {"/logout"}


class PageReader(HTMLParser):
    """What the walk needs from a page: where its links and GET forms go, the files it loads,
    the htmx fragments it fetches, and its headings, title and language."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.files: list[str] = []
        self.fragments: list[str] = []
        self.post_actions: list[str] = []
        self.h1 = 0
        self.ids: set[str] = set()
        self.lang: str | None = None
        self.title: str | None = None
        self._in_title = False
        self._form: list[tuple[str, str]] | None = None
        self._form_at = 0  # where the open GET form's address is in `links`
        self._select: str | None = None
        self._selected: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "title" and self.title is None:  # the page's, not a chart's inside it
            self._in_title, self.title = True, ""
        elif tag == "h1":
            self.h1 += 1
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "link" and "href" in a:
            self.files.append(a["href"])
        elif tag == "script" and "src" in a:
            self.files.append(a["src"])
        if "hx-get" in a:
            self.fragments.append(a["hx-get"])
        if tag == "form":
            method = a.get("method", "get").lower()
            if method == "get":
                self._form, self._selected = [], {}
                self._form_at = len(self.links)
                self.links.append(a.get("action", ""))
            else:
                self.post_actions.append(a.get("action", ""))
        elif self._form is not None:
            self._field(tag, a)

    def _field(self, tag: str, a: dict[str, str]) -> None:
        assert self._form is not None
        kind = a.get("type", "text")
        if tag == "input" and "name" in a:
            if kind not in ("checkbox", "radio", "submit", "button") or "checked" in a:
                self._form.append((a["name"], a.get("value", "")))
        elif tag == "textarea" and "name" in a:
            self._form.append((a["name"], ""))  # no GET form here has text in one
        elif tag == "select" and "name" in a:
            self._select = a["name"]
        elif (
            tag == "option"
            and self._select
            and (self._select not in self._selected or "selected" in a)
        ):
            self._selected[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._in_title and self.title is not None:
            self.title += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            # Sent as a browser sends it: the fields, as rendered, replace the action's query
            # (and its #fragment stays behind, as the walk drops fragments anyway).
            action = urlsplit(self.links[self._form_at])
            query = urlencode(self._form + list(self._selected.items()))
            self.links[self._form_at] = urlunsplit(action._replace(query=query, fragment=""))
            self._form = None


@dataclass
class Walk:
    """One reader's walk: every address reached, and what was wrong on the way."""

    who: str
    seen: dict[str, str] = field(default_factory=dict)  # address -> the page that linked it
    reached: set[str] = field(default_factory=set)  # the addresses that answered 200
    ids: set[str] = field(default_factory=set)  # the ids of elements on the pages reached
    pages: int = 0
    files: int = 0
    faults: list[str] = field(default_factory=list)


def internal(href: str, page: str) -> str | None:
    """The address a link goes to, without its fragment, or None when it leaves the site."""
    url = urlsplit(urljoin(f"http://testserver{page}", href))
    if url.scheme not in ("http", "https") or url.netloc != "testserver":
        return None
    return urlunsplit(("", "", url.path or "/", url.query, ""))


def walk(browser: Browser, who: str) -> Walk:
    found = Walk(who)
    queue: deque[tuple[str, str, bool]] = deque([("/", "(start)", False)])
    found.seen["/"] = "(start)"
    while queue:
        assert len(found.seen) <= CAP, f"{who}: more than {CAP} addresses; the walk is stuck"
        url, source, fragment = queue.popleft()
        headers = {"HX-Request": "true"} if fragment else {}
        response = browser.get(url, headers=headers)
        status, kind = response.status_code, response.headers.get("content-type", "")
        where = f"{url} (linked from {source})"
        if 300 <= status < 400:  # the page it sends the reader to is walked in its turn
            location = response.headers["location"]
            targets: list[tuple[str, bool]] = [(location, fragment)]
            if who != "anonymous" and urlsplit(location).path == "/login":
                found.faults.append(f"{where}: sends a signed-in reader to sign in")
        elif status != 200:
            title = re.search(r"<title>(.*?)</title>", response.text, re.DOTALL)
            said = title.group(1) if title else response.text[:200]
            found.faults.append(f"{where}: {status} {said!r}")
            continue
        elif kind.startswith("text/html") and not urlsplit(url).path.endswith(".html"):
            found.reached.add(url)
            targets = check_page(found, url, where, response.text, fragment)
        else:  # a file: the style sheet, the script, a chart, a download
            found.reached.add(url)
            found.files += 1
            check_file(found, url, where, kind)
            continue
        for href, is_fragment in targets:
            target = internal(href, url)
            if target is None or target in found.seen or urlsplit(target).path in NOT_PAGES:
                continue
            found.seen[target] = url
            queue.append((target, url, is_fragment))
    return found


def check_page(
    found: Walk, url: str, where: str, html: str, fragment: bool
) -> list[tuple[str, bool]]:
    reader = PageReader()
    reader.feed(html)
    found.ids |= reader.ids
    if not fragment:
        found.pages += 1
        title = reader.title or ""
        if reader.h1 != 1:
            found.faults.append(f"{where}: {reader.h1} <h1> elements, not one")
        if not title.endswith(SUFFIX) or not title.removesuffix(SUFFIX).strip():
            found.faults.append(f"{where}: title {title!r} says nothing of the page")
        if not reader.lang:
            found.faults.append(f"{where}: no lang on <html>")
    if any(internal(href, url) in NOT_PAGES for href in reader.links):
        found.faults.append(f"{where}: signs out through a link, which a GET must never do")
    if found.who != "anonymous" and not fragment and "/logout" not in reader.post_actions:
        found.faults.append(f"{where}: no sign-out form for a signed-in reader")
    return [
        *((href, False) for href in reader.links + reader.files),
        *((href, True) for href in reader.fragments),
    ]


def check_file(found: Walk, url: str, where: str, kind: str) -> None:
    path = urlsplit(url).path
    suffix = path[path.rfind(".") :] if "." in path.rsplit("/", 1)[-1] else ""
    expected = CONTENT_TYPES.get(suffix)
    if expected is None:
        found.faults.append(f"{where}: a file of no known kind ({kind})")
    elif not kind.startswith(expected):
        found.faults.append(f"{where}: served as {kind!r}, not {expected}")


@dataclass
class Demo:
    """The demo's records, by kind, and each reader's walk through them."""

    pilots: list[str]
    workshops: list[str]
    stories: list[str]
    walks: dict[str, Walk]


def started_by(services: Services, topic: str) -> list[str]:
    """The ids of the records whose stream starts with an event of this topic."""
    found = services.pilots.recorder.select_notifications(1, 1_000_000, topics=[topic])
    return [str(n.originator_id) for n in found]


@pytest.fixture(scope="module")
def demo() -> Iterator[Demo]:
    """The demo as `pilots demo` builds it, into a fresh SQLite file, walked by each reader and
    by someone not signed in. Passwords are hashed cheaply (see pages_support): the walk is
    about the pages."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        cheap_passwords(patch)
        services = bootstrap(parse_database_url(f"sqlite:///{folder}/pilots-demo.sqlite3"))
        try:
            seed(services.pilots, services.accounts)
            with TestClient(create_app(services)) as client:
                walks = {}
                for who, email in [*ACCOUNTS.items(), ("anonymous", None)]:
                    started = time.monotonic()
                    browser = Browser(client)
                    if email is not None:
                        sign_in(browser, email)
                    walks[who] = walk(browser, who)
                    print(
                        f"\n{who}: {walks[who].pages} pages and {walks[who].files} files "
                        f"in {time.monotonic() - started:.1f} s"
                    )
            yield Demo(
                started_by(services, Registered.TOPIC),
                started_by(services, WorkshopCreated.TOPIC),
                started_by(services, StoryRecorded.TOPIC),
                walks,
            )
        finally:
            services.close()


def sign_in(browser: Browser, email: str) -> None:
    page = browser.get("/login")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert page.status_code == 200
    assert token is not None
    data = {"_csrf_token": token.group(1), "email": email, "password": DEMO_PASSWORD, "next": "/"}
    assert browser.post("/login", data).status_code == 303


@pytest.mark.parametrize("who", [*ACCOUNTS, "anonymous"])
def test_every_link_a_reader_is_shown_works(demo: Demo, who: str) -> None:
    faults = demo.walks[who].faults
    assert not faults, f"{len(faults)} faults:\n" + "\n".join(faults)


@pytest.mark.parametrize("who", ACCOUNTS)
def test_the_walk_reaches_every_part_of_the_site(demo: Demo, who: str) -> None:
    walked = demo.walks[who]
    paths = {urlsplit(url).path for url in walked.reached}
    pilots = {f"/pilots/{pilot_id}" for pilot_id in demo.pilots}
    assert len(pilots) == 5
    assert pilots <= paths, sorted(pilots - paths)
    assert {f"/workshops/{workshop_id}" for workshop_id in demo.workshops} <= paths
    assert {f"/stories/{story_id}" for story_id in demo.stories} & paths, "no story page"
    assert {"/", "/map", "/workshops", "/learning", "/learning/report"} <= paths
    assert {"cycles", "cycle-1", "cycle-2"} <= walked.ids, "no pilot page showed its cycles"
    for pattern in (
        "/pilots/{id}/measures/{id}",  # a measure's page, its chart drawn, as data, its values
        "/pilots/{id}/measures/{id}/chart.svg",
        "/pilots/{id}/measures/{id}/chart.json",
        "/pilots/{id}/measures/{id}/points.csv",
        "/pilots/{id}/questions/{id}",  # a question from a set meeting
        *(f"/pilots/{{id}}/{tail}" for tail in ("timeline", "ideas", "compare", "method-checks")),
        *(f"/pilots/{{id}}/report{kind}" for kind in ("", ".md", ".json", ".html")),
        *(f"/learning/report.{kind}" for kind in ("md", "json", "html")),
        "/static/app.css",
        "/static/htmx-2.0.11.min.js",
    ):
        regex = re.compile(re.escape(pattern).replace(r"\{id\}", "[0-9a-f-]{36}"))
        assert any(regex.fullmatch(p) for p in paths), f"{who} reached nothing like {pattern}"


def test_someone_not_signed_in_is_sent_to_sign_in_and_goes_no_further(demo: Demo) -> None:
    paths = {urlsplit(url).path for url in demo.walks["anonymous"].reached}
    assert paths == {"/login", "/static/app.css", "/static/htmx-2.0.11.min.js"}
