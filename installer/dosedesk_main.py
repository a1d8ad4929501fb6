"""The entry point PyInstaller freezes: the `dosedesk` command line (the window by default)."""

from __future__ import annotations

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
