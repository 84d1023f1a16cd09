"""The invitation e-mail: a link with which an invited person sets the first password.

The link is Django's password-reset link (``PasswordResetTokenGenerator``, the view
``PasswordResetConfirmView`` under the URL name ``password_reset_confirm``): the token depends on
the password hash and the last login, so it works once, and for ``PASSWORD_RESET_TIMEOUT``
seconds (Django's default: three days).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from aktionsplan.kommune import kommunenname
from aktionsplan.personen import anzeigename


def passwort_link(person: AbstractBaseUser, *, basis_url: str) -> str:
    """The absolute link with which ``person`` sets a password (``basis_url``: scheme and host,
    without a trailing slash)."""
    pfad = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(person.pk)),
            "token": default_token_generator.make_token(person),
        },
    )
    return f"{basis_url.rstrip('/')}{pfad}"


def einladung_senden(
    person: AbstractBaseUser,
    *,
    einladende: AbstractBaseUser | None,
    rollen: Iterable[str],
    basis_url: str,
) -> None:
    """Send ``person`` the invitation with the link to set a password, in the active language.
    Raises what the mail backend raises (``smtplib.SMTPException``, ``OSError``)."""
    kontext = {
        "person": person,
        "name": anzeigename(person),
        "einladende": anzeigename(einladende) if einladende is not None else "",
        "rollen": sorted(rollen),
        "kommune": kommunenname(),
        "link": passwort_link(person, basis_url=basis_url),
        "anmelden": f"{basis_url.rstrip('/')}{reverse('login')}",
        "tage": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    betreff = render_to_string("registration/einladung_betreff.txt", kontext).strip()
    text = render_to_string("registration/einladung_email.txt", kontext)
    EmailMessage(
        subject=" ".join(betreff.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    ).send()
