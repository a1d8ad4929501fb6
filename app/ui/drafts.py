"""Drafts: unsaved input kept for a user when someone else signs in at a locked window.

A form that can hold unsaved input implements `DraftHolder`. The store is one JSON file per user in the data
folder; a form asks it for its draft when it opens again, and discards it when the work is saved.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from app.ui.settings import data_dir


@runtime_checkable
class DraftHolder(Protocol):
    def draft_key(self) -> str:
        """Names the form and its record, e.g. "toxicity:subject=12"."""
        ...

    def draft_state(self) -> dict[str, Any] | None:
        """The unsaved input as JSON-able values, or None when nothing was typed."""
        ...

    def restore_draft(self, state: dict[str, Any]) -> None: ...


class DraftStore:
    def __init__(self, username: str, folder: Path | None = None) -> None:
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", username) or "_"
        self.path = (folder if folder is not None else data_dir() / "drafts") / f"{safe}.json"

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(self.path)

    def save(self, key: str, state: dict[str, Any]) -> None:
        data = self._read()
        data[key] = state
        self._write(data)

    def load(self, key: str) -> dict[str, Any] | None:
        value = self._read().get(key)
        return value if isinstance(value, dict) else None

    def discard(self, key: str) -> None:
        data = self._read()
        if data.pop(key, None) is not None:
            self._write(data)

    def keys(self) -> list[str]:
        return sorted(self._read())

    def save_from(self, holder: DraftHolder) -> bool:
        state = holder.draft_state()
        if state is None:
            return False
        self.save(holder.draft_key(), state)
        return True
