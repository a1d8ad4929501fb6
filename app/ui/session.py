"""Who is signed in, and what the window lets them do.

The window keeps a `SignedInUser` (a plain snapshot, never a database row) and asks it before it shows a menu,
a screen or a button. The services check roles again: hiding a button is for the user's sake, not security.
"""

from __future__ import annotations

from dataclasses import dataclass

ADMIN = "admin"
PHARMACIST = "pharmacist"
COORDINATOR = "coordinator"
INVESTIGATOR = "investigator"
NURSE = "nurse"
ROLES = (ADMIN, PHARMACIST, COORDINATOR, INVESTIGATOR, NURSE)


@dataclass(frozen=True)
class SignedInUser:
    user_id: int
    username: str
    full_name: str
    roles: frozenset[str]
    must_change_password: bool = False
    language: str | None = None  # the user's window language as stored ("en", "zh"); None: the workstation's

    @property
    def id(self) -> int:
        """The user's id: with `full_name` this makes the user an audit `Actor` for a unit of work."""
        return self.user_id

    def has(self, *roles: str) -> bool:
        """True when the user holds any of `roles` (no roles given: anyone signed in)."""
        return not roles or any(role in self.roles for role in roles)


# What each part of the window needs (any one of the roles listed). Actions inside a screen gate themselves.
SCREEN_ROLES: dict[str, tuple[str, ...]] = {
    "today": (),
    "patients": (),
    "orders": (PHARMACIST, INVESTIGATOR, NURSE, ADMIN),
    "stock": (PHARMACIST, ADMIN),
    "protocol": (),
    "admin": (ADMIN,),
    "exposure": (INVESTIGATOR, PHARMACIST, ADMIN),  # the dose-intensity table and report
}

ACTION_ROLES: dict[str, tuple[str, ...]] = {
    "enrol": (COORDINATOR, INVESTIGATOR),
    "book_visit": (COORDINATOR, INVESTIGATOR),
    "record_visit": (COORDINATOR, INVESTIGATOR),  # a visit done or missed
    "omit_dose": (INVESTIGATOR,),
    "stop_treatment": (INVESTIGATOR,),
    "resolve_toxicity": (INVESTIGATOR,),
    "record_weight": (INVESTIGATOR, COORDINATOR, PHARMACIST),
    "record_labs": (INVESTIGATOR, COORDINATOR),
    "record_screening": (INVESTIGATOR, COORDINATOR),  # screening evidence: ECG, LVEF, pregnancy test…
    "sign_eligibility": (INVESTIGATOR,),  # attestations, the signature, a screen failure
    "record_toxicity": (INVESTIGATOR,),
    "decide_toxicity": (INVESTIGATOR,),
    "create_order": (INVESTIGATOR, PHARMACIST),
    "prescribe": (INVESTIGATOR,),
    "verify": (PHARMACIST,),
    "prepare": (PHARMACIST,),
    "check": (PHARMACIST,),
    "remake": (PHARMACIST,),
    "start": (NURSE,),
    "stop": (NURSE,),
    "interrupt": (NURSE,),
    "resume": (NURSE,),
    "reaction": (NURSE, INVESTIGATOR),
    "reaction_toxicity": (INVESTIGATOR,),
    "cancel_order": (INVESTIGATOR, PHARMACIST),
    "print_wristband": (COORDINATOR, INVESTIGATOR, PHARMACIST, NURSE),
    "stock": (PHARMACIST,),
    "sign_protocol": (INVESTIGATOR, PHARMACIST),  # both approve a version; an administrator signs none
    "manage_users": (ADMIN,),
    "backup": (ADMIN,),
    "restore": (ADMIN,),
    "audit": (ADMIN,),
    "print_calendar": (COORDINATOR, INVESTIGATOR, PHARMACIST),
    "export_data": (INVESTIGATOR, ADMIN),  # File → Export trial data… (SDTM); the services check again
}


def may(user: SignedInUser | None, action: str) -> bool:
    """Whether `user` may use `action` (a key of ACTION_ROLES or SCREEN_ROLES)."""
    if user is None:
        return False
    roles = ACTION_ROLES.get(action, SCREEN_ROLES.get(action))
    if roles is None:
        raise KeyError(f"no role rule for {action!r}")
    return user.has(*roles)
