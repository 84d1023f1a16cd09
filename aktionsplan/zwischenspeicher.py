"""Cached aggregates that many people read (overview, theme and area pages).

One counter, the data version ("Datenstand"), lives in Django's cache. Every recorded change
raises it at once and again when its transaction commits: every write path writes a history
row (simple-history's ``post_create_historical_record``, one place for all models, users and
roles included), and bulk
paths that write history in bulk call ``datenstand_erhoehen()`` themselves. A cached aggregate's
key contains the data version, so a change makes every older entry unreachable at once; the
entries then expire by their timeout. With several app servers the cache must be shared (Redis,
``CACHE_URL``); the local-memory default serves the embedded single-process setup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from aktionsplan.querysets import bereichsschluessel

T = TypeVar("T")

DATENSTAND = "aktionsplan:datenstand"
# Seconds an aggregate stays cached at most; a change invalidates it at once anyway.
DAUER = 60 * 60


def datenstand() -> int:
    """The current data version (one cache read)."""
    stand = cache.get(DATENSTAND)
    if stand is None:
        cache.add(DATENSTAND, 1, timeout=None)
        stand = cache.get(DATENSTAND, 1)
    return stand


def _erhoehen() -> None:
    try:
        cache.incr(DATENSTAND)
    except ValueError:  # not set (yet, or evicted): any new value invalidates
        cache.set(DATENSTAND, 2, timeout=None)


def datenstand_erhoehen() -> None:
    """Invalidate every cached aggregate: now, and again once the current transaction commits
    (a reader that computed an aggregate from the old data in between must not keep it)."""
    _erhoehen()
    transaction.on_commit(_erhoehen)


def zwischengespeichert(
    name: str,
    nutzer: AbstractBaseUser | AnonymousUser,
    berechnen: Callable[[], T],
    *teile: object,
    dauer: int = DAUER,
) -> T:
    """``berechnen()`` once per data version, scope (``bereichsschluessel``), language and
    ``teile`` (e.g. a slug, a date); later calls read the cache."""
    schluessel = ":".join(
        str(t)
        for t in (
            "aktionsplan",
            name,
            datenstand(),
            bereichsschluessel(nutzer),
            get_language() or "",
            *teile,
        )
    )
    wert = cache.get(schluessel)
    if wert is None:
        wert = berechnen()
        cache.set(schluessel, wert, timeout=dauer)
    return wert
