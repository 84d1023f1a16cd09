"""A password validator that Django lacks: an upper bound on the length.

Django bounds nothing: a password of a megabyte was accepted by every form that sets one (QA
2026-11-29, F-21), stored as a hash like any other and never typed again. NIST SP 800-63B
(5.1.1.2) asks to accept at least 64 characters, so that passphrases fit; 256 leaves room for a
password manager's longest and refuses what is only pasted by mistake or to load the server.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HOECHSTLAENGE = 256


class HoechstlaengeValidator:
    """Refuses a password longer than ``max_length`` characters (ValidationError, code
    ``password_too_long``). Listed in ``AUTH_PASSWORD_VALIDATORS``, so every form that sets a
    password — change, reset, invitation, the admin — checks it."""

    def __init__(self, max_length: int = HOECHSTLAENGE) -> None:
        self.max_length = max_length

    def validate(self, password: str, user=None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("Das Passwort ist zu lang: höchstens %(anzahl)d Zeichen (jetzt %(laenge)d).")
                % {"anzahl": self.max_length, "laenge": len(password)},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Ihr Passwort darf höchstens %(anzahl)d Zeichen lang sein.") % {
            "anzahl": self.max_length
        }
