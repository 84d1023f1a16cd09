"""Page-specific reads for the theme and area pages.

models.py belongs to the plan frame's owner; these QuerySet subclasses add the chainable methods
the list and detail pages need, each carrying its own annotations. Every count is a correlated
subquery, so a page costs one query however many rows it counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from aktionsplan.models import Raum, RaumQuerySet, Thema, ThemaQuerySet


def anzahl(qs: QuerySet) -> Coalesce:
    """COUNT(*) of a correlated queryset as an annotation (0 when nothing matches).

    A plain COUNT without GROUP BY, so the subquery returns exactly one row per outer row.
    """
    gezaehlt = qs.order_by().annotate(_anzahl=Func(F("pk"), function="COUNT")).values("_anzahl")
    return Coalesce(Subquery(gezaehlt, output_field=IntegerField()), Value(0))


def zum_thema(qs: QuerySet) -> QuerySet:
    """Measures of ``qs`` linked to the outer theme as main or as further theme — the definition
    the overview's "ohne aktive Maßnahme" uses too. ``pk IN (…)`` instead of a join, so that a
    measure is counted once."""
    from projekte.models import Projektskizze

    weitere = Projektskizze.weitere_themen.through.objects.filter(
        thema_id=OuterRef(OuterRef("pk"))
    ).values("projektskizze_id")
    return qs.filter(Q(hauptthema=OuterRef("pk")) | Q(pk__in=weitere))


class ThemaAbfragen(ThemaQuerySet):
    def fuer_liste(self) -> ThemaAbfragen:
        """Themes with their Leitbild, the numbers of measures and of active measures (each with
        the theme as main or further theme) and of indicators; one query."""
        from monitoring.models import Indikator
        from projekte.models import Projektskizze

        return (
            self.select_related("leitbild")
            .annotate(
                anzahl_massnahmen=anzahl(zum_thema(Projektskizze.objects.all())),
                anzahl_aktive=anzahl(zum_thema(Projektskizze.objects.aktiv())),
                anzahl_indikatoren=anzahl(Indikator.objects.filter(themen=OuterRef("pk"))),
            )
            .order_by("leitbild__name", "reihenfolge", "name")
        )


def themen() -> ThemaAbfragen:
    return ThemaAbfragen(model=Thema)


class RaumAbfragen(RaumQuerySet):
    def fuer_baum(self) -> RaumAbfragen:
        """All areas with the number of measures linked to each; one query."""
        from projekte.models import Projektskizze

        return self.annotate(
            anzahl_massnahmen=anzahl(Projektskizze.objects.filter(raeume=OuterRef("pk")))
        ).order_by("name")


def raeume() -> RaumAbfragen:
    return RaumAbfragen(model=Raum)


@dataclass
class Knoten:
    raum: Raum
    kinder: list[Knoten] = field(default_factory=list)


def baum_bauen(alle_raeume: list[Raum]) -> list[Knoten]:
    """Nest areas under their parent, in Python: no query per node. Roots are the areas without
    a parent (or whose parent is missing from the list); siblings keep the list's order."""
    knoten = {raum.pk: Knoten(raum) for raum in alle_raeume}
    wurzeln: list[Knoten] = []
    for raum in alle_raeume:
        eltern = knoten.get(raum.uebergeordnet_id)
        (eltern.kinder if eltern else wurzeln).append(knoten[raum.pk])
    rang = {ebene: i for i, ebene in enumerate(Raum.Ebene.values)}
    wurzeln.sort(key=lambda k: rang.get(k.raum.ebene, len(rang)))
    return wurzeln
