"""/healthz: is this app server fit to serve? For the load balancer and the monitoring.

It checks the database, the cache and the task worker with django-health-check's view and
checks. The public answer names each component with "ok" or "fehler" and nothing else: no
error text, no host name, no timing (the details go to the log, logger ``health_check``).
Status 200 when everything is ok, otherwise 503, so a load balancer takes the host out.

The task worker's heartbeat is the interface to the worker: the worker writes the current time
(an aware ``datetime``) every few seconds under ``HERZSCHLAG_SCHLUESSEL`` into the cache
``HERZSCHLAG_CACHE`` (``herzschlag_schreiben()`` does exactly that). The worker counts as down
when that time is older than HEALTHZ_HERZSCHLAG_SEKUNDEN, or missing.
"""

import asyncio
import dataclasses
import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from health_check.base import HealthCheck
from health_check.checks import Cache, Database
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView

HERZSCHLAG_CACHE = "herzschlag"
HERZSCHLAG_SCHLUESSEL = "aktionsplan:worker:herzschlag"


def letzter_herzschlag() -> datetime.datetime | None:
    """When the task worker last reported, or None if it never did (or the entry has expired,
    or holds something else than an aware datetime).

    Reads the cache ``HERZSCHLAG_CACHE``; its errors (Redis down) propagate."""
    wert = caches[HERZSCHLAG_CACHE].get(HERZSCHLAG_SCHLUESSEL)
    if isinstance(wert, datetime.datetime) and timezone.is_aware(wert):
        return wert
    return None


def herzschlag_schreiben(zeitpunkt: datetime.datetime | None = None) -> None:
    """The worker's side: report that it is alive (now, or at ``zeitpunkt``, which must be
    aware). The entry expires after ten times the allowed age, so a stopped worker leaves no
    entry behind for long."""
    zeitpunkt = zeitpunkt or timezone.now()
    if not timezone.is_aware(zeitpunkt):
        raise ValueError("Der Herzschlag braucht eine Zeit mit Zeitzone.")
    caches[HERZSCHLAG_CACHE].set(
        HERZSCHLAG_SCHLUESSEL, zeitpunkt, timeout=10 * settings.HEALTHZ_HERZSCHLAG_SEKUNDEN
    )


@dataclasses.dataclass
class AufgabenHerzschlag(HealthCheck):
    """The task worker is alive: its heartbeat is at most HEALTHZ_HERZSCHLAG_SEKUNDEN old."""

    def run(self) -> None:
        zuletzt = letzter_herzschlag()
        if zuletzt is None:
            raise ServiceUnavailable("Kein Herzschlag des Aufgaben-Workers")
        alter = (timezone.now() - zuletzt).total_seconds()
        if alter > settings.HEALTHZ_HERZSCHLAG_SEKUNDEN:
            raise ServiceUnavailable(f"Letzter Herzschlag vor {alter:.0f} s")


class Gesundheitsansicht(HealthCheckView):
    """django-health-check's view with our components and a public answer without details.

    The library's own renderings (HTML, text, feeds, OpenMetrics) show error texts and check
    parameters; this answer is always the same small JSON, whatever the Accept header or
    ``?format=`` asks for."""

    def komponenten(self) -> dict[str, type[HealthCheck]]:
        """Public name → check, in the order of the answer."""
        komponenten: dict[str, type[HealthCheck]] = {"datenbank": Database, "cache": Cache}
        if settings.HEALTHZ_WORKER:
            komponenten["aufgaben"] = AufgabenHerzschlag
        return komponenten

    def get_checks(self):
        for pruefung in self.komponenten().values():
            yield pruefung()

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(pruefung.get_result(executor) for pruefung in self.get_checks())
            )
        stand = {
            name: "fehler" if ergebnis.error else "ok"
            for name, ergebnis in zip(self.komponenten(), self.results, strict=True)
        }
        gesund = all(wert == "ok" for wert in stand.values())
        return JsonResponse(
            {"status": "ok" if gesund else "fehler", "komponenten": stand},
            status=200 if gesund else 503,
        )


healthz = login_not_required(Gesundheitsansicht.as_view())
