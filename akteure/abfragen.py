"""Page-specific reads for the actor and data source pages.

models.py belongs to the lead; these QuerySet subclasses add the chainable methods the pages need.
Counts are correlated subqueries (aktionsplan.abfragen.anzahl): one query per page whatever the
number of rows counted.
"""

from __future__ import annotations

from django.db.models import OuterRef, QuerySet

from akteure.models import Akteur, AkteurQuerySet, Datenquelle
from aktionsplan.abfragen import anzahl


class AkteurAbfragen(AkteurQuerySet):
    def mit_anzahlen(self) -> AkteurAbfragen:
        """Actors with their type and the numbers of measures and data sources; one query."""
        from projekte.models import Projektbeteiligung

        return self.fuer_liste().annotate(
            anzahl_massnahmen=anzahl(Projektbeteiligung.objects.filter(akteur=OuterRef("pk"))),
            anzahl_datenquellen=anzahl(Datenquelle.objects.filter(akteur=OuterRef("pk"))),
        )


def akteure() -> AkteurAbfragen:
    return AkteurAbfragen(model=Akteur)


class DatenquelleAbfragen(QuerySet):
    def fuer_liste(self) -> DatenquelleAbfragen:
        """Data sources with their actor and the number of indicators fed by each; one query."""
        from monitoring.models import Indikator

        return self.select_related("akteur").annotate(
            anzahl_indikatoren=anzahl(Indikator.objects.filter(datenquelle=OuterRef("pk")))
        )


def datenquellen() -> DatenquelleAbfragen:
    return DatenquelleAbfragen(model=Datenquelle)
