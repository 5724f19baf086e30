"""Server-rendered pages, at the stable addresses CONTRACT.md lists."""

from __future__ import annotations

from typing import Any

from web.pages.session import dashboard, login_form, login_submit, logout

HANDLERS: list[Any] = [login_form, login_submit, logout, dashboard]
