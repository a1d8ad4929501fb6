"""What goes on paper: frozen dataclasses holding values already computed by the core and the services.

The printing package lays these out and formats every figure through ``app.dosing.format``; it computes
no clinical value of its own and never touches the database. ``app/services/paper.py`` builds them from
the records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from app.dosing.order_status import OrderStatus
from app.scheduling.kinds import VisitKind, VisitStatus

#: An order's status on paper: the records' (`app.dosing.order_status`), or "superseded" for a cancelled order
#: another one replaced.
PaperOrderStatus = OrderStatus | Literal["superseded"]
SUPERSEDED: Literal["superseded"] = "superseded"
SignatureStep = Literal[
    "prescribed",
    "verified",
    "prepared",
    "checked",
    "started",
    "completed",
    "stopped",
    "administered",
    "cancelled",
]
UseBeforeState = Literal["ok", "soon", "expired"]
CriterionKind = Literal["min", "above", "uln"]
Language = Literal["en", "zh"]

ORDER_STATUSES: tuple[PaperOrderStatus, ...] = (*OrderStatus, SUPERSEDED)
VISIT_KINDS: tuple[VisitKind, ...] = tuple(VisitKind)
VISIT_STATUSES: tuple[VisitStatus, ...] = tuple(VisitStatus)
LANGUAGES: tuple[Language, ...] = ("en", "zh")


@dataclass(frozen=True)
class Subject:
    """The two patient identifiers: the subject number, and name initials with date of birth; and the hospital
    number (medical record number) where recorded, printed beside them on the order and the bag label."""

    subject_number: str
    initials: str
    date_of_birth: date
    hospital_number: str | None = None


@dataclass(frozen=True)
class Signature:
    """One step of an order's life; `name` and `signed_at` are None while the step is unsigned.

    `name` is the printed name of the step's e-signature: who really signed it. `note` says more when the
    record does (an infusion recorded in one step before the bedside steps existed: the nurse's name as typed,
    signed by whoever recorded it)."""

    step: SignatureStep
    name: str | None = None
    signed_at: datetime | None = None
    note: str | None = None

    @property
    def signed(self) -> bool:
        return self.name is not None and self.signed_at is not None


@dataclass(frozen=True)
class LabCriterion:
    """One criterion to treat, with the lab value that was judged against it.

    `lab` is the protocol's lab key (``neutrophils``, ``platelets``, ``hemoglobin``, ``ast``, ``alt``,
    ``bilirubin``, ``creatinine``…). For kind ``uln`` the limit is a multiple of `uln` (the upper limit of
    normal of the reporting laboratory). `met` is None when no valid value was available.
    """

    lab: str
    kind: CriterionKind
    limit: Decimal
    value: Decimal | None
    unit: str | None
    measured_on: date | None
    met: bool | None
    uln: Decimal | None = None
    crcl_ml_per_min: Decimal | None = None
    or_crcl_min_ml_per_min: Decimal | None = None
    # The limit is the protocol's liver-metastasis variant.
    liver_metastases: bool = False
    grade: int | None = None  # the value's CTCAE v5.0 grade, when it can be told


@dataclass(frozen=True)
class DoseReduction:
    """A permanent reduction of the dose level, with the investigator's reason."""

    from_level_mg_per_kg: Decimal
    to_level_mg_per_kg: Decimal
    reason: str
    decided_on: date | None = None


@dataclass(frozen=True)
class LotUsed:
    """Vials taken from one lot for this preparation."""

    lot_number: str
    expiry: date
    vials: int


@dataclass(frozen=True)
class OrderSheet:
    """Everything docs/domain.md §7 requires on a printed infusion order."""

    order_id: str
    status: PaperOrderStatus
    subject: Subject
    trial: str
    protocol_id: str
    protocol_version: str
    protocol_signed_off: bool
    drug_name: str
    drug_short_name: str
    cycle: int
    day: int
    planned_date: date
    actual_date: date | None
    weight_kg: Decimal
    weight_measured_on: date
    baseline_weight_kg: Decimal
    weight_change_percent: Decimal
    dose_level_mg_per_kg: Decimal
    # The figures are None on a sheet printed for someone who may still verify the order (blind).
    calculated_dose_mg: Decimal | None
    final_dose_mg: Decimal | None
    reduction: DoseReduction | None
    criteria: tuple[LabCriterion, ...]
    vial_strength_mg: Decimal
    vials: int | None
    waste_mg: Decimal | None
    reconstitution_diluent: str
    reconstitution_volume_ml: Decimal
    reconstituted_concentration_mg_per_ml: Decimal
    volume_to_draw_ml: Decimal | None
    bag_diluent: str
    bag_volume_ml: Decimal
    final_volume_ml: Decimal | None
    final_concentration_mg_per_ml: Decimal | None
    final_concentration_min_mg_per_ml: Decimal | None
    final_concentration_max_mg_per_ml: Decimal | None
    route: str
    infusion_minutes: int
    first_infusion: bool
    premedication: tuple[str, ...]
    # None: allergies not recorded; (): no known drug allergies.
    allergies: tuple[str, ...] | None
    prescribed: Signature
    verified: Signature
    prepared: Signature
    administered: Signature  # the start (or, for older orders, the infusion recorded in one step)
    lots: tuple[LotUsed, ...]
    beyond_use: datetime | None
    storage: str
    printed_at: datetime
    # Dotted protocol paths not confirmed (Protocol.unconfirmed); marked on paper until the version is signed off.
    unconfirmed: tuple[str, ...] = ()
    cancellation_reason: str | None = None
    superseded_by: str | None = None
    # Soft-limit acknowledgements, each with its recorded reason.
    acknowledgements: tuple[str, ...] = ()
    # The SHA-256 of the protocol file the order was made under (its recorded version); printed shortened
    # beside the version, so two contents that bear the same version number are told apart on paper.
    protocol_fingerprint: str = ""
    checked: Signature = field(default_factory=lambda: Signature("checked"))
    ended: Signature = field(default_factory=lambda: Signature("completed"))  # completed, or stopped early
    blinded: bool = False  # printed for a possible verifier: the figures are withheld
    bag_number: int | None = None  # the bag in use, when more than one was made
    volume_given_ml: Decimal | None = None
    dose_given_mg: Decimal | None = None
    stop_reason: str | None = None  # why it was stopped early, in words
    interruptions: tuple[str, ...] = ()  # one line each, with its times
    reactions: tuple[str, ...] = ()
    wasted_bags: tuple[str, ...] = ()  # bags made and not given, one line each
    drug_name_zh: str = ""  # the drug's Chinese name, printed on Chinese sheets

    @property
    def visit_label(self) -> str:
        return f"C{self.cycle}D{self.day}"

    @property
    def void(self) -> bool:
        """A cancelled or superseded order, printed with CANCELLED across it."""
        return self.status in ("cancelled", "superseded")

    def is_unconfirmed(self, dotted: str) -> bool:
        if self.protocol_signed_off:
            return False
        return any(dotted == item or dotted.startswith(item + ".") for item in self.unconfirmed)


@dataclass(frozen=True)
class BagLabel:
    """The label stuck on the prepared infusion bag."""

    order_id: str
    status: PaperOrderStatus
    subject: Subject
    trial: str
    protocol_signed_off: bool
    drug_name: str
    cycle: int
    day: int
    final_dose_mg: Decimal | None  # None: printed before verification for a possible verifier (withheld)
    final_volume_ml: Decimal | None
    final_concentration_mg_per_ml: Decimal | None
    bag_diluent: str
    route: str
    infusion_minutes: int
    beyond_use: datetime | None
    storage: str
    preparer: str | None
    prepared_at: datetime | None
    checker: str | None = None
    checked_at: datetime | None = None
    bag_number: int | None = None
    expired: bool = False  # past its use-before time when printed
    lots: tuple[LotUsed, ...] = ()  # the lots the bag was made from (none yet: blanks to write on)
    drug_name_zh: str = ""  # the drug's Chinese name, printed on Chinese labels
    hazardous: bool = True  # a cytotoxic / hazardous drug: the warning and its symbol on the label

    @property
    def visit_label(self) -> str:
        return f"C{self.cycle}D{self.day}"

    @property
    def void(self) -> bool:
        return self.status in ("cancelled", "superseded")

    @property
    def blinded(self) -> bool:
        return self.final_dose_mg is None


@dataclass(frozen=True)
class LabelSize:
    """The label stock, in millimetres (default 100 × 70 mm)."""

    width_mm: Decimal = Decimal(100)
    height_mm: Decimal = Decimal(70)


@dataclass(frozen=True)
class CalendarVisit:
    """One visit of a patient's calendar, with its window and where it stands."""

    label: str
    kind: VisitKind
    target: date
    window_start: date
    window_end: date
    status: VisitStatus
    cycle: int | None = None
    day: int | None = None
    suggested: date | None = None
    booked: date | None = None
    actual: date | None = None
    warnings: tuple[str, ...] = ()
    # The clinic's open days inside the window (what "you may come" lists); None: not told (the window shown).
    open_days: tuple[date, ...] | None = None
    # A dose whose date waits for a hold of the treatment to end: no date to come on is printed for it.
    waits_for_hold: bool = False

    @property
    def shown_date(self) -> date:
        """The date the patient should come (or came): actual, else booked, else suggested, else target."""
        return self.actual or self.booked or self.suggested or self.target

    @property
    def active(self) -> bool:
        """Still something the patient attends or attended (not omitted, missed or cancelled)."""
        return self.status in ("planned", "booked", "done")


@dataclass(frozen=True)
class CalendarHoliday:
    """A public holiday the clinic is closed on, named in the document's language; `estimated`: the holiday
    table only estimates it (no official notice yet), printed "to be confirmed"."""

    day: date
    name: str
    estimated: bool = False


@dataclass(frozen=True)
class PatientCalendar:
    """A patient's visits for the printed calendar and the .ics file. `clinic_phone` "" when the site has not
    given one (the paper says so); `holidays` those of the months and windows the calendar shows."""

    subject: Subject
    trial: str
    drug_name: str
    drug_name_zh: str
    clinic_name: str
    clinic_phone: str
    visits: tuple[CalendarVisit, ...]
    generated_at: datetime
    holidays: tuple[CalendarHoliday, ...] = ()


@dataclass(frozen=True)
class ClinicVisitLine:
    subject: Subject
    label: str
    kind: VisitKind
    target: date
    window_start: date
    window_end: date
    status: VisitStatus
    booked: date | None = None
    warnings: tuple[str, ...] = ()
    held: bool = False  # treatment is held at this visit (an open hold), as the Today screen says


@dataclass(frozen=True)
class PreparationLine:
    """One order of the day; its figures None when printed for someone who may still verify it (blind)."""

    order_id: str
    subject: Subject
    label: str
    status: PaperOrderStatus
    dose_level_mg_per_kg: Decimal
    final_dose_mg: Decimal | None
    vials: int | None
    vial_strength_mg: Decimal
    volume_to_draw_ml: Decimal | None
    use_before: datetime | None = None  # the bag's, once prepared and not yet started
    use_before_state: UseBeforeState | None = None
    minutes_left: int | None = None
    held: bool = False  # the subject's treatment is held
    # The criteria to treat on the planned day, as the pharmacy queue checks them: None when not checked (an
    # infusion running, or no dose visit); `awaiting_labs` when not met only because results are still to come.
    criteria_met: bool | None = None
    awaiting_labs: bool = False


@dataclass(frozen=True)
class Wristband:
    """A subject's wristband or ID card: the two identifiers and a barcode the nurse scans at the bedside
    (`code`: the subject's identifier, as `start_infusion` matches it)."""

    subject: Subject
    code: str
    trial: str
    drug_name: str
    allergies: tuple[str, ...] | None  # None: not recorded; (): none known
    clinic_name: str
    printed_at: datetime


@dataclass(frozen=True)
class ClinicDay:
    """The clinic's visits and the pharmacy's preparations of one date."""

    day: date
    clinic_name: str
    trial: str
    visits: tuple[ClinicVisitLine, ...]
    preparations: tuple[PreparationLine, ...]
    printed_at: datetime
    notes: tuple[str, ...] = field(default=())
    audit_head: str = (
        ""  # the audit trail's head when printed ("audit row 4,510 · 3fa9c2d1e0b4"): paper witnesses it
    )
