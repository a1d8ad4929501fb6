"""Reading laboratory files (app.services.lab_import._files), no database: what is read, what is refused whole,
and which rows cannot be read — never half a row."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import openpyxl
import pytest

from app.errors import InputError
from app.services.lab_import._files import CSV, HL7, XLSX, read_lab_file
from app.services.settings import SiteSettings

UTF8 = SiteSettings()
GB18030 = replace(UTF8, lab_file_encoding="gb18030")
HEADER = "Hospital number,Test code,Result,Unit,Reference range,Collected"


def _csv(*lines: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *lines]).encode("utf-8")


def test_a_csv_export_is_read_row_by_row() -> None:
    read = read_lab_file(
        _csv("ZS1,751-8,2.4,10^9/L,1.8-6.3,2026-03-02 07:30", "ZS1,777-3,210,10^9/L,,2026/3/2"), UTF8
    )
    assert read.format == CSV and not read.unreadable
    first, second = read.rows
    assert (first.line, first.hospital_numbers, first.code, first.value, first.unit, first.range_text) == (
        2,
        ("ZS1",),
        "751-8",
        "2.4",
        "10^9/L",
        "1.8-6.3",
    )
    assert first.collected == datetime(2026, 3, 2, 7, 30) and second.collected == date(2026, 3, 2)


def test_empty_rows_and_a_title_above_the_header_are_skipped() -> None:
    content = "Laboratory export 2026-03-02\n\n" + HEADER + "\n\n,,,,,\nZS1,751-8,2.4,10^9/L,,2026-03-02\n\n"
    read = read_lab_file(content.encode(), UTF8)
    assert [row.line for row in read.rows] == [6] and not read.unreadable


def test_a_semicolon_export_with_decimal_commas_keeps_its_values_as_written() -> None:
    content = b"Hospital number;Test code;Result;Unit;Collected\nZS1;751-8;1,8;10^9/L;2026-03-02\n"
    (row,) = read_lab_file(content, UTF8).rows
    assert row.value == "1,8"  # read as 1.8 by the import (app.services._lab_values)


def test_a_row_with_a_missing_cell_or_a_bad_date_cannot_be_read_and_is_named() -> None:
    read = read_lab_file(
        _csv(
            "ZS1,751-8,2.4,10^9/L,,2026-03-02",
            "ZS1,751-8,2.4",
            "ZS1,751-8,2.4,10^9/L,,02/03/2026",
            ",751-8,2.4,10^9/L,,2026-03-02",
        ),
        UTF8,
    )
    assert [row.line for row in read.rows] == [2]
    assert [(item.line, item.where) for item in read.unreadable] == [
        (3, "line 3"),
        (4, "line 4"),
        (5, "line 5"),
    ]
    assert "cells" in read.unreadable[0].reason and "date" in read.unreadable[1].reason
    assert "hospital number" in read.unreadable[2].reason


def test_a_csv_without_the_columns_is_not_a_lab_file() -> None:
    with pytest.raises(InputError, match="column headers"):
        read_lab_file(b"name,age\nLi,61\n", UTF8)


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4 ...", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old", b"\x00\x01\x02binary", b"   \n"],
)
def test_a_file_that_is_no_lab_file_is_refused_in_one_sentence(content: bytes) -> None:
    with pytest.raises(InputError) as refused:
        read_lab_file(content, UTF8)
    assert "\n" not in str(refused.value)


# --- encodings ---------------------------------------------------------------------------------------------

CHINESE = "住院号,检验代码,结果,单位,采集时间\nZS1,751-8,2.4,10^9/L,2026-03-02 07:30\n"
CHINESE_SETTINGS = replace(
    UTF8,
    lab_columns={
        **UTF8.lab_columns,
        "hospital_number": "住院号",
        "test_code": "检验代码",
        "value": "结果",
        "unit": "单位",
        "collected": "采集时间",
    },
)


def test_gb18030_is_read_when_the_settings_say_so() -> None:
    settings = replace(CHINESE_SETTINGS, lab_file_encoding="gb18030")
    read = read_lab_file(CHINESE.encode("gb18030"), settings)
    assert read.encoding == "gb18030" and read.rows[0].value == "2.4"


def test_a_gb18030_file_when_utf8_is_set_is_refused_naming_the_setting() -> None:
    with pytest.raises(InputError, match=r"not UTF-8 text.*gb18030"):
        read_lab_file(CHINESE.encode("gb18030"), CHINESE_SETTINGS)


def test_a_utf8_file_when_gb18030_is_set_is_refused_not_read_as_other_characters() -> None:
    with pytest.raises(InputError, match="written in UTF-8"):
        read_lab_file(CHINESE.encode("utf-8"), replace(CHINESE_SETTINGS, lab_file_encoding="gb18030"))


@pytest.mark.parametrize(
    "settings", [CHINESE_SETTINGS, replace(CHINESE_SETTINGS, lab_file_encoding="gb18030")]
)
def test_a_utf8_byte_order_mark_is_read_as_the_utf8_it_announces(settings: SiteSettings) -> None:
    read = read_lab_file(b"\xef\xbb\xbf" + CHINESE.encode("utf-8"), settings)
    assert read.encoding == "utf-8" and read.rows[0].hospital_numbers == ("ZS1",)


# --- Excel -------------------------------------------------------------------------------------------------


def _xlsx(*rows: list[object], merge: str | None = None, title: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Results"
    if title:
        sheet.append(["Laboratory results"])
        sheet.merge_cells("A1:E1")
    sheet.append(["Hospital number", "Test code", "Result", "Unit", "Collected"])
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_excel_export_with_numbers_dates_and_a_serial_date() -> None:
    content = _xlsx(
        ["ZS1", "751-8", 2.4, "10^9/L", datetime(2026, 3, 2, 7, 30)],
        ["ZS1", "777-3", 210, "10^9/L", 46083.3125],  # 2026-03-02 07:30 as Excel's serial number
        ["ZS1", "718-7", "1,234.5", "g/L", "2026-03-02"],
        title=True,
    )
    read = read_lab_file(content, UTF8)
    assert read.format == XLSX and not read.unreadable
    assert [(row.line, row.value) for row in read.rows] == [(3, "2.4"), (4, "210"), (5, "1,234.5")]
    assert read.rows[0].collected == read.rows[1].collected == datetime(2026, 3, 2, 7, 30)
    assert read.rows[2].where == "row 5 of sheet Results"


def test_merged_cells_among_the_results_cannot_be_read() -> None:
    content = _xlsx(
        ["ZS1", "751-8", 2.4, "10^9/L", datetime(2026, 3, 2, 7, 30)],
        ["", "777-3", 210, "10^9/L", datetime(2026, 3, 2, 7, 30)],
        ["ZS1", "718-7", 121, "g/L", datetime(2026, 3, 2, 7, 30)],
        merge="A2:A3",
    )
    read = read_lab_file(content, UTF8)
    assert [row.line for row in read.rows] == [4]
    assert [item.line for item in read.unreadable] == [2, 3] and "merged" in read.unreadable[0].reason


def test_a_formula_without_a_saved_result_cannot_be_read() -> None:
    read = read_lab_file(_xlsx(["ZS1", "751-8", "=1+1", "10^9/L", datetime(2026, 3, 2)]), UTF8)
    assert not read.rows and "formula" in read.unreadable[0].reason


def test_a_workbook_that_is_damaged_is_refused() -> None:
    with pytest.raises(InputError):
        read_lab_file(b"PK\x03\x04 not really a zip", UTF8)


# --- HL7 ---------------------------------------------------------------------------------------------------

MSH = "MSH|^~\\&|LIS|ZSH|DOSEDESK|ZSH|202603020915+0800||ORU^R01^ORU_R01|M{n}|P|2.5.1"
PID = "PID|1||OTHER^^^X^PI~ZS1^^^ZSH^MR||Wang^Li"
OBR = "OBR|1|P1|ACC1^LIS|58410-2^CBC^LN|||202603020730+0800|||||||||||||||202603020900+0800|||F"


def _hl7(*segments: str, newline: str = "\r") -> bytes:
    return newline.join(segments).encode("utf-8")


def test_hl7_messages_one_or_many_in_a_file() -> None:
    content = _hl7(
        MSH.format(n=1), PID, OBR,
        "OBX|1|NM|751-8^Neutrophils^LN||2.4|10*9/L^^UCUM|1.8-6.3|N|||F",
        MSH.format(n=2), PID, OBR,
        "OBX|1|SN|777-3^Platelets^LN||<^10|10*9/L|125-350|LL|||F",
        newline="\r\n",
    )  # fmt: skip
    read = read_lab_file(content, UTF8)
    assert read.format == HL7 and not read.unreadable
    first, second = read.rows
    assert first.hospital_numbers[0] == "ZS1"  # PID-3's medical record number first
    assert (first.code, first.code_system, first.value, first.unit, first.range_text) == (
        "751-8",
        "LN",
        "2.4",
        "10^9/L",
        "1.8-6.3",
    )
    eight = timezone(timedelta(hours=8))
    assert first.collected == datetime(2026, 3, 2, 7, 30, tzinfo=eight)
    assert first.reported == datetime(2026, 3, 2, 9, 0, tzinfo=eight) and first.accession == "ACC1"
    assert (second.line, second.value, second.flags, second.status) == (8, "<10", "LL", "F")


def test_the_encoding_characters_of_msh_are_respected() -> None:
    content = _hl7(
        "MSH|@~\\&|LIS|ZSH|DOSEDESK|ZSH|202603020915||ORU@R01|M1|P|2.3",
        "PID|1||ZS1@@@ZSH@MR",
        "OBR|1|P1|ACC1|CBC|||202603020730",
        "OBX|1|NM|751-8@Neutrophils@LN||2.4|10^9/L|1.8-6.3||||F",
    )
    (row,) = read_lab_file(content, UTF8).rows
    assert (row.hospital_numbers, row.code, row.code_system, row.unit) == (("ZS1",), "751-8", "LN", "10^9/L")


def test_a_truncated_hl7_file_names_the_line_cut_short() -> None:
    content = _hl7(
        MSH.format(n=1),
        PID,
        OBR,
        "OBX|1|NM|751-8^Neutrophils^LN||2.4|10*9/L|1.8-6.3||||F",
        "OBX|2|NM|777-3^Pl",
    )
    read = read_lab_file(content, UTF8)
    assert [row.line for row in read.rows] == [4]
    (cut,) = read.unreadable
    assert cut.line == 5 and "cut short" in cut.reason


def test_a_message_that_is_not_results_cannot_be_read() -> None:
    content = _hl7("MSH|^~\\&|ADT|ZSH|||202603020915||ADT^A08|M1|P|2.5", PID)
    read = read_lab_file(content, UTF8)
    assert not read.rows and "ADT^A08" in read.unreadable[0].reason


def test_hl7_names_its_own_character_set() -> None:
    gb = (
        MSH.format(n=1)
        + "|||||CHN|GB 18030-2000\r"
        + PID
        + "\r"
        + OBR
        + "\rOBX|1|NM|751-8^中性粒细胞^LN||2.4|10*9/L|||||F"
    )
    read = read_lab_file(gb.encode("gb18030"), UTF8)  # the site says UTF-8, the message says GB18030
    assert read.encoding == "gb18030" and read.rows[0].code_text == "中性粒细胞"
