"""Search over ideas (every version), reflections, study notes and insights.

- `model`: the read model: documents with SQLite FTS5 or PostgreSQL full text beside them.
- `fold`: how each event changes the documents, folded over one batch in memory.
- `terms`: what a person types, made safe for the engines, and the snippets they give back.
- `queries`: the best-matching entries, and every document of a pilot.
"""
