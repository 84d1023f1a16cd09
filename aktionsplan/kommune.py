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

from aktionsplan.benutzerspeicher import benutzerstand_erhoehen

# The name is stored together with the pks of all Kommunen (aktionsplan.bereich).
from aktionsplan.bereich import (  # noqa: F401
    KOMMUNEN,
    KOMMUNENNAME,
    REGIONSNAME,
    eigene_kommune_name,
    kommunen_auffrischen,
    mehrere_kommunen,
    regionsname,
)
from aktionsplan.models import Raum


def eigene_kommune(nutzer=None) -> Raum | None:
    """The own Kommune (one query; None while none is recorded), as ``nutzer`` may see it (all
    areas without ``nutzer``). The rule is ``RaumQuerySet.eigene_kommune``."""
    raeume = Raum.objects.all() if nutzer is None else Raum.objects.fuer(nutzer)
    return raeume.eigene_kommune()


def kommunenname_auffrischen() -> str:
    """Read the Kommunen (one query) and store the own one's name ("" while there is none) and
    the pks of all (``aktionsplan.bereich.kommunen_ids``)."""
    zeilen = kommunen_auffrischen()
    return zeilen[0][1] if zeilen else ""


def kommunenname(*, abfragen: bool = True) -> str:
    """The own Kommune's name, "" while there is none. No query while the cache holds it; else
    one (none with ``abfragen=False``, for pages that must render without a database)."""
    name = cache.get(KOMMUNENNAME)
    if name is None:
        return kommunenname_auffrischen() if abfragen else ""
    return name


def kommunenname_fuer(nutzer) -> str:
    """The name the pages of ``nutzer`` are framed with: in an installation with several
    Kommunen the one Kommune their roles hold for (aktionsplan.bereich), else (the region role,
    several Kommunen, a visitor) the region's name where the Kommunen lie in one; else the own
    Kommune's name. No query while the cache holds the Kommunen."""
    eigene = eigene_kommune_name(nutzer)
    if eigene:
        return eigene
    if mehrere_kommunen():
        return regionsname() or kommunenname()
    return kommunenname()


def nach_raumaenderung(raum: Raum) -> None:
    """Keep the stored name right after ``raum`` was written or deleted: now, and again once the
    transaction commits. Only a Kommune or a region (or the area whose name is stored) costs a
    query."""
    if raum.ebene not in (Raum.Ebene.KOMMUNE, Raum.Ebene.REGION) and raum.name != cache.get(
        KOMMUNENNAME
    ):
        return
    if raum.ebene == Raum.Ebene.KOMMUNE:
        # The cached users carry their memberships once there are several Kommunen.
        benutzerstand_erhoehen()
    kommunenname_auffrischen()
    transaction.on_commit(kommunenname_auffrischen)
