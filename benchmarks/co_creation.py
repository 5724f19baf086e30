"""B8: how fast `pilots serve` answers the co-creation map and a story's trail, on a small
programme of the co-creation phase, as a ratio to the bare handler (`/health`) read in the same
rounds through the same server (docs/quality.md: figures are ratios measured in one run).

`python -m benchmarks.co_creation [--store sqlite|postgresql|both] [--requests N] [--rounds R]`
builds the programme through the service layer on a fresh store: 60 stories (a third told for
the programme team, five withdrawn), three workshops of eight principles, three framing
questions and twelve ideas each (one merge and one split apiece), and 60 pilots that test the
ideas, with up to three decided cycles, some paused or concluded. Then it reads each route as a
lead (who reads every story) and prints p50 and p95 beside the bare handler's. It writes no
results file.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any
from uuid import UUID

import httpx

from adapters.bootstrap import Services, bootstrap
from adapters.settings import parse_database_url
from benchmarks.latency import EMAIL, PASSWORD, read_round, route_lines, sign_in, summarised
from benchmarks.serving import account, environment, fresh_store, serving
from domain import clock
from domain.errors import DomainError
from domain.origins.commands import (
    CreateWorkshop,
    MergeIdeas,
    NewPart,
    RecordFraming,
    RecordIdea,
    RecordPrinciple,
    RecordStory,
    SplitIdea,
    WithdrawStory,
)
from domain.pilot.commands import (
    Command,
    Conclude,
    Decide,
    Pause,
    PlanCycle,
    RecordDo,
    RecordStudy,
    RegisterPilot,
    StartCycle,
)
from domain.values import Prediction, Result

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
GOAL_MS = 30.0  # as B2's views across pilots


def build(services: Services, seed: int = 8) -> dict[str, str]:
    """The programme; a story's id, a framing question's id and a day in the middle of it."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    ticks = count()
    lead = services.accounts.add("b8-lead@example.org", "Bench Lead", "lead", None).id
    tellers = [services.accounts.add(f"b8-{n}@example.org", f"Teller {n}", "member", None).id
               for n in range(6)]  # fmt: skip
    with clock.clock_set_to(lambda: START + timedelta(minutes=10 * next(ticks))):

        def run(command: Command, sender: UUID = lead, role: str = "lead") -> Any:
            return services.pilots.execute(command, sender, role=role)

        stories = []
        for n in range(60):
            teller = rng.choice(tellers)
            consent = "team" if n % 3 == 0 else "community"
            text = f"Story {n}: the time a member was listened to, and came back. " * 3
            stories.append((run(RecordStory(text=text, consent=consent, told_by=teller,
                                            title=f"Story {n}"), teller, "member").record.id,
                            teller))  # fmt: skip
        told = [s for s, _ in stories]
        ideas, framings = [], []
        for w in range(3):
            workshop = run(CreateWorkshop(title=f"Workshop {w}", held_on=date(2026, 1, 5)))
            wid = workshop.record.id
            principles = [run(RecordPrinciple(wid, text=f"Principle {w}.{p}: people come back "
                                              "when they are heard",
                                              stories=rng.sample(told, rng.randint(1, 3))))
                          .events[-1].principle_id for p in range(8)]  # fmt: skip
            questions = [run(RecordFraming(wid, text=f"How might we {w}.{f} make groups ours?",
                                           principles=rng.sample(principles, rng.randint(2, 4))))
                         .events[-1].framing_id for f in range(3)]  # fmt: skip
            framings += questions
            made = [run(RecordIdea(wid, text=f"Idea {w}.{i}: short story circles with tea",
                                   principles=rng.sample(principles, rng.randint(1, 2)),
                                   framing=questions[i % 3])).events[-1].idea_id
                    for i in range(12)]  # fmt: skip
            merge = MergeIdeas(wid, ideas=[made[0], made[3]], text="Circles, merged",
                               rationale="The same idea twice")  # fmt: skip
            merged = run(merge).events[-1].idea_id
            split = run(
                SplitIdea(
                    wid,
                    idea_id=made[1],
                    rationale="Two ideas in one",
                    parts=[
                        NewPart("Huddles at ten", framing=questions[1]),
                        NewPart("Walking huddles"),
                    ],
                )
            )
            parts = [p.idea_id for p in split.events[-1].parts]
            ideas += [(i, questions[n % 3]) for n, i in enumerate(made) if n not in (0, 1, 3)]
            ideas += [(merged, questions[0]), (parts[0], questions[1]), (parts[1], None)]
        for story, teller in rng.sample(stories, 5):  # after principles drew on them
            run(WithdrawStory(story, reason="Changed my mind"), teller, "member")
        for n in range(60):
            idea, framing = rng.choice(ideas)
            pilot = run(RegisterPilot(title=f"Pilot {n}", question="How might we?", idea="Try",
                                      tests_idea=idea, framing=framing)).record.id  # fmt: skip
            _cycles(run, rng, pilot)
    return {"story": str(told[1]), "framing": str(framings[0]), "day": "2026-01-05"}


def _cycles(run: Any, rng: random.Random, pilot: UUID) -> None:
    for number in range(1, rng.randint(1, 4)):
        question = "Will they come?"
        for command in (
            PlanCycle(pilot, objective="Try", predictions=[Prediction(question, "Ten")]),
            StartCycle(pilot, number=number),
            RecordDo(pilot, number=number, what_happened="Twelve came"),
            RecordStudy(pilot, number=number, results=[Result(question, "Yes")], learning="Yes"),
            Decide(pilot, number=number, decision=rng.choice(["adopt", "adapt", "abandon"]),
                   rationale="What we saw"),
        ):  # fmt: skip
            run(command)
    ending = rng.random()
    try:
        if ending < 0.2:
            run(Pause(pilot, reason="Winter"))
        elif ending < 0.35:
            run(Conclude(pilot, outcome="adopted", summary="It worked"))
    except DomainError:
        pass


def routes(found: dict[str, str]) -> dict[str, tuple[str, bool, float, int | None]]:
    return {
        "bare handler": ("/health", False, 0.0, None),
        "/api/v1/map": ("/api/v1/map", False, GOAL_MS, None),
        "/map": ("/map", True, GOAL_MS, None),
        "/api/v1/map?at=": (f"/api/v1/map?at={found['day']}", False, GOAL_MS, None),
        "/api/v1/map?framing=": (f"/api/v1/map?framing={found['framing']}", False, GOAL_MS, None),
        "trail": (f"/api/v1/stories/{found['story']}/trail", False, GOAL_MS, None),
        "/stories/{id}": (f"/stories/{found['story']}", True, GOAL_MS, None),
    }


def measure(url: str, requests: int, rounds: int) -> dict[str, Any]:
    services = bootstrap(parse_database_url(url))
    try:
        found = build(services)
        events = services.pilots.recorder.max_notification_id()
    finally:
        services.close()
    env = environment(url)
    token = account(env, EMAIL, PASSWORD)
    with serving(env) as (base, _):
        api = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"})
        pages = httpx.Client(base_url=base)
        with api, pages:
            sign_in(pages)
            chosen = routes(found)
            rounds_found: dict[str, list[dict[str, float]]] = {name: [] for name in chosen}
            for _ in range(rounds):
                for name, (path, is_page, _, _) in chosen.items():
                    client = pages if is_page else api
                    rounds_found[name].append(read_round(client, path, requests))
    return {"events": events, "routes": summarised(rounds_found, chosen)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.co_creation", description=__doc__)
    parser.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=200, help="requests a route a round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    stores = ["sqlite", "postgresql"] if args.store == "both" else [args.store]
    for store in stores:
        with fresh_store(store) as url:
            if url is None:
                continue
            print(f"B8 on {store}: building the programme ...", file=sys.stderr, flush=True)
            found = measure(url, args.requests, args.rounds)
            print(f"B8 on {store} ({found['events']:,} events): p50 and p95 in ms (p95's "
                  "spread over rounds), x the bare handler")  # fmt: skip
            print("\n".join(route_lines(store, found["routes"])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
