"""The unit of work every service takes (cosmicpython style, SQLAlchemy 2).

    uow = SqlUnitOfWork(database.session_factory, user=signed_in_user, reason="weight corrected")
    with uow:
        subject = uow.session.get(Subject, subject_id)
        subject.allergies = "penicillin"
        uow.commit()                  # without commit, leaving the block rolls everything back

The acting user and reason travel in `session.info`, where the audit listener reads them at flush time, so
every audited change made through the unit of work gets its audit row without the service doing anything.
`with uow.acting(other_user, "reason"):` changes who acts for part of the work (pending changes are flushed
first, so each change is attributed to whoever made it).

Blocks may nest (a service calling another with the same unit of work): the inner block shares the session;
only the outermost block rolls back and closes. `uow.afterwards(action)` keeps something however the work
ends: the action runs in a transaction of its own once the outermost block is left (a wrong signing password
is counted even though the signing it refused is rolled back).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.services import audit
from app.services.audit import ACTOR_KEY, CLOCK_KEY, REASON_KEY, Actor, utc_now

_WROTE = "dosedesk_wrote"  # session.info: flushed since the last commit
_log = logging.getLogger(__name__)


def _note_flush(session: Session, _context: object) -> None:
    session.info[_WROTE] = True


if not event.contains(Session, "after_flush", _note_flush):
    event.listen(Session, "after_flush", _note_flush)


class UnitOfWork(Protocol):
    """What a service may rely on."""

    @property
    def session(self) -> Session: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def afterwards(self, action: Callable[[], None]) -> None: ...

    @property
    def user(self) -> Actor | None: ...

    @property
    def reason(self) -> str | None: ...

    def acting(self, user: Actor | None, reason: str | None = None) -> AbstractContextManager[None]: ...

    def now(self) -> datetime: ...


class SqlUnitOfWork:
    """A unit of work on a SQLAlchemy session factory (`Database.session_factory`)."""

    def __init__(
        self,
        session_factory: Callable[[], Session],
        user: Actor | None = None,
        reason: str | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        audit.install()
        self.session_factory = session_factory
        self._user = user
        self._reason = reason
        self._clock = clock or utc_now
        self._depth = 0
        self._session: Session | None = None
        self._afterwards: list[Callable[[], None]] = []

    # --- who acts, and why ---

    @property
    def user(self) -> Actor | None:
        return self._user

    @user.setter
    def user(self, user: Actor | None) -> None:
        self._user = user
        self._publish()

    @property
    def reason(self) -> str | None:
        return self._reason

    @reason.setter
    def reason(self, reason: str | None) -> None:
        self._reason = reason
        self._publish()

    @contextmanager
    def acting(self, user: Actor | None, reason: str | None = None) -> Iterator[None]:
        """Attribute the changes made inside the block to `user`, for `reason`."""
        saved = (self._user, self._reason)
        if self._session is not None:
            self._session.flush()
        self._user, self._reason = user, reason
        self._publish()
        try:
            yield
            if self._session is not None:
                self._session.flush()
        finally:
            self._user, self._reason = saved
            self._publish()

    def now(self) -> datetime:
        """The time the unit of work stamps on records and audit rows (UTC, aware)."""
        return self._clock()

    def _publish(self) -> None:
        if self._session is not None:
            self._session.info[ACTOR_KEY] = self._user
            self._session.info[REASON_KEY] = self._reason
            self._session.info[CLOCK_KEY] = self._clock

    # --- the session ---

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("use the unit of work inside `with uow:`")
        return self._session

    def __enter__(self) -> Self:
        if self._depth == 0:
            self._session = self.session_factory()
            self._publish()
        self._depth += 1
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._depth -= 1
        if self._depth == 0 and self._session is not None:
            session = self._session
            try:
                # Undo what was written and not committed. A unit of work that only read skips the rollback,
                # which would expire every loaded object (costly on big reads, and useless after close).
                if session.info.pop(_WROTE, False) or session.new or session.dirty or session.deleted:
                    session.rollback()
            finally:
                session.close()
                self._session = None
            self._run_afterwards()

    def afterwards(self, action: Callable[[], None]) -> None:
        """Run `action` once the outermost block is left, however its own work ended, in a unit of work of its
        own that is committed (the action uses this unit of work's session, acting user and clock)."""
        self._afterwards.append(action)

    def _run_afterwards(self) -> None:
        actions, self._afterwards = self._afterwards, []
        for action in actions:
            try:
                with self:
                    action()
                    self.commit()
            except Exception:  # never hide why the work itself failed; the fault is in the log
                _log.exception("an action kept after a unit of work could not be saved")

    def commit(self) -> None:
        self.session.commit()
        self.session.info[_WROTE] = False

    def rollback(self) -> None:
        self.session.rollback()
