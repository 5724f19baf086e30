"""The `pilots` command line, on click.

One click group serves two ways in: the `pilots` script (`main`), which parses arguments and
prints help without building the web app or touching a database, and Litestar's own CLI, where
`PilotsCLIPlugin` mounts the same group as `litestar pilots ...`. Either way every failure ends
as one line on stderr, `pilots: <message>`, and a non-zero exit.
"""

from web.cli.root import build, main

__all__ = ["build", "main"]
