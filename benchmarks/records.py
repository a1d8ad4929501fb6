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

Then two figures of workstations at work together (`concurrency_figures`; `--seconds` long each):

    reads     how long `list patients`, `stock list` and `print day` wait while another process holds a write
              transaction (target: not at all: the same time as with nobody writing)
    writers   two processes e-signing stock returns side by side, each as its own pharmacist on its own lot,
              with argon2's real cost: commits per second of each and the longest any one commit waited
              (target: neither starves: each gets at least a third of the commits, none waits 2 s)

Then the cost of tamper evidence: the same change committed with and without the witness of the audit trail's
head (app.services.witness: one 8 KiB block rewritten per commit), taken in turns so both see the same disk;
`record_problems` on one order (what a service may call before a transition); and one whole `dosedesk check`.
And the lab import (`lab_import_figures`, on a small database of its own beside FILE; `--labs-only` runs it
alone): a laboratory's CSV export of 1,000 results for 50 subjects, previewed (read, matched, converted, graded,
checked against what is held) and imported (one audited unit of work), against the 2 s target for both.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, select

from app.dosing.order_codes import CHECK_ITEMS
from app.errors import DoseDeskError
from app.models import AuditLog, InfusionOrder, Lot, Subject, User, Visit, VisitKind, VisitStatus
from app.services import integrity, paper, queries, stock, users, witness
from app.services.audit import SystemActor
from app.services.clinical import LabInput, record_labs, record_weight
from app.services.database import Database, backup_sqlite, check_report, open_database
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
        if not info.signed_off:  # an investigator and a pharmacist approve it
            sign_off_protocol_version(self.uow("investigator"), info.id, PASSWORD)
            sign_off_protocol_version(self.uow("pharmacist"), info.id, PASSWORD)
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
    tamper_evidence(database, append, repeat)
    database.dispose()
    return all(results)


# --- workstations at work together ----------------------------------------------------------------------

BENCH_LOTS = {"bench.one": "BENCH-1", "bench.two": "BENCH-2"}
WAIT_TARGET_S = 2.0


def _concurrency_setup(url: str) -> None:
    """Two pharmacists whose passwords carry argon2's real cost, and a lot each (made once, then kept)."""
    database = open_database(url, create=False)
    try:
        admin = users.sign_in(database.uow(), "admin", PASSWORD)
        known = {info.username for info in users.list_users(database.read_uow(admin))}
        for username, lot in BENCH_LOTS.items():
            if username not in known:
                users.create_user(
                    database.uow(admin, "benchmark"), username, username, PASSWORD, ["pharmacist"]
                )
            with database.read_uow() as work:
                have = work.session.execute(select(Lot.id).where(Lot.lot_number == lot)).first()
            if have is None:
                pharmacist = users.sign_in(database.uow(), username, PASSWORD)
                today = datetime.now(UTC).date()
                receive_shipment(
                    database.uow(pharmacist, "benchmark stock"),
                    reference=f"SH-{lot}",
                    received_on=today,
                    lots=[LotReceipt(lot, Decimal("200"), today + timedelta(days=900), 100_000)],
                    protocol_id="nct07343453",
                )
    finally:
        database.dispose()


def _hold_write_transaction(url: str, seconds: float, ready: Any) -> None:
    """Another workstation in the middle of a write transaction for `seconds`."""
    database = open_database(url, create=False, migrate=False)
    with database.uow(SystemActor("benchmark holder")) as work:
        # The write lock (SQLite, from the transaction's first statement) and a row lock (PostgreSQL) are held.
        work.session.execute(select(Subject.id).limit(1).with_for_update()).all()
        ready.set()
        time.sleep(seconds)
    database.dispose()


def _reads(url: str) -> dict[str, Callable[[], Any]]:
    def list_patients() -> None:  # as `dosedesk list patients` does it: open, read, close
        database = open_database(url, create=False)
        queries.patient_list(database.read_uow())
        database.dispose()

    def stock_list() -> None:
        database = open_database(url, create=False)
        stock.list_lots(database.read_uow())
        database.dispose()

    def print_day() -> None:
        database = open_database(url, create=False)
        paper.print_day(database.read_uow(), CLINIC_DAY)
        database.dispose()

    return {"list patients": list_patients, "stock list": stock_list, "print day": print_day}


def read_wait(url: str, repeat: int) -> bool:
    """How long the read commands wait while another process holds a write transaction."""
    import multiprocessing

    reads = _reads(url)
    alone = {name: statistics.median(timed(read, repeat)) for name, read in reads.items()}
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    holder = context.Process(target=_hold_write_transaction, args=(url, 600.0, ready))
    holder.start()
    try:
        if not ready.wait(120):
            raise RuntimeError("the holding process did not start")
        ok = True
        for name, read in reads.items():
            started = time.perf_counter()
            try:
                times = timed(read, repeat)
                held = statistics.median(times)
                waited = max(0.0, max(times) - alone[name])
                verdict = "OK" if waited < 250 else "WAITS"
            except DoseDeskError as exc:
                held, waited, verdict = (
                    float("nan"),
                    (time.perf_counter() - started) * 1000,
                    f"REFUSED ({exc})",
                )
            ok = ok and verdict == "OK"
            print(
                f"reads    {name:<14} alone {alone[name]:7.1f} ms   beside a writer {held:7.1f} ms   "
                f"longest wait {waited:7.1f} ms   {verdict} (target: no wait)"
            )
    finally:
        holder.kill()
        holder.join()
    return ok


def _signing_writer(url: str, username: str, seconds: float, start: Any, results: Any) -> None:
    """E-signed returns of one vial, one after another, for `seconds`: each call's time, and the refusals."""
    database = open_database(url, create=False, migrate=False)
    pharmacist = users.sign_in(database.uow(), username, PASSWORD)
    start.wait()
    latencies: list[float] = []
    refused = 0
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        began = time.perf_counter()
        try:
            stock.return_to_sponsor(
                database.uow(pharmacist, "benchmark"), BENCH_LOTS[username], 1, "benchmark return", PASSWORD
            )
            latencies.append(time.perf_counter() - began)
        except DoseDeskError:
            refused += 1
    database.dispose()
    results.put((username, latencies, refused))


def two_writers(url: str, seconds: float) -> bool:
    """Two processes e-signing side by side: neither may starve the other."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    start = context.Event()
    results = context.Queue()
    writers = [
        context.Process(target=_signing_writer, args=(url, name, seconds, start, results))
        for name in BENCH_LOTS
    ]
    for writer in writers:
        writer.start()
    time.sleep(5)  # both signed in and waiting
    start.set()
    found = [results.get(timeout=seconds + 300) for _ in writers]
    for writer in writers:
        writer.join()
    total = sum(len(latencies) for _name, latencies, _refused in found) or 1
    ok = True
    for name, latencies, refused in sorted(found):
        share = len(latencies) / total
        longest = max(latencies, default=float("inf"))
        fair = share >= 1 / 3 and longest < WAIT_TARGET_S
        ok = ok and fair
        print(
            f"writers  {name:<10} {len(latencies) / seconds:6.1f} commits/s   share {share:4.0%}   "
            f"median {statistics.median(latencies or [0.0]) * 1000:6.0f} ms   longest {longest * 1000:6.0f} ms   "
            f"refused {refused}   {'OK' if fair else 'STARVED'} (target: a third or more, no wait of "
            f"{WAIT_TARGET_S:g} s)"
        )
    return ok


def concurrency_figures(url: str, repeat: int, seconds: float) -> bool:
    users.configure_password_hasher(PasswordHasher())  # argon2's real cost, as at the pharmacy
    _concurrency_setup(url)
    return all([read_wait(url, min(repeat, 10)), two_writers(url, seconds)])


def tamper_evidence(database: Database, append: Callable[[], None], repeat: int) -> None:
    """What the witness adds to a committed write, what one record's check costs, and a whole check."""
    witnessed: list[float] = []
    unwitnessed: list[float] = []
    append()
    for _ in range(repeat):  # in turns, so that both see the same disk and caches
        for times, plain in ((witnessed, False), (unwitnessed, True)):
            started = time.perf_counter()
            if plain:
                with witness.suspended():
                    append()
            else:
                append()
            times.append((time.perf_counter() - started) * 1000)
    with_median, without_median = statistics.median(witnessed), statistics.median(unwitnessed)
    print(
        f"commit   median {with_median:7.2f} ms with the witness, {without_median:7.2f} ms without: "
        f"{with_median - without_median:+.2f} ms per committed write"
    )
    witness.reset_witness(database, "benchmark")  # else the check below names the changes made without it
    with database.read_session_factory() as session:
        order = session.execute(select(InfusionOrder).order_by(InfusionOrder.id.desc()).limit(1)).scalar_one()
        times = timed(lambda: integrity.record_problems(session, order), repeat)
    print(f"record   median {statistics.median(times):7.2f} ms   record_problems of one order")
    started = time.perf_counter()
    found = check_report(database)
    print(
        f"check    {time.perf_counter() - started:7.1f} s    the whole check "
        f"({len(found.problems)} problems, {len(found.notes)} notes)"
    )
LAB_IMPORT_TARGET_S = 2.0
LAB_IMPORT_RESULTS = 1_000
_LAB_PANEL = (
    ("751-8", "10^9/L", "1.8-6.3", ("1.9", "2.4", "3.1", "4.6")),
    ("777-3", "10^9/L", "125-350", ("140", "210", "265")),
    ("718-7", "g/L", "115-150", ("112", "121", "134")),
    ("6690-2", "10^9/L", "3.5-9.5", ("4.1", "5.6", "7.2")),
    ("1742-6", "U/L", "9-50", ("18", "27", "44")),
    ("1920-8", "U/L", "15-40", ("19", "25", "38")),
    ("1975-2", "mg/dL", "0-1.2", ("0.4", "0.6", "0.9")),
    ("14682-9", "µmol/L", "57-111", ("62", "77", "95")),
    ("1751-7", "g/L", "40-55", ("38", "42", "47")),
    ("6301-6", "", "0.8-1.2", ("0.9", "1.0", "1.1")),
)


def lab_import_figures(work_dir: Path) -> bool:
    """Time the preview and the import of a 1,000-result laboratory export (see the module's doc)."""
    from app.services import lab_import

    path = work_dir / f"dosedesk-bench-labs-{os.getpid()}.sqlite3"
    users.configure_password_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    database = open_database(f"sqlite:///{path}")
    try:
        today = date.today()
        admin = users.create_user(
            SqlUnitOfWork(database.session_factory), "admin", "Admin", "bench-pass-1", ["admin"]
        )
        coordinator = users.create_user(
            SqlUnitOfWork(database.session_factory, admin),
            "coordinator",
            "Coordinator",
            "bench-pass-1",
            ["coordinator"],
        )
        info = protocol_version_info(SqlUnitOfWork(database.session_factory, admin))
        for role in ("investigator", "pharmacist"):  # the two approvals that sign the protocol off
            reviewer = users.create_user(
                SqlUnitOfWork(database.session_factory, admin), role, role.title(), "bench-pass-1", [role]
            )
            sign_off_protocol_version(SqlUnitOfWork(database.session_factory, reviewer), info.id, "bench-pass-1")
        subjects = 50
        for index in range(subjects):
            enrol_subject(
                SqlUnitOfWork(database.session_factory, coordinator),
                subject_number=f"900-{index:03d}",
                initials="BM",
                birth_date=date(1960, 1, 1) + timedelta(days=97 * index),
                sex="female" if index % 2 else "male",
                baseline_weight_kg=Decimal("65"),
                height_cm=Decimal("165"),
                planned_c1d1=today + timedelta(days=7),
                hospital_number=f"BM{index:06d}",
            )
        randomness = random.Random(15)
        lines = ["Hospital number,Test code,Result,Unit,Reference range,Collected,Accession number"]
        per_subject = LAB_IMPORT_RESULTS // subjects
        for index in range(subjects):
            for draw in range(per_subject // len(_LAB_PANEL)):
                day = today - timedelta(days=1 + draw * 3)
                for code, unit, limits, values in _LAB_PANEL:
                    lines.append(
                        f"BM{index:06d},{code},{randomness.choice(values)},{unit},{limits},"
                        f"{day.isoformat()} 07:{10 + index % 50:02d},A{index:03d}{draw:02d}"
                    )
        content = ("\n".join(lines) + "\n").encode("utf-8")
        started = time.perf_counter()
        preview = lab_import.preview_import(database.read_uow(coordinator), content, file_name="bench.csv")
        previewed = time.perf_counter() - started
        started = time.perf_counter()
        done = lab_import.commit_import(
            database.uow(coordinator), content, preview.identity, file_name="bench.csv"
        )
        imported = time.perf_counter() - started
    finally:
        database.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    ok = (
        previewed < LAB_IMPORT_TARGET_S
        and imported < LAB_IMPORT_TARGET_S
        and len(done.stored) == len(preview.rows)
    )
    print(
        f"labs     preview {previewed:5.2f} s   import {imported:5.2f} s   "
        f"({len(done.stored):,} of {len(preview.rows):,} results stored)   "
        f"{'OK' if ok else 'OVER'} (target {LAB_IMPORT_TARGET_S:g} s each)"
    )
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", default="/tmp/dosedesk-bench-records.sqlite3")
    parser.add_argument("--subjects", type=int, default=500)
    parser.add_argument("--audit-rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="how long the two writers write side by side"
    )
    parser.add_argument("--labs-only", action="store_true", help="time the lab import alone")
    args = parser.parse_args(argv)
    url = args.database
    if args.labs_only:
        return 0 if lab_import_figures(Path(tempfile.gettempdir())) else 1
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
    measured = measure(url, args.repeat)
    together = concurrency_figures(url, args.repeat, args.seconds)
    labs = lab_import_figures(Path(tempfile.gettempdir()))
    return 0 if measured and together and labs else 1


if __name__ == "__main__":
    sys.exit(main())
