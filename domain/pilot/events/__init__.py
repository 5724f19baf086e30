"""The catalogue of a pilot's events: what each says, and what it changes in the pilot.

Stored events outlive the code: each keeps a stable topic, `pilots:` and its name, and a new
shape is a new `class_version` with an upcaster. `evolve` runs again on every replay, so it only
changes state; anything computed is computed by the handler. Every event names its actor and its
submission (`base`).

- `framing`: `Registered`, `IdeaRevised` (v2: what prompted it), `Paused`, `Resumed`,
  `Concluded`.
- `team`: `RoleAssigned`, `MemberRemoved`.
- `cycles`: `CyclePlanned`, `PredictionsRevised`, `CycleStarted`, `DoRecorded`,
  `StudyRecorded`, `CycleDecided`.
- `measures`: `MeasureDefined`, `PointsRecorded`, `PointCorrected`, `PhaseStarted`; and
  `CyclePlanned` and `PredictionsRevised` (v2) carry measure predictions.
- `entries`: `ReflectionRecorded` (v2: visibility), `ReflectionVisibilityChanged`,
  `ReflectionWithdrawn`, `QuestionSetRecorded` (v2: people without accounts; v3: visibility),
  `QuestionSetVisibilityChanged`, `InsightAdded`, `QuestionStatusChanged`, `ActionReported`,
  `EntryCorrected` (v2: the earlier text).

A reflection's text, and the text of every correction of it, is withdrawable
(`domain.consent`): storage keeps it sealed under the reflection's own key.
"""

from domain.pilot.events.base import SUBMISSIONS_KEPT, Created, Event
from domain.pilot.events.cycles import (
    CycleDecided,
    CyclePlanned,
    CycleStarted,
    DoRecorded,
    PredictionsRevised,
    StudyRecorded,
)
from domain.pilot.events.entries import (
    ActionReported,
    EntryCorrected,
    InsightAdded,
    QuestionSetRecorded,
    QuestionSetVisibilityChanged,
    QuestionStatusChanged,
    ReflectionRecorded,
    ReflectionVisibilityChanged,
    ReflectionWithdrawn,
)
from domain.pilot.events.framing import Concluded, IdeaRevised, Paused, Registered, Resumed
from domain.pilot.events.measures import (
    MeasureDefined,
    PhaseStarted,
    PointCorrected,
    PointsRecorded,
)
from domain.pilot.events.team import MemberRemoved, RoleAssigned
from domain.records import register_topics

__all__ = [
    "SUBMISSIONS_KEPT",
    "ActionReported",
    "Concluded",
    "Created",
    "CycleDecided",
    "CyclePlanned",
    "CycleStarted",
    "DoRecorded",
    "EntryCorrected",
    "Event",
    "IdeaRevised",
    "InsightAdded",
    "MeasureDefined",
    "MemberRemoved",
    "Paused",
    "PhaseStarted",
    "PointCorrected",
    "PointsRecorded",
    "PredictionsRevised",
    "QuestionSetRecorded",
    "QuestionSetVisibilityChanged",
    "QuestionStatusChanged",
    "ReflectionRecorded",
    "ReflectionVisibilityChanged",
    "ReflectionWithdrawn",
    "Registered",
    "Resumed",
    "RoleAssigned",
    "StudyRecorded",
]

# Every event by its stored topic (`Created` too, though only a base class), registered.
TOPICS = register_topics(list(globals().values()), Event)
