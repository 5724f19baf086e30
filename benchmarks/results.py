"""`benchmarks/results.json`: every benchmark's figures, each under its id and the store (and the
data set, where it matters), merged in so other benchmarks' entries stay as they were."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results.json")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def merge(new: dict[str, Any], path: Path | None = None) -> None:
    """Deep-merges `new` into the results file (`RESULTS` unless given), so other benchmarks'
    entries stay."""
    path = path or RESULTS
    results = json.loads(path.read_text()) if path.exists() else {}

    def deep(into: dict[str, Any], items: dict[str, Any]) -> None:
        for key, value in items.items():
            if isinstance(value, dict) and isinstance(into.get(key), dict):
                deep(into[key], value)
            else:
                into[key] = value

    deep(results, new)
    path.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
