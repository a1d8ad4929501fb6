"""The sentences of users, stock, restore, the database, the audit trail and the engine are messages (app.text):
the same English as before, with templates and values the window can say in its language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import InputError, NotFoundError
from app.models import GENESIS_HASH, Role
from app.models.engine import (
    BUSY_MESSAGE,
    DatabaseBusyError,
    DatabaseLocationError,
    network_share_reason,
    parse_mounts,
    refuse_network_share,
    resolve_database_url,
)
from app.services import audit, stock, users
from app.services.audit import chain_problems
from app.services.audit_trail import audit_trail
from app.services.database import Database, open_database
from app.services.restore import RestoreRefused, _listed, restore_database
from app.services.stock._base import _joined, _vials_words
from app.text import Message, message_of

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def said(text: object, table: dict[str, str]) -> str:
    """`text` as a window with translation `table` says it (app/ui/words.say without Qt)."""
    if not isinstance(text, Message):
        return str(text)
    template = table.get(text.template, text.template)
    return template.format(**{key: said(value, table) for key, value in text.params.items()})


def depth(text: object) -> int:
    if not isinstance(text, Message) or not text.params:
        return 0
    return 1 + max(depth(value) for value in text.params.values())


def templates(text: object) -> set[str]:
    if not isinstance(text, Message):
        return set()
    found = {text.template}
    for value in text.params.values():
        found |= templates(value)
    return found


# --- composed sentences -----------------------------------------------------------------------------------

lines = st.lists(st.text(alphabet="abc xyz.", min_size=1, max_size=8), min_size=1, max_size=300)


@given(lines)
def test_restore_problems_read_as_before_one_per_line_and_stay_shallow(problems: list[str]) -> None:
    listed = _listed(problems)
    assert listed == "\n".join(f"- {problem}" for problem in problems)
    assert depth(listed) <= 2 + max(1, len(problems)).bit_length()
    assert said(listed, {"- {problem}": "・{problem}"}) == "\n".join(f"・{p}" for p in problems)


@given(lines)
def test_lot_problems_joined_read_as_before_and_stay_shallow(problems: list[str]) -> None:
    joined = _joined(problems)
    assert joined == " ".join(problems)
    assert depth(joined) <= 1 + max(1, len(problems)).bit_length()
    assert said(joined, {"{first} {second}": "{first}{second}"}) == "".join(problems)


def test_vials_are_counted_in_words_the_window_translates() -> None:
    assert (_vials_words(1), _vials_words(12)) == ("1 vial", "12 vials")
    table = {"{count} vial": "{count} 瓶", "{count} vials": "{count} 瓶"}
    assert said(_vials_words(1), table) == "1 瓶" and said(_vials_words(12), table) == "12 瓶"


# --- users ------------------------------------------------------------------------------------------------


@pytest.fixture
def database(sqlite_url: str) -> Iterator[Database]:
    db = open_database(sqlite_url)
    yield db
    db.dispose()


def test_sign_in_refusals_and_role_words_are_messages(database: Database) -> None:
    admin = users.create_user(database.uow(), "li.na", "Li Na", "correct horse", [Role.ADMIN])
    nurse = users.create_user(
        database.uow(admin, "new colleague"), "wang.fang", "Wang Fang", "correct horse", [Role.COORDINATOR]
    )
    with pytest.raises(users.SignInError) as wrong:
        users.sign_in(database.uow(), "li.na", "wrong horse")
    assert message_of(wrong.value) == "The user name or password is wrong."
    assert isinstance(message_of(wrong.value), Message)

    with pytest.raises(users.NotAllowedError) as refused:
        users.create_user(database.uow(nurse, "try"), "x.y", "X Y", "correct horse", [Role.PHARMACIST])
    text = message_of(refused.value)
    assert text == "This needs the admin role, which Wang Fang does not hold."
    table = {
        "This needs the {role} role, which {name} does not hold.": "此操作需要{role}角色，{name} 没有该角色。"
    }
    assert said(text, table | {"admin": "管理员"}) == "此操作需要管理员角色，Wang Fang 没有该角色。"

    with pytest.raises(InputError) as short:
        users.reset_password(database.uow(admin, "reset"), nurse.id, "short")
    assert message_of(short.value) == "A password needs at least 8 characters."
    assert isinstance(message_of(short.value), Message)

    with pytest.raises(InputError) as limit:
        audit_trail(database.uow(admin), limit=0)
    assert message_of(limit.value) == "Ask for between 1 and 100,000 audit rows."
    assert (
        said(message_of(limit.value), {"Ask for between 1 and {most} audit rows.": "{most} 条"})
        == "100,000 条"
    )


# --- stock ------------------------------------------------------------------------------------------------


def test_stock_refusals_carry_their_words_as_messages(database: Database) -> None:
    admin = users.create_user(
        database.uow(), "li.na", "Li Na", "correct horse", [Role.ADMIN, Role.PHARMACIST]
    )
    with pytest.raises(InputError) as long_reference:
        stock.receive_shipment(
            database.uow(admin, "receipt"),
            reference="R" * 65,
            received_on=date(2026, 1, 5),
            lots=[stock.LotReceipt("L1", Decimal(100), date(2027, 1, 1), 2)],
            protocol_id="nct07343453",
        )
    text = message_of(long_reference.value)
    assert text == "The shipment reference is too long (at most 64 characters)."
    assert templates(text) == {"{what} is too long (at most {limit} characters).", "The shipment reference"}

    with pytest.raises(NotFoundError) as missing:
        stock.get_lot(database.uow(admin), "NOPE-1")
    assert message_of(missing.value) == "There is no lot NOPE-1 in stock."
    assert said(message_of(missing.value), {"There is no lot {lot} in stock.": "库存中没有批号 {lot}。"}) == (
        "库存中没有批号 NOPE-1。"
    )


# --- restore, database, audit, engine ---------------------------------------------------------------------


def test_restore_refusal_of_a_file_that_is_not_a_database_is_a_message(
    tmp_path: Path, sqlite_url: str
) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database", encoding="utf-8")
    with pytest.raises(RestoreRefused) as refused:
        restore_database(sqlite_url, bogus, user=None)
    text = message_of(refused.value)
    assert text == "notes.txt is not a DoseDesk backup: it is not an SQLite database file."
    assert isinstance(text, Message) and text.params == {"file": "notes.txt"}


def test_audit_chain_problems_are_messages_naming_the_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    good = SimpleNamespace(id=1, prev_hash=GENESIS_HASH, row_hash="h1")
    stray = SimpleNamespace(id=3, prev_hash="elsewhere", row_hash="h3")
    monkeypatch.setattr(audit, "_hash_of_row", lambda row: row.row_hash)  # both rows intact; one out of place
    problems = chain_problems([good, stray])  # type: ignore[list-item]
    assert problems == ["Audit trail: row 3 does not follow row 1; rows are missing or were inserted there."]
    table = {
        "Audit trail: row {row} does not follow {after}; rows are missing or were inserted there.": (
            "审计追踪：第 {row} 行未接在{after}之后；此处有记录缺失或被插入。"
        ),
        "row {row}": "第 {row} 行",
    }
    assert said(problems[0], table) == "审计追踪：第 3 行未接在第 1 行之后；此处有记录缺失或被插入。"


def test_engine_refusals_and_reasons_are_messages(tmp_path: Path) -> None:
    assert (
        isinstance(BUSY_MESSAGE, Message)
        and message_of(DatabaseBusyError()) == "The database is busy; try again."
    )
    with pytest.raises(DatabaseLocationError) as refused:
        resolve_database_url("mysql://server/db")
    assert message_of(refused.value) == "DoseDesk works with SQLite or PostgreSQL; mysql is not supported."
    assert isinstance(message_of(refused.value), Message)

    mounts = parse_mounts("server:/share /mnt/share nfs4 rw 0 0\n/dev/sda1 / ext4 rw 0 0\n")
    reason = network_share_reason(Path("/mnt/share/dosedesk.sqlite3"), mounts)
    assert reason == "a nfs4 network share" and isinstance(reason, Message)
    with pytest.raises(InputError) as share:
        refuse_network_share(Path("/mnt/share/dosedesk.sqlite3"), mounts)
    text = message_of(share.value)
    assert text.startswith("The database file /mnt/share/dosedesk.sqlite3 is on a nfs4 network share. ")
    assert templates(text) >= {"a {filesystem} network share"}
    for template in templates(text):
        assert all(name.islower() for name in PLACEHOLDER.findall(template))
