"""What the window's parts share: the backend (service calls), the op runner, the settings, the user."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.ui.ops import OpRunner
from app.ui.session import SignedInUser
from app.ui.settings import UiSettings

if TYPE_CHECKING:
    from app.ui.backend import Backend
    from app.ui.drafts import DraftStore


@dataclass
class AppContext:
    backend: Backend
    runner: OpRunner
    settings: UiSettings
    user: SignedInUser | None = None
    language: str = "en"
    extras: dict[str, object] = field(default_factory=dict)

    def require_user(self) -> SignedInUser:
        if self.user is None:
            raise RuntimeError("no one is signed in")
        return self.user

    def drafts(self) -> DraftStore:
        from app.ui.drafts import DraftStore

        return DraftStore(self.require_user().username)
