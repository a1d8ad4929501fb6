"""`dosedesk demo [--database URL]`: fill an empty database with a realistic trial, for training and trying out.

Everything goes through the services, as the window would do it, day by day over the last six months with the
clock of each unit of work set to that day, so that the calendar, the orders, the signatures and the audit trail
are what real use would have left: users of the five roles (their demo passwords printed), the protocol signed
off, and sixteen subjects in screening (one awaiting her pregnancy test), eligible and signed, on treatment,
held, reduced, with an omitted Day 15, two screen failures (coded, naming the criteria not met), discontinued
and in follow-up, off study; orders in every state — an infusion stopped early for a reaction
(recorded as a toxicity), one interrupted, a bag remade after its use-before time — and work on today's Today
screen: orders waiting for each step, an infusion running, a bag near and one past its use-before time (on a day
the clinic is closed, the work of the last open day, still pending).

The demo users' passwords are hashed with cheap argon2 parameters (they are printed for anyone to read); a demo
user's first sign-in upgrades the hash to the real parameters.
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import func, or_, select

from app.commands._options import add_database_option
from app.dosing import compute_dose
from app.dosing.order_codes import CHECK_ITEMS
from app.errors import InputError
from app.models import Hold, Subject, SubjectStatus, User, Visit, VisitKind, VisitStatus
from app.scheduling import check_booking, default_clinic
from app.services import eligibility, stock, users
from app.services.clinical import LabInput, record_labs, record_weight
from app.services.database import Database, open_database
from app.services.orders import (
    LotUse,
    cancel_order,
    check_order,
    create_order,
    link_reaction,
    prepare_order,
    prescribe_order,
    record_interruption,
    record_reaction,
    remake_order,
    start_infusion,
    stop_infusion,
    verify_order,
)
from app.services.protocols import (
    TRIAL_PROTOCOL,
    protocol_file,
    protocol_version_info,
    sign_off_protocol_version,
)
from app.services.queries import OrderRow, list_orders, wristband_code
from app.services.subjects import enrol_subject
from app.services.toxicities import (
    decide_toxicity,
    end_follow_up,
    record_and_decide,
    record_toxicity,
    reduce_dose_level,
    resolve_toxicity,
    stop_treatment,
)
from app.services.uow import SqlUnitOfWork
from app.services.visits import book_visit, booking_view, omit_dose_visit, record_visit_done

HISTORY_DAYS = 200
# Today's work, in the order subjects are found for it: a bag past and one near its use-before time, an infusion
# running, a bag checked and one to check, then the orders waiting for the pharmacists and the investigator.
TODAY_STEPS = ("expired", "expiring", "started", "checked", "prepared", "verified", "prescribed", "draft")
STEPS = ("prescribed", "verified", "prepared", "checked", "started", "completed")


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    password: str
    roles: tuple[str, ...]


USERS = (
    DemoUser("admin", "Li Na", "demo-admin-2026", ("admin",)),
    DemoUser("dr.zhang", "Dr Zhang Wei", "demo-investigator-2026", ("investigator",)),
    DemoUser("chen.jing", "Chen Jing", "demo-coordinator-2026", ("coordinator",)),
    DemoUser("wang.fang", "Wang Fang", "demo-pharmacist-2026", ("pharmacist",)),
    DemoUser("liu.yang", "Liu Yang", "demo-pharmacist-2026b", ("pharmacist",)),
    DemoUser("huang.li", "Huang Li", "demo-nurse-2026", ("nurse",)),
)
# Who does what: Wang Fang makes the orders and prepares the bags; Liu Yang verifies them blind and checks the
# bags (separation of duties); Huang Li, a nurse, gives the infusions.
_BY_ROLE = {
    "admin": "admin",
    "investigator": "dr.zhang",
    "coordinator": "chen.jing",
    "pharmacist": "wang.fang",
    "verifier": "liu.yang",
    "checker": "liu.yang",
    "nurse": "huang.li",
}


@dataclass(frozen=True)
class Programme:
    """One demo subject: who, when they were screened, and what happens at which visit.

    `events` maps a visit label to what happens when it falls due: "hold" (neutropenia grade 3, resolved a week
    later), "reduce" (diarrhoea grade 3: hold, one level lower), "hold_open" (a hold still open today), "omit"
    (an investigator omits that Day 15), "skip" (a visit nobody records: overdue), "supersede" (a reduction while its order is a draft), "cancel" (the
    prepared order is cancelled, the dose given the next open day), "pneumonitis" (grade 2: discontinued),
    "progression" (the tumour assessment shows progression: treatment stops), "withdraw" (consent withdrawn
    after that follow-up visit), "reaction" (an infusion reaction: the infusion stopped early, the reaction
    recorded as a toxicity), "interrupt" (the infusion paused a while), "remake" (the bag waited past its
    use-before time and was made again). `today` is the step today's dose has reached (see TODAY_STEPS).
    """

    number: str
    initials: str
    sex: str
    birth: date
    weight: str
    height: str
    screened_days_ago: int
    c1d1_after: int = 7
    allergies: str = ""
    liver_metastases: bool = False
    events: dict[str, str] = field(default_factory=dict)
    today: str | None = None
    screen_failure_after: int | None = None
    # "renal": a repeat creatinine too high; "qtc": an ECG whose QTcF excludes (the criteria not met, coded)
    screen_failure: str = "renal"
    awaiting_pregnancy_test: bool = False  # every other piece of screening evidence recorded and passing


PROGRAMMES = (
    Programme("001-001", "LW", "female", date(1961, 3, 4), "61.4", "158", 175, 7, "penicillin",
              events={"C2D1": "interrupt", "C3D15": "reduce"}, today="started"),
    Programme("001-002", "ZQ", "male", date(1958, 11, 20), "72.5", "171", 147, 7,
              events={"C1D15": "reaction", "C3D1": "hold"}, today="expiring"),
    Programme("001-003", "HM", "female", date(1970, 6, 2), "55.8", "160", 133, 7, "iodine contrast",
              events={"C2D1": "remake", "C2D15": "omit"}, today="expired"),
    Programme("001-004", "CX", "male", date(1955, 1, 15), "68.0", "168", 160, 10,
              events={"C2D1": "supersede", "TA2": "progression"}),
    Programme("001-005", "WY", "female", date(1966, 9, 9), "58.2", "162", 110, 8, liver_metastases=True,
              events={"C3D1": "pneumonitis"}),
    Programme("001-006", "LJ", "male", date(1963, 4, 30), "80.1", "176", 63, 7, events={"TA1": "skip"},
              today="draft"),
    Programme("001-007", "SH", "female", date(1972, 12, 12), "49.6", "155", 49, 7, today="checked"),
    Programme("001-008", "GL", "male", date(1960, 7, 7), "66.3", "170", 63, 7, events={"C2D1": "cancel"},
              today="prepared"),
    Programme("001-009", "TY", "female", date(1975, 2, 28), "63.0", "165", 21, 7, today="prescribed"),
    Programme("001-010", "KM", "male", date(1968, 8, 18), "74.4", "174", 10, 14),
    Programme("001-011", "FZ", "female", date(1979, 5, 5), "52.7", "159", 3, 10, awaiting_pregnancy_test=True),
    Programme("001-015", "YX", "male", date(1969, 1, 24), "77.8", "178", 6, 13),
    Programme("001-012", "BD", "male", date(1957, 10, 1), "69.9", "169", 20, 14, screen_failure_after=5),
    Programme("001-016", "RS", "male", date(1962, 6, 14), "64.1", "167", 41, 14, screen_failure_after=4,
              screen_failure="qtc"),
    Programme("001-013", "QR", "female", date(1959, 3, 21), "57.5", "157", 198, 7,
              events={"TA2": "progression", "SFU": "withdraw"}),
    Programme("001-014", "PN", "male", date(1964, 11, 11), "70.2", "172", 66, 7, events={"C3D1": "hold_open"}),
)  # fmt: skip

_GOOD_LABS = (
    ("neutrophils", "3.1", "10^9/L", "1.8", "6.3"),
    ("platelets", "215", "10^9/L", "125", "350"),
    ("hemoglobin", "121", "g/L", "115", "150"),
    ("ast", "24", "U/L", None, "40"),
    ("alt", "21", "U/L", None, "40"),
    ("bilirubin", "11", "umol/L", None, "21"),
    ("creatinine", "68", "umol/L", "45", "84"),
)


@dataclass(frozen=True)
class DemoSummary:
    users: tuple[DemoUser, ...]
    subjects: int
    orders_by_status: dict[str, int]


class _Demo:
    """The simulation: a clock, the acting users, and what each subject does when a visit falls due."""

    def __init__(self, database: Database, today: date, now: datetime) -> None:
        self.database = database
        self.today = today
        self.real_now = now
        self.clock = now
        self.random = random.Random(7343453)
        self.people: dict[str, users.UserInfo] = {}
        self.passwords = {u.username: u.password for u in USERS}
        self.subjects: dict[str, int] = {}
        self.programmes = {p.number: p for p in PROGRAMMES}
        self.later: dict[date, list[Callable[[], None]]] = defaultdict(list)
        self.fired: set[tuple[int, str]] = set()  # (subject id, visit label) whose event has happened
        self.protocol = protocol_file(TRIAL_PROTOCOL)
        self.clinic = default_clinic(self.protocol)
        # Two lots in stock over the whole demo, expiring well after today whatever today is.
        self.lots = stock.demo_lots(today)

    # --- time and acting users ---

    def at(self, day: date, hour: int, minute: int = 0) -> None:
        moment = datetime.combine(day, time(hour, minute)).astimezone()
        self.clock = min(moment, self.real_now) if day >= self.today else moment

    def now_of_today(self) -> datetime:
        """The moment today's work is shown at: now, or the evening of the open day shown instead."""
        return min(self.real_now, datetime.combine(self.today, time(18, 0)).astimezone())

    def uow(self, role: str | None, reason: str | None = None) -> SqlUnitOfWork:
        actor = self.people[_BY_ROLE[role]] if role is not None else None
        return SqlUnitOfWork(self.database.session_factory, actor, reason, clock=lambda: self.clock)

    def password(self, role: str) -> str:
        return self.passwords[_BY_ROLE[role]]

    # --- set-up ---

    def set_up(self, start: date) -> None:
        self.at(start, 8)
        first = USERS[0]
        self.people[first.username] = users.create_user(
            self.uow(None, "demo set-up"), first.username, first.full_name, first.password, first.roles
        )
        for user in USERS[1:]:
            self.people[user.username] = users.create_user(
                self.uow("admin", "demo set-up"), user.username, user.full_name, user.password, user.roles
            )
        info = protocol_version_info(self.uow("admin", "demo set-up"))
        self.at(start, 9)
        # The principal investigator and a pharmacist each approve the protocol version after their review.
        sign_off_protocol_version(self.uow("investigator"), info.id, self.password("investigator"))
        sign_off_protocol_version(self.uow("pharmacist"), info.id, self.password("pharmacist"))
        self.at(start, 9, 30)
        stock.seed_demo_stock(
            self.uow("pharmacist"),
            self.people[_BY_ROLE["pharmacist"]],
            on=start,
            today=self.today,
            lots=self.lots,
        )

    # --- the clinical steps ---

    def enrol(self, programme: Programme, day: date) -> None:
        self.at(day, 10)
        header = enrol_subject(
            self.uow("coordinator"),
            subject_number=programme.number,
            initials=programme.initials,
            birth_date=programme.birth,
            sex=programme.sex,
            baseline_weight_kg=Decimal(programme.weight),
            height_cm=Decimal(programme.height),
            planned_c1d1=self._open_day(day + timedelta(days=programme.c1d1_after)),
            allergies=programme.allergies,
            liver_metastases=programme.liver_metastases,
            can_become_pregnant=programme.sex == "female" and programme.birth.year > 1975,
            screening_date=day,
            hospital_number=f"ZS{programme.number.replace('-', '')}",  # resources/samples/ import into the demo
        )
        self.subjects[programme.number] = header.id
        self.labs(header.id, day)
        if programme.screen_failure_after is not None:
            failed = day + timedelta(days=programme.screen_failure_after)
            kind = programme.screen_failure
            self.later[failed].append(lambda: self._screen_failure(header.id, failed, kind))
        else:
            self.book_next_dose(header.id, day)
        if programme.awaiting_pregnancy_test:
            self._screening_evidence(header.id, day, pregnancy_test=False)

    def _screen_failure(self, subject_id: int, day: date, kind: str) -> None:
        """The evidence that fails, recorded, then the investigator's coded screen failure naming it."""
        self.at(day, 8, 40)
        if kind == "qtc":  # QT 440 ms at 78 /min: QTcF 480 ms, above the men's limit (E6.qtcf)
            eligibility.record_ecg(
                self.uow("coordinator"), subject_id, day, Decimal(440), heart_rate_bpm=Decimal(78)
            )
            criteria, detail = (
                ["E6.qtcf"],
                "QTcF prolonged on the screening ECG, confirmed on a repeat tracing",
            )
        else:  # creatinine above 1.5 × ULN and a clearance below 50 mL/min (I8.renal)
            record_labs(
                self.uow("coordinator"),
                subject_id,
                [LabInput("creatinine", Decimal(162), "umol/L", Decimal(45), Decimal(84))],
                day,
            )
            criteria, detail = ["I8.renal"], "Creatinine clearance below the eligibility limit on repeat"
        self.at(day, 11)
        eligibility.record_screen_failure(
            self.uow("investigator"), subject_id, "criteria_not_met", criteria, detail
        )

    def _open_day(self, day: date) -> date:
        return self.clinic.next_open_day(day) or day

    def weight_of(self, subject_id: int) -> Decimal:
        number = next(n for n, i in self.subjects.items() if i == subject_id)
        base = Decimal(self.programmes[number].weight)
        wobble = Decimal(self.random.randint(-8, 8)) / Decimal(10)
        return base + wobble

    def weigh(self, subject_id: int, day: date) -> None:
        self.at(day, 8, 5)
        record_weight(self.uow("coordinator"), subject_id, self.weight_of(subject_id), day, "Nurse Huang Li")

    def labs(self, subject_id: int, day: date, anc: str | None = None) -> None:
        self.at(day, 8, 10)
        results = []
        for lab, value, unit, lln, uln in _GOOD_LABS:
            shown = Decimal(value) + Decimal(self.random.randint(-3, 3)) * (
                Decimal("0.1") if "." in value else 1
            )
            if lab == "neutrophils" and anc is not None:
                shown = Decimal(anc)
            results.append(
                LabInput(lab, shown, unit, Decimal(lln) if lln else None, Decimal(uln) if uln else None)
            )
        record_labs(self.uow("coordinator"), subject_id, results, day)

    def order(self, visit_id: int, day: date, upto: str) -> OrderRow:
        """An order for the visit taken up to the step `upto` (draft … completed) on `day`."""
        self.at(day, 8, 20)
        order = create_order(self.uow("pharmacist"), visit_id, planned_date=day)
        steps: list[tuple[str, Callable[[OrderRow], OrderRow]]] = [
            ("prescribed", lambda o: self._prescribe(o, day)),
            ("verified", lambda o: self._verify(o, day)),
            ("prepared", lambda o: self._prepare(o, day)),
            ("checked", lambda o: self._check(o, day)),
            ("started", lambda o: self._start(o, day)),
            ("completed", lambda o: self._complete(o, day)),
        ]
        for name, step in steps:
            if upto == "draft":
                break
            order = step(order)
            if name == upto:
                break
        return order

    def _sign_eligibility(self, subject_id: int, day: date) -> None:
        """The screening evidence the labs table does not hold, recorded on `day`, and eligibility signed."""
        view = eligibility.eligibility_of(self.uow(None), subject_id)
        if view.decision is not None:
            return
        self._screening_evidence(subject_id, day)
        eligibility.sign_eligibility(self.uow("investigator"), subject_id, self.password("investigator"), day)

    def _screening_evidence(self, subject_id: int, day: date, *, pregnancy_test: bool = True) -> None:
        """The screening labs the visit panel lacks, the ECG, LVEF, ECOG, vaccine history, dipstick, a
        pregnancy test (unless `pregnancy_test` is false: still awaited) and the investigator's attestations."""
        view = eligibility.eligibility_of(self.uow(None), subject_id)
        self.at(day, 8, 30)
        record_labs(
            self.uow("coordinator"),
            subject_id,
            [
                LabInput("albumin", Decimal("39"), "g/L"),
                LabInput("inr", Decimal("1.0"), "ratio", uln=Decimal("1.2")),
                LabInput("aptt", Decimal("31"), "s", uln=Decimal("40")),
            ],
            day,
        )
        coordinator = self.uow
        eligibility.record_ecg(
            coordinator("coordinator"), subject_id, day, Decimal(404), heart_rate_bpm=Decimal(72)
        )
        eligibility.record_lvef(coordinator("coordinator"), subject_id, day, Decimal(61))
        eligibility.record_ecog(coordinator("coordinator"), subject_id, 1, day)
        eligibility.record_live_vaccine(coordinator("coordinator"), subject_id, None)
        eligibility.record_urine_dipstick(coordinator("coordinator"), subject_id, day, "-")
        if pregnancy_test:
            eligibility.record_pregnancy_test(
                coordinator("coordinator"), subject_id, day, "serum", "negative"
            )
        eligibility.record_attestations(
            self.uow("investigator"), subject_id, dict.fromkeys(view.attestable, True)
        )

    def _prescribe(self, order: OrderRow, day: date) -> OrderRow:
        if order.visit_label == "C1D1":
            self._sign_eligibility(order.subject_id, day)
        self.at(day, 8, 40)
        return prescribe_order(self.uow("investigator"), order.id, self.password("investigator"))

    def _verify(self, order: OrderRow, day: date) -> OrderRow:
        self.at(day, 9, 0)
        return self._verify_now(order)

    def _lots(self, order: OrderRow) -> list[LotUse]:
        """The two demo lots: full vials from the first, the partial vial from the second."""
        (first_lot, first_expiry, _), (second_lot, second_expiry, _) = self.lots[:2]
        assert order.vials is not None and order.volume_to_draw_ml is not None  # a verified order's figures
        first = order.vials // 2 or 1
        per_vial = self.protocol.product.vial_strength_mg / order.concentration_mg_per_ml  # mL in a full vial
        lots = [LotUse(first_lot, first_expiry, first, first * per_vial)]
        rest = order.vials - first
        if rest:
            lots.append(
                LotUse(second_lot, second_expiry, rest, order.volume_to_draw_ml - lots[0].volume_drawn_ml)
            )
        else:
            lots[0] = LotUse(first_lot, first_expiry, first, order.volume_to_draw_ml)
        return lots

    def _prepare(self, order: OrderRow, day: date, when: datetime | None = None) -> OrderRow:
        self.at(day, 9, 30)
        if day >= self.today:  # today's bags are fresh: made within the last hour
            self.clock = max(self.clock, self.now_of_today() - timedelta(minutes=50))
        if when is not None:
            self.clock = when
        return prepare_order(
            self.uow("pharmacist"),
            order.id,
            self.password("pharmacist"),
            lots=self._lots(order),
            prepared_at=self.clock,
        )

    def _check(self, order: OrderRow, day: date) -> OrderRow:
        """Liu Yang checks the bag Wang Fang made and releases it to the ward."""
        prepared = order.prepared_at or self.clock
        self.clock = max(self.clock, prepared + timedelta(minutes=15))
        return check_order(
            self.uow("checker"),
            order.id,
            self.password("checker"),
            confirmed=[item.value for item in CHECK_ITEMS],
        )

    def _start(self, order: OrderRow, day: date) -> OrderRow:
        """The nurse scans the bag and the wristband, and signs the start."""
        start = max(datetime.combine(day, time(10, 0)).astimezone(), (order.checked_at or self.clock))
        if day >= self.today:  # today's infusion started a quarter of an hour ago (or once it was checked)
            start = max(order.checked_at or self.clock, self.now_of_today() - timedelta(minutes=15))
        self.clock = start + timedelta(minutes=2) if day >= self.today else start
        return start_infusion(
            self.uow("nurse"),
            order.id,
            self.password("nurse"),
            bag_code=order.order_number,
            subject_code=wristband_code(order.subject_number),
            started_at=start,
        )

    def _complete(self, order: OrderRow, day: date) -> OrderRow:
        assert order.started_at is not None
        end = order.started_at + timedelta(minutes=order.infusion_minutes + 5)
        self.clock = max(self.clock, end + timedelta(minutes=5))
        return stop_infusion(self.uow("nurse"), order.id, self.password("nurse"), ended_at=end)

    def _reaction(self, order: OrderRow, day: date) -> None:
        """An infusion reaction twenty minutes in: the nurse stops the infusion and records it; the
        investigator records it as a toxicity (grade 2), linked to the reaction."""
        assert order.started_at is not None and order.final_volume_ml is not None
        at = order.started_at + timedelta(minutes=20)
        self.clock = max(self.clock, at + timedelta(minutes=5))
        record_reaction(
            self.uow("nurse"),
            order.id,
            note="Flushing, chest tightness and a rash 20 minutes in; infusion stopped, antihistamine given",
            grade=2,
            at=at,
        )
        given = (order.final_volume_ml * Decimal(20) / Decimal(order.infusion_minutes)).quantize(
            Decimal("0.1")
        )
        stopped = stop_infusion(
            self.uow("nurse"),
            order.id,
            self.password("nurse"),
            ended_at=at + timedelta(minutes=1),
            volume_given_ml=given,
            reason="infusion_reaction",
            note="Infusion related reaction grade 2; the investigator saw the patient",
        )
        self.clock += timedelta(minutes=20)
        terms = self.protocol.toxicity.terms.get("infusion_reaction", ("Infusion related reaction",))
        outcome = record_toxicity(self.uow("investigator"), stopped.subject_id, terms[0], 2, day)
        link_reaction(self.uow("investigator"), stopped.events[-1].id, outcome.toxicity.id)

    def _interrupted(self, order: OrderRow, day: date) -> None:
        """Paused ten minutes for a blocked line, then completed."""
        assert order.started_at is not None
        pause = order.started_at + timedelta(minutes=10)
        self.clock = max(self.clock, pause + timedelta(minutes=25))
        record_interruption(
            self.uow("nurse"),
            order.id,
            note="Line occluded: flushed and re-sited",
            started_at=pause,
            ended_at=pause + timedelta(minutes=10),
        )
        end = order.started_at + timedelta(minutes=order.infusion_minutes + 15)
        self.clock = max(self.clock, end + timedelta(minutes=5))
        stop_infusion(self.uow("nurse"), order.id, self.password("nurse"), ended_at=end)

    def _remade(self, visit_id: int, day: date) -> None:
        """The patient waited on the ward: the bag passed its use-before time, was made again, then given."""
        early = datetime.combine(day, time(7, 30)).astimezone()
        self.clock = early - timedelta(minutes=40)
        order = create_order(self.uow("pharmacist"), visit_id, planned_date=day)
        self.clock = early - timedelta(minutes=30)
        order = prescribe_order(self.uow("investigator"), order.id, self.password("investigator"))
        self.clock = early - timedelta(minutes=20)
        order = self._verify_now(order)
        room = self.protocol.preparation.beyond_use_room_hours
        order = self._prepare(order, day, early)
        self.clock = early + timedelta(hours=room, minutes=20)
        order = remake_order(
            self.uow("pharmacist"),
            order.id,
            self.password("pharmacist"),
            reason="expired",
            note="Patient delayed by a CT scan overrunning",
            lots=self._lots(order),
            prepared_at=self.clock,
        )
        self._complete(self._start(self._check(order, day), day), day)

    def give_dose(self, subject_id: int, visit_id: int, day: date) -> None:
        if self._status(subject_id) not in (SubjectStatus.SCREENING, SubjectStatus.ON_TREATMENT):
            return  # treatment stopped earlier today (a tumour assessment showed progression)
        self.weigh(subject_id, day)
        self.labs(subject_id, day)
        self.order(visit_id, day, "completed")
        self.book_next_dose(subject_id, day)

    def next_dose_visit(self, subject_id: int) -> Visit | None:
        with self.uow(None) as uow:
            visits = uow.session.execute(
                select(Visit).where(
                    Visit.subject_id == subject_id,
                    Visit.kind == VisitKind.DOSE,
                    Visit.status.in_((VisitStatus.PLANNED, VisitStatus.BOOKED)),
                )
            ).scalars()
            found = min(visits, key=lambda v: (v.cycle or 0, v.day or 0), default=None)
            if found is not None:
                uow.session.expunge(found)
            return found

    def book_next_dose(self, subject_id: int, day: date, reason: str | None = None) -> None:
        """The coordinator books the next dose: on its suggested day, else the next open day with a reason.

        For a subject meant to have a dose today, the last Day 1 before today is set where today's dose will
        fall inside its window (at most a couple of days off the suggestion, with a reason).
        """
        visit = self.next_dose_visit(subject_id)
        if visit is None:
            return
        self.at(day, 15)
        when = visit.suggested_date
        if when is None or when <= day:
            when = self._open_day(day + timedelta(days=1))
            reason = reason or "Next open clinic day after the wait"
        aligned = self._aligned_day_1(subject_id, visit, when, day)
        if aligned is not None and aligned != when:
            when, reason = aligned, reason or "Moved to suit the patient's travel"
        try:
            book_visit(self.uow("coordinator"), visit.id, when, reason)
        except InputError:
            book_visit(
                self.uow("coordinator"),
                visit.id,
                when,
                reason or "Booked by the clinic to fit the chair list",
            )

    def _aligned_day_1(self, subject_id: int, visit: Visit, when: date, day: date) -> date | None:
        number = next(n for n, i in self.subjects.items() if i == subject_id)
        if self.programmes[number].today is None or visit.day != self.protocol.regimen.dose_days[0]:
            return None
        cycle = self.protocol.regimen.cycle_length_days
        gap = self.protocol.schedule.min_interval_days
        for offset in (cycle, cycle // 2):  # today is that Day 1's next Day 1, or its Day 15
            goal = self.today - timedelta(days=offset)
            if not -4 <= (goal - when).days <= 8:  # a Day 1 may wait a week, or come a few days early
                continue
            earliest = max(day + timedelta(days=1), self._last_dose(subject_id) + timedelta(days=gap))
            candidates = sorted(
                (goal + timedelta(days=shift) for shift in range(-2, 3)),
                key=lambda d: (abs((d - goal).days), d < goal),
            )
            for candidate in candidates:
                if candidate >= earliest and self.clinic.is_open(candidate):
                    return candidate
        return None

    def _last_dose(self, subject_id: int) -> date:
        with self.uow(None) as uow:
            last = uow.session.execute(
                select(func.max(Visit.actual_date)).where(
                    Visit.subject_id == subject_id,
                    Visit.kind == VisitKind.DOSE,
                    Visit.status == VisitStatus.DONE,
                )
            ).scalar_one()
        return last or date.min

    # --- what falls due ---

    def due(self, day: date) -> list[tuple[int, int, str, str]]:
        """(subject id, visit id, label, kind) of the visits falling on `day`, by subject number: booked that
        day, or not booked with its suggested day come and its window still open; no dose while held."""
        with self.uow(None) as uow:
            held = set(uow.session.execute(select(Hold.subject_id).where(Hold.end_date.is_(None))).scalars())
            rows = uow.session.execute(
                select(Subject.id, Visit.id, Visit.label, Visit.kind, Subject.subject_number)
                .join(Subject)
                .where(
                    Visit.status.in_((VisitStatus.PLANNED, VisitStatus.BOOKED)),
                    Visit.kind != VisitKind.SCREENING,
                    Subject.status.in_(
                        (SubjectStatus.SCREENING, SubjectStatus.ON_TREATMENT, SubjectStatus.FOLLOW_UP)
                    ),
                    or_(
                        Visit.booked_date == day,
                        Visit.booked_date.is_(None)
                        & (Visit.suggested_date <= day)
                        & (Visit.window_end >= day),
                    ),
                )
                .order_by(Subject.subject_number, Visit.target_date)
            ).all()
        return [(r[0], r[1], r[2], str(r[3])) for r in rows if not (r[3] == VisitKind.DOSE and r[0] in held)]

    def on_visit(self, subject_id: int, visit_id: int, label: str, kind: str, day: date) -> None:
        number = next(n for n, i in self.subjects.items() if i == subject_id)
        programme = self.programmes[number]
        if programme.events.get(label) == "skip":
            return  # left unrecorded: the clinic list shows it overdue
        event = None
        if (subject_id, label) not in self.fired:
            event = programme.events.get(label)
            self.fired.add((subject_id, label))
        if kind != VisitKind.DOSE:
            self.at(day, 11)
            done_note = "CT chest and abdomen (RECIST 1.1)" if kind == VisitKind.TUMOUR_ASSESSMENT else None
            record_visit_done(self.uow("coordinator"), visit_id, day, done_note)
            if event == "progression":
                self.at(day, 16)
                stop_treatment(
                    self.uow("investigator"),
                    subject_id,
                    day,
                    "PROGRESSIVE DISEASE",
                    f"RECIST 1.1 progression at {label}",
                )
            elif event == "withdraw":
                later = self._open_day(day + timedelta(days=20))
                self.later[later].append(lambda: self._withdraw(subject_id, later))
            return
        if event in ("hold", "reduce", "hold_open"):
            self._toxicity_hold(subject_id, day, event)
        elif event == "omit":
            self.at(day, 9)
            omit_dose_visit(
                self.uow("investigator"), visit_id, "subject_request", "Grade 2 fatigue and a family emergency"
            )
            self.book_next_dose(subject_id, day)
        elif event == "pneumonitis":
            self.labs(subject_id, day)
            self.at(day, 11)
            record_and_decide(self.uow("investigator"), subject_id, "Pneumonitis", 2, day - timedelta(days=2))
        elif event == "supersede":
            self.weigh(subject_id, day)
            self.labs(subject_id, day)
            self.order(visit_id, day, "draft")
            self.at(day, 8, 50)
            reduce_dose_level(
                self.uow("investigator"),
                subject_id,
                "adverse_event",
                "Grade 2 oral mucositis recurring each cycle: one level lower from this dose",
                day,
            )
            replacement = self._draft_of(visit_id)
            order = self._prepare(self._verify(self._prescribe(replacement, day), day), day)
            self._complete(self._start(self._check(order, day), day), day)
            self.book_next_dose(subject_id, day)
        elif event == "cancel":
            self.weigh(subject_id, day)
            self.labs(subject_id, day)
            prepared = self.order(visit_id, day, "prepared")
            self.at(day, 10, 15)
            cancel_order(
                self.uow("investigator"),
                prepared.id,
                self.password("investigator"),
                reason="patient_unwell",
                detail="Patient febrile (38.4 °C) on arrival; dose deferred a day",
            )
            self.book_next_dose(subject_id, day, "Deferred one day: febrile on arrival")
        elif event in ("reaction", "interrupt") and self._status(subject_id) == SubjectStatus.ON_TREATMENT:
            self.weigh(subject_id, day)
            self.labs(subject_id, day)
            running = self.order(visit_id, day, "started")
            if event == "reaction":
                self._reaction(running, day)
            else:
                self._interrupted(running, day)
            self.book_next_dose(subject_id, day)
        elif event == "remake" and self._status(subject_id) == SubjectStatus.ON_TREATMENT:
            self.weigh(subject_id, day)
            self.labs(subject_id, day)
            self._remade(visit_id, day)
            self.book_next_dose(subject_id, day)
        else:
            self.give_dose(subject_id, visit_id, day)

    def _draft_of(self, visit_id: int) -> OrderRow:
        with self.uow(None) as uow:
            subject_id = uow.session.execute(
                select(Visit.subject_id).where(Visit.id == visit_id)
            ).scalar_one()
        drafts = [
            o
            for o in list_orders(self.uow(None), status="draft", subject_id=subject_id)
            if o.visit_id == visit_id
        ]
        return drafts[-1]

    def _toxicity_hold(self, subject_id: int, day: date, event: str) -> None:
        if event == "reduce":
            self.labs(subject_id, day)
            self.at(day, 11)
            outcome = record_and_decide(
                self.uow("investigator"), subject_id, "Diarrhea", 3, day - timedelta(days=3)
            )
            resolve_after = 6
        else:
            self.labs(subject_id, day, anc="0.8")
            self.at(day, 11)
            recorded = record_toxicity(
                self.uow("investigator"), subject_id, "Neutrophil count decreased", 3, day
            )
            outcome = decide_toxicity(self.uow("investigator"), recorded.toxicity.id)
            resolve_after = 8
        if event == "hold_open":
            return
        toxicity_id = outcome.toxicity.id
        resolved = self._open_day(day + timedelta(days=resolve_after))
        if resolved < self.today:
            self.later[resolved].append(lambda: self._resolve(subject_id, toxicity_id, resolved))

    def _resolve(self, subject_id: int, toxicity_id: int, day: date) -> None:
        self.labs(subject_id, day)
        self.at(day, 12)
        resolve_toxicity(
            self.uow("investigator"), toxicity_id, day, "Back to grade 1 or better on today's labs"
        )
        self.book_next_dose(subject_id, day, "Resuming after the hold")

    def _withdraw(self, subject_id: int, day: date) -> None:
        self.at(day, 14)
        end_follow_up(
            self.uow("investigator"),
            subject_id,
            day,
            "WITHDRAWAL BY SUBJECT",
            "Withdrew consent for further follow-up",
        )

    # --- today ---

    def today_work(self) -> None:
        """Today's events, then orders at each step for today's doses (for the Today screen).

        The subjects named for a step come first; a dose is moved to today only inside its window (or, when no
        subject is left, outside it with a reason), never sooner than the minimum interval after the last dose.
        """
        day = self.today
        for programme in PROGRAMMES:  # a hold still open today, even when its visit has not come yet
            subject_id = self.subjects.get(programme.number)
            labels = [label for label, event in programme.events.items() if event == "hold_open"]
            if subject_id is None or not labels or (subject_id, labels[0]) in self.fired:
                continue
            if self._status(subject_id) == SubjectStatus.ON_TREATMENT:
                self.fired.add((subject_id, labels[0]))
                self._toxicity_hold(subject_id, day, "hold_open")
        wanted = list(TODAY_STEPS)
        used: set[int] = set()
        ordered = [p for p in PROGRAMMES if p.today] + [p for p in PROGRAMMES if not p.today]
        # In the window first; then a subject in screening whose C1D1 moves to today; then out of the window.
        for stage in ("in window", "first dose", "out of window", "ahead"):
            for programme in ordered:
                found = self.subjects.get(programme.number)
                if not wanted:
                    return
                if found is None or found in used or programme.awaiting_pregnancy_test:
                    continue
                subject_id = found
                status = self._status(subject_id)
                if (stage == "first dose") != (status == SubjectStatus.SCREENING):
                    continue
                if status not in (SubjectStatus.SCREENING, SubjectStatus.ON_TREATMENT) or self._held(
                    subject_id
                ):
                    continue
                visit = self.next_dose_visit(subject_id)
                if visit is None:
                    continue
                if stage == "ahead":
                    self._order_ahead(subject_id, visit, wanted, used)
                    continue
                view = booking_view(self.uow("coordinator"), visit.id)
                codes = {w.code for w in check_booking(view.visit, day, view.clinic)}
                if view.moves_first_dose:
                    codes.discard("out_of_window")
                if "too_soon" in codes or (stage == "in window" and "out_of_window" in codes):
                    continue
                step = programme.today if programme.today in wanted else wanted[0]
                if visit.booked_date != day:
                    self.at(day, 7)
                    reason = "Infusion chair free today; the patient agreed" if codes else None
                    book_visit(self.uow("coordinator"), visit.id, day, reason)
                self.weigh(subject_id, day)
                self.labs(subject_id, day)
                if step in ("expired", "expiring"):
                    self._aged_bag(visit.id, day, expired=step == "expired")
                else:
                    self.order(visit.id, day, step)
                wanted.remove(step)
                used.add(subject_id)

    def _order_ahead(self, subject_id: int, visit: Visit, wanted: list[str], used: set[int]) -> None:
        """An order checked ahead for a dose booked within the weight's age (not prepared: a bag waits for no
        one)."""
        day = self.today
        when = visit.booked_date
        ahead = [step for step in wanted if step in ("draft", "prescribed", "verified")]
        if (
            not ahead
            or when is None
            or not day < when <= day + timedelta(days=self.protocol.dosing.weight_max_age_days)
        ):
            return
        self.weigh(subject_id, day)
        self.labs(subject_id, day)
        self.at(day, 8, 20)
        order = create_order(self.uow("pharmacist"), visit.id, planned_date=when)
        if ahead[0] in ("prescribed", "verified"):
            order = self._prescribe(order, day)
        if ahead[0] == "verified":
            self._verify(order, day)
        wanted.remove(ahead[0])
        used.add(subject_id)

    def _aged_bag(self, visit_id: int, day: date, *, expired: bool) -> None:
        """A bag made early enough today to be past its use-before time now (checked, the patient late), or
        to have half an hour left (still to check)."""
        now = self.now_of_today()
        hours = self.protocol.preparation.beyond_use_room_hours
        # Early in the morning this is last evening: the bag waited overnight for today's infusion.
        prepared = now - timedelta(hours=hours) + timedelta(minutes=-25 if expired else 30)
        self.clock = prepared - timedelta(minutes=40)
        order = create_order(self.uow("pharmacist"), visit_id, planned_date=day)
        self.clock = prepared - timedelta(minutes=30)
        order = prescribe_order(self.uow("investigator"), order.id, self.password("investigator"))
        self.clock = prepared - timedelta(minutes=20)
        order = self._verify_now(order)
        self.clock = prepared
        order = prepare_order(
            self.uow("pharmacist"), order.id, self.password("pharmacist"), lots=self._lots(order)
        )
        if expired:
            self.clock = prepared + timedelta(minutes=15)
            self._check(order, day)
        self.clock = now

    def _verify_now(self, order: OrderRow) -> OrderRow:
        """Liu Yang recomputes the dose blind: from the weight and level shown, with the protocol's rounding."""
        plan = compute_dose(
            self.protocol, weight_kg=order.weight_kg, level_mg_per_kg=order.dose_level_mg_per_kg
        )
        return verify_order(
            self.uow("verifier"),
            order.id,
            self.password("verifier"),
            weight_kg=order.weight_kg,
            dose_level_mg_per_kg=order.dose_level_mg_per_kg,
            final_dose_mg=plan.final_mg,
            volume_to_draw_ml=plan.withdraw_ml,
        )

    def _status(self, subject_id: int) -> SubjectStatus:
        with self.uow(None) as uow:
            status: SubjectStatus = uow.session.execute(
                select(Subject.status).where(Subject.id == subject_id)
            ).scalar_one()
            return status

    def _held(self, subject_id: int) -> bool:
        with self.uow(None) as uow:
            held = uow.session.execute(
                select(Hold.id).where(Hold.subject_id == subject_id, Hold.end_date.is_(None))
            ).first()
        return held is not None

    # --- the run ---

    def run(self) -> None:
        # On a day the clinic is closed, the work shown is that of the last open day (still pending today).
        while not self.clinic.is_open(self.today):
            self.today -= timedelta(days=1)
        start = self.today - timedelta(days=HISTORY_DAYS)
        self.set_up(start)
        screenings: dict[date, list[Programme]] = defaultdict(list)
        for programme in PROGRAMMES:
            screenings[self._open_day(self.today - timedelta(days=programme.screened_days_ago))].append(
                programme
            )
        day = start
        while day < self.today:
            for programme in screenings.get(day, []):
                self.enrol(programme, day)
            for action in self.later.pop(day, []):
                action()
            for subject_id, visit_id, label, kind in self.due(day):
                self.on_visit(subject_id, visit_id, label, kind, day)
            day += timedelta(days=1)
        for when, programmes in sorted(screenings.items()):
            for programme in programmes if when >= self.today else ():
                self.enrol(programme, self.today)
        self.at(self.today, 7, 30)
        stock.finish_demo_stock(
            self.uow("pharmacist"),
            self.people[_BY_ROLE["pharmacist"]],
            self.password("pharmacist"),
            today=self.today,
        )
        self.today_work()


def fill_demo(database: Database, *, today: date | None = None, now: datetime | None = None) -> DemoSummary:
    """Fill an empty database with the demo trial as of `today` (default: today). Refuses a database in use."""
    moment = (now or datetime.now().astimezone()).astimezone()
    day = today or moment.date()
    if today is not None and now is None:
        moment = datetime.combine(day, time(18, 0)).astimezone()
    with database.uow() as uow:
        has_users = uow.session.execute(select(func.count(User.id))).scalar_one()
        has_subjects = uow.session.execute(select(func.count(Subject.id))).scalar_one()
    if has_users or has_subjects:
        raise InputError(
            f"{database.describe()} already holds users or subjects; the demo fills only an empty database "
            "(give another --database)."
        )
    previous = users.configure_password_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    try:
        _Demo(database, day, moment).run()
    finally:
        users.configure_password_hasher(previous)
    counts: dict[str, int] = defaultdict(int)
    for order in list_orders(database.uow()):
        counts[order.display_status] += 1
    with database.uow() as uow:
        subjects = uow.session.execute(select(func.count(Subject.id))).scalar_one()
    return DemoSummary(USERS, int(subjects), dict(counts))


def _demo(args: argparse.Namespace) -> int:
    database = open_database(getattr(args, "database", None))
    try:
        summary = fill_demo(database)
        where = database.describe()
    finally:
        database.dispose()
    print(f"Demo trial written to {where}: {summary.subjects} subjects.")
    print(
        "Orders: "
        + ", ".join(f"{count} {status}" for status, count in sorted(summary.orders_by_status.items()))
    )
    print("Demo users (user name / password / roles):")  # the nurse too: she gives the infusions
    for user in summary.users:
        print(f"  {user.username:<10} {user.password:<24} {', '.join(user.roles)}  ({user.full_name})")
    return 0


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="fill an empty database with a realistic demo trial")
    add_database_option(parser)
    parser.set_defaults(handler=_demo)
