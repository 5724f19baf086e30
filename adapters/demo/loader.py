"""Reads the demo programme (`programme.toml`, whose opening comment describes the files, and a
file per pilot) and enters it through the application service, in order of day, so the log reads
as the spring did. Each step is its own submission, so seeding the demo again records nothing."""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any
from uuid import UUID

import msgspec

from adapters.accounts import AccountError, Accounts
from adapters.demo import origins
from domain.clock import clock_set_to
from domain.errors import DomainError
from domain.pilot import Pilot
from domain.pilot import commands as c
from domain.pilot.aggregate import handle
from domain.service import Pilots, submitted

DEMO_PASSWORD = "pilots-demo-2026"  # noqa: S105 - printed for newcomers; demo data only
# Every command the pilot handles, so that a new command needs no change here.
COMMANDS = {k.__name__: k for k in (c.RegisterPilot, *handle.registry) if k is not object}
ORIGINS = "programme.toml origins"  # where the [[origins]] steps are
PEOPLE_FIELDS = ("user", "facilitator", "issue_holder")


class DemoDataError(ValueError):
    """The demo programme is malformed; the message names the file and the step at fault."""


def seed(pilots: Pilots, accounts: Accounts, folder: Traversable | None = None) -> dict[str, str]:
    """Creates the demo accounts (keeping any that exist) and enters the pilots; returns the
    sign-in emails by name. `folder` holds the programme's files in place of the packaged ones."""
    folder = folder or resources.files(__package__)
    programme = _read(folder, "programme.toml")
    start, keys = programme.get("start"), programme.get("pilots")
    if not (isinstance(start, datetime) and start.tzinfo and isinstance(keys, list)):
        raise DemoDataError("programme.toml needs `start` (with a time zone) and `pilots`")
    people, emails, roles = _accounts(accounts, programme.get("people"))
    run = _Run(pilots, people, roles)
    origin_steps = _numbered(ORIGINS, programme.get("origins", []), first=None, table="origins")
    steps = sorted([*origin_steps, *_steps(folder, keys)], key=lambda s: s[0])
    # A minute apart, so that entries made on the same day keep the order they were made in.
    for minute, (day, where, key, step) in enumerate(steps):
        try:
            run.step(start + timedelta(days=day, minutes=minute), key, step, f"demo/{where}")
        except (DemoDataError, DomainError, msgspec.ValidationError) as error:
            raise DemoDataError(f"{where} ({step.get('do')} on day {day}): {error}") from error
    return emails


def _accounts(
    accounts: Accounts, people: object
) -> tuple[dict[str, UUID], dict[str, str], dict[str, str]]:
    """The accounts by their key in [people], their emails by name, and their roles by key."""
    if not isinstance(people, dict) or not all(isinstance(p, dict) for p in people.values()):
        raise DemoDataError("programme.toml needs [people], a table for each person")
    ids, emails, roles = {}, {}, {}
    for key, person in people.items():
        email, name, role = (str(person.get(f, "")) for f in ("email", "name", "role"))
        try:
            account = accounts.by_email(email) or accounts.add(email, name, role, DEMO_PASSWORD)
        except AccountError as error:
            raise DemoDataError(f"programme.toml, people.{key}: {error}") from None
        ids[key], emails[name], roles[key] = account.id, email, account.role.value
    return ids, emails, roles


def _steps(folder: Traversable, keys: list[object]) -> Iterator[tuple[int, str, str, Any]]:
    """Each pilot's steps with their day (carried from the step before when not given)."""
    for key in keys:
        yield from _numbered(f"{key}.toml", _read(folder, f"{key}.toml").get("step"), key=key)


def _numbered(
    name: str, entered: object, key: object = "", first: int | None = 0, table: str = "step"
) -> Iterator[tuple[int, str, str, Any]]:
    """The steps of one list with their day, which never goes back and is carried from the
    step before when not given. A pilot's first day is 0 or later (`first`); the origins' may
    be before the programme's start."""
    if not isinstance(entered, list) or not all(isinstance(s, dict) for s in entered):
        raise DemoDataError(f"{name} needs its steps, each a [[{table}]] table")
    day: int | None = first
    for number, step in enumerate(entered, 1):
        where, last = f"{name} step {number}", day
        day = step.get("day", day if number > 1 else None)
        if not isinstance(day, int) or (last is not None and day < last):
            raise DemoDataError(f"{where}: `day` must be a whole number, not before {last}")
        yield day, where, str(key), step


def _read(folder: Traversable, name: str) -> dict[str, Any]:
    try:
        return tomllib.loads(folder.joinpath(name).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise DemoDataError(f"{name}: {error}") from None


@dataclasses.dataclass
class _Run:
    pilots: Pilots
    people: dict[str, UUID]
    roles: dict[str, str]
    entered: dict[str, Pilot] = dataclasses.field(default_factory=dict)
    origins: origins.Origins = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.origins = origins.Origins(self.person, self.pilot)

    def step(self, moment: datetime, key: str, step: dict[str, Any], submission: str) -> None:
        if not key:
            self.origin(moment, step, submission)
            return
        kind = COMMANDS.get(str(step.get("do")))
        if kind is None:
            raise DemoDataError(f"`do` must be one of {', '.join(sorted(COMMANDS))}")
        actor, pilot = self.person(step.get("by")), self.entered.get(key)
        if (pilot is None) != (kind is c.RegisterPilot):
            raise DemoDataError("a pilot's first step, and only its first, is RegisterPilot")
        if pilot is not None and submitted(pilot, actor, submission):
            return  # seeded before; a withdrawn reflection's text could no longer name it anyway
        fields = {name: value for name, value in step.items() if name not in ("day", "by", "do")}
        if kind is c.RecordQuestionSet:
            fields.setdefault("held_on", moment.date())
        command = self.command(kind, fields, pilot)
        with clock_set_to(lambda: moment):
            self.entered[key] = self.pilots.execute(command, actor, submission=submission).pilot

    def origin(self, moment: datetime, step: dict[str, Any], submission: str) -> None:
        """A story, a workshop or what it produced, recorded with the sender's role. A repeat
        of the step (the demo seeded again) is answered from the log, and its key kept."""
        kind = origins.COMMANDS.get(str(step.get("do")))
        if kind is None:
            raise DemoDataError(f"`do` must be one of {', '.join(sorted(origins.COMMANDS))}")
        who = step.get("by")
        fields = {name: value for name, value in step.items() if name not in ("day", "by", "do")}
        try:
            command = self.origins.command(kind, fields)
        except origins.DemoKeyError as error:
            raise DemoDataError(str(error)) from None
        role = self.roles.get(str(who))
        with clock_set_to(lambda: moment):
            receipt = self.pilots.execute(
                command, self.person(who), submission=submission, role=role
            )
        try:
            self.origins.keep(step.get("key"), receipt)
        except origins.DemoKeyError as error:
            raise DemoDataError(str(error)) from None

    def pilot(self, key: str) -> UUID:
        if key not in self.entered:
            raise DemoDataError(f"no pilot {key!r} was registered by then")
        return self.entered[key].id

    def command(self, kind: type[c.Command], fields: dict[str, Any], pilot: Pilot | None) -> Any:
        """The command, from the step's fields as a person would type them."""
        fields.update({n: self.person(fields[n]) for n in PEOPLE_FIELDS if n in fields})
        for action in fields.get("actions", ()):
            if isinstance(action, dict) and "owner" in action:
                action["owner"] = self.person(action["owner"])
        for name, answer in (("predictions", "prediction"), ("results", "result")):
            if isinstance(fields.get(name), dict):
                fields[name] = [{"question": q, answer: a} for q, a in fields[name].items()]
        if kind is c.RecordPoints and "values" in fields:
            fields["points"] = _series(fields)
        if kind is c.RegisterPilot:  # the idea it tests and the framing question, by their keys
            try:
                fields = self.origins.named(kind, fields)
            except origins.DemoKeyError as error:
                raise DemoDataError(str(error)) from None
        known = {field.name for field in dataclasses.fields(kind)}
        if pilot is not None:
            fields["pilot_id"] = pilot.id
            questions = {q.text: q.id for q in pilot.questions.values()}
            actions = {a.text: a.id for s in pilot.question_sets.values() for a in s.actions}
            reflections = {r.text: r.id for r in pilot.reflections.values() if r.text}
            measures = {m.name: m.id for m in pilot.measures.values()}
            if kind is c.PlanCycle and isinstance(fields.get("measures"), dict):
                if unknown := sorted(set(fields["measures"]) - set(measures)):
                    raise DemoDataError(f"no measure {unknown[0]!r} was defined at this pilot")
                fields["measures"] = [
                    {"measure_id": measures[name], "prediction": text}
                    for name, text in fields["measures"].items()
                ]
            shorthands = (
                ("question", questions, "raised at this pilot's sets"),
                ("action", actions, "raised at this pilot's sets"),
                ("reflection", reflections, "recorded at this pilot"),
                ("measure", measures, "defined at this pilot"),
            )
            for name, named, where in shorthands:
                if f"{name}_id" in known and name in fields:
                    text = str(fields.pop(name))
                    if text not in named:
                        raise DemoDataError(f"no {name} {text!r} was {where}")
                    fields[f"{name}_id"] = named[text]
        unknown = sorted(set(fields) - known)
        if unknown:
            raise DemoDataError(f"{kind.__name__} has no field {', '.join(map(repr, unknown))}")
        return msgspec.convert(fields, kind)

    def person(self, key: object) -> UUID:
        if not isinstance(key, str) or key not in self.people:
            raise DemoDataError(f"{key!r} is not one of the [people]: {', '.join(self.people)}")
        return self.people[key]


def _series(fields: dict[str, Any]) -> list[dict[str, Any]]:
    """A measure's points in the compact form: `values` a number of days apart (`every`, 7
    unless given) from the day `from`, with `notes` by the ISO day they belong to."""
    first, every = fields.pop("from", None), fields.pop("every", 7)
    values, notes = fields.pop("values"), fields.pop("notes", {})
    if not (isinstance(first, date) and not isinstance(first, datetime)):
        raise DemoDataError("`values` need `from`, the day of the first one")
    if not (isinstance(every, int) and every > 0 and isinstance(values, list)):
        raise DemoDataError("`every` must be a whole number of days and `values` a list")
    days = [(first + timedelta(days=every * i)).isoformat() for i in range(len(values))]
    if not isinstance(notes, dict) or set(notes) - set(days):
        raise DemoDataError(f"`notes` must be a table by the days of the values: {days}")
    return [
        {"on": date.fromisoformat(on), "value": value, "note": notes.get(on, "")}
        for on, value in zip(days, values, strict=True)
    ]
