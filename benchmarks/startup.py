"""Start-up of the window and filtering of the patient list.

    .venv/bin/python -m benchmarks.startup [--subjects 500] [--runs 5] [--check]

1. Start-up: from process start to the main window shown and idle, on a database of 500 subjects (enrolled
   through the subjects service), against a bare PySide6 window (QApplication + QMainWindow) in the same run.
   Both are timed by this parent process from the moment it launches the child to the moment the child says
   its window is shown and its event queue is empty; the median of --runs launches each. Signing in is done by
   the child through the users service (the seconds a person takes to type are not the program's).
   Target: DoseDesk ≤ 1.5 × the bare window.
2. Filtering: the Patients screen's list of 500 subjects, typed into one key at a time (QTest key clicks on the
   filter field, the view repainted after each). Target: under 50 ms a keystroke.

Offscreen (QT_QPA_PLATFORM=offscreen) unless a display is set. With --check, exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

STARTUP_TARGET_RATIO = 1.5
KEYSTROKE_TARGET_S = 0.050
ROOT = Path(__file__).resolve().parents[1]
ADMIN = ("bench-admin", "bench admin password")
COORDINATOR = ("bench-coordinator", "bench coordinator password")

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 780)
window.show()
def ready():
    print("ready", flush=True)
    app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

DOSEDESK = """
import sys
from PySide6.QtCore import QTimer
from app.services.database import open_database
from app.ui.main import build_context, make_app
from app.ui.main_window import MainWindow
from app.ui.screens.registry import default_factories
from app.ui.service_backend import ServiceBackend
from app.ui.settings import UiSettings

app = make_app()
backend = ServiceBackend(open_database(sys.argv[1]))
context = build_context(backend, UiSettings(), "en")
context.user = backend.sign_in(sys.argv[2], sys.argv[3])
window = MainWindow(context, default_factories())
window.show()

def ready():
    if context.runner.busy:
        QTimer.singleShot(1, ready)
        return
    print("ready", flush=True)
    app.quit()

QTimer.singleShot(0, ready)
app.exec()
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["DOSEDESK_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _launch(code: str, args: list[str], env: dict[str, str]) -> float:
    """Seconds from launching a child to its "ready" line."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    _out, err = child.communicate(timeout=120)
    if line.strip() != "ready":
        raise SystemExit(f"the child did not start:\n{err}")
    return elapsed


def seed(url: str, subjects: int) -> None:
    """A database with `subjects` enrolled subjects, an admin and a coordinator (through the services)."""
    from app.services import subjects as subject_service
    from app.services import users
    from app.services.audit import SystemActor
    from app.services.database import open_database

    users.configure_password_hasher(users.fast_hasher_for_tests())
    database = open_database(url)
    try:
        if not users.has_users(database.uow()):
            users.create_user(
                database.uow(SystemActor("benchmark")), ADMIN[0], "Bench Admin", ADMIN[1], ["admin"]
            )
        admin = users.sign_in(database.uow(), *ADMIN)
        if COORDINATOR[0] not in {u.username for u in users.list_users(database.uow())}:
            users.create_user(
                database.uow(admin, "benchmark"),
                COORDINATOR[0],
                "Bench Coordinator",
                COORDINATOR[1],
                ["coordinator"],
            )
        coordinator = users.sign_in(database.uow(), *COORDINATOR)
        today = date.today()
        for n in range(1, subjects + 1):
            subject_service.enrol_subject(
                database.uow(coordinator, "benchmark"),
                subject_number=f"{n:03d}",
                initials=("LW", "ZHM", "CXY", "ABD")[n % 4],
                birth_date=date(1950 + n % 40, 1 + n % 12, 1 + n % 28),
                sex=("female", "male")[n % 2],
                baseline_weight_kg=Decimal(50 + n % 40),
                height_cm=Decimal(150 + n % 35),
                planned_c1d1=today + timedelta(days=1 + n % 60),
            )
    finally:
        database.dispose()


def startup(subjects: int, runs: int) -> float:
    with tempfile.TemporaryDirectory(prefix="dosedesk-bench-") as folder:
        data = Path(folder)
        url = f"sqlite:///{data / 'bench.sqlite3'}"
        started = time.perf_counter()
        seed(url, subjects)
        print(f"seeded {subjects} subjects through the services in {time.perf_counter() - started:.1f} s")
        env = _env(data)
        _launch(BARE, [], env)  # warm the file cache for both
        _launch(DOSEDESK, [url, *COORDINATOR], env)
        bare, dosedesk = [], []
        for _ in range(runs):
            bare.append(_launch(BARE, [], env))
            dosedesk.append(_launch(DOSEDESK, [url, *COORDINATOR], env))
    b, d = statistics.median(bare), statistics.median(dosedesk)
    ratio = d / b
    print(f"bare PySide6 window shown and idle:       {b * 1000:7.0f} ms (median of {runs})")
    print(
        f"DoseDesk main window shown and idle:      {d * 1000:7.0f} ms (median of {runs}, {subjects} subjects)"
    )
    print(f"ratio: {ratio:.2f} x (target ≤ {STARTUP_TARGET_RATIO} x)")
    return ratio


def filtering(subjects: int) -> float:
    """Worst time of one keystroke in the patient filter, the view repainted, in seconds."""
    if not os.environ.get("DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtTest import QTest

    from app.ui.main import build_context, make_app
    from app.ui.screens.patients import PatientsScreen
    from app.ui.session import SignedInUser
    from app.ui.settings import UiSettings
    from app.ui.views import PatientSummary

    rows = [
        PatientSummary(
            subject_id=n,
            subject_number=f"{n:03d}",
            initials=("LW", "ZHM", "CXY", "ABD")[n % 4],
            status=("screening", "on_treatment", "follow_up")[n % 3],
            cycle=n % 20 + 1,
            dose_level_mg_per_kg=(Decimal(5), Decimal(4), Decimal(3))[n % 3],
            next_visit_label=f"C{n % 20 + 2}D1",
            next_visit_date=date(2026, 3, 1) + timedelta(days=n % 90),
            attention="overdue" if n % 23 == 0 else "",
        )
        for n in range(1, subjects + 1)
    ]

    class Rows:
        def supports(self, feature: str) -> bool:
            return True

        def describe(self) -> str:
            return "benchmark"

        def list_patients(self) -> list[PatientSummary]:
            return rows

    make_app()
    folder = tempfile.mkdtemp(prefix="dosedesk-bench-ui-")
    context = build_context(Rows(), UiSettings(Path(folder) / "w.ini"), "en")  # type: ignore[arg-type]
    context.user = SignedInUser(1, "bench", "Bench", frozenset({"coordinator"}))
    screen = PatientsScreen(context)
    screen.resize(1200, 800)
    screen.show()
    screen.refresh()
    context.runner.wait_until_idle()
    assert screen.model.rowCount() == subjects
    times: list[float] = []
    for word in ("012", "lw", "zhm on", "c1", "overdue"):
        screen.search.clear()
        QCoreApplication.processEvents()
        for char in word:  # one keystroke at a time, each timed to the repainted view
            start = time.perf_counter()
            QTest.keyClick(screen.search, char)
            screen.list.viewport().repaint()
            QCoreApplication.processEvents()
            times.append(time.perf_counter() - start)
    screen.list.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    worst, median = max(times), statistics.median(times)
    print(
        f"patient filter, {subjects} subjects: median {median * 1000:.1f} ms, worst {worst * 1000:.1f} ms a keystroke "
        f"(target < {KEYSTROKE_TARGET_S * 1000:.0f} ms)"
    )
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--subjects", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    worst = filtering(args.subjects)
    ratio = startup(args.subjects, args.runs)
    missed = ratio > STARTUP_TARGET_RATIO or worst >= KEYSTROKE_TARGET_S
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
