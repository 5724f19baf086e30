"""A programme report stamped where the read models stand is read from their tables, not folded
from the whole log, and gives the same bytes as the fold at that stamp, for either audience
(the first build on a large programme then takes the time of a read, not of a fold)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.settings import Settings, parse_database_url
from adapters.store import open_pilots
from domain.pilot.visibility import Reader
from projections.access.model import AccessModel
from projections.engine.runner import Projector
from projections.engine.views import open_views
from projections.learning.from_log import head
from projections.learning.model import LearningModel
from projections.learning.queries import kept_rows, settled_position
from projections.origins.model import OriginsModel
from projections.reports.origins import kept_origins
from projections.reports.programme_report import ProgrammeReport, programme_report
from projections.reports.render import rendered
from projections.timeline.model import TimelineModel
from tests.origins_builders import Programme as OriginsProgramme
from tests.origins_builders import drawn
from tests.origins_builders import tell_programme as tell_origins
from tests.readmodels.story import tell
from tests.reports.programmes import Programme, small_programme

AUDIENCES = (Reader.community(), Reader.team())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.integers(0, 40), st.integers(0, 40))
def test_the_report_read_from_the_tables_is_the_report_folded_from_the_log(
    data: Any, steps: int, origins: int
) -> None:
    """Over random visibilities, sharing, withdrawals and people leaving teams; and stories
    (told for the team or the community, revised, withdrawn), workshops' principles, framing
    questions and ideas (revised, merged, split), and pilots testing them to decisions."""
    pilots, _ = tell(data.draw, steps)
    told = tell_origins(drawn(data.draw), origins, pilots)
    projector = Projector(pilots, open_views(parse_database_url("memory://")),
                          [AccessModel(), LearningModel(), OriginsModel()])  # fmt: skip
    try:
        at = settled_position(projector)
        assert at == head(pilots)
        assert kept_origins(projector, at) is not None
        for audience in AUDIENCES:
            assert kept_rows(projector, at, reader=audience) is not None
            from_tables = programme_report(pilots, at, audience, projector=projector)
            folded = programme_report(pilots, at, audience)
            assert rendered(from_tables) == rendered(folded)
            _no_words_beyond_the_community(told, from_tables)
    finally:
        projector.views.close()
        pilots.close()


def _no_words_beyond_the_community(told: OriginsProgramme, report: ProgrammeReport) -> None:
    """No story told for the programme team, and no withdrawn story, lends the report words."""
    assert report.origins is not None
    sources = report.origins.sources
    named = {s.id for q in sources.framings for p in q.principles for s in p.told}
    nodes = {n.id: n for n in report.origins.map.nodes if n.kind == "story"}
    for story_id in told.made["story"]:
        story = told.app.story(story_id)
        if story.consent != "community" or story.withdrawn_on is not None:
            assert story_id not in named
            assert story_id not in nodes or nodes[story_id].text is None
            assert story.consent == "community" or story_id not in nodes


def test_tables_that_stand_elsewhere_are_not_read(store_settings: Settings) -> None:
    """On SQLite and PostgreSQL: an older stamp, or tables the projector does not keep
    together, leave the report to the fold."""
    pilots = open_pilots(store_settings)
    views = open_views(store_settings)
    try:
        small = small_programme(pilots)
        earlier = head(pilots)
        (lead,) = pilots.pilot(small.a).team
        Programme(pilots, lead).cycle(small.a, 32, 33, "abandon")
        projector = Projector(pilots, views, [AccessModel(), LearningModel(), TimelineModel()])
        at = settled_position(projector)
        assert at == head(pilots) > earlier
        community = Reader.community()
        assert kept_rows(projector, at, reader=community) is not None
        assert kept_rows(projector, earlier, reader=community) is None
        assert rendered(programme_report(pilots, earlier, projector=projector)) == rendered(
            programme_report(pilots, earlier)
        )
        alone = Projector(pilots, views, [LearningModel()])
        assert settled_position(alone) is None
        assert kept_rows(alone, at, reader=community) is None
    finally:
        views.close()
        pilots.close()
