"""Where ideas come from, as a read model: stories, workshops and what they produced, and the
pilots that test the ideas (`model`, `fold`), read as they stood at any moment (`queries`,
`state`), drawn as the co-creation map (`driver`; `layout` and `diagram` as SVG, `outline` as
nested lists, `wording` for both) and followed as a story's trail (`trail`). `from_log` folds
the same from the log, for the tests to compare."""
