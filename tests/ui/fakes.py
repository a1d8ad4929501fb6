"""A backend held in memory, for tests of the window's shell (sign-in, lock, roles) only.

Workflow tests use the real services on a real database; this fake stands in where the database is not what
is being tested.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

from app.errors import InputError
from app.ui.session import SignedInUser


@dataclass
class MemoryBackend:
    users: dict[str, tuple[str, SignedInUser]] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    threads: set[int] = field(default_factory=set)

    def _note(self, name: str) -> None:
        self.calls.append(name)
        self.threads.add(threading.get_ident())

    def describe(self) -> str:
        return "memory"

    def add(self, username: str, password: str, *roles: str, full_name: str = "") -> SignedInUser:
        user = SignedInUser(len(self.users) + 1, username, full_name or username.title(), frozenset(roles))
        self.users[username] = (password, user)
        return user

    def has_users(self) -> bool:
        self._note("has_users")
        return bool(self.users)

    def create_first_admin(self, username: str, full_name: str, password: str) -> SignedInUser:
        self._note("create_first_admin")
        if self.users:
            raise InputError("There is already an administrator.")
        if len(password) < 8:
            raise InputError("The password must have at least 8 characters.")
        return self.add(username, password, "admin", full_name=full_name)

    def sign_in(self, username: str, password: str) -> SignedInUser:
        self._note("sign_in")
        entry = self.users.get(username)
        if entry is None or entry[0] != password:
            raise InputError("The user name or the password is wrong.")
        return entry[1]

    def unlock(self, user: SignedInUser, password: str) -> None:
        self._note("unlock")
        if self.users[user.username][0] != password:
            raise InputError("The password is wrong.")

    def change_password(self, user: SignedInUser, old_password: str, new_password: str) -> SignedInUser:
        self._note("change_password")
        self.unlock(user, old_password)
        self.users[user.username] = (new_password, user)
        return user

    def set_user_language(self, user: SignedInUser, language: str | None) -> SignedInUser:
        self._note(f"set_user_language {language}")
        password, _old = self.users[user.username]
        changed = replace(user, language=language)
        self.users[user.username] = (password, changed)
        return changed


# --- patients, from the clinical core, for screen tests until the services land -------------------------

from datetime import date, datetime, timedelta  # noqa: E402
from decimal import Decimal  # noqa: E402

from app.protocol import load_protocol  # noqa: E402
from app.scheduling import TreatmentHistory, build_calendar  # noqa: E402
from app.ui.charts import TimelineEvent  # noqa: E402
from app.ui.views import (  # noqa: E402
    DoseRow,
    HistoryRow,
    PatientSummary,
    SubjectChart,
    SubjectHeader,
    ToxicityRow,
    WeightRow,
)

PROTOCOL = load_protocol("nct07343453")
AS_OF = date(2026, 1, 26)


@dataclass
class FakeSubject:
    subject_id: int
    number: str
    initials: str
    history: TreatmentHistory
    toxicities: list[ToxicityRow] = field(default_factory=list)
    history_rows: list[HistoryRow] = field(default_factory=list)


@dataclass
class PatientBackend(MemoryBackend):
    subjects: dict[int, FakeSubject] = field(default_factory=dict)

    def supports(self, feature: str) -> bool:
        return feature == "patients"

    def add_subject(self, number: str, initials: str, c1d1: date, doses: dict[str, date]) -> FakeSubject:
        subject = FakeSubject(
            len(self.subjects) + 1, number, initials, TreatmentHistory(c1d1=c1d1, doses=doses)
        )
        self.subjects[subject.subject_id] = subject
        return subject

    def _calendar(self, s: FakeSubject):
        return build_calendar(PROTOCOL, s.history, as_of=AS_OF, until=AS_OF + timedelta(days=120))

    def list_patients(self) -> list[PatientSummary]:
        self._note("list_patients")
        out = []
        for s in self.subjects.values():
            nxt = self._calendar(s).next_dose_visit()
            out.append(
                PatientSummary(
                    s.subject_id,
                    s.number,
                    s.initials,
                    "on_treatment",
                    nxt.cycle if nxt else None,
                    Decimal(5),
                    nxt.label if nxt else None,
                    nxt.best_date if nxt else None,
                )
            )
        return out

    def subject_chart(self, subject_id: int, viewer: SignedInUser | None = None) -> SubjectChart:
        self._note("subject_chart")
        s = self.subjects[subject_id]
        header = SubjectHeader(
            s.subject_id,
            s.number,
            s.initials,
            date(1961, 5, 4),
            "female",
            "on_treatment",
            "penicillin",
            Decimal("71.3"),
            False,
            Decimal(5),
            PROTOCOL.id,
            PROTOCOL.version,
            False,
            s.history.c1d1,
        )
        doses = tuple(
            DoseRow(label, day, Decimal(5), Decimal("71.3"), Decimal("356"), "completed")
            for label, day in sorted(s.history.doses.items(), key=lambda kv: kv[1])
        )
        return SubjectChart(
            header=header,
            visits=self._calendar(s).visits,
            dose_days=PROTOCOL.regimen.dose_days,
            timeline=tuple(
                TimelineEvent(d.day, "dose", d.label, level_mg_per_kg=d.level_mg_per_kg) for d in doses
            ),
            doses=doses,
            weights=(WeightRow(s.history.c1d1, Decimal("71.3"), Decimal(0)),),
            toxicities=tuple(s.toxicities),
            history=tuple(s.history_rows),
            weight_warn_percent=PROTOCOL.dosing.weight_change_warn_percent,
            as_of=AS_OF,
        )

    def book_visit(self, user: SignedInUser, subject_id: int, label: str, day: date, reason: str | None):
        self._note("book_visit")
        s = self.subjects[subject_id]
        booked = dict(s.history.booked)
        booked[label] = day
        s.history = TreatmentHistory(c1d1=s.history.c1d1, doses=s.history.doses, booked=booked)
        s.history_rows.append(
            HistoryRow(datetime(2026, 1, 26, 9), user.full_name, "visit", "booked", None, str(day), reason)
        )
        return day

    def record_toxicity(self, user: SignedInUser, subject_id: int, entry):
        self._note("record_toxicity")
        self.subjects[subject_id].toxicities.append(
            ToxicityRow(
                entry.term,
                entry.grade,
                entry.onset,
                None,
                entry.action,
                entry.proposed.rule,
                not entry.confirmed,
                entry.reason,
            )
        )
        return entry


@dataclass
class ProtocolBackend(PatientBackend):
    signed_by: str | None = None
    signed_at: datetime | None = None

    def supports(self, feature: str) -> bool:
        return feature in {"patients", "protocol_signoff"}

    def protocol_status(self, protocol_id: str):
        from app.ui.views import ProtocolStatus

        self._note("protocol_status")
        return ProtocolStatus(
            1, PROTOCOL.id, PROTOCOL.version, PROTOCOL.fingerprint, self.signed_by, self.signed_at
        )

    def sign_off_protocol(self, user: SignedInUser, version_id: int, password: str):
        self.unlock(user, password)
        self.signed_by, self.signed_at = user.full_name, datetime(2026, 1, 26, 10, 30)
        return self.protocol_status(PROTOCOL.id)


def one_page_pdf(text: str) -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _calendar_pdf(self: PatientBackend, subject_number: str, language: str | None = None) -> bytes:
    import time

    self._note(f"calendar_pdf {subject_number} {language}")
    time.sleep(self.paper_delay)
    return one_page_pdf(f"Calendar {subject_number}")


PatientBackend.paper_delay = 0.0  # type: ignore[attr-defined]
PatientBackend.calendar_pdf = _calendar_pdf  # type: ignore[attr-defined]


def _day_list_pdf(self: PatientBackend, day: date, viewer: Any = None, language: str = "en") -> bytes:
    self._note(f"day_list_pdf {day} {language}")
    return one_page_pdf(f"Day {day}")


PatientBackend.day_list_pdf = _day_list_pdf  # type: ignore[attr-defined]
PatientBackend.paper_languages = lambda self: ("en", "zh")  # type: ignore[attr-defined]
PatientBackend.wristband_pdf = lambda self, number, language=None: one_page_pdf(f"Wristband {number}")  # type: ignore[attr-defined]


def _today(self: PatientBackend, day: date, viewer: SignedInUser | None = None):
    from app.ui.views import ClinicRow, TodayView

    self._note(f"today {day}")
    rows = []
    for s in self.subjects.values():
        for v in self._calendar(s).visits:
            if not v.is_open:
                continue
            if v.booked == day:
                group = "booked" if v.window_start <= day <= v.window_end else "out_of_window"
            elif v.window_end < day:
                group = "overdue"
            elif v.window_start <= day:
                group = "due"
            else:
                continue
            rows.append(
                ClinicRow(
                    0,
                    s.subject_id,
                    s.number,
                    s.initials,
                    v.label,
                    group,
                    v.window_start,
                    v.window_end,
                    v.booked,
                )
            )
    return TodayView(day, (), tuple(rows))


PatientBackend.today = _today  # type: ignore[attr-defined]
_patient_features = PatientBackend.supports
PatientBackend.supports = lambda self, feature: feature in {"patients", "today"}  # type: ignore[method-assign]
