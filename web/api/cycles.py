"""A pilot's PDSA cycles: plan one, then start (locking its predictions), do, study and act."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, Response
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody

from domain.values import Prediction, Result
from web.api.openapi import write_route
from web.api.reads import PilotRead
from web.api.replies import CycleRef, planned_cycle, the_pilot
from web.api.schemas import CyclePlan, DecisionIn, DoRecord, NoFields, StudyRecord
from web.api.writes import Write, answer, provide_write


class CycleController(Controller):
    path = "/pilots/{pilot_id:uuid}/cycles"
    tags = ["Cycles"]
    dependencies = {"write": Provide(provide_write)}

    @write_route("/", status_code=201)
    def plan(
        self, pilot_id: FromPath[UUID], data: JSONBody[CyclePlan], write: NamedDependency[Write]
    ) -> Response[CycleRef]:
        """Plans the next cycle: its objective, and a prediction for each question it tests."""
        predictions = [Prediction(p.question, p.prediction) for p in data.predictions]
        return answer(
            write,
            lambda w: w.services.pilots.plan_cycle(
                pilot_id,
                w.actor,
                objective=data.objective,
                predictions=predictions,
                plan=data.plan,
                **w.options,
            ),
            planned_cycle,
        )

    @write_route("/{number:int}/start")
    def start(
        self,
        pilot_id: FromPath[UUID],
        number: FromPath[int],
        write: NamedDependency[Write],
        data: JSONBody[NoFields | None] = None,
    ) -> Response[PilotRead]:
        """Starts a planned cycle; from now on its predictions cannot change."""
        return answer(
            write,
            lambda w: w.services.pilots.start_cycle(pilot_id, w.actor, number=number, **w.options),
            the_pilot,
        )

    @write_route("/{number:int}/do")
    def do(
        self,
        pilot_id: FromPath[UUID],
        number: FromPath[int],
        data: JSONBody[DoRecord],
        write: NamedDependency[Write],
    ) -> Response[PilotRead]:
        """Records what happened when the started cycle ran, and how it left the plan."""
        return answer(
            write,
            lambda w: w.services.pilots.record_do(
                pilot_id,
                w.actor,
                number=number,
                what_happened=data.what_happened,
                as_planned=data.as_planned,
                deviations=data.deviations,
                **w.options,
            ),
            the_pilot,
        )

    @write_route("/{number:int}/study")
    def study(
        self,
        pilot_id: FromPath[UUID],
        number: FromPath[int],
        data: JSONBody[StudyRecord],
        write: NamedDependency[Write],
    ) -> Response[PilotRead]:
        """Sets a result against every prediction, with the learning and any surprises."""
        results = [Result(r.question, r.result) for r in data.results]
        return answer(
            write,
            lambda w: w.services.pilots.record_study(
                pilot_id,
                w.actor,
                number=number,
                results=results,
                learning=data.learning,
                surprises=data.surprises,
                **w.options,
            ),
            the_pilot,
        )

    @write_route("/{number:int}/act")
    def act(
        self,
        pilot_id: FromPath[UUID],
        number: FromPath[int],
        data: JSONBody[DecisionIn],
        write: NamedDependency[Write],
    ) -> Response[PilotRead]:
        """Decides to adopt, adapt or abandon the change tested in a studied cycle."""
        return answer(
            write,
            lambda w: w.services.pilots.decide(
                pilot_id,
                w.actor,
                number=number,
                decision=data.decision,
                rationale=data.rationale,
                **w.options,
            ),
            the_pilot,
        )
