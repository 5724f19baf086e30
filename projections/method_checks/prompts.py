"""The method checks, read from the facts the method-checks model keeps, each as a gentle prompt.

A check applies once there is something to look at: a pilot with no cycle that reached Do is not
asked about reflections. A check that holds still says so, so a page can show what went well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.values import Decision
from projections.wording import plural

# A question still open this many days after its set met is due a second look.
REVISIT_DAYS = 14
LABELS = {
    "predictions_locked": "Predictions made before Do",
    "decisions_carried": "Decisions carried forward",
    "reflections": "A reflection on each cycle",
    "questions_revisited": "Open questions revisited",
}
# What each check says when it holds.
HELD = {
    "predictions_locked": "Every cycle that reached Do had its predictions locked when it started.",
    "decisions_carried": "Every decision has a rationale and was carried into what came next.",
    "reflections": "Every cycle that reached Do has a reflection.",
    "questions_revisited": (
        f"No open question has waited {REVISIT_DAYS} days or more for a second look."
    ),
}


@dataclass
class CycleFacts:
    pilot_id: str
    number: int
    started: int = 0
    reached_do: int = 0
    locked: int = 1  # started before Do, and its predictions unchanged from the start on
    decision: str | None = None
    rationale: int = 0
    followed: int = 0
    reflected: int = 0


@dataclass(frozen=True)
class QuestionFacts:
    held_on: date
    still_open: bool


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    prompt: str

    @property
    def label(self) -> str:
        return LABELS[self.name]


def checks(
    cycles: list[CycleFacts], questions: list[QuestionFacts], last_on: date | None
) -> list[Check]:
    """The checks that apply, in the order of LABELS."""
    prompts: dict[str, str | None] = {}  # each check's prompt, None where it holds
    tried = [c for c in cycles if c.reached_do]
    decided = [c for c in cycles if c.decision is not None]
    if tried:
        prompts["predictions_locked"] = _predictions_locked(tried)
    if decided:
        prompts["decisions_carried"] = _decisions_carried(decided)
    if tried:
        prompts["reflections"] = _reflections(tried)
    if questions and last_on is not None:
        prompts["questions_revisited"] = _questions_revisited(questions, last_on)
    return [Check(name, prompt is None, prompt or HELD[name]) for name, prompt in prompts.items()]


def _predictions_locked(tried: list[CycleFacts]) -> str | None:
    loose = [c.number for c in tried if not c.locked]
    if not loose:
        return None
    return (
        f"{_cycles(loose)} reached Do without predictions locked at the start. "
        "Next time, what do you expect to happen before you try it?"
    )


def _decisions_carried(decided: list[CycleFacts]) -> str | None:
    prompts = []
    for c in decided:
        if not c.rationale:
            prompts.append(f"Cycle {c.number} was decided without a rationale: why {c.decision}?")
        elif c.followed:
            continue
        elif c.decision == Decision.ABANDON:
            prompts.append(f"Cycle {c.number} was abandoned. Will you revise the idea, or "
                           "conclude the pilot with what it taught?")  # fmt: skip
        else:
            prompts.append(f"Cycle {c.number} was decided ({c.decision}). What will the next "
                           "cycle, or a revised idea, carry forward?")  # fmt: skip
    return " ".join(prompts) or None


def _reflections(tried: list[CycleFacts]) -> str | None:
    missing = [c.number for c in tried if not c.reflected]
    if not missing:
        return None
    verb = "has" if len(missing) == 1 else "have"
    return f"{_cycles(missing)} {verb} no reflection yet: what did you notice?"


def _questions_revisited(questions: list[QuestionFacts], last_on: date) -> str | None:
    ages = [(last_on - q.held_on).days for q in questions if q.still_open]
    waiting = [age for age in ages if age >= REVISIT_DAYS]
    if not waiting:
        return None
    verb = "is" if len(waiting) == 1 else "are"
    return (
        f"{plural(len(waiting), 'question')} {verb} still open up to {max(waiting)} days after "
        "the set met. Could the next set meeting revisit them?"
    )


def _cycles(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"Cycle {numbers[0]}"
    return f"Cycles {', '.join(map(str, numbers[:-1]))} and {numbers[-1]}"
