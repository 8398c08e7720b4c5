"""The `tonefall` command: parses arguments, calls plain functions, prints one line on error.

Run-time subcommands are added to ``main`` in their own modules' ``register`` functions;
training subcommands come from the ``tonefall.commands`` entry-point group so that this
package never imports torch (they load only when called).
"""

from importlib.metadata import entry_points

import click

from tonefall import __version__
from tonefall.errors import TonefallError


class TonefallGroup(click.Group):
    """A click group that turns TonefallError into a one-line message and exit code 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except TonefallError as exc:
            raise click.ClickException(str(exc)) from exc


class _PluginCommand(click.Command):
    """Placeholder for an entry-point subcommand; imports the real one only when run or asked for help."""

    def __init__(self, entry_point):
        super().__init__(entry_point.name, help=f"(needs the `train` extra) see `tonefall {entry_point.name} --help`")
        self._entry_point = entry_point

    def _load(self) -> click.Command:
        try:
            return self._entry_point.load()
        except ImportError as exc:
            raise click.ClickException(
                f"`tonefall {self.name}` needs the training extra: pip install 'tonefall[train]' ({exc})"
            ) from exc

    def make_context(self, info_name, args, parent=None, **extra):
        return self._load().make_context(info_name, args, parent=parent, **extra)

    def invoke(self, ctx: click.Context):
        return self._load().invoke(ctx)


@click.group(cls=TonefallGroup)
@click.version_option(__version__, prog_name="tonefall")
def main() -> None:
    """Tonefall: tone coach for customer-service replies (sv, nb, nn, da, en)."""


def _register_plugins(group: click.Group) -> None:
    for entry_point in entry_points(group="tonefall.commands"):
        if entry_point.name not in group.commands:
            group.add_command(_PluginCommand(entry_point), entry_point.name)


from tonefall import commands  # noqa: E402  (the run-time subcommands: serve, check, token, feedback)

commands.register(main)
from tonefall import demo_command  # noqa: E402  (`tonefall demo`: the /demo page with a one-time key)

demo_command.register(main)
from tonefall.report import command as report_command  # noqa: E402  (`tonefall report`: team coaching report)

report_command.register(main)
from tonefall.cluster import command as spark_command  # noqa: E402  (`tonefall spark-job`: needs the cluster extra)

spark_command.register(main)
_register_plugins(main)


if __name__ == "__main__":
    main()
