"""The pharmacy's paper in the reader's language, from real records (SQLite file and PostgreSQL): the order sheet,
bag label, clinic day list and accountability log in English, Chinese, or both where the site prints bilingual
paper; `--lang` on every `dosedesk print` command of the pharmacy; the day list saying what the Today screen says
(treatment held, criteria to treat met or awaiting labs, the bag's use-before time)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.cli import main
from app.errors import InputError
from app.models import Hold, LabResult, Role, User, UserRole, Visit
from app.services import paper, settings, stock, users
from app.services.audit import SystemActor
from app.services.database import Database
from app.services.uow import SqlUnitOfWork

from .test_paper import AT, DOSE_DAY, SITE, Records, make_records, pdf_text
from .test_stock_fixtures import PASSWORD, TODAY, VIAL


@pytest.fixture
def records(uow: SqlUnitOfWork) -> Records:
    return make_records(uow)


def _bilingual(database: Database, on: bool) -> None:
    """The site setting as an administrator sets it (the records' users hold no role: one is given here)."""
    uow = SqlUnitOfWork(database.session_factory, SystemActor("test"), "test set-up")
    with uow:
        admin = uow.session.execute(select(User).where(User.username == "admin")).scalar_one()
        uow.session.add(UserRole(user_id=admin.id, role=Role.ADMIN))
        uow.commit()
    with uow:
        actor = users.UserInfo.of(uow.session.get_one(User, admin.id))
    settings.set_setting(database.uow(actor, "site settings"), "paper_bilingual", "true" if on else "false")


def test_order_label_and_day_list_print_in_chinese(uow: SqlUnitOfWork, records: Records) -> None:
    order = pdf_text(paper.print_order(uow, records.order_number, "zh"))
    assert "输液医嘱单" in order and "患者与访视" in order and "INFUSION ORDER" not in order
    assert "286 mg" in order and "芦康沙妥珠单抗" in order and "已配制，待核对" in order
    label = pdf_text(paper.print_label(uow, records.order_number, None, "zh"))
    assert "细胞毒性药物" in label and "批号" in label and "SKB2601A" in label and "SKB2602C" in label
    assert "CYTOTOXIC" not in label
    day = pdf_text(paper.print_day(uow, DOSE_DAY, SITE, "zh"))
    assert (
        "门诊日清单" in day and "药房配制" in day and "所需药瓶合计" in day and "Clinic day list" not in day
    )


def test_english_is_the_default_and_both_needs_the_site_setting(
    database: Database, uow: SqlUnitOfWork, records: Records
) -> None:
    english = pdf_text(paper.print_order(uow, records.order_number))
    assert "INFUSION ORDER" in english and "输液医嘱单" not in english
    with pytest.raises(InputError, match="paper_bilingual"):
        paper.print_order(uow, records.order_number, "both")
    with pytest.raises(InputError, match="en, zh or both"):
        paper.print_label(uow, records.order_number, None, "fr")
    assert paper.pharmacy_languages(uow) == ("en", "zh")

    _bilingual(database, True)
    assert paper.pharmacy_languages(uow) == ("en", "zh", "both")
    both = pdf_text(paper.print_order(uow, records.order_number, "both"))
    assert "输液医嘱单" in both and "INFUSION ORDER" in both and "签名 / Signatures" in both
    label = pdf_text(paper.print_label(uow, records.order_number, None, "both"))
    assert "细胞毒性药物" in label and "CYTOTOXIC" in label
    day = pdf_text(paper.print_day(uow, DOSE_DAY, SITE, "both"))
    assert "门诊日清单" in day and "Clinic day list" in day


def test_the_bilingual_setting_is_checked_and_shown(database: Database) -> None:
    admin = users.create_user(database.uow(), "site.admin", "Site Admin", PASSWORD, [Role.ADMIN])
    with pytest.raises(InputError, match="not true or false"):
        settings.set_setting(database.uow(admin, "site settings"), "paper_bilingual", "perhaps")
    assert not settings.site_settings(database.uow()).paper_bilingual
    row = settings.set_setting(database.uow(admin, "site settings"), "paper_bilingual", "yes")
    assert row.value is True and not row.is_default
    assert settings.site_settings(database.uow()).paper_bilingual
    rows = {r.key: r for r in settings.setting_rows(database.uow())}
    assert rows["paper_bilingual"].value is True
    row = settings.set_setting(database.uow(admin, "site settings"), "paper_bilingual", "")
    assert row.value is False and row.is_default


def test_the_day_list_says_held_not_not_booked(uow: SqlUnitOfWork, records: Records) -> None:
    # C4D1 is planned, in its window and not booked on its first window day; a hold on it reads as held.
    with uow:
        c4d1 = uow.session.execute(select(Visit).where(Visit.label == "C4D1")).scalar_one()
        day = c4d1.window_start
    before = pdf_text(paper.print_day(uow, day, SITE))
    assert "not booked" in before
    with uow:
        c4d1 = uow.session.execute(select(Visit).where(Visit.label == "C4D1")).scalar_one()
        admin = uow.session.execute(select(User)).scalars().first()
        assert admin is not None
        uow.session.add(
            Hold(
                subject_id=c4d1.subject_id,
                visit_id=c4d1.id,
                reason="grade 3 neutropenia",
                start_date=day - timedelta(days=1),
                decided_by_id=admin.id,
            )
        )
        uow.commit()
    line = next(v for v in paper.clinic_day(uow, day, SITE).visits if v.label == "C4D1")
    assert line.held
    assert line.warnings == ("Treatment is held at this visit.",)
    text = pdf_text(paper.print_day(uow, day, SITE))
    assert "Treatment is held at this visit." in text
    assert text.count("not booked") == before.count("not booked") - 1  # TA2 is still not booked
    chinese = pdf_text(paper.print_day(uow, day, SITE, "zh"))
    assert "本次访视暂停给药" in chinese


def test_the_day_list_shows_criteria_awaiting_labs_and_use_before(
    database: Database, records: Records
) -> None:
    # Read an hour after the bag was made: three hours left of its four.
    uow = SqlUnitOfWork(
        database.session_factory, SystemActor("test"), "test", clock=lambda: AT + timedelta(hours=1)
    )
    [line] = paper.clinic_day(uow, DOSE_DAY, SITE).preparations
    assert line.criteria_met is True and not line.awaiting_labs and line.use_before is not None
    text = pdf_text(paper.print_day(uow, DOSE_DAY, SITE))
    assert "criteria met" in text and line.use_before.strftime("%Y-%m-%d %H:%M") in text
    assert "(3 h 0 min left)" in text
    chinese = pdf_text(paper.print_day(uow, DOSE_DAY, SITE, "zh")).replace(" ", "")
    assert "(剩余3小时0分)" in chinese and "符合给药标准" in chinese
    # No result of the needed age: the criteria are not met only because the labs are still to come.
    with uow:
        uow.session.execute(update(LabResult).values(cancelled=True))
        uow.commit()
    [line] = paper.clinic_day(uow, DOSE_DAY, SITE).preparations
    assert line.awaiting_labs
    assert "awaiting labs" in pdf_text(paper.print_day(uow, DOSE_DAY, SITE))
    assert "等待检验结果" in pdf_text(paper.print_day(uow, DOSE_DAY, SITE, "zh")).replace(" ", "")


def test_lang_on_every_pharmacy_print_command(
    database: Database,
    database_url: str,
    records: Records,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _bilingual(database, False)
    with database.session_factory() as session:
        admin = users.UserInfo.of(session.execute(select(User).where(User.username == "admin")).scalar_one())
    pharmacist = users.create_user(
        database.uow(admin, "new pharmacist"), "wang.fang", "Wang Fang", PASSWORD, [Role.PHARMACIST]
    )
    stock.receive_shipment(
        database.uow(pharmacist),
        reference="S1",
        received_on=TODAY,
        lots=[stock.LotReceipt("A1", VIAL, TODAY + timedelta(days=300), 7)],
        protocol_id="nct07343453",
    )
    db = ["--database", database_url]
    commands = {
        "order": (["print", "order", "--order", records.order_number], "输液医嘱单", "INFUSION ORDER"),
        "label": (["print", "label", "--order", records.order_number], "细胞毒性药物", "CYTOTOXIC"),
        "day": (["print", "day", "--date", DOSE_DAY.isoformat()], "门诊日清单", "Clinic day list"),
        "accountability": (
            ["print", "accountability", "--lot", "A1"],
            "试验用药品清点记录",
            "Investigational product accountability log",
        ),
    }
    for name, (command, chinese, english) in commands.items():
        out_zh, out_en = tmp_path / f"{name}-zh.pdf", tmp_path / f"{name}-en.pdf"
        assert main([*command, "--lang", "zh", "--out", str(out_zh), *db]) == 0, name
        assert main([*command, "--out", str(out_en), *db]) == 0, name
        zh, en = pdf_text(out_zh.read_bytes()), pdf_text(out_en.read_bytes())
        assert chinese in zh and english not in zh, name
        assert english in en and chinese not in en, name
        # Both, while the site prints one language at a time: one sentence, nothing written.
        out_both = tmp_path / f"{name}-both.pdf"
        capsys.readouterr()
        assert main([*command, "--lang", "both", "--out", str(out_both), *db]) == 2, name
        assert "paper_bilingual" in capsys.readouterr().err and not out_both.exists()
    with pytest.raises(SystemExit) as stop:
        main(["print", "order", "--order", records.order_number, "--lang", "fr", "--out", "x.pdf", *db])
    assert stop.value.code == 2

    settings.set_setting(database.uow(admin, "site settings"), "paper_bilingual", "true")
    for name, (command, chinese, english) in commands.items():
        out = tmp_path / f"{name}-both.pdf"
        assert main([*command, "--lang", "both", "--out", str(out), *db]) == 0, name
        both = pdf_text(out.read_bytes())
        assert chinese in both and english in both, name


def test_settings_set_paper_bilingual_from_the_command_line(
    database: Database, database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    users.create_user(database.uow(), "site.admin", "Site Admin", PASSWORD, [Role.ADMIN])
    monkeypatch.setenv("DOSEDESK_PASSWORD", PASSWORD)
    db = ["--database", database_url]
    capsys.readouterr()
    assert main(["settings", "show", *db]) == 0
    assert re.search(r"^paper_bilingual\s+false\s+\(default\)", capsys.readouterr().out, re.MULTILINE)
    assert main(["settings", "set", "paper_bilingual", "true", "--user", "site.admin", *db]) == 0
    assert "paper_bilingual = true" in capsys.readouterr().out
    assert settings.site_settings(database.uow()).paper_bilingual
    assert main(["settings", "set", "paper_bilingual", "maybe", "--user", "site.admin", *db]) == 2
    assert "not true or false" in capsys.readouterr().err
    assert settings.site_settings(database.uow()).paper_bilingual


def test_the_pharmacys_paper_defaults_to_the_readers_own_language(
    database: Database, database_url: str, records: Records, tmp_path: Path
) -> None:
    _bilingual(database, False)  # the records' admin made an administrator
    with database.session_factory() as session:
        admin = users.UserInfo.of(session.execute(select(User).where(User.username == "admin")).scalar_one())
    reader = users.create_user(
        database.uow(admin, "new pharmacist"), "li.mei", "Li Mei", PASSWORD, [Role.PHARMACIST]
    )
    db = ["--database", database_url]
    order = ["print", "order", "--order", records.order_number]
    out = tmp_path / "order.pdf"
    # No language of her own yet: English, as without --user.
    assert main([*order, "--user", "li.mei", "--out", str(out), *db]) == 0
    assert "INFUSION ORDER" in pdf_text(out.read_bytes())
    users.set_own_language(database.uow(reader), reader.id, "zh")
    assert main([*order, "--user", "li.mei", "--out", str(out), *db]) == 0
    assert "输液医嘱单" in pdf_text(out.read_bytes())
    # --lang still says what the reader asks for; without --user the command knows no reader: English.
    assert main([*order, "--user", "li.mei", "--lang", "en", "--out", str(out), *db]) == 0
    assert "INFUSION ORDER" in pdf_text(out.read_bytes())
    assert main([*order, "--out", str(out), *db]) == 0
    assert "INFUSION ORDER" in pdf_text(out.read_bytes())
    day = ["print", "day", "--date", DOSE_DAY.isoformat(), "--user", "li.mei", "--out", str(out), *db]
    assert main(day) == 0
    assert "门诊日清单" in pdf_text(out.read_bytes())
