"""Read a protocol TOML file into a frozen `Protocol`, refusing a broken one with the file, field and fault.

Two ways in, never confused:

- `load_protocol(protocol_id)`: a shipped protocol (`resources/protocols/<id>.toml`) by its id, nothing else. A
  file in the working folder that happens to bear the id is never read.
- `load_protocol_file(path)`: a protocol file a person named explicitly as a file (`--protocol-file FILE`).

A loaded protocol carries its identity: the id and version its file states and the SHA-256 of the file's bytes
(`fingerprint`). `shipped_match(protocol)` says whether that content is the shipped file of the same id and
version, differs from it, or is no version DoseDesk ships; results show that, so a changed file is never passed
off as the version whose number it bears.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal, cast

from app.errors import InputError
from app.inputs import MAX_NOTE, check_characters, is_plausible, shown
from app.paths import protocols_dir
from app.protocol.model import (
    DIPSTICK_SCALE,
    WEEKDAYS,
    AgeMeasure,
    AgeOn,
    AppliesTo,
    AssessmentPhase,
    ClinicRules,
    Combine,
    Comparison,
    ConsentMeasure,
    CriteriaToTreatRules,
    Criterion,
    CriterionKind,
    DosingRules,
    Drug,
    EcogMeasure,
    EligibilityCriterion,
    EligibilityItem,
    EligibilityKind,
    EligibilityRules,
    LabMeasure,
    LiveVaccineMeasure,
    LvefMeasure,
    Measure,
    OrderChecks,
    PregnancyTestMeasure,
    Preparation,
    Product,
    Protocol,
    QtcfMeasure,
    Regimen,
    Resume,
    RuleAction,
    ScheduleRules,
    StockRules,
    ToxicityRule,
    ToxicityRules,
    TumourAssessmentPlan,
    UrineProteinMeasure,
    Weekday,
)
from app.text import Message, msg

_MISSING = object()

#: What a protocol file may hold: its size, its id and version (as the records keep them), and whole numbers
#: (days, weeks, minutes, hours: at most a century of days).
MAX_PROTOCOL_BYTES = 1024 * 1024
MAX_PROTOCOL_ID = 64
MAX_PROTOCOL_VERSION = 32
MAX_PROTOCOL_TITLE = 300
MAX_WHOLE_NUMBER = 36_500
_PROTOCOL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class ProtocolError(InputError):
    """A protocol file that cannot be used; the message names the file, the field and what is wrong."""


class _Table:
    """Typed access to one TOML table, with errors that name the dotted field."""

    def __init__(self, file: Path, data: dict[str, Any], prefix: str) -> None:
        self.file = file
        self.data = data
        self.prefix = prefix

    def path(self, key: str) -> str:
        return f"{self.prefix}.{key}" if self.prefix else key

    def fail(self, key: str, problem: Message) -> ProtocolError:
        return ProtocolError(
            msg(
                "protocol file {file}: field '{field}' {problem}",
                file=self.file.name,
                field=self.path(key),
                problem=problem,
            )
        )

    def _get(self, key: str, default: object = _MISSING) -> Any:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise self.fail(key, msg("is missing"))
        return default

    def table(self, key: str) -> _Table:
        value = self._get(key)
        if not isinstance(value, dict):
            raise self.fail(key, msg("must be a table"))
        return _Table(self.file, value, self.path(key))

    def tables(self, key: str) -> list[_Table]:
        value = self._get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self.fail(key, msg("must be a non-empty list of tables"))
        return [_Table(self.file, v, f"{self.path(key)}[{i}]") for i, v in enumerate(value)]

    def text(self, key: str, default: str | None = None, limit: int = MAX_NOTE) -> str:
        value = self._get(key, default if default is not None else _MISSING)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, msg("must be a non-empty text"))
        if len(value) > limit:
            raise self.fail(key, msg("is too long: at most {limit} characters", limit=limit))
        try:
            check_characters(value, msg("The text"))
        except InputError:
            raise self.fail(key, msg("holds a control character or a direction override")) from None
        return value

    def boolean(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(key, msg("must be true or false"))
        return value

    def integer(self, key: str, minimum: int = 0, default: int | None = None) -> int:
        value = self._get(key, default if default is not None else _MISSING)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, msg("must be a whole number, not {value}", value=shown(value)))
        if value < minimum:
            raise self.fail(key, msg("must be at least {minimum}, not {value}", minimum=minimum, value=value))
        if value > MAX_WHOLE_NUMBER:
            raise self.fail(
                key,
                msg("must be at most {maximum}, not {value}", maximum=MAX_WHOLE_NUMBER, value=shown(value)),
            )
        return value

    def optional_integer(self, key: str, minimum: int = 0) -> int | None:
        if key not in self.data:
            return None
        return self.integer(key, minimum)

    def decimal(self, key: str, positive: bool = True) -> Decimal:
        return self._to_decimal(key, self._get(key), positive)

    def optional_decimal(self, key: str) -> Decimal | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        return self._to_decimal(key, value, True)

    def _to_decimal(self, key: str, value: Any, positive: bool) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise self.fail(
                key, msg('must be a number written as text (e.g. "1.5"), not {value}', value=shown(value))
            )
        if isinstance(value, int) and abs(value) > MAX_WHOLE_NUMBER:
            raise self.fail(key, msg("is not a plausible number: {value}", value=shown(value)))
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(key, msg("is not a number: {value}", value=shown(value))) from None
        if not number.is_finite() or (positive and number <= 0) or number < 0:
            raise self.fail(key, msg("must be a positive number, not {value}", value=shown(value)))
        if not is_plausible(number):
            raise self.fail(key, msg("is not a plausible number: {value}", value=shown(value)))
        return number

    def texts(self, key: str, default: list[str] | None = None) -> tuple[str, ...]:
        value = self._get(key, default if default is not None else _MISSING)
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.fail(key, msg("must be a list of texts"))
        return tuple(value)

    def day_limits(self, key: str, dose_days: tuple[int, ...]) -> dict[int, Decimal]:
        value = self._get(key)
        if not isinstance(value, dict) or not value:
            raise self.fail(key, msg("must be a table of dose day = limit"))
        limits: dict[int, Decimal] = {}
        for day_text, limit in value.items():
            if not day_text.isdigit() or int(day_text) not in dose_days:
                raise self.fail(
                    key,
                    msg(
                        "names day {day}, which is not a dose day {dose_days}",
                        day=repr(day_text),
                        dose_days=str(list(dose_days)),
                    ),
                )
            limits[int(day_text)] = self._to_decimal(f"{key}.{day_text}", limit, True)
        return limits

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self._get(key, default if default is not None else _MISSING)
        if value not in allowed:
            raise self.fail(
                key,
                msg("must be one of {allowed}, not {value}", allowed=", ".join(allowed), value=repr(value)),
            )
        return cast(str, value)


def _regimen(t: _Table) -> Regimen:
    cycle = t.integer("cycle_length_days", 1)
    days_raw = t._get("dose_days")
    if (
        not isinstance(days_raw, list)
        or not days_raw
        or not all(isinstance(d, int) and not isinstance(d, bool) for d in days_raw)
    ):
        raise t.fail("dose_days", msg("must be a list of whole numbers"))
    days = tuple(days_raw)
    if days[0] != 1 or list(days) != sorted(set(days)) or days[-1] > cycle:
        raise t.fail(
            "dose_days", msg("must start at 1, rise, and stay within the {cycle}-day cycle", cycle=cycle)
        )
    levels_raw = t._get("dose_levels_mg_per_kg")
    if not isinstance(levels_raw, list) or not levels_raw:
        raise t.fail("dose_levels_mg_per_kg", msg("must be a non-empty list"))
    levels = tuple(t._to_decimal("dose_levels_mg_per_kg", v, True) for v in levels_raw)
    if list(levels) != sorted(set(levels), reverse=True):
        raise t.fail("dose_levels_mg_per_kg", msg("must fall strictly from the starting level"))
    return Regimen(cycle, days, levels)


def _dosing(t: _Table) -> DosingRules:
    rules = DosingRules(
        weight_max_age_days=t.integer("weight_max_age_days"),
        weight_hard_min_kg=t.decimal("weight_hard_min_kg"),
        weight_hard_max_kg=t.decimal("weight_hard_max_kg"),
        weight_soft_min_kg=t.decimal("weight_soft_min_kg"),
        weight_soft_max_kg=t.decimal("weight_soft_max_kg"),
        weight_change_warn_percent=t.decimal("weight_change_warn_percent"),
        volume_rounding_ml=t.decimal("volume_rounding_ml"),
        vial_rounding_allowed=t.boolean("vial_rounding_allowed"),
        vial_rounding_percent=t.decimal("vial_rounding_percent", positive=False),
        rounding_text=t.text("rounding_text") if "rounding_text" in t.data else None,
    )
    if not (
        rules.weight_hard_min_kg
        <= rules.weight_soft_min_kg
        < rules.weight_soft_max_kg
        <= rules.weight_hard_max_kg
    ):
        raise t.fail(
            "weight_soft_min_kg",
            msg("and the other weight limits must nest: hard min ≤ soft min < soft max ≤ hard max"),
        )
    return rules


def _preparation(t: _Table) -> Preparation:
    prep = Preparation(
        reconstitution_diluent=t.text("reconstitution_diluent"),
        reconstitution_volume_ml=t.decimal("reconstitution_volume_ml"),
        concentration_mg_per_ml=t.decimal("concentration_mg_per_ml"),
        bag_diluent=t.text("bag_diluent"),
        bag_volume_ml=t.decimal("bag_volume_ml"),
        final_concentration_min_mg_per_ml=t.optional_decimal("final_concentration_min_mg_per_ml"),
        final_concentration_max_mg_per_ml=t.optional_decimal("final_concentration_max_mg_per_ml"),
        infusion_first_minutes=t.integer("infusion_first_minutes", 1),
        infusion_later_minutes=t.integer("infusion_later_minutes", 1),
        infusion_later_max_minutes=t.optional_integer("infusion_later_max_minutes", 1),
        beyond_use_room_hours=t.integer("beyond_use_room_hours", 1),
        beyond_use_fridge_hours=t.integer("beyond_use_fridge_hours", 1),
        protect_from_light=t.boolean("protect_from_light"),
        premedication=t.texts("premedication", []),
    )
    low, high = prep.final_concentration_min_mg_per_ml, prep.final_concentration_max_mg_per_ml
    if low is not None and high is not None and low >= high:
        raise t.fail(
            "final_concentration_min_mg_per_ml", msg("must be below final_concentration_max_mg_per_ml")
        )
    return prep


def _order_checks(root: _Table) -> OrderChecks:
    """The `[order_checks]` table; every separation of duties is on when the file says nothing of it."""
    if "order_checks" not in root.data:
        return OrderChecks()
    t = root.table("order_checks")
    default = OrderChecks()

    def switch(key: str, value: bool) -> bool:
        return t.boolean(key) if key in t.data else value

    checks = OrderChecks(
        verifier_not_prescriber=switch("verifier_not_prescriber", default.verifier_not_prescriber),
        preparer_not_verifier=switch("preparer_not_verifier", default.preparer_not_verifier),
        checker_not_preparer=switch("checker_not_preparer", default.checker_not_preparer),
        weigh_bag=switch("weigh_bag", default.weigh_bag),
        solution_density_g_per_ml=(
            t.decimal("solution_density_g_per_ml")
            if "solution_density_g_per_ml" in t.data
            else default.solution_density_g_per_ml
        ),
        bag_weight_tolerance_percent=(
            t.decimal("bag_weight_tolerance_percent")
            if "bag_weight_tolerance_percent" in t.data
            else default.bag_weight_tolerance_percent
        ),
        use_before_warning_minutes=t.integer(
            "use_before_warning_minutes", 0, default=default.use_before_warning_minutes
        ),
    )
    return checks


def _stock(t: _Table) -> StockRules:
    return StockRules(
        expiry_alert_days=t.integer("expiry_alert_days", 1),
        cover_days=t.integer("cover_days", 1),
    )


def _schedule(t: _Table, regimen: Regimen) -> ScheduleRules:
    ta = t.table("tumour_assessment")
    phases: list[AssessmentPhase] = []
    for i, phase in enumerate(ta.tables("phases")):
        until = phase.optional_integer("until_week", 1)
        if until is None and i != len(ta.data["phases"]) - 1:
            raise phase.fail("until_week", msg("is needed on every phase but the last"))
        phases.append(AssessmentPhase(phase.integer("every_weeks", 1), until))
    eot = t.table("end_of_treatment")
    sfu = t.table("safety_follow_up")
    survival = t.table("survival_follow_up")
    rules = ScheduleRules(
        window_before_days=t.integer("window_before_days"),
        window_after_days=t.integer("window_after_days"),
        min_interval_days=t.integer("min_interval_days", 1),
        late_dose_omitted_after_day=t.integer("late_dose_omitted_after_day", 1),
        max_delay_days=t.integer("max_delay_days", 1),
        screening_days_before=t.integer("screening_days_before", 1),
        screening_labs_days_before=t.integer("screening_labs_days_before", 1),
        pregnancy_test_days_before=t.integer("pregnancy_test_days_before", 1),
        tumour_assessment=TumourAssessmentPlan(ta.integer("window_days"), tuple(phases)),
        eot_window_after_days=eot.integer("window_after_days"),
        sfu_days_after_last_dose=sfu.integer("days_after_last_dose", 1),
        sfu_window_days=sfu.integer("window_days"),
        survival_every_days=survival.integer("every_days", 1),
        survival_window_days=survival.integer("window_days"),
    )
    if rules.late_dose_omitted_after_day > regimen.cycle_length_days:
        raise t.fail("late_dose_omitted_after_day", msg("must fall within the cycle"))
    return rules


def _clinic(t: _Table) -> ClinicRules:
    days = t.texts("open_weekdays")
    for day in days:
        if day not in WEEKDAYS:
            raise t.fail(
                "open_weekdays", msg("has {value}; use mon, tue, wed, thu, fri, sat, sun", value=repr(day))
            )
    country = t.text("country")
    if len(country) != 2 or not country.isupper():
        raise t.fail(
            "country", msg("must be a two-letter country code such as CN, not {value}", value=repr(country))
        )
    return ClinicRules(country, cast(tuple[Weekday, ...], days))


def _criteria(t: _Table, regimen: Regimen) -> CriteriaToTreatRules:
    criteria: list[Criterion] = []
    for c in t.tables("criteria"):
        liver = (
            c.day_limits("liver_metastases_limits", regimen.dose_days)
            if "liver_metastases_limits" in c.data
            else None
        )
        criteria.append(
            Criterion(
                lab=c.text("lab"),
                kind=cast(CriterionKind, c.choice("kind", ("min", "above", "uln"))),
                unit=c.data.get("unit"),
                limits=c.day_limits("limits", regimen.dose_days),
                liver_metastases_limits=liver,
                or_crcl_min_ml_per_min=c.optional_decimal("or_crcl_min_ml_per_min"),
            )
        )
    return CriteriaToTreatRules(t.integer("lab_max_age_days"), tuple(criteria))


_CATCH_ALLS = ("non_haematological", "any")


def _toxicity(t: _Table) -> ToxicityRules:
    terms_table = t.table("terms")
    terms = {key: terms_table.texts(key) for key in terms_table.data}
    rules: list[ToxicityRule] = []
    for r in t.tables("rules"):
        match = r.text("match")
        if match not in terms and match not in _CATCH_ALLS:
            raise r.fail(
                "match",
                msg(
                    "names {value}, which is neither a key of toxicity.terms nor a catch-all",
                    value=repr(match),
                ),
            )
        grades = r._get("grades")
        if (
            not isinstance(grades, list)
            or len(grades) != 2
            or not all(isinstance(g, int) and 1 <= g <= 5 for g in grades)
            or grades[0] > grades[1]
        ):
            raise r.fail("grades", msg("must be [lowest, highest] grades between 1 and 5"))
        action = cast(RuleAction, r.choice("action", ("hold", "discontinue")))
        hold_until = resume = recurrence = None
        if action == "hold":
            hold_until = r.integer("hold_until_grade")
            if hold_until >= grades[0]:
                raise r.fail("hold_until_grade", msg("must be below the rule's lowest grade"))
            resume = cast(Resume, r.choice("resume", ("same", "reduce")))
            if "recurrence_resume" in r.data:
                recurrence = cast(Resume, r.choice("recurrence_resume", ("same", "reduce")))
        rules.append(
            ToxicityRule(match, grades[0], grades[1], action, hold_until, resume, recurrence, r.text("text"))
        )
    return ToxicityRules(terms, frozenset(t.texts("haematological")), tuple(rules))


_CRITERION_ID = re.compile(r"[IE][1-9][0-9]{0,2}")
_ITEM_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
_ITEM_KEYS = frozenset({"text", "kind", "applies_to"})
# The fields each measure takes besides text, kind, applies_to and measure, and the comparisons it allows.
_MEASURE_KEYS: dict[str, frozenset[str]] = {
    "lab": frozenset(
        {
            "lab",
            "labs",
            "combine",
            "comparison",
            "limit",
            "unit",
            "liver_metastases_limit",
            "or_crcl_min_ml_per_min",
            "max_age_days",
        }
    ),
    "urine_protein": frozenset({"comparison", "limit", "per_24h_limit", "per_24h_unit", "max_age_days"}),
    "age": frozenset({"comparison", "limit", "unit", "on"}),
    "ecog": frozenset({"comparison", "limit"}),
    "qtcf": frozenset({"comparison", "limit", "unit", "max_age_days"}),
    "lvef": frozenset({"comparison", "limit", "unit", "max_age_days"}),
    "pregnancy_test": frozenset({"max_age_days"}),
    "live_vaccine": frozenset({"within_days"}),
    "consent": frozenset(),
}
_COMPARISONS: dict[str, tuple[str, ...]] = {
    "lab": ("min", "above", "max", "below", "uln"),
    "urine_protein": ("below",),
    "age": ("min", "above"),
    "ecog": ("max", "below"),
    "qtcf": ("below",),
    "lvef": ("min", "above"),
}
# The unit each non-lab measure is written in.
_MEASURE_UNITS = {"age": "years", "qtcf": "ms", "lvef": "%"}


def _refuse_unknown(t: _Table, allowed: frozenset[str]) -> None:
    for key in t.data:
        if key not in allowed:
            raise t.fail(
                key,
                msg(
                    "is not a field of an eligibility criterion here; use {allowed}",
                    allowed=", ".join(sorted(allowed)),
                ),
            )


def _comparison(t: _Table, measure: str) -> Comparison:
    return cast(Comparison, t.choice("comparison", _COMPARISONS[measure]))


def _measure_unit(t: _Table, measure: str) -> None:
    wanted = _MEASURE_UNITS[measure]
    if t._get("unit") != wanted:
        raise t.fail("unit", msg("must be {unit}", unit=repr(wanted)))


def _lab_unit(t: _Table, key: str, lab: str) -> str:
    from app.errors import InputError
    from app.toxicity.labs import lab_kind

    unit = t.text(key)
    try:
        lab_kind(lab).factor(unit)
    except InputError as exc:
        raise t.fail(key, msg("is not usable: {reason}", reason=exc.args[0])) from None
    return unit


def _lab_measure(t: _Table) -> LabMeasure:
    from app.toxicity.labs import LAB_KEYS, SCREENING_LAB_KEYS

    known = (*LAB_KEYS, *SCREENING_LAB_KEYS)
    if ("lab" in t.data) == ("labs" in t.data):
        raise t.fail("lab", msg("or 'labs' is needed, not both"))
    labs = (t.text("lab"),) if "lab" in t.data else t.texts("labs")
    key = "lab" if "lab" in t.data else "labs"
    if not labs or len(set(labs)) != len(labs):
        raise t.fail(key, msg("must name each lab once"))
    for lab in labs:
        if lab not in known:
            raise t.fail(
                key,
                msg(
                    "names {lab}, which is not a lab DoseDesk knows ({labs})",
                    lab=repr(lab),
                    labs=", ".join(known),
                ),
            )
    if len(labs) > 1 and "combine" not in t.data:
        raise t.fail("combine", msg('is needed with several labs: "any" (one is enough) or "all"'))
    combine = cast(Combine, t.choice("combine", ("any", "all"), "all"))
    comparison = _comparison(t, "lab")
    limit = t.decimal("limit")
    if comparison == "uln":
        if "unit" in t.data:
            raise t.fail("unit", msg("has no place in a multiple of the ULN"))
        unit = None
    else:
        if len(labs) != 1:
            raise t.fail("labs", msg("must be one lab for a limit in a unit"))
        unit = _lab_unit(t, "unit", labs[0])
    liver = t.optional_decimal("liver_metastases_limit")
    if liver is not None and (liver < limit if comparison in ("uln", "max", "below") else liver > limit):
        raise t.fail("liver_metastases_limit", msg("must not be stricter than the limit"))
    crcl = t.optional_decimal("or_crcl_min_ml_per_min")
    if crcl is not None and (labs != ("creatinine",) or comparison != "uln"):
        raise t.fail(
            "or_crcl_min_ml_per_min", msg("belongs only to a creatinine limit in multiples of the ULN")
        )
    return LabMeasure(labs, combine, comparison, limit, unit, liver, crcl, t.integer("max_age_days"))


def _measure(t: _Table) -> Measure:
    measure = t.choice("measure", tuple(_MEASURE_KEYS))
    _refuse_unknown(t, _ITEM_KEYS | {"measure"} | _MEASURE_KEYS[measure])
    if measure == "lab":
        return _lab_measure(t)
    if measure == "urine_protein":
        _comparison(t, measure)
        scale = DIPSTICK_SCALE[1:]
        dipstick = t.choice("limit", scale)
        return UrineProteinMeasure(
            dipstick,
            t.decimal("per_24h_limit"),
            _lab_unit(t, "per_24h_unit", "urine_protein_24h"),
            t.integer("max_age_days"),
        )
    if measure == "age":
        _measure_unit(t, measure)
        on = cast(AgeOn, t.choice("on", ("consent_date", "first_dose_date")))
        return AgeMeasure(_comparison(t, measure), t.integer("limit", 1), on)
    if measure == "ecog":
        comparison = _comparison(t, measure)
        limit = t.integer("limit")
        if limit > 5:
            raise t.fail("limit", msg("must be an ECOG score from 0 to 5, not {value}", value=limit))
        return EcogMeasure(comparison, limit)
    if measure == "qtcf":
        _comparison(t, measure)
        _measure_unit(t, measure)
        limits = t.table("limit")
        _refuse_unknown(limits, frozenset({"female", "male"}))
        return QtcfMeasure(limits.integer("female", 1), limits.integer("male", 1), t.integer("max_age_days"))
    if measure == "lvef":
        comparison = _comparison(t, measure)
        _measure_unit(t, measure)
        percent = t.decimal("limit")
        if percent > 100:
            raise t.fail(
                "limit", msg("must be a percentage up to 100, not {value}", value=repr(t.data["limit"]))
            )
        return LvefMeasure(comparison, percent, t.integer("max_age_days"))
    if measure == "pregnancy_test":
        return PregnancyTestMeasure(t.integer("max_age_days"))
    if measure == "live_vaccine":
        return LiveVaccineMeasure(t.integer("within_days", 1))
    return ConsentMeasure()


def _eligibility_item(t: _Table, item_id: str) -> EligibilityItem:
    kind = cast(EligibilityKind, t.choice("kind", ("measurable", "attested")))
    applies_to = cast(
        AppliesTo, t.choice("applies_to", ("all", "female", "male", "childbearing_potential"), "all")
    )
    text = t.text("text")
    if kind == "attested":
        _refuse_unknown(t, _ITEM_KEYS)
        return EligibilityItem(item_id, text, kind, None, applies_to)
    return EligibilityItem(item_id, text, kind, _measure(t), applies_to)


def _eligibility(t: _Table) -> EligibilityRules:
    table = t.table("criteria")
    criteria: list[EligibilityCriterion] = []
    for key in table.data:
        if not _CRITERION_ID.fullmatch(key):
            raise table.fail(
                key,
                msg(
                    "is not a criterion id: use I1, I2, … for inclusion and E1, E2, … for exclusion criteria"
                ),
            )
        c = table.table(key)
        subs = [name for name, value in c.data.items() if isinstance(value, dict)]
        if not subs:
            criteria.append(EligibilityCriterion(key, c.text("text"), (_eligibility_item(c, key),)))
            continue
        for name in c.data:
            if name not in subs and name != "text":
                raise c.fail(name, msg("has no place beside the criterion's items: give it to each item"))
        items: list[EligibilityItem] = []
        for name in subs:
            if not _ITEM_KEY.fullmatch(name):
                raise c.fail(
                    name, msg("is not an item name: use small letters, digits and _ (e.g. neutrophils)")
                )
            items.append(_eligibility_item(c.table(name), f"{key}.{name}"))
        criteria.append(EligibilityCriterion(key, c.text("text"), tuple(items)))
    if not criteria:
        raise t.fail("criteria", msg("must list at least one criterion"))
    for letter in ("I", "E"):
        numbers = {int(c.id[1:]) for c in criteria if c.id[0] == letter}
        gaps = sorted(set(range(1, max(numbers, default=0) + 1)) - numbers)
        if gaps:
            raise table.fail(
                f"{letter}{gaps[0]}",
                msg("is missing: criteria {letter}1, {letter}2, … are numbered without a gap", letter=letter),
            )
    criteria.sort(key=lambda c: (c.id[0] != "I", int(c.id[1:])))
    return EligibilityRules(tuple(criteria))


def _check_unconfirmed(root: _Table, paths: tuple[str, ...]) -> None:
    for dotted in paths:
        node: Any = root.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                raise root.fail(
                    "protocol.unconfirmed",
                    msg("lists {value}, which is not a field of the file", value=repr(dotted)),
                )
            node = node[part]


def _identity(head: _Table) -> tuple[str, str]:
    """The protocol's id and version as its file states them: an id such as nct07343453, a short version."""
    protocol_id = head.text("id", limit=MAX_PROTOCOL_ID)
    if not _PROTOCOL_ID.fullmatch(protocol_id):
        raise head.fail(
            "id",
            msg(
                "must be letters, digits, dots, dashes or underscores (at most {limit}), like nct07343453",
                limit=MAX_PROTOCOL_ID,
            ),
        )
    return protocol_id, head.text("version", limit=MAX_PROTOCOL_VERSION)


def parse_protocol(file: Path, raw: bytes) -> Protocol:
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProtocolError(
            msg("protocol file {file}: not valid TOML ({error})", file=file.name, error=str(exc))
        ) from None
    except (RecursionError, ValueError):  # nested past Python's stack, or an integer of thousands of digits
        raise ProtocolError(
            msg(
                "protocol file {file}: not valid TOML (nested too deeply, or a number far too long)",
                file=file.name,
            )
        ) from None
    root = _Table(file, data, "")
    head = root.table("protocol")
    protocol_id, version = _identity(head)
    study_end_text = head.text("study_end")
    try:
        study_end = date.fromisoformat(study_end_text)
    except ValueError:
        raise head.fail(
            "study_end", msg("must be a date like 2029-12-22, not {value}", value=repr(study_end_text))
        ) from None
    unconfirmed = head.texts("unconfirmed", [])
    _check_unconfirmed(root, unconfirmed)
    drug = root.table("drug")
    product = root.table("product")
    regimen = _regimen(root.table("regimen"))
    return Protocol(
        id=protocol_id,
        version=version,
        title=head.text("title", limit=MAX_PROTOCOL_TITLE),
        registry=head.text("registry"),
        sponsor=head.text("sponsor"),
        study_end=study_end,
        unconfirmed=unconfirmed,
        drug=Drug(
            drug.text("name"),
            drug.text("name_zh"),
            drug.text("short_name"),
            drug.texts("synonyms", []),
            drug.text("route"),
        ),
        regimen=regimen,
        dosing=_dosing(root.table("dosing")),
        product=Product(
            product.decimal("vial_strength_mg"),
            product.text("form"),
            product.boolean("single_use"),
            product.text("storage"),
        ),
        stock=_stock(root.table("stock")),
        preparation=_preparation(root.table("preparation")),
        schedule=_schedule(root.table("schedule"), regimen),
        clinic=_clinic(root.table("clinic")),
        criteria_to_treat=_criteria(root.table("criteria_to_treat"), regimen),
        toxicity=_toxicity(root.table("toxicity")),
        eligibility=_eligibility(root.table("eligibility")) if "eligibility" in data else None,
        source=file,
        fingerprint=hashlib.sha256(raw).hexdigest(),
        order_checks=_order_checks(root),
    )


def load_protocol_file(file: Path | str) -> Protocol:
    """The protocol in the file a person named explicitly (`--protocol-file FILE`), refused in one sentence when
    it cannot be read or used."""
    path = Path(file)
    name = shown(str(path), 80)
    try:
        if not path.is_file():
            problem = msg("there is no such file") if not path.exists() else msg("it is not a file")
            raise ProtocolError(msg("protocol file {file}: {problem}", file=name, problem=problem))
        with path.open("rb") as stream:
            raw = stream.read(MAX_PROTOCOL_BYTES + 1)
    except OSError as exc:
        raise ProtocolError(
            msg("protocol file {file}: cannot be read ({reason})", file=name, reason=str(exc.strerror or exc))
        ) from None
    except ValueError:  # a path holding a NUL character
        raise ProtocolError(
            msg("protocol file {file}: {problem}", file=name, problem=msg("there is no such file"))
        ) from None
    if len(raw) > MAX_PROTOCOL_BYTES:
        raise ProtocolError(
            msg(
                "protocol file {file}: larger than {limit} KB, so not a protocol file",
                file=name,
                limit=MAX_PROTOCOL_BYTES // 1024,
            )
        )
    return parse_protocol(path, raw)


_cache: dict[str, Protocol] = {}


def _shipped_files() -> dict[str, Path]:
    return {path.stem: path for path in protocols_dir().glob("*.toml") if path.is_file()}


def load_protocol(protocol_id: str) -> Protocol:
    """The shipped protocol with this id (`resources/protocols/<id>.toml`); shipped ones are cached.

    Only an id: a path, or a file of that name in the working folder, is never read here (a protocol file is
    loaded with `load_protocol_file`, when a person names it as a file)."""
    cached = _cache.get(protocol_id) if isinstance(protocol_id, str) else None
    if cached is not None:
        return cached
    files = _shipped_files()
    file = files.get(protocol_id) if isinstance(protocol_id, str) else None
    if file is None:
        raise ProtocolError(
            msg(
                "no protocol named {name}; shipped protocols: {known}",
                name=shown(protocol_id),
                known=", ".join(sorted(files)),
            )
        )
    protocol = load_protocol_file(file)
    if protocol.id != protocol_id:
        raise ProtocolError(
            msg(
                "protocol file {file} says it is protocol {id}: a shipped protocol file is named after its id",
                file=file.name,
                id=protocol.id,
            )
        )
    _cache[protocol_id] = protocol
    return protocol


def shipped_protocols() -> list[str]:
    return sorted(_shipped_files())


ShippedMatch = Literal["shipped", "differs", "not shipped"]


def shipped_match(protocol: Protocol) -> ShippedMatch:
    """How `protocol`'s content compares with what DoseDesk ships under its id and version: "shipped" (the same
    bytes), "differs" (the shipped file of that id and version has other content: this is not that version,
    whatever its number says), or "not shipped" (no shipped file has that id and version)."""
    try:
        shipped = load_protocol(protocol.id)
    except ProtocolError:
        return "not shipped"
    if shipped.fingerprint == protocol.fingerprint:
        return "shipped"
    return "differs" if shipped.version == protocol.version else "not shipped"
