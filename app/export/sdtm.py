"""The SDTM domains DoseDesk is the source of, per SDTMIG 3.4: variables (name, label, type, origin) and rows.

    datasets = build_datasets(data)          # -> tuple[Dataset, ...] in the order DM, DS, EX, EC, AE, LB, VS, SV

Character values are plain text (ISO 8601 for dates and date-times), numeric values Decimal or int; a missing
value is "" for character and None for numeric variables. A character variable's length is the longest value
it holds (at least 1, at most 200), as submission guides ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from app.export import terms
from app.export.records import Dose, Subject, TrialData

Value = str | Decimal | int | None
Kind = Literal["Char", "Num"]
Origin = Literal["Collected", "Derived", "Assigned", "Protocol"]
MAX_LENGTH = 200


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    kind: Kind
    origin: Origin


@dataclass(frozen=True)
class Dataset:
    name: str
    label: str
    keys: tuple[str, ...]
    variables: tuple[Variable, ...]
    rows: tuple[dict[str, Value], ...]

    def length(self, variable: Variable) -> int:
        """The variable's length: 8 for numbers, the longest value (1 to 200) for text."""
        if variable.kind == "Num":
            return 8
        longest = max(
            (len(str(row.get(variable.name) or "").encode("utf-8")) for row in self.rows), default=1
        )
        return max(1, min(MAX_LENGTH, longest))


def _c(name: str, label: str, origin: Origin = "Collected") -> Variable:
    return Variable(name, label, "Char", origin)


def _n(name: str, label: str, origin: Origin = "Collected") -> Variable:
    return Variable(name, label, "Num", origin)


def _identifiers(domain: str) -> tuple[Variable, ...]:
    return (
        _c("STUDYID", "Study Identifier", "Assigned"),
        _c("DOMAIN", "Domain Abbreviation", "Assigned"),
        _c("USUBJID", "Unique Subject Identifier", "Derived"),
    )


def _iso(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0, tzinfo=None).isoformat(timespec="minutes")
    return value.isoformat()


def _day(on: date | datetime | None, reference: date | None) -> int | None:
    """--DY: the study day of `on` counted from the first dose (day 1; the day before is -1)."""
    if on is None or reference is None:
        return None
    day = on.date() if isinstance(on, datetime) else on
    delta = (day - reference).days
    return delta + 1 if delta >= 0 else delta


def _usubjid(data: TrialData, subject: Subject) -> str:
    return f"{data.trial.study_id}-{subject.subject_number}"


def _text(value: str | None, limit: int = MAX_LENGTH) -> str:
    """Free text on one line, cut to the SDTM limit of 200."""
    return " ".join((value or "").split())[:limit]


def _epoch(subject: Subject, on: date | None) -> str:
    if on is None or subject.first_dose is None or on < subject.first_dose:
        return terms.EPOCH_SCREENING
    if subject.treatment_stopped_on is not None and on > subject.treatment_stopped_on:
        return terms.EPOCH_FOLLOW_UP
    return terms.EPOCH_TREATMENT


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _visit(dose: Dose) -> tuple[Decimal, str]:
    return (
        terms.visit_number(dose.visit_label, "dose", dose.cycle, dose.day),
        terms.visit_name(dose.visit_label, "dose", dose.cycle, dose.day),
    )


def _visit_of(subject: Subject, label: str | None) -> tuple[Decimal | None, str]:
    if not label:
        return None, ""
    for visit in subject.visits:
        if visit.label == label:
            return (
                terms.visit_number(visit.label, visit.kind, visit.cycle, visit.day),
                terms.visit_name(visit.label, visit.kind, visit.cycle, visit.day),
            )
    for dose in subject.doses:
        if dose.visit_label == label:
            return _visit(dose)
    return None, label.upper()


# --- DM -----------------------------------------------------------------------------------------------------

DM_VARIABLES = (
    *_identifiers("DM"),
    _c("SUBJID", "Subject Identifier for the Study"),
    _c("RFSTDTC", "Subject Reference Start Date/Time", "Derived"),
    _c("RFENDTC", "Subject Reference End Date/Time", "Derived"),
    _c("RFXSTDTC", "Date/Time of First Study Treatment", "Derived"),
    _c("RFXENDTC", "Date/Time of Last Study Treatment", "Derived"),
    _c("RFICDTC", "Date/Time of Informed Consent"),
    _c("RFPENDTC", "Date/Time of End of Participation", "Derived"),
    _c("DTHDTC", "Date/Time of Death"),
    _c("DTHFL", "Subject Death Flag", "Derived"),
    _c("SITEID", "Study Site Identifier", "Assigned"),
    _c("BRTHDTC", "Date/Time of Birth"),
    _n("AGE", "Age", "Derived"),
    _c("AGEU", "Age Units", "Assigned"),
    _c("SEX", "Sex"),
    _c("RACE", "Race"),
    _c("ARMCD", "Planned Arm Code", "Assigned"),
    _c("ARM", "Description of Planned Arm", "Assigned"),
    _c("ACTARMCD", "Actual Arm Code", "Derived"),
    _c("ACTARM", "Description of Actual Arm", "Derived"),
    _c("ARMNRS", "Reason Arm and/or Actual Arm is Null", "Derived"),
    _c("COUNTRY", "Country", "Assigned"),
)


def _dm(data: TrialData) -> Dataset:
    rows: list[dict[str, Value]] = []
    arm = data.trial.arm
    for subject in data.subjects:
        first = min((d.start for d in subject.doses if d.start is not None), default=None)
        ends = [d.end or d.start for d in subject.doses]
        last = max((moment for moment in ends if moment is not None), default=None)
        died = subject.off_study_code == "DEATH"
        treated = first is not None
        rows.append(
            {
                "STUDYID": data.trial.study_id,
                "DOMAIN": "DM",
                "USUBJID": _usubjid(data, subject),
                "SUBJID": subject.subject_number,
                "RFSTDTC": _iso(first),
                "RFENDTC": _iso(last),
                "RFXSTDTC": _iso(first),
                "RFXENDTC": _iso(last),
                "RFICDTC": _iso(subject.consented_on),
                "RFPENDTC": _iso(subject.off_study_on),
                "DTHDTC": _iso(subject.off_study_on) if died else "",
                "DTHFL": "Y" if died else "",
                "SITEID": subject.site_id,
                "BRTHDTC": _iso(subject.birth_date),
                "AGE": _age(subject.birth_date, subject.consented_on),
                "AGEU": "YEARS",
                "SEX": terms.SEX.get(subject.sex, "U"),
                "RACE": "",
                "ARMCD": "" if subject.screen_failed else "SACTMT",
                "ARM": "" if subject.screen_failed else arm,
                "ACTARMCD": "SACTMT" if treated else "",
                "ACTARM": arm if treated else "",
                "ARMNRS": "SCREEN FAILURE" if subject.screen_failed else ("" if treated else "NOT TREATED"),
                "COUNTRY": data.trial.country,
            }
        )
    return Dataset("DM", "Demographics", ("STUDYID", "USUBJID"), DM_VARIABLES, tuple(rows))


# --- DS -----------------------------------------------------------------------------------------------------

DS_VARIABLES = (
    *_identifiers("DS"),
    _n("DSSEQ", "Sequence Number", "Derived"),
    _c("DSTERM", "Reported Term for the Disposition Event"),
    _c("DSDECOD", "Standardized Disposition Term", "Derived"),
    _c("DSCAT", "Category for Disposition Event", "Assigned"),
    _c("DSSCAT", "Subcategory for Disposition Event", "Assigned"),
    _c("EPOCH", "Epoch", "Derived"),
    _c("DSSTDTC", "Start Date/Time of Disposition Event"),
    _n("DSSTDY", "Study Day of Start of Disposition Event", "Derived"),
)


def _ds(data: TrialData) -> Dataset:
    rows: list[dict[str, Value]] = []
    for subject in data.subjects:
        events: list[tuple[str, str, str, str, str, date]] = [
            (
                "INFORMED CONSENT OBTAINED",
                terms.INFORMED_CONSENT,
                "PROTOCOL MILESTONE",
                "",
                terms.EPOCH_SCREENING,
                subject.consented_on,
            )
        ]
        if subject.screen_failed and subject.off_study_on is not None:
            events.append(
                (
                    _text(subject.off_study_reason) or "SCREEN FAILURE",
                    terms.SCREEN_FAILURE,
                    "DISPOSITION EVENT",
                    "STUDY PARTICIPATION",
                    terms.EPOCH_SCREENING,
                    subject.off_study_on,
                )
            )
        else:
            if subject.treatment_stopped_on is not None:
                events.append(
                    (
                        _text(subject.treatment_stop_reason),
                        subject.treatment_stop_code or "OTHER",
                        "DISPOSITION EVENT",
                        "STUDY TREATMENT",
                        terms.EPOCH_TREATMENT,
                        subject.treatment_stopped_on,
                    )
                )
            if subject.off_study_on is not None:
                events.append(
                    (
                        _text(subject.off_study_reason),
                        subject.off_study_code or "OTHER",
                        "DISPOSITION EVENT",
                        "STUDY PARTICIPATION",
                        terms.EPOCH_FOLLOW_UP,
                        subject.off_study_on,
                    )
                )
        for number, (term, decoded, category, subcategory, epoch, on) in enumerate(events, start=1):
            rows.append(
                {
                    "STUDYID": data.trial.study_id,
                    "DOMAIN": "DS",
                    "USUBJID": _usubjid(data, subject),
                    "DSSEQ": number,
                    "DSTERM": term or decoded,
                    "DSDECOD": decoded,
                    "DSCAT": category,
                    "DSSCAT": subcategory,
                    "EPOCH": epoch,
                    "DSSTDTC": _iso(on),
                    "DSSTDY": _day(on, subject.first_dose),
                }
            )
    return Dataset("DS", "Disposition", ("STUDYID", "USUBJID", "DSSEQ"), DS_VARIABLES, tuple(rows))


# --- EX and EC ----------------------------------------------------------------------------------------------

EX_VARIABLES = (
    *_identifiers("EX"),
    _n("EXSEQ", "Sequence Number", "Derived"),
    _c("EXLNKID", "Link ID", "Assigned"),
    _c("EXTRT", "Name of Treatment", "Assigned"),
    _n("EXDOSE", "Dose"),
    _c("EXDOSU", "Dose Units", "Assigned"),
    _c("EXDOSFRM", "Dose Form", "Assigned"),
    _c("EXDOSFRQ", "Dosing Frequency per Interval", "Protocol"),
    _c("EXROUTE", "Route of Administration", "Protocol"),
    _c("EXLOT", "Lot Number"),
    _c("EXADJ", "Reason for Dose Adjustment"),
    _c("EPOCH", "Epoch", "Derived"),
    _n("VISITNUM", "Visit Number", "Assigned"),
    _c("VISIT", "Visit Name", "Assigned"),
    _c("EXSTDTC", "Start Date/Time of Treatment"),
    _c("EXENDTC", "End Date/Time of Treatment"),
    _n("EXSTDY", "Study Day of Start of Treatment", "Derived"),
    _n("EXENDY", "Study Day of End of Treatment", "Derived"),
)

EC_VARIABLES = (
    *_identifiers("EC"),
    _n("ECSEQ", "Sequence Number", "Derived"),
    _c("ECLNKID", "Link ID", "Assigned"),
    _c("ECTRT", "Name of Treatment", "Assigned"),
    _c("ECMOOD", "Mood", "Assigned"),
    _n("ECDOSE", "Dose"),
    _c("ECDOSU", "Dose Units", "Assigned"),
    _c("ECDOSFRM", "Dose Form", "Assigned"),
    _c("ECROUTE", "Route of Administration", "Protocol"),
    _c("ECLOT", "Lot Number"),
    _c("ECADJ", "Reason for Dose Adjustment"),
    _c("EPOCH", "Epoch", "Derived"),
    _n("VISITNUM", "Visit Number", "Assigned"),
    _c("VISIT", "Visit Name", "Assigned"),
    _c("ECSTDTC", "Start Date/Time of Treatment"),
    _c("ECENDTC", "End Date/Time of Treatment"),
)


def adjustment(dose: Dose) -> str:
    """EXADJ: why the dose differs from the protocol's starting level (a reduction), or stopped early."""
    reasons: list[str] = []
    if dose.level_mg_per_kg != dose.start_level_mg_per_kg:
        reasons.append(dose.reduction_reason or "DOSE REDUCED")
    if dose.status == "stopped":
        reasons.append(
            f"INFUSION STOPPED EARLY: {dose.stop_reason or dose.stop_reason_code or ''}".strip(": ")
        )
    return _text("; ".join(reasons))


def _exposure(data: TrialData) -> tuple[Dataset, Dataset]:
    ex: list[dict[str, Value]] = []
    ec: list[dict[str, Value]] = []
    route = terms.ROUTE.get(data.trial.route.upper(), data.trial.route.upper())
    for subject in data.subjects:
        for number, dose in enumerate(subject.doses, start=1):
            visitnum, visit = _visit(dose)
            start = dose.start
            on = start.date() if start is not None else dose.planned_date
            common: dict[str, Value] = {
                "STUDYID": data.trial.study_id,
                "USUBJID": _usubjid(data, subject),
                "EPOCH": _epoch(subject, on),
                "VISITNUM": visitnum,
                "VISIT": visit,
            }
            lot = _text(", ".join(dose.lots))
            ex.append(
                {
                    **common,
                    "DOMAIN": "EX",
                    "EXSEQ": number,
                    "EXLNKID": dose.order_number,
                    "EXTRT": data.trial.drug.upper(),
                    "EXDOSE": dose.given_mg,
                    "EXDOSU": terms.DOSE_UNIT,
                    "EXDOSFRM": terms.DOSE_FORM,
                    "EXDOSFRQ": "ONCE",
                    "EXROUTE": route,
                    "EXLOT": lot,
                    "EXADJ": adjustment(dose),
                    "EXSTDTC": _iso(start),
                    "EXENDTC": _iso(dose.end),
                    "EXSTDY": _day(start, subject.first_dose),
                    "EXENDY": _day(dose.end, subject.first_dose),
                }
            )
            ec.append(
                {
                    **common,
                    "DOMAIN": "EC",
                    "ECSEQ": number,
                    "ECLNKID": dose.order_number,
                    "ECTRT": data.trial.drug.upper(),
                    "ECMOOD": "PERFORMED",
                    "ECDOSE": dose.level_mg_per_kg,
                    "ECDOSU": terms.LEVEL_UNIT,
                    "ECDOSFRM": terms.DOSE_FORM,
                    "ECROUTE": route,
                    "ECLOT": lot,
                    "ECADJ": adjustment(dose),
                    "ECSTDTC": _iso(start),
                    "ECENDTC": _iso(dose.end),
                }
            )
    keys = ("STUDYID", "USUBJID", "{0}TRT", "{0}STDTC")
    return (
        Dataset("EX", "Exposure", tuple(k.format("EX") for k in keys), EX_VARIABLES, tuple(ex)),
        Dataset("EC", "Exposure as Collected", tuple(k.format("EC") for k in keys), EC_VARIABLES, tuple(ec)),
    )


# --- AE -----------------------------------------------------------------------------------------------------

AE_VARIABLES = (
    *_identifiers("AE"),
    _n("AESEQ", "Sequence Number", "Derived"),
    _c("AESPID", "Sponsor-Defined Identifier", "Assigned"),
    _c("AETERM", "Reported Term for the Adverse Event"),
    _n("AELLTCD", "Lowest Level Term Code", "Assigned"),
    _c("AEDECOD", "Dictionary-Derived Term", "Assigned"),
    _c("AEBODSYS", "Body System or Organ Class", "Assigned"),
    _c("AETOXGR", "Standard Toxicity Grade"),
    _c("AEACN", "Action Taken with Study Treatment"),
    _c("AEOUT", "Outcome of Adverse Event", "Derived"),
    _c("EPOCH", "Epoch", "Derived"),
    _c("AESTDTC", "Start Date/Time of Adverse Event"),
    _c("AEENDTC", "End Date/Time of Adverse Event"),
    _n("AESTDY", "Study Day of Start of Adverse Event", "Derived"),
    _n("AEENDY", "Study Day of End of Adverse Event", "Derived"),
)


def _ae(data: TrialData) -> Dataset:
    rows: list[dict[str, Value]] = []
    for subject in data.subjects:
        for number, tox in enumerate(subject.toxicities, start=1):
            outcome = (
                "FATAL"
                if tox.grade == 5
                else ("RECOVERED/RESOLVED" if tox.resolution else "NOT RECOVERED/NOT RESOLVED")
            )
            rows.append(
                {
                    "STUDYID": data.trial.study_id,
                    "DOMAIN": "AE",
                    "USUBJID": _usubjid(data, subject),
                    "AESEQ": number,
                    "AESPID": str(tox.key),
                    "AETERM": tox.term,
                    "AELLTCD": int(tox.meddra_code)
                    if tox.meddra_code and tox.meddra_code.isdigit()
                    else None,
                    "AEDECOD": tox.term,
                    "AEBODSYS": tox.soc or "",
                    "AETOXGR": str(tox.grade),
                    "AEACN": terms.AE_ACTION.get(tox.action, "NOT APPLICABLE"),
                    "AEOUT": outcome,
                    "EPOCH": _epoch(subject, tox.onset),
                    "AESTDTC": _iso(tox.onset),
                    "AEENDTC": _iso(tox.resolution),
                    "AESTDY": _day(tox.onset, subject.first_dose),
                    "AEENDY": _day(tox.resolution, subject.first_dose),
                }
            )
    return Dataset(
        "AE", "Adverse Events", ("STUDYID", "USUBJID", "AEDECOD", "AESTDTC"), AE_VARIABLES, tuple(rows)
    )


# --- LB -----------------------------------------------------------------------------------------------------

LB_VARIABLES = (
    *_identifiers("LB"),
    _n("LBSEQ", "Sequence Number", "Derived"),
    _c("LBTESTCD", "Lab Test or Examination Short Name", "Assigned"),
    _c("LBTEST", "Lab Test or Examination Name", "Assigned"),
    _c("LBCAT", "Category for Lab Test", "Assigned"),
    _c("LBORRES", "Result or Finding in Original Units"),
    _c("LBORRESU", "Original Units"),
    _c("LBORNRLO", "Reference Range Lower Limit in Orig Unit"),
    _c("LBORNRHI", "Reference Range Upper Limit in Orig Unit"),
    _c("LBSTRESC", "Character Result/Finding in Std Format", "Derived"),
    _n("LBSTRESN", "Numeric Result/Finding in Standard Units", "Derived"),
    _c("LBSTRESU", "Standard Units", "Derived"),
    _n("LBSTNRLO", "Reference Range Lower Limit-Std Units", "Derived"),
    _n("LBSTNRHI", "Reference Range Upper Limit-Std Units", "Derived"),
    _c("LBSPEC", "Specimen Type", "Assigned"),
    _c("LBTOXGR", "Standard Toxicity Grade", "Derived"),
    _n("VISITNUM", "Visit Number", "Assigned"),
    _c("VISIT", "Visit Name", "Assigned"),
    _c("EPOCH", "Epoch", "Derived"),
    _c("LBDTC", "Date/Time of Specimen Collection"),
    _n("LBDY", "Study Day of Specimen Collection", "Derived"),
)


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def _lb(data: TrialData) -> Dataset:
    rows: list[dict[str, Value]] = []
    for subject in data.subjects:
        for number, lab in enumerate(subject.labs, start=1):
            code, name, specimen = terms.lab_test(lab.lab)
            visitnum, visit = _visit_of(subject, lab.visit_label)
            rows.append(
                {
                    "STUDYID": data.trial.study_id,
                    "DOMAIN": "LB",
                    "USUBJID": _usubjid(data, subject),
                    "LBSEQ": number,
                    "LBTESTCD": code,
                    "LBTEST": name,
                    "LBCAT": terms.LAB_CATEGORY.get(specimen, ""),
                    "LBORRES": _plain(lab.value),
                    "LBORRESU": terms.cdisc_unit(lab.unit),
                    "LBORNRLO": _plain(lab.lln),
                    "LBORNRHI": _plain(lab.uln),
                    "LBSTRESC": _plain(lab.value_si),
                    "LBSTRESN": lab.value_si,
                    "LBSTRESU": terms.cdisc_unit(lab.si_unit),
                    "LBSTNRLO": lab.lln_si,
                    "LBSTNRHI": lab.uln_si,
                    "LBSPEC": specimen,
                    "LBTOXGR": "" if lab.grade is None else str(lab.grade),
                    "VISITNUM": visitnum,
                    "VISIT": visit,
                    "EPOCH": _epoch(subject, lab.collected_on),
                    "LBDTC": _iso(lab.collected_at or lab.collected_on),
                    "LBDY": _day(lab.collected_on, subject.first_dose),
                }
            )
    return Dataset(
        "LB",
        "Laboratory Test Results",
        ("STUDYID", "USUBJID", "LBTESTCD", "LBDTC"),
        LB_VARIABLES,
        tuple(rows),
    )


# --- VS -----------------------------------------------------------------------------------------------------

VS_VARIABLES = (
    *_identifiers("VS"),
    _n("VSSEQ", "Sequence Number", "Derived"),
    _c("VSTESTCD", "Vital Signs Test Short Name", "Assigned"),
    _c("VSTEST", "Vital Signs Test Name", "Assigned"),
    _c("VSORRES", "Result or Finding in Original Units"),
    _c("VSORRESU", "Original Units"),
    _c("VSSTRESC", "Character Result/Finding in Std Format", "Derived"),
    _n("VSSTRESN", "Numeric Result/Finding in Standard Units", "Derived"),
    _c("VSSTRESU", "Standard Units", "Derived"),
    _n("VISITNUM", "Visit Number", "Assigned"),
    _c("VISIT", "Visit Name", "Assigned"),
    _c("EPOCH", "Epoch", "Derived"),
    _c("VSDTC", "Date/Time of Measurements"),
    _n("VSDY", "Study Day of Vital Signs", "Derived"),
)


def _vs(data: TrialData) -> Dataset:
    rows: list[dict[str, Value]] = []
    for subject in data.subjects:
        for number, weight in enumerate(subject.weights, start=1):
            visitnum, visit = _visit_of(subject, weight.visit_label)
            rows.append(
                {
                    "STUDYID": data.trial.study_id,
                    "DOMAIN": "VS",
                    "USUBJID": _usubjid(data, subject),
                    "VSSEQ": number,
                    "VSTESTCD": "WEIGHT",
                    "VSTEST": "Weight",
                    "VSORRES": _plain(weight.weight_kg),
                    "VSORRESU": "kg",
                    "VSSTRESC": _plain(weight.weight_kg),
                    "VSSTRESN": weight.weight_kg,
                    "VSSTRESU": "kg",
                    "VISITNUM": visitnum,
                    "VISIT": visit,
                    "EPOCH": _epoch(subject, weight.measured_on),
                    "VSDTC": _iso(weight.measured_on),
                    "VSDY": _day(weight.measured_on, subject.first_dose),
                }
            )
    return Dataset(
        "VS", "Vital Signs", ("STUDYID", "USUBJID", "VSTESTCD", "VSDTC"), VS_VARIABLES, tuple(rows)
    )


# --- SV -----------------------------------------------------------------------------------------------------

SV_VARIABLES = (
    *_identifiers("SV"),
    _n("VISITNUM", "Visit Number", "Assigned"),
    _c("VISIT", "Visit Name", "Assigned"),
    _c("SVPRESP", "Pre-specified", "Assigned"),
    _c("SVOCCUR", "Occurrence"),
    _c("SVREASOC", "Reason for Occur Value"),
    _c("EPOCH", "Epoch", "Derived"),
    _c("SVSTDTC", "Start Date/Time of Observation"),
    _c("SVENDTC", "End Date/Time of Observation"),
    _n("SVSTDY", "Study Day of Start of Observation", "Derived"),
)


def _sv(data: TrialData) -> Dataset:
    rows: list[dict[str, Value]] = []
    for subject in data.subjects:
        for visit in subject.visits:
            done = visit.status == "done"
            rows.append(
                {
                    "STUDYID": data.trial.study_id,
                    "DOMAIN": "SV",
                    "USUBJID": _usubjid(data, subject),
                    "VISITNUM": terms.visit_number(visit.label, visit.kind, visit.cycle, visit.day),
                    "VISIT": terms.visit_name(visit.label, visit.kind, visit.cycle, visit.day),
                    "SVPRESP": "Y",
                    "SVOCCUR": "Y" if done else "N",
                    "SVREASOC": "" if done else _text(visit.reason or visit.status.upper()),
                    "EPOCH": _epoch(subject, visit.on),
                    "SVSTDTC": _iso(visit.on) if done else "",
                    "SVENDTC": _iso(visit.on) if done else "",
                    "SVSTDY": _day(visit.on, subject.first_dose) if done else None,
                }
            )
    return Dataset("SV", "Subject Visits", ("STUDYID", "USUBJID", "VISITNUM"), SV_VARIABLES, tuple(rows))


DOMAINS = ("DM", "DS", "EX", "EC", "AE", "LB", "VS", "SV")


def build_datasets(data: TrialData) -> tuple[Dataset, ...]:
    ex, ec = _exposure(data)
    return (_dm(data), _ds(data), ex, ec, _ae(data), _lb(data), _vs(data), _sv(data))
