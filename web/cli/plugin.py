"""The Litestar side of the `pilots` command line."""

from __future__ import annotations

import click
from litestar.plugins import CLIPluginProtocol

from web.cli.root import build


class PilotsCLIPlugin(CLIPluginProtocol):
    """Mounts the `pilots` commands in Litestar's CLI: `litestar --app ... pilots users token
    EMAIL` runs what `pilots users token EMAIL` runs. They stay under one `pilots` name, clear
    of Litestar's own commands (its `run` is not our `serve`)."""

    def on_cli_init(self, cli: click.Group) -> None:
        cli.add_command(build())
