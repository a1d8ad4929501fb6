"""The `dosedesk` command line: the window by default, plus headless commands for scripts.

Whatever it is given, a command ends in one of these ways, never with a traceback:

- 0: done (`check`: 1 when it found problems, listed on stdout);
- 2: bad input, or a database that cannot be used (not a DoseDesk database, damaged, a folder, on a full or
  read-only disk, an unreachable server): one line on stderr saying what is wrong and what to do;
- 70: a fault of the program: its traceback goes to the errors log in the data folder (no patient
  identifiers in it), and one line on stderr names the log.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence
from typing import Any

from app import __version__
from app.errors import DoseDeskError

EXIT_BAD_INPUT = 2
EXIT_UNEXPECTED = 70  # EX_SOFTWARE of sysexits.h

# Commands that must reach a database file however broken it is (restoring over a damaged one): the file is
# not looked at before they run.
_REPAIRING_COMMANDS = frozenset({"restore"})


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit status 2."""

    def error(self, message: str) -> Any:  # pragma: no cover - exercised through main()
        self.exit(EXIT_BAD_INPUT, f"dosedesk: {_one_line(message)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="dosedesk", description="DoseDesk for the NCT07343453 trial.")
    parser.add_argument("--version", action="version", version=f"DoseDesk {__version__}")
    from app.commands._options import database_address

    parser.add_argument(
        "--database",
        metavar="URL",
        type=database_address,
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


def _one_line(text: str) -> str:
    """`text` on one line, and writable whatever the terminal's encoding (an undecodable file name given on
    the command line comes back as escapes, not as an encoding error)."""
    line = " ".join(part.strip() for part in str(text).splitlines() if part.strip())
    return line.encode("utf-8", "backslashreplace").decode("utf-8")


def _say(text: str) -> None:
    print(f"dosedesk: {_one_line(text)}", file=sys.stderr)


def _tolerant_output() -> None:
    """Standard output writes what it cannot encode as escapes instead of failing half-way through."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot change: leave it
                reconfigure(errors="backslashreplace")


def _command_name(args: argparse.Namespace | None) -> str:
    """The sub-command for the errors log ("stock receive"), never its arguments (they may identify a patient)."""
    if args is None:
        return "dosedesk"
    words = ["dosedesk"]
    for key in ("command", "what", "document", "format", "stock_command", "protocol_action"):
        value = getattr(args, key, None)
        if isinstance(value, str) and value.isidentifier():
            words.append(value)
    return " ".join(words)


def _look_at_database(args: argparse.Namespace) -> None:
    """Before a command opens its database: refuse in one line a SQLite file that cannot be one."""
    if not getattr(args, "uses_database", False) or getattr(args, "command", None) in _REPAIRING_COMMANDS:
        return
    from app.services.unusable import check_database_file

    check_database_file(getattr(args, "database", None))


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    window_args = _window_only(arguments)
    if window_args is not None:
        from app.services.unusable import remember_database
        from app.ui.main import run_gui

        remember_database(window_args.database)
        return int(run_gui(window_args))
    _tolerant_output()
    args: argparse.Namespace | None = None
    try:
        args = build_parser().parse_args(arguments)
        handler = getattr(args, "handler", None)
        if handler is None:
            from app.services.unusable import remember_database
            from app.ui.main import run_gui

            remember_database(getattr(args, "database", None))
            return int(run_gui(args))
        if getattr(args, "uses_database", False):
            from app.services.unusable import remember_database

            remember_database(getattr(args, "database", None))
            _look_at_database(args)
        return int(handler(args) or 0)
    except DoseDeskError as exc:
        _say(str(exc))
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader of our output went away (e.g. `dosedesk list … | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        _say("stopped; nothing more was done.")
        return 130
    except Exception as exc:
        return _unexpected(exc, args)


def _unexpected(exc: Exception, args: argparse.Namespace | None) -> int:
    """An exception no command turned into words: an unusable database said plainly (exit 2), else a fault
    of the program, logged with its traceback and named in one line (exit 70)."""
    try:
        from app.services.unusable import unusable_database

        problem = unusable_database(exc)
    except Exception:  # looking at the database must never hide the fault itself
        problem = None
    if problem is not None:
        _say(str(problem))
        return EXIT_BAD_INPUT
    from app.services.errors_log import log_unexpected

    path = log_unexpected(exc, where=_command_name(args))
    _say(
        f"an unexpected error stopped this command ({type(exc).__name__}); nothing more was done. "
        f"Its details are in {path}: give that file to your support contact."
    )
    return EXIT_UNEXPECTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
