"""A Hypothesis fuzz of the command line: generated argument lists over every sub-command and option (read from
the parser itself, so a new command is fuzzed too) — numbers at the edges, huge, negative, NaN and Infinity, odd
Unicode, long strings, missing files, files of junk, with a byte-order mark or nested deeply, databases that
are fine, missing, not SQLite, a folder, /dev/null — run through `app.cli.main` in-process, and a sample through
the real `dosedesk` executable. Whatever it is given, a command ends with status 0 or 2 (1 only for `check`
listing problems), never a traceback and never an unexpected error, and says a refusal in one line on stderr.

Run time: profile "cli-fuzz" (200 examples in-process, 6 through the executable; about a minute here) by
default; "cli-fuzz-ci" (500 and 12, derandomized) when CI=true; choose one with DOSEDESK_FUZZ_PROFILE.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import build_parser, main
from app.paths import protocols_dir

settings.register_profile(
    "cli-fuzz",
    max_examples=200,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
settings.register_profile(
    "cli-fuzz-ci", parent=settings.get_profile("cli-fuzz"), max_examples=500, derandomize=True
)
PROFILE = os.environ.get("DOSEDESK_FUZZ_PROFILE") or (
    "cli-fuzz-ci" if os.environ.get("CI", "").lower() == "true" else "cli-fuzz"
)
EXECUTABLE_RUNS = 12 if PROFILE == "cli-fuzz-ci" else 6
PASSWORD = "correct horse"  # every user's in the world of tests/integration/_services.py


# --- the world the commands run in -----------------------------------------------------------------------------


class Place:
    """Files and databases the generated arguments name (made once for the module)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.good = root / "demo.sqlite3"
        self.out = root / "out"
        self.out.mkdir()
        self.files: dict[str, Path] = {}
        history = {
            "protocol": "nct07343453",
            "c1d1": "2026-01-05",
            "doses": [{"visit": "C1D1", "date": "2026-01-05"}],
        }
        contents: dict[str, bytes] = {
            "history.json": json.dumps(history).encode(),
            "bom.json": b"\xef\xbb\xbf" + json.dumps(history).encode(),
            "nested.json": b"[" * 50_000 + b"]" * 50_000,
            "digits.json": b'{"protocol": "nct07343453", "c1d1": ' + b"7" * 5000 + b"}",
            "infinity.json": b'{"protocol": "nct07343453", "c1d1": "2026-01-05", '
            b'"doses": [{"visit": "C1D1", "date": "2026-01-05", "mg_per_kg": Infinity}]}',
            "junk.bin": bytes(range(256)) * 40,
            "empty": b"",
            "latin1.json": '{"protocol": "caf\xe9"}'.encode("latin-1"),
            "protocol.toml": (protocols_dir() / "nct07343453.toml").read_bytes(),
            "changed.toml": (protocols_dir() / "nct07343453.toml")
            .read_bytes()
            .replace(b'["5", "4", "3"]', b'["50", "4", "3"]'),
            "nct07343453": (protocols_dir() / "nct07343453.toml").read_bytes(),
        }
        for name, data in contents.items():
            path = root / name
            path.write_bytes(data)
            self.files[name] = path
        (root / "a-folder").mkdir()
        self.files["a-folder"] = root / "a-folder"
        not_sqlite = root / "notes.sqlite3"
        not_sqlite.write_bytes(b"notes, not a database\n" * 100)
        self.databases = [
            str(self.good),
            f"sqlite:///{self.good}",
            str(not_sqlite),
            str(root / "a-folder"),
            "/dev/null",
        ]
        self.orders: list[str] = []
        self.subjects: list[str] = []
        self.lots: list[str] = []


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Place]:
    from app.services import users

    previous = users.configure_password_hasher(users.fast_hasher_for_tests())
    root = tmp_path_factory.mktemp("fuzz")
    made = Place(root)
    saved = {key: os.environ.get(key) for key in ("DOSEDESK_DATA_DIR", "DOSEDESK_DATABASE_URL")}
    os.environ["DOSEDESK_DATA_DIR"] = str(root / "data")
    os.environ["DOSEDESK_DATABASE_URL"] = f"sqlite:///{root / 'default-absent.sqlite3'}"
    try:
        from app.commands.list import lots, orders, patients
        from app.services.database import open_database

        from ._services import World

        database = open_database(str(made.good))
        try:
            world = World.build(database)
            world.now = datetime.now(UTC) - timedelta(hours=4)
            subject_id = world.enrol("001-001", c1d1=world.today)
            world.give_dose(subject_id, "C1D1")
            world.enrol("001-002", c1d1=world.today + timedelta(days=2))
            made.orders = [row["order_number"] for row in orders(database)][:5]
            made.subjects = [row["subject"] for row in patients(database)][:5]
            made.lots = [row["lot"] for row in lots(database)][:5]
        finally:
            database.dispose()
        yield made
    finally:
        users.configure_password_hasher(previous)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


# --- what a person might type -------------------------------------------------------------------------------

_ODD = st.sampled_from(
    [
        "",
        " ",
        "-",
        "--",
        "\u202e",
        "LOT\u202e1A",
        "A\u2066B",
        "\udcff",
        "\x00",
        "\x1b[2J",
        "\ufeff5",
        "受试者",
        "٣",
        "x" * 5000,
        "'; DROP TABLE subjects; --",
        "%s%n",
        "{value}",
        "../../etc/passwd",
    ]
)
_text = st.one_of(
    _ODD, st.text(max_size=30), st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12)
)
_number = st.one_of(
    st.sampled_from(
        [
            "0",
            "-0",
            "5",
            "4",
            "3",
            "70",
            "71.3",
            "1e999999999",
            "-1e999999999",
            "1e-999999999",
            "NaN",
            "Infinity",
            "-inf",
            "1_000",
            "9" * 5000,
            "0.0000000001",
            "2147483648",
            "99999999999999999999",
            "1.5",
            "100",
            "0.9",
        ]
    ),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    _text,
)
_count = st.one_of(
    st.sampled_from(["1", "0", "-1", "5", "2147483648", "99999999999999999999", "1.5", "1e3"]),
    st.integers(-(10**30), 10**30).map(str),
    _text,
)
_date = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        ["9999-12-31", "0001-01-01", "1899-12-31", "2200-12-31", "2026-02-30", "2026-3-2", "today"]
    ),
    _text,
)


def _values(place: Place, action: argparse.Action) -> st.SearchStrategy[str]:
    name = (action.option_strings[0] if action.option_strings else action.dest).lstrip("-")
    files = st.sampled_from(
        [str(p) for p in place.files.values()] + [str(place.root / "missing.json"), "/dev/null", "/dev/zero"]
    )
    if action.choices is not None:
        return st.one_of(st.sampled_from(sorted(map(str, action.choices))), _text)
    if name == "database":
        return st.one_of(st.sampled_from(place.databases), st.just("postgresql://x@127.0.0.1:1/x"), _text)
    if name in ("out", "to"):
        return st.one_of(
            st.just("-"),
            st.text(alphabet="abcdefxyz", min_size=1, max_size=8).map(lambda n: str(place.out / f"{n}.pdf")),
            st.sampled_from([str(place.root / "no-folder" / "x.pdf"), str(place.files["a-folder"])]),
        )
    if name in ("history", "protocol-file", "file", "from"):
        return st.one_of(files, _text)
    if "date" in name or name in ("as-of", "until"):
        return _date
    if name in ("vials", "grade", "occurrence"):
        return _count
    if name in ("weight-kg", "level", "baseline-kg", "previous-kg", "value", "lln", "uln", "baseline"):
        return _number
    if name == "order":
        return st.one_of(st.sampled_from(place.orders or ["ORD-1"]), _text)
    if name == "patient":
        return st.one_of(st.sampled_from(place.subjects or ["001-001"]), _text)
    if name == "lot":
        lots = place.lots or ["LOT-A"]
        receipt = st.tuples(
            st.sampled_from(["Z9", *lots]), _count, _date, st.sampled_from(["", ":200", ":0", ":1e9"])
        )
        return st.one_of(st.sampled_from(lots), receipt.map(lambda t: f"{t[0]}:{t[1]}:{t[2]}{t[3]}"), _text)
    if name == "user":
        return st.one_of(st.sampled_from(["pharmacist", "pharmacist2", "admin", "nobody"]), _text)
    if name == "protocol":
        return st.one_of(st.sampled_from(["nct07343453", "sacituzumab-govitecan", "nct07343453.toml"]), _text)
    if name == "label-size":
        return st.one_of(st.sampled_from(["100x70", "0x0", "1e9x1e9", "100 × 70 mm"]), _text)
    return _text


def _commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield prefix, parser
    for action in subs:
        for name, sub in action.choices.items():
            yield from _commands(sub, (*prefix, name))


@st.composite
def argument_lists(draw: st.DrawFn, place: Place) -> list[str]:
    commands = list(_commands(build_parser()))
    path, parser = draw(st.sampled_from(commands))
    argv = list(path)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        wanted = action.required or not action.option_strings
        if not draw(st.booleans()) and not (wanted and draw(st.integers(0, 9)) > 0):
            continue
        if action.nargs == 0:
            argv.append(action.option_strings[0])
            continue
        times = draw(st.integers(1, 3)) if isinstance(action, argparse._AppendAction) else 1
        for _ in range(times):
            value = draw(_values(place, action))
            if action.option_strings:
                argv.append(action.option_strings[0])
            argv.append(value)
    if draw(st.integers(0, 19)) == 0:  # now and then an option the command does not have, or one twice
        argv.append(draw(st.sampled_from(["--nope", "--json", "--database", "-x"])))
    return argv


# --- the property ------------------------------------------------------------------------------------------------


def _check_ending(argv: list[str], code: int, out: str, err: str) -> None:
    assert "Traceback" not in err and "Traceback" not in out, (argv, err)
    allowed = {0, 1, 2} if argv[:1] == ["check"] else {0, 2}
    assert code in allowed, (argv, code, err)
    if code == 2:
        assert err.startswith("dosedesk: ") and err.count("\n") == 1, (argv, err)


@pytest.fixture
def _environment(place: Place, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSEDESK_PASSWORD", PASSWORD)
    monkeypatch.chdir(place.root)  # where the stray `nct07343453` lies


@settings(settings.get_profile(PROFILE))
@given(data=st.data())
def test_any_argument_list_ends_in_0_or_2_without_a_traceback(
    place: Place, _environment: None, capsysbinary: pytest.CaptureFixture[bytes], data: st.DataObject
) -> None:
    argv = data.draw(argument_lists(place), label="argv")
    try:
        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    out, err = (part.decode("utf-8", "replace") for part in capsysbinary.readouterr())
    _check_ending(argv, code, out, err)
    assert not (place.root / "data" / "errors.log").exists(), (
        argv,
        (place.root / "data" / "errors.log").read_text(),
    )


@settings(settings.get_profile(PROFILE), max_examples=EXECUTABLE_RUNS)
@given(data=st.data())
def test_a_sample_through_the_real_executable(place: Place, _environment: None, data: st.DataObject) -> None:
    argv = data.draw(
        argument_lists(place).filter(lambda a: all("\x00" not in x and "\udcff" not in x for x in a)),
        label="argv",
    )
    done = subprocess.run(
        [str(Path(sys.executable).with_name("dosedesk")), *argv],
        capture_output=True,
        timeout=180,
        cwd=place.root,
        env={**os.environ, "DOSEDESK_PASSWORD": PASSWORD},
    )
    _check_ending(
        argv, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )


def test_the_fuzz_reaches_every_sub_command(place: Place) -> None:
    """The generator draws from the parser's own sub-commands (so none is left out, a new one included)."""
    names = {" ".join(path) for path, _parser in _commands(build_parser())}
    assert {
        "dose",
        "advise",
        "grade",
        "schedule",
        "protocol check",
        "list",
        "stock receive",
        "print order",
        "export ics",
        "check",
        "backup",
        "demo",
    } <= names
