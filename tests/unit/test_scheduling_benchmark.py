"""The core benchmark still runs (its figures are read by people; only a small run here)."""

from __future__ import annotations

import random

import pytest

from app.protocol import load_protocol
from app.scheduling import build_calendar
from benchmarks.core import main, make_history


def test_benchmark_histories_hold_together_and_span_their_cycles() -> None:
    protocol = load_protocol("nct07343453")
    rng = random.Random(7)
    for _ in range(20):
        history, as_of = make_history(protocol, rng, 26)
        calendar = build_calendar(protocol, history, as_of=as_of)
        labels = {v.label for v in calendar.visits}
        assert "C26D1" in labels and "C27D1" in labels
        assert set(history.doses) | set(history.omitted) <= labels


def test_a_small_run_prints_both_figures(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--patients", "5", "--cycles", "4", "--doses", "20"]) == 0
    out = capsys.readouterr().out
    assert "calendars of 4 cycles" in out and "µs each" in out
    assert "dose calculations: 20 in" in out
