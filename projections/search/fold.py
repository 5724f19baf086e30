"""How each event changes the search documents, folded over one batch in memory: a pilot's
ideas, study notes, reflections and insights; a story's title and text; a workshop's title,
principles, framing questions and ideas."""

from __future__ import annotations

from typing import NamedTuple
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod

from domain.origins import events as origins
from domain.pilot import events
from domain.values import Consent
from projections.search.audience import COMMUNITY, ENTRY, TEAM_STORY, UNKNOWN
from projections.search.terms import plain

# Which record a document of each kind is in, and so which page shows it; every other kind is
# a pilot's. A workshop's idea is `workshop_idea`, beside a pilot's own `idea`.
RECORD_OF = {
    "story": "story",
    "workshop": "workshop",
    "principle": "workshop",
    "framing": "workshop",
    "workshop_idea": "workshop",
}


class Document(NamedTuple):
    """One searchable text. `record` is the pilot, story or workshop it is in; `part` the
    reflection, insight or workshop output it is ('' for a pilot's own record and a story);
    `audience` who may read it (`projections.search.audience`), with a team story's teller and
    recorder; `position` the log position that first made it and `slot` which of that event's
    documents it is (a study makes three, a split up to ten)."""

    record: str
    part: str
    audience: str
    teller: str | None
    recorder: str | None
    kind: str
    text: str
    position: int
    slot: int = 0


class SearchFold:
    """One batch's documents by key; a later event in the batch replaces an earlier text.

    A withdrawn reflection's or story's documents (and a story's title) are dropped here and
    deleted by `forgotten` and `untitled`; replayed after the withdrawal, their events carry no
    text (crypto-shredded), so they make no document and a rebuild equals the live rows."""

    def __init__(self) -> None:
        self.documents: dict[str, Document] = {}
        self.titles: dict[str, str] = {}  # a pilot's, a story's or a workshop's
        self.forgotten: list[str] = []  # keys of documents withdrawn
        self.untitled: list[str] = []  # stories whose titles were withdrawn

    def add(self, key: str, new: Document) -> None:
        """A revised or corrected text keeps the rest of its document as first made, as the
        stored row keeps it (the upsert changes only the text), so a batch of any size gives
        the same rows."""
        earlier = self.documents.get(key)
        self.documents[key] = new if earlier is None else earlier._replace(text=new.text)

    def text(self, record: str, key: str, kind: str, text: str | None, position: int,
             part: str = "", audience: str = COMMUNITY, slot: int = 0) -> None:  # fmt: skip
        if text is None:  # withdrawn (crypto-shredded) since: nothing to find
            return
        document = Document(record, part, audience, None, None, kind, plain(text), position, slot)
        self.add(f"{record}/{key}", document)

    def forget(self, key: str) -> None:
        self.documents.pop(key, None)
        self.forgotten.append(key)

    @singledispatchmethod
    def event(self, event: events.Event, record: str, position: int) -> None:
        """Other events hold no text that is searched."""

    # -- a pilot's ----------------------------------------------------------------------------

    @event.register
    def _(self, event: events.Registered, pilot: str, position: int) -> None:
        self.titles[pilot] = event.title
        self.text(pilot, "idea/1", "idea", event.idea, position)

    @event.register
    def _(self, event: events.IdeaRevised, pilot: str, position: int) -> None:
        self.text(pilot, f"idea/{event.originator_version}", "idea", event.idea, position)

    @event.register
    def _(self, event: events.StudyRecorded, pilot: str, position: int) -> None:
        cycle = f"cycle/{event.number}"
        self.text(pilot, f"{cycle}/learning", "learning", event.learning, position)
        if event.surprises:
            self.text(pilot, f"{cycle}/surprises", "surprises", event.surprises, position, slot=1)
        results = "\n".join(f"{r.question}: {r.result}" for r in event.results)
        self.text(pilot, f"{cycle}/results", "results", results, position, slot=2)

    @event.register
    def _(self, event: events.ReflectionRecorded, pilot: str, position: int) -> None:
        part = str(event.reflection_id)
        self.text(pilot, f"reflection/{part}", "reflection", event.text, position, part, ENTRY)

    @event.register
    def _(self, event: events.InsightAdded, pilot: str, position: int) -> None:
        part = str(event.insight_id)
        self.text(pilot, f"insight/{part}", "insight", event.text, position, part, ENTRY)

    @event.register
    def _(self, event: events.EntryCorrected, pilot: str, position: int) -> None:
        kind, _, ref = event.entry.partition(":")
        if event.entry == "title" and event.text is not None:
            self.titles[pilot] = event.text
        elif kind in ("reflection", "insight"):
            part = str(UUID(ref))  # the id as the access model keys it
            self.text(pilot, f"{kind}/{part}", kind, event.text, position, part, ENTRY)
        elif kind == "cycle":
            number, _, field = ref.partition(":")
            if field in ("learning", "surprises"):
                slot = int(field == "surprises")
                self.text(pilot, f"cycle/{number}/{field}", field, event.text, position, slot=slot)

    @event.register
    def _(self, event: events.ReflectionWithdrawn, pilot: str, position: int) -> None:
        self.forget(f"{pilot}/reflection/{event.reflection_id}")  # its corrections share it

    # -- a story's: its title and text, one document read by those its consent allows -------------

    @event.register
    def _(self, event: origins.StoryRecorded, story: str, position: int) -> None:
        if event.text is None:
            return
        team = event.consent == Consent.TEAM
        teller = None if event.told_by is None else str(event.told_by)
        audience = TEAM_STORY if team else COMMUNITY
        self._story(story, event.title, event.text, position, audience, teller, str(event.actor))

    @event.register
    def _(self, event: origins.StoryRevised, story: str, position: int) -> None:
        """Only the words change: a story recorded in an earlier batch keeps its row's
        audience. Were that row missing, this one would be hidden (`UNKNOWN`), never shown."""
        if event.text is not None:
            self._story(story, event.title, event.text, position, UNKNOWN, None, None)

    def _story(self, story: str, title: str | None, text: str, position: int, audience: str,
               teller: str | None, recorder: str | None) -> None:  # fmt: skip
        self.titles[story] = title or ""
        words = plain("\n".join(t for t in (title, text) if t))
        document = Document(story, "", audience, teller, recorder, "story", words, position)
        self.add(f"{story}/story", document)

    @event.register
    def _(self, event: origins.StoryWithdrawn, story: str, position: int) -> None:
        self.forget(f"{story}/story")
        self.titles.pop(story, None)
        self.untitled.append(story)

    # -- a workshop's: its title and outputs, everyone's; a revision replaces the text ----------

    @event.register
    def _(self, event: origins.WorkshopCreated, workshop: str, position: int) -> None:
        self.titles[workshop] = event.title
        self.text(workshop, "workshop", "workshop", event.title, position)

    @event.register
    def _(self, event: origins.PrincipleRecorded | origins.PrincipleRevised, workshop: str,
          position: int) -> None:  # fmt: skip
        self._output(workshop, "principle", event.principle_id, event.text, position)

    @event.register
    def _(self, event: origins.FramingRecorded | origins.FramingRevised, workshop: str,
          position: int) -> None:  # fmt: skip
        self._output(workshop, "framing", event.framing_id, event.text, position)

    @event.register
    def _(self, event: origins.IdeaRecorded | origins.WorkshopIdeaRevised | origins.IdeasMerged,
          workshop: str, position: int) -> None:  # fmt: skip
        self._output(workshop, "workshop_idea", event.idea_id, event.text, position)

    @event.register
    def _(self, event: origins.IdeaSplit, workshop: str, position: int) -> None:
        for slot, part in enumerate(event.parts):
            self._output(workshop, "workshop_idea", part.idea_id, part.text, position, slot)

    def _output(self, workshop: str, kind: str, output: UUID, text: str, position: int,
                slot: int = 0) -> None:  # fmt: skip
        part = str(output)
        self.text(workshop, f"{kind}/{part}", kind, text, position, part, slot=slot)
