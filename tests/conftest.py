"""Test set-up shared by every level: Qt offscreen, no real user data folder touched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests judge what is drawn, not how fast it is drawn on a shared machine: no per-example deadline and
# no "too slow" health check (both fail a correct test under load). A test's own settings still apply.
settings.register_profile("dosedesk", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("dosedesk")


@pytest.fixture(autouse=True)
def _private_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test its own data folder (the audit witness, logs, settings), inherited by the processes it starts;
    a level's own fixture may set another."""
    monkeypatch.setenv("DOSEDESK_DATA_DIR", str(tmp_path / "dosedesk-data"))
