"""Dialogs: sign-in, first administrator, e-signature, and the forms the screens open."""
