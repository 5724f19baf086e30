"""Learning across pilots: the cross-pilot summary, the question ledger, search, and how the
method checks hold, for one pilot and across pilots."""
