"""The cross-pilot learning summary: its rows, the read model that keeps them, and the summary.

- `rows`: the kinds of row, and the changes (`Insert`, `Update`) an event makes to them.
- `summary`: the rows folded straight from the log up to a position, and the summary of them.
- `model`: the read model that keeps the same rows in `rm_learning_*` tables.
- `ideas`: ideas tried in several pilots; `scope`: what a reader narrows the summary to;
  `series`: the figures behind the learning charts.
"""
