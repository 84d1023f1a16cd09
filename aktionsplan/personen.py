"""How people are named on pages, in histories, exports and e-mails."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser


def anzeigename(nutzer: AbstractBaseUser | None) -> str:
    """Full name, else the user name; "" for no user (callers choose their own placeholder)."""
    if nutzer is None:
        return ""
    return nutzer.get_full_name() or nutzer.get_username()
