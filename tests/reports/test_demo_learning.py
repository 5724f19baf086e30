"""The demo scenario (`pilots demo`) makes the cross-pilot learning summary meaningful, built as
`pilots demo` builds it: into a fresh SQLite store."""

from __future__ import annotations

from adapters.bootstrap import bootstrap
from adapters.demo import seed
from adapters.settings import parse_database_url
from domain.pilot.visibility import Reader
from projections.learning.from_log import rows_at
from projections.learning.summary import summarise


def test_the_demo_has_an_idea_tried_in_two_pilots_with_different_decisions(
    sqlite_url: str,
) -> None:
    services = bootstrap(parse_database_url(sqlite_url))
    try:
        seed(services.pilots, services.accounts)
        summary = summarise(rows_at(services.pilots, reader=Reader.community()))
    finally:
        services.close()

    across = [
        shared
        for shared in summary.shared_ideas
        if len({trial.pilot_id for trial in shared.trials}) >= 2
        and len({d for trial in shared.trials for d in trial.decisions}) >= 2
    ]
    assert across, "no idea in the demo was tried in two pilots with different decisions"
    tried = {trial.title: trial.decisions for shared in across for trial in shared.trials}
    assert tried["Story-sharing circles"] == ["adopt"]
    assert tried["Carers' story circles"] == ["abandon"]
    (stories,) = [shared for shared in across if shared.theme == "stories"]
    assert "stories" in stories.words  # as written, not the stem "storie"
