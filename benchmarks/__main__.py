"""`python -m benchmarks [--size small|large|huge] [--store sqlite|postgresql|both]`

Prints a table and merges the figures into `benchmarks/results.json`, under the benchmark's id,
the size and the store, leaving every other entry as it was. PostgreSQL runs in a database of
its own, created and dropped here, on the server at `PILOTS_BENCH_POSTGRES_URL` (or
`PILOTS_TEST_POSTGRES_URL`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

from adapters.settings import Settings, parse_database_url
from benchmarks import rebuild
from benchmarks.dataset import SIZES

RESULTS = Path(__file__).with_name("results.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--size", choices=list(SIZES), default="small")
    parser.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per figure")
    parser.add_argument("--no-per-model", action="store_true", help="skip each model alone")
    args = parser.parse_args(argv)
    stores = ["sqlite", "postgresql"] if args.store == "both" else [args.store]
    found: dict[str, dict[str, Any]] = {}
    for store in stores:
        with _store(store) as settings:
            if settings is None:
                print("postgresql: skipped, PILOTS_BENCH_POSTGRES_URL is not set", file=sys.stderr)
                continue
            print(f"B3 on {store}, {args.size} ...", file=sys.stderr, flush=True)
            found[store] = rebuild.measure(settings, args.size, args.runs, not args.no_per_model)
            found[store]["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    print(rebuild.table(args.size, found))
    _merge({"B3": {args.size: found}})
    print(f"written to {RESULTS}", file=sys.stderr)
    return 0


@contextmanager
def _store(store: str) -> Iterator[Settings | None]:
    if store == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield parse_database_url(f"sqlite:///{folder}/bench.sqlite3")
        return
    admin = os.environ.get("PILOTS_BENCH_POSTGRES_URL") or os.environ.get(
        "PILOTS_TEST_POSTGRES_URL"
    )
    if not admin:
        yield None
        return
    name = f"pilots_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parse_database_url(urlunsplit(urlsplit(admin)._replace(path=f"/{name}")))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _merge(new: dict[str, Any]) -> None:
    """Deep-merges `new` into the results file, so other benchmarks' entries stay."""
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}

    def merge(into: dict[str, Any], items: dict[str, Any]) -> None:
        for key, value in items.items():
            if isinstance(value, dict) and isinstance(into.get(key), dict):
                merge(into[key], value)
            else:
                into[key] = value

    merge(results, new)
    RESULTS.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


if __name__ == "__main__":
    sys.exit(main())
