"""R20: every read route, for every kind of reader, against a reference of who may read what.

Hypothesis writes a programme of two pilots: reflections and set meetings at every
visibility, insights and reports back on their questions and actions, corrections, sharing,
withdrawals and a member leaving the team. Every entry's text carries a token of its own.
Stories are told too, for the community or for the programme team, drawn on by principles
(so they are on the co-creation map) and withdrawn.
The reference decides, from the commands the domain accepted and nothing else, which tokens
each person may read: a `community` entry everyone, a `team` entry the pilot's team as it is
now, a `private` entry nobody else, its author always, and a withdrawn entry nobody; a story
told for the programme team its teller and the accounts whose role is lead or admin. Then
every GET route the app serves (except sign-in, static files and the schema) is read by each
person, with each of its pilots, questions, versions and filters, and a token in an answer
that the reference does not
allow that person is a leak. The pilot's own read must show exactly what the reference allows,
so a route that hides too much fails as well as one that hides too little.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import string
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from adapters.bootstrap import Services, bootstrap
from adapters.settings import parse_database_url
from domain.errors import DomainError
from domain.origins.commands import CreateWorkshop, RecordPrinciple, RecordStory, WithdrawStory
from domain.pilot import commands as c
from domain.values import DataPoint, Visibility
from tests.conftest import fresh_database
from tests.web.pages_support import PASSWORD, PEOPLE, Browser, sign_in
from web.app import create_app

VISIBILITIES = [v.value for v in Visibility]
TOKEN = re.compile(r"\bzqx[a-z]{4}\b")
# Routes that read nothing of a pilot's entries.
NOT_READS = (
    "/login", "/pilots/new", "/stories/new", "/workshops/new", "/health", "/static/", "/schema"
)  # fmt: skip
STATUSES = ("open", "explored", "answered", "closed")
FIGURES: dict[str, int] = {"examples": 0, "routes": 0, "answers": 0, "leaks": 0}


def tokens() -> Iterator[str]:
    for letters in itertools.product(string.ascii_lowercase, repeat=4):
        yield "zqx" + "".join(letters)


@dataclass
class Entry:
    """A reflection or a set meeting, as the reference knows it."""

    pilot: UUID
    author: str
    visibility: str
    tokens: set[str] = field(default_factory=set)
    withdrawn: bool = False


# The people whose role across the programme makes them the programme team (PEOPLE's roles).
PROGRAMME_TEAM = {who for who, (_, _, role) in PEOPLE.items() if role in ("lead", "admin")}
NO_PILOT = UUID(int=0)  # a story belongs to no pilot


@dataclass
class Reference:
    teams: dict[UUID, set[str]] = field(default_factory=dict)
    reflections: dict[UUID, Entry] = field(default_factory=dict)
    sets: dict[UUID, Entry] = field(default_factory=dict)
    # A question, an insight or an action is read with the set meeting it belongs to.
    set_of: dict[UUID, UUID] = field(default_factory=dict)
    # A story's `visibility` is its consent, `team` or `community`; its author, its teller.
    stories: dict[UUID, Entry] = field(default_factory=dict)
    workshop: UUID | None = None

    def entries(self) -> Iterator[Entry]:
        yield from self.reflections.values()
        yield from self.sets.values()
        yield from self.stories.values()

    def may_read(self, who: str, entry: Entry) -> bool:
        if entry.withdrawn:
            return False
        if entry.pilot == NO_PILOT:
            return self.may_see_story(who, entry)
        if entry.visibility == "community" or who == entry.author:
            return True
        return entry.visibility == "team" and who in self.teams[entry.pilot]

    def may_see_story(self, who: str, story: Entry) -> bool:
        """Whether the story exists for `who` (withdrawn or not: then without its words)."""
        return story.visibility == "community" or who == story.author or who in PROGRAMME_TEAM

    def allowed(self, who: str, pilot: UUID | None = None) -> set[str]:
        return {
            token
            for entry in self.entries()
            if (pilot is None or entry.pilot == pilot) and self.may_read(who, entry)
            for token in entry.tokens
        }


@dataclass
class Programme:
    services: Services
    ids: dict[str, UUID]
    reference: Reference = field(default_factory=Reference)
    pilots: list[UUID] = field(default_factory=list)
    tokens: Iterator[str] = field(default_factory=tokens)

    def text(self) -> tuple[str, str]:
        token = next(self.tokens)
        return token, f"lantern {token}"

    def run(self, command: c.Command, who: str) -> Any:
        """The pilot after the command, or None if the domain refused it."""
        try:
            return self.services.pilots.execute(command, self.ids[who]).pilot
        except DomainError:
            return None

    def record(self, command: c.Command, who: str) -> Any:
        """The story or workshop after the command, sent with the person's role, or None."""
        try:
            return self.services.pilots.execute(command, self.ids[who], role=PEOPLE[who][2])
        except DomainError:
            return None


def write(programme: Programme, data: st.DataObject) -> None:
    """Draws a programme's worth of commands, applying to the reference only what was accepted."""
    p, ref = programme, programme.reference
    for team in (("lead", "member"), ("lead",)):
        pilot = p.run(c.RegisterPilot(title="Walks", question="How might we?", idea="Walk"), "lead")
        if "member" in team:
            p.run(c.AssignRole(pilot.id, user=p.ids["member"], role="member"), "lead")
        p.pilots.append(pilot.id)
        ref.teams[pilot.id] = set(team)
    people = st.sampled_from(["lead", "member"])
    for _ in range(data.draw(st.integers(4, 14), label="steps")):
        pilot_id = data.draw(st.sampled_from(p.pilots), label="pilot")
        who = data.draw(people, label="by")
        kind = data.draw(st.sampled_from(STEPS), label="step")
        kind(p, data, pilot_id, who)


def reflect(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    visibility = data.draw(st.sampled_from(VISIBILITIES), label="visibility")
    token, text = p.text()
    command = c.RecordReflection(pilot_id, kind="observation", text=text, visibility=visibility)
    pilot = p.run(command, who)
    if pilot is not None:
        made = pilot.reflections[next(reversed(pilot.reflections))]
        p.reference.reflections[made.id] = Entry(pilot_id, who, visibility, {token})


def meet(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    visibility = data.draw(st.sampled_from(VISIBILITIES), label="visibility")
    (q1, question), (a1, action) = p.text(), p.text()
    command = c.RecordQuestionSet(
        pilot_id, held_on=date(2026, 5, 1), questions=[question], actions=[action],
        visibility=visibility,
    )  # fmt: skip
    pilot = p.run(command, who)
    if pilot is not None:
        made = pilot.question_sets[next(reversed(pilot.question_sets))]
        p.reference.sets[made.id] = Entry(pilot_id, who, visibility, {q1, a1})
        for part in (*made.question_ids, *(a.id for a in made.actions)):
            p.reference.set_of[part] = made.id


def follow_up(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    """An insight on a question, or a report back on an action, of one of the pilot's sets."""
    ref = p.reference
    parts = [k for k, s in ref.set_of.items() if ref.sets[s].pilot == pilot_id]
    if not parts:
        return
    part = data.draw(st.sampled_from(parts), label="question or action")
    token, text = p.text()
    pilot = p.run(c.AddInsight(pilot_id, question_id=part, text=text), who) or p.run(
        c.ReportAction(pilot_id, action_id=part, report=text), who
    )
    if pilot is not None:
        ref.sets[ref.set_of[part]].tokens.add(token)
        for question in pilot.questions.values():
            for insight in question.insights:
                ref.set_of.setdefault(insight.id, ref.set_of[part])


def share(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    ref = p.reference
    found = [
        (k, e) for k, e in [*ref.reflections.items(), *ref.sets.items()] if e.pilot == pilot_id
    ]
    if not found:
        return
    key, entry = data.draw(st.sampled_from(found), label="entry")
    visibility = data.draw(st.sampled_from(VISIBILITIES), label="visibility")
    command: c.Command = (
        c.SetReflectionVisibility(pilot_id, reflection_id=key, visibility=visibility)
        if key in ref.reflections
        else c.SetQuestionSetVisibility(pilot_id, set_id=key, visibility=visibility)
    )
    if p.run(command, who) is not None:
        entry.visibility = visibility


def withdraw(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    found = [k for k, e in p.reference.reflections.items() if e.pilot == pilot_id]
    if not found:
        return
    key = data.draw(st.sampled_from(found), label="reflection")
    if p.run(c.WithdrawReflection(pilot_id, reflection_id=key, reason="Taken back"), who):
        p.reference.reflections[key].withdrawn = True


def correct(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    """Puts right a reflection or an insight: both texts stay readable to the same people."""
    ref = p.reference
    insights = [k for k, s in ref.set_of.items() if ref.sets[s].pilot == pilot_id]
    reflections = [k for k, e in ref.reflections.items() if e.pilot == pilot_id]
    choices = [f"reflection:{k}" for k in reflections] + [f"insight:{k}" for k in insights]
    if not choices:
        return
    entry = data.draw(st.sampled_from(choices), label="entry to correct")
    token, text = p.text()
    if p.run(c.Correct(pilot_id, entry=entry, text=text, reason="Typo"), who) is not None:
        kind, _, key = entry.partition(":")
        owner = (
            ref.reflections[UUID(key)] if kind == "reflection" else ref.sets[ref.set_of[UUID(key)]]
        )
        owner.tokens.add(token)


def measure(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    """A measure with a value: read by everyone who reads the pilot, beside every entry."""
    number = len(p.services.pilots.pilot(pilot_id).measures)
    defined = c.DefineMeasure(
        pilot_id, name=f"Attendance {number}", kind="outcome", definition="At the door",
        improvement="up",
    )  # fmt: skip
    pilot = p.run(defined, who)
    if pilot is not None:
        made = next(reversed(pilot.measures))
        p.run(
            c.RecordPoints(pilot_id, measure_id=made, points=[DataPoint(date(2026, 1, 5), 3)]), who
        )


def tell(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    """A story with its consent, drawn on by a principle of the programme's workshop, mostly."""
    ref = p.reference
    consent = data.draw(st.sampled_from(["team", "community"]), label="consent")
    (token, text), (title_token, title) = p.text(), p.text()
    story = p.record(RecordStory(text=text, title=title, consent=consent), who)
    if story is None:
        return
    ref.stories[story.record.id] = Entry(NO_PILOT, who, consent, {token, title_token})
    if ref.workshop is None:
        made = p.record(CreateWorkshop(title="Spring", held_on=date(2026, 3, 3)), "lead")
        ref.workshop = made.record.id
    if data.draw(st.booleans(), label="drawn on"):
        principle = RecordPrinciple(ref.workshop, text="Listen", stories=[story.record.id])
        assert p.record(principle, "lead") is not None


def withdraw_story(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    found = [k for k, e in p.reference.stories.items() if e.author == who]
    if not found:
        return
    key = data.draw(st.sampled_from(found), label="story")
    if p.record(WithdrawStory(key, reason="Taken back"), who) is not None:
        p.reference.stories[key].withdrawn = True


def leave(p: Programme, data: st.DataObject, pilot_id: UUID, who: str) -> None:
    if p.run(c.RemoveMember(pilot_id, user=p.ids["member"]), "lead") is not None:
        p.reference.teams[pilot_id].discard("member")


STEPS = [
    reflect, reflect, meet, meet, follow_up, follow_up, share, withdraw, correct, measure, leave,
    tell, tell, withdraw_story,
]  # fmt: skip


def read_routes(client: TestClient[Any]) -> list[str]:
    paths = {
        route.path for route in client.app.routes
        if "GET" in getattr(route, "methods", ()) and not route.path.startswith(NOT_READS)
    }  # fmt: skip
    return sorted(paths)


def requests_for(route: str, p: Programme) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each URL and query a route is read with: every pilot, question, version and filter."""
    pilots = p.pilots if "{pilot_id" in route else [None]
    for pilot_id in pilots:
        latest = None if pilot_id is None else p.services.pilots.pilot(pilot_id)
        path = route.replace("{pilot_id:uuid}", str(pilot_id))
        if "{question_id" in route:
            assert latest is not None
            for question in [*latest.questions, UUID(int=1)]:  # and one that was never raised
                yield path.replace("{question_id:uuid}", str(question)), {}
            continue
        if "{measure_id" in route:
            assert latest is not None
            for measure_id in [*latest.measures, UUID(int=1)]:  # and one never defined
                yield path.replace("{measure_id:uuid}", str(measure_id)), {}
            continue
        if "{workshop_id" in route:
            recorded = [] if p.reference.workshop is None else [p.reference.workshop]
            for workshop_id in [*recorded, UUID(int=1)]:  # and one never recorded
                yield path.replace("{workshop_id:uuid}", str(workshop_id)), {}
            continue
        if "{story_id" in route:
            for story_id in [*p.reference.stories, UUID(int=1)]:  # and one never told
                yield path.replace("{story_id:uuid}", str(story_id)), {}
            continue
        assert "{" not in path, f"{route}: a path parameter this test does not fill"
        for query in queries(path, latest.version if latest else 0):
            yield path, query


def queries(path: str, version: int) -> list[dict[str, Any]]:
    today = datetime.now(UTC).date().isoformat()
    if path.startswith("/api/v1/pilots/") and path.count("/") == 4:
        return [{}, *({"version": v} for v in range(1, version + 1))]
    if path.endswith("/compare"):
        return [{"from": 1}, {"from": 1, "to": version}]
    if path.endswith(("/events", "/timeline", "/questions", "/api/v1/pilots")):
        return [{"limit": 200}, *({"status": s, "limit": 200} for s in STATUSES if "ques" in path)]
    if path.endswith("/search"):
        return [{"q": "lantern", "limit": 200}]
    if path == "/learning":
        return [{}, {"q": "lantern"}, {"status": ""}, *({"status": s} for s in STATUSES)]
    if "/report" in path and "/pilots/" in path:
        return [{}, {"version": max(1, version // 2)}]
    if path.startswith("/pilots/") and path.count("/") == 2:
        return [{}, {"at": today}]
    if path.endswith("/map"):
        return [{}, {"at": today}]
    return [{}]


@dataclass
class Reading:
    routes: set[str] = field(default_factory=set)
    answers: int = 0
    leaks: list[str] = field(default_factory=list)
    leaking_routes: set[str] = field(default_factory=set)


def read_everything(client: TestClient[Any], p: Programme) -> Reading:
    """Pages through each person's signed-in browser, the API with each person's token."""
    reading = Reading()
    browsers, bearers = {}, {}
    for who, (email, _, _) in PEOPLE.items():
        browsers[who] = Browser(client)
        sign_in(browsers[who], email)
        bearers[who] = {"Authorization": f"Bearer {p.services.accounts.issue_token(email)}"}
    ref = p.reference
    for route in read_routes(client):
        for url, query in requests_for(route, p):
            for who, browser in browsers.items():
                headers = bearers[who] if url.startswith("/api/") else {}
                answer = browser.get(url, params=query, headers=headers)
                reading.routes.add(route)
                reading.answers += 1
                expected = 200
                if "{question_id" in route:
                    question = UUID(url.rsplit("/", 1)[1])
                    meeting = ref.sets.get(ref.set_of.get(question, question))
                    expected = 200 if meeting and ref.may_read(who, meeting) else 404
                if "{measure_id" in route or "{workshop_id" in route:
                    expected = 404 if f"/{UUID(int=1)}" in url else 200
                if "{story_id" in route:
                    story = ref.stories.get(UUID(url.split("/stories/")[1].split("/")[0]))
                    expected = 200 if story and ref.may_see_story(who, story) else 404
                assert answer.status_code == expected, (who, url, query, answer.text[:300])
                leaked = set(TOKEN.findall(answer.text)) - ref.allowed(who)
                reading.leaks += [f"{who} read {t} at {url}?{query}" for t in sorted(leaked)]
                if leaked:
                    reading.leaking_routes.add(route)
                if route == "/api/v1/pilots/{pilot_id:uuid}" and not query:
                    pilot = UUID(url.rsplit("/", 1)[1])
                    shown = set(TOKEN.findall(answer.text))
                    assert shown == ref.allowed(who, pilot), (who, url)
    return reading


@pytest.fixture(name="cheap_passwords")
def cheap_passwords_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    def cheap(password: str) -> str:
        return "test$" + hashlib.sha256(password.encode()).hexdigest()

    monkeypatch.setattr("adapters.accounts.store.hash_password", cheap)
    monkeypatch.setattr("adapters.accounts.store.verify_password", lambda p, h: cheap(p) == h)
    monkeypatch.setattr("adapters.accounts.store.needs_rehash", lambda h: False)


@pytest.fixture(
    name="admin_url", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def admin_url_fixture(request: pytest.FixtureRequest) -> str | None:
    """Each programme on an empty store of its own: a new SQLite file, or a new PostgreSQL
    database."""
    if request.param == "sqlite":
        return None
    return str(request.getfixturevalue("postgres_admin_url"))


@contextmanager
def empty_store(admin_url: str | None) -> Iterator[str]:
    if admin_url is None:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/pilots.sqlite3"
    else:
        with fresh_database(admin_url) as url:
            yield url


@settings(
    max_examples=12,
    phases=[Phase.explicit, Phase.generate],
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_read_route_shows_anyone_what_they_may_not_read(
    cheap_passwords: None, admin_url: str | None, data: st.DataObject
) -> None:
    with empty_store(admin_url) as url:
        services = bootstrap(replace(parse_database_url(url), secret_key="r20-secret"))
        try:
            ids = {
                w: services.accounts.add(e, n, r, PASSWORD).id for w, (e, n, r) in PEOPLE.items()
            }
            programme = Programme(services, ids)
            write(programme, data)
            with TestClient(create_app(services)) as client:
                reading = read_everything(client, programme)
                every_route = set(read_routes(client))
        finally:
            services.close()
    FIGURES["examples"] += 1
    FIGURES["routes"] = max(FIGURES["routes"], len(reading.routes))
    FIGURES["answers"] += reading.answers
    FIGURES["leaks"] += len(reading.leaks)
    print(
        f"R20 ({'sqlite' if admin_url is None else 'postgresql'}): {FIGURES['examples']} "
        f"programmes, {FIGURES['routes']} read routes, {FIGURES['answers']:,} answers read, "
        f"leaks: {FIGURES['leaks']}"
    )
    assert reading.routes == every_route
    assert not reading.leaks, (sorted(reading.leaking_routes), reading.leaks[:10])
