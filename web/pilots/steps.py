"""The next steps a pilot offers the person looking at it: links to the forms that make sense
for its state now, and none for someone who cannot write to it."""

from __future__ import annotations

from dataclasses import dataclass

from domain.pilot import Pilot
from domain.values import PilotStatus, Role, Stage

# The step each stage of an undecided cycle waits for: (form, what the person does next).
STAGE_STEPS = {
    Stage.PLANNED: ("start", "Start cycle {n}: this locks its predictions"),
    Stage.STARTED: ("do", "Record what happened in cycle {n}"),
    Stage.DONE: ("study", "Study cycle {n}: set each result against its prediction"),
    Stage.STUDIED: ("act", "Decide cycle {n}: adopt, adapt or abandon"),
}


@dataclass(frozen=True)
class Step:
    text: str
    href: str


def cycle_form(pilot: Pilot) -> str | None:
    """The one cycle form that fits now: plan, start, do, study or act (or none)."""
    cycle = pilot.undecided_cycle
    active = pilot.status == PilotStatus.ACTIVE
    if cycle is None:
        return "plan" if active else None
    if cycle.stage == Stage.PLANNED and not active:
        return None
    return STAGE_STEPS[cycle.stage][0]


def next_steps(pilot: Pilot, role: Role | None) -> tuple[Step, ...]:
    """Links to the forms that make sense now; none for someone who cannot write."""
    if role is None:
        return ()
    steps: list[Step] = []
    form, cycle = cycle_form(pilot), pilot.undecided_cycle
    if form == "plan":
        steps.append(Step(f"Plan cycle {len(pilot.cycles) + 1}", "#plan"))
    elif form is not None and cycle is not None:
        steps.append(Step(STAGE_STEPS[cycle.stage][1].format(n=cycle.number), f"#{form}"))
    steps += [
        Step("Record a reflection", "#reflection"),
        Step("Record a question set", "#question-set"),
    ]
    if any(not action.report for s in pilot.question_sets.values() for action in s.actions):
        steps.append(Step("Report back on committed actions", "#question-sets"))
    steps.append(Step("Revise the idea", "#revise"))
    steps.append(Step("Correct an entry", "#correct"))
    if role == Role.LEAD:
        steps.append(Step("Add someone to the team", "#member"))
    if pilot.status == PilotStatus.ACTIVE:
        steps.append(Step("Pause the pilot", "#pause"))
    elif pilot.status == PilotStatus.PAUSED:
        steps.append(Step("Resume the pilot", "#resume"))
    if pilot.status != PilotStatus.CONCLUDED:
        steps.append(Step("Conclude the pilot", "#conclude"))
    return tuple(steps)
