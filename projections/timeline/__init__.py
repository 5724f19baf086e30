"""The timeline: every entry of every pilot as a sentence a person reads.

- `sentences`: the wording of each event; change the timeline's wording here.
- `model`: the read model, which stores each sentence as a template with its people's ids.
- `queries`: a pilot's timeline and the latest entries across pilots (`timeline`, `recent`).
- `from_events`: the same timeline folded straight from a pilot's events; the reference the
  read model is tested against.
"""
