"""Benchmarks, run with `python -m benchmarks`; see docs/quality.md for what each one measures."""
