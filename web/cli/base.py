"""The click classes and value types of `pilots`.

Click's defaults differ from what scripts have relied on since this command line began: it
names one missing argument where the line names all of them, calls extra arguments by another
name, and shows help when a command group is given no command. These classes say each of
those in the established words, as usage errors that `errors.one_line_errors` reports.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

import click

from web.cli.errors import one_line_errors, param_hint

HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}


class Command(click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Extra arguments reach `parse_args`, which reports them in its own words.
        kwargs["context_settings"] = {
            "allow_extra_args": True,
            **kwargs.get("context_settings", {}),
        }
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        given = list(args)  # the parser consumes `args`
        try:
            rest = super().parse_args(ctx, args)
        except click.MissingParameter:
            missing = ", ".join(self._missing(ctx, given))
            raise click.UsageError(
                f"the following arguments are required: {missing}", ctx
            ) from None
        except click.UsageError as error:
            error.ctx = error.ctx or ctx  # the option parser leaves it out, and with it the hint
            raise
        if rest and not ctx.resilient_parsing:
            raise click.UsageError(f"unrecognized arguments: {' '.join(rest)}", ctx)
        return rest

    def _missing(self, ctx: click.Context, given: list[str]) -> list[str]:
        # Click stops at the first missing parameter; a lenient second parse finds them all.
        probe = self.make_context(ctx.info_name, given, parent=ctx.parent, resilient_parsing=True)
        return [
            param_hint(param)
            for param in self.get_params(probe)
            if param.required and probe.params.get(param.name or "") is None
        ]


class Group(click.Group):
    """A group of commands, listed and offered in the order they were added. `metavar` names
    the choice of command in usage and in errors, like `add|token`."""

    command_class = Command

    def __init__(
        self, name: str | None = None, commands: Sequence[click.Command] | None = None, *,
        metavar: str, **kwargs: Any,
    ) -> None:  # fmt: skip
        # Invoked without a command too, so that `invoke` can report the missing command
        # instead of click printing help.
        kwargs.setdefault("invoke_without_command", True)
        super().__init__(name, commands, subcommand_metavar=f"{metavar} ...", **kwargs)
        self.metavar = metavar

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        if self.get_command(ctx, name) is None and not name.startswith("-"):
            choices = ", ".join(repr(command) for command in self.list_commands(ctx))
            raise click.UsageError(
                f"argument {self.metavar}: invalid choice: {name!r} (choose from {choices})", ctx
            )
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        result = super().invoke(ctx)  # a group's own callback only carries its help
        if ctx.invoked_subcommand is None:
            raise click.UsageError(f"the following arguments are required: {self.metavar}", ctx)
        return result


class Root(Group):
    """The `pilots` group. Everything under it fails through `one_line_errors`, whether it was
    started by the `pilots` script or by Litestar's CLI."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        with one_line_errors():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        with one_line_errors():
            return super().invoke(ctx)


class Choice(click.Choice[str]):
    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        choices = ", ".join(repr(choice) for choice in self.choices)
        return f"invalid choice: {value!r} (choose from {choices})"


class PilotId(click.ParamType[UUID]):
    name = "pilot id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> UUID:
        if isinstance(value, UUID):
            return value
        try:
            return UUID(value)
        except ValueError:
            self.fail(f"{value!r} is not a pilot id", param, ctx)


class Whole(click.ParamType[int]):
    """A whole number of at least `low`, written in decimal digits."""

    name = "whole number"

    def __init__(self, low: int) -> None:
        self.low = low

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int):
            return value
        if not str(value).strip().isdecimal() or int(value) < self.low:
            self.fail(f"must be a whole number of {self.low} or more", param, ctx)
        return int(value)
