"""Integration fixtures: every database test runs against a fresh SQLite file AND a real PostgreSQL server.

    database_url      a fresh, empty database URL; parametrised: "sqlite" (a file in tmp_path) and
                      "postgresql" (a new database on the session's server, marked `postgres`)
    sqlite_url        the SQLite case only (file locking, crash and backup tests)
    database          `open_database(database_url)`: created at the newest schema, disposed afterwards
    uow               a `SqlUnitOfWork` on `database`, acting as the test (`SystemActor("test")`)
    make_uow          make_uow(user=None, reason=None) -> SqlUnitOfWork on `database`
    pg_server         the session's PostgreSQL server (started on first use, stopped at the end)

The PostgreSQL server is started by the tests (see `_pg.py`). Without PostgreSQL binaries the PostgreSQL cases
are skipped, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.services import users
from app.services.audit import Actor, SystemActor
from app.services.database import Database, open_database
from app.services.uow import SqlUnitOfWork

from ._pg import PostgresServer, find_postgres_bin

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    bin_dir = find_postgres_bin()
    if bin_dir is None:
        message = "PostgreSQL server binaries not found (install the Debian 'postgresql' package)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = PostgresServer(bin_dir)
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fast_passwords() -> Iterator[None]:
    """Cheap argon2 parameters in tests (the real ones cost ~50 ms a hash); the code path is the same."""
    previous = users.configure_password_hasher(users.fast_hasher_for_tests())
    yield
    users.configure_password_hasher(previous)


@pytest.fixture(autouse=True)
def _no_user_database(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing in a test ever falls back on the real embedded database in the user's data folder."""
    monkeypatch.setenv("DOSEDESK_DATABASE_URL", f"sqlite:///{tmp_path / 'default-guard.sqlite3'}")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'dosedesk.sqlite3'}"


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'dosedesk.sqlite3'}"
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    url = server.create_database()
    yield url
    server.drop_database(url)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    opened = open_database(database_url)
    yield opened
    opened.dispose()


@pytest.fixture
def make_uow(database: Database) -> Callable[..., SqlUnitOfWork]:
    def make(user: Actor | None = None, reason: str | None = None) -> SqlUnitOfWork:
        return SqlUnitOfWork(database.session_factory, user, reason)

    return make


@pytest.fixture
def uow(database: Database) -> SqlUnitOfWork:
    return SqlUnitOfWork(database.session_factory, SystemActor("test"), "test set-up")
