"""The command line's own behaviour: the window alone starts without the headless commands."""

from __future__ import annotations

import pytest

from app.cli import main


def test_window_alone_skips_the_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """`dosedesk [--database URL]` opens the window without building the command parser."""
    import app.cli as cli
    import app.ui.main as ui_main

    seen: list[object] = []
    monkeypatch.setattr(ui_main, "run_gui", lambda args: seen.append(args.database) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("the window must not build the parser"))
    assert main([]) == 0
    assert main(["--database", "sqlite:////tmp/x.sqlite3"]) == 0
    assert seen == [None, "sqlite:////tmp/x.sqlite3"]
