"""The backend on the real services: each method opens a unit of work on the database and calls one service.

Nothing here holds a session beyond one call, and nothing returned is a database row.

The database is opened on first use, which is on the op runner's thread: the window's first dialog shows while
SQLAlchemy is imported and the database opened behind it (start-up imports none of them).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from app.errors import InputError
from app.text import message_of
from app.ui.session import SignedInUser

if TYPE_CHECKING:  # kept out of start-up: imported on the op runner when the database opens
    from app.export.intensity import Intensity
    from app.printing.data import Language
    from app.services.database import Database
    from app.services.export import ExportResult
    from app.services.users import UserInfo
    from app.ui.dialogs.toxicity import ToxicityEntry
    from app.ui.views import (
        AuditFilter,
        AuditRow,
        CriteriaView,
        PatientSummary,
        PreparationChoices,
        ProtocolStatus,
        SubjectChart,
        TodayView,
        UserRow,
    )


#: Who the audit trail names for the start-of-day upkeep (stored as written: a name, not a sentence).
START_OF_DAY = "DoseDesk (start of day)"


def audit_reason(key: str, /, **values: object) -> str:
    """The audit reason `key` (`app.services.reasons`), imported when first written (not at start-up)."""
    from app.services.reasons import reason

    return reason(key, **values)


def signed_in(info: UserInfo) -> SignedInUser:
    return SignedInUser(
        user_id=info.id,
        username=info.username,
        full_name=info.full_name,
        roles=frozenset(str(role) for role in info.roles),
        must_change_password=info.must_change_password,
        language=info.language,
    )


class ServiceBackend:
    """`ServiceBackend(database)` on an open database, or `ServiceBackend(url=…)` to open it on first use
    (None: the embedded database)."""

    def __init__(self, database: Database | None = None, *, url: str | None = None) -> None:
        self._database = database
        self._url = url
        self._opening = threading.Lock()

    @property
    def database(self) -> Database:
        """The open database (opened, created or upgraded now when it is not yet: call it off the GUI thread)."""
        if self._database is None:
            with self._opening:
                if self._database is None:
                    from app.services.database import open_database

                    self._database = open_database(self._url)
        return self._database

    @database.setter
    def database(self, value: Database) -> None:
        self._database = value

    @property
    def is_open(self) -> bool:
        return self._database is not None

    def supports(self, feature: str) -> bool:
        """Only features whose services are present: the window shows a plain "not yet" page for the others."""
        return feature in _available()

    def describe(self) -> str:
        return self.database.describe()

    def close(self) -> None:
        if self._database is not None:
            self._database.dispose()

    # --- users -------------------------------------------------------------------------------------------

    def has_users(self) -> bool:
        from app.services import users

        return users.has_users(self.database.read_uow())

    def create_first_admin(self, username: str, full_name: str, password: str) -> SignedInUser:
        from app.services import users

        info = users.create_user(
            self.database.uow(None, audit_reason("first_administrator")),
            username,
            full_name,
            password,
            ["admin"],
        )
        return signed_in(info)

    def sign_in(self, username: str, password: str) -> SignedInUser:
        from app.services import users

        return signed_in(users.sign_in(self.database.uow(), username, password))

    def start_of_day(self, user: SignedInUser) -> int:
        """Register the protocol files in use and bring every calendar up to today (visits that became
        missed or omitted overnight); returns how many subjects were looked at. Cheap when nothing changed.

        The upkeep is DoseDesk's own doing, not the signed-in user's: the audit trail names the system
        (`START_OF_DAY`), whoever happened to sign in first."""
        from app.services import protocols, visits
        from app.services.audit import SystemActor

        system = SystemActor(START_OF_DAY)
        protocols.register_shipped_protocols(self.database.uow(system, audit_reason("protocols_registered")))
        return visits.refresh_all_calendars(self.database.uow(system, audit_reason("calendar_up_to_date")))

    def unlock(self, user: SignedInUser, password: str) -> None:
        from app.services import users

        if not users.unlock_window(self.database.read_uow(), user.user_id, password):
            raise InputError(
                QCoreApplication.translate(
                    "ServiceBackend", "The password is wrong, or this account can no longer be used."
                )
            )

    def change_password(self, user: SignedInUser, old_password: str, new_password: str) -> SignedInUser:
        from app.services import users

        info = users.change_password(
            self.database.uow(user, audit_reason("password_changed")),
            user.user_id,
            old_password,
            new_password,
        )
        return signed_in(info)

    def set_user_language(self, user: SignedInUser, language: str | None) -> SignedInUser:
        """The signed-in user's own window language ("en", "zh"; None: the workstation's), kept on their record."""
        from app.services import users

        return signed_in(users.set_own_language(self.database.uow(user), user.user_id, language))

    # --- admin -------------------------------------------------------------------------------------------

    def list_users(self, user: SignedInUser) -> list[UserRow]:
        from app.services import users

        return [_user_row(info) for info in users.list_users(self.database.read_uow(user))]

    def create_user(
        self, user: SignedInUser, username: str, full_name: str, password: str, roles: list[str]
    ) -> UserRow:
        from app.services import users

        return _user_row(
            users.create_user(
                self.database.uow(user, audit_reason("new_user")), username, full_name, password, roles
            )
        )

    def change_roles(self, user: SignedInUser, user_id: int, roles: list[str]) -> UserRow:
        from app.services import users

        return _user_row(
            users.change_roles(self.database.uow(user, audit_reason("roles_changed")), user_id, roles)
        )

    def set_active(self, user: SignedInUser, user_id: int, active: bool) -> UserRow:
        from app.services import users

        act = users.enable_user if active else users.disable_user
        return _user_row(
            act(
                self.database.uow(user, audit_reason("enabled") if active else audit_reason("disabled")),
                user_id,
            )
        )

    def unlock_user(self, user: SignedInUser, user_id: int) -> UserRow:
        from app.services import users

        return _user_row(
            users.unlock_user(self.database.uow(user, audit_reason("account_unlocked")), user_id)
        )

    def reset_password(self, user: SignedInUser, user_id: int, password: str) -> UserRow:
        from app.services import users

        return _user_row(
            users.reset_password(self.database.uow(user, audit_reason("password_reset")), user_id, password)
        )

    def backup(self, target: Path) -> Path:
        from app.services.database import backup_database

        return backup_database(self.database, target)

    def restore_preview(self, backup: Path) -> tuple[Any, Any]:
        from app.services.restore import describe_database_file, sqlite_target

        current = sqlite_target(self.database.url)
        return describe_database_file(current), describe_database_file(backup)

    def restore(self, user: SignedInUser, backup: Path, step: Callable[[str], None] | None = None) -> Any:
        """Close this window's connections, restore as `user` (an administrator), and open the database again
        (restored or not)."""
        from app.services.restore import restore_database, sqlite_target

        url = self.database.url
        sqlite_target(url)  # PostgreSQL is refused before anything is closed
        self.database.dispose()
        try:
            return restore_database(url, backup, user=user, step=step)
        finally:
            from app.services.database import open_database

            self.database = open_database(url)

    def audit_trail(self, user: SignedInUser, filters: AuditFilter) -> list[AuditRow]:
        """The audit trail, newest first, filtered (the audit trail service: administrators only)."""
        from app.services.audit_trail import audit_trail
        from app.ui.views import AuditRow

        return [
            AuditRow(
                e.id,
                e.at,
                e.user_name,
                e.action,
                e.table_name,
                e.record_id,
                e.field,
                e.old_value,
                e.new_value,
                e.reason,
            )
            for e in audit_trail(
                self.database.read_uow(user),
                who=filters.who,
                what=filters.what,
                since=filters.since,
                until=filters.until,
                limit=filters.limit,
            )
        ]

    # --- patients ----------------------------------------------------------------------------------------

    def _not_yet(self) -> InputError:
        return InputError(
            QCoreApplication.translate(
                "ServiceBackend", "This part of DoseDesk is not available in this version yet."
            )
        )

    def list_patients(self) -> list[PatientSummary]:
        from app.services import queries
        from app.ui.views import PatientSummary

        return [
            PatientSummary(
                subject_id=row.id,
                subject_number=row.subject_number,
                initials=row.initials,
                status=row.status,
                cycle=row.cycle,
                dose_level_mg_per_kg=row.dose_level_mg_per_kg,
                next_visit_label=row.next_visit_label,
                next_visit_date=row.next_visit_date,
                attention=QCoreApplication.translate("ServiceBackend", "held") if row.held else "",
            )
            for row in queries.patient_list(self.database.read_uow())
        ]

    def subject_chart(self, subject_id: int, viewer: SignedInUser | None = None) -> SubjectChart:
        from app.services import queries
        from app.ui.service_views import chart_view

        chart = queries.subject_chart(self.database.read_uow(viewer), subject_id)
        return replace(chart_view(chart, self._criteria(chart)), reference_ranges=self.reference_ranges())

    def reference_ranges(self) -> dict[tuple[str, str], tuple[Decimal | None, Decimal | None]]:
        """The site's reference range of every lab in each unit it converts to exactly: the lab form's
        defaults, {(lab, normalised unit): (LLN, ULN)}."""
        from app.services.settings import site_settings
        from app.toxicity.labs import lab_kinds, normalise_unit

        settings = site_settings(self.database.read_uow())
        found: dict[tuple[str, str], tuple[Decimal | None, Decimal | None]] = {}
        for lab, kind in lab_kinds().items():
            for unit in kind.unit_names:
                entry = settings.reference_range(lab, unit)
                if entry is not None:
                    found[(lab, normalise_unit(unit))] = (entry.lln, entry.uln)
        return found

    def _criteria(self, chart: Any) -> CriteriaView | None:
        """The criteria to treat of the next dose still to come, or why they cannot be told."""
        pending = [v for v in chart.visits if v.kind == "dose" and v.is_open]
        if not pending:
            return None
        visit = min(pending, key=lambda v: (v.cycle or 0, v.day or 0))
        return self.visit_criteria(visit.id, visit.label)

    def visit_criteria(self, visit_id: int, visit_label: str, dose_date: date | None = None) -> CriteriaView:
        from app.errors import DoseDeskError
        from app.services import clinical
        from app.ui.views import CriteriaView, CriterionRow

        try:
            result = clinical.criteria_to_treat(self.database.read_uow(), visit_id, dose_date)
        except DoseDeskError as exc:
            return CriteriaView(visit_label, None, False, problem=message_of(exc))
        return CriteriaView(
            visit_label=visit_label,
            dose_date=result.dose_date,
            met=result.met,
            awaiting_labs=result.awaiting_labs,
            items=tuple(
                CriterionRow(
                    lab=item.lab,
                    value=item.value,
                    unit=item.unit,
                    limit=item.limit,
                    taken=item.taken,
                    met=item.met,
                    reason="" if item.met else item.reason,
                    grade=item.grade.grade if item.grade is not None else None,
                    missing=item.status == "missing",
                )
                for item in result.items
            ),
        )

    def _visit_id(self, subject_id: int, label: str) -> tuple[int, bool]:
        from app.services import queries

        for row in queries.list_visits(self.database.read_uow(), subject_id):
            if row.label == label and row.status != "cancelled":
                return row.id, row.booked is not None
        raise InputError(
            QCoreApplication.translate("ServiceBackend", "That visit is no longer in the calendar.")
        )

    def book_visit(
        self, user: SignedInUser, subject_id: int, label: str, day: date, reason: str | None
    ) -> Any:
        from app.services import visits

        visit_id, booked = self._visit_id(subject_id, label)
        act = visits.reschedule_visit if booked else visits.book_visit
        return act(self.database.uow(user, reason), visit_id, day, reason)

    def record_toxicity(self, user: SignedInUser, subject_id: int, entry: ToxicityEntry) -> Any:
        from app.services import toxicities

        override = not entry.confirmed
        return toxicities.record_and_decide(
            self.database.uow(user, entry.reason),
            subject_id,
            entry.term,
            entry.grade,
            entry.onset,
            action=entry.action if override else None,
            resume_mg_per_kg=entry.resume_mg_per_kg if override and entry.action != "discontinue" else None,
            hold_until_grade=None,  # the protocol rule's grade (the service takes it); never one chosen here
            override_reason=entry.reason if override else None,
        )

    # --- what happens to a visit, a toxicity, the treatment ----------------------------------------------

    def record_visit_done(
        self, user: SignedInUser, subject_id: int, label: str, on: date, note: str | None
    ) -> Any:
        from app.services import visits

        visit_id, _booked = self._visit_id(subject_id, label)
        return visits.record_visit_done(self.database.uow(user, note), visit_id, on, note or None)

    def record_visit_missed(
        self, user: SignedInUser, subject_id: int, label: str, code: str, detail: str | None
    ) -> Any:
        from app.services import visits

        visit_id, _booked = self._visit_id(subject_id, label)
        return visits.record_visit_missed(self.database.uow(user), visit_id, code, detail)

    def omit_dose(self, user: SignedInUser, subject_id: int, label: str, code: str, detail: str | None) -> Any:
        from app.services import visits

        visit_id, _booked = self._visit_id(subject_id, label)
        return visits.omit_dose_visit(self.database.uow(user), visit_id, code, detail)

    def stop_treatment(
        self, user: SignedInUser, subject_id: int, on: date, code: str, detail: str | None
    ) -> Any:
        from app.services import toxicities

        return toxicities.stop_treatment(self.database.uow(user), subject_id, on, code, detail)

    def end_follow_up(self, user: SignedInUser, subject_id: int, on: date, code: str, detail: str | None) -> Any:
        from app.services import toxicities

        return toxicities.end_follow_up(self.database.uow(user), subject_id, on, code, detail)

    def resolve_toxicity(self, user: SignedInUser, toxicity_id: int, on: date, note: str | None) -> Any:
        from app.services import toxicities

        return toxicities.resolve_toxicity(self.database.uow(user, note), toxicity_id, on, note or None)

    def end_hold(self, user: SignedInUser, hold_id: int, on: date, reason: str) -> Any:
        from app.services import toxicities

        return toxicities.end_hold(self.database.uow(user, reason), hold_id, on, reason)

    # --- today -------------------------------------------------------------------------------------------

    def today(self, day: date, viewer: SignedInUser | None = None) -> TodayView:
        from app.services import queries
        from app.ui.views import ClinicRow, QueueRow, TodayView

        queue = queries.pharmacy_queue(self.database.read_uow(viewer), day)
        clinic = queries.clinic_list(self.database.read_uow(), day)

        def stage(order: Any, waiting: str) -> str:
            return "remake" if order.expired and waiting in ("check", "start") else waiting

        rows = [
            QueueRow(
                o.id,
                o.order_number,
                o.subject_id,
                o.subject_number,
                o.initials,
                o.visit_label,
                o.planned_date,
                o.final_dose_mg,
                stage(o, waiting),
                blinded=o.blinded,
                criteria_met=queue.criteria_met.get(o.id, True),
                awaiting_labs=o.id in queue.awaiting_labs,
                held=o.held,
                use_before_at=o.beyond_use_at if o.use_before_state else None,
                use_before_state=o.use_before_state,
                use_before_minutes=o.use_before_minutes,
                paused=o.paused,
                reactions=len(o.reactions_to_record),
                planned_end=o.planned_end,
                order=o,
            )
            for waiting, orders in (
                ("prescribe", queue.to_prescribe),
                ("verify", queue.to_verify),
                ("prepare", queue.to_prepare),
                ("check", queue.to_check),
                ("start", queue.ready),
                ("stop", queue.running),
            )
            for o in orders
        ]
        visits = [
            ClinicRow(
                v.visit_id,
                v.subject_id,
                v.subject_number,
                v.initials,
                v.label,
                group,
                v.window_start,
                v.window_end,
                v.booked,
                tuple(v.warnings),
            )
            for group, listed in (
                ("overdue", clinic.overdue),
                ("out_of_window", clinic.out_of_window),
                ("booked", clinic.booked),
                ("due", clinic.due),
            )
            for v in listed
        ]
        return TodayView(day, tuple(rows), tuple(visits))

    def enrol(self, user: SignedInUser, fields: dict[str, Any]) -> Any:
        from app.services import subjects

        return subjects.enrol_subject(self.database.uow(user, audit_reason("enrolled")), **fields)

    def set_subject_language(self, user: SignedInUser, subject_id: int, language: str | None, reason: str) -> Any:
        from app.services import subjects

        return subjects.set_subject_language(self.database.uow(user), subject_id, language, reason)

    def record_weight(
        self, user: SignedInUser, subject_id: int, weight_kg: Decimal, on: date, by: str
    ) -> Any:
        from app.services import clinical

        return clinical.record_weight(
            self.database.uow(user, audit_reason("weight_recorded")), subject_id, weight_kg, on, by
        )

    def record_labs(
        self,
        user: SignedInUser,
        subject_id: int,
        entries: list[tuple[str, Decimal, str, Decimal | None, Decimal | None]],
        collected_on: date,
    ) -> Any:
        from app.services import clinical

        results = [
            clinical.LabInput(lab, value, unit, lln=lln, uln=uln) for lab, value, unit, lln, uln in entries
        ]
        return clinical.record_labs(
            self.database.uow(user, audit_reason("labs_recorded")), subject_id, results, collected_on
        )

    # --- screening eligibility -----------------------------------------------------------------------------

    def eligibility(self, subject_id: int) -> Any:
        from app.services import eligibility

        return eligibility.eligibility_of(self.database.read_uow(), subject_id)

    def record_ecg(
        self,
        user: SignedInUser,
        subject_id: int,
        on: date,
        qt_ms: Decimal,
        heart_rate_bpm: Decimal | None,
        rr_ms: Decimal | None,
    ) -> Any:
        from app.services import eligibility

        return eligibility.record_ecg(
            self.database.uow(user), subject_id, on, qt_ms, rr_ms=rr_ms, heart_rate_bpm=heart_rate_bpm
        )

    def record_lvef(self, user: SignedInUser, subject_id: int, on: date, percent: Decimal) -> Any:
        from app.services import eligibility

        return eligibility.record_lvef(self.database.uow(user), subject_id, on, percent)

    def record_pregnancy_test(
        self, user: SignedInUser, subject_id: int, on: date, kind: str, result: str
    ) -> Any:
        from app.services import eligibility

        return eligibility.record_pregnancy_test(self.database.uow(user), subject_id, on, kind, result)

    def record_urine_dipstick(self, user: SignedInUser, subject_id: int, on: date, reading: str) -> Any:
        from app.services import eligibility

        return eligibility.record_urine_dipstick(self.database.uow(user), subject_id, on, reading)

    def record_live_vaccine(self, user: SignedInUser, subject_id: int, last: date | None) -> Any:
        from app.services import eligibility

        return eligibility.record_live_vaccine(self.database.uow(user), subject_id, last)

    def record_ecog(self, user: SignedInUser, subject_id: int, ecog: int, on: date) -> Any:
        from app.services import eligibility

        return eligibility.record_ecog(self.database.uow(user), subject_id, ecog, on)

    def record_attestations(self, user: SignedInUser, subject_id: int, answers: dict[str, bool]) -> Any:
        from app.services import eligibility

        return eligibility.record_attestations(self.database.uow(user), subject_id, answers)

    def sign_eligibility(self, user: SignedInUser, subject_id: int, password: str) -> Any:
        from app.services import eligibility

        return eligibility.sign_eligibility(self.database.uow(user), subject_id, password)

    def record_screen_failure(
        self, user: SignedInUser, subject_id: int, reason: str, criteria: list[str], detail: str | None
    ) -> Any:
        from app.services import eligibility

        return eligibility.record_screen_failure(self.database.uow(user), subject_id, reason, criteria, detail)

    def eligibility_checklist_pdf(self, subject_number: str, language: str) -> bytes:
        from app.services.eligibility_paper import print_eligibility

        return print_eligibility(
            self.database.read_uow(), subject_number, "zh" if language.startswith("zh") else "en"
        )

    # --- labs from the laboratory, and the site's settings ------------------------------------------------

    def read_lab_file(self, path: Path) -> bytes:
        from app.services.lab_import import read_import_file

        return read_import_file(path)

    def preview_labs(
        self, user: SignedInUser, content: bytes, file_name: str, readable_rows_only: bool
    ) -> Any:
        from app.services import lab_import

        return lab_import.preview_import(
            self.database.read_uow(user), content, file_name=file_name, readable_rows_only=readable_rows_only
        )

    def import_labs(self, user: SignedInUser, content: bytes, identity: Any, file_name: str) -> Any:
        from app.services import lab_import

        return lab_import.commit_import(self.database.uow(user), content, identity, file_name=file_name)

    def site_settings(self, user: SignedInUser) -> list[Any]:
        from app.services.settings import setting_rows

        return setting_rows(self.database.read_uow(user))

    def set_site_settings(self, user: SignedInUser, changes: list[tuple[str, str]]) -> Any:
        from app.services.settings import set_settings

        return set_settings(self.database.uow(user), changes)

    # --- orders ------------------------------------------------------------------------------------------

    def list_orders(self, open_only: bool, viewer: SignedInUser | None = None) -> list[Any]:
        from app.services import queries

        rows = queries.list_orders(self.database.read_uow(viewer))
        if open_only:
            rows = [r for r in rows if r.is_open or r.is_running]
        return sorted(rows, key=lambda r: (r.planned_date, r.order_number))

    def order_detail(self, order_id: int, viewer: SignedInUser | None = None) -> Any:
        from app.services import queries

        return queries.order_detail(self.database.read_uow(viewer), order_id)

    def create_order(
        self, user: SignedInUser, subject_id: int, label: str, acknowledgement: str | None
    ) -> Any:
        from app.services import orders

        visit_id, _booked = self._visit_id(subject_id, label)
        return orders.create_order(self.database.uow(user, acknowledgement), visit_id, acknowledgement)

    def prescribe(
        self, user: SignedInUser, order_id: int, password: str, criteria_override_reason: str | None = None
    ) -> Any:
        from app.services import orders

        return orders.prescribe_order(
            self.database.uow(user, audit_reason("prescribed")),
            order_id,
            password,
            criteria_override_reason=criteria_override_reason,
        )

    def verification_task(self, order_id: int, viewer: SignedInUser | None = None) -> Any:
        from app.services import orders

        return orders.verification_task(self.database.read_uow(viewer), order_id)

    def verify(
        self,
        user: SignedInUser,
        order_id: int,
        password: str,
        weight_kg: Decimal,
        level_mg_per_kg: Decimal,
        final_dose_mg: Decimal,
        volume_ml: Decimal | None,
    ) -> Any:
        from app.services import orders

        return orders.verify_order(
            self.database.uow(user, audit_reason("verified")),
            order_id,
            password,
            weight_kg=weight_kg,
            dose_level_mg_per_kg=level_mg_per_kg,
            final_dose_mg=final_dose_mg,
            volume_to_draw_ml=volume_ml,
        )

    def preparation_choices(self, protocol_id: str, vials: int) -> PreparationChoices:
        from app.errors import DoseDeskError
        from app.protocol import load_protocol
        from app.services import stock
        from app.ui.views import LotChoice, PreparationChoices

        lots = tuple(
            LotChoice(
                lot_number=lot.lot_number,
                expiry=lot.expiry,
                on_hand=lot.on_hand,
                strength_mg=lot.strength_mg,
                status=str(lot.status),
                status_reason=lot.status_reason,
            )
            for lot in stock.list_lots(self.database.read_uow(), protocol_id=protocol_id)
        )
        strength = load_protocol(protocol_id).product.vial_strength_mg
        try:
            picks = stock.suggest_lots(self.database.read_uow(), vials, protocol_id=protocol_id)
        except DoseDeskError as exc:
            return PreparationChoices(lots, (), message_of(exc), strength)
        return PreparationChoices(lots, tuple((p.lot_number, p.vials) for p in picks), None, strength)

    def prepare(
        self,
        user: SignedInUser,
        order_id: int,
        password: str,
        lots: list[tuple[str, date, int, Decimal]],
        prepared_at: datetime | None,
        refrigerated: bool,
        tare_g: Decimal | None = None,
    ) -> Any:
        from app.services import orders

        return orders.prepare_order(
            self.database.uow(user, audit_reason("prepared")),
            order_id,
            password,
            lots=[orders.LotUse(number, expiry, vials, volume) for number, expiry, vials, volume in lots],
            prepared_at=prepared_at,
            refrigerated=refrigerated,
            tare_g=tare_g,
        )

    def check(
        self,
        user: SignedInUser,
        order_id: int,
        password: str,
        confirmed: list[str],
        weighed_g: Decimal | None,
    ) -> Any:
        from app.services import orders

        return orders.check_order(
            self.database.uow(user, audit_reason("checked")),
            order_id,
            password,
            confirmed=confirmed,
            weighed_g=weighed_g,
        )

    def remake(
        self,
        user: SignedInUser,
        order_id: int,
        password: str,
        reason: str,
        note: str | None,
        lots: list[tuple[str, date, int, Decimal]],
        prepared_at: datetime | None,
        refrigerated: bool,
        tare_g: Decimal | None = None,
    ) -> Any:
        from app.services import orders

        return orders.remake_order(
            self.database.uow(user, audit_reason("remade")),
            order_id,
            password,
            reason=reason,
            note=note,
            lots=[orders.LotUse(number, expiry, vials, volume) for number, expiry, vials, volume in lots],
            prepared_at=prepared_at,
            refrigerated=refrigerated,
            tare_g=tare_g,
        )

    def start_infusion(
        self,
        user: SignedInUser,
        order_id: int,
        password: str,
        bag_code: str,
        subject_code: str,
        started: datetime | None,
    ) -> Any:
        from app.services import orders

        return orders.start_infusion(
            self.database.uow(user, audit_reason("started")),
            order_id,
            password,
            bag_code=bag_code,
            subject_code=subject_code,
            started_at=started,
        )

    def stop_infusion(
        self,
        user: SignedInUser,
        order_id: int,
        password: str,
        ended: datetime | None,
        volume_ml: Decimal | None,
        reason: str | None,
        note: str | None,
    ) -> Any:
        from app.services import orders

        return orders.stop_infusion(
            self.database.uow(user, audit_reason("stopped")),
            order_id,
            password,
            ended_at=ended,
            volume_given_ml=volume_ml,
            reason=reason,
            note=note,
        )

    def record_interruption(
        self, user: SignedInUser, order_id: int, note: str, started: datetime | None, ended: datetime | None
    ) -> Any:
        from app.services import orders

        return orders.record_interruption(
            self.database.uow(user), order_id, note=note, started_at=started, ended_at=ended
        )

    def end_interruption(self, user: SignedInUser, order_id: int, ended: datetime | None) -> Any:
        from app.services import orders

        return orders.end_interruption(self.database.uow(user), order_id, ended_at=ended)

    def record_reaction(
        self, user: SignedInUser, order_id: int, note: str, grade: int | None, at: datetime | None
    ) -> Any:
        from app.services import orders

        return orders.record_reaction(self.database.uow(user), order_id, note=note, grade=grade, at=at)

    def link_reaction(self, user: SignedInUser, event_id: int, toxicity_id: int) -> Any:
        from app.services import orders

        return orders.link_reaction(self.database.uow(user), event_id, toxicity_id)

    def cancel_order(
        self, user: SignedInUser, order_id: int, password: str, reason: str, detail: str | None
    ) -> Any:
        from app.services import orders

        return orders.cancel_order(
            self.database.uow(user, audit_reason("cancelled")),
            order_id,
            password,
            reason=reason,
            detail=detail,
        )

    def order_pdf(self, order_id: int, viewer: SignedInUser | None = None, language: str = "en") -> bytes:
        from app.services import paper

        return paper.print_order(self.database.read_uow(viewer), order_id, language)

    def label_pdf(self, order_id: int, viewer: SignedInUser | None = None, language: str = "en") -> bytes:
        from app.services import paper

        return paper.print_label(self.database.read_uow(viewer), order_id, None, language)

    # --- paper -------------------------------------------------------------------------------------------

    def calendar_pdf(self, subject_number: str, language: str | None = None) -> bytes:
        from app.services import paper

        return paper.print_calendar(
            self.database.read_uow(), subject_number, self._paper_language(subject_number, language)
        )

    def _paper_language(self, subject_number: str, language: str | None) -> Language:
        """A patient's paper in `language` ("en", "zh"/"zh_CN"), else in the language the subject reads."""
        from app.services import paper

        if language is None:
            return paper.patient_language(self.database.read_uow(), subject_number)
        return "zh" if language.startswith("zh") else "en"

    def day_list_pdf(self, day: date, viewer: SignedInUser | None = None, language: str = "en") -> bytes:
        from app.services import paper

        return paper.print_day(self.database.read_uow(viewer), day, None, language)

    def paper_languages(self) -> tuple[str, ...]:
        # The site setting alone, not app.services.paper: that brings reportlab and the fonts (about 0.4 s)
        # into the first screen, whose day-list language box asks this as soon as it is shown.
        from app.services.settings import read_settings

        uow = self.database.read_uow()
        with uow:
            bilingual = read_settings(uow.session).paper_bilingual
        return ("en", "zh", "both") if bilingual else ("en", "zh")

    def wristband_pdf(self, subject_number: str, language: str | None = None) -> bytes:
        from app.services import paper

        return paper.print_wristband(
            self.database.read_uow(), subject_number, self._paper_language(subject_number, language)
        )

    # --- protocol ----------------------------------------------------------------------------------------

    def protocol_status(self, protocol_id: str) -> ProtocolStatus:
        from app.services import protocols

        return _protocol_status(protocols.protocol_version_info(self.database.read_uow(), protocol_id))

    def sign_off_protocol(self, user: SignedInUser, version_id: int, password: str) -> ProtocolStatus:
        from app.services import protocols

        return _protocol_status(
            protocols.sign_off_protocol_version(
                self.database.uow(user, audit_reason("protocol_signed_off")), version_id, password
            )
        )

    # --- the trial's data out (pandas, pyreadstat and matplotlib are imported here, never at start-up) ---

    def export_trial_data(
        self, user: SignedInUser, folder: Path, formats: list[str], subjects: list[str] | None
    ) -> ExportResult:
        from app.services.export import export_sdtm

        return export_sdtm(self.database.uow(user), folder, formats, subjects)

    def exposure(self, viewer: SignedInUser | None = None) -> list[Intensity]:
        from app.services.export import exposure

        _data, figures = exposure(self.database.read_uow(viewer))
        return list(figures)

    def exposure_pdf(self, language: str, viewer: SignedInUser | None = None) -> bytes:
        from app.printing.exposure import render_exposure
        from app.services.export import exposure

        data, figures = exposure(self.database.read_uow(viewer))
        return render_exposure(data, figures, "zh" if language.startswith("zh") else "en")


def _user_row(info: UserInfo) -> UserRow:
    from app.ui.views import UserRow

    return UserRow(
        user_id=info.id,
        username=info.username,
        full_name=info.full_name,
        roles=frozenset(str(r) for r in info.roles),
        active=info.active,
        locked=info.locked,
    )


def _protocol_status(info: Any) -> ProtocolStatus:
    from app.ui.views import ProtocolStatus

    return ProtocolStatus(
        version_id=info.id,
        protocol_id=info.protocol_id,
        version=info.version,
        fingerprint=info.fingerprint,
        signed_off_by=info.signed_off_by,
        signed_off_at=info.signed_off_at,
        approvals=tuple((a.name, a.roles, a.at) for a in info.approvals),
        awaiting=tuple(info.awaiting),
        approved_by_ids=tuple(a.user_id for a in info.approvals),
    )


def _available() -> frozenset[str]:
    """The features whose services are installed (they landed after the window's first version)."""
    names = ("queries", "visits", "toxicities", "protocols", "orders", "paper", "stock", "export")
    have = {name for name in names if find_spec(f"app.services.{name}")}
    features = set()
    if {"queries", "visits", "toxicities"} <= have:
        features.add("patients")
    if "queries" in have:
        features.add("today")
    if {"queries", "orders"} <= have:
        features.add("orders")
    if "protocols" in have:
        features.add("protocol_signoff")
    if "stock" in have:
        features.add("stock")
    if "export" in have:
        features.update(("exposure", "export_data"))
    if find_spec("app.services.eligibility"):
        features.add("eligibility")
    return frozenset(features)



def open_backend(url: str | None) -> ServiceBackend:
    """The backend on the database at `url` (None: the embedded one), opened — created on first start — by
    its first call, on the op runner."""
    return ServiceBackend(url=url)
