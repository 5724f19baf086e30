"""Measures: how a pilot knows that a change is an improvement."""
