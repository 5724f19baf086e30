"""A gentle hint for questions that look closed.

In an action-learning set, open questions (what, how, tell me about) help the issue holder think;
closed ones (did you, is it, don't you think) only check facts or carry advice. The hint is a
nudge shown to the facilitator, never a rule: nothing is refused because of it.
"""

from __future__ import annotations

import re

# Auxiliary verbs that open a yes/no question, and their negative forms, which often carry advice
# ("Wouldn't it be better to ...?").
_YES_NO_OPENERS = (
    "am", "is", "are", "was", "were", "do", "does", "did", "have", "has", "had",
    "can", "could", "will", "would", "shall", "should", "may", "might", "must",
    "isn't", "aren't", "wasn't", "weren't", "don't", "doesn't", "didn't", "haven't",
    "hasn't", "hadn't", "can't", "couldn't", "won't", "wouldn't", "shouldn't",
)  # fmt: skip
# Advice dressed as a question, even when it starts with an open word.
_ADVICE = re.compile(
    r"\b(have you (tried|thought about|considered)|why (don't|didn't|not|wouldn't) you"
    r"|what about (trying|doing)|you should|wouldn't it be)\b"
)
_OPEN_OPENERS = ("what", "how", "why", "who", "where", "when", "which", "tell", "describe")
_FIRST_WORD = re.compile(r"[a-z']+")


def looks_closed(question: str) -> bool:
    """True when the question is likely answered by yes or no, or is advice in disguise."""
    lowered = question.strip().lower().replace("\u2019", "'")
    if _ADVICE.search(lowered):
        return True
    first = _FIRST_WORD.match(lowered)
    if first is None:
        return False
    word = first.group(0)
    if word in _OPEN_OPENERS:
        return False
    return word in _YES_NO_OPENERS or (lowered.endswith("?") and " or " in lowered)


CLOSED_QUESTION_HINT = (
    "This looks like a closed question. An open one, such as \u201cWhat \u2026\u201d or "
    "\u201cHow \u2026\u201d, may help the issue holder explore further."
)
