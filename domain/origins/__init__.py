"""Where ideas come from: stories, and workshops with their principles, framing questions and
ideas. Two aggregates, each its own stream in the pilots' log.

Importing the package registers every command's handler: `story` and `workshop` define the
aggregates and their dispatch; `stories`, `outputs` and `ideas` add the handlers.
"""

from domain.origins import ideas, outputs, stories
from domain.origins.access import may_read_story
from domain.origins.story import Story
from domain.origins.workshop import Workshop

__all__ = ["Story", "Workshop", "ideas", "may_read_story", "outputs", "stories"]
