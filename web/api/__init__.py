"""The JSON API under /api/v1, as CONTRACT.md describes it."""

from __future__ import annotations

from typing import Any

from web.api.health import health

HANDLERS: list[Any] = []

__all__ = ["HANDLERS", "health"]
