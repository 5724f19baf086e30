"""The demo scenario of DOMAIN.md: a handful of pilots from the community's own programme, each
with cycles spread over weeks, reflections, question sets and a revised idea.

Events are stamped with a demo clock that walks forward through the spring, so timelines, cycle
lengths and "open for N days" read as they would in a real programme.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from uuid import UUID

from adapters.accounts import Accounts, GlobalRole
from domain.clock import clock_set_to
from domain.pilot.commands import (
    AddInsight,
    AssignRole,
    Conclude,
    Decide,
    NewAction,
    Pause,
    PlanCycle,
    RecordDo,
    RecordQuestionSet,
    RecordReflection,
    RecordStudy,
    RegisterPilot,
    ReportAction,
    ReviseIdea,
    SetQuestionStatus,
    StartCycle,
)
from domain.service import Pilots
from domain.values import Prediction, Result

NAVIGATE = "How might we make the ways we navigate Q purposeful and participatory?"
GROUPS = "How might we foster purposeful groups that develop connections and confidence?"
START = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

DEMO_PASSWORD = "pilots-demo-2026"  # noqa: S105 - printed for newcomers; demo data only
PEOPLE = [
    ("amara@demo.pilots", "Amara Okafor", GlobalRole.LEAD),
    ("ben@demo.pilots", "Ben Hughes", GlobalRole.LEAD),
    ("chen@demo.pilots", "Chen Li", GlobalRole.MEMBER),
    ("dev@demo.pilots", "Dev Patel", GlobalRole.MEMBER),
    ("eve@demo.pilots", "Eve Morgan", GlobalRole.READER),
    ("admin@demo.pilots", "Alex Admin", GlobalRole.ADMIN),
]


@dataclass
class Demo:
    pilots: Pilots
    people: dict[str, UUID]
    day: float = 0

    @contextmanager
    def on(self, day: float) -> Iterator[None]:
        """Everything in the block happens on that day of the programme, a minute apart."""
        self.day = day
        ticks = iter(range(10_000))
        moment: Callable[[], datetime] = lambda: START + timedelta(days=day, minutes=next(ticks))  # noqa: E731
        with clock_set_to(moment):
            yield


def seed(pilots: Pilots, accounts: Accounts) -> dict[str, str]:
    """Creates the demo accounts and pilots; returns the sign-in emails by name."""
    people = {}
    for email, name, role in PEOPLE:
        account = accounts.by_email(email) or accounts.add(email, name, role, DEMO_PASSWORD)
        people[name.split()[0].lower()] = account.id
    demo = Demo(pilots, people)
    story_circles(demo)
    navigator_questionnaire(demo)
    idea_postcards(demo)
    ten_minute_huddles(demo)
    carers_story_circles(demo)
    return {name: email for email, name, _ in PEOPLE}


def run_cycle(
    demo: Demo,
    pilot: UUID,
    lead: UUID,
    day: float,
    objective: str,
    plan: str,
    predictions: list[tuple[str, str, str]],
    happened: str,
    learning: str,
    surprises: str,
    decision: str,
    rationale: str,
    *,
    as_planned: bool = True,
    deviations: str = "",
    length: float = 14,
) -> int:
    """One whole PDSA cycle: plan and start on `day`, do a week in, study and act at the end."""
    with demo.on(day):
        receipt = demo.pilots.execute(
            PlanCycle(
                pilot,
                objective=objective,
                plan=plan,
                predictions=[Prediction(q, p) for q, p, _ in predictions],
            ),
            lead,
        )
        number = receipt.pilot.undecided_cycle.number  # type: ignore[union-attr]
        demo.pilots.execute(StartCycle(pilot, number=number), lead)
    with demo.on(day + length / 2):
        demo.pilots.execute(
            RecordDo(
                pilot,
                number=number,
                what_happened=happened,
                as_planned=as_planned,
                deviations=deviations,
            ),
            lead,
        )
    with demo.on(day + length):
        demo.pilots.execute(
            RecordStudy(
                pilot,
                number=number,
                learning=learning,
                surprises=surprises,
                results=[Result(q, r) for q, _, r in predictions],
            ),
            lead,
        )
        demo.pilots.execute(
            Decide(pilot, number=number, decision=decision, rationale=rationale), lead
        )
    return number


def story_circles(demo: Demo) -> None:
    amara, chen, dev = demo.people["amara"], demo.people["chen"], demo.people["dev"]
    with demo.on(0):
        pilot = demo.pilots.execute(
            RegisterPilot(
                title="Story-sharing circles",
                question=GROUPS,
                idea="Monthly online circles where members share a story of collaborating to "
                "spark change, hosted by a volunteer.",
                origin="Understanding phase: 40 stories gathered with appreciative inquiry; "
                "workshop principle 'start from what is already great'.",
                themes=["groups", "stories", "connection"],
            ),
            amara,
        ).pilot.id
        demo.pilots.execute(AssignRole(pilot, user=chen, role="member"), amara)
        demo.pilots.execute(AssignRole(pilot, user=dev, role="facilitator"), amara)
    run_cycle(
        demo,
        pilot,
        amara,
        1,
        "Test whether members will join an online story circle",
        "Invite 30 members from the spring newsletter; two evening sessions; Amara hosts.",
        [
            ("How many invited members take part?", "10 of 30", "6 of 30, and 4 of them stayed"),
            (
                "Do people feel more connected afterwards?",
                "Most say yes in the follow-up",
                "5 of 6 said yes; two asked for smaller groups",
            ),
        ],
        "Two sessions ran; the second had only two people because of the clocks changing.",
        "Stories travel best in small groups where people can see each other.",
        "People wanted to meet in person; the online format felt like another meeting.",
        "adapt",
        "Keep the stories, change the format: small, in person, facilitated.",
        as_planned=False,
        deviations="The second session moved a week later.",
    )
    with demo.on(16):
        demo.pilots.execute(
            ReviseIdea(
                pilot,
                idea="Fortnightly in-person circles of six, each with a trained "
                "facilitator, sharing stories of collaborating to spark change.",
                rationale="Cycle 1 showed that small, face-to-face groups build connection; online "
                "sessions felt like meetings.",
                prompted_by="Cycle 1 study",
            ),
            amara,
        )
        demo.pilots.execute(
            RecordReflection(
                pilot,
                kind="experience",
                cycle=1,
                text="I told a story about our carers' café for the first time and people "
                "leaned in.",
            ),
            chen,
        )
        demo.pilots.execute(
            RecordReflection(
                pilot,
                kind="observation",
                cycle=1,
                text="Cameras off meant the quiet people stayed quiet.",
            ),
            dev,
        )
        demo.pilots.execute(
            RecordReflection(
                pilot,
                kind="meaning",
                cycle=1,
                text="Connection needs presence, not just a slot in the diary.",
            ),
            amara,
        )
    with demo.on(17):
        receipt = demo.pilots.execute(
            RecordQuestionSet(
                pilot,
                held_on=date(2026, 3, 19),
                facilitator=dev,
                issue_holder=amara,
                questions=[
                    "What would make you want to come back to a circle?",
                    "How might the facilitator hand over to the group?",
                    "Did you enjoy hosting?",
                    "What is the smallest version of this worth testing next?",
                ],
                actions=[
                    NewAction("Find two venues that are free on weekday evenings", amara),
                    NewAction("Draft a one-page facilitator guide", dev),
                ],
            ),
            dev,
        )
        questions = next(iter(receipt.pilot.question_sets.values())).question_ids
        demo.pilots.execute(
            AddInsight(
                pilot,
                question_id=questions[0],
                text="A personal invitation matters more than the topic.",
            ),
            amara,
        )
        demo.pilots.execute(
            SetQuestionStatus(pilot, question_id=questions[0], status="answered"), amara
        )
        demo.pilots.execute(
            SetQuestionStatus(pilot, question_id=questions[1], status="explored"), amara
        )
    run_cycle(
        demo,
        pilot,
        amara,
        20,
        "Run two in-person circles of six with a facilitator",
        "Community centre and library, Thursday evenings; Dev facilitates; Chen co-hosts.",
        [
            (
                "Will six people come to each circle?",
                "Yes, with a personal invitation",
                "11 of 12 places were taken",
            ),
            (
                "Will someone offer to facilitate the next one?",
                "One person per circle",
                "Two volunteers, one from each circle",
            ),
        ],
        "Both circles ran in full; one ran 20 minutes over because nobody wanted to stop.",
        "A personal invitation and a small room make people stay and offer to help.",
        "Volunteers asked for the facilitator guide before we had written it.",
        "adopt",
        "Both predictions held; the format now spreads through volunteers.",
    )
    with demo.on(36):
        demo.pilots.execute(
            RecordReflection(
                pilot,
                kind="appreciation",
                cycle=2,
                text="Tell me about a time when a room went quiet in a "
                "good way: the second circle, when Sam finished.",
            ),
            chen,
        )
        demo.pilots.execute(
            RecordReflection(
                pilot,
                kind="next_step",
                cycle=2,
                text="Try circles run entirely by volunteers, with us only on call.",
            ),
            amara,
        )
        demo.pilots.execute(
            ReportAction(
                pilot,
                action_id=receipt.pilot.question_sets[next(iter(receipt.pilot.question_sets))]
                .actions[1]
                .id,
                report="Guide drafted and tested with both volunteers.",
            ),
            dev,
        )
    with demo.on(38):
        receipt = demo.pilots.execute(
            PlanCycle(
                pilot,
                objective="Hand two circles to volunteer facilitators",
                plan="Volunteers run circles 3 and 4; we attend only as guests.",
                predictions=[
                    Prediction("Will the circles run without us?", "Both will run"),
                    Prediction(
                        "Will the stories stay about collaboration?",
                        "Mostly, with some drift to complaints",
                    ),
                ],
            ),
            amara,
        )
        demo.pilots.execute(StartCycle(pilot, number=3), amara)


def navigator_questionnaire(demo: Demo) -> None:
    ben, dev = demo.people["ben"], demo.people["dev"]
    with demo.on(3):
        pilot = demo.pilots.execute(
            RegisterPilot(
                title="Navigator questionnaire",
                question=NAVIGATE,
                idea="A ten-question online questionnaire that points new members to a way of "
                "taking part.",
                origin="Co-creation workshop 2: 'nobody should have to guess where to start'.",
                themes=["navigation", "onboarding"],
            ),
            ben,
        ).pilot.id
        demo.pilots.execute(AssignRole(pilot, user=dev, role="member"), ben)
    run_cycle(
        demo,
        pilot,
        ben,
        4,
        "See whether new members finish the questionnaire",
        "Send to the 50 members who joined in February; Ben follows up by email.",
        [
            ("How many finish it?", "Half of them", "9 of 50 finished"),
            ("Do finishers take the suggested next step?", "Most do", "3 of 9 did"),
        ],
        "Most people stopped at question four, which asked about their job role.",
        "Ten questions is too many; the job-role question felt like a form.",
        "Several people replied by email instead, telling us what they wanted.",
        "adapt",
        "Cut to three questions and drop the job-role question.",
    )
    with demo.on(19):
        demo.pilots.execute(
            ReviseIdea(
                pilot,
                idea="Three questions, asked in a welcome call "
                "rather than a form, that point new members to a way in.",
                rationale="People answered a person, not a form.",
                prompted_by="Cycle 1: email replies",
            ),
            ben,
        )
    run_cycle(
        demo,
        pilot,
        ben,
        21,
        "Try a three-question welcome call",
        "Dev and Ben call 12 new members; ten minutes each.",
        [
            ("Will people take the call?", "8 of 12", "5 of 12 answered"),
            (
                "Will they join an activity afterwards?",
                "Half of those called",
                "2 of 5, both to story circles",
            ),
        ],
        "Calls were warm but hard to schedule; the follow-up fell through twice.",
        "The welcome matters, but a call costs more than this pilot can carry.",
        "Members who joined went to the story circles, which did the welcoming for us.",
        "abandon",
        "Fold the welcome into the story circles instead of running it apart.",
    )
    with demo.on(36):
        demo.pilots.execute(
            RecordReflection(
                pilot,
                kind="meaning",
                text="The best navigation was another member saying 'come with me'.",
            ),
            ben,
        )
        demo.pilots.execute(
            Conclude(
                pilot,
                outcome="abandoned",
                summary="The questionnaire is retired; new members are invited "
                "to story circles instead.",
            ),
            ben,
        )


def idea_postcards(demo: Demo) -> None:
    amara, chen = demo.people["amara"], demo.people["chen"]
    with demo.on(6):
        pilot = demo.pilots.execute(
            RegisterPilot(
                title="Idea postcards at events",
                question=NAVIGATE,
                idea="Members contribute an idea on a postcard at events, and see it answered "
                "within a month.",
                origin="Workshop output: 'make contributing an idea as easy as sending a "
                "postcard'.",
                themes=["ideas", "participation"],
            ),
            chen,
        ).pilot.id
        demo.pilots.execute(AssignRole(pilot, user=amara, role="member"), chen)
    run_cycle(
        demo,
        pilot,
        chen,
        7,
        "Collect postcards at the regional meeting",
        "A postcard stand by the coffee; Chen answers each card by the end of the month.",
        [
            ("How many ideas arrive?", "20", "34 postcards"),
            ("Are all of them answered within a month?", "Yes", "31 of 34"),
        ],
        "The stand was busy at lunch; three cards had no contact details.",
        "People give ideas freely when the ask is small and the answer is promised.",
        "Several ideas were about transport to events, which we had not asked about.",
        "adopt",
        "Both predictions held; add a contact line to the card.",
        length=21,
    )
    with demo.on(30):
        receipt = demo.pilots.execute(
            RecordQuestionSet(
                pilot,
                held_on=date(2026, 4, 1),
                issue_holder=chen,
                questions=[
                    "What happens to an idea after the postcard is answered?",
                    "Who else could answer the cards?",
                ],
            ),
            amara,
        )
        first = next(iter(receipt.pilot.questions))
        demo.pilots.execute(
            SetQuestionStatus(pilot, question_id=first, status="carried_forward"), chen
        )
        demo.pilots.execute(
            RecordReflection(
                pilot, kind="appreciation", text="Answering 31 cards by hand was tiring and lovely."
            ),
            chen,
        )
        demo.pilots.execute(
            Conclude(
                pilot, outcome="adopted", summary="Postcards are now at every regional event."
            ),
            chen,
        )


def ten_minute_huddles(demo: Demo) -> None:
    ben = demo.people["ben"]
    with demo.on(12):
        pilot = demo.pilots.execute(
            RegisterPilot(
                title="Ten-minute huddles",
                question=GROUPS,
                idea="A ten-minute group activity at the start of every regional meeting.",
                themes=["groups", "meetings"],
            ),
            ben,
        ).pilot.id
        demo.pilots.execute(
            PlanCycle(
                pilot,
                objective="Open one meeting with a ten-minute huddle",
                plan="May regional meeting; Ben leads; a single prompt on the screen.",
                predictions=[
                    Prediction("Will people join in?", "Most of the room"),
                    Prediction("Will the meeting still end on time?", "Yes"),
                ],
            ),
            ben,
        )
        demo.pilots.execute(StartCycle(pilot, number=1), ben)
    with demo.on(26):
        demo.pilots.execute(
            RecordDo(
                pilot,
                number=1,
                as_planned=False,
                deviations="The meeting moved online at short notice.",
                what_happened="The huddle ran online in breakout rooms.",
            ),
            ben,
        )
        demo.pilots.execute(
            Pause(pilot, reason="Regional meetings are paused for the summer."), ben
        )


def carers_story_circles(demo: Demo) -> None:
    """The circles' revised idea, tried with unpaid carers, reaching a different decision."""
    amara, chen, dev = demo.people["amara"], demo.people["chen"], demo.people["dev"]
    with demo.on(22):
        pilot = demo.pilots.execute(
            RegisterPilot(
                title="Carers' story circles",
                question=GROUPS,
                idea="Fortnightly in-person circles of six for unpaid carers, held at the carers' "
                "café with a trained facilitator, sharing stories of caring that spark change.",
                origin="Chen's story of the carers' café in the first story circle; 6 of the 40 "
                "Understanding-phase stories came from unpaid carers.",
                themes=["stories", "carers"],
            ),
            chen,
        ).pilot.id
        demo.pilots.execute(AssignRole(pilot, user=amara, role="member"), chen)
        demo.pilots.execute(AssignRole(pilot, user=dev, role="facilitator"), chen)
    run_cycle(
        demo,
        pilot,
        chen,
        23,
        "Test whether carers will come to a story circle at their own café",
        "Two circles in the café's opening hours, one on Friday afternoon and one on Tuesday; "
        "a café volunteer facilitates after a briefing from Dev; Chen invites 12 carers in person.",
        [
            (
                "Will six carers come to each circle?",
                "Yes, in the café's opening hours",
                "4 came to the first and 2 to the second; 5 could not leave the person "
                "they care for",
            ),
            (
                "Will carers share a story of caring that sparked change?",
                "Most will share one",
                "All shared a story, but of getting through the week; only one was about change",
            ),
            (
                "Will the café volunteer feel able to facilitate?",
                "Yes, after a briefing",
                "Yes, and she asked to run another",
            ),
        ],
        "The first circle ran with four carers. The second was cut short when a sitting "
        "service cancelled and both carers had to go home.",
        "A fixed slot every fortnight is one more appointment carers cannot promise; what they "
        "valued was the café itself and being listened to.",
        "Carers asked for practical tips more than for stories, and two asked whether they "
        "could bring the person they care for.",
        "abandon",
        "Carers cannot keep a fortnightly slot away from the person they care for, and the "
        "café already gives them what the circle offered. Stop the separate circle; bring "
        "carers' stories to the main story circles instead.",
        as_planned=False,
        deviations="The second circle lasted 40 minutes instead of 90.",
    )
    with demo.on(31):
        receipt = demo.pilots.execute(
            RecordQuestionSet(
                pilot,
                held_on=date(2026, 4, 2),
                facilitator=dev,
                issue_holder=chen,
                questions=[
                    "What did carers say they would need before they could come?",
                    "What might a circle look like if the person being cared for came too?",
                    "Who already listens to carers at the café?",
                    "What would you miss if the circle stopped tomorrow?",
                ],
                actions=[
                    NewAction("Ask the sitting service how much notice they need", chen),
                    NewAction(
                        "Ask the volunteer facilitators whether carers could join their circles",
                        amara,
                    ),
                ],
            ),
            dev,
        )
        questions = next(iter(receipt.pilot.question_sets.values())).question_ids
        demo.pilots.execute(
            AddInsight(
                pilot,
                question_id=questions[0],
                text="Cover for the person they care for, booked a week ahead.",
            ),
            chen,
        )
        demo.pilots.execute(
            SetQuestionStatus(pilot, question_id=questions[0], status="answered"), chen
        )
        demo.pilots.execute(
            SetQuestionStatus(pilot, question_id=questions[1], status="explored"), chen
        )
    with demo.on(38):
        demo.pilots.execute(
            RecordReflection(
                pilot,
                kind="experience",
                cycle=1,
                text="One carer said it was the first hour in a month that was about her; then her "
                "phone rang and she left.",
            ),
            chen,
        )
        demo.pilots.execute(
            RecordReflection(
                pilot,
                kind="observation",
                cycle=1,
                text="The carers talked more over tea before and after than in the circle itself.",
            ),
            amara,
        )
        demo.pilots.execute(
            RecordReflection(
                pilot,
                kind="meaning",
                cycle=1,
                text="For carers the café already is the circle; a format on top of it asks for "
                "time they do not have.",
            ),
            chen,
        )
        demo.pilots.execute(
            Conclude(
                pilot,
                outcome="abandoned",
                summary="The separate carers' circle is stopped; carers are welcomed into the "
                "volunteer-led story circles instead.",
            ),
            chen,
        )
