"""`python -m benchmarks generate small|large|huge` fills the empty store named by
`PILOTS_DATABASE_URL` with that data set, and exits 0.

`python -m benchmarks [--only B3|B5] [--size small|large|huge] [--store sqlite|postgresql|both]`
runs B3 (rebuilding every read model) and B5 (reading a write back through HTTP), prints a
table for each and merges the figures into `benchmarks/results.json`, under the benchmark's
id and the store (and B3's size), leaving every other entry as it was. PostgreSQL runs in a
database of its own, created and dropped here, on the server at `PILOTS_BENCH_POSTGRES_URL`
(or `PILOTS_TEST_POSTGRES_URL`).
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

from adapters.settings import Settings, SettingsError, parse_database_url
from benchmarks import freshness, rebuild, sealing
from benchmarks.dataset import ROUNDS, SIZES, generate, open_bench_pilots

RESULTS = Path(__file__).with_name("results.json")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["generate"]:
        return _generate(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--size", choices=list(SIZES), default="small")
    parser.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per figure")
    parser.add_argument("--no-per-model", action="store_true", help="skip each model alone")
    parser.add_argument("--only", choices=["B3", "B5"], help="run one benchmark")
    args = parser.parse_args(argv)
    stores = ["sqlite", "postgresql"] if args.store == "both" else [args.store]
    if args.only in (None, "B3"):
        _b3(stores, args)
    if args.only in (None, "B5"):
        _b5(stores)
    print(f"written to {RESULTS}", file=sys.stderr)
    return 0


def _generate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks generate",
        description="Fills the empty store named by PILOTS_DATABASE_URL with a data set.",
    )
    parser.add_argument("size", choices=list(SIZES))
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        pilots = open_bench_pilots(settings)
    except (SettingsError, OSError, psycopg.Error) as error:
        print(f"python -m benchmarks generate: {error}", file=sys.stderr)
        return 1
    try:
        if pilots.recorder.max_notification_id():
            print(
                f"python -m benchmarks generate: {settings.database_url} already holds events; "
                "name an empty store",
                file=sys.stderr,
            )
            return 1

        def progress(round_number: int, events: int) -> None:
            print(f"round {round_number} of {ROUNDS}: {events:,} events", file=sys.stderr)

        events = generate(pilots, args.size, progress=progress)
    finally:
        pilots.close()
    print(f"{events:,} events in {SIZES[args.size]:,} pilots written to {settings.database_url}")
    return 0


def _b3(stores: list[str], args: argparse.Namespace) -> None:
    """B3, and beside it what sealing withdrawable text costs (`sealing.py`), in two more stores."""
    found: dict[str, dict[str, Any]] = {}
    for store in stores:
        with _store(store) as url:
            if url is None:
                continue
            print(f"B3 on {store}, {args.size} ...", file=sys.stderr, flush=True)
            settings = parse_database_url(url)
            found[store] = rebuild.measure(settings, args.size, args.runs, not args.no_per_model)
            found[store]["measured_at"] = _now()
        with _store(store) as sealed, _store(store) as plain:
            if sealed is None or plain is None:
                continue
            print(f"B3 sealed and plain on {store}, {args.size} ...", file=sys.stderr, flush=True)
            stores_of = {"sealed": parse_database_url(sealed), "plain": parse_database_url(plain)}
            found[store]["sealing"] = sealing.measure(stores_of, args.size, args.runs)
    print(rebuild.table(args.size, found))
    print(sealing.table(args.size, {store: r["sealing"] for store, r in found.items()}))
    _merge({"B3": {args.size: found}})


def _b5(stores: list[str]) -> None:
    runs = [(store, workers) for store in stores for workers in (False, True)
            if store == "postgresql" or not workers]  # fmt: skip
    found: list[dict[str, Any]] = []
    for store, workers in runs:
        with _store(store) as url:
            if url is None:
                continue
            print(f"B5 on {store}{' with a worker' if workers else ''} ...", file=sys.stderr)
            result = freshness.measure(parse_database_url(url), url, workers=workers)
            found.append({**result, "measured_at": _now()})
    print(freshness.table(found))
    _merge({"B5": {f"{r['store']}_{r['projections']}": r for r in found}})


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def _store(store: str) -> Iterator[str | None]:
    """The URL of a fresh database on `store`, dropped afterwards; None when PostgreSQL is not
    configured."""
    if store == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{folder}/bench.sqlite3"
        return
    admin = os.environ.get("PILOTS_BENCH_POSTGRES_URL") or os.environ.get(
        "PILOTS_TEST_POSTGRES_URL"
    )
    if not admin:
        print("postgresql: skipped, PILOTS_BENCH_POSTGRES_URL is not set", file=sys.stderr)
        yield None
        return
    name = f"pilots_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(admin)._replace(path=f"/{name}"))
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
