"""The ``infranomics`` command: global options, sub-command registration and error handling.

A user error (any :class:`~infranomics.errors.InfranomicsError`, or a bad flag) exits with
code 2 and one line on stderr; ``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import typer

from .._version import __version__
from ..catalog import Catalog
from ..errors import InfranomicsError
from .render import err_console

app = typer.Typer(
    name="infranomics",
    help="The economics of AI compute: chips and watts → tokens/s → $/million tokens → P&L → capital cycle.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@dataclass
class State:
    """Options shared by every sub-command (held in the click context)."""

    debug: bool = False
    data_dirs: list[Path] = field(default_factory=list)
    _catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = Catalog(self.data_dirs or None)
        return self._catalog


def state(ctx: typer.Context) -> State:
    """The shared :class:`State` of the running command."""
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def _version(value: bool) -> None:
    if value:
        typer.echo(f"infranomics {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks on errors."),
    data_dir: list[Path] = typer.Option(
        [], "--data-dir", help="Directory of user CSVs that extend or override catalog rows by key "
        "(repeatable; default: $INFRANOMICS_DATA)."),
) -> None:
    """infranomics command line."""
    st = state(ctx)
    st.debug = debug
    st.data_dirs = list(data_dir)


def _register() -> None:
    from . import business, cost, data, overview, perf, serve

    app.add_typer(data.app, name="data")
    app.add_typer(cost.app, name="cost")
    app.add_typer(business.app, name="business")
    app.command("overview")(overview.overview)
    app.command("serve")(serve.serve)
    app.add_typer(perf.app, name="perf")
    from . import simulate

    app.add_typer(simulate.app, name="simulate")


_register()


def run(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI and map errors to exit codes (2 = user error)."""
    args = sys.argv[1:] if argv is None else list(argv)
    debug = "--debug" in args
    try:
        rc = app(args=args, prog_name="infranomics", standalone_mode=False)
    except InfranomicsError as exc:
        if debug:
            raise
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt, BrokenPipeError):
        sys.exit(1)
    except Exception as exc:
        # usage errors (bad or missing flags) come from the click copy that typer vendors;
        # they carry show() and exit_code (2)
        if debug or not (hasattr(exc, "show") and hasattr(exc, "exit_code")):
            raise
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(rc if isinstance(rc, int) else 0)
