"""Ideas and where they came from, and the co-creation map as its outline, in Markdown: every
entered word escaped (`render_md.inline`), as in the rest of the report."""

from __future__ import annotations

from projections.origins.answers import driver_of
from projections.origins.outline import Branch, outline
from projections.origins.sources import IdeaNote, IdeaSources
from projections.origins.wording import story_name
from projections.reports import origins_words as ow
from projections.reports.origins import OriginsPart
from projections.reports.render_md import inline, table

KINDS = {"framing": "Framing question", "principle": "Principle", "idea": "Idea", "pilot": "Pilot"}


def origins_markdown(part: OriginsPart) -> list[str]:
    """The section's paragraphs, then the map in words."""
    found = part.sources
    parts = [f"## {ow.TITLE}", ow.INTRO]
    names = _names(found)
    for question in found.framings:
        parts.append(f"### {inline(question.text)}")
        principles = [f"- **{inline(p.text)}** {inline(ow.fed_by(p))}" for p in question.principles]
        parts.append("\n".join(principles) or "_It draws on no principle yet._")
        parts.append(_ideas(question.ideas, names) or "_No idea serves it yet._")
    if found.other_ideas:
        parts += ["### Ideas that serve no framing question", _ideas(found.other_ideas, names)]
    if not found.framings and not found.other_ideas:
        parts.append(ow.NONE_YET)
    return [*parts, "### The co-creation map in words", *_outline(part)]


def _names(found: IdeaSources) -> dict[str, str]:
    ideas = [*(i for q in found.framings for i in q.ideas), *found.other_ideas]
    return {str(idea.id): idea.text for idea in ideas}


def _ideas(ideas: list[IdeaNote], names: dict[str, str]) -> str:
    if not ideas:
        return ""
    rows = [
        [inline(ow.idea_text(i, names)), *ow.counts(i),
         inline("; ".join(ow.pilot_words(p) for p in i.pilots)) or "none yet"]
        for i in ideas
    ]  # fmt: skip
    return table(ow.STANDING_HEAD, rows)


def _outline(part: OriginsPart) -> list[str]:
    shape = outline(driver_of(part.map))
    if shape.empty:
        return ["Nothing on the map yet."]
    lines: list[str] = []
    for branch in shape.framings:
        _branch(branch, 0, lines)
    if shape.unplaced:
        lines.append("- Under no framing question:")
        for branch in shape.unplaced:
            _branch(branch, 1, lines)
    return ["\n".join(lines)]


def _branch(branch: Branch, depth: int, lines: list[str]) -> None:
    node, pad = branch.node, "  " * depth
    said = f"{KINDS[node.kind]}: {node.text or ''}"
    if branch.again:
        lines.append(f"{pad}- {inline(said)} (listed in full above)")
        return
    lines.append(f"{pad}- {inline(' — '.join([said, ' '.join(branch.notes)]).rstrip(' —'))}")
    lines += [f"{pad}  - Story: {inline(story_name(story))}" for story in branch.stories]
    for child in branch.children:
        _branch(child, depth + 1, lines)
