"""The window at 150 % and 200 % on a 1920 × 1080 screen (1280 × 720 and 960 × 540 logical pixels): the
coordinator's every screen, with a chart open on each tab, fits (the window's minimum size is inside the screen),
and no widget reaches outside its parent, overlaps a neighbour of its layout, or cuts its text. Qt reads
QT_SCALE_FACTOR when the application starts, so each factor runs in a process of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QWidget

from tests.ui._scaled_walk import SCREEN, TITLE_BAR, problems

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("factor", ["1.5", "2"])
def test_every_coordinator_screen_fits_and_nothing_is_cut_when_scaled(
    tmp_path: Path, private_data_dir: Path, factor: str
) -> None:
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR=factor)
    environment.pop("QT_SCREEN_SCALE_FACTORS", None)
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui._scaled_walk", str(tmp_path)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=240,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("REPORT ")]
    assert run.returncode == 0 and lines, run.stderr[-3000:]
    report: dict[str, Any] = json.loads(lines[-1].removeprefix("REPORT "))
    assert report["factor"] == float(factor)
    width, height = report["screen"]
    assert (width, height) == (
        round(SCREEN[0] / float(factor)),
        round((SCREEN[1] - TITLE_BAR) / float(factor)),
    )
    assert {"today", "patients: Calendar", "patients: Eligibility", "protocol"} <= set(report["hints"])
    too_big = {where: hint for where, hint in report["hints"].items() if hint[0] > width or hint[1] > height}
    assert not too_big, f"minimum size larger than {width}×{height}: {too_big}"
    assert {tuple(size) for size in report["sizes"].values()} == {(width, height)}
    assert all(count > 20 for count in report["checked"].values()), report["checked"]
    every = sorted({problem for found in report["found"].values() for problem in found})
    assert not every, "\n".join(every)


def test_the_check_sees_a_widget_outside_its_parent_and_overlapping_neighbours(qtbot: Any) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    body = QWidget()
    row = QHBoxLayout(body)
    first, second = QPushButton("First"), QLabel("Second")
    row.addWidget(first)
    row.addWidget(second)
    window.setCentralWidget(body)
    window.resize(400, 200)
    window.show()
    qtbot.waitExposed(window)
    assert problems(window) == []
    second.setGeometry(first.geometry().translated(5, 0))
    assert any(found.startswith("overlap:") for found in problems(window))
    second.setGeometry(390, 10, 100, 20)
    assert any(found.startswith("cut:") for found in problems(window))
