"""Read a protocol TOML file into a frozen `Protocol`, refusing a broken one with the file, field and fault."""

from __future__ import annotations

import hashlib
import tomllib
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, cast

from app.errors import InputError
from app.paths import protocols_dir
from app.protocol.model import (
    WEEKDAYS,
    AssessmentPhase,
    ClinicRules,
    CriteriaToTreatRules,
    Criterion,
    CriterionKind,
    DosingRules,
    Drug,
    OrderChecks,
    Preparation,
    Product,
    Protocol,
    Regimen,
    Resume,
    RuleAction,
    ScheduleRules,
    StockRules,
    ToxicityRule,
    ToxicityRules,
    TumourAssessmentPlan,
    Weekday,
)
from app.text import Message, msg

_MISSING = object()


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

    def text(self, key: str, default: str | None = None) -> str:
        value = self._get(key, default if default is not None else _MISSING)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, msg("must be a non-empty text"))
        return value

    def boolean(self, key: str) -> bool:
        value = self._get(key)
        if not isinstance(value, bool):
            raise self.fail(key, msg("must be true or false"))
        return value

    def integer(self, key: str, minimum: int = 0, default: int | None = None) -> int:
        value = self._get(key, default if default is not None else _MISSING)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(key, msg("must be a whole number, not {value}", value=repr(value)))
        if value < minimum:
            raise self.fail(key, msg("must be at least {minimum}, not {value}", minimum=minimum, value=value))
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
                key, msg('must be a number written as text (e.g. "1.5"), not {value}', value=repr(value))
            )
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise self.fail(key, msg("is not a number: {value}", value=repr(value))) from None
        if not number.is_finite() or (positive and number <= 0) or number < 0:
            raise self.fail(key, msg("must be a positive number, not {value}", value=repr(value)))
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


def parse_protocol(file: Path, raw: bytes) -> Protocol:
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProtocolError(
            msg("protocol file {file}: not valid TOML ({error})", file=file.name, error=str(exc))
        ) from None
    root = _Table(file, data, "")
    head = root.table("protocol")
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
        id=head.text("id"),
        version=head.text("version"),
        title=head.text("title"),
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
        source=file,
        fingerprint=hashlib.sha256(raw).hexdigest(),
        order_checks=_order_checks(root),
    )


def load_protocol_file(file: Path) -> Protocol:
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise ProtocolError(
            msg("protocol file {file}: cannot be read ({reason})", file=str(file), reason=str(exc.strerror))
        ) from None
    return parse_protocol(file, raw)


_cache: dict[str, Protocol] = {}


def load_protocol(name_or_path: str) -> Protocol:
    """A shipped protocol by id (`nct07343453`) or a protocol file by path; shipped ones are cached."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        return load_protocol_file(candidate)
    if name_or_path not in _cache:
        file = protocols_dir() / f"{name_or_path}.toml"
        if not file.is_file():
            known = ", ".join(sorted(p.stem for p in protocols_dir().glob("*.toml")))
            raise ProtocolError(
                msg(
                    "no protocol named {name}; shipped protocols: {known}",
                    name=repr(name_or_path),
                    known=known,
                )
            )
        _cache[name_or_path] = load_protocol_file(file)
    return _cache[name_or_path]


def shipped_protocols() -> list[str]:
    return sorted(p.stem for p in protocols_dir().glob("*.toml"))
