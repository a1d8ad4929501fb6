"""Errors a user can act on: each carries a message in the user's words."""

from __future__ import annotations


class DoseDeskError(Exception):
    """Base of every error whose message is shown to a user as it is."""


class InputError(DoseDeskError):
    """The user gave something the app cannot accept; nothing was changed."""


class NotFoundError(DoseDeskError):
    """A patient, order, lot or file the user named does not exist."""
