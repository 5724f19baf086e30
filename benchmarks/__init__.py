"""Benchmarks, run with `python -m benchmarks`; see QUALITY.md for what each one measures."""
