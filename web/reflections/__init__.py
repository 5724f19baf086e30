"""Reflections: a stage of Kolb's cycle, or an appreciation, optionally about one cycle."""
