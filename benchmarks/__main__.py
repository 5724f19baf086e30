"""`python -m benchmarks generate small|large|huge [--measures 12x30]` fills the empty store
named by `PILOTS_DATABASE_URL` with that data set, and exits 0; `--measures` gives every pilot
that many measures of that many values (none unless given, so figures stay comparable).

`python -m benchmarks [--only B1|B2|B3|B4|B5|B7] [--size small|large|huge] [--store
sqlite|postgresql|both]` runs B1 (writes through HTTP at concurrency 8), B2 (read latency
through HTTP on a generated data set) with B6 (the server's peak memory after it), B3
(rebuilding every read model), B4 (loading a pilot of 10,000 events) and B5 (reading a write
back through HTTP) and B7 (a measure's page and chart on `large` with 12 measures of 30 values a
pilot; with `--only B7`, on `--size`), prints a table for each and merges the figures into
`benchmarks/results.json`, under the benchmark's id and the store (and the size, where it
matters), leaving every other entry as it was. PostgreSQL runs in a
database of its own, created and dropped here, on the server at `PILOTS_BENCH_POSTGRES_URL`
(or `PILOTS_TEST_POSTGRES_URL`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import psycopg

from adapters.settings import Settings, SettingsError, parse_database_url
from benchmarks import charts, freshness, latency, loading, rebuild, results, sealing, writes
from benchmarks.dataset import ROUNDS, SIZES, generate, open_bench_pilots
from benchmarks.measures import Shape
from benchmarks.serving import fresh_store

RESULTS = results.RESULTS


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["generate"]:
        return _generate(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--size", choices=list(SIZES), default="small")
    parser.add_argument("--store", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per figure")
    parser.add_argument("--no-per-model", action="store_true", help="skip each model alone")
    parser.add_argument("--only", choices=["B1", "B2", "B3", "B4", "B5", "B7"], help="run one")
    parser.add_argument("--requests", type=int, default=200, help="B2: requests a route a run")
    args = parser.parse_args(argv)
    stores = ["sqlite", "postgresql"] if args.store == "both" else [args.store]
    if args.only in (None, "B1"):
        _b1(stores)
    if args.only in (None, "B2"):
        _b2(stores, args)
    if args.only in (None, "B3"):
        _b3(stores, args)
    if args.only in (None, "B4"):
        _b4(stores, args)
    if args.only in (None, "B5"):
        _b5(stores)
    if args.only in (None, "B7"):
        _b7(stores, args)
    print(f"written to {RESULTS}", file=sys.stderr)
    return 0


def _generate(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks generate",
        description="Fills the empty store named by PILOTS_DATABASE_URL with a data set.",
    )
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument(
        "--measures",
        type=_shape,
        metavar="MxN",
        help="give every pilot M measures of N weekly values each, such as 12x30",
    )
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

        events = generate(pilots, args.size, progress=progress, measures=args.measures)
    finally:
        pilots.close()
    print(f"{events:,} events in {SIZES[args.size]:,} pilots written to {settings.database_url}")
    return 0


def _shape(text: str) -> Shape:
    try:
        return Shape.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _b7(stores: list[str], args: argparse.Namespace) -> None:
    """B7: a measure's page and chart, on a data set of `--size` with 12 measures of 30 values
    on every pilot."""
    found: dict[str, Any] = {}
    size = args.size if args.only == "B7" else "large"
    for store in stores:
        with fresh_store(store) as url:
            if url is None:
                continue
            print(f"B7 on {store}, {size} 12x30: generating ...", file=sys.stderr, flush=True)
            pilots = open_bench_pilots(parse_database_url(url))
            try:
                generate(pilots, size, measures=Shape(12, 30))
            finally:
                pilots.close()
            print(f"B7 on {store}, {size}: reading ...", file=sys.stderr, flush=True)
            found[store] = {**charts.measure(url, args.requests, args.runs), "at": _now()}
    print(charts.table(size, found))
    _merge({"B7": {f"{size} 12x30": found}})


def _b3(stores: list[str], args: argparse.Namespace) -> None:
    """B3, and beside it what sealing withdrawable text costs (`sealing.py`), in two more stores."""
    found: dict[str, dict[str, Any]] = {}
    for store in stores:
        with fresh_store(store) as url:
            if url is None:
                continue
            print(f"B3 on {store}, {args.size} ...", file=sys.stderr, flush=True)
            settings = parse_database_url(url)
            found[store] = rebuild.measure(settings, args.size, args.runs, not args.no_per_model)
            found[store]["measured_at"] = _now()
        with fresh_store(store) as sealed, fresh_store(store) as plain:
            if sealed is None or plain is None:
                continue
            print(f"B3 sealed and plain on {store}, {args.size} ...", file=sys.stderr, flush=True)
            stores_of = {"sealed": parse_database_url(sealed), "plain": parse_database_url(plain)}
            found[store]["sealing"] = sealing.measure(stores_of, args.size, args.runs)
    print(rebuild.table(args.size, found))
    print(sealing.table(args.size, {store: r["sealing"] for store, r in found.items()}))
    _merge({"B3": {args.size: found}})


def _b1(stores: list[str]) -> None:
    found: dict[str, Any] = {}
    for store in stores:
        with fresh_store(store) as url:
            if url is not None:
                print(f"B1 on {store} ...", file=sys.stderr, flush=True)
                found[store] = {**writes.measure(parse_database_url(url), url), "at": _now()}
    print(writes.table(found))
    _merge({"B1": found})


def _b2(stores: list[str], args: argparse.Namespace) -> None:
    """B2 on a data set of `--size`, generated into a fresh store; B6 is the server's memory
    after it."""
    found: dict[str, Any] = {}
    for store in stores:
        with fresh_store(store) as url:
            if url is None:
                continue
            print(f"B2 on {store}, {args.size}: generating ...", file=sys.stderr, flush=True)
            pilots = open_bench_pilots(parse_database_url(url))
            try:
                generate(pilots, args.size)
            finally:
                pilots.close()
            print(f"B2 on {store}, {args.size}: reading ...", file=sys.stderr, flush=True)
            found[store] = {**latency.measure(url, args.requests, args.runs), "at": _now()}
    print(latency.table(args.size, found))
    _merge({"B2": {args.size: found}})


def _b4(stores: list[str], args: argparse.Namespace) -> None:
    found: dict[str, Any] = {}
    for store in stores:
        with fresh_store(store) as url:
            if url is not None:
                print(f"B4 on {store} ...", file=sys.stderr, flush=True)
                result = loading.measure(parse_database_url(url), args.runs)
                found[store] = {**result, "at": _now()}
    print(loading.table(found))
    _merge({"B4": found})


def _b5(stores: list[str]) -> None:
    runs = [(store, workers) for store in stores for workers in (False, True)
            if store == "postgresql" or not workers]  # fmt: skip
    found: list[dict[str, Any]] = []
    for store, workers in runs:
        with fresh_store(store) as url:
            if url is None:
                continue
            print(f"B5 on {store}{' with a worker' if workers else ''} ...", file=sys.stderr)
            result = freshness.measure(parse_database_url(url), url, workers=workers)
            found.append({**result, "measured_at": _now()})
    print(freshness.table(found))
    _merge({"B5": {f"{r['store']}_{r['projections']}": r for r in found}})


def _now() -> str:
    return results.now()


def _merge(new: dict[str, Any]) -> None:
    results.merge(new, RESULTS)


if __name__ == "__main__":
    sys.exit(main())
