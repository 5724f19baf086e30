"""Ideas and where they came from in HTML, with the co-creation map drawn on the server
(`origins.diagram.draw`) and said again as nested lists: for the programme report and for the
`/learning` page. Every entered word goes in through `Markup.format`, so it is escaped."""

from __future__ import annotations

from markupsafe import Markup

from projections.origins.diagram import draw
from projections.origins.driver import DriverMap
from projections.origins.outline import Branch, outline
from projections.origins.sources import (
    IdeaNote,
    IdeasBrief,
    IdeaSources,
    PilotNote,
    PrincipleNote,
    idea_counts,
)
from projections.origins.wording import story_name
from projections.reports import origins_words as ow
from projections.reports.render_html import h, join, pilot_link, table

KINDS = {"framing": "Framing question", "principle": "Principle", "idea": "Idea", "pilot": "Pilot"}


def origins_html(sources: IdeaSources, found: DriverMap, level: int, chart_id: str) -> Markup:
    """The section, headed at `level`, then the map and the map in words a level below.
    `chart_id` makes the diagram's ids unique on its page."""
    names = {str(i.id): i.text for q in sources.framings for i in q.ideas}
    names |= {str(i.id): i.text for i in sources.other_ideas}
    parts = [h(level, ow.TITLE), Markup("<p>{}</p>").format(ow.INTRO)]
    for question in sources.framings:
        parts += [
            h(level + 1, question.text),
            _principles(question.principles),
            _ideas(question.text, question.ideas, names) or Markup("<p>No idea serves it yet.</p>"),
        ]
    if sources.other_ideas:
        parts += [h(level + 1, "Ideas that serve no framing question"),
                  _ideas("no framing question", sources.other_ideas, names)]  # fmt: skip
    if not sources.framings and not sources.other_ideas:
        parts.append(Markup("<p>{}</p>").format(ow.NONE_YET))
    parts += [
        h(level + 1, "The co-creation map"),
        Markup('<figure class="map-figure">{}<figcaption>{}</figcaption></figure>').format(
            draw(found, chart_id), "The co-creation map as a driver diagram: framing questions, "
            "principles, ideas and the pilots that test them. The same in words follows."
        ),
        h(level + 1, "The co-creation map in words"),
        _outline(found),
    ]  # fmt: skip
    return Markup('<section class="origins">{}</section>').format(join(parts))


def _principles(principles: list[PrincipleNote]) -> Markup:
    if not principles:
        return Markup("<p>It draws on no principle yet.</p>")
    found = (
        Markup('<li><span class="entry">{}</span> <span class="muted">{}</span></li>').format(
            p.text, ow.fed_by(p)
        )
        for p in principles
    )
    return Markup('<ul class="entries" aria-label="Principles">{}</ul>').format(join(found))


def _ideas(question: str, ideas: list[IdeaNote], names: dict[str, str]) -> Markup:
    if not ideas:
        return Markup("")
    rows = (
        [ow.idea_text(i, names), *ow.counts(i),
         join(Markup("<div>{}</div>").format(_pilot(p)) for p in i.pilots) or "none yet"]
        for i in ideas
    )  # fmt: skip
    caption = f"The ideas serving {question}, and the pilots that test them"
    return table(caption, list(ow.STANDING_HEAD), rows)


def _pilot(pilot: PilotNote) -> Markup:
    said = ow.pilot_words(pilot)[len(pilot.title) :]
    return Markup("{}{}").format(pilot_link(pilot.id, pilot.title), said)


def _outline(found: DriverMap) -> Markup:
    shape = outline(found)
    if shape.empty:
        return Markup("<p>Nothing on the map yet.</p>")
    lists = [_list(shape.framings)] if shape.framings else []
    if shape.unplaced:
        lists += [Markup("<p>Under no framing question:</p>"), _list(shape.unplaced)]
    return join(lists)


def _list(branches: tuple[Branch, ...]) -> Markup:
    return Markup('<ul class="map-outline">{}</ul>').format(join(_branch(b) for b in branches))


def _branch(branch: Branch) -> Markup:
    node = branch.node
    said = Markup("{}: {}").format(KINDS[node.kind], node.text or "")
    if branch.again:
        return Markup('<li>{} <span class="muted">(listed in full above)</span></li>').format(said)
    notes = join(Markup(' <span class="muted">{}</span>').format(n) for n in branch.notes)
    stories = join(Markup("<li>Story: {}</li>").format(story_name(s)) for s in branch.stories)
    children = join(_branch(child) for child in branch.children)
    inner = [Markup("<ul>{}</ul>").format(join([stories, children]))] if stories or children else []
    return Markup("<li>{}{}{}</li>").format(said, notes, join(inner))


BRIEF_CAPTION = "Each framing question, what it draws on, and its ideas' pilots"
BRIEF_FEWER = "framing questions with the most pilots, what each draws on, and its ideas' pilots"
BRIEF_HEAD = ["Framing question", "Principles", "Stories", "Ideas", *ow.STANDING_HEAD[1:6]]
# A brief in outline (past `sources.MOST_IDEAS`) has hundreds of framing questions: a row each is
# about 330 bytes, near 200 KB for `huge`'s 600 of the page's 300 KB. The page lists the 25 with
# the most pilots testing their ideas (8 KB) and sends the reader to the map's index for all.
MOST_ROWS = 25


def brief_html(brief: IdeasBrief, records: int, level: int) -> Markup:
    """The section in brief, for a map too large to draw on the page: a row for each framing
    question, linking to its tree on the map's own page, with what it draws on and how the
    pilots testing its ideas stand. In outline, only the `MOST_ROWS` questions with the most
    pilots, and a link to the map's index for the rest."""
    questions = [(q, *idea_counts(q)) for q in brief.framings]
    if brief.outline:
        questions = sorted(questions, key=lambda found: -found[2].tested)[:MOST_ROWS]
    rows = ([Markup('<a href="/map?framing={}">{}</a>').format(q.id, q.text),
             str(q.principles), str(q.stories), str(ideas),
             *(str(getattr(standing, k)) for k in ow.STANDING_KEYS)]
            for q, ideas, standing in questions)  # fmt: skip
    others = len(brief.other_ideas)
    if brief.other_ideas_counted is not None:
        others = brief.other_ideas_counted.count
    said = ow.brief_intro(records, len(brief.framings), others, len(questions))
    left = len(brief.framings) - len(questions)
    caption = BRIEF_CAPTION if not left else f"The {len(questions)} {BRIEF_FEWER}"
    parts = [h(level, ow.TITLE), Markup("<p>{}</p>").format(said),
             table(caption, BRIEF_HEAD, rows)]  # fmt: skip
    if left:
        trees = "its tree" if left == 1 else "their trees"
        parts.append(Markup('<p><a href="/map">{}</a> on the map&#39;s index, with {}.</p>')
                     .format(ow.brief_more(left), trees))  # fmt: skip
    parts.append(Markup('<p><a href="/map">The co-creation map</a>, its framing questions listed '
                        "with their trees, and its history.</p>"))  # fmt: skip
    return Markup('<section class="origins">{}</section>').format(join(parts))
