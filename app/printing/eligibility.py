"""The eligibility checklist of one screening subject (A4 landscape), for the monitor's source verification.

Every inclusion and exclusion criterion of the protocol, in the protocol's order: its id, its text, what DoseDesk
found (met, not met, missing, not applicable), the value and the limit it was judged on, the date of its
evidence and why. Then the evidence on record (each ECG, LVEF, pregnancy test, lab … with its date, value and
source: typed at the workstation or imported from the laboratory's file), the decision (signed eligible by whom
and when, for which first-dose date, or a screen failure with its reason) and a box for the monitor's initials
beside each criterion. In English or Chinese, chosen per print; the criterion texts and the sentences of the
evaluation are said in that language through `app.catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, TableStyle

from app.catalogue import Language, protocol_text, say
from app.eligibility import EligibilityResult, Status
from app.printing.common import (
    ALERT,
    MUTED,
    UNCONFIRMED_INK,
    Table,
    date_time,
    iso_date,
    listing_table,
    para,
    render_landscape_listing,
    style,
    text,
)

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 12 * mm
BODY_WIDTH = PAGE_WIDTH - 2 * MARGIN

Decision = Literal["eligible", "screen_failure", "undecided"]


@dataclass(frozen=True)
class EvidenceLine:
    """One piece of screening evidence as printed: `what` is a lab key or an evidence kind ("ecg", "lvef" …)."""

    what: str
    taken_on: date | None
    value: str
    source: str  # "typed" | "imported" | another word the records use
    recorded_by: str


@dataclass(frozen=True)
class EligibilityChecklist:
    trial: str
    protocol_version: str
    protocol_confirmed: bool
    subject: str  # the subject number (and initials) as the site's source documents carry it
    sex: str  # "male" | "female"
    result: EligibilityResult
    evidence: tuple[EvidenceLine, ...]
    decision: Decision
    decided_by: str | None  # the investigator's printed name
    decided_at: datetime | None  # local time of the e-signature
    decision_words: (
        str | None
    )  # the screen failure's reason in words (a message, said in the paper's language)
    printed_at: datetime  # local time


_WORDS: dict[str, tuple[str, str]] = {
    "title": ("Eligibility checklist", "入选资格核查表"),
    "subject": ("Subject", "受试者"),
    "sex": ("Sex", "性别"),
    "male": ("male", "男"),
    "female": ("female", "女"),
    "protocol": ("Protocol version", "方案版本"),
    "first_dose": ("Planned first dose", "计划首次给药"),
    "printed": ("Printed", "打印时间"),
    "result": ("Evaluation", "评估结果"),
    "eligible": ("All criteria met or not applicable", "全部标准符合或不适用"),
    "not_eligible": ("Not eligible: {ids} not met", "不符合入选资格：{ids} 未满足"),
    "undecided": ("Undecided: {ids} missing", "尚未确定：{ids} 缺少证据"),
    "qtcf": ("QTcF {value} ms", "QTcF {value} ms"),
    "crcl": ("CrCl {value} mL/min (Cockcroft–Gault)", "CrCl {value} mL/min（Cockcroft–Gault 公式）"),
    "criteria": ("Criteria", "入选和排除标准"),
    "id": ("Id", "编号"),
    "criterion": ("Criterion", "标准"),
    "status": ("Status", "状态"),
    "value": ("Value", "数值"),
    "limit": ("Limit", "界值"),
    "evidence_date": ("Evidence of", "证据日期"),
    "why": ("Why", "依据"),
    "monitor": ("Monitor", "监查员"),
    "met": ("met", "符合"),
    "not_met": ("NOT MET", "不符合"),
    "missing": ("missing", "缺少"),
    "not_applicable": ("not applicable", "不适用"),
    "inclusion": ("Inclusion", "入选"),
    "exclusion": ("Exclusion", "排除"),
    "evidence": ("Evidence on record", "已记录的证据"),
    "what": ("What", "项目"),
    "taken": ("Date", "日期"),
    "source": ("Source", "来源"),
    "recorded_by": ("Recorded by", "记录人"),
    "typed": ("typed", "手工录入"),
    "imported": ("imported from the laboratory", "由检验科导入"),
    "no_evidence": ("No screening evidence recorded.", "尚未记录筛选证据。"),
    "decision": ("Decision", "决定"),
    "signed": (
        "Eligible: signed by {name} on {at} (e-signature, meaning “approved”)",
        "符合入选资格：{name} 于 {at} 签署（电子签名，含义“批准”）",
    ),
    "failed": (
        "Screen failure: {reason}. Recorded by {name} on {at}",
        "筛选失败：{reason}。{name} 于 {at} 记录",
    ),
    "not_decided": ("No decision yet: eligibility is not signed.", "尚无决定：入选资格尚未签署。"),
    "unconfirmed": (
        "* a value of this criterion is not confirmed by a public source: check it against the signed protocol.",
        "* 此标准的数值未经公开来源确认：请与已签署的方案核对。",
    ),
    "unconfirmed_protocol": (
        "UNCONFIRMED PROTOCOL — NOT FOR USE",
        "方案未经确认 — 不得使用",
    ),
    "verified": ("Source verified by (monitor):", "源数据核查（监查员）："),
    "signature": ("Signature", "签名"),
    "date": ("Date", "日期"),
    "footer": ("{trial} · eligibility checklist · {subject}", "{trial} · 入选资格核查表 · {subject}"),
    "page": ("page {n}", "第 {n} 页"),
}

EVIDENCE_NAMES: dict[str, tuple[str, str]] = {
    "ecg": ("ECG", "心电图"),
    "lvef": ("LVEF", "左室射血分数"),
    "pregnancy_test": ("Pregnancy test", "妊娠试验"),
    "live_vaccine": ("Last live vaccine", "最近一次活疫苗"),
    "ecog": ("ECOG", "ECOG 评分"),
    "attestation": ("Investigator's attestation", "研究者确认"),
    "urine_protein": ("Urine protein (dipstick)", "尿蛋白（试纸）"),
    "urine_dipstick": ("Urine protein (dipstick)", "尿蛋白（试纸）"),
    "neutrophils": ("Neutrophils", "中性粒细胞"),
    "platelets": ("Platelets", "血小板"),
    "hemoglobin": ("Haemoglobin", "血红蛋白"),
    "creatinine": ("Creatinine", "肌酐"),
    "creatinine_clearance": ("Creatinine clearance", "肌酐清除率"),
    "urine_protein_24h": ("Urine protein (24 h)", "24 小时尿蛋白"),
    "ast": ("AST", "AST"),
    "alt": ("ALT", "ALT"),
    "bilirubin": ("Total bilirubin", "总胆红素"),
    "albumin": ("Albumin", "白蛋白"),
    "inr": ("INR", "INR"),
    "aptt": ("APTT", "APTT"),
    "weight": ("Weight", "体重"),
}


def word(key: str, language: Language, **values: str) -> str:
    english, chinese = _WORDS[key]
    chosen = chinese if language == "zh" else english
    return chosen.format(**values) if values else chosen


def evidence_name(what: str, language: Language) -> str:
    names = EVIDENCE_NAMES.get(what)
    if names is None:
        return what
    return names[1] if language == "zh" else names[0]


_S = {
    "title": style("elig-title", 16, bold=True, leading=20),
    "sub": style("elig-sub", 9, textColor=MUTED),
    "head": style("elig-head", 11, bold=True, leading=14, spaceBefore=6, spaceAfter=2),
    "label": style("elig-label", 7.5, textColor=MUTED, leading=9),
    "value": style("elig-value", 10.5, bold=True, leading=13),
    "cell": style("elig-cell", 8, leading=10),
    "bold": style("elig-bold", 8, bold=True, leading=10),
    "alert": style("elig-alert", 8, bold=True, textColor=ALERT, leading=10),
    "muted": style("elig-muted", 7.5, textColor=MUTED, leading=9.5),
    "ok": style("elig-ok", 10.5, bold=True, leading=13),
    "verdict_alert": style("elig-verdict-alert", 10.5, bold=True, textColor=ALERT, leading=13),
    "note": style("elig-note", 7.5, textColor=UNCONFIRMED_INK, leading=9.5),
    "banner": style("elig-banner", 12, bold=True, textColor=UNCONFIRMED_INK, leading=15),
}

_STATUS_STYLE: dict[Status, str] = {
    "met": "cell",
    "not_applicable": "muted",
    "missing": "bold",
    "not_met": "alert",
}


def _cell(words: object, kind: str = "cell") -> Any:
    return para(text(str(words)), _S[kind])


def _verdict(result: EligibilityResult, language: Language) -> tuple[str, str]:
    if result.eligible:
        return word("eligible", language), "ok"
    if result.eligible is False:
        return word("not_eligible", language, ids=", ".join(result.not_met)), "verdict_alert"
    return word("undecided", language, ids=", ".join(result.missing)), "verdict_alert"


def _header(sheet: EligibilityChecklist, language: Language) -> list[Any]:
    result = sheet.result
    verdict, verdict_style = _verdict(result, language)
    sex = word(sheet.sex, language) if sheet.sex in {"male", "female"} else sheet.sex
    fields = [
        (word("subject", language), sheet.subject),
        (word("sex", language), sex),
        (word("protocol", language), f"{result.protocol_id} {sheet.protocol_version}"),
        (word("first_dose", language), iso_date(result.first_dose_date)),
        (word("printed", language), date_time(sheet.printed_at)),
    ]
    widths = [w * mm for w in (62, 24, 58, 38)]
    widths.append(BODY_WIDTH - sum(widths))
    table = Table(
        [[_cell(label, "label") for label, _ in fields], [_cell(value, "value") for _, value in fields]],
        colWidths=widths,
    )
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    figures = []
    if result.qtcf_ms is not None:
        figures.append(word("qtcf", language, value=str(result.qtcf_ms)))
    if result.crcl_shown_ml_per_min is not None:
        figures.append(word("crcl", language, value=str(result.crcl_shown_ml_per_min)))
    story: list[Any] = []
    if not sheet.protocol_confirmed:
        story.append(_cell(word("unconfirmed_protocol", language), "banner"))
    story += [
        _cell(word("title", language), "title"),
        _cell(sheet.trial, "sub"),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 2 * mm),
        _cell(f"{word('result', language)}: {verdict}", verdict_style),
    ]
    if figures:
        story.append(_cell(" · ".join(figures), "sub"))
    return story


def _criteria(sheet: EligibilityChecklist, language: Language) -> list[Any]:
    widths = [w * mm for w in (24, 78, 19, 30, 30, 20)]
    monitor = 14 * mm
    widths.insert(6, BODY_WIDTH - sum(widths) - monitor)
    widths.append(monitor)
    keys = ("id", "criterion", "status", "value", "limit", "evidence_date", "why", "monitor")
    rows: list[list[Any]] = [[_cell(word(key, language), "label") for key in keys]]
    inclusion: bool | None = None
    group_rows: list[int] = []
    any_unconfirmed = False
    for item in sheet.result.items:
        if item.inclusion is not inclusion:
            inclusion = item.inclusion
            group_rows.append(len(rows))
            rows.append([_cell(word("inclusion" if inclusion else "exclusion", language), "bold")] + [""] * 7)
        marker = " *" if item.unconfirmed else ""
        any_unconfirmed = any_unconfirmed or item.unconfirmed
        why = say(item.why, language)  # for an attested item: the investigator's answer
        rows.append(
            [
                _cell(item.id + marker, "bold"),
                _cell(protocol_text(item.text, language)),
                _cell(word(item.status, language), _STATUS_STYLE[item.status]),
                _cell(say(item.value, language)),
                _cell(say(item.limit, language)),
                _cell(iso_date(item.evidence_date) if item.evidence_date else "—"),
                _cell(why),
                "",
            ]
        )
    table = listing_table(rows, widths, side_padding=2.5)
    commands: list[tuple[Any, ...]] = [("BOX", (-1, 1), (-1, -1), 0.4, MUTED)]
    for row in group_rows:
        commands += [("SPAN", (0, row), (-2, row)), ("TOPPADDING", (0, row), (-1, row), 5)]
    table.setStyle(TableStyle(commands))
    story: list[Any] = [_cell(word("criteria", language), "head"), table]
    if any_unconfirmed:
        story += [Spacer(1, 1.5 * mm), _cell(word("unconfirmed", language), "note")]
    return story


def _source(source: str, language: Language) -> str:
    return word(source, language) if source in {"typed", "imported"} else source


def _units(value: str) -> str:
    """A value as the records write its unit ("2.1 10^9/L", "12 umol/L") as paper writes it."""
    return value.replace("10^9/L", "×10⁹/L").replace("umol/L", "µmol/L")


def _evidence(sheet: EligibilityChecklist, language: Language) -> list[Any]:
    head = _cell(word("evidence", language), "head")
    if not sheet.evidence:
        return [head, _cell(word("no_evidence", language))]
    widths = [w * mm for w in (52, 26, 90, 50)]
    widths.append(BODY_WIDTH - sum(widths))
    keys = ("what", "taken", "value", "source", "recorded_by")
    rows: list[list[Any]] = [[_cell(word(key, language), "label") for key in keys]]
    for line in sheet.evidence:
        rows.append(
            [
                _cell(evidence_name(line.what, language)),
                _cell(iso_date(line.taken_on) if line.taken_on else "—"),
                _cell(_units(say(line.value, language))),
                _cell(_source(line.source, language)),
                _cell(line.recorded_by),
            ]
        )
    return [head, listing_table(rows, widths, side_padding=2.5)]


def _decision(sheet: EligibilityChecklist, language: Language) -> list[Any]:
    at = date_time(sheet.decided_at) if sheet.decided_at else ""
    name = sheet.decided_by or ""
    if sheet.decision == "eligible":
        line = _cell(word("signed", language, name=name, at=at), "ok")
    elif sheet.decision == "screen_failure":
        reason = say(sheet.decision_words, language) if sheet.decision_words else ""
        line = _cell(word("failed", language, reason=reason, name=name, at=at), "verdict_alert")
    else:
        line = _cell(word("not_decided", language), "verdict_alert")
    blanks = Table(
        [
            [
                _cell(word("verified", language), "label"),
                "",
                _cell(word("signature", language), "label"),
                "",
                _cell(word("date", language), "label"),
                "",
            ]
        ],
        colWidths=[w * mm for w in (52, 70, 20, 70, 14, 40)],
    )
    blanks.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, 0), 0.5, MUTED),
                ("LINEBELOW", (3, 0), (3, 0), 0.5, MUTED),
                ("LINEBELOW", (5, 0), (5, 0), 0.5, MUTED),
                ("TOPPADDING", (0, 0), (-1, -1), 10),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return [KeepTogether([_cell(word("decision", language), "head"), line, Spacer(1, 4 * mm), blanks])]


def render_eligibility_checklist(sheet: EligibilityChecklist, language: Language = "en") -> bytes:
    """The checklist as PDF bytes, in `language`."""
    story = _header(sheet, language)
    story += [Spacer(1, 2 * mm), *_criteria(sheet, language), Spacer(1, 2 * mm)]
    story += _evidence(sheet, language)
    story += [Spacer(1, 2 * mm), *_decision(sheet, language)]
    footer = word("footer", language, trial=sheet.trial, subject=sheet.subject)
    return render_landscape_listing(
        story,
        title=word("title", language),
        footer=footer,
        page_words=lambda n: word("page", language, n=str(n)),
    )
