"""The fixed words of the pharmacy's paper (infusion order, bag label, clinic day list, accountability log) in
English and Simplified Chinese, and both together for a site that prints bilingual paper.

Nurses and pharmacists read these: the words a Chinese hospital's pharmacy uses (医嘱, 配制, 核对, 批号 …).
A paper language is "en", "zh" or "both": Chinese first with the English beside it (one line: labels, codes,
column heads) or beneath it (`heading`: titles). Sentences the services made (`app.text.msg`) are said through
`app.catalogue.say`, so they follow the same catalogue as the window. Figures, units, dates and codes such as
order numbers are written the same in both languages (ISO dates; the one formatter of `app.dosing.format`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Literal

from app.catalogue import say
from app.dosing.order_status import OrderStatus
from app.printing.data import SUPERSEDED, PaperOrderStatus
from app.scheduling.kinds import VisitKind, VisitStatus

PaperLanguage = Literal["en", "zh", "both"]
PAPER_LANGUAGES: tuple[PaperLanguage, ...] = ("en", "zh", "both")

# key → (English, Chinese)
WORDS: dict[str, tuple[str, str]] = {
    # shared
    "subject": ("Subject", "受试者"),
    "initials": ("Initials", "姓名缩写"),
    "born": ("born", "出生"),
    "date_of_birth": ("Date of birth", "出生日期"),
    "hospital_no": ("hosp. no.", "住院号"),
    "hospital_number": ("Hospital no.", "住院号"),
    "visit": ("Visit", "访视"),
    "page": ("page {page}", "第 {page} 页"),
    "printed": ("printed {at}", "打印于 {at}"),
    "trial": ("trial {trial}", "试验 {trial}"),
    "clinical_trial": (
        "Clinical trial {trial} · for investigational use only",
        "临床试验 {trial} · 仅供临床研究使用",
    ),
    "withheld": ("withheld", "暂不显示"),
    "withheld_until_verified": ("withheld until verified", "核对前暂不显示"),
    "none": ("None", "无"),
    "cycle_day": ("Cycle {cycle}, Day {day}", "第{cycle}周期 第{day}天"),
    "expired": ("EXPIRED — do not give", "已过期——不得使用"),
    "use_before_at": ("use before {when}", "须于 {when} 前使用"),
    "left": ("{time} left", "剩余 {time}"),
    "hours_minutes": ("{hours} h {minutes} min", "{hours} 小时 {minutes} 分"),
    "minutes": ("{minutes} min", "{minutes} 分钟"),
    "unconfirmed_protocol": ("UNCONFIRMED PROTOCOL — NOT FOR USE", "方案未确认——不得使用"),
    "cancelled_mark": ("CANCELLED", "已作废"),
    # the bag label
    "label_title": ("Bag label {order}", "输液袋标签 {order}"),
    "dose_in_volume": ("{dose} in {volume}", "{dose} 溶于 {volume}"),
    "concentration_in": ("{concentration} in {diluent}", "{concentration}，溶媒：{diluent}"),
    "infusion_over": ("{route} infusion over {minutes}", "{route}，输注 {minutes}"),
    "use_by": ("Use by", "须于此前使用"),
    "lots": ("Lot", "批号"),
    "prepared_by": ("Prepared by", "配制人"),
    "checked_by": ("Checked by", "核对人"),
    "bag_number": ("bag {bag}", "第 {bag} 袋"),
    "hazardous": ("CYTOTOXIC — handle with care", "细胞毒性药物——小心操作"),
    "hazardous_short": ("CYTOTOXIC", "细胞毒"),
    # the order sheet
    "order_title": ("INFUSION ORDER", "输液医嘱单"),
    "order_doc": ("Infusion order {order}", "输液医嘱 {order}"),
    "order_trial_line": (
        "Trial {trial} · protocol {protocol} version",
        "试验 {trial} · 方案 {protocol} 版本",
    ),
    "file": ("file", "文件"),
    "not_signed_off": ("not signed off", "未签发"),
    "order_status_line": ("Order {order} · status", "医嘱 {order} · 状态"),
    "order": ("Order", "医嘱"),
    "blind": (
        "BLIND — the dose figures are withheld: this order awaits its verification and is printed for someone "
        "who may verify it. Recompute the dose from the weight and the dose level.",
        "盲态——剂量数字暂不显示：此医嘱待核对，打印给可能核对它的人。请根据体重和剂量水平重新计算剂量。",
    ),
    "cancelled_because": ("CANCELLED — {reason}", "已作废——{reason}"),
    "no_reason": ("no reason recorded", "未记录原因"),
    "superseded": (
        "CANCELLED — superseded{by}; do not prepare from this sheet",
        "已作废——已被替代{by}；不得按此单配制",
    ),
    "superseded_by": (" by order {order}", "（新医嘱 {order}）"),
    "allergies_unknown": ("NOT RECORDED — ask the patient before preparing", "未记录——配制前请询问患者"),
    "no_allergies": ("No known drug allergies", "无已知药物过敏"),
    "patient_and_visit": ("Patient and visit", "患者与访视"),
    "subject_number": ("Subject number", "受试者编号"),
    "allergies": ("Allergies", "过敏史"),
    "visit_of": ("Visit ({visit})", "访视（{visit}）"),
    "planned_date": ("Planned date", "计划日期"),
    "actual_date": ("Actual date", "实际日期"),
    "protocol_version": ("Protocol version", "方案版本"),
    "weight_and_dose": ("Weight and dose", "体重与剂量"),
    "weight_at_visit": ("Weight at this visit", "本次访视体重"),
    "measured": ("measured {day}", "测量于 {day}"),
    "baseline_change": ("Baseline weight, change", "基线体重及变化"),
    "change": ("change", "变化"),
    "dose_level": ("Dose level", "剂量水平"),
    "calculated_dose": ("Calculated dose", "计算剂量"),
    "final_dose": ("FINAL DOSE", "最终剂量"),
    "final_dose_from": ("Final dose from", "最终剂量来自"),
    "dose_reduction": ("Dose reduction", "剂量下调"),
    "reduced": ("Reduced from {old} to {new}", "由 {old} 下调至 {new}"),
    "on_day": (" on {day}", "（{day}）"),
    "reason": ("reason", "原因"),
    "acknowledged_warnings": ("Acknowledged warnings", "已确认的警示"),
    "criteria_to_treat": ("Criteria to treat", "给药标准"),
    "lab": ("Lab", "检验项目"),
    "result": ("Result", "结果"),
    "date": ("Date", "日期"),
    "criterion_for_day": ("Criterion for Day {day}", "第{day}天给药标准"),
    "no_criteria": ("No criteria recorded", "未记录标准"),
    "at_most_uln": ("at most {limit} × ULN", "≤ {limit} × ULN"),
    "at_least": ("at least {limit}", "≥ {limit}"),
    "above": ("above {limit}", "> {limit}"),
    "liver_metastases": (" (liver metastases)", "（肝转移）"),
    "or_crcl": (" or CrCl at least {limit}", "或 CrCl ≥ {limit}"),
    "no_valid_result": ("no valid result", "无有效结果"),
    "grade": ("grade {grade}", "{grade} 级"),
    "not_assessed": ("NOT ASSESSED", "未评估"),
    "met": ("Met", "符合"),
    "not_met": ("NOT MET", "不符合"),
    "unconfirmed": ("(unconfirmed)", "（未确认）"),
    "preparation_title": ("Preparation and premedication", "配制与预处理"),
    "vials": ("Vials", "药瓶"),
    "vials_of": ("{strength} vials", "{strength} 规格药瓶"),
    "vial_count": ("vials", "瓶"),
    "waste": ("waste {waste}", "余量 {waste}"),
    "reconstitution": ("Reconstitution", "复溶"),
    "reconstitution_text": (
        "each vial with {volume} {diluent}, giving {concentration}",
        "每瓶加 {volume} {diluent}，得 {concentration}",
    ),
    "volume_to_draw": ("VOLUME TO DRAW", "抽取体积"),
    "diluent_and_bag": ("Diluent and bag", "溶媒与输液袋"),
    "bag": ("bag", "袋"),
    "final_volume": ("Final volume", "最终体积"),
    "final_concentration": ("Final concentration", "最终浓度"),
    "allowed_range": ("allowed {low}–{high}", "允许 {low}–{high}"),
    "allowed_min": ("allowed at least {low}", "允许 ≥ {low}"),
    "allowed_max": ("allowed at most {high}", "允许 ≤ {high}"),
    "limits_unconfirmed": ("limits not confirmed", "限值未确认"),
    "route": ("Route", "给药途径"),
    "infusion_duration": ("Infusion duration", "输注时间"),
    "first_infusion": ("first infusion", "首次输注"),
    "later_infusion": ("later infusion", "后续输注"),
    "premedication": ("Premedication", "预处理用药"),
    "none_ordered": ("none ordered", "未开具"),
    "lots_and_bud": ("Lots and beyond-use", "批号与有效期"),
    "made_again": (" (bag {bag}, made again)", "（第 {bag} 袋，重新配制）"),
    "lot_number": ("Lot number", "批号"),
    "expiry": ("Expiry", "失效日期"),
    "beyond_use": ("Beyond-use date and time", "配制后有效至"),
    "at_bedside": ("At the bedside", "床旁记录"),
    "given": ("Given {volume}", "已输注 {volume}"),
    "given_dose": (" = {dose} of {drug}", " = {drug} {dose}"),
    "stopped_early": ("Stopped early:", "提前停止："),
    "interrupted": ("Interrupted", "中断"),
    "reaction": ("Infusion reaction", "输液反应"),
    "not_given": ("Not given:", "未输注："),
    "signatures": ("Signatures", "签名"),
    "step": ("Step", "步骤"),
    "name": ("Name", "姓名"),
    "date_and_time": ("Date and time", "日期和时间"),
    "signature": ("Signature", "签名"),
    "signed_electronically": ("signed electronically", "电子签名"),
    # the clinic day list
    "day_title": ("Clinic day list", "门诊日清单"),
    "day_doc": ("Clinic day {day}", "门诊日 {day}"),
    "clinic": ("Clinical trial clinic", "临床试验门诊"),
    "visits_count": ("Visits ({count})", "访视（{count}）"),
    "kind": ("Kind", "类型"),
    "status": ("Status", "状态"),
    "booked": ("Booked", "预约日期"),
    "window": ("Window", "时间窗"),
    "warnings": ("Warnings", "提示"),
    "seen": ("Seen", "已就诊"),
    "window_text": ("{start} to {end} (target {target})", "{start} 至 {end}（目标 {target}）"),
    "no_visits": ("No visits on this date.", "当日无访视。"),
    "preparations_count": ("Pharmacy preparations ({count})", "药房配制（{count}）"),
    "order_status": ("Order status", "医嘱状态"),
    "draw": ("Draw", "抽取"),
    "use_before": ("Use before", "须于此前使用"),
    "to_treat": ("To treat", "给药条件"),
    "held": ("Treatment is held", "暂停治疗"),
    "awaiting_labs": ("awaiting labs", "等待检验结果"),
    "criteria_met": ("criteria met", "符合给药标准"),
    "criteria_not_met": ("criteria NOT met", "不符合给药标准"),
    "no_preparations": ("No preparations for this date.", "当日无配制。"),
    "vials_total": ("Vials needed in total:", "所需药瓶合计："),
    "vials_withheld": (
        " (and the vials of {count} order(s) awaiting verification, withheld)",
        "（另有 {count} 份待核对医嘱的药瓶数暂不显示）",
    ),
    "footer_day": (
        "DoseDesk · {trial} · clinic day {day} · printed {at}",
        "DoseDesk · {trial} · 门诊日 {day} · 打印于 {at}",
    ),
    # the accountability log
    "acc_title": ("Investigational product accountability log", "试验用药品清点记录"),
    "acc_doc": ("Accountability log, lot {lot}", "清点记录，批号 {lot}"),
    "protocol": ("protocol {protocol}", "方案 {protocol}"),
    "not_reconcile_lot": ("Lot {lot}: the balance does not reconcile.", "批号 {lot}：结存数不符。"),
    "lot": ("Lot", "批号"),
    "strength": ("Strength", "规格"),
    "per_vial": ("{strength} per vial", "每瓶 {strength}"),
    "shipments": ("Shipments", "运输批次"),
    "movements": ("Movements ({count})", "出入记录（{count}）"),
    "no": ("No.", "序号"),
    "movement": ("Movement", "类型"),
    "vials_in": ("Vials in", "入库"),
    "vials_out": ("Vials out", "出库"),
    "balance": ("Balance", "结存"),
    "waste_head": ("Waste", "余量"),
    "details": ("Order, subject, visit / shipment", "医嘱、受试者、访视 / 运输批次"),
    "recorded_by": ("Recorded by", "记录人"),
    "reason_head": ("Reason", "原因"),
    "e_signature": ("E-signature", "电子签名"),
    "no_movement": ("No movement recorded for this lot.", "本批号无出入记录。"),
    "totals": ("Totals and reconciliation", "合计与核对"),
    "received": ("Received", "接收"),
    "dispensed": ("Dispensed", "发放"),
    "returned": ("Returned", "退回"),
    "destroyed": ("Destroyed", "销毁"),
    "on_hand": ("On hand", "结存"),
    "wasted": ("Wasted (partial vials)", "余量（未用完药瓶）"),
    "vial_one": ("{count} vial", "{count} 瓶"),
    "vial_many": ("{count} vials", "{count} 瓶"),
    "sum": (
        "On hand {on_hand}; received {received} - dispensed {dispensed} - returned {returned} - destroyed "
        "{destroyed} = {expected}",
        "结存 {on_hand}；接收 {received} - 发放 {dispensed} - 退回 {returned} - 销毁 {destroyed} = {expected}",
    ),
    "reconciles": ("the balance reconciles.", "结存数相符。"),
    "not_reconciles": ("THE BALANCE DOES NOT RECONCILE.", "结存数不符。"),
    "reviewed_by": ("Reviewed by (name, signature)", "审核人（姓名、签名）"),
    "footer_acc": (
        "DoseDesk · {trial} · accountability log of lot {lot} · printed {at} (local time)",
        "DoseDesk · {trial} · 批号 {lot} 清点记录 · 打印于 {at}（当地时间）",
    ),
}

# The paper's own words for the core's vocabularies (app/dosing/order_status.py, app/scheduling/kinds.py): the words
# a pharmacy's paper uses ("running", "prepared, to check"), one for every value (tests/unit/test_vocabularies.py).
ORDER_STATUS_WORDS: dict[PaperOrderStatus, tuple[str, str]] = {
    OrderStatus.DRAFT: ("draft", "草稿"),
    OrderStatus.PRESCRIBED: ("prescribed", "已开具"),
    OrderStatus.VERIFIED: ("verified", "已审核"),
    OrderStatus.PREPARED: ("prepared, to check", "已配制，待核对"),
    OrderStatus.CHECKED: ("checked, to give", "已核对，待输注"),
    OrderStatus.STARTED: ("running", "输注中"),
    OrderStatus.COMPLETED: ("completed", "已完成"),
    OrderStatus.STOPPED: ("stopped early", "提前停止"),
    OrderStatus.CANCELLED: ("cancelled", "已作废"),
    SUPERSEDED: ("superseded", "已被替代"),
}

VISIT_KIND_WORDS: dict[VisitKind, tuple[str, str]] = {
    VisitKind.SCREENING: ("Screening", "筛选"),
    VisitKind.DOSE: ("Dose", "给药"),
    VisitKind.TUMOUR_ASSESSMENT: ("Tumour assessment", "肿瘤评估"),
    VisitKind.END_OF_TREATMENT: ("End of treatment", "治疗结束"),
    VisitKind.SAFETY_FOLLOW_UP: ("Safety follow-up", "安全性随访"),
    VisitKind.SURVIVAL_FOLLOW_UP: ("Survival follow-up", "生存随访"),
}

VISIT_STATUS_WORDS: dict[VisitStatus, tuple[str, str]] = {
    VisitStatus.PLANNED: ("planned", "待预约"),
    VisitStatus.BOOKED: ("booked", "已预约"),
    VisitStatus.DONE: ("done", "已完成"),
    VisitStatus.OMITTED: ("omitted", "免做"),
    VisitStatus.MISSED: ("missed", "未就诊"),
    VisitStatus.CANCELLED: ("cancelled", "已取消"),
}

LAB_WORDS: dict[str, tuple[str, str]] = {
    "neutrophils": ("Neutrophils (ANC)", "中性粒细胞（ANC）"),
    "anc": ("Neutrophils (ANC)", "中性粒细胞（ANC）"),
    "wbc": ("White cells", "白细胞"),
    "lymphocytes": ("Lymphocytes", "淋巴细胞"),
    "alp": ("Alkaline phosphatase", "碱性磷酸酶"),
    "platelets": ("Platelets", "血小板"),
    "hemoglobin": ("Haemoglobin", "血红蛋白"),
    "haemoglobin": ("Haemoglobin", "血红蛋白"),
    "ast": ("AST", "AST"),
    "alt": ("ALT", "ALT"),
    "bilirubin": ("Total bilirubin", "总胆红素"),
    "creatinine": ("Creatinine", "肌酐"),
}

STEP_WORDS: dict[str, tuple[str, str]] = {
    "prescribed": ("Prescribed (investigator)", "开具（研究者）"),
    "verified": ("Verified blind (pharmacist)", "盲态审核（药师）"),
    "prepared": ("Prepared (pharmacist)", "配制（药师）"),
    "checked": ("Product checked (2nd pharmacist)", "成品核对（第二药师）"),
    "started": ("Started (nurse)", "开始输注（护士）"),
    "administered": ("Given (recorded in one step)", "已输注（一次记录）"),
    "completed": ("Completed (nurse)", "输注完成（护士）"),
    "stopped": ("Stopped early (nurse)", "提前停止（护士）"),
}

MOVEMENT_WORDS: dict[str, tuple[str, str]] = {
    "receipt": ("Received", "接收"),
    "dispense": ("Dispensed", "发放"),
    "waste": ("Waste (partial vial)", "余量（未用完药瓶）"),
    "return": ("Returned to sponsor", "退回申办方"),
    "destruction": ("Destroyed", "销毁"),
    "quarantine": ("Quarantined", "隔离"),
    "release": ("Released", "解除隔离"),
}

LOT_STATUS_WORDS: dict[str, tuple[str, str]] = {
    "released": ("Released", "已放行"),
    "quarantined": ("Quarantined", "已隔离"),
    "quarantine": ("Quarantine", "隔离"),
}

WEEKDAYS: tuple[tuple[str, str], ...] = (
    ("Mon", "周一"),
    ("Tue", "周二"),
    ("Wed", "周三"),
    ("Thu", "周四"),
    ("Fri", "周五"),
    ("Sat", "周六"),
    ("Sun", "周日"),
)

BESIDE = " / "


def pick(pair: tuple[str, str], language: PaperLanguage, **values: object) -> str:
    """One fixed word in `language`; "both": the Chinese, then the English beside it (when they differ)."""
    english, chinese = (part.format(**values) if values else part for part in pair)
    if language == "en":
        return english
    if language == "zh" or chinese == english:
        return chinese
    return f"{chinese}{BESIDE}{english}"


def word(key: str, language: PaperLanguage, **values: object) -> str:
    """The fixed word `key` of `WORDS` in `language` (its fields filled in from `values`)."""
    return pick(WORDS[key], language, **values)


def one(key: str, language: PaperLanguage, **values: object) -> str:
    """The fixed word `key` in one language only: Chinese for "both" (the part of a line that says a figure,
    where the English beside it would only repeat the figure)."""
    english, chinese = WORDS[key]
    chosen = english if language == "en" else chinese
    return chosen.format(**values) if values else chosen


def markup(key: str, language: PaperLanguage, **values: str) -> str:
    """The fixed words `key` in one language (Chinese for "both") as paper markup, its fields filled in with
    `values` that are markup already (a figure in bold)."""
    from xml.sax.saxutils import escape

    english, chinese = WORDS[key]
    return escape(english if language == "en" else chinese).format(**values)


def _table_word(table: Mapping[Any, tuple[str, str]], code: str, language: PaperLanguage) -> str:
    pair = table.get(code)
    return pick(pair, language) if pair is not None else code


def order_status(code: str, language: PaperLanguage) -> str:
    return _table_word(ORDER_STATUS_WORDS, code, language)


def visit_kind(code: str, language: PaperLanguage) -> str:
    return _table_word(VISIT_KIND_WORDS, code, language)


def visit_status(code: str, language: PaperLanguage) -> str:
    return _table_word(VISIT_STATUS_WORDS, code, language)


def lab_name(code: str, language: PaperLanguage) -> str:
    pair = LAB_WORDS.get(code)
    return pick(pair, language) if pair is not None else code.capitalize()


def step_title(code: str, language: PaperLanguage) -> str:
    return _table_word(STEP_WORDS, code, language)


def movement(code: str, language: PaperLanguage) -> str:
    return _table_word(MOVEMENT_WORDS, code, language)


def lot_status(code: str, language: PaperLanguage) -> str:
    pair = LOT_STATUS_WORDS.get(code)
    return pick(pair, language) if pair is not None else code.capitalize()


def sentence(text: object, language: PaperLanguage) -> str:
    """A sentence of the services (an `app.text.Message`) in `language`; "both": the Chinese, then the English
    (when the catalogue has a translation)."""
    if text is None:
        return ""
    if language == "en":
        return say(text, "en")
    chinese = say(text, "zh")
    english = say(text, "en")
    if language == "zh" or chinese == english:
        return chinese
    return f"{chinese}{BESIDE}{english}"


def weekday_date(value: date, language: PaperLanguage) -> str:
    """``Mon 2026-03-02`` / ``2026-03-02 周一``: the weekday helps a reader catch a wrong date."""
    english, chinese = WEEKDAYS[value.weekday()]
    if language == "en":
        return f"{english} {value.isoformat()}"
    if language == "zh":
        return f"{value.isoformat()} {chinese}"
    return f"{value.isoformat()} {chinese} {english}"


def heading(key: str, language: PaperLanguage, english_size: float, **values: object) -> str:
    """A title as paper markup: in one language, or (both) the Chinese with the English beneath it, smaller."""
    english, chinese = (part.format(**values) if values else part for part in WORDS[key])
    from xml.sax.saxutils import escape

    if language == "en":
        return escape(english)
    if language == "zh":
        return escape(chinese)
    return f'{escape(chinese)}<br/><font size="{english_size:g}">{escape(english)}</font>'


def single(language: PaperLanguage) -> Literal["en", "zh"]:
    """The one language of a sentence that cannot be said twice (a footer): Chinese for both."""
    return "en" if language == "en" else "zh"
