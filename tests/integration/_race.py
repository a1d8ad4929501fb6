"""Two processes acting on the same record at the same moment, for the race tests.

    first, second = race(url, partial(act, …), partial(act, …))     # each: action(database) -> anything
    refusal = one_wins(first, second)                                 # exactly one success, one plain refusal

Each action runs in a process of its own (forked from a fresh server process that has imported the services
once, not from the test process: nothing of the test's connections is inherited), on its own connection to the
database at `url`. The two meet at a barrier inside their unit of work, then go on together:

- `meet="lock"` (the default, both databases): in their first writing transaction, once it has begun and noted
  the audit trail's head, just before SQLite's write lock is taken (on PostgreSQL: before its first statement).
  On SQLite one then waits for the other's lock and reads what the other wrote; on PostgreSQL both read the
  record as it was before either wrote.
- `meet="write"` (PostgreSQL only, for work that reads without locking rows): at the first flush of their
  changes, when both have read the record and neither has written: the row version decides.

An action is a picklable callable (a module-level function, or a `functools.partial` of one) taking the open
`Database`; what it returns is the success, a `DoseDeskError` it raises is the refusal. To race a new transition:
write its action here (or in the test) and one test calling `race` and `one_wins`.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.errors import DoseDeskError
from app.models.engine import ENV_DATA_DIR
from app.services.audit import Actor
from app.services.database import Database
from app.services.uow import SqlUnitOfWork

BARRIER_SECONDS = 60
_PRELOAD = [
    "app.services.database",
    "app.services.orders",
    "app.services.stock",
    "app.services.toxicities",
    "app.services.visits",
]

Action = Callable[[Database], object]


@dataclass(frozen=True)
class Outcome:
    kind: str  # "ok", "refused" or "error"
    text: str  # what the action returned, the refusal's message, or the traceback


def uow(database: Database, user: Actor, now: datetime, reason: str | None = None) -> SqlUnitOfWork:
    """A unit of work acting as `user`, whose clock says `now` (the race tests' world has a frozen clock)."""
    return SqlUnitOfWork(database.session_factory, user, reason, clock=lambda: now)


def _meet(where: str, barrier: Any) -> None:
    met = False

    def wait(*_args: Any) -> None:
        nonlocal met
        if not met:
            met = True
            barrier.wait()

    if where == "lock":
        from app.models import engine

        engine.before_write_lock.append(wait)
    elif where == "write":
        from sqlalchemy import event
        from sqlalchemy.orm import Session

        event.listen(Session, "before_flush", wait, insert=True)
    else:
        raise ValueError(f"no meeting point {where!r}")


def _run(
    url: str, action: Action, where: str, barrier: Any, results: Any, index: int, data_dir: str | None
) -> None:
    from app.services import users
    from app.services.database import open_database

    # The fork server was started with the environment of the test that first raced: this test's data folder
    # (where the audit witness is kept) must be the one the test's own check reads.
    if data_dir is None:
        os.environ.pop(ENV_DATA_DIR, None)
    else:
        os.environ[ENV_DATA_DIR] = data_dir

    users.configure_password_hasher(users.fast_hasher_for_tests())
    try:
        database = open_database(url, create=False, migrate=False)
    except BaseException:
        barrier.abort()
        results.put((index, "error", traceback.format_exc()))
        return
    _meet(where, barrier)
    try:
        outcome = ("ok", repr(action(database))[:500])
    except DoseDeskError as exc:
        outcome = ("refused", str(exc))
    except BaseException:
        barrier.abort()  # the other must not wait for this one
        outcome = ("error", traceback.format_exc())
    finally:
        database.dispose()
    results.put((index, *outcome))


def race(
    url: str, first: Action, second: Action, *, meet: str = "lock", timeout: float = 120
) -> list[Outcome]:
    """Run `first` and `second` in two processes that meet at `meet` (see the module's doc); their outcomes."""
    context = multiprocessing.get_context("forkserver")
    modules = {getattr(getattr(action, "func", action), "__module__", None) for action in (first, second)}
    context.set_forkserver_preload(_PRELOAD + sorted(m for m in modules if m))  # used when it first starts
    barrier = context.Barrier(2, timeout=BARRIER_SECONDS)
    results = context.Queue()
    processes = [
        context.Process(
            target=_run, args=(url, action, meet, barrier, results, index, os.environ.get(ENV_DATA_DIR))
        )
        for index, action in enumerate((first, second))
    ]
    for process in processes:
        process.start()
    try:
        found = sorted(results.get(timeout=timeout) for _ in processes)
    finally:
        for process in processes:
            process.join(30)
            if process.is_alive():  # pragma: no cover - a hung race
                process.kill()
    return [Outcome(kind, text) for _index, kind, text in found]


def one_wins(outcomes: list[Outcome], refusal: str = "Someone else just did this: ") -> str:
    """Exactly one success and one plain refusal (containing `refusal`); the refusal's message."""
    errors = [o.text for o in outcomes if o.kind == "error"]
    assert not errors, "\n".join(errors)
    kinds = sorted(o.kind for o in outcomes)
    assert kinds == ["ok", "refused"], outcomes
    message = next(o.text for o in outcomes if o.kind == "refused")
    assert refusal in message, message
    assert "\n" not in message and "Traceback" not in message, message
    return message
