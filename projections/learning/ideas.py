"""Ideas tried in several pilots with different decisions.

The rule is kept simple enough to check by hand:
- A decided cycle tested its pilot's idea as it stood when the cycle was planned.
- An idea's words are its words of four letters or more, lower-cased, less a few common words,
  with a final "s" dropped, so "circles" and "circle" are one word.
- Two ideas are the same idea when their pilots share a theme and at least half of all the
  words of both ideas are shared (shared words / all words >= 0.5).
- Ideas joined that way, directly or through another, form a group, per theme. A group is
  reported when its ideas come from two or more pilots and their cycles reached two or more
  different decisions. A group already reported under an earlier theme (in alphabetical order)
  is not reported again.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from uuid import UUID

import msgspec

from projections.learning.rows import CycleRow, IdeaRow, PilotRow

SIMILAR = 0.5
# How many trials of a shared idea are shown; `trials_count` says how many there are.
TRIALS_SHOWN = 10
_WORD = re.compile(r"[^\W_]+")
_COMMON = frozenset({
    "about", "after", "also", "before", "each", "every", "from", "have", "into", "just", "more",
    "once", "only", "other", "over", "some", "than", "that", "their", "them", "then", "there",
    "these", "they", "this", "those", "very", "what", "when", "where", "which", "while", "will",
    "with", "would", "your",
})  # fmt: skip

Node = tuple[UUID, int]  # a pilot, and the version at which its idea took effect


class IdeaTrial(msgspec.Struct):
    pilot_id: UUID
    title: str
    idea: str
    decisions: list[str]


class SharedIdea(msgspec.Struct):
    """`words` are those that two or more of its trials share, as the first of them wrote
    each ("stories" and "story" are one word, shown as whichever came first). `trials` are
    the first `TRIALS_SHOWN`, by pilot title, of `trials_count`."""

    theme: str
    words: list[str]
    trials: list[IdeaTrial]
    trials_count: int = 0


def idea_words(idea: str) -> frozenset[str]:
    return frozenset(stem for stem, _ in _stemmed(idea))


def _stemmed(idea: str) -> Iterator[tuple[str, str]]:
    """Each word of the idea that counts, as (its stem, the word as written, lower-cased)."""
    for word in (w.casefold() for w in _WORD.findall(idea)):
        if len(word) >= 4 and word not in _COMMON:
            yield (word[:-1] if word.endswith("s") and len(word) > 4 else word), word


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) >= SIMILAR * len(a | b)


def shared_ideas(
    pilots: dict[UUID, PilotRow],
    ideas: Sequence[IdeaRow],
    decided: Iterable[CycleRow],
    theme: str | None,
) -> list[SharedIdea]:
    return [idea for _, idea in shared_groups(pilots, ideas, decided, theme)]


def shared_groups(
    pilots: dict[UUID, PilotRow],
    ideas: Sequence[IdeaRow],
    decided: Iterable[CycleRow],
    theme: str | None,
) -> list[tuple[list[Node], SharedIdea]]:
    """Each shared idea with its group: the pilots and versions whose ideas it joins."""
    texts = {(i.pilot_id, i.version): i.idea for i in ideas}
    versions: dict[UUID, list[int]] = defaultdict(list)
    for pilot_id, version in sorted(texts):
        versions[pilot_id].append(version)
    tried: dict[Node, list[str]] = defaultdict(list)
    for cycle in sorted(decided, key=lambda c: (c.pilot_id, c.number)):
        known = versions.get(cycle.pilot_id, [])
        at = bisect.bisect_right(known, cycle.planned_version)
        if at and cycle.decision is not None:
            tried[(cycle.pilot_id, known[at - 1])].append(cycle.decision)
    themes = sorted({t for p, _ in tried for t in pilots[p].themes if theme in (None, t)})
    found, seen = [], set()
    for each in themes:
        nodes = sorted(n for n in tried if each in pilots[n[0]].themes)
        for group in _groups(nodes, {n: idea_words(texts[n]) for n in nodes}):
            decisions = {d for n in group for d in tried[n]}
            if len({p for p, _ in group}) < 2 or len(decisions) < 2 or frozenset(group) in seen:
                continue
            seen.add(frozenset(group))
            found.append((group, _shared(each, group, pilots, texts, tried)))
    return found


def _groups(nodes: list[Node], words: dict[Node, frozenset[str]]) -> list[list[Node]]:
    """Nodes joined by similar ideas, each group in node order. Ideas with the same words are
    compared once, as one class, so a programme where many pilots share an idea stays quick."""
    classes: dict[frozenset[str], list[Node]] = defaultdict(list)
    for node in nodes:
        if words[node]:  # an idea with no words of its own is like no other
            classes[words[node]].append(node)
    keys = list(classes)  # in order of their first node, as `nodes` is sorted
    root = list(range(len(keys)))

    def find(k: int) -> int:
        while root[k] != k:
            root[k] = root[root[k]]
            k = root[k]
        return k

    having: dict[str, list[int]] = defaultdict(list)
    for k, key in enumerate(keys):
        for word in key:
            having[word].append(k)
    for k, key in enumerate(keys):
        for other in sorted({o for word in key for o in having[word] if o > k}):
            if similar(key, keys[other]):
                root[find(other)] = find(k)
    groups: dict[int, list[Node]] = defaultdict(list)
    for k, key in enumerate(keys):
        groups[find(k)].extend(classes[key])
    return sorted(sorted(group) for group in groups.values())


def _shared(
    theme: str,
    group: list[Node],
    pilots: dict[UUID, PilotRow],
    texts: dict[Node, str],
    tried: dict[Node, list[str]],
) -> SharedIdea:
    counts: dict[str, int] = defaultdict(int)
    written: dict[str, str] = {}  # a stem as its first idea wrote it: "stories", not "storie"
    for node in group:
        for stem, word in _stemmed(texts[node]):
            written.setdefault(stem, word)
        for stem in idea_words(texts[node]):
            counts[stem] += 1
    trials = [
        IdeaTrial(node[0], pilots[node[0]].title, texts[node], tried[node])
        for node in sorted(group, key=lambda n: (pilots[n[0]].title, n))
    ]
    words = sorted(written[w] for w, c in counts.items() if c >= 2)
    return SharedIdea(theme, words, trials[:TRIALS_SHOWN], len(trials))
