"""The `dosedesk` command line: the window by default, plus headless commands for scripts.

Bad input is one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import Any

from app import __version__
from app.errors import DoseDeskError, NotFoundError

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit status 2."""

    def error(self, message: str) -> Any:  # pragma: no cover - exercised through main()
        self.exit(EXIT_BAD_INPUT, f"dosedesk: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dosedesk", description="DoseDesk for the NCT07343453 trial.")
    parser.add_argument("--version", action="version", version=f"DoseDesk {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="database URL (default: the embedded SQLite file in your data folder)",
    )
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
    import app.commands as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"app.commands.{info.name}")
        module.register(subparsers)
    return parser


def _window_only(argv: Sequence[str]) -> argparse.Namespace | None:
    """The arguments when they ask for the window alone (`dosedesk [--database URL]`), else None.

    The window then starts without importing the headless commands (SQLAlchemy, reportlab, …): the sign-in
    is painted first and the database opened while the user types.
    """
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    window = _Parser(prog="dosedesk", add_help=False)
    window.add_argument("--database", metavar="URL")
    args, rest = window.parse_known_args(list(argv))
    return None if rest else args


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    window_args = _window_only(arguments)
    if window_args is not None:
        from app.ui.main import run_gui

        return int(run_gui(window_args))
    parser = build_parser()
    args = parser.parse_args(arguments)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from app.ui.main import run_gui

            return int(run_gui(args))
        return int(handler(args) or 0)
    except NotFoundError as exc:
        print(f"dosedesk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DoseDeskError as exc:
        print(f"dosedesk: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader of our output went away (e.g. `dosedesk list … | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
