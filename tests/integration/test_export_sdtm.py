"""`dosedesk export sdtm` and the exposure report: read every dataset back and check it against the records."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from app.cli import main
from app.commands.demo import fill_demo
from app.errors import InputError
from app.export.sdtm import MAX_LENGTH
from app.models import GIVEN_ORDER_STATUSES, AuditLog, InfusionOrder, LabResult, Toxicity, Weight
from app.printing.exposure import render_exposure
from app.services.audit import SystemActor
from app.services.database import Database, check_report, open_database
from app.services.export import EXPORT_TABLE, export_sdtm, exposure
from tests.integration._services import World, snapshot

DOMAINS = ("dm", "ds", "ex", "ec", "ae", "lb", "vs", "sv")
XPT_STAMP = re.compile(rb"\d\d[A-Z]{3}\d\d:\d\d:\d\d:\d\d")


def _world(database: Database) -> tuple[World, list[str]]:
    world = World.build(database).at(date(2026, 3, 2), 8)
    first = world.enrol("001-001", c1d1=date(2026, 3, 2))
    second = world.enrol("001-002", c1d1=date(2026, 3, 2), initials="ZQ", sex="male", weight="72")
    given = [world.give_dose(first, "C1D1").order_number, world.give_dose(second, "C1D1", kg="72").order_number]
    return world, given


def _xpt(path: Path) -> pd.DataFrame:
    import pyreadstat

    full, meta = pyreadstat.read_xport(str(path))
    if len(full) == 0:  # pandas cannot read a dataset without observations
        return full
    frame = pd.read_sas(path, format="xport", encoding="utf-8")
    assert list(frame.columns) == list(meta.column_names) and meta.table_name == path.stem.upper()
    # pandas reads the IBM zero of SAS transport as 16**-65 (pyreadstat and SAS read 0): take it as 0
    return frame.apply(lambda col: col.mask(col.abs() < 1e-70, 0.0) if col.dtype.kind == "f" else col)


def test_every_domain_reads_back_and_matches_the_records(database: Database, tmp_path: Path) -> None:
    world, given = _world(database)
    result = export_sdtm(world.uow("investigator"), tmp_path)
    assert set(result.counts) == {d.upper() for d in DOMAINS}
    with database.session_factory() as session:
        orders = {
            o.order_number: o
            for o in session.execute(
                select(InfusionOrder).where(InfusionOrder.status.in_(GIVEN_ORDER_STATUSES))
            ).scalars()
        }
        labs = session.execute(select(func.count()).select_from(LabResult)).scalar_one()
        weights = session.execute(select(func.count()).select_from(Weight)).scalar_one()
        toxicities = session.execute(select(func.count()).select_from(Toxicity)).scalar_one()
    assert sorted(orders) == sorted(given)
    for name in DOMAINS:
        frame = _xpt(tmp_path / f"{name}.xpt")
        assert len(frame) == result.counts[name.upper()]
        assert all(len(column) <= 8 for column in frame.columns)
        assert (frame["DOMAIN"] == name.upper()).all() if len(frame) else True
        csv = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
        assert list(csv.columns) == list(frame.columns) and len(csv) == len(frame)
        content = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
        assert content["datasetJSONVersion"] == "1.1.0" and content["name"] == name.upper()
        assert content["records"] == len(content["rows"]) == len(frame)
        assert [c["name"] for c in content["columns"]] == list(frame.columns)
        for column in content["columns"]:
            assert {"itemOID", "name", "label", "dataType"} <= set(column) and len(column["label"]) <= 40
            assert column["dataType"] in {"string", "integer", "decimal"}
            if column["dataType"] == "string":
                assert 1 <= column["length"] <= MAX_LENGTH
        assert all(len(row) == len(content["columns"]) for row in content["rows"])
    ex = _xpt(tmp_path / "ex.xpt")
    assert len(ex) == len(orders)  # one row per administered infusion
    for _, row in ex.iterrows():
        order = orders[row["EXLNKID"]]
        assert Decimal(str(row["EXDOSE"])) == order.final_dose_mg
        assert row["EXDOSU"] == "mg" and row["EXROUTE"] == "INTRAVENOUS"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d", row["EXSTDTC"])
    assert len(_xpt(tmp_path / "lb.xpt")) == labs
    assert len(_xpt(tmp_path / "vs.xpt")) == weights
    assert len(_xpt(tmp_path / "ae.xpt")) == toxicities
    dm = _xpt(tmp_path / "dm.xpt")
    assert list(dm["USUBJID"]) == ["NCT07343453-001-001", "NCT07343453-001-002"]
    assert list(dm["SEX"]) == ["F", "M"] and list(dm["BRTHDTC"]) == ["1961-03-04", "1961-03-04"]
    assert (tmp_path / "define.html").read_text(encoding="utf-8").count("<h2 id=") == len(DOMAINS)


def test_the_export_is_audited_read_only_and_deterministic(database: Database, tmp_path: Path) -> None:
    world, _given = _world(database)
    before = snapshot(database)
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    one = export_sdtm(world.uow("investigator"), first)
    world.at(date(2026, 3, 3), 9)
    two = export_sdtm(world.uow("admin"), second)
    after = snapshot(database)
    assert {k: v for k, v in after.items() if k != "audit_log"} == {
        k: v for k, v in before.items() if k != "audit_log"
    }
    for name in sorted(one.files):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if name.endswith(".xpt"):
            a, b = XPT_STAMP.sub(b"", a), XPT_STAMP.sub(b"", b)
        elif name.endswith(".json"):  # the creation time is the first line after the brace
            a, b = (re.sub(rb'"datasetJSONCreationDateTime": "[^"]*"', b"", x) for x in (a, b))
        elif name.endswith(".html"):
            a, b = (re.sub(rb"Created [^<]* by", b"", x) for x in (a, b))
        assert a == b, name
    with database.session_factory() as session:
        rows = list(
            session.execute(select(AuditLog).where(AuditLog.table_name == EXPORT_TABLE).order_by(AuditLog.id))
            .scalars()
        )
    assert [r.user_name for r in rows] == ["Dr Zhang Wei", "Admin Li"]
    assert json.loads(rows[0].new_value or "{}")["files"] == one.files
    assert json.loads(rows[1].new_value or "{}")["files"] == two.files
    report = check_report(database)
    assert report.problems == [] and report.notes == []


def test_a_user_who_may_not_export_is_refused(database: Database, tmp_path: Path) -> None:
    world, _given = _world(database)
    before = snapshot(database)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InputError, match=r"investigator|administrator"):
        export_sdtm(world.uow("pharmacist"), out)
    assert snapshot(database) == before and list(out.iterdir()) == []


def test_the_command_refuses_bad_input_in_one_line(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_database(sqlite_url).dispose()
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    for argv in (
        ["export", "sdtm", "--out", str(tmp_path / "missing")],
        ["export", "sdtm", "--out", str(tmp_path), "--format", "sas7bdat"],
        ["export", "sdtm", "--out", str(tmp_path), "--subjects", "999-999"],
        ["report", "exposure", "--out", str(tmp_path / "no" / "x.pdf")],
    ):
        with pytest.raises(SystemExit) as stop:
            code = main([*argv, "--database", sqlite_url])
            raise SystemExit(code)
        err = capsys.readouterr().err.strip()
        assert stop.value.code == 2, argv
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_the_demo_trial_exports_and_reports(sqlite_url: str, tmp_path: Path) -> None:
    database = open_database(sqlite_url)
    try:
        fill_demo(database, today=date(2026, 2, 24))
        done = export_sdtm(database.uow(SystemActor("test")), tmp_path, ("xpt",))
        with database.session_factory() as session:
            toxicities = session.execute(
                select(func.count()).select_from(Toxicity).where(Toxicity.cancelled.is_(False))
            ).scalar_one()
            given = session.execute(
                select(func.count())
                .select_from(InfusionOrder)
                .where(InfusionOrder.status.in_(GIVEN_ORDER_STATUSES))
            ).scalar_one()
        assert done.counts["AE"] == toxicities > 0 and done.counts["EX"] == given > 0
        ae = _xpt(tmp_path / "ae.xpt")
        assert set(ae["AEACN"]) <= {"DOSE NOT CHANGED", "DRUG INTERRUPTED", "DOSE REDUCED", "DRUG WITHDRAWN",
                                    "NOT APPLICABLE"}
        assert ae["AELLTCD"].notna().all()
        data, figures = exposure(database.read_uow(None))
        assert figures and all(f.planned_mg_per_kg_week == Decimal("2.5") for f in figures)
        pdf = render_exposure(data, figures, "zh")
        assert pdf.startswith(b"%PDF") and b"Helvetica" not in pdf
    finally:
        database.dispose()


def test_the_exposure_report_goes_to_standard_output_for_a_dash(
    sqlite_url: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    open_database(sqlite_url).dispose()
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    assert main(["report", "exposure", "--out", "-", "--database", sqlite_url]) == 0
    assert capsysbinary.readouterr().out.startswith(b"%PDF")
    assert list(here.iterdir()) == []  # no file named "-"
