"""The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE)."""

import math

from axes.helpers import get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def gesperrt(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """429 with a German explanation: how many failures, how many minutes to wait, whom to ask.

    ``Retry-After`` carries the cool-off time in seconds (RFC 9110, 10.2.3)."""
    sperre = get_cool_off(request)
    sekunden = math.ceil(sperre.total_seconds()) if sperre else None
    kontext = {
        "versuche": get_failure_limit(request, credentials),
        "minuten": math.ceil(sekunden / 60) if sekunden else None,
    }
    antwort = render(request, "registration/gesperrt.html", kontext, status=429)
    if sekunden:
        antwort["Retry-After"] = str(sekunden)
    return antwort


# The longest text django-axes stores per attempt (its username column, varchar(255)).
AXES_TEXT_MAX = 255


def benutzername(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The user name a login attempt is counted under (django-axes' AXES_USERNAME_CALLABLE).

    As axes reads it (the credentials, else the posted form), cut to the 255 characters its
    column holds: a longer name is no account's name (Django allows 150), and an uncut one made
    PostgreSQL refuse the attempt's row, a server error instead of "wrong password"."""
    quelle = credentials if credentials else request.POST
    name = quelle.get("username") if quelle is not None else None
    if not isinstance(name, str):
        return None
    return name.replace("\x00", "")[:AXES_TEXT_MAX]
