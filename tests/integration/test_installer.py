"""The installer: the icon and desktop entry (fast), and the one-folder program built fresh and started (slow).

The slow part builds DoseDesk with installer/build-linux.sh into a temporary folder once per run (never reusing
an earlier build), then starts the built program offscreen, away from the user's real data folder.
"""

from __future__ import annotations

import configparser
import contextlib
import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtGui import QImage

import app
from app.protocol.loader import shipped_protocols

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
ICONS = ROOT / "resources" / "icons"
CHECK_COMMAND = ROOT / "app" / "commands" / "check.py"
MIGRATIONS = ROOT / "app" / "models" / "migrations"


def _load_make_icons() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_icons", INSTALLER / "make_icons.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------- icon, fast


@pytest.mark.gui
def test_each_png_icon_is_the_drawing_at_its_size(qapp: object) -> None:
    make_icons = _load_make_icons()
    for size in make_icons.PNG_SIZES:
        shipped = QImage(str(ICONS / f"dosedesk-{size}.png")).convertToFormat(QImage.Format.Format_ARGB32)
        assert (shipped.width(), shipped.height()) == (size, size)
        fresh = make_icons.render(make_icons.SVG, size)
        # Same drawing, allowing for small anti-aliasing differences between Qt versions.
        difference = sum(abs(a - b) for a, b in zip(_pixels(shipped), _pixels(fresh), strict=True))
        assert difference / (size * size * 4) < 2, (
            f"dosedesk-{size}.png is stale: run installer/make_icons.py"
        )
        # Transparent corners, an opaque middle (the dose on the calendar page).
        assert shipped.pixelColor(0, 0).alpha() == 0
        assert shipped.pixelColor(size // 2, size // 2).alpha() == 255


def _pixels(image: QImage) -> bytes:
    rows = image.bytesPerLine()
    bits = bytes(image.constBits())
    return b"".join(bits[y * rows : y * rows + image.width() * 4] for y in range(image.height()))


@pytest.mark.gui
def test_windows_icon_holds_every_size_readable(qapp: object) -> None:
    from PySide6.QtGui import QImageReader

    make_icons = _load_make_icons()
    reader = QImageReader(str(ICONS / "dosedesk.ico"))
    sizes = []
    for index in range(reader.imageCount()):
        assert reader.jumpToImage(index)
        image = reader.read()
        assert not image.isNull(), reader.errorString()
        sizes.append(image.width())
        assert image.pixelColor(0, 0).alpha() == 0  # the rounded corner stays transparent
        assert image.pixelColor(image.width() // 2, image.height() // 2).alpha() == 255
    assert sorted(sizes) == sorted(make_icons.ICO_SIZES)


@pytest.mark.gui
def test_ico_bitmap_entry_keeps_pixels_and_mask(qapp: object) -> None:
    """A bitmap .ico entry read back by Qt gives the very pixels written, rows in the right order."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QColor, QImage, QImageReader

    make_icons = _load_make_icons()
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    for x in range(20):
        image.setPixelColor(x, 2, QColor(200, 30, 10, 255))  # a red line near the top
    image.setPixelColor(5, 15, QColor(0, 90, 250, 128))  # a half-transparent blue dot low down
    data = QByteArray(make_icons.ico_bytes([image]))
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    back = QImageReader(buffer, b"ico").read().convertToFormat(QImage.Format.Format_ARGB32)
    assert back.pixelColor(7, 2) == QColor(200, 30, 10, 255)
    # Qt's reader premultiplies half-transparent pixels, which may round a channel by one.
    blue = back.pixelColor(5, 15)
    assert blue.alpha() == 128
    assert max(abs(blue.red() - 0), abs(blue.green() - 90), abs(blue.blue() - 250)) <= 1
    assert back.pixelColor(7, 17).alpha() == 0
    with pytest.raises(ValueError, match="square"):
        make_icons.ico_bytes([QImage(16, 8, QImage.Format.Format_ARGB32)])


def _desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_names_the_program_and_its_icon() -> None:
    entry = _desktop_entry(INSTALLER / "linux" / "dosedesk.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "DoseDesk"
    assert entry["Exec"] == "DoseDesk"  # install.sh turns it into the installed program's full path
    assert entry["Icon"] == "dosedesk"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    # install.sh puts dosedesk.png into the icon theme from these files
    assert (ICONS / "dosedesk.svg").is_file()
    validator = shutil.which("desktop-file-validate")
    if validator:
        result = subprocess.run(
            [validator, str(INSTALLER / "linux" / "dosedesk.desktop")], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_shell_scripts_parse() -> None:
    for script in (INSTALLER / "build-linux.sh", INSTALLER / "linux" / "install.sh"):
        assert os.access(script, os.X_OK), f"{script.name} is not executable"
        result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


# ------------------------------------------------------------------------------------------- build, slow


class Build:
    def __init__(self, root: Path, seconds: float, output: str) -> None:
        self.root = root
        self.dist = root / "dist"
        self.folder = self.dist / "DoseDesk"
        self.program = self.folder / "DoseDesk"
        self.internal = self.folder / "_internal"
        self.seconds = seconds
        self.output = output
        self.env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            # The built program must not touch the real user's data folder or settings.
            "HOME": str(root / "home"),
            "XDG_DATA_HOME": str(root / "home" / "data"),
            "XDG_CONFIG_HOME": str(root / "home" / "config"),
            "XDG_CACHE_HOME": str(root / "home" / "cache"),
            "DOSEDESK_DATA_DIR": str(root / "data"),
        }
        self.env.pop("DOSEDESK_DATABASE_URL", None)

    def run(self, *args: str, program: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(program or self.program), *args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.root,
            timeout=120,
        )


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Build]:
    root = tmp_path_factory.mktemp("installer")
    (root / "home").mkdir()
    started = time.monotonic()
    result = subprocess.run(
        [
            str(INSTALLER / "build-linux.sh"),
            "--tarball",
            "--dist",
            str(root / "dist"),
            "--work",
            str(root / "work"),
        ],
        capture_output=True,
        text=True,
        # Its own PyInstaller cache: nothing from another build, and no race with one running beside it.
        env={
            **os.environ,
            "PYTHON": sys.executable,
            "PYINSTALLER_CONFIG_DIR": str(root / "pyinstaller-cache"),
        },
        cwd=ROOT,
        timeout=1200,
    )
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    yield Build(root, time.monotonic() - started, result.stdout)
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.slow
def test_built_program_prints_its_version(build: Build) -> None:
    result = build.run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"DoseDesk {app.__version__}\n"
    assert f"Built DoseDesk {app.__version__} in " in build.output


@pytest.mark.slow
@pytest.mark.parametrize("protocol_id", shipped_protocols())
def test_built_program_reads_its_shipped_protocols(build: Build, protocol_id: str) -> None:
    result = build.run("protocol", "check", "--protocol", protocol_id)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"OK: {protocol_id} version ")


@pytest.mark.slow
def test_built_program_refuses_bad_input_in_one_line(build: Build) -> None:
    result = build.run("protocol", "check", "no-such-protocol")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "no-such-protocol" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.slow
def test_built_program_has_every_command(build: Build) -> None:
    """The commands are found by walking app.commands at run time: all of them must be in the bundle."""
    result = build.run("--help")
    assert result.returncode == 0, result.stderr
    import argparse

    from app.cli import build_parser

    # The sub-commands as the source registers them (a module may register a differently named one).
    [subparsers] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    commands = sorted(subparsers.choices)
    assert "print" in commands and "schedule" in commands
    listed = result.stdout.split("{", 1)[1].split("}", 1)[0].split(",")
    assert sorted(listed) == commands, "the built program's commands differ from the source's"


@pytest.mark.slow
def test_bundle_holds_every_module_of_app(build: Build) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(build.program))
    pyz = archive.open_embedded_archive("PYZ.pyz")
    bundled = set(pyz.toc)
    expected = set()
    for file in (ROOT / "app").rglob("*.py"):
        parts = list(file.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        expected.add(".".join(parts))
    missing = sorted(expected - bundled)
    assert not missing, f"modules of app missing from the bundle: {missing}"


@pytest.mark.slow
def test_bundle_holds_resources_and_migrations_as_files(build: Build) -> None:
    for source_root, bundled_root in (
        (ROOT / "resources", build.internal / "resources"),
        (MIGRATIONS, build.internal / "app" / "models" / "migrations"),
    ):
        if not source_root.is_dir():
            continue
        files = [f for f in source_root.rglob("*") if f.is_file() and "__pycache__" not in f.parts]
        assert files
        for file in files:
            copy = bundled_root / file.relative_to(source_root)
            assert copy.is_file(), f"{file.relative_to(ROOT)} is not in the bundle"
            assert copy.read_bytes() == file.read_bytes()
    # the offscreen platform the tests and headless runs use, and the window's usual one
    platforms = build.internal / "PySide6" / "Qt" / "plugins" / "platforms"
    assert (platforms / "libqoffscreen.so").is_file()
    assert (platforms / "libqxcb.so").is_file()
    # the window icon is resources/icons/dosedesk.svg: Qt draws it with its SVG icon engine
    assert (platforms.parent / "iconengines" / "libqsvgicon.so").is_file()


class WindowRun:
    """The window started on a fresh database, then stopped: what it left behind."""

    def __init__(
        self, database: Path, exit_status: int | None, schema_revision: str | None, output: str
    ) -> None:
        self.database = database
        self.url = f"sqlite:///{database}"
        self.exit_status = exit_status  # None: still up when stopped
        self.schema_revision = schema_revision
        self.output = output


def _schema_revision(database: Path) -> str | None:
    """The database's Alembic revision, None while it is missing or not yet migrated (never creates it)."""
    if not database.exists():
        return None
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1) as connection:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


@pytest.fixture(scope="module")
def window_run(build: Build) -> WindowRun:
    """The built program with no command opens the window offscreen on a database that does not exist yet.

    It waits for someone to sign in, so it is stopped once the database is there and it has stayed up a few
    seconds more. Everything the window loads (Qt modules, plugins, screens) must be in the bundle for that.
    """
    database = build.root / "window" / "x.sqlite3"
    database.parent.mkdir()
    errors_log = build.root / "data" / "errors.log"  # where the window's crash handler writes
    errors_log.unlink(missing_ok=True)
    process = subprocess.Popen(
        [str(build.program), "--database", f"sqlite:///{database}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=build.env,
        cwd=build.root,
    )
    revision = None
    deadline = time.monotonic() + 90
    try:
        while process.poll() is None and revision is None and time.monotonic() < deadline:
            time.sleep(0.25)
            revision = _schema_revision(database)
        if process.poll() is None:
            # It must stay up: a window that opens then dies is a failure.
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=4)
    finally:
        status = process.poll()
        if status is None:
            process.terminate()
        stdout, stderr = process.communicate(timeout=30)
    log = errors_log.read_text(encoding="utf-8") if errors_log.exists() else ""
    return WindowRun(database, status, _schema_revision(database), stdout + stderr + log)


@pytest.mark.slow
def test_built_window_opens_on_a_fresh_database_and_stays_up(window_run: WindowRun) -> None:
    assert window_run.exit_status is None, (
        f"the window exited ({window_run.exit_status}):\n{window_run.output}"
    )
    assert "Traceback" not in window_run.output, window_run.output
    # It created the database and brought it to the newest schema with the bundled migrations.
    assert window_run.schema_revision, f"no migrated database at {window_run.database}:\n{window_run.output}"
    with sqlite3.connect(f"file:{window_run.database}?mode=ro", uri=True) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert len(tables - {"alembic_version"}) >= 3


@pytest.mark.slow
@pytest.mark.skipif(
    not CHECK_COMMAND.is_file(), reason="app/commands/check.py (`dosedesk check`) is not written yet"
)
def test_built_check_passes_on_the_fresh_database(build: Build, window_run: WindowRun) -> None:
    assert window_run.schema_revision, window_run.output
    result = build.run("check", "--database", window_run.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "OK\n"
    assert result.stderr == ""
    as_json = build.run("check", "--database", window_run.url, "--json")
    assert as_json.returncode == 0, as_json.stdout + as_json.stderr
    assert json.loads(as_json.stdout)["ok"] is True


@pytest.mark.slow
@pytest.mark.skipif(
    not CHECK_COMMAND.is_file(), reason="app/commands/check.py (`dosedesk check`) is not written yet"
)
def test_built_check_refuses_a_missing_database_in_one_line(build: Build) -> None:
    database = build.root / "missing" / "x.sqlite3"
    database.parent.mkdir()
    result = build.run("check", "--database", f"sqlite:///{database}")
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and str(database) in result.stderr
    assert "Traceback" not in result.stderr
    assert not database.exists()  # checking changes nothing


@pytest.mark.slow
def test_tarball_installs_with_menu_entry_and_icons_then_uninstalls(build: Build) -> None:
    archives = list(build.dist.glob(f"DoseDesk-{app.__version__}-linux-*.tar.gz"))
    assert len(archives) == 1
    unpacked = build.root / "unpacked"
    with tarfile.open(archives[0]) as archive:
        names = set(archive.getnames())
        assert {"DoseDesk/DoseDesk", "DoseDesk/install.sh", "DoseDesk/dosedesk.desktop"} <= names
        archive.extractall(unpacked, filter="tar")
    prefix = build.root / "prefix"
    result = subprocess.run(
        [str(unpacked / "DoseDesk" / "install.sh"), "--prefix", str(prefix)],
        capture_output=True,
        text=True,
        env=build.env,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    installed = prefix / "opt" / "dosedesk" / "DoseDesk"
    entry = _desktop_entry(prefix / "share" / "applications" / "dosedesk.desktop")
    assert entry["Exec"] == f'"{installed}"'
    assert entry["TryExec"] == str(installed)
    for size in (16, 48, 256):
        assert (prefix / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "dosedesk.png").is_file()
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "dosedesk.svg").is_file()
    on_path = build.run("--version", program=prefix / "bin" / "dosedesk")
    assert on_path.returncode == 0 and on_path.stdout == f"DoseDesk {app.__version__}\n"

    removed = subprocess.run(
        [str(unpacked / "DoseDesk" / "install.sh"), "--prefix", str(prefix), "--uninstall"],
        capture_output=True,
        text=True,
        env=build.env,
        timeout=120,
    )
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not installed.exists()
    assert not (prefix / "bin" / "dosedesk").exists()
    assert not (prefix / "share" / "applications" / "dosedesk.desktop").exists()
