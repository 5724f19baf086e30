"""Adapters: settings, persistence, transcoding, accounts."""
