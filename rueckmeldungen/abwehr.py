"""Protection of the public feedback form against abuse, without a third-party captcha
(issue 11): a honeypot field that people never see, and limits per client address.

The limits count every POST of the form per client address in Django's cache (django-ratelimit's
``get_usage``; with Redis shared by all app servers). The address is the one django-axes reads
for the login throttling (``axes.helpers.get_client_ip_address``: django-ipware behind
``PROXY_ANZAHL`` proxies), so a client cannot choose its own by a forged X-Forwarded-For. IPv6
addresses count per /64 network, the smallest block a provider hands to one connection.

django-ratelimit is used as a library only (not in INSTALLED_APPS): its system check refuses the
per-process memory cache of a setup without Redis, where the limits then hold per process.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage

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


def begrenzt(request: HttpRequest) -> Grenze | None:
    """Count this request against every limit of ``RUECKMELDUNG_GRENZEN`` ("10/h", "30/d") and
    return the first limit it exceeds, or None. Each call counts once per limit."""
    for rate in settings.RUECKMELDUNG_GRENZEN:
        nutzung = get_usage(
            request, group=GRUPPE, key=_schluessel, rate=rate, method="POST", increment=True
        )
        if nutzung is not None and nutzung["should_limit"]:
            anzahl, zeitraum = rate.split("/", 1)
            return Grenze(anzahl=int(anzahl), zeitraum=zeitraum)
    return None


def honigtopf_gefuellt(request: HttpRequest) -> bool:
    """Whether the field people never see was filled (then it was a program)."""
    return bool(request.POST.get(HONIGTOPF, "").strip())
