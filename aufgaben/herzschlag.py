"""The worker's heartbeat: an aware datetime in the Django cache, renewed every few seconds.

``manage.py arbeiter`` runs a thread that writes it while the worker process lives; the health
check (``/healthz``) reads it and calls the queue failing when it is older than its limit. The
cache must be one that the web servers share with the worker (Redis in production): a
process-local cache cannot carry it from one process to another.
"""

from __future__ import annotations

import datetime
import logging
import threading

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

HERZSCHLAG_SCHLUESSEL = "aktionsplan:worker:herzschlag"


def herzschlag_schreiben(jetzt: datetime.datetime | None = None) -> datetime.datetime:
    """Write the heartbeat (now, aware) into the cache; it stays until overwritten."""
    jetzt = jetzt or timezone.now()
    cache.set(HERZSCHLAG_SCHLUESSEL, jetzt, timeout=None)
    return jetzt


def letzter_herzschlag() -> datetime.datetime | None:
    """The newest heartbeat of any worker, or None if no worker ever wrote one."""
    return cache.get(HERZSCHLAG_SCHLUESSEL)


class Herzschlag(threading.Thread):
    """A daemon thread that writes the heartbeat every ``intervall`` seconds until stopped.

    A failing cache (e.g. Redis down) is logged and retried on the next beat; it never stops the
    worker.
    """

    def __init__(self, intervall: float) -> None:
        super().__init__(name="aufgaben-herzschlag", daemon=True)
        self.intervall = intervall
        self._halt = threading.Event()

    def schlagen(self) -> None:
        """One beat; a failing cache is logged, not raised."""
        try:
            herzschlag_schreiben()
        except Exception:
            logger.exception("Herzschlag des Hintergrunddienstes nicht geschrieben")

    def run(self) -> None:
        while not self._halt.wait(self.intervall):
            self.schlagen()

    def anhalten(self) -> None:
        self._halt.set()
