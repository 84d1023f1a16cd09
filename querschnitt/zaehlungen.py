"""Counts across apps for the list pages of themes, areas, actors and data sources.

Each function takes a queryset of the app's own QuerySet class and adds the counts of another
app's rows as correlated subqueries (aktionsplan.querysets.anzahl): a page costs one query however
many rows it counts.
"""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet

from akteure.models import AkteurQuerySet, Datenquelle
from aktionsplan.models import RaumQuerySet, ThemaQuerySet
from aktionsplan.querysets import anzahl
from monitoring.models import Indikator
from projekte.models import Projektbeteiligung, Projektskizze


def _zum_thema(qs: QuerySet) -> QuerySet:
    """Measures of ``qs`` linked to the outer theme as main or as further theme — the definition
    the overview's "ohne aktive Maßnahme" uses too. ``pk IN (…)`` instead of a join, so that a
    measure is counted once."""
    weitere = Projektskizze.weitere_themen.through.objects.filter(
        thema_id=OuterRef(OuterRef("pk"))
    ).values("projektskizze_id")
    return qs.filter(Q(hauptthema=OuterRef("pk")) | Q(pk__in=weitere))


def themen_fuer_liste(themen: ThemaQuerySet) -> ThemaQuerySet:
    """Themes with their Leitbild, the numbers of measures and of active measures (each with
    the theme as main or further theme) and of indicators; one query."""
    return (
        themen.select_related("leitbild")
        .annotate(
            anzahl_massnahmen=anzahl(_zum_thema(Projektskizze.objects.all())),
            anzahl_aktive=anzahl(_zum_thema(Projektskizze.objects.aktiv())),
            anzahl_indikatoren=anzahl(Indikator.objects.filter(themen=OuterRef("pk"))),
        )
        .order_by("leitbild__name", "reihenfolge", "name")
    )


def raeume_fuer_baum(raeume: RaumQuerySet) -> RaumQuerySet:
    """All areas with the number of measures linked to each; one query."""
    return raeume.annotate(
        anzahl_massnahmen=anzahl(Projektskizze.objects.filter(raeume=OuterRef("pk")))
    ).order_by("name")


def akteure_mit_anzahlen(akteure: AkteurQuerySet) -> AkteurQuerySet:
    """Actors with their type and the numbers of measures and data sources; one query."""
    return akteure.fuer_liste().annotate(
        anzahl_massnahmen=anzahl(Projektbeteiligung.objects.filter(akteur=OuterRef("pk"))),
        anzahl_datenquellen=anzahl(Datenquelle.objects.filter(akteur=OuterRef("pk"))),
    )


def datenquellen_fuer_liste(datenquellen: QuerySet[Datenquelle]) -> QuerySet[Datenquelle]:
    """Data sources with their actor and the number of indicators fed by each; one query."""
    return datenquellen.select_related("akteur").annotate(
        anzahl_indikatoren=anzahl(Indikator.objects.filter(datenquelle=OuterRef("pk")))
    )
