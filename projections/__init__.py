"""Read models built from the event log, and the engine that keeps them current.

- `engine/`: what a read model is (`base`), the SQL wrappers of each dialect, the runner, its
  tracking positions, rebuild claims, the background loop, rebuilds and the views store.
- one package per read model, each holding its `model` (the `ReadModel`: tables and how a batch
  is written), its `fold` (how each event changes the rows), its `queries`, and its wording:
  `pilot_index/`, `timeline/` (wording in `sentences`), `question_ledger/`, `search/`,
  `learning/` and `method_checks/` (wording in `prompts`).
- `audit/`: what auditors read straight from the events or aggregates: the idea's history with
  word diffs, and what changed between two versions of a pilot. No read model keeps these.
- `reports/`: learning reports, built from the log at a stamp, never from live tables.
- `registry`: the list of read models the runner keeps current.
"""
