"""The errors log: what went wrong unexpectedly, with its traceback, for the support contact.

    path = log_unexpected(exc, where="dosedesk list patients")   # appends one entry; returns the log's path

One log for the command line and the window (`errors.log` in the data folder, `app.models.engine.data_dir()`).
It never holds a patient identifier: an entry keeps the traceback's code locations (file, line and function,
not the source lines) and each exception's type,
and of each exception's words only what cannot be data — a DoseDesk sentence by its template (its values
left out), other messages with every quoted value, number and date taken out, and a database driver's SQL and
parameters left out. The command's arguments are not logged (a subject number, a birth date could be among
them): only the command's name.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import platform
import re
import sys
import traceback
from pathlib import Path

from app.text import Message

ERRORS_LOG_NAME = "errors.log"

_override: list[Path | None] = [None]
_logger = logging.getLogger("dosedesk.errors")

# What is taken out of a message that is not a DoseDesk sentence.
_SQL = re.compile(r"\[(?:SQL|parameters):.*", re.DOTALL)
_BACKGROUND = re.compile(r"\(Background on this error at:[^)]*\)")
_QUOTED = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*\"""")
_CODE_NAME = re.compile(r"[a-z_][A-Za-z0-9_.]*|[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9_.]*")
_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
# A whole word holding a digit: a number, and an identifier such as a hospital number ("A1B2C3", "12-AB").
_NUMBER = re.compile(r"[\w\-/.:]*\d[\w\-/.:]*")
_CAPITALS = re.compile(r"\b[A-Z]{2,8}\b")
# Capitals a driver's message is made of (SQL and its errors), not initials.
_KEYWORDS = frozenset(
    [
        "ABORT",
        "BEGIN",
        "CHECK",
        "COMMIT",
        "CONSTRAINT",
        "DELETE",
        "DETAIL",
        "ERROR",
        "FATAL",
        "FOREIGN",
        "FROM",
        "HINT",
        "INSERT",
        "INTO",
        "KEY",
        "NOT",
        "NULL",
        "PRIMARY",
        "ROLLBACK",
        "SELECT",
        "SQL",
        "SQLITE",
        "TABLE",
        "TRIGGER",
        "UNIQUE",
        "UPDATE",
        "VALUES",
        "WHERE",
    ]
)


def errors_log_path() -> Path:
    """Where unexpected errors are logged: `errors.log` in the data folder (configurable for tests)."""
    override = _override[0]
    if override is not None:
        return override
    from app.models.engine import data_dir

    return data_dir() / ERRORS_LOG_NAME


def set_errors_log_path(path: Path | None) -> None:
    _override[0] = path


def _quoted(found: re.Match[str]) -> str:
    inner = found.group(0)[1:-1]
    return found.group(0) if _CODE_NAME.fullmatch(inner) else "'…'"


def scrub(text: str) -> str:
    """A message that is not a DoseDesk sentence, without what could be data: the SQL and parameters a driver
    adds, quoted values (a quoted code name such as 'NoneType' stays), dates, every word holding a digit
    (numbers, subject and hospital numbers), and runs of capitals (initials)."""
    text = _BACKGROUND.sub("", _SQL.sub("", text)).strip()
    text = _QUOTED.sub(_quoted, text)
    text = _DATE.sub("<date>", text)
    text = _NUMBER.sub("<n>", text)
    return _CAPITALS.sub(lambda found: found.group(0) if found.group(0) in _KEYWORDS else "<…>", text)


def _words(exc: BaseException) -> str:
    """What an exception says, fit for the log: a DoseDesk sentence by its template, else scrubbed."""
    if len(exc.args) == 1 and isinstance(exc.args[0], Message):
        return exc.args[0].template
    try:
        text = str(exc)
    except Exception:  # an exception whose str() fails says nothing
        return ""
    return scrub(text)


def _chain(exc: BaseException) -> list[tuple[BaseException, str]]:
    """The exceptions Python would print for `exc`, outermost last, each with the line that led to the next."""
    found: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    item: BaseException | None = exc
    link = ""
    while item is not None and id(item) not in seen:
        seen.add(id(item))
        found.append((item, link))
        if item.__cause__ is not None:
            item, link = (
                item.__cause__,
                "The above exception was the direct cause of the following exception:",
            )
        elif item.__context__ is not None and not item.__suppress_context__:
            item, link = (
                item.__context__,
                "During handling of the above exception, another exception occurred:",
            )
        else:
            item = None
    return found


def describe(exc: BaseException) -> str:
    """The traceback of `exc` (and of the exceptions that led to it, innermost first, as Python prints them),
    their messages scrubbed."""
    parts: list[str] = []
    ordered = list(reversed(_chain(exc)))
    for index, (item, _link) in enumerate(ordered):
        if index:
            parts.append(f"\n{ordered[index - 1][1]}\n\n")
        if item.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            # Where, never the source lines: the code is known, and a line may hold a literal.
            parts.extend(
                f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
                for frame in traceback.extract_tb(item.__traceback__)
            )
        kind = type(item)
        name = (
            kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"
        )
        words = _words(item)
        parts.append(f"{name}: {words}\n" if words else f"{name}\n")
    return "".join(parts)


def log_unexpected(exc: BaseException, where: str = "") -> Path:
    """Append `exc` with its traceback (no patient identifier) to the errors log; returns the log's path. A log
    that cannot be written is reported through `logging` and does not raise."""
    from app import __version__

    path = errors_log_path()
    stamp = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
    head = (
        f"--- {stamp} DoseDesk {__version__}, Python {platform.python_version()} on {sys.platform}"
        + (f", {where}" if where else "")
        + f", process {os.getpid()}\n"
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(head + describe(exc) + "\n")
    except OSError:  # the log itself failing must not take anything down
        _logger.exception("could not write the errors log at %s", path)
    return path
