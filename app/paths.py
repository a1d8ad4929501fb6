"""Where DoseDesk finds its shipped resources, in a checkout, an install or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder holding protocols/, translations/, ctcae/ and icons/."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    here = Path(__file__).resolve().parent
    checkout = here.parent / "resources"
    if checkout.is_dir():
        return checkout
    return here / "resources"


def protocols_dir() -> Path:
    return resources_dir() / "protocols"
