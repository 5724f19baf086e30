"""The `learning` read model gives the summary the fold gives at the same position, whatever the
programme and however the log is cut into batches; kept by the runner on SQLite and PostgreSQL,
and served by the API."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import Settings, parse_database_url
from adapters.store import open_pilots
from domain.errors import DomainError
from domain.pilot.commands import (
    AddInsight,
    Correct,
    Decide,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordStudy,
    RegisterPilot,
    ReviseIdea,
    SetQuestionStatus,
    StartCycle,
)
from domain.pilot.visibility import Reader
from domain.service import Pilots
from domain.values import QuestionStatus, Result
from projections.engine.base import Notice
from projections.engine.dialects import SqliteSql
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.learning.from_log import fold, head, read_log, rows_at
from projections.learning.model import LearningModel
from projections.learning.queries import current_rows, load_rows
from projections.learning.scope import Scope
from projections.learning.summary import summarise
from projections.origins.from_log import origins_from_log
from projections.origins.sources import ideas_in_brief
from projections.origins.state import Reader as OriginsReader
from tests.reports.programmes import (
    PREDICTIONS,
    QUESTION,
    START,
    Programme,
    Small,
    on,
    small_programme,
)
from tests.web.conftest import Api
from tests.web.scenes import PILOTS, register, run_cycle
from tests.web.scenes import PREDICTIONS as PREDICTION_BODY

RESULTS = [Result(QUESTION, "Twelve came")]
# The team reads every entry these programmes record (none is private).
TEAM = Reader.team()

THEMES = [(), ("groups",), ("groups", "stories"), ("walking",)]
IDEAS = ["Story circles on Tuesdays", "Story circles on Fridays", "Walking groups", "Tea"]
pilot_index = st.integers(0, 3)
DECISIONS = st.sampled_from(["adopt", "adapt", "abandon"])
ADVANCE = st.tuples(st.just("advance"), pilot_index, DECISIONS, st.integers(1, 10))
PILOTS_AT_START = st.lists(st.tuples(st.sampled_from(THEMES), st.sampled_from(IDEAS)), min_size=1,
                           max_size=4)  # fmt: skip
STEPS = st.one_of(
    ADVANCE, ADVANCE, ADVANCE, ADVANCE,
    st.tuples(st.just("register"), st.sampled_from(THEMES), st.sampled_from(IDEAS)),
    st.tuples(st.just("revise"), pilot_index, st.sampled_from(IDEAS)),
    st.tuples(st.just("ask"), pilot_index, st.integers(-5, 40)),
    st.tuples(st.just("settle"), pilot_index, st.integers(0, 9), st.sampled_from(QuestionStatus)),
    st.tuples(st.just("insight"), pilot_index, st.integers(0, 9)),
    st.tuples(st.just("correct"), pilot_index, st.sampled_from(["title", "learning", "insight"])),
    st.tuples(st.just("wait"), st.integers(0, 9), st.sampled_from([0, 2, -5])),
)  # fmt: skip
PROGRAMMES = st.builds(
    lambda first, steps: [("register", *p) for p in first] + steps,
    PILOTS_AT_START,
    st.lists(STEPS, min_size=5, max_size=60),
)


def play(pilots: Pilots, steps: list[tuple[Any, ...]]) -> None:
    """Runs each step on the pilot it names at the programme's clock; a step the rules refuse
    records nothing and the programme goes on."""
    programme, ids, day, offset = Programme(pilots), [], 0.0, 0
    for step in steps:
        kind, *args = step
        if kind == "wait":
            day, offset = day + args[0], args[1]
            continue
        if kind != "register" and not ids:
            continue
        pilot = ids[args[0] % len(ids)] if kind != "register" else None
        with on(day, offset), contextlib.suppress(DomainError):
            act(programme, ids, pilot, kind, args, day)


def act(p: Programme, ids: list[Any], pilot: Any, kind: str, args: list[Any], day: float) -> None:
    pilots, lead = p.pilots, p.lead
    if kind == "register":
        ids.append(
            pilots.execute(
                RegisterPilot(
                    title=f"Pilot {len(ids)}", question="Q?", idea=args[1], themes=args[0]
                ),
                lead,
            ).pilot.id
        )
        return
    state = pilots.pilot(pilot)
    questions = list(state.questions)
    if kind == "revise":
        pilots.execute(ReviseIdea(pilot, idea=args[1], rationale="It changed"), lead)
    elif kind == "advance":
        for _ in range(args[2]):
            advance(p, pilot, args[1])
    elif kind == "ask":
        held_on = START.date() + timedelta(days=day + args[1])
        pilots.execute(RecordQuestionSet(pilot, held_on=held_on, questions=["What?", "How?"]), lead)
    elif kind in ("settle", "insight") and questions:
        question = questions[args[1] % len(questions)]
        if kind == "settle":
            pilots.execute(SetQuestionStatus(pilot, question_id=question, status=args[2]), lead)
        else:
            pilots.execute(AddInsight(pilot, question_id=question, text="We learnt"), lead)
    elif kind == "correct":
        entry = {"title": "title", "learning": "cycle:1:learning"}.get(args[1])
        insights = [i.id for q in state.questions.values() for i in q.insights]
        if entry is None and insights:
            entry = f"insight:{insights[0]}"
        if entry is not None:
            pilots.execute(
                Correct(pilot, entry=entry, text="Put right", reason="It was wrong"), lead
            )


def advance(p: Programme, pilot: Any, decision: str) -> None:
    """Takes the pilot's open cycle one stage on, or plans a new one."""
    pilots, lead = p.pilots, p.lead
    cycle = pilots.pilot(pilot).undecided_cycle
    if cycle is None:
        pilots.execute(PlanCycle(pilot, objective="Try", predictions=PREDICTIONS), lead)
        return
    n = cycle.number
    steps = {
        "planned": lambda: pilots.execute(StartCycle(pilot, number=n), lead),
        "started": lambda: pilots.execute(RecordDo(pilot, number=n, what_happened="Ran"), lead),
        "done": lambda: pilots.execute(
            RecordStudy(pilot, number=n, results=RESULTS, learning="Learnt", surprises="Surprised"),
            lead,
        ),
        "studied": lambda: pilots.execute(
            Decide(pilot, number=n, decision=decision, rationale="Because"), lead
        ),
    }
    steps[str(cycle.stage)]()


def batches(notices: list[Notice], cuts: set[int]) -> Iterator[list[Notice]]:
    start = 0
    for cut in sorted(c for c in cuts if 0 < c < len(notices)):
        yield notices[start:cut]
        start = cut
    yield notices[start:]


def encoded(value: object) -> bytes:
    return msgspec.json.encode(value)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=PROGRAMMES,
    cuts=st.sets(st.integers(1, 120), max_size=6),
    theme=st.sampled_from([None, "groups", "walking"]),
    since=st.sampled_from([None, date(2026, 3, 5)]),
)
def test_the_read_model_gives_the_summary_the_fold_gives(steps, cuts, theme, since) -> None:
    pilots = open_pilots(parse_database_url("memory://"))
    try:
        play(pilots, steps)
        notices = list(read_log(pilots, head(pilots)))
        sql = SqliteSql(sqlite3.connect(":memory:"))
        model = LearningModel()
        model.create(sql)
        for batch in batches(notices, cuts):
            model.apply(sql, batch)
        stored, folded = load_rows(sql, reader=None), fold(notices)
        assert encoded(stored) == encoded(folded)
        scope = Scope.of(theme, since)
        assert encoded(summarise(stored, scope)) == encoded(summarise(folded, scope))
    finally:
        pilots.close()


def every_kind_of_change(pilots: Pilots) -> Small:
    """The small programme, then a revised idea and a correction of each text the summary
    shows, so every row change the fold knows is in the log."""
    small = small_programme(pilots)
    (lead,) = pilots.pilot(small.a).team
    (insight,) = [i.id for q in pilots.pilot(small.a).questions.values() for i in q.insights]
    with on(31):
        pilots.execute(ReviseIdea(small.b, idea="Story walks on Fridays", rationale="Sunny"), lead)
        for entry in ("title", "cycle:1:learning", "cycle:1:surprises", f"insight:{insight}"):
            pilots.execute(Correct(small.a, entry=entry, text="Put right", reason="Wrong"), lead)
    return small


@pytest.mark.parametrize("size", [1, 2, 3, 7, 500])
def test_every_kind_of_change_reaches_the_model_in_batches_of_any_size(
    pilots: Pilots, size: int
) -> None:
    every_kind_of_change(pilots)
    notices = list(read_log(pilots, head(pilots)))
    sql = SqliteSql(sqlite3.connect(":memory:"))
    LearningModel().create(sql)
    for start in range(0, len(notices), size):
        LearningModel().apply(sql, notices[start : start + size])
    stored = load_rows(sql, reader=None)
    assert encoded(stored) == encoded(fold(notices))
    assert stored.position == notices[-1].position
    assert {row.title for row in stored.pilots} >= {"Put right"}
    assert [i.text for i in stored.insights] == ["Put right"]


def test_the_runner_keeps_the_model_equal_to_the_fold(store_settings: Settings) -> None:
    """On SQLite, and on PostgreSQL when PILOTS_TEST_POSTGRES_URL is set."""
    pilots = open_pilots(store_settings)
    projector = Projector(pilots, open_views(store_settings), [LearningModel()])
    try:
        small = every_kind_of_change(pilots)
        assert current_rows(pilots, projector, reader=TEAM) == rows_at(pilots, reader=TEAM)
        (lead,) = pilots.pilot(small.a).team
        Programme(pilots, lead).cycle(small.a, 32, 33, "abandon")
        with projector.reader() as sql:
            rows = load_rows(sql, reader=None)
        assert encoded(rows) == encoded(rows_at(pilots, reader=None))
        assert encoded(summarise(rows)) == encoded(
            summarise(rows_at(pilots, rows.position, reader=None))
        )
    finally:
        projector.views.close()
        pilots.close()


def test_without_the_model_in_the_runner_the_summary_is_folded_from_the_log(
    pilots: Pilots,
) -> None:
    small_programme(pilots)
    projector = Projector(pilots, open_views(parse_database_url("memory://")), [])
    assert (
        current_rows(pilots, projector, reader=TEAM)
        == current_rows(pilots, None, reader=TEAM)
        == rows_at(pilots, reader=TEAM)
    )


def test_the_api_serves_the_summary_of_the_read_model_and_sees_every_write(api: Api) -> None:
    pilot = register(api, themes=["groups"])
    url = f"{PILOTS}/{pilot['id']}"
    api.post(f"{url}/cycles", {"objective": "Try", "predictions": PREDICTION_BODY})
    run_cycle(api, url, 1)
    response = api.get("/api/v1/learning/summary", who="reader")
    assert response.status_code == 200
    body = response.json()
    assert body["decisions"] == {"adopt": 0, "adapt": 1, "abandon": 0}
    rows = rows_at(api.services.pilots, reader=Reader.person(api.ids["reader"]))
    ideas = body.pop("ideas")  # where ideas came from: the origins', beside the summary
    assert body == msgspec.to_builtins(summarise(rows))
    origins = origins_from_log(api.services.pilots)
    assert ideas == msgspec.to_builtins(
        ideas_in_brief(origins, OriginsReader(api.ids["reader"], "reader"))
    )
    assert response.headers["x-report-stamp"] == f"Log position {rows.position}"
    assert "learning" in api.client.app.state.projector.names  # type: ignore[attr-defined]
