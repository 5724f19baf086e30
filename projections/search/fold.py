"""How each event changes the search documents, folded over one batch in memory."""

from __future__ import annotations

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import events
from projections.search.terms import plain


class SearchFold:
    """One batch's documents by key; a later event in the batch replaces an earlier text."""

    def __init__(self) -> None:
        self.documents: dict[str, tuple[str, str, str, int]] = {}
        self.titles: dict[str, str] = {}

    def add(self, key: str, pilot: str, kind: str, text: str, position: int) -> None:
        self.documents[f"{pilot}/{key}"] = (pilot, kind, plain(text), position)

    @singledispatchmethod
    def event(self, event: events.Event, pilot: str, position: int) -> None:
        """Other events hold no text that is searched."""

    @event.register
    def _(self, event: events.Registered, pilot: str, position: int) -> None:
        self.titles[pilot] = event.title
        self.add("idea/1", pilot, "idea", event.idea, position)

    @event.register
    def _(self, event: events.IdeaRevised, pilot: str, position: int) -> None:
        self.add(f"idea/{event.originator_version}", pilot, "idea", event.idea, position)

    @event.register
    def _(self, event: events.StudyRecorded, pilot: str, position: int) -> None:
        cycle = f"cycle/{event.number}"
        self.add(f"{cycle}/learning", pilot, "learning", event.learning, position)
        if event.surprises:
            self.add(f"{cycle}/surprises", pilot, "surprises", event.surprises, position)
        results = "\n".join(f"{r.question}: {r.result}" for r in event.results)
        self.add(f"{cycle}/results", pilot, "results", results, position)

    @event.register
    def _(self, event: events.ReflectionRecorded, pilot: str, position: int) -> None:
        self.add(f"reflection/{event.reflection_id}", pilot, "reflection", event.text, position)

    @event.register
    def _(self, event: events.InsightAdded, pilot: str, position: int) -> None:
        self.add(f"insight/{event.insight_id}", pilot, "insight", event.text, position)

    @event.register
    def _(self, event: events.EntryCorrected, pilot: str, position: int) -> None:
        kind, _, ref = event.entry.partition(":")
        if event.entry == "title":
            self.titles[pilot] = event.text
        elif kind in ("reflection", "insight"):
            self.add(f"{kind}/{ref}", pilot, kind, event.text, position)
        elif kind == "cycle":
            number, _, field = ref.partition(":")
            if field in ("learning", "surprises"):
                self.add(f"cycle/{number}/{field}", pilot, field, event.text, position)
