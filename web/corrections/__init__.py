"""Corrections: a wrong entry put right with a reason, its earlier text kept beside it."""
