"""`dosedesk stock receive --protocol-file FILE`: the file is used for the receipt only when given as a file, and
the command says how it stands against the registered versions — the same content, or content that differs
from the registered version of its id and version (never passed off as it). `--protocol ID` is an id only."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.cli import main
from app.models import Lot, ProtocolVersion
from app.paths import protocols_dir
from app.services.database import Database
from app.services.protocols import register_shipped_protocols, reset_protocol_files

from .test_stock_fixtures import PASSWORD, TODAY, people

EXPIRY = TODAY + timedelta(days=400)
SHIPPED = protocols_dir() / "nct07343453.toml"


@pytest.fixture(autouse=True)
def _shipped_files_afterwards():
    yield
    reset_protocol_files()


def _receive(
    capsys: pytest.CaptureFixture[str], database_url: str, shipment: str, *more: str
) -> tuple[int, str, str]:
    try:
        code = main(
            [
                *("stock", "receive", "--database", database_url, "--user", "wang.fang"),
                *("--shipment", shipment, "--date", TODAY.isoformat(), "--lot", f"{shipment}-L:4:{EXPIRY}"),
                *more,
            ]
        )
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_protocol_file_is_said_to_differ_from_the_registered_version(
    database: Database,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people(database)
    register_shipped_protocols(database.uow())  # as the window does at start
    monkeypatch.setenv("DOSEDESK_PASSWORD", PASSWORD)
    monkeypatch.chdir(tmp_path)
    changed = tmp_path / "nct07343453"  # a stray file bearing the id, vial strength 180 mg
    changed.write_bytes(
        SHIPPED.read_bytes().replace(b'vial_strength_mg = "200"', b'vial_strength_mg = "180"')
    )

    code, out, err = _receive(capsys, database_url, "S1")  # the shipped protocol: the stray file is not read
    assert (code, err) == (0, "")
    code, out, err = _receive(capsys, database_url, "S2", "--protocol-file", str(SHIPPED))
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith("Protocol nct07343453 version 1.0 (file ") and "registered" in out

    code, out, err = _receive(capsys, database_url, "S3", "--protocol-file", str(changed))
    assert (code, err) == (0, ""), err
    first = out.splitlines()[0]
    assert "DIFFERS from the registered nct07343453 version 1.0" in first, first
    with database.session_factory() as session:
        strengths = dict(session.execute(select(Lot.lot_number, Lot.strength_mg)).all())
        versions = (
            session.execute(
                select(ProtocolVersion.fingerprint).where(ProtocolVersion.protocol_id == "nct07343453")
            )
            .scalars()
            .all()
        )
    assert strengths == {"S1-L": 200, "S2-L": 200, "S3-L": 180}
    assert len(set(versions)) == 2  # the changed content is a version of its own, unconfirmed

    code, _out, err = _receive(capsys, database_url, "S4", "--protocol", str(changed))
    assert code == 2 and "--protocol-file" in err and err.count("\n") == 1
