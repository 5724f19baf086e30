"""R7 (docs/quality.md): a stateful model of pilots — replay = model; acknowledged = stored.

Hypothesis drives random sequences of every command to a pilot, valid and invalid
(wrong stage, outsiders, blank and over-long text, unknown cycles, entries and pilots, paused
and concluded pilots, the last lead demoted, repeated submissions, stale versions; entries
private to someone else or for a team the sender has left, senders who are neither an entry's
author nor a lead, withdrawn reflections, unknown visibility words; measures of the same name,
values that are not finite numbers, days in the future, given twice or already taken,
corrections of days without a value or to the same value, phases on or before the first value,
plans predicting a measure twice or one the pilot does not have),
against the plain model in `tests.unit.pilot_model` and `tests.unit.measure_model`. Every
command is checked: an accepted one records exactly one event, a refused one records nothing
(as the kind of error the model expects and, for a malformed entry whose fields the model
names, naming one of them), a repeated one answers with its earlier event, and one on an
entry hidden from its sender is refused just as one naming no entry at all. After every step
the events stored per pilot are counted against those the model says were acknowledged; each
pilot whose log grew is loaded from the store, folded from its stored events by hand, and
viewed as of its latest three versions, and all must equal the model, down to who reads each
reflection and set meeting, the day each withdrawn reflection was withdrawn, each measure's
values as corrected and its phases, and what its log says of each point, correction and phase.
The test sets the application's clock, so the model knows the day, and which days have begun.

It runs on a fresh in-memory store per example, and in a smaller run on SQLite.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar
from uuid import UUID

from hypothesis import HealthCheck, Phase, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    multiple,
    rule,
)
from hypothesis.strategies import SearchStrategy

from adapters.settings import parse_database_url
from adapters.store import open_pilots
from domain.clock import clock_set_to
from domain.errors import DomainError, InvalidEntry
from domain.pilot import Pilot, commands, events
from domain.pilot.commands import NewAction, RegisterPilot
from domain.pilot.state import Measure
from domain.service import Pilots, Receipt
from domain.values import DataPoint, MeasurePrediction, Prediction, Result
from tests.unit.measure_model import IMPROVEMENTS, Model, Point, measure_logs
from tests.unit.measure_model import KINDS as MEASURE_KINDS
from tests.unit.pilot_model import (
    CYCLE_ENTRIES,
    DECISIONS,
    KINDS,
    OUTCOMES,
    ROLES,
    STATUSES,
    VISIBILITIES,
    WITHDRAWN,
    PilotModel,
    Verdict,
)

T = TypeVar("T")
# The model's method names, and the command each sends to the application.
COMMANDS: dict[str, type[commands.PilotCommand]] = {
    "revise_idea": commands.ReviseIdea,
    "assign_role": commands.AssignRole,
    "remove_member": commands.RemoveMember,
    "plan_cycle": commands.PlanCycle,
    "revise_predictions": commands.RevisePredictions,
    "start_cycle": commands.StartCycle,
    "record_do": commands.RecordDo,
    "record_study": commands.RecordStudy,
    "decide": commands.Decide,
    "record_reflection": commands.RecordReflection,
    "record_question_set": commands.RecordQuestionSet,
    "set_reflection_visibility": commands.SetReflectionVisibility,
    "set_question_set_visibility": commands.SetQuestionSetVisibility,
    "withdraw_reflection": commands.WithdrawReflection,
    "add_insight": commands.AddInsight,
    "set_question_status": commands.SetQuestionStatus,
    "report_action": commands.ReportAction,
    "pause": commands.Pause,
    "resume": commands.Resume,
    "conclude": commands.Conclude,
    "correct": commands.Correct,
    "define_measure": commands.DefineMeasure,
    "record_points": commands.RecordPoints,
    "correct_point": commands.CorrectPoint,
    "start_phase": commands.StartPhase,
}

LEAD = UUID("00000000-0000-4000-8000-00000000000a")
MEMBER = UUID("00000000-0000-4000-8000-00000000000b")
FACILITATOR = UUID("00000000-0000-4000-8000-00000000000c")
OUTSIDER = UUID("00000000-0000-4000-8000-00000000000d")
PEOPLE = (LEAD, MEMBER, FACILITATOR, OUTSIDER)
NOBODY_KNOWS = UUID("00000000-0000-4000-8000-0000000000ff")  # no pilot, question or entry
# The application's clock: it starts late in the evening and moves on with every command, so
# that days change within a run.
FIRST_MOMENT = datetime(2026, 3, 1, 21, 0, tzinfo=UTC)
BETWEEN_COMMANDS = timedelta(hours=5)

# -- strategies: mostly valid input, with the invalid kinds mixed in ---------------------------


def weighted(*options: tuple[int, SearchStrategy[T]]) -> SearchStrategy[T]:
    """Picks one of the strategies in proportion to its weight; shrinks towards the first."""
    return st.sampled_from([s for weight, s in options for _ in range(weight)]).flatmap(lambda s: s)


# Long values are drawn by name, so that strategies (and their reprs) stay small.
SPELLED_OUT = {
    "<10,001 x>": "x" * 10_001,  # one over the bound for entries
    "<10,000 y, padded>": " " + "y" * 10_000 + "\n",  # exactly 10,000 once trimmed: allowed
    "<200 T>": "T" * 200,  # the longest title
    "<201 T>": "T" * 201,  # one over the bound for titles
}


def texts(good: Sequence[str], bad: Sequence[str]) -> SearchStrategy[str]:
    """Mostly good text; some blank, over-long or otherwise bad; some arbitrary."""
    return weighted(
        (12, st.sampled_from(good)), (1, st.sampled_from(bad)), (1, st.text(max_size=6))
    ).map(lambda name: SPELLED_OUT.get(name, name))


BLANK = ["", "   ", "\t\n "]
BAD_TEXT = [*BLANK, "<10,001 x>", "nul\x00byte"]
ENTRY = texts(
    ["Ten people came.", "  Padded entry  ", "Line one\r\nline two", "<10,000 y, padded>"], BAD_TEXT
)
OPTIONAL = weighted((2, st.just("")), (3, ENTRY))
TITLE = texts(["Walking meetings", "<200 T>"], [*BLANK, "<201 T>"])
IDEA = texts(
    ["Walk-and-talk meetings", "walk-and-TALK   meetings", "Story circles", "Peer buddies"],
    BAD_TEXT,
)
THEMES = st.lists(texts(["Access", " access ", "Peer  support"], ["", "t" * 61]), max_size=3)
DISTINCT_PREDICTED = ["Will people come?", "How many stay?", "What changes?"]
# With repeats: the same words in another case or spacing, padding, a blank question.
PREDICTED = [*DISTINCT_PREDICTED, "will  PEOPLE come?", " How many stay? ", " "]
PREDICTIONS = weighted(
    (
        4,
        st.lists(st.sampled_from(DISTINCT_PREDICTED), min_size=1, max_size=3, unique=True).map(
            lambda questions: [(q, f"Prediction {i}") for i, q in enumerate(questions)]
        ),
    ),
    (1, st.lists(st.tuples(st.sampled_from(PREDICTED), texts(["Six"], BLANK)), max_size=3)),
)
RESULTS = st.lists(
    st.tuples(st.sampled_from(PREDICTED), texts(["Eight came", "Four"], BLANK)), max_size=3
)
DISTINCT_ASKED = ["What went well?", "How did people feel?", "Did you ask them?"]
ASKED = [*DISTINCT_ASKED, "what went  WELL?", " "]
QUESTIONS = weighted(
    (6, st.lists(st.sampled_from(DISTINCT_ASKED), min_size=1, max_size=3, unique=True)),
    (2, st.lists(st.sampled_from(ASKED), max_size=4)),
    (1, st.just([f"What did visit {i} teach us?" for i in range(30)])),  # the most allowed
    (1, st.just([f"What did visit {i} teach us?" for i in range(31)])),  # one too many
)
ACTIONS = st.lists(
    st.tuples(texts(["Ask the porters", "Book a room"], BLANK), st.sampled_from([None, *PEOPLE])),
    max_size=2,
)


def words(allowed: Sequence[str], *wrong: str) -> SearchStrategy[str]:
    return weighted((10, st.sampled_from(allowed)), (1, st.sampled_from(wrong)))


ROLE = words(ROLES, "owner", "LEAD", "")
KIND = words(KINDS, "feeling", "")
DECISION = words(DECISIONS, "maybe", "Adopt")
OUTCOME = words(OUTCOMES, "won", "")
STATUS = words(STATUSES, "pending", "")
VISIBILITY = words(VISIBILITIES, "public", "Team", "")
AS_RECORDED = weighted((1, st.none()), (3, VISIBILITY))  # None: not said, so the default
# What each step of a PDSA cycle is sent with, besides the cycle's number.
STEP_FIELDS: dict[str, dict[str, SearchStrategy[Any]]] = {
    "plan_cycle": {"objective": ENTRY, "predictions": PREDICTIONS, "plan": OPTIONAL},
    "revise_predictions": {"predictions": PREDICTIONS},
    "start_cycle": {},
    "record_do": {"what_happened": ENTRY, "as_planned": st.booleans(), "deviations": OPTIONAL},
    "record_study": {"learning": ENTRY, "surprises": OPTIONAL},
    "decide": {"decision": DECISION, "rationale": ENTRY},
}
NEXT_STEPS = {  # what may come next, by the stage of the cycle in progress
    None: ["plan_cycle"],
    "planned": ["start_cycle", "start_cycle", "revise_predictions"],
    "started": ["record_do"],
    "done": ["record_study"],
    "studied": ["decide"],
}
# A withdrawal is rarer than other commands, so its reason is bad more often.
WITHDRAWAL_REASON = weighted(
    (4, st.just("I would rather not share it")), (1, st.sampled_from(BAD_TEXT)), (1, st.text())
).map(lambda name: SPELLED_OUT.get(name, name))
# The commands that name one entry, and the field that names it.
NAMES_AN_ENTRY = {
    "set_reflection_visibility": "reflection_id",
    "withdraw_reflection": "reflection_id",
    "set_question_set_visibility": "set_id",
    "add_insight": "question_id",
    "set_question_status": "question_id",
    "report_action": "action_id",
    "correct": "entry",
}
ODD_ENTRIES = ("idea", "themes", "nonsense", "cycle:1:number", "reflection:zzz", "title:")
# Measures: names that repeat in other words, and every malformed field.
MEASURE_NAME = texts(
    ["Attendance", "Stories shared", "  attendance ", "STORIES  shared", "<200 T>"],
    [*BLANK, "<201 T>", "nul\x00byte"],
)
MEASURE_KIND = words(MEASURE_KINDS, "Outcome", "driver", "")
IMPROVEMENT = words(IMPROVEMENTS, "UP", "sideways", "")
UNIT = weighted(
    (4, st.sampled_from(["", "people", " minutes ", "u" * 40])),
    (1, st.sampled_from(["u" * 41, "per\x00cent"])),
)
NON_FINITE = st.sampled_from([float("nan"), float("inf"), -float("inf")])
NOT_NUMBERS = st.sampled_from([10**400, True, "12", None])  # too big for a float, or no number
# Finite numbers, with the awkward ones: zero of both signs, the largest float, ints.
FINITE = st.one_of(
    st.integers(-1_000, 1_000),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([0.0, -0.0, 1.5, 2**70, 1.7976931348623157e308]),
)
NUMBER = weighted((10, FINITE), (1, NON_FINITE), (1, NOT_NUMBERS))
TARGET = weighted((3, st.none()), (3, FINITE), (1, NON_FINITE), (1, NOT_NUMBERS))
GOOD_NOTE = weighted(
    (6, st.just("")), (2, st.sampled_from(["Snow day", "  Half term  ", "n" * 500]))
)
NOTE = weighted((6, GOOD_NOTE), (1, st.sampled_from(["n" * 501, "nul\x00byte"])))
REASON = texts(["A typo on the sheet", " Counted twice "], BAD_TEXT)
MEASURE_FIELDS: dict[str, SearchStrategy[Any]] = {
    "name": MEASURE_NAME, "kind": MEASURE_KIND, "definition": ENTRY,
    "improvement": IMPROVEMENT, "unit": UNIT, "aim": TARGET,  # `target` names a rule's Bundle
}  # fmt: skip
NOT_DAYS: list[Any] = ["2026-03-01", datetime(2026, 3, 1, tzinfo=UTC), None, 20260301]


# -- reading the domain's pilot as plain data, in the model's shape ---------------------------


def word(value: StrEnum | None) -> str | None:
    """An enum as its word; the type must survive storage and replay."""
    if value is None:
        return None
    assert isinstance(value, StrEnum), f"{value!r} came back without its type"
    return value.value


def describe(p: Pilot) -> dict[str, Any]:
    return {
        "title": p.title,
        "question": p.question,
        "idea": p.idea,
        "origin": p.origin,
        "themes": p.themes,
        "status": word(p.status),
        "outcome": word(p.outcome),
        "summary": p.summary,
        "pause_reason": p.pause_reason,
        "team": {user: word(role) for user, role in p.team.items()},
        "cycles": {
            n: (
                word(c.stage),
                c.objective,
                c.plan,
                tuple((x.question, x.prediction) for x in c.predictions),
                c.what_happened,
                c.as_planned,
                c.deviations,
                tuple((r.question, r.result) for r in c.results),
                c.learning,
                c.surprises,
                word(c.decision),
                c.rationale,
                tuple((x.measure_id, x.prediction) for x in c.measures),
            )
            for n, c in p.cycles.items()
        },
        "reflections": [
            (r.id, r.author, word(r.kind), r.text, r.cycle, word(r.visibility), r.withdrawn_on)
            for r in p.reflections.values()
        ],
        "question_sets": {
            s.id: (
                s.held_on,
                s.facilitator,
                s.issue_holder,
                s.question_ids,
                tuple(a.id for a in s.actions),
                word(s.visibility),
                s.author,
            )
            for s in p.question_sets.values()
        },
        "questions": {
            q.id: (q.text, word(q.status), [(i.id, i.text, i.author) for i in q.insights])
            for q in p.questions.values()
        },
        "actions": {
            a.id: (a.text, a.owner, a.report) for s in p.question_sets.values() for a in s.actions
        },
        "corrections": [(c.entry, c.previous, c.text, c.reason, c.actor) for c in p.corrections],
        "measures": {i: measure(m) for i, m in p.measures.items()},
        "submissions": [sender_and_id(s) for s in p.submissions],
    }


def measure(m: Measure) -> tuple[Any, ...]:
    return (
        m.name, word(m.kind), m.definition, m.unit, word(m.improvement), m.target,
        dict(m.values), list(m.phases),
    )  # fmt: skip


def sender_and_id(stored: str) -> tuple[UUID, str]:
    """A stored submission is scoped to its sender: `<sender's hex>/<id>`."""
    sender, _, submission = stored.partition("/")
    return UUID(sender), submission


def picture(p: Pilot) -> tuple[Any, ...]:
    """The same cheap picture the model keeps per version."""
    return (
        word(p.status), p.idea, p.title, len(p.cycles), len(p.reflections),
        tuple((word(r.visibility), r.withdrawn_on) for r in p.reflections.values()),
        tuple(word(s.visibility) for s in p.question_sets.values()),
        tuple((m.name, len(m.values), len(m.phases)) for m in p.measures.values()),
    )  # fmt: skip


def logged_measures(stored: Sequence[events.Event]) -> dict[UUID, list[tuple[Any, ...]]]:
    """What the stored events say of each measure beyond its definition: the points recorded
    (with their notes), each correction with the value it replaced, and each phase."""
    logs: dict[UUID, list[tuple[Any, ...]]] = {}
    for e in stored:
        if isinstance(e, events.PointsRecorded):
            entry: tuple[Any, ...] = ("points", tuple((p.on, p.value, p.note) for p in e.points))
        elif isinstance(e, events.PointCorrected):
            entry = ("corrected", e.on, e.value, e.previous, e.reason)
        elif isinstance(e, events.PhaseStarted):
            entry = ("phase", e.starts, e.reason)
        else:
            continue
        logs.setdefault(e.measure_id, []).append(entry)
    return logs


def fold(stored: Sequence[events.Event]) -> Pilot:
    """The pilot rebuilt by hand from its stored events, without the repository."""
    pilot = functools.reduce(lambda aggregate, e: e.mutate(aggregate), stored, None)
    assert isinstance(pilot, Pilot)
    return pilot


# -- the machine -----------------------------------------------------------------------------


class PilotMachine(RuleBasedStateMachine):
    pilots = Bundle("pilots")

    def __init__(self) -> None:
        super().__init__()
        self.app = self.open_app()
        self.model = Model()
        self.sent: list[str] = []  # every submission id sent, accepted or not
        self.checked: dict[UUID, int] = {}  # the version at which each pilot was last checked
        self.now = FIRST_MOMENT
        self.refusal: DomainError | None = None  # how the application refused the last command

    def open_app(self) -> Pilots:
        return open_pilots(parse_database_url("memory://"))

    def teardown(self) -> None:
        self.app.close()

    # -- drawing what depends on the model's state ---------------------------------------------

    def draw_submission(self, data: st.DataObject) -> str:
        fresh = f"submission-{len(self.sent) + 1}"
        options: list[tuple[int, SearchStrategy[str]]] = [
            (24, st.just(fresh)),
            (1, st.sampled_from(["", "   ", "s" * 201])),
        ]
        if self.sent:
            used = st.sampled_from(self.sent)
            options += [(2, used), (1, used.map(lambda s: f"  {s}\t"))]
        submission = data.draw(weighted(*options), label="submission")
        self.sent.append(submission)
        return submission

    def draw_common(
        self, data: st.DataObject, pilot: PilotModel, author: UUID | None = None
    ) -> dict[str, Any]:
        """Who sends the command, the version they pinned (if any) and its submission id. A
        command on an entry is sent often by the entry's `author`, who may have left the team,
        and often by someone on the team who is neither its author nor a lead."""
        team = sorted(pilot.team)
        options = [(8, st.sampled_from(team)), (1, st.sampled_from(PEOPLE))]
        if author is not None:
            others = [user for user in team if user != author and pilot.team[user] != "lead"]
            if others:
                options.insert(0, (4, st.sampled_from(others)))
            options.insert(0, (6, st.just(author)))
        actor = data.draw(weighted(*options), label="actor")
        v = pilot.version
        expected_version = data.draw(
            weighted((14, st.none()), (1, st.just(v)), (1, st.sampled_from([v - 1, v + 1]))),
            label="expected_version",
        )
        return {
            "actor": actor,
            "expected_version": expected_version,
            "submission": self.draw_submission(data),
        }

    def draw_number(self, data: st.DataObject, pilot: PilotModel) -> int:
        """Mostly the cycle in progress or a known one; sometimes a cycle that does not exist."""
        known = sorted(pilot.cycles)
        undecided = pilot.undecided()
        options: list[tuple[int, SearchStrategy[int]]] = [(1, st.integers(-1, len(known) + 2))]
        if known:
            options.insert(0, (2, st.sampled_from(known)))
        if undecided is not None:
            options.insert(0, (5, st.just(undecided)))
        return data.draw(weighted(*options), label="number")

    def draw_known(self, data: st.DataObject, ids: Sequence[UUID], label: str) -> UUID:
        """One of this pilot's ids, or one it does not have (another pilot's, or nobody's)."""
        elsewhere = [
            i
            for p in self.model.pilots.values()
            for i in [*p.questions, *p.actions, *p.reflections, *p.question_sets]
            if i not in ids
        ]
        options: list[tuple[int, SearchStrategy[UUID]]] = [(1, st.just(NOBODY_KNOWS))]
        if elsewhere:
            options.append((1, st.sampled_from(elsewhere)))
        if ids:
            options.insert(0, (6, st.sampled_from(list(ids))))
        return data.draw(weighted(*options), label=label)

    @staticmethod
    def author_of(pilot: PilotModel, entry: UUID | str) -> UUID | None:
        """Who wrote a reflection, or recorded the set meeting that a question, an action or an
        insight is from; `entry` is an id, or an entry as a correction names it."""
        if isinstance(entry, str):
            try:
                entry = UUID(entry.partition(":")[2])
            except ValueError:
                return None
        if entry in pilot.reflections:
            return pilot.reflections[entry].author
        for set_id, meeting in pilot.question_sets.items():
            insights = (i for q in meeting.question_ids for i, _, _ in pilot.questions[q].insights)
            if entry in (set_id, *meeting.question_ids, *meeting.action_ids, *insights):
                return meeting.author
        return None

    # -- running one command on both sides -----------------------------------------------------

    def run(
        self,
        name: str,
        pilot_id: UUID,
        data: st.DataObject,
        /,
        author: UUID | None = None,
        **fields: Any,
    ) -> None:
        """Sends a command to a pilot, from a drawn actor, version and submission id."""
        common = self.draw_common(data, self.model.pilots[pilot_id], author)
        self.send(name, pilot_id, **common, **fields)

    def send(self, name: str, pilot_id: UUID, /, actor: UUID, **fields: Any) -> Receipt | None:
        """Asks the model, then the application, and holds the application to the verdict. A
        command on an entry the sender may not read is refused; the same command naming an
        entry that does not exist must then be refused in the same way, so a refusal never
        tells that a hidden entry is there."""
        unknown = self.naming_nothing(name, pilot_id, actor, fields)
        receipt = self.send_once(name, pilot_id, actor, **fields)
        if unknown is not None and receipt is None:
            hidden, key = self.refusal, NAMES_AN_ENTRY[name]
            self.send_once(name, pilot_id, actor, **unknown)
            # The same words, but for the entry itself where the message names it.
            same = str(hidden).replace(str(fields[key]), str(unknown[key]))
            assert (type(self.refusal), str(self.refusal)) == (type(hidden), same), (
                f"an entry hidden from the sender: {hidden!r}; no such entry: {self.refusal!r}"
            )
            event(f"{name}: hidden entry refused as an unknown one")
        return receipt

    def naming_nothing(
        self, name: str, pilot_id: UUID, actor: UUID, fields: dict[str, Any]
    ) -> dict[str, Any] | None:
        """If the command names an entry that is there but that `actor` may not read: the same
        fields, naming an entry that is not there at all."""
        key, pilot = NAMES_AN_ENTRY.get(name), self.model.pilots.get(pilot_id)
        if key is None or pilot is None:
            return None
        if key == "entry":
            entry = fields["entry"]
            kind = entry.partition(":")[0]
            hidden = pilot.entry_text(entry) is not None and pilot.entry_text(entry, actor) is None
            return fields | {key: f"{kind}:{NOBODY_KNOWS}"} if hidden else None
        find: Callable[[UUID, UUID | None], Any] = {
            "reflection_id": pilot.reflection_for,
            "set_id": pilot.question_set_for,
            "question_id": pilot.question_for,
            "action_id": pilot.action_for,
        }[key]
        hidden = find(fields[key], None) is not None and find(fields[key], actor) is None
        return fields | {key: NOBODY_KNOWS} if hidden else None

    def send_once(self, name: str, pilot_id: UUID, actor: UUID, /, **fields: Any) -> Receipt | None:
        self.model.now = self.now  # the moment `check` sends the command at
        verdict: Verdict = getattr(self.model, name)(pilot_id, actor, **fields)
        sent = {k: v for k, v in fields.items() if k not in ("expected_version", "submission")}
        if sent.get("visibility", "") is None:
            del sent["visibility"]  # not said: the command's default
        for key, kind in (("predictions", Prediction), ("results", Result), ("actions", NewAction)):
            if key in sent:
                sent[key] = [kind(*pair) for pair in sent[key]]
        if "points" in sent:
            sent["points"] = [DataPoint(*point) for point in sent["points"]]
        if sent.get("measures") is not None:
            sent["measures"] = [MeasurePrediction(*pair) for pair in sent["measures"]]
        command = COMMANDS[name](pilot_id, **sent)
        options = {
            "expected_version": fields["expected_version"],
            "submission": fields["submission"],
        }
        return self.check(
            verdict,
            lambda: self.app.execute(command, actor, **options),
            actor,
            fields["submission"],
            name,
        )

    def register(self, submission: str, **fields: Any) -> Receipt | None:
        verdict = self.model.register_pilot(**fields, submission=submission)
        lead = fields.pop("lead")
        return self.check(
            verdict,
            lambda: self.app.execute(RegisterPilot(**fields), lead, submission=submission),
            lead,
            submission,
            "register_pilot",
        )

    def stored(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def check(
        self,
        verdict: Verdict,
        call: Callable[[], Receipt],
        actor: UUID,
        submission: str,
        name: str,
    ) -> Receipt | None:
        """Runs the command and holds the application to the model's verdict."""
        before = self.stored()
        refusal: DomainError | None = None
        now, self.now = self.now, self.now + BETWEEN_COMMANDS
        self.model.today = now.date()
        try:
            with clock_set_to(lambda: now):
                receipt = call()
        except DomainError as error:
            refusal = error
        self.refusal = refusal
        if refusal is not None:
            event(f"{name}: {type(refusal).__name__}")
            assert type(refusal) in verdict.errors, f"model: {verdict}; application: {refusal!r}"
            if isinstance(refusal, InvalidEntry) and verdict.fields is not None:
                assert refusal.field in verdict.fields, (
                    f"model: {verdict} naming {sorted(verdict.fields)}; application: {refusal!r}"
                )
            assert self.stored() == before, "a refused command recorded something"
            return None
        if verdict.apply is None:
            assert verdict.replay_of is not None, (
                f"model: {verdict}; application accepted it: {receipt.events}"
            )
            # A repeated submission answers with its earlier events and records nothing.
            event(f"{name}: replayed")
            assert receipt.replayed
            assert receipt.position is None
            assert receipt.pilot.id == verdict.replay_of.id
            assert [e.originator_version for e in receipt.events] == [verdict.replayed_version]
            assert self.stored() == before, "a repeated submission recorded something"
            return receipt
        assert not receipt.replayed, f"model: {verdict}; application replayed it"
        assert len(receipt.events) == 1, receipt.events
        event(f"{name}: accepted")
        recorded = receipt.events[0]
        verdict.apply(recorded)
        assert sender_and_id(recorded.submission) == (actor, submission.strip())
        assert recorded.originator_version == self.model.pilots[recorded.originator_id].version
        assert receipt.position == self.stored() == before + 1
        return receipt

    # -- rules: one per command ----------------------------------------------------------------

    @initialize(
        target=pilots,
        meeting=st.sampled_from(VISIBILITIES),
        reflection=st.sampled_from(VISIBILITIES),
        left=st.one_of(st.none(), st.sampled_from(VISIBILITIES)),
        measured=st.booleans(),
    )
    def a_pilot_with_a_team(
        self, meeting: str, reflection: str, left: str | None, measured: bool
    ) -> UUID:
        """Every run starts from one pilot with a lead, a member, a facilitator, a question set
        the facilitator recorded and a reflection of the member's, each read by whom the run
        drew, so that random steps reach deep into it. In some runs the outsider was on the
        team once, and left a reflection behind (read by `left`); in some the pilot has a
        measure with a week of values. The steps may still change all of it."""
        self.sent += ["start", "start-member", "start-facilitator", "start-questions"]
        self.sent += ["start-reflection"]
        receipt = self.register(
            "start",
            lead=LEAD,
            title="Walking meetings",
            question="How might we make meetings purposeful?",
            idea="Walk-and-talk meetings",
            origin="Stories from the spring workshop",
            themes=["Access"],
        )
        assert receipt is not None
        for user, role in ((MEMBER, "member"), (FACILITATOR, "facilitator")):
            self.send(
                "assign_role",
                receipt.pilot.id,
                LEAD,
                user=user,
                role=role,
                expected_version=None,
                submission=f"start-{role}",
            )
        self.send(
            "record_question_set",
            receipt.pilot.id,
            FACILITATOR,
            held_on=date(2026, 3, 2),
            questions=["What surprised you?", "How did people feel?"],
            facilitator=FACILITATOR,
            issue_holder=LEAD,
            actions=[("Ask the porters", MEMBER)],
            visibility=meeting,
            expected_version=None,
            submission="start-questions",
        )
        self.send(
            "record_reflection",
            receipt.pilot.id,
            MEMBER,
            kind="observation",
            text="People stayed longer than planned.",
            cycle=None,
            visibility=reflection,
            expected_version=None,
            submission="start-reflection",
        )
        if left is not None:
            self.sent += ["start-joined", "start-left-behind", "start-left"]
            common = {"expected_version": None}
            self.send(
                "assign_role",
                receipt.pilot.id,
                LEAD,
                user=OUTSIDER,
                role="member",
                submission="start-joined",
                **common,
            )
            self.send(
                "record_reflection",
                receipt.pilot.id,
                OUTSIDER,
                kind="meaning",
                text="Walking helps people talk.",
                cycle=None,
                visibility=left,
                submission="start-left-behind",
                **common,
            )
            self.send(
                "remove_member",
                receipt.pilot.id,
                LEAD,
                user=OUTSIDER,
                submission="start-left",
                **common,
            )
        if measured:
            self.measure_a_week(receipt.pilot.id)
        return receipt.pilot.id

    @rule(
        target=pilots,
        data=st.data(),
        lead=weighted((3, st.just(LEAD)), (1, st.sampled_from(PEOPLE))),
        title=TITLE,
        question=ENTRY,
        idea=IDEA,
        origin=OPTIONAL,
        themes=THEMES,
    )
    def register_pilot(
        self,
        data: st.DataObject,
        lead: UUID,
        title: str,
        question: str,
        idea: str,
        origin: str,
        themes: list[str],
    ) -> Any:
        if len(self.model.pilots) >= 3:
            # One to three pilots; beyond that, only a lead resubmitting a registration.
            registered = sorted(self.model.registrations)
            lead, submission = data.draw(st.sampled_from(registered), label="resubmitted")
        else:
            submission = self.draw_submission(data)
        receipt = self.register(
            submission,
            lead=lead,
            title=title,
            question=question,
            idea=idea,
            origin=origin,
            themes=themes,
        )
        if receipt is None or receipt.replayed:
            return multiple()
        return receipt.pilot.id

    @rule(pilot=pilots, data=st.data(), idea=IDEA, rationale=ENTRY, prompted_by=OPTIONAL)
    def revise_idea(
        self, pilot: UUID, data: st.DataObject, idea: str, rationale: str, prompted_by: str
    ) -> None:
        self.run(
            "revise_idea", pilot, data, idea=idea, rationale=rationale, prompted_by=prompted_by
        )

    @rule(pilot=pilots, data=st.data(), user=st.sampled_from(PEOPLE), role=ROLE)
    def assign_role(self, pilot: UUID, data: st.DataObject, user: UUID, role: str) -> None:
        self.run("assign_role", pilot, data, user=user, role=role)

    @rule(pilot=pilots, data=st.data(), user=st.sampled_from(PEOPLE))
    def remove_member(self, pilot: UUID, data: st.DataObject, user: UUID) -> None:
        self.run("remove_member", pilot, data, user=user)

    @rule(pilot=pilots, data=st.data(), **STEP_FIELDS["plan_cycle"])
    def plan_cycle(
        self,
        pilot: UUID,
        data: st.DataObject,
        objective: str,
        predictions: list[tuple[str, str]],
        plan: str,
    ) -> None:
        measures = self.draw_measure_predictions(data, self.model.pilots[pilot])
        self.run(
            "plan_cycle",
            pilot,
            data,
            objective=objective,
            predictions=predictions,
            plan=plan,
            measures=measures,
        )

    @rule(pilot=pilots, data=st.data(), **STEP_FIELDS["revise_predictions"])
    def revise_predictions(
        self, pilot: UUID, data: st.DataObject, predictions: list[tuple[str, str]]
    ) -> None:
        model = self.model.pilots[pilot]
        number = self.draw_number(data, model)
        # None: the revision does not say, so the cycle keeps what it predicts of the measures.
        measures = None
        if data.draw(st.booleans(), label="revises_measures"):
            measures = self.draw_measure_predictions(data, model)
        self.run(
            "revise_predictions",
            pilot,
            data,
            number=number,
            predictions=predictions,
            measures=measures,
        )

    @rule(pilot=pilots, data=st.data(), **STEP_FIELDS["start_cycle"])
    def start_cycle(self, pilot: UUID, data: st.DataObject) -> None:
        self.run(
            "start_cycle", pilot, data, number=self.draw_number(data, self.model.pilots[pilot])
        )

    @rule(pilot=pilots, data=st.data(), **STEP_FIELDS["record_do"])
    def record_do(
        self,
        pilot: UUID,
        data: st.DataObject,
        what_happened: str,
        as_planned: bool,
        deviations: str,
    ) -> None:
        self.run(
            "record_do",
            pilot,
            data,
            number=self.draw_number(data, self.model.pilots[pilot]),
            what_happened=what_happened,
            as_planned=as_planned,
            deviations=deviations,
        )

    @rule(pilot=pilots, data=st.data(), **STEP_FIELDS["record_study"])
    def record_study(self, pilot: UUID, data: st.DataObject, learning: str, surprises: str) -> None:
        model = self.model.pilots[pilot]
        number = self.draw_number(data, model)
        cycle = model.cycles.get(number)
        options: list[tuple[int, SearchStrategy[list[tuple[str, str]]]]] = [(1, RESULTS)]
        if cycle is not None:
            # A result for every prediction, in any order, its question sometimes padded or
            # in capitals.
            matching = st.permutations(
                [
                    ([q, f" {q} ", q.upper()][i % 3], f"Saw {i}")
                    for i, (q, _) in enumerate(cycle.predictions)
                ]
            )
            options.insert(0, (4, matching))
        results = data.draw(weighted(*options), label="results")
        self.run(
            "record_study",
            pilot,
            data,
            number=number,
            results=results,
            learning=learning,
            surprises=surprises,
        )

    @rule(pilot=pilots, data=st.data(), **STEP_FIELDS["decide"])
    def decide(self, pilot: UUID, data: st.DataObject, decision: str, rationale: str) -> None:
        number = self.draw_number(data, self.model.pilots[pilot])
        self.run("decide", pilot, data, number=number, decision=decision, rationale=rationale)

    @rule(pilot=pilots, data=st.data(), steps=st.integers(1, 5))
    def carry_a_cycle_on(self, pilot: UUID, data: st.DataObject, steps: int) -> None:
        """Sends, a few times over, the step the pilot's cycle needs next (or plans one), with
        the same mostly valid input, so that runs reach deep into cycles. The rules above send
        each step at any other time too. The invariants are checked after every command."""
        for _ in range(steps):
            undecided = self.model.pilots[pilot].undecided()
            stage = None if undecided is None else self.model.pilots[pilot].cycles[undecided].stage
            command = data.draw(st.sampled_from(NEXT_STEPS[stage]), label="step")
            fields = data.draw(st.fixed_dictionaries(STEP_FIELDS[command]), label=command)
            getattr(self, command)(pilot, data, **fields)
            self.check_invariants_now()

    @rule(
        pilot=pilots,
        data=st.data(),
        kind=KIND,
        text=ENTRY,
        about_a_cycle=st.booleans(),
        visibility=AS_RECORDED,
    )
    def record_reflection(
        self,
        pilot: UUID,
        data: st.DataObject,
        kind: str,
        text: str,
        about_a_cycle: bool,
        visibility: str | None,
    ) -> None:
        cycle = self.draw_number(data, self.model.pilots[pilot]) if about_a_cycle else None
        self.run(
            "record_reflection",
            pilot,
            data,
            kind=kind,
            text=text,
            cycle=cycle,
            visibility=visibility,
        )

    @rule(
        pilot=pilots,
        data=st.data(),
        held_on=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
        questions=QUESTIONS,
        facilitator=st.sampled_from([None, *PEOPLE]),
        issue_holder=st.sampled_from([None, *PEOPLE]),
        actions=ACTIONS,
        visibility=AS_RECORDED,
    )
    def record_question_set(
        self,
        pilot: UUID,
        data: st.DataObject,
        held_on: date,
        questions: list[str],
        facilitator: UUID | None,
        issue_holder: UUID | None,
        actions: list[tuple[str, UUID | None]],
        visibility: str | None,
    ) -> None:
        self.run(
            "record_question_set",
            pilot,
            data,
            held_on=held_on,
            questions=questions,
            facilitator=facilitator,
            issue_holder=issue_holder,
            actions=actions,
            visibility=visibility,
        )

    @rule(pilot=pilots, data=st.data(), visibility=VISIBILITY)
    def set_reflection_visibility(self, pilot: UUID, data: st.DataObject, visibility: str) -> None:
        model = self.model.pilots[pilot]
        reflection_id = self.draw_known(data, list(model.reflections), "reflection")
        self.run(
            "set_reflection_visibility",
            pilot,
            data,
            author=self.author_of(model, reflection_id),
            reflection_id=reflection_id,
            visibility=visibility,
        )

    @rule(pilot=pilots, data=st.data(), visibility=VISIBILITY)
    def set_question_set_visibility(
        self, pilot: UUID, data: st.DataObject, visibility: str
    ) -> None:
        model = self.model.pilots[pilot]
        set_id = self.draw_known(data, list(model.question_sets), "set")
        self.run(
            "set_question_set_visibility",
            pilot,
            data,
            author=self.author_of(model, set_id),
            set_id=set_id,
            visibility=visibility,
        )

    @rule(pilot=pilots, data=st.data(), reason=WITHDRAWAL_REASON)
    def withdraw_reflection(self, pilot: UUID, data: st.DataObject, reason: str) -> None:
        model = self.model.pilots[pilot]
        reflection_id = self.draw_known(data, list(model.reflections), "reflection")
        self.run(
            "withdraw_reflection",
            pilot,
            data,
            author=self.author_of(model, reflection_id),
            reflection_id=reflection_id,
            reason=reason,
        )

    @rule(
        pilot=pilots,
        data=st.data(),
        text=ENTRY,
        reason=WITHDRAWAL_REASON,
        then=st.sampled_from(["correct", "set_reflection_visibility", "withdraw_reflection"]),
    )
    def correct_then_withdraw_a_reflection(
        self, pilot: UUID, data: st.DataObject, text: str, reason: str, then: str
    ) -> None:
        """Corrects one of the pilot's reflections, withdraws it, and asks one more thing of
        it, each from a drawn sender, so that runs reach corrected reflections withdrawn and
        withdrawn ones asked for more. The rules above send each at any other time too."""
        model = self.model.pilots[pilot]
        if not model.reflections:
            return
        reflection_id = data.draw(st.sampled_from(list(model.reflections)), label="reflection")
        author, entry = model.reflections[reflection_id].author, f"reflection:{reflection_id}"
        self.run("correct", pilot, data, author, entry=entry, text=text, reason="It was a typo")
        self.check_invariants_now()
        self.run(
            "withdraw_reflection", pilot, data, author, reflection_id=reflection_id, reason=reason
        )
        self.check_invariants_now()
        if then == "correct":
            self.run(then, pilot, data, author, entry=entry, text="Put back", reason="Missed")
        elif then == "set_reflection_visibility":
            visibility = data.draw(VISIBILITY, label="visibility")
            self.run(then, pilot, data, author, reflection_id=reflection_id, visibility=visibility)
        else:
            self.run(then, pilot, data, author, reflection_id=reflection_id, reason="Again")

    @rule(pilot=pilots, data=st.data(), text=ENTRY)
    def add_insight(self, pilot: UUID, data: st.DataObject, text: str) -> None:
        model = self.model.pilots[pilot]
        question_id = self.draw_known(data, list(model.questions), "question")
        author = self.author_of(model, question_id)
        self.run("add_insight", pilot, data, author, question_id=question_id, text=text)

    @rule(pilot=pilots, data=st.data(), status=STATUS)
    def set_question_status(self, pilot: UUID, data: st.DataObject, status: str) -> None:
        model = self.model.pilots[pilot]
        question_id = self.draw_known(data, list(model.questions), "question")
        author = self.author_of(model, question_id)
        self.run("set_question_status", pilot, data, author, question_id=question_id, status=status)

    @rule(pilot=pilots, data=st.data(), report=ENTRY)
    def report_action(self, pilot: UUID, data: st.DataObject, report: str) -> None:
        model = self.model.pilots[pilot]
        action_id = self.draw_known(data, list(model.actions), "action")
        author = self.author_of(model, action_id)
        self.run("report_action", pilot, data, author, action_id=action_id, report=report)

    @rule(pilot=pilots, data=st.data(), reason=ENTRY)
    def pause(self, pilot: UUID, data: st.DataObject, reason: str) -> None:
        self.run("pause", pilot, data, reason=reason)

    @rule(pilot=pilots, data=st.data())
    def resume(self, pilot: UUID, data: st.DataObject) -> None:
        self.run("resume", pilot, data)

    @rule(pilot=pilots, data=st.data(), outcome=OUTCOME, summary=ENTRY)
    def conclude(self, pilot: UUID, data: st.DataObject, outcome: str, summary: str) -> None:
        self.run("conclude", pilot, data, outcome=outcome, summary=summary)

    @rule(pilot=pilots, data=st.data(), text=texts(["Corrected text", "<200 T>"], BAD_TEXT))
    def correct(self, pilot: UUID, data: st.DataObject, text: str) -> None:
        model = self.model.pilots[pilot]
        numbers = [*model.cycles, len(model.cycles) + 1]
        entries = [
            "title", "question", "origin", "summary",
            *(f"cycle:{n}:{name}" for n in numbers for name in CYCLE_ENTRIES),
        ]  # fmt: skip
        # Reflections and insights, which have authors, as often as the pilot's own record.
        written = [
            *(f"reflection:{r}" for r in model.reflections),
            *(f"insight:{i[0]}" for q in model.questions.values() for i in q.insights),
        ]
        options = [(1, st.sampled_from(entries)), (1, st.sampled_from(ODD_ENTRIES))]
        if written:
            options.insert(1, (1, st.sampled_from(written)))
        entry = data.draw(weighted(*options), label="entry")
        # Sometimes the correction repeats the entry's current text, which changes nothing.
        current = model.entry_text(entry)
        if current and current != WITHDRAWN:
            text = data.draw(weighted((5, st.just(text)), (1, st.just(current))), label="text")
        reason = data.draw(texts(["It was a typo"], BLANK), label="reason")
        author = self.author_of(model, entry)
        self.run("correct", pilot, data, author, entry=entry, text=text, reason=reason)

    # -- measures ------------------------------------------------------------------------------

    def measure_a_week(self, pilot_id: UUID) -> None:
        """The lead defines a measure, and the member records its values of the week before."""
        self.sent += ["start-measure", "start-points"]
        common = {"expected_version": None}
        self.send(
            "define_measure",
            pilot_id,
            LEAD,
            name="Attendance",
            kind="outcome",
            definition="People at the Tuesday meeting, counted at the door",
            improvement="up",
            unit="people",
            target=12,
            submission="start-measure",
            **common,
        )
        (measure_id,) = self.model.pilots[pilot_id].measures
        week = [(self.now.date() - timedelta(days=n), 6 + n % 3, "") for n in range(1, 8)]
        self.send(
            "record_points",
            pilot_id,
            MEMBER,
            measure_id=measure_id,
            points=week,
            submission="start-points",
            **common,
        )

    def draw_measure(self, data: st.DataObject, pilot: PilotModel) -> UUID:
        """One of the pilot's measures, or one it does not have (another pilot's, or nobody's)."""
        elsewhere = [i for p in self.model.pilots.values() for i in p.measures if p is not pilot]
        options: list[tuple[int, SearchStrategy[UUID]]] = [(1, st.just(NOBODY_KNOWS))]
        if elsewhere:
            options.append((1, st.sampled_from(elsewhere)))
        if pilot.measures:
            options.insert(0, (8, st.sampled_from(list(pilot.measures))))
        return data.draw(weighted(*options), label="measure_id")

    def draw_measure_predictions(
        self, data: st.DataObject, pilot: PilotModel
    ) -> list[tuple[UUID, str]]:
        """What a plan predicts of the pilot's measures: mostly none, or some of them each
        once; sometimes a measure twice, one the pilot does not have, a blank prediction, or
        more predictions than a plan may hold."""
        if not pilot.measures or not data.draw(st.integers(0, 2), label="measures_predicted"):
            return []
        known = sorted(pilot.measures)
        some = st.lists(st.sampled_from(known), min_size=1, max_size=3, unique=True)
        ids = data.draw(
            weighted(
                (6, some),
                (2, some.map(lambda ids: [*ids, ids[0]])),  # one measure twice
                (1, some.map(lambda ids: [NOBODY_KNOWS, *ids])),
                (1, st.just([known[0]] * 21)),
            ),
            label="measures",
        )
        said = texts(["Attendance rises to 12", " Fewer leave early "], BLANK)
        return [(i, data.draw(said, label="prediction")) for i in ids]

    def days(self, taken: Sequence[date]) -> SearchStrategy[date]:
        """A day of the last two months, or one that has a value already, or a day at the edge
        of those that have begun somewhere on earth (UTC+14; the application's clock is
        `self.now`), or one far ahead."""
        today, edge = self.now.date(), (self.now + timedelta(hours=14)).date()
        options: list[tuple[int, SearchStrategy[date]]] = [
            (6, st.integers(0, 60).map(lambda n: today - timedelta(days=n))),
            (1, st.sampled_from([edge, edge + timedelta(days=1)])),
            (1, st.sampled_from([date(2027, 1, 1), date.max])),
        ]
        if taken:
            options.insert(0, (4, st.sampled_from(sorted(taken))))
        return weighted(*options)

    @rule(pilot=pilots, data=st.data(), **MEASURE_FIELDS)
    def define_measure(self, pilot: UUID, data: st.DataObject, aim: Any, **fields: Any) -> None:
        self.run("define_measure", pilot, data, target=aim, **fields)

    @rule(pilot=pilots, data=st.data())
    def record_points(self, pilot: UUID, data: st.DataObject) -> None:
        model = self.model.pilots[pilot]
        measure_id = self.draw_measure(data, model)
        taken = list(model.measures[measure_id].values) if measure_id in model.measures else []
        how_many = data.draw(
            weighted((12, st.integers(1, 4)), (1, st.just(0)), (1, st.just(501))), label="points"
        )
        if how_many > 10:  # one more than an entry may hold, on days long past
            start = self.now.date() - timedelta(days=2_000)
            points: list[Point] = [(start + timedelta(days=n), n, "") for n in range(how_many)]
        else:
            # Mostly well-formed points; in some calls, any point may be malformed.
            value: SearchStrategy[Any] = FINITE
            day, note = self.days(taken), GOOD_NOTE
            if data.draw(weighted((3, st.just(False)), (1, st.just(True))), label="malformed"):
                day = weighted((8, day), (1, st.sampled_from(NOT_DAYS)))
                value, note = NUMBER, NOTE
            points = [
                (data.draw(day, label="on"), data.draw(value, label="value"), data.draw(note))
                for _ in range(how_many)
            ]
        self.run("record_points", pilot, data, measure_id=measure_id, points=points)

    @rule(pilot=pilots, data=st.data(), reason=REASON)
    def correct_point(self, pilot: UUID, data: st.DataObject, reason: str) -> None:
        model = self.model.pilots[pilot]
        measure_id = self.draw_measure(data, model)
        values = model.measures[measure_id].values if measure_id in model.measures else {}
        days = self.days(list(values))
        if values:  # mostly a day that has a value
            days = weighted((3, st.sampled_from(sorted(values))), (1, days))
        on = data.draw(days, label="on")
        value = data.draw(NUMBER, label="value")
        if on in values:  # sometimes the value it already has, which changes nothing
            value = data.draw(weighted((4, st.just(value)), (1, st.just(values[on]))), label="same")
        self.run(
            "correct_point", pilot, data, measure_id=measure_id, on=on, value=value, reason=reason
        )

    @rule(pilot=pilots, data=st.data(), reason=REASON)
    def start_phase(self, pilot: UUID, data: st.DataObject, reason: str) -> None:
        model = self.model.pilots[pilot]
        measure_id = self.draw_measure(data, model)
        measure = model.measures.get(measure_id)
        days = sorted(measure.values) if measure is not None else []
        options: list[tuple[int, SearchStrategy[date]]] = [(2, self.days(days))]
        if days:  # after the first value (also on a day a phase starts), on it, or before it
            first, later = days[0], max(1, (self.now.date() - days[0]).days)
            options += [
                (6, st.integers(1, later).map(lambda n: first + timedelta(days=n))),
                (1, st.sampled_from([first, first - timedelta(days=1)])),
            ]
            if measure is not None and measure.phases:
                options.append((2, st.sampled_from(measure.phases)))
        starts = data.draw(weighted(*options), label="starts")
        self.run("start_phase", pilot, data, measure_id=measure_id, starts=starts, reason=reason)

    @rule(pilot=pilots, data=st.data(), steps=st.integers(1, 8))
    def watch_a_measure(self, pilot: UUID, data: st.DataObject, steps: int) -> None:
        """Defines a measure when the pilot has none, then records, corrects and starts phases
        a few times over, so that runs reach measures with many values, corrections and phases.
        The rules above send each at any other time too."""
        for _ in range(steps):
            if not self.model.pilots[pilot].measures:
                command = "define_measure"
            else:
                choices = ["record_points"] * 3 + ["correct_point", "start_phase"]
                command = data.draw(st.sampled_from(choices), label="measure_step")
            if command == "define_measure":
                fields = data.draw(st.fixed_dictionaries(MEASURE_FIELDS), label=command)
                self.define_measure(pilot, data, **fields)
            elif command == "record_points":
                self.record_points(pilot, data)
            else:
                reason = data.draw(REASON, label="reason")
                getattr(self, command)(pilot, data, reason)
            self.check_invariants_now()

    @rule(data=st.data(), command=st.sampled_from(["pause", "resume", "start_cycle"]))
    def command_an_unknown_pilot(self, data: st.DataObject, command: str) -> None:
        fields: dict[str, Any] = {"pause": {"reason": "Holidays"}, "start_cycle": {"number": 1}}
        submission = self.draw_submission(data)
        self.send(
            command,
            NOBODY_KNOWS,
            LEAD,
            expected_version=None,
            submission=submission,
            **fields.get(command, {}),
        )

    # -- invariants ----------------------------------------------------------------------------

    def check_invariants_now(self) -> None:
        self.acknowledged_equals_stored()
        self.replay_equals_model()

    @invariant()
    def acknowledged_equals_stored(self) -> None:
        """Every event the application acknowledged is stored, and nothing else is."""
        notifications = self.app.recorder.select_notifications(start=1, limit=100_000)
        assert len(notifications) == self.stored() == self.model.acknowledged
        per_pilot = Counter(n.originator_id for n in notifications)
        assert per_pilot == {i: p.version for i, p in self.model.pilots.items()}

    @invariant()
    def replay_equals_model(self) -> None:
        """For each pilot whose log grew since it was last checked: the pilot a reader is
        given (the record its last command saved, kept in memory), the pilot loaded afresh from
        the store, the pilot folded by hand from its stored events, and its latest versions as
        of then, all equal the model. A pilot whose log did not grow is unchanged: the
        invariant above counts its events after every step, stored events are never rewritten,
        and `readers_are_never_shown_a_refused_change` checks what readers are given."""
        for pilot_id, model in self.model.pilots.items():
            if self.checked.get(pilot_id) == model.version:
                continue
            expected = model.describe()
            history = self.app.history(pilot_id)
            assert [e.originator_version for e in history] == list(range(1, model.version + 1))
            loaded, folded = self.app.pilot(pilot_id), fold(history)
            fresh = self.app.repository.get(pilot_id)
            assert loaded.version == folded.version == fresh.version == model.version
            assert describe(loaded) == expected
            assert describe(fresh) == expected
            assert describe(folded) == expected
            assert logged_measures(history) == measure_logs(model)
            # "The team always keeps one lead."
            assert "lead" in expected["team"].values()
            # The as-of view: the pilot as it stood at each of its latest three versions.
            for version in range(max(1, model.version - 2), model.version + 1):
                as_of = self.app.pilot(pilot_id, version=version)
                assert as_of.version == version
                assert picture(as_of) == model.pictures[version - 1]
            self.checked[pilot_id] = model.version

    @invariant()
    def readers_are_never_shown_a_refused_change(self) -> None:
        """What a reader is given equals the model after every step, refused commands and
        replayed submissions included: a command changes only a copy of its own."""
        for pilot_id, model in self.model.pilots.items():
            assert describe(self.app.pilot(pilot_id)) == model.describe()


class SqlitePilotMachine(PilotMachine):
    """The same machine on the real embedded store, one database file per example."""

    def open_app(self) -> Pilots:
        self.directory = tempfile.mkdtemp(prefix="pilots-r7-")
        return open_pilots(parse_database_url(f"sqlite:///{self.directory}/pilots.sqlite3"))

    def teardown(self) -> None:
        super().teardown()
        shutil.rmtree(self.directory, ignore_errors=True)


RUNS = settings(
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    # The explain phase replays a failing run many more times; the shrunk steps say enough.
    phases=[phase for phase in Phase if phase is not Phase.explain],
)

TestPilotsInMemory = PilotMachine.TestCase
TestPilotsInMemory.settings = settings(RUNS, max_examples=200)

TestPilotsOnSqlite = SqlitePilotMachine.TestCase
TestPilotsOnSqlite.settings = settings(RUNS, max_examples=25)
