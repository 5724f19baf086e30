"""The catalogue of the events of stories and workshops: what each says, and what it changes.

Stored events outlive the code: each keeps a stable topic, `origins:` and its name, and a new
shape is a new `class_version` with an upcaster. They share the log with the pilots' events
(one application, `domain.service.Pilots`); every event names its actor and its submission.

- `stories`: `StoryRecorded`, `StoryRevised`, `StoryWithdrawn`. A story's text, title and the
  name of a teller without an account are withdrawable (`domain.consent`).
- `workshops`: `WorkshopCreated`, `FacilitatorAdded`, `PrincipleRecorded`, `PrincipleRevised`,
  `FramingRecorded`, `FramingRevised`, `IdeaRecorded`, `WorkshopIdeaRevised`, `IdeasMerged`,
  `IdeaSplit`.
"""

from domain.origins.events.base import Created, Event
from domain.origins.events.stories import StoryRecorded, StoryRevised, StoryWithdrawn
from domain.origins.events.workshops import (
    FacilitatorAdded,
    FramingRecorded,
    FramingRevised,
    IdeaRecorded,
    IdeasMerged,
    IdeaSplit,
    PrincipleRecorded,
    PrincipleRevised,
    WorkshopCreated,
    WorkshopIdeaRevised,
)
from domain.records import register_topics

__all__ = [
    "Created",
    "Event",
    "FacilitatorAdded",
    "FramingRecorded",
    "FramingRevised",
    "IdeaRecorded",
    "IdeaSplit",
    "IdeasMerged",
    "PrincipleRecorded",
    "PrincipleRevised",
    "StoryRecorded",
    "StoryRevised",
    "StoryWithdrawn",
    "WorkshopCreated",
    "WorkshopIdeaRevised",
]

# Every event by its stored topic (`Created` too, though only a base class), registered.
TOPICS = register_topics(list(globals().values()), Event)
