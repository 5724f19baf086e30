"""Withdrawal by crypto-shredding: withdrawable text is stored sealed under a key of its entry's
own (`keys`, `sealing`), so deleting the key makes every stored copy unreadable while the event
log stays append-only. The application that uses them is `adapters.store.SealedPilots`."""
