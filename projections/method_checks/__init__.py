"""Method checks: has each pilot kept to the methods it follows? Shown as gentle prompts.

- `model`: the read model's facts per pilot, cycle and question.
- `fold`: how each event changes those facts, folded over one batch in memory.
- `prompts`: the checks read from the facts, each worded as a prompt.
- `queries`: the checks of one pilot, and how many pilots each check holds for.
"""
