"""The app's one `Memo` of the reader-free part of learning summaries (`projections.learning.
totals`): one a running app, so every request at a log position shares it."""

from __future__ import annotations

from litestar import Litestar

from projections.learning.memo import Memo
from web.pages import kept_in

MEMO = "learning_memo"


def memo_of(app: Litestar) -> Memo:
    return kept_in(app, MEMO, Memo, Memo)
