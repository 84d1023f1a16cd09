"""Protection of the public feedback form against abuse, without a third-party captcha
(issue 11): a honeypot field that people never see, and limits per client address.

The limits count the messages a client address sent that were taken (stored, or a honeypot
answered like a success) per client address in Django's cache (django-ratelimit's ``get_usage``;
with Redis shared by all app servers). A refused submission (a missing consent, an empty text, a
bad address) does not count: it stores and sends nothing, so there is nothing to flood, and a
person correcting the form three times must not be locked out (QA of issue 11). A submission
over the limit is refused before anything is checked or stored.

The address is the one django-axes reads for the login throttling
(``axes.helpers.get_client_ip_address``: django-ipware behind ``PROXY_ANZAHL`` proxies), so a
client cannot choose its own by a forged X-Forwarded-For. IPv6 addresses count per /64
network, the smallest block a provider hands to one connection.

django-ratelimit is used as a library only (not in INSTALLED_APPS): its system check refuses the
per-process memory cache of a setup without Redis, where the limits then hold per process.
"""

from __future__ import annotations

import ipaddress
import secrets
import time
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest
from django_ratelimit.core import get_usage

from rueckmeldungen.models import Rueckmeldung

GRUPPE = "rueckmeldungen.formular"
# Name of the honeypot field: plausible for a bot, hidden from people by the stylesheet.
HONIGTOPF = "webseite"


def client_adresse(request: HttpRequest) -> str:
    """The client's address as the login throttling reads it; IPv6 cut to its /64 network."""
    adresse = get_client_ip_address(request) or request.META.get("REMOTE_ADDR") or "unbekannt"
    try:
        ip = ipaddress.ip_address(adresse)
    except ValueError:
        return adresse[:100]
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


@dataclass(frozen=True)
class Grenze:
    """A limit: ``anzahl`` messages per ``zeitraum`` ("m", "h" or "d")."""

    anzahl: int
    zeitraum: str


def _schluessel(_gruppe: str, request: HttpRequest) -> str:
    return client_adresse(request)


def _nutzung(request: HttpRequest, rate: str, *, zaehlen: bool) -> dict | None:
    return get_usage(
        request, group=GRUPPE, key=_schluessel, rate=rate, method="POST", increment=zaehlen
    )


def begrenzt(request: HttpRequest) -> Grenze | None:
    """The first limit of ``RUECKMELDUNG_GRENZEN`` ("10/h", "30/d") this client address has
    used up, or None. Counts nothing (``angenommen_zaehlen`` does, for a taken message)."""
    for rate in settings.RUECKMELDUNG_GRENZEN:
        nutzung = _nutzung(request, rate, zaehlen=False)
        anzahl, zeitraum = rate.split("/", 1)
        # No usage: the cache failed and RATELIMIT_FAIL_OPEN is set, as django-ratelimit does.
        if nutzung is not None and (nutzung["should_limit"] or nutzung["count"] >= int(anzahl)):
            return Grenze(anzahl=int(anzahl), zeitraum=zeitraum)
    return None


def angenommen_zaehlen(request: HttpRequest) -> None:
    """Count a taken message (stored, or a filled honeypot answered like one) once against
    every limit of the client address."""
    for rate in settings.RUECKMELDUNG_GRENZEN:
        _nutzung(request, rate, zaehlen=True)


def scheinnummer() -> int:
    """A reference number for the thanks page of a filled honeypot that looks like a real one:
    just above the newest stored message, as the next real one would be, by a small random step
    (as when other people wrote in between), so that a program sending twice does not see the
    same number twice. One query, like the insert of a real message."""
    neueste = Rueckmeldung.objects.aggregate(neueste=Max("pk"))["neueste"] or 0
    return neueste + 1 + secrets.randbelow(3)


def honigtopf_gefuellt(request: HttpRequest) -> bool:
    """Whether the field people never see was filled (then it was a program)."""
    return bool(request.POST.get(HONIGTOPF, "").strip())


# The duration of the latest real submissions in this process (storing, history, mails), as a
# moving average in seconds; None until the first one.
_echte_dauer: float | None = None


def echte_dauer_merken(sekunden: float) -> None:
    """Note how long a real message took from its POST to the redirect (seconds)."""
    global _echte_dauer
    _echte_dauer = sekunden if _echte_dauer is None else 0.8 * _echte_dauer + 0.2 * sekunden


def wie_echt_warten(beginn: float) -> None:
    """Answer a filled honeypot no sooner than a real message would be answered: wait until
    about the recent real duration (``echte_dauer_merken``; ±20 % jitter, at most two seconds)
    has passed since ``beginn`` (``time.monotonic()``). Without the wait, a honeypot answer
    would come back measurably faster (no insert, no mails) and tell a program it was caught."""
    if _echte_dauer is None:
        return
    ziel = min(_echte_dauer, 2.0) * (0.8 + 0.4 * secrets.randbelow(1001) / 1000)
    rest = ziel - (time.monotonic() - beginn)
    if rest > 0:
        time.sleep(rest)
