"""Search over a pilot's ideas (every version), reflections, study notes and insights, over
stories (title and text) and over workshops (title, principles, framing questions, ideas).

- `model`: the read model: documents with SQLite FTS5 or PostgreSQL full text beside them.
- `fold`: how each event changes the documents, folded over one batch in memory.
- `audience`: who may read a document, kept on its row, and the SQL condition that says so.
- `terms`: what a person types, made safe for the engines, and the snippets they give back.
- `candidates`: the matches a reader may read, newest first, as each database finds them;
  `postgres`: how PostgreSQL does, along the newest documents or through GIN.
- `queries`: the best-matching entries, a bounded group ranked at a time, and every document
  of a record.
"""
