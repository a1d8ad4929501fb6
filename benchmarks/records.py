"""Records benchmark: a trial database of 500 subjects with full histories and 200,000 audit rows.

    .venv/bin/python benchmarks/records.py [--database FILE] [--subjects 500] [--audit-rows 200000]
                                           [--repeat 30] [--rebuild]

Builds the database once (cached in FILE, default /tmp/dosedesk-bench-records.sqlite3), every record through the
services: users, the signed-off protocol, subjects enrolled with their calendars at every stage of treatment, and every visit before
the clinic day recorded: each dose with its weight, labs, and an order taken through prescribe, verify, prepare
check, start and stop (all e-signed), each tumour assessment done. Staff sign-ins (audited) then bring the audit log
to `--audit-rows`. Then it times, `--repeat` times:

    open      open_database(FILE) (schema check) and a first read
    clinic    queries.clinic_list for the clinic day
    chart     queries.subject_chart for one subject
    append    one audited change (subjects.correct_subject, committed: synchronous=FULL, fsync included)

and prints median and 95th percentile in ms against the 50 ms target. `--database postgresql://…` works too.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.dosing.order_codes import CHECK_ITEMS
from app.models import AuditLog, Subject, User, Visit, VisitKind, VisitStatus
from app.services import queries, users
from app.services.audit import SystemActor
from app.services.clinical import LabInput, record_labs, record_weight
from app.services.database import Database, backup_sqlite, open_database
from app.services.orders import (
    LotUse,
    check_order,
    create_order,
    prepare_order,
    prescribe_order,
    start_infusion,
    stop_infusion,
    verify_order,
)
from app.services.protocols import protocol_version_info, sign_off_protocol_version
from app.services.queries import wristband_code
from app.services.stock import LotReceipt, receive_shipment
from app.services.subjects import correct_subject, enrol_subject
from app.services.uow import SqlUnitOfWork
from app.services.visits import record_visit_done

TARGET_MS = 50.0
PASSWORD = "benchmark password"
CLINIC_DAY = date(2026, 9, 14)  # a Monday: the day whose clinic list is timed
TREATED_DAYS = 240
LABS = (
    LabInput("neutrophils", Decimal("2.4"), "10^9/L"),
    LabInput("platelets", Decimal("210"), "10^9/L"),
    LabInput("hemoglobin", Decimal("118"), "g/L"),
    LabInput("ast", Decimal("24"), "U/L", uln=Decimal("40")),
    LabInput("alt", Decimal("21"), "U/L", uln=Decimal("40")),
    LabInput("bilirubin", Decimal("11"), "umol/L", uln=Decimal("21")),
    LabInput("creatinine", Decimal("68"), "umol/L", Decimal("45"), Decimal("84")),
)
# One lot feeds every preparation of the build: received before the first dose, in date throughout.
LOT = "LOT-B7"
LOT_EXPIRY = date(2029, 6, 30)
LOT_VIALS = 40_000
STAFF = (
    ("coordinator", "Chen Jing", ["coordinator"]),
    ("investigator", "Dr Zhang Wei", ["investigator"]),
    ("pharmacist", "Wang Fang", ["pharmacist"]),
    ("pharmacist2", "Liu Yang", ["pharmacist"]),
    ("nurse", "Huang Li", ["nurse"]),
)


class Builder:
    def __init__(self, database: Database) -> None:
        self.database = database
        self.now = datetime(2025, 12, 1, 8, 0, tzinfo=UTC)
        self.people: dict[str, users.UserInfo] = {}

    def clock(self) -> datetime:
        return self.now

    def uow(self, who: str | None) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.database.session_factory, self.people.get(who or ""), clock=self.clock)

    def staff(self) -> None:
        self.people["admin"] = users.create_user(self.uow(None), "admin", "Admin Li", PASSWORD, ["admin"])
        for name, full, roles in STAFF:
            self.people[name] = users.create_user(self.uow("admin"), name, full, PASSWORD, roles)
        info = protocol_version_info(self.uow("admin"))
        if not info.signed_off:
            sign_off_protocol_version(self.uow("admin"), info.id, PASSWORD)
        receive_shipment(
            self.uow("pharmacist"),
            reference="SH-BENCH",
            received_on=self.now.date(),
            lots=[LotReceipt(LOT, Decimal("200"), LOT_EXPIRY, LOT_VIALS)],
            protocol_id=info.protocol_id,
        )

    def subject(self, index: int, count: int) -> None:
        """Enrol subject `index`, then record every visit of its calendar that falls before the clinic day.

        Nine in ten subjects started within the eight months before the clinic day (so they are at every point
        of treatment); the rest are in screening, starting soon after.
        """
        if index % 10 == 9:
            c1d1 = CLINIC_DAY + timedelta(days=3 + index % 20)
        else:
            c1d1 = CLINIC_DAY - timedelta(days=1 + (index * 7919) % TREATED_DAYS)
        self.at(c1d1 - timedelta(days=7))
        weight = Decimal(55 + index % 30) + Decimal(index % 10) / 10
        header = enrol_subject(
            self.uow("coordinator"),
            subject_number=f"{1 + index // 100:03d}-{index % 100 + 1:03d}",
            initials="".join(random.choice("ABCDEFGHJKLMNPQRSTWXYZ") for _ in range(2)),
            birth_date=date(1950 + index % 30, 1 + index % 12, 1 + index % 28),
            sex="female" if index % 2 else "male",
            baseline_weight_kg=weight,
            height_cm=Decimal(150 + index % 35),
            planned_c1d1=c1d1,
            screening_date=c1d1 - timedelta(days=7),
        )
        while (visit := self.next_visit(header.id)) is not None:
            visit_id, kind, target = visit
            if kind == VisitKind.DOSE:
                self.give_dose(header.id, visit_id, target, weight)
            else:
                self.at(target)
                record_visit_done(self.uow("coordinator"), visit_id, target)

    def next_visit(self, subject_id: int) -> tuple[int, VisitKind, date] | None:
        """The subject's next open visit before the clinic day (targets move as doses are given)."""
        with self.uow(None) as uow:
            row = uow.session.execute(
                select(Visit.id, Visit.kind, Visit.target_date)
                .where(
                    Visit.subject_id == subject_id,
                    Visit.status.in_([VisitStatus.PLANNED, VisitStatus.BOOKED]),
                    Visit.target_date < CLINIC_DAY,
                )
                .order_by(Visit.target_date, Visit.id)
                .limit(1)
            ).first()
        return None if row is None else (row[0], row[1], row[2])

    def at(self, day: date) -> None:
        self.now = datetime.combine(day, clock_time(8), tzinfo=UTC)

    def give_dose(self, subject_id: int, visit_id: int, day: date, weight: Decimal) -> None:
        self.at(day)
        record_weight(self.uow("coordinator"), subject_id, weight, day, "nurse Ho")
        record_labs(self.uow("coordinator"), subject_id, list(LABS), day)
        order = create_order(self.uow("pharmacist"), visit_id)
        order = prescribe_order(self.uow("investigator"), order.id, PASSWORD)
        assert order.final_dose_mg is not None  # the prescriber sees the figures
        order = verify_order(
            self.uow("pharmacist2"),
            order.id,
            PASSWORD,
            weight_kg=order.weight_kg,
            dose_level_mg_per_kg=order.dose_level_mg_per_kg,
            final_dose_mg=order.final_dose_mg,
            volume_to_draw_ml=order.volume_to_draw_ml,
        )
        assert order.vials is not None and order.volume_to_draw_ml is not None  # verified: not blind
        lots = [LotUse(LOT, LOT_EXPIRY, order.vials, order.volume_to_draw_ml)]
        order = prepare_order(self.uow("pharmacist"), order.id, PASSWORD, lots=lots, prepared_at=self.now)
        self.now += timedelta(minutes=10)
        confirmed = [item.value for item in CHECK_ITEMS]
        order = check_order(self.uow("pharmacist2"), order.id, PASSWORD, confirmed=confirmed)
        self.now += timedelta(minutes=30)
        order = start_infusion(
            self.uow("nurse"),
            order.id,
            PASSWORD,
            bag_code=order.order_number,
            subject_code=wristband_code(order.subject_number),
        )
        self.now += timedelta(minutes=order.infusion_minutes + 5)
        stop_infusion(self.uow("nurse"), order.id, PASSWORD)

    def pad_audit(self, total: int) -> None:
        """Staff sign-ins, each an audited change, until the audit log holds `total` rows."""
        with self.database.session_factory() as session:
            have = session.execute(select(func.count(AuditLog.id))).scalar_one()
        moment = datetime(2026, 1, 1, 7, 0, tzinfo=UTC)
        while have < total:
            batch = min(2000, total - have)
            uow = SqlUnitOfWork(self.database.session_factory, SystemActor("sign-in"), "signed in")
            with uow:
                staff = list(uow.session.execute(select(User)).scalars())
                for step in range(batch):
                    moment += timedelta(minutes=7)
                    staff[step % len(staff)].last_sign_in_at = moment
                    uow.session.flush()
                uow.commit()
            have += batch


def build(url: str, subjects: int, audit_rows: int) -> None:
    users.configure_password_hasher(users.fast_hasher_for_tests())  # the signing path, without argon2's cost
    random.seed(7)
    database = open_database(url)
    builder = Builder(database)
    started = time.perf_counter()
    builder.staff()
    for index in range(subjects):
        builder.subject(index, subjects)
        if (index + 1) % 50 == 0:
            print(f"  {index + 1} subjects ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    builder.pad_audit(audit_rows)
    database.dispose()
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def timed(function: Callable[[], Any], repeat: int) -> list[float]:
    function()  # warm the caches once, as a running app has them
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def report(name: str, times: list[float]) -> bool:
    median = statistics.median(times)
    p95 = sorted(times)[max(0, round(0.95 * len(times)) - 1)]
    ok = p95 < TARGET_MS
    print(
        f"{name:<8} median {median:7.1f} ms   p95 {p95:7.1f} ms   {'OK' if ok else 'OVER'} (target {TARGET_MS:g} ms)"
    )
    return ok


def measure(url: str, repeat: int) -> bool:
    database = open_database(url)
    with database.session_factory() as session:
        counts = {
            "subjects": session.execute(select(func.count(Subject.id))).scalar_one(),
            "visits": session.execute(select(func.count(Visit.id))).scalar_one(),
            "audit rows": session.execute(select(func.count(AuditLog.id))).scalar_one(),
        }
        subject_id = session.execute(
            select(Subject.id).order_by(Subject.id).offset(counts["subjects"] // 2).limit(1)
        ).scalar_one()
        coordinator = session.execute(select(User).where(User.username == "coordinator")).scalar_one()
        actor = users.UserInfo.of(coordinator)
    day = CLINIC_DAY
    print(f"database: {database.describe()}  " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    print(f"clinic day {day.isoformat()}, chart of subject id {subject_id}")

    def open_and_read() -> None:
        opened = open_database(url, create=False)
        with opened.session_factory() as session:
            session.execute(select(Subject.id).limit(1)).all()
        opened.dispose()

    def clinic() -> None:
        queries.clinic_list(database.uow(), day)

    def chart() -> None:
        queries.subject_chart(database.uow(), subject_id, day)

    flip = [False]

    def append() -> None:
        flip[0] = not flip[0]
        allergies = "penicillin" if flip[0] else "penicillin (rash)"
        correct_subject(database.uow(actor), subject_id, "allergy history clarified", allergies=allergies)

    results = [
        report("open", timed(open_and_read, repeat)),
        report("clinic", timed(clinic, repeat)),
        report("chart", timed(chart, repeat)),
        report("append", timed(append, repeat)),
    ]
    database.dispose()
    return all(results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="/tmp/dosedesk-bench-records.sqlite3")
    parser.add_argument("--subjects", type=int, default=500)
    parser.add_argument("--audit-rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    args = parser.parse_args(argv)
    url = args.database
    is_file = "://" not in url or url.startswith("sqlite")
    path = Path(url.removeprefix("sqlite:///")) if is_file else None
    if path is not None and args.rebuild:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    if path is None:
        print(f"building {url} …", file=sys.stderr)
        build(url, args.subjects, args.audit_rows)
    elif not path.exists():
        # Build in memory-backed storage when there is some (tens of thousands of fsyncs otherwise), then copy
        # it into place with the backup API: the timings below run on the real file and disk.
        scratch_dir = Path("/dev/shm") if Path("/dev/shm").is_dir() else path.parent
        scratch = scratch_dir / f"dosedesk-bench-build-{os.getpid()}.sqlite3"
        print(f"building {path} (in {scratch_dir}) …", file=sys.stderr)
        try:
            build(str(scratch), args.subjects, args.audit_rows)
            backup_sqlite(scratch, path)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    return 0 if measure(url, args.repeat) else 1


if __name__ == "__main__":
    sys.exit(main())
