"""Test set-up shared by every level: Qt offscreen, no real user data folder touched."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
