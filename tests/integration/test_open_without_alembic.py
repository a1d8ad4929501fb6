"""Opening an up-to-date database does not import Alembic (start-up stays fast); a database behind the shipped
migrations is still upgraded through Alembic; the migration files read without Alembic agree with Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from app.models import migrate
from app.models.migrate import at_head, head_revision, shipped_head, stored_revision, upgrade
from app.services.database import open_database

ROOT = Path(__file__).resolve().parents[2]


def test_the_files_read_without_alembic_name_alembics_head():
    assert shipped_head() == head_revision()


def test_an_up_to_date_database_opens_without_importing_alembic(database_url: str, tmp_path: Path):
    open_database(database_url).dispose()  # created (through Alembic) in this process
    code = (
        "import sys\n"
        "from app.services.database import open_database\n"
        f"database = open_database({database_url!r})\n"
        "database.dispose()\n"
        "print(sorted(m for m in sys.modules if m == 'alembic' or m.startswith('alembic.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_a_database_behind_the_shipped_migrations_is_still_upgraded(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    first = open_database(url, migrate=False)
    with first.engine.begin() as connection:
        upgrade(connection, "0001")
        assert stored_revision(connection) == "0001" and not at_head(connection)
    first.dispose()
    database = open_database(url)
    try:
        with database.engine.connect() as connection:
            assert stored_revision(connection) == head_revision()
            assert at_head(connection)
        assert database.upgrade_backup is not None and database.upgrade_backup.exists()
    finally:
        database.dispose()


def _versions(folder: Path, files: dict[str, str]) -> None:
    versions = folder / "versions"
    versions.mkdir(parents=True)
    (versions / "__init__.py").write_text("")
    for name, body in files.items():
        (versions / name).write_text(body)


@pytest.mark.parametrize(
    ("files", "head"),
    [
        (
            {
                "a.py": 'revision: str = "0001"\ndown_revision: str | None = None\n',
                "b.py": "revision = '0002'\ndown_revision = '0001'\n",
            },
            "0002",
        ),
        (  # two branches: only Alembic may tell
            {
                "a.py": 'revision = "0001"\ndown_revision = None\n',
                "b.py": 'revision = "0002"\ndown_revision = "0001"\n',
                "c.py": 'revision = "0003"\ndown_revision = "0001"\n',
            },
            None,
        ),
        ({"a.py": 'revision = "0001"\ndown_revision = None\n', "b.py": "# no revision line\n"}, None),
        ({}, None),
    ],
    ids=["line", "branches", "unreadable", "none"],
)
def test_the_files_that_do_not_read_plainly_leave_it_to_alembic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], head: str | None
):
    _versions(tmp_path, files)
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", tmp_path)
    assert shipped_head() == head
