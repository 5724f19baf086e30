"""B8: how fast `pilots serve` answers the co-creation map and a story's trail, as a ratio to the
bare handler (`/health`) read in the same rounds through the same server (docs/quality.md:
figures are ratios measured in one run).

`python -m benchmarks.co_creation [--programme co-creation|demo|small|large|huge] [--store
sqlite|postgresql|both] [--requests N] [--rounds R] [--results]` fills a fresh store with the
programme, makes the read models current, and reads each route as a lead (who reads every
story), checking every answer's status; it prints p50 and p95 beside the bare handler's, and
with `--results` merges them into `benchmarks/results.json` under B8, the programme and the
store. The programmes: `co-creation` (the default) is built here through the service layer: 60
stories (a third told for the programme team, five withdrawn), three workshops of eight
principles, three framing questions and twelve ideas each (one merge and one split apiece), and
60 pilots that test the ideas, with up to three decided cycles, some paused or concluded.
`demo` is what `pilots demo` loads; `small`, `large` and `huge` are the generated data sets of
`python -m benchmarks generate` (100, 1,000 and 10,000 pilots, with their origins). On those
two, the framing question and the story read are the first the map shows, and the day the
middle of the log.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import UTC, date, datetime, timedelta
from itertools import count
from typing import Any, cast
from uuid import UUID

import httpx

from adapters.bootstrap import Services, bootstrap
from adapters.demo.loader import seed
from adapters.settings import parse_database_url
from adapters.store import open_pilots
from benchmarks import results
from benchmarks.dataset import SIZES, generate, open_bench_pilots
from benchmarks.latency import (
    COLD_SECONDS,
    EMAIL,
    PASSWORD,
    read_round,
    route_lines,
    sign_in,
    summarised,
)
from benchmarks.serving import account, environment, fresh_store, ok, pilots, serving
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
from domain.records import Recorded
from domain.service import Pilots
from domain.values import Prediction, Result

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
GOAL_MS = 30.0  # as B2's views across pilots
PAGE_BYTES = 300_000  # as the other pages across pilots: a map too large to draw is its index
# The small programme built here (the default), the demo's (`pilots demo`), or a generated one.
PROGRAMMES = ("co-creation", "demo", *SIZES)


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
        "/map": ("/map", True, GOAL_MS, PAGE_BYTES),
        "/map?framing=": (f"/map?framing={found['framing']}", True, GOAL_MS, PAGE_BYTES),
        "/map?all=1": ("/map?all=1", True, 0.0, None),
        "/api/v1/map?at=": (f"/api/v1/map?at={found['day']}", False, GOAL_MS, None),
        "/api/v1/map?framing=": (f"/api/v1/map?framing={found['framing']}", False, GOAL_MS, None),
        "trail": (f"/api/v1/stories/{found['story']}/trail", False, GOAL_MS, None),
        "/stories/{id}": (f"/stories/{found['story']}", True, GOAL_MS, None),
    }


def prepare(url: str, programme: str) -> tuple[int, dict[str, str] | None]:
    """Fills the fresh store at `url` with `programme`; the events in its log, and for the
    programme built here its story, framing question and day (None: found once served)."""
    if programme in SIZES:
        app = open_bench_pilots(parse_database_url(url))
        try:
            generate(app, programme)
            return app.recorder.max_notification_id() or 0, None
        finally:
            app.close()
    services = bootstrap(parse_database_url(url))
    try:
        found = build(services) if programme == "co-creation" else None
        if programme == "demo":
            seed(services.pilots, services.accounts)
        return services.pilots.recorder.max_notification_id() or 0, found
    finally:
        services.close()


def found_on_the_map(api: httpx.Client, url: str) -> dict[str, str]:
    """A framing question and a story not withdrawn, as the lead reads the map, and the day in
    the middle of the log."""
    nodes = ok(api.get("/api/v1/map"))["nodes"]
    framing = next(n["id"] for n in nodes if n["kind"] == "framing")
    story = next(n["id"] for n in nodes if n["kind"] == "story" and n["withdrawn_on"] is None)
    app = open_pilots(parse_database_url(url))
    try:
        first, last = _moment(app, 1), _moment(app, app.recorder.max_notification_id() or 1)
    finally:
        app.close()
    middle = first + (last - first) / 2
    return {"story": story, "framing": framing, "day": middle.date().isoformat()}


def _moment(app: Pilots, position: int) -> datetime:
    notification = app.recorder.select_notifications(position, 1)[0]
    return cast("Recorded", app.mapper.to_domain_event(notification)).timestamp


def measure(url: str, requests: int, rounds: int, programme: str = "co-creation") -> dict[str, Any]:
    """Fills the fresh store at `url` with `programme`, serves it, and reads every route as a
    lead (who reads every story), the read models made current before the clock starts."""
    events, found = prepare(url, programme)
    env = environment(url)
    token = account(env, EMAIL, PASSWORD)
    pilots(env, "projections", "rebuild")
    with serving(env) as (base, _):
        bearer = {"Authorization": f"Bearer {token}"}
        api = httpx.Client(base_url=base, headers=bearer, timeout=COLD_SECONDS)
        pages = httpx.Client(base_url=base, timeout=COLD_SECONDS)
        with api, pages:
            sign_in(pages)
            chosen = routes(found or found_on_the_map(api, url))
            rounds_found: dict[str, list[dict[str, float]]] = {name: [] for name in chosen}
            for _ in range(rounds):
                for name, (path, is_page, _, _) in chosen.items():
                    client = pages if is_page else api
                    rounds_found[name].append(read_round(client, path, requests))
    return {"programme": programme, "events": events, "requests_per_round": requests,
            "rounds": rounds, "routes": summarised(rounds_found, chosen)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.co_creation", description=__doc__)
    parser.add_argument("--programme", choices=PROGRAMMES, default="co-creation")
    parser.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=200, help="requests a route a round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--results", action="store_true", help="merge into results.json")
    args = parser.parse_args(argv)
    stores = ["sqlite", "postgresql"] if args.store == "both" else [args.store]
    found: dict[str, Any] = {}
    for store in stores:
        with fresh_store(store) as url:
            if url is None:
                continue
            print(f"B8 on {store}, {args.programme}: preparing ...", file=sys.stderr, flush=True)
            found[store] = {**measure(url, args.requests, args.rounds, args.programme),
                            "at": results.now()}  # fmt: skip
            print(f"B8 on {store}, {args.programme} ({found[store]['events']:,} events): p50 and "
                  "p95 in ms (p95's spread over rounds), x the bare handler")  # fmt: skip
            print("\n".join(route_lines(store, found[store]["routes"])), flush=True)
    if args.results and found:
        results.merge({"B8": {args.programme: found}})
        print(f"written to {results.RESULTS}", file=sys.stderr)
    elif args.results:
        print("no store measured: nothing written", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
