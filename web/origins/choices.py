"""The workshops' ideas and framing questions a new pilot may name, as the choices of the
registration form: ideas neither merged nor split (the others take no new pilots), each with
its workshop's title; and, for the pilot page, those a pilot names, with where to read them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.pilot import Pilot
from domain.service import Pilots
from web.origins.catalogue import workshops


def origin_choices(pilots: Pilots) -> dict[str, Any]:
    """`ideas` and `framings` as (value, text) pairs, each led by the choice of none."""
    ideas, framings = [("", "None")], [("", "None")]
    for workshop in workshops(pilots):
        ideas += [(str(i.id), f"{i.text} ({workshop.title})") for i in workshop.ideas.values()
                  if not i.superseded]  # fmt: skip
        framings += [(str(f.id), f"{f.text} ({workshop.title})")
                     for f in workshop.framings.values()]  # fmt: skip
    return {"ideas": ideas, "framings": framings}


def named_by(pilots: Pilots, pilot: Pilot) -> list[tuple[str, str, str]]:
    """What the pilot names: (what it is to the pilot, its text, its place on the workshop's
    page), for the idea it tests and the framing question it serves."""
    found = []
    for label, output_id, kind in (
        ("Tests the workshop idea", pilot.tests_idea, "idea"),
        ("Serves the framing question", pilot.framing, "framing"),
    ):
        text, where = _located(pilots, output_id, kind)
        if text:
            found.append((label, text, where))
    return found


def _located(pilots: Pilots, output_id: UUID | None, kind: str) -> tuple[str, str]:
    workshop = None if output_id is None else pilots.workshop_holding(output_id)
    if workshop is None or output_id is None:
        return "", ""
    outputs = workshop.ideas if kind == "idea" else workshop.framings
    return outputs[output_id].text, f"/workshops/{workshop.id}#{kind}-{output_id}"
