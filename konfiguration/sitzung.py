"""Sessions end after a period of inactivity, without a database write per request.

Django renews a session's expiry only when the session is saved. SESSION_SAVE_EVERY_REQUEST
would save it on every request, and the cached_db backend writes every save through to the
database. Instead this middleware marks the session as changed once every ``VERLAENGERN_NACH``
seconds of activity: the session then lives SESSION_COOKIE_AGE (SITZUNG_INAKTIV_STUNDEN) after
the last renewal, that is at least SESSION_COOKIE_AGE - VERLAENGERN_NACH after the last
request, and an active person causes one write per few minutes. The login starts the clock
(``angemeldet``, on Django's ``user_logged_in`` signal), inside the save the login makes anyway.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

SCHLUESSEL = "_aktionsplan_verlaengert"
# At most five minutes, and never more than a tenth of the inactivity period.
HOECHSTENS_ALLE_SEKUNDEN = 300


def verlaengern_nach() -> int:
    """Seconds of activity after which a request renews its session."""
    return max(1, min(HOECHSTENS_ALLE_SEKUNDEN, settings.SESSION_COOKIE_AGE // 10))


def angemeldet(sender, request: HttpRequest, user, **kwargs) -> None:
    """user_logged_in receiver: the login is the first renewal (no extra write)."""
    if request is not None and hasattr(request, "session"):
        request.session[SCHLUESSEL] = int(time.time())


class InaktivitaetMiddleware:
    """Renews a logged-in session when its last renewal is ``verlaengern_nach()`` seconds old.

    Must run after AuthenticationMiddleware. Anonymous visitors without a session are not
    touched (the login page stays free of queries)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sitzung = request.session
        if sitzung.session_key is not None and request.user.is_authenticated:
            jetzt = int(time.time())
            zuletzt = sitzung.get(SCHLUESSEL)
            if not isinstance(zuletzt, int) or jetzt - zuletzt >= verlaengern_nach():
                sitzung[SCHLUESSEL] = jetzt
        return self.get_response(request)
