"""Learning reports: built from the log at a stamp, so building one again gives the same bytes.

A report is a msgspec Struct (its JSON form) rendered as Markdown or HTML. Nothing in a report
reads a clock, a random id or a live table.
"""
