"""The pages as a browser without JavaScript uses them: people sign in through the login form,
and every POST carries the fields of a form read from the page, CSRF token and submission id
included, unless a test means to leave them out.

Password hashing is made cheap here: argon2id at its real cost takes over a second per sign-in,
and these tests are about the pages, not the hashing (tests/unit/test_passwords.py covers it).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar.testing import TestClient

from adapters.bootstrap import Services, bootstrap
from adapters.settings import parse_database_url
from web.app import create_app

PASSWORD = "a long enough passphrase"
PEOPLE = {
    "lead": ("lee@example.org", "Lee Lead", "lead"),
    "member": ("mo@example.org", "Mo Member", "member"),
    "outsider": ("otto@example.org", "Otto Outsider", "lead"),
    "reader": ("rae@example.org", "Rae Reader", "reader"),
}
XSS = "<script>alert(1)</script>"


class FormReader(HTMLParser):
    """Each form's action and the values a browser would send, as the page rendered them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []
        self._fields: dict[str, str] | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method") == "post":
            self._fields = {}
            self.forms.append((a.get("action", ""), self._fields))
        fields = self._fields
        if fields is None or ("name" not in a and tag != "option"):
            return
        kind = a.get("type", "text")
        if (tag == "input" and kind not in ("radio", "checkbox", "submit")) or "checked" in a:
            fields[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            fields[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and (self._select not in fields or "selected" in a):
            fields[self._select] = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self._fields is not None and self._textarea is not None:
            self._fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_in(html: str) -> list[tuple[str, dict[str, str]]]:
    reader = FormReader()
    reader.feed(html)
    return reader.forms


@dataclass
class Browser:
    """One person's browser: the site's test client, with this person's cookies."""

    client: TestClient[Any]
    cookies: httpx.Cookies = field(default_factory=httpx.Cookies)

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        self.client.cookies = self.cookies
        try:
            return self.client.request(method, url, follow_redirects=False, **kwargs)
        finally:
            self.cookies = self.client.cookies

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def form(self, page_url: str, action: str) -> dict[str, str]:
        """The fields of the form posting to `action`, as rendered on the page."""
        found = [fields for target, fields in forms_in(self.get(page_url).text) if target == action]
        assert found, f"no form posts to {action} on {page_url}"
        return dict(found[0])

    def submit(self, page_url: str, action: str, **typed: str) -> httpx.Response:
        """Fills in the form on the page and sends it, as a person would."""
        return self.post(action, self.form(page_url, action) | typed)

    def post(self, action: str, data: dict[str, str], **kwargs: Any) -> httpx.Response:
        return self.request("POST", action, data=data, **kwargs)


@dataclass
class Site:
    services: Services
    client: TestClient[Any]
    ids: dict[str, UUID] = field(default_factory=dict)
    browsers: dict[str, Browser] = field(default_factory=dict)

    def as_(self, who: str) -> Browser:
        """A browser signed in as `who`, through the login form."""
        if who not in self.browsers:
            browser = Browser(self.client)
            sign_in(browser, PEOPLE[who][0])
            self.browsers[who] = browser
        return self.browsers[who]

    def anonymous(self) -> Browser:
        return Browser(self.client)

    def events(self, pilot_id: str | UUID) -> int:
        return len(self.services.pilots.history(UUID(str(pilot_id))))


def sign_in(browser: Browser, email: str) -> None:
    page = browser.get("/login")
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    data = {"_csrf_token": token.group(1), "email": email, "password": PASSWORD, "next": "/"}
    answer = browser.post("/login", data)
    assert answer.status_code == 303, answer.text


def _cheap_hash(password: str) -> str:
    return "test$" + hashlib.sha256(password.encode()).hexdigest()


def cheap_passwords(patch: pytest.MonkeyPatch) -> None:
    """Passwords hashed with one SHA-256 instead of the product's slow hash: these tests are
    about pages, and sign in many times."""
    patch.setattr("adapters.accounts.store.hash_password", _cheap_hash)
    patch.setattr("adapters.accounts.store.verify_password", lambda p, h: _cheap_hash(p) == h)
    patch.setattr("adapters.accounts.store.needs_rehash", lambda h: False)


@pytest.fixture(name="site")
def site_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """The web app over in-memory services, with four people who have accounts."""
    cheap_passwords(monkeypatch)
    services = bootstrap(parse_database_url("memory://"))
    ids = {who: services.accounts.add(e, n, r, PASSWORD).id for who, (e, n, r) in PEOPLE.items()}
    app = create_app(services)
    try:
        with TestClient(app) as client:
            yield Site(services, client, ids)
    finally:
        services.close()


def register(browser: Browser, **typed: str) -> str:
    """Registers a pilot through the form; returns its id."""
    fields = {"title": "Story circles", "question": "How might we connect?", "idea": "Circles"}
    answer = browser.submit("/pilots/new", "/pilots/new", **(fields | typed))
    assert answer.status_code == 303, answer.text
    location = answer.headers["location"]
    assert re.fullmatch(r"/pilots/[0-9a-f-]{36}", location)
    return location.rsplit("/", 1)[1]


PREDICTIONS = (
    ("Will members come to a short group activity?", "About ten will come"),
    ("Will they come back the next week?", "Half of them"),
)


def plan(browser: Browser, pilot_id: str, **typed: str) -> httpx.Response:
    """Plans a cycle with the two questions and predictions above, through the form."""
    fields = {"objective": "Test a short group activity", "plan": "Lee runs it on Tuesday"}
    for i, (question, prediction) in enumerate(PREDICTIONS):
        fields |= {f"predictions-{i}-question": question, f"predictions-{i}-prediction": prediction}
    return browser.submit(f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/cycles", **(fields | typed))


def log_cycle(browser: Browser, pilot_id: str, number: int = 1) -> None:
    """Plan, start, do, study and act, each through its form on the pilot page."""
    page, cycle = f"/pilots/{pilot_id}", f"/pilots/{pilot_id}/cycles/{number}"
    results = {f"results-{i}-result": f"Result {i + 1}" for i in range(len(PREDICTIONS))}
    answers = [
        plan(browser, pilot_id),
        browser.submit(page, f"{cycle}/start"),
        browser.submit(page, f"{cycle}/do", what_happened="Twelve came", as_planned="yes"),
        browser.submit(page, f"{cycle}/study", learning="Short suits people", **results),
        browser.submit(page, f"{cycle}/act", decision="adapt", rationale="Keep it short"),
    ]
    assert [a.status_code for a in answers] == [303] * 5, [a.text[:300] for a in answers]
