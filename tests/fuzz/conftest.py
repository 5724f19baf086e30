"""The app over real HTTP for Schemathesis (R13, docs/quality.md), and the figures it reports.

The server is `tests.e2e.server.LiveServer` (uvicorn on 127.0.0.1, in a thread) over a fresh
SQLite store. One lead account signs every request with a bearer token. Every write route gets a
pilot of its own, recorded through the service layer and left in the state where that route can
succeed (a planned cycle for `start`, a started one for `do`, a paused pilot for `resume`, and so
on), so that the fuzzer's requests reach the domain instead of stopping at "no such pilot", and
what one route does to its pilot (concluding it, pausing it) never blocks another route.
"""

from __future__ import annotations

import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from adapters.bootstrap import Services, bootstrap
from adapters.settings import parse_database_url
from domain.pilot.commands import (
    Decide,
    NewAction,
    Pause,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RegisterPilot,
    StartCycle,
)
from domain.values import Decision, Prediction, Result
from tests.e2e.server import LiveServer
from web.app import create_app

LEAD_EMAIL = "fuzz.lead@example.org"
API = "/api/v1/pilots/{pilot_id}"


@dataclass
class Figures:
    """What R13 reports: how much was sent, and what came back that must never come back."""

    operations: set[str] = field(default_factory=set)
    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: list[str] = field(default_factory=list)
    undocumented: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    def __repr__(self) -> str:
        return f"Figures({len(self.operations)} operations, {self.cases} cases)"

    def lines(self) -> list[str]:
        seconds = (self.finished or time.monotonic()) - self.started
        statuses = ", ".join(f"{code}: {count}" for code, count in sorted(self.statuses.items()))
        lines = [
            f"operations tested:     {len(self.operations)}",
            f"cases sent:            {self.cases}",
            f"server errors (5xx):   {len(self.server_errors)}",
            f"undocumented statuses: {len(self.undocumented)}",
            f"statuses seen:         {statuses}",
            f"checks run:            {', '.join(self.checks)}",
            f"runtime:               {seconds:.1f} s",
        ]
        lines += [f"  5xx: {line}" for line in self.server_errors[:20]]
        lines += [f"  undocumented: {line}" for line in self.undocumented[:20]]
        return lines


FIGURES = pytest.StashKey[Figures]()


@dataclass(frozen=True)
class FuzzSite:
    base_url: str
    token: str
    services: Services
    # Real path parameters per write route, keyed by "METHOD /path/{template}".
    targets: dict[str, dict[str, Any]]
    # Every read looks at the read pilot; a write route added since goes to a spare pilot.
    spare_for_reads: dict[str, Any]
    spare_for_writes: dict[str, Any]

    def real_parameters(self, operation: str) -> dict[str, Any]:
        if operation in self.targets:
            return self.targets[operation]
        return self.spare_for_reads if operation.startswith("GET ") else self.spare_for_writes


def _register(services: Services, lead: UUID, title: str) -> UUID:
    return services.pilots.execute(
        RegisterPilot(
            title=title,
            question="How might we help isolated older residents connect with neighbours?",
            idea="A weekly story circle, hosted by volunteers, with tea and no agenda.",
            origin="A conversation at the residents' forum",
            themes=("loneliness", "community"),
        ),
        lead,
    ).pilot.id


PREDICTIONS = [
    Prediction("Will residents come to a short group activity?", "About ten will come"),
    Prediction("Will they come back the next week?", "Half of them will"),
]


def _cycle_up_to(services: Services, pilot_id: UUID, lead: UUID, stage: str) -> int:
    """Plans cycle 1 and takes it as far as `stage`; returns its number."""
    pilots = services.pilots
    receipt = pilots.execute(
        PlanCycle(
            pilot_id,
            objective="Find out whether people come, and come back",
            predictions=PREDICTIONS,
            plan="Two sessions, a week apart",
        ),
        lead,
    )
    number: int = receipt.events[-1].number  # type: ignore[attr-defined]
    steps = ["planned", "started", "done", "studied", "decided"]
    reached = steps.index(stage)
    if reached >= 1:
        pilots.execute(StartCycle(pilot_id, number=number), lead)
    if reached >= 2:
        pilots.execute(
            RecordDo(pilot_id, number=number, what_happened="Twelve came; eight came back"), lead
        )
    if reached >= 3:
        pilots.execute(
            RecordStudy(
                pilot_id,
                number=number,
                results=[Result(p.question, "As predicted") for p in PREDICTIONS],
                learning="People came for the tea and stayed for the stories",
            ),
            lead,
        )
    if reached >= 4:
        pilots.execute(
            Decide(
                pilot_id, number=number, decision=Decision.ADAPT, rationale="Let residents host"
            ),
            lead,
        )
    return number


def _question_ids(services: Services, pilot_id: UUID, lead: UUID) -> list[UUID]:
    receipt = services.pilots.execute(
        RecordQuestionSet(
            pilot_id,
            held_on=date(2026, 5, 1),
            questions=["What would make this group feel like yours?", "Who is not here yet?"],
            issue_holder=lead,
            actions=[NewAction("Ask the volunteers what support they need", lead)],
        ),
        lead,
    )
    question_set = next(iter(receipt.pilot.question_sets.values()))
    return list(question_set.question_ids)


def _record_pilots(services: Services, lead: UUID) -> dict[str, dict[str, Any]]:
    """A pilot per write route, in the state where the route can succeed, and the spares for
    reads ("GET *") and for write routes added since ("POST *")."""
    pilots = services.pilots

    def fresh(route: str) -> UUID:
        return _register(services, lead, f"Fuzzed by {route}")

    # The pilot every read route looks at: a whole cycle, a reflection and a question set.
    shown = fresh("the reads")
    _cycle_up_to(services, shown, lead, "decided")
    pilots.execute(
        RecordReflection(shown, kind="experience", text="Loud, then quiet.", cycle=1), lead
    )
    shown_question = _question_ids(services, shown, lead)[0]
    spare = fresh("new routes")
    _cycle_up_to(services, spare, lead, "decided")
    spare_question = _question_ids(services, spare, lead)[0]

    targets: dict[str, dict[str, Any]] = {
        "GET *": {"pilot_id": shown, "number": 1, "question_id": shown_question},
        "POST *": {"pilot_id": spare, "number": 1, "question_id": spare_question},
    }
    for route in ("idea", "members", "cycles", "question-sets", "pause", "conclusion"):
        targets[f"POST {API}/{route}"] = {"pilot_id": fresh(route)}

    for route, stage in (
        ("start", "planned"),
        ("do", "started"),
        ("study", "done"),
        ("act", "studied"),
    ):
        pilot_id = fresh(route)
        number = _cycle_up_to(services, pilot_id, lead, stage)
        targets[f"POST {API}/cycles/{{number}}/{route}"] = {"pilot_id": pilot_id, "number": number}

    reflected = fresh("reflections")
    _cycle_up_to(services, reflected, lead, "started")
    targets[f"POST {API}/reflections"] = {"pilot_id": reflected}

    for route in ("insights", "status"):
        pilot_id = fresh(route)
        question_id = _question_ids(services, pilot_id, lead)[0]
        targets[f"POST {API}/questions/{{question_id}}/{route}"] = {
            "pilot_id": pilot_id,
            "question_id": question_id,
        }

    paused = fresh("resume")
    pilots.execute(Pause(paused, reason="Waiting for the new room"), lead)
    targets[f"POST {API}/resume"] = {"pilot_id": paused}
    # Ids as the JSON strings a client sends; cycle numbers stay integers, as the document says.
    return {
        route: {name: str(v) if isinstance(v, UUID) else v for name, v in parameters.items()}
        for route, parameters in targets.items()
    }


@pytest.fixture(scope="module")
def fuzz_site() -> Iterator[FuzzSite]:
    """The app on a temporary SQLite store, served on 127.0.0.1 for the module."""
    with tempfile.TemporaryDirectory(prefix="pilots-fuzz-") as folder:
        settings = parse_database_url(f"sqlite:///{Path(folder) / 'pilots.sqlite3'}")
        services = bootstrap(settings)
        try:
            lead = services.accounts.add(LEAD_EMAIL, "Fay Fuzz", "lead", "fuzz pässword 123")
            token = services.accounts.issue_token(LEAD_EMAIL)
            targets = _record_pilots(services, lead.id)
            reads, writes = targets.pop("GET *"), targets.pop("POST *")
            with LiveServer(create_app(services)) as server:
                yield FuzzSite(server.base_url, token, services, targets, reads, writes)
        finally:
            services.close()


@pytest.fixture(scope="module")
def figures(request: pytest.FixtureRequest) -> Iterator[Figures]:
    """The R13 figures, kept where the terminal summary finds them."""
    counted = Figures()
    request.config.stash[FIGURES] = counted
    yield counted
    if counted.finished is None:
        counted.finished = time.monotonic()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    counted = config.stash.get(FIGURES, None)
    if counted is None:
        return
    terminalreporter.section("R13: Schemathesis against the OpenAPI document")
    for line in counted.lines():
        terminalreporter.write_line(line)
