"""How each event changes the search documents, folded over one batch in memory."""

from __future__ import annotations

from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod

from domain.pilot import events
from projections.search.terms import plain

# (pilot, part, kind, text, position); part is '' for the pilot's own record, which all read
Document = tuple[str, str, str, str, int]


class SearchFold:
    """One batch's documents by key; a later event in the batch replaces an earlier text.

    Each document names the part it is about (a reflection or an insight), so a search asks
    the access model whether its reader may read it. A withdrawn reflection's documents are
    dropped here and deleted by `withdrawn`; replayed after the withdrawal, its events carry
    no text (crypto-shredded), so they make no document and a rebuild equals the live rows."""

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self.titles: dict[str, str] = {}
        self.withdrawn: list[tuple[str, str]] = []  # (pilot, reflection)

    def add(self, key: str, pilot: str, kind: str, text: str | None, position: int,
            part: str = "") -> None:  # fmt: skip
        """A corrected entry keeps its first position, as the stored row keeps it (the upsert
        changes only the text), so a batch of any size gives the same rows."""
        if text is None:  # withdrawn (crypto-shredded) since: nothing to find
            return
        earlier = self.documents.get(f"{pilot}/{key}")
        first = position if earlier is None else earlier[4]
        self.documents[f"{pilot}/{key}"] = (pilot, part, kind, plain(text), first)

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
        part = str(event.reflection_id)
        self.add(f"reflection/{part}", pilot, "reflection", event.text, position, part)

    @event.register
    def _(self, event: events.InsightAdded, pilot: str, position: int) -> None:
        part = str(event.insight_id)
        self.add(f"insight/{part}", pilot, "insight", event.text, position, part)

    @event.register
    def _(self, event: events.EntryCorrected, pilot: str, position: int) -> None:
        kind, _, ref = event.entry.partition(":")
        if event.entry == "title" and event.text is not None:
            self.titles[pilot] = event.text
        elif kind in ("reflection", "insight"):
            part = str(UUID(ref))  # the id as the access model keys it
            self.add(f"{kind}/{part}", pilot, kind, event.text, position, part)
        elif kind == "cycle":
            number, _, field = ref.partition(":")
            if field in ("learning", "surprises"):
                self.add(f"cycle/{number}/{field}", pilot, field, event.text, position)

    @event.register
    def _(self, event: events.ReflectionWithdrawn, pilot: str, position: int) -> None:
        part = str(event.reflection_id)
        self.documents.pop(f"{pilot}/reflection/{part}", None)  # its corrections share the key
        self.withdrawn.append((pilot, part))
