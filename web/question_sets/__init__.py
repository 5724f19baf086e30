"""Set meetings: the open questions a set asks, each question's insights, status and history,
and the actions committed there, reported back on later."""
