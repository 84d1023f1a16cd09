"""Computed rates and shares (issue 9): numerator ÷ denominator × factor, per area and year.

A computed indicator (``Indikator.berechnet``) never takes entered or imported values
(``Messwert.clean`` refuses them). Its values are computed here in SQL from the values of its two
source indicators of the same area and year and written with history, so that every reader —
pages, charts, exports, the yearly report as it stood on its date — finds them like entered
values. They are recomputed whenever a source value or the definition changes: the signals in
``verbinden`` catch every single write (staff pages, admin, importer), bulk writers (the demo)
call ``quoten_berechnen`` themselves.

Protection of the computed values is monitoring.schutz's: a rate is withheld wherever its
numerator or denominator is protected.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import F, FloatField, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from aktionsplan.rollen import ist_datenpflege
from aktionsplan.sperre import speichern
from aktionsplan.zwischenspeicher import datenstand_erhoehen
from monitoring.models import Indikator, Messwert

QUELLENHINWEIS = "berechnet: Zähler ÷ Nenner × Faktor"
AENDERUNGSGRUND = "berechnet aus Zähler und Nenner"
AENDERUNGSGRUND_FREIGABE = "Anteile ohne Fallzahl als unbedenklich bestätigt"
STELLEN = Decimal("0.01")


def quote_runden(wert: float) -> Decimal:
    """A rate as stored: two decimals, half up. The SQL result is a float on SQLite and
    PostgreSQL alike; its shortest decimal form (``repr``) is rounded, so both give the same."""
    return Decimal(repr(wert)).quantize(STELLEN, rounding=ROUND_HALF_UP)


def soll_werte(
    indikator: Indikator, *, jahre: Iterable[int] | None = None
) -> dict[tuple[int, int], tuple[Decimal, bool]]:
    """The values ``indikator`` must have, computed in SQL (one query): (year, area pk) →
    (rate, provisional). Only where both sources have a value and the denominator is above 0."""
    nenner = Messwert.objects.filter(
        indikator=indikator.nenner_id, jahr=OuterRef("jahr"), raum=OuterRef("raum")
    )
    qs = Messwert.objects.filter(indikator=indikator.zaehler_id)
    if jahre is not None:
        qs = qs.filter(jahr__in=list(jahre))
    qs = (
        qs.annotate(
            nennerwert=Subquery(nenner.values("wert")[:1]),
            nenner_vorlaeufig=Subquery(nenner.values("vorlaeufig")[:1]),
        )
        .filter(nennerwert__gt=0)
        .annotate(
            quote=Cast(F("wert"), FloatField())
            * float(indikator.faktor)
            / Cast(F("nennerwert"), FloatField())
        )
    )
    return {
        (jahr, raum_id): (quote_runden(quote), bool(vorl or nvorl))
        for jahr, raum_id, quote, vorl, nvorl in qs.values_list(
            "jahr", "raum_id", "quote", "vorlaeufig", "nenner_vorlaeufig"
        )
    }


def quoten_berechnen(
    *,
    indikatoren: Iterable[int] | None = None,
    quellen: Iterable[int] | None = None,
    jahre: Iterable[int] | None = None,
    benutzer=None,
    datum: datetime.datetime | None = None,
) -> int:
    """Recompute computed indicators and write what changed (with history); returns the number
    of values created, changed or deleted.

    ``indikatoren``: computed indicators by pk; ``quellen``: the computed indicators built on
    these source indicators; neither: all. ``jahre`` limits the years. ``datum`` dates the
    history rows (None: now). One query to find the indicators, then two per indicator and one
    per write."""
    ziele = Indikator.objects.filter(berechnet=True)
    if indikatoren is not None:
        ziele = ziele.filter(pk__in=list(indikatoren))
    if quellen is not None:
        quellen = list(quellen)
        ziele = ziele.filter(Q(zaehler__in=quellen) | Q(nenner__in=quellen))
    jahre = None if jahre is None else sorted(set(jahre))
    anzahl = 0
    for indikator in ziele.only("pk", "zaehler_id", "nenner_id", "faktor"):
        soll = soll_werte(indikator, jahre=jahre)
        bestand = Messwert.objects.filter(indikator=indikator)
        if jahre is not None:
            bestand = bestand.filter(jahr__in=jahre)
        vorhanden = {(m.jahr, m.raum_id): m for m in bestand}
        neu, geaendert = [], []
        for (jahr, raum_id), (wert, vorlaeufig) in soll.items():
            mw = vorhanden.pop((jahr, raum_id), None)
            if mw is None:
                neu.append(
                    Messwert(
                        indikator_id=indikator.pk,
                        jahr=jahr,
                        raum_id=raum_id,
                        wert=wert,
                        vorlaeufig=vorlaeufig,
                        quellenhinweis=QUELLENHINWEIS,
                    )
                )
            elif mw.wert != wert or mw.vorlaeufig != vorlaeufig:
                mw.wert, mw.vorlaeufig = wert, vorlaeufig
                # bulk_update skips auto_now; the lock's version rises as with every write.
                mw.geaendert_am = timezone.now()
                mw.version += 1
                geaendert.append(mw)
        if neu:
            bulk_create_with_history(
                neu,
                Messwert,
                default_user=benutzer,
                default_change_reason=AENDERUNGSGRUND,
                default_date=datum,
            )
        if geaendert:
            bulk_update_with_history(
                geaendert,
                Messwert,
                ["wert", "vorlaeufig", "version", "geaendert_am"],
                default_user=benutzer,
                default_change_reason=AENDERUNGSGRUND,
                default_date=datum,
            )
        for mw in vorhanden.values():  # a source value is gone: so is the rate
            mw._change_reason = AENDERUNGSGRUND
            mw.delete()
        anzahl += len(neu) + len(geaendert) + len(vorhanden)
    if anzahl:
        datenstand_erhoehen()
    return anzahl


def ohne_n_bestaetigen(indikator: Indikator, *, benutzer) -> Indikator:
    """The Datenpflege confirms that ``indikator``'s entered shares without a case count may be
    shown below the Kommune; who and when are recorded (and in the history). Raises
    PermissionDenied for anyone else, ValidationError as ``speichern``."""
    if not ist_datenpflege(benutzer):
        raise PermissionDenied
    indikator.ohne_n_freigegeben_von = benutzer
    indikator.ohne_n_freigegeben_am = timezone.now()
    return speichern(
        indikator,
        benutzer=benutzer,
        felder=["ohne_n_freigegeben_von", "ohne_n_freigegeben_am"],
        grund=AENDERUNGSGRUND_FREIGABE,
    )


_ausgesetzt = threading.local()


@contextmanager
def selbst_berechnen():
    """Within: single writes do not recompute; the caller (a bulk writer like the demo) calls
    ``quoten_berechnen`` itself afterwards, e.g. to date the history rows."""
    vorher = getattr(_ausgesetzt, "an", False)
    _ausgesetzt.an = True
    try:
        yield
    finally:
        _ausgesetzt.an = vorher


def _aktiv(kwargs: dict) -> bool:
    return not kwargs.get("raw") and not getattr(_ausgesetzt, "an", False)


def _messwert_geaendert(sender, instance: Messwert, **kwargs) -> None:
    if not _aktiv(kwargs):
        return
    felder = kwargs.get("update_fields")
    # A moved value (year changed) leaves its old year behind: then every year is recomputed.
    jahre = None if felder is not None and "jahr" in felder else [instance.jahr]
    quoten_berechnen(quellen=[instance.indikator_id], jahre=jahre)


def _messwert_geloescht(sender, instance: Messwert, **kwargs) -> None:
    if not _aktiv(kwargs):
        return
    quoten_berechnen(quellen=[instance.indikator_id], jahre=[instance.jahr])


def _indikator_geaendert(sender, instance: Indikator, **kwargs) -> None:
    if instance.berechnet and _aktiv(kwargs):
        quoten_berechnen(indikatoren=[instance.pk])


def verbinden() -> None:
    """Connect the recomputation to every single write (MonitoringConfig.ready)."""
    post_save.connect(_messwert_geaendert, sender=Messwert, dispatch_uid="quoten_messwert")
    post_delete.connect(_messwert_geloescht, sender=Messwert, dispatch_uid="quoten_messwert_weg")
    post_save.connect(_indikator_geaendert, sender=Indikator, dispatch_uid="quoten_indikator")
