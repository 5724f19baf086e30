"""Measures on the web: defining one, entering its values (one, or many pasted at once),
correcting a value, starting a phase, and reading its chart as JSON, SVG, CSV or a page."""
