"""The installation's own Kommune: found by one rule (``RaumQuerySet.eigene_kommune``), its name
shown on every page from the cache.

The name stands in the header, the title and the footer of every page, so reading it must cost no
query: it is stored in Django's cache when a Kommune is written (the history hook in
``aktionsplan.apps``: every write path records history) and read from there. A missing entry
(first request after a restart, eviction) costs one query and stores it again. An entry written
inside a transaction that is rolled back afterwards is corrected by the next write of a Kommune
or after ``DAUER`` seconds.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from aktionsplan.models import Raum
from aktionsplan.zwischenspeicher import DAUER

KOMMUNENNAME = "aktionsplan:kommunenname"


def eigene_kommune(nutzer=None) -> Raum | None:
    """The own Kommune (one query; None while none is recorded), as ``nutzer`` may see it (all
    areas without ``nutzer``). The rule is ``RaumQuerySet.eigene_kommune``."""
    raeume = Raum.objects.all() if nutzer is None else Raum.objects.fuer(nutzer)
    return raeume.eigene_kommune()


def kommunenname_auffrischen() -> str:
    """Read the own Kommune's name (one query) and store it; "" while there is none."""
    kommune = eigene_kommune()
    name = kommune.name if kommune is not None else ""
    cache.set(KOMMUNENNAME, name, timeout=DAUER)
    return name


def kommunenname(*, abfragen: bool = True) -> str:
    """The own Kommune's name, "" while there is none. No query while the cache holds it; else
    one (none with ``abfragen=False``, for pages that must render without a database)."""
    name = cache.get(KOMMUNENNAME)
    if name is None:
        return kommunenname_auffrischen() if abfragen else ""
    return name


def nach_raumaenderung(raum: Raum) -> None:
    """Keep the stored name right after ``raum`` was written or deleted: now, and again once the
    transaction commits. Only a Kommune (or the area whose name is stored) costs a query."""
    if raum.ebene != Raum.Ebene.KOMMUNE and raum.name != cache.get(KOMMUNENNAME):
        return
    kommunenname_auffrischen()
    transaction.on_commit(kommunenname_auffrischen)
