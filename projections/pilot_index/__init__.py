"""The pilot index: one row per pilot with what the pilot list shows.

- `model`: the read model's tables, and a batch loaded, folded and written back once per pilot.
- `fold`: a pilot's row while a batch is applied, and how each event changes it.
- `queries`: the pilot list, narrowed by status and theme (`pilots_for`).
- `from_log`: the same list folded from the whole log; the reference the index is tested against.
"""
