"""The demo's origins: the [[origins]] steps of `programme.toml` (stories, and a workshop with its
principles, framing questions and ideas), and the keys by which the programme names what they
record, so that later steps, and the pilots that test an idea, can name it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any
from uuid import UUID

import msgspec

from domain.origins import commands as c
from domain.origins import events
from domain.origins.story import handle as story_handle
from domain.origins.workshop import handle as workshop_handle
from domain.pilot.commands import Command
from domain.service import Receipt

# Every command to a story or a workshop, so that a new one needs no change here.
COMMANDS: dict[str, type[Command]] = {
    k.__name__: k
    for k in (c.RecordStory, c.CreateWorkshop, *story_handle.registry, *workshop_handle.registry)
    if k is not object
}
# Fields that name a record by its key, and the command's field that takes its id.
ONE = {"workshop": "workshop_id", "story": "story_id", "principle": "principle_id",
       "idea": "idea_id", "framing": "framing", "tests_idea": "tests_idea"}  # fmt: skip
MANY = ("stories", "principles", "ideas")
PEOPLE = {"told_by": False, "facilitators": True}  # a person, or a list of people


class DemoKeyError(ValueError):
    """A step names a record by a key no earlier step recorded, records one twice, or has a
    field its command does not."""


@dataclasses.dataclass
class Origins:
    """The ids of what the [[origins]] steps recorded, by their keys."""

    people: Callable[[object], UUID]
    pilots: Callable[[str], UUID]
    keys: dict[str, UUID] = dataclasses.field(default_factory=dict)

    def command(self, kind: type[Command], fields: dict[str, Any]) -> Any:
        """The command, with every key and person it names turned into an id."""
        fields = dict(fields)
        fields.pop("key", None)
        for name, many in PEOPLE.items():
            if name in fields:
                given = fields[name]
                fields[name] = [self.people(p) for p in given] if many else self.people(given)
        if "from_pilot" in fields:
            fields["from_pilot"] = self.pilots(str(fields["from_pilot"]))
        fields = self.named(kind, fields)
        unknown = sorted(set(fields) - {field.name for field in dataclasses.fields(kind)})
        if unknown:
            raise DemoKeyError(f"{kind.__name__} has no field {', '.join(map(repr, unknown))}")
        return msgspec.convert(fields, kind)

    def named(self, kind: type[Command], fields: dict[str, Any]) -> dict[str, Any]:
        """The fields, each key turned into the id it names (a pilot's `tests_idea` and
        `framing` too)."""
        known = {field.name for field in dataclasses.fields(kind)}
        for name, field in ONE.items():
            if name in fields and field in known:
                fields[field] = self.id(fields.pop(name))
        for name in MANY:
            if name in fields and name in known:
                fields[name] = [self.id(key) for key in fields[name]]
        return fields

    def id(self, key: object) -> UUID:
        if not isinstance(key, str) or key not in self.keys:
            raise DemoKeyError(f"no earlier [[origins]] step has the key {key!r}")
        return self.keys[key]

    def keep(self, key: object, receipt: Receipt) -> None:
        """Remembers what the step recorded under its key: the story or the workshop it made,
        or the output its last event brought into being."""
        if key is None:
            return
        if not isinstance(key, str) or key in self.keys:
            raise DemoKeyError(f"`key` must be a text no earlier step used, not {key!r}")
        last = receipt.events[-1]
        if isinstance(last, events.StoryRecorded | events.WorkshopCreated):
            self.keys[key] = receipt.record.id
            return
        made = [getattr(last, f) for f in MADE.get(type(last), ())]
        if not made:
            raise DemoKeyError(f"a {type(last).__name__} step records nothing a key could name")
        self.keys[key] = made[0]


# What each event brings into being, and the field that names it.
MADE: dict[type[Any], tuple[str, ...]] = {
    events.PrincipleRecorded: ("principle_id",),
    events.FramingRecorded: ("framing_id",),
    events.IdeaRecorded: ("idea_id",),
    events.IdeasMerged: ("idea_id",),
}
