"""The window's one door to the services.

Each method is a blocking call that opens a unit of work, calls one service function and returns plain values
(dataclasses, never database rows). Widgets never call it directly on the GUI thread: they hand a call to the
op runner (`context.runner.run(lambda: backend.sign_in(name, password), on_success=…)`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from app.ui.session import SignedInUser

if TYPE_CHECKING:
    from pathlib import Path

    from app.export.intensity import Intensity
    from app.services.export import ExportResult
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


class Backend(Protocol):
    def supports(self, feature: str) -> bool:
        """Whether this backend serves `feature` ("patients", "orders", …); the window shows only those."""
        ...

    def describe(self) -> str:
        """Where the data lives, for the status bar (no password)."""
        ...

    def has_users(self) -> bool: ...

    def create_first_admin(self, username: str, full_name: str, password: str) -> SignedInUser: ...

    def sign_in(self, username: str, password: str) -> SignedInUser: ...

    def unlock(self, user: SignedInUser, password: str) -> None:
        """Raise an `InputError` unless `password` is `user`'s (reopens an idle-locked window)."""
        ...

    def change_password(self, user: SignedInUser, old_password: str, new_password: str) -> SignedInUser: ...

    def set_user_language(self, user: SignedInUser, language: str | None) -> SignedInUser:
        """The user's own window language ("en", "zh"; None: the workstation's), applied when they sign in."""
        ...

    # --- patients ---

    def list_patients(self) -> list[PatientSummary]: ...

    def subject_chart(self, subject_id: int, viewer: SignedInUser | None = None) -> SubjectChart:
        """The chart as `viewer` may see it: an order awaiting a verification they may still do has its
        figures withheld (None: withheld from anyone)."""
        ...

    def book_visit(
        self, user: SignedInUser, subject_id: int, label: str, day: date, reason: str | None
    ) -> Any: ...

    def record_toxicity(self, user: SignedInUser, subject_id: int, entry: ToxicityEntry) -> Any: ...

    # --- what happens to a visit, a toxicity, the treatment ---

    def record_visit_done(
        self, user: SignedInUser, subject_id: int, label: str, on: date, note: str | None
    ) -> Any: ...

    def record_visit_missed(
        self, user: SignedInUser, subject_id: int, label: str, code: str, detail: str | None
    ) -> Any:
        """A visit other than a dose did not happen: a code of app.scheduling.visit_reasons, the detail typed."""
        ...

    def omit_dose(self, user: SignedInUser, subject_id: int, label: str, code: str, detail: str | None) -> Any: ...

    def stop_treatment(
        self, user: SignedInUser, subject_id: int, on: date, code: str, detail: str | None
    ) -> Any:
        """The investigator's decision to end treatment for `code` (a disposition term of
        `app.scheduling.disposition`) with the detail as typed: EOT, safety and survival follow-up are planned."""
        ...

    def end_follow_up(
        self, user: SignedInUser, subject_id: int, on: date, code: str, detail: str | None
    ) -> Any: ...

    def resolve_toxicity(self, user: SignedInUser, toxicity_id: int, on: date, note: str | None) -> Any:
        """The toxicity's resolution date; the holds it caused end that day."""
        ...

    def end_hold(self, user: SignedInUser, hold_id: int, on: date, reason: str) -> Any: ...

    # --- protocol ---

    def protocol_status(self, protocol_id: str) -> ProtocolStatus: ...

    def sign_off_protocol(self, user: SignedInUser, version_id: int, password: str) -> ProtocolStatus: ...

    # --- paper (PDF bytes) ---

    def calendar_pdf(self, subject_number: str, language: str | None = None) -> bytes:
        """The patient's calendar in `language` ("en", "zh"), else in the language the subject reads."""
        ...

    def day_list_pdf(self, day: date, viewer: SignedInUser | None = None, language: str = "en") -> bytes: ...

    def paper_languages(self) -> tuple[str, ...]:
        """The languages the pharmacy's paper may be printed in here ("both" where the site prints bilingual)."""
        ...

    def wristband_pdf(self, subject_number: str, language: str | None = None) -> bytes:
        """The subject's wristband insert / ID card, whose barcode the nurse scans at the bedside; in
        `language`, else in the language the subject reads."""
        ...

    # --- admin ---

    def list_users(self, user: SignedInUser) -> list[UserRow]: ...

    def create_user(
        self, user: SignedInUser, username: str, full_name: str, password: str, roles: list[str]
    ) -> UserRow: ...

    def change_roles(self, user: SignedInUser, user_id: int, roles: list[str]) -> UserRow: ...

    def set_active(self, user: SignedInUser, user_id: int, active: bool) -> UserRow: ...

    def unlock_user(self, user: SignedInUser, user_id: int) -> UserRow: ...

    def reset_password(self, user: SignedInUser, user_id: int, password: str) -> UserRow: ...

    def backup(self, target: Path) -> Path: ...

    def restore_preview(self, backup: Path) -> tuple[Any, Any]:
        """What a restore would replace, and by what: (the database in use, the backup), each with its size,
        date, subjects and last change (`app.services.restore.DatabaseFileInfo`). Refused for PostgreSQL."""
        ...

    def restore(self, user: SignedInUser, backup: Path, step: Callable[[str], None] | None = None) -> Any:
        """Replace the database in use by `backup` once it passes every check, as `user` (an administrator);
        the backend is on the restored database afterwards (and on the old one, unchanged, when the restore is
        refused)."""
        ...

    def audit_trail(self, user: SignedInUser, filters: AuditFilter) -> list[AuditRow]: ...

    # --- today ---

    def today(self, day: date, viewer: SignedInUser | None = None) -> TodayView: ...

    # --- orders (the services' OrderRow and VerificationTask: plain frozen dataclasses) ---
    # An order awaiting verification reads with its figures withheld from a viewer who may still verify it.

    def list_orders(self, open_only: bool, viewer: SignedInUser | None = None) -> list[Any]: ...

    def order_detail(self, order_id: int, viewer: SignedInUser | None = None) -> Any: ...

    def visit_criteria(self, visit_id: int, visit_label: str, dose_date: date | None = None) -> CriteriaView:
        """The criteria to treat of a dose visit, each value with its CTCAE grade (for `dose_date`, default the
        visit's own day); why they cannot be told in `problem`."""
        ...

    def create_order(
        self, user: SignedInUser, subject_id: int, label: str, acknowledgement: str | None
    ) -> Any: ...

    def prescribe(
        self, user: SignedInUser, order_id: int, password: str, criteria_override_reason: str | None = None
    ) -> Any:
        """The investigator e-signs a draft order. Refused in plain words when the dose's criteria to treat are
        not met (or labs missing or too old) unless `criteria_override_reason` is given: it is recorded and
        printed on the order (`OrderRow.criteria_override`)."""
        ...

    def verification_task(self, order_id: int, viewer: SignedInUser | None = None) -> Any:
        """The order with the inputs of its dose (weight and its day, level, product, rounding rule), never its
        figures; `may_verify` says whether `viewer` may verify it."""
        ...

    def verify(
        self,
        user: SignedInUser,
        order_id: int,
        password: str,
        weight_kg: Decimal,
        level_mg_per_kg: Decimal,
        final_dose_mg: Decimal,
        volume_ml: Decimal | None,
    ) -> Any: ...

    def preparation_choices(self, protocol_id: str, vials: int) -> PreparationChoices:
        """The lots of `protocol_id` in stock and the first-expiry-first-out suggestion for `vials`."""
        ...

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
        """Sign the preparation from `lots`: (lot number, expiry, vials, volume drawn in mL) each."""
        ...

    def check(
        self,
        user: SignedInUser,
        order_id: int,
        password: str,
        confirmed: list[str],
        weighed_g: Decimal | None,
    ) -> Any:
        """A second pharmacist's product check of the bag (the items of `order_codes.CHECK_ITEMS` confirmed)."""
        ...

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
        """Waste the bag (a `RemakeReason` code) and sign a new preparation from the same verified order."""
        ...

    def start_infusion(
        self,
        user: SignedInUser,
        order_id: int,
        password: str,
        bag_code: str,
        subject_code: str,
        started: datetime | None,
    ) -> Any: ...

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
        """Completed (no `volume_ml`, or the whole bag) or stopped early with the volume given and a reason."""
        ...

    def record_interruption(
        self, user: SignedInUser, order_id: int, note: str, started: datetime | None, ended: datetime | None
    ) -> Any: ...

    def end_interruption(self, user: SignedInUser, order_id: int, ended: datetime | None) -> Any: ...

    def record_reaction(
        self, user: SignedInUser, order_id: int, note: str, grade: int | None, at: datetime | None
    ) -> Any: ...

    def link_reaction(self, user: SignedInUser, event_id: int, toxicity_id: int) -> Any: ...

    def cancel_order(
        self, user: SignedInUser, order_id: int, password: str, reason: str, detail: str | None
    ) -> Any:
        """Cancel with a reason code (`order_codes.CHOSEN_CANCEL_REASONS`) and the detail typed, signed."""
        ...

    def order_pdf(self, order_id: int, viewer: SignedInUser | None = None, language: str = "en") -> bytes: ...

    def label_pdf(self, order_id: int, viewer: SignedInUser | None = None, language: str = "en") -> bytes: ...

    def set_subject_language(self, user: SignedInUser, subject_id: int, language: str | None, reason: str) -> Any:
        """The language the subject reads ("en", "zh"), with a reason: their paper prints in it."""
        ...

    def enrol(self, user: SignedInUser, fields: dict[str, Any]) -> Any:
        """Enrol a subject (the subjects service's keyword arguments); returns its header (with `.id`)."""
        ...

    def record_weight(
        self, user: SignedInUser, subject_id: int, weight_kg: Decimal, on: date, by: str
    ) -> Any: ...

    def record_labs(
        self,
        user: SignedInUser,
        subject_id: int,
        entries: list[tuple[str, Decimal, str, Decimal | None, Decimal | None]],
        collected_on: date,
    ) -> Any: ...

    # --- screening eligibility (the services' EligibilityView: a plain frozen dataclass) ---

    def eligibility(self, subject_id: int) -> Any:
        """The subject's criteria judged from the records for the planned first dose, with the decision that
        stands (`app.services.eligibility.EligibilityView`)."""
        ...

    def record_ecg(
        self,
        user: SignedInUser,
        subject_id: int,
        on: date,
        qt_ms: Decimal,
        heart_rate_bpm: Decimal | None,
        rr_ms: Decimal | None,
    ) -> Any: ...

    def record_lvef(self, user: SignedInUser, subject_id: int, on: date, percent: Decimal) -> Any: ...

    def record_pregnancy_test(
        self, user: SignedInUser, subject_id: int, on: date, kind: str, result: str
    ) -> Any: ...

    def record_urine_dipstick(self, user: SignedInUser, subject_id: int, on: date, reading: str) -> Any: ...

    def record_live_vaccine(self, user: SignedInUser, subject_id: int, last: date | None) -> Any:
        """The last live or attenuated vaccine's date; None: the subject had none."""
        ...

    def record_ecog(self, user: SignedInUser, subject_id: int, ecog: int, on: date) -> Any: ...

    def record_attestations(self, user: SignedInUser, subject_id: int, answers: dict[str, bool]) -> Any: ...

    def sign_eligibility(self, user: SignedInUser, subject_id: int, password: str) -> Any:
        """The investigator e-signs (meaning "approved") the subject eligible for the planned first dose."""
        ...

    def record_screen_failure(
        self, user: SignedInUser, subject_id: int, reason: str, criteria: list[str], detail: str | None
    ) -> Any:
        """A screen failure with its reason code (`app.eligibility.outcomes`), the criteria not met and the
        detail as typed: the subject goes off study."""
        ...

    def eligibility_checklist_pdf(self, subject_number: str, language: str) -> bytes:
        """The eligibility checklist for the monitor's source verification, in `language` ("en", "zh")."""
        ...

    # --- labs from the laboratory, and the site's settings ---

    def read_lab_file(self, path: Path) -> bytes:
        """The laboratory file's bytes, or an `InputError` in words (a folder, too large, unreadable)."""
        ...

    def preview_labs(
        self, user: SignedInUser, content: bytes, file_name: str, readable_rows_only: bool
    ) -> Any:
        """What importing the file would do, row by row (`app.services.lab_import.ImportPreview`)."""
        ...

    def import_labs(self, user: SignedInUser, content: bytes, identity: Any, file_name: str) -> Any:
        """Store what the preview with `identity` showed, as one audited unit (`ImportCommitted`)."""
        ...

    def site_settings(self, user: SignedInUser) -> list[Any]:
        """Every site setting as `dosedesk settings show` lists it (`app.services.settings.SettingRow`)."""
        ...

    def set_site_settings(self, user: SignedInUser, changes: list[tuple[str, str]]) -> Any:
        """Set settings or entries of a map ("reference_range.bilirubin") as one unit: an administrator."""
        ...

    # --- the trial's data out ---

    def export_trial_data(
        self, user: SignedInUser, folder: Path, formats: list[str], subjects: list[str] | None
    ) -> ExportResult:
        """Write the SDTM datasets (and define.html) into `folder` as `user` (an investigator or an
        administrator), audited; `subjects` None: every subject."""
        ...

    def exposure(self, viewer: SignedInUser | None = None) -> list[Intensity]:
        """The dose intensity of every treated subject (the Exposure screen)."""
        ...

    def exposure_pdf(self, language: str, viewer: SignedInUser | None = None) -> bytes:
        """The dose-intensity report (table, RDI plot, swimmer plot) in `language`."""
        ...
