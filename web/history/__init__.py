"""A pilot's history, for auditors: the timeline, how the idea evolved, the stored events, and
two moments of the pilot compared."""
