"""Read models built from the event log, and the engine that keeps them current.

- `engine/`: what a read model is, the SQL of each dialect, the runner and its parts, and the
  row helpers models share. It also says which dispatch idiom every fold uses, and why.
- One package per read model: `pilot_index/`, `timeline/`, `question_ledger/`, `search/`,
  `learning/` and `method_checks/`. Each holds its `model` (the `ReadModel`: its tables, and how
  a batch is written), how each event changes its rows (`fold`; the timeline's `sentences`, the
  learning summary's `changes`), its `queries`, and its wording (the timeline's `sentences`,
  the method checks' `prompts`). Its `__init__` lists its modules.
- `audit/`: what auditors read straight from a pilot's events or aggregate, kept by no read
  model: the idea's history with word diffs, and what changed between two versions.
- `reports/`: learning reports, built from the log at a stamp, never from live tables.
- `registry`: the read models the runner keeps current; `wording`: words they all say alike;
  `reads`: how an answer (a report's, or the API's) restates a record's own fields.
"""
