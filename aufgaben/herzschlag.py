"""The worker's heartbeat: an aware datetime in the Django cache, renewed every few seconds.

``manage.py arbeiter`` runs a thread that writes it while the worker process lives; the health
check (``/healthz``) reads it and calls the queue failing when it is older than its limit. It
goes into the cache ``HERZSCHLAG_CACHE`` when settings.CACHES has one, else into the default
cache. That cache must be one that the web servers share with the worker (Redis in production,
a directory with the file-based cache on one machine): a process-local cache cannot carry it
from one process to another.
"""

from __future__ import annotations

import datetime
import logging
import threading

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, caches
from django.utils import timezone

logger = logging.getLogger(__name__)

HERZSCHLAG_CACHE = "herzschlag"
HERZSCHLAG_SCHLUESSEL = "aktionsplan:worker:herzschlag"


def herzschlag_cache() -> BaseCache:
    """The cache the heartbeat lives in: ``HERZSCHLAG_CACHE`` if configured, else the default."""
    return caches[HERZSCHLAG_CACHE if HERZSCHLAG_CACHE in settings.CACHES else DEFAULT_CACHE_ALIAS]


def herzschlag_schreiben(jetzt: datetime.datetime | None = None) -> datetime.datetime:
    """Write the heartbeat (now, aware) into the cache; it stays until overwritten."""
    jetzt = jetzt or timezone.now()
    herzschlag_cache().set(HERZSCHLAG_SCHLUESSEL, jetzt, timeout=None)
    return jetzt


def letzter_herzschlag() -> datetime.datetime | None:
    """The newest heartbeat of any worker, or None if no worker ever wrote one."""
    return herzschlag_cache().get(HERZSCHLAG_SCHLUESSEL)


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
