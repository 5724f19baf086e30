"""The question ledger: every question asked in a set meeting, its statuses and its insights.

- `model`: the read model's tables, and each batch written with one statement per change.
- `fold`: how each event changes the rows, folded over one batch in memory.
- `queries`: questions by status or pilot, and one question's history.
"""
