"""What auditors read straight from a pilot's events or its aggregate, kept by no read model.

- `ideas`: every version of the idea, each with a word-level diff against the one before.
- `compare`: what changed in a pilot between two versions, in plain language.
"""
