"""Pilot Tracker: the domain. Imports nothing from the other folders."""
