"""The cross-pilot learning summary: its rows, the read model that keeps them, and the summary.

- `rows`: the kinds of row; `changes`: how each event changes them (`Insert`, `Update`).
- `from_log`: the rows folded straight from the log up to a position; reports are built here.
- `model` and `tables`: the read model that keeps the same rows in `rm_learning_*` tables.
- `queries`: the rows a reader may read now, from the read model (or the log when no projector
  keeps it); rows about set meetings are filtered by the access read model, in SQL.
- `summary`: the summary from the rows and a reader's `scope`; `ideas`: ideas tried in several
  pilots; `series`: the figures behind the learning charts.
"""
