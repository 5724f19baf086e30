"""The web app, its pages and API, and the command line."""
