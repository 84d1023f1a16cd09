"""When an indicator's next delivery is due, and whether it is overdue (issue 9, point 3).

Values are kept per calendar year (``Messwert.jahr``, ``Einschaetzung.jahr``), whatever the rhythm
in which a source publishes, so the period is the year. Rule: after the latest year with a value
(or rating), the next year's value is expected at the end of that year, plus the publication lag
of the indicator's data source (``Datenquelle.veroeffentlichungsverzug_monate``, months), plus a
grace period (``settings.LIEFERUNG_NACHFRIST_TAGE``, days). Once that date has passed, the value is
overdue. Indicators published every few years or irregularly (rhythm "mehrjährlich",
"unregelmäßig"), and indicators with no value at all, have no fixed expectation and are never
flagged. The rhythm is the indicator's own, else its data source's.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from akteure.models import Datenquelle
from monitoring.models import Einschaetzung, Indikator, Messwert

# Rhythms whose values are expected every year.
JAEHRLICH_ERWARTET = {
    Datenquelle.Rhythmus.MONATLICH,
    Datenquelle.Rhythmus.QUARTALSWEISE,
    Datenquelle.Rhythmus.JAEHRLICH,
}


@dataclass(frozen=True)
class Lieferstand:
    """An indicator's delivery state on a day."""

    letztes_jahr: int | None
    # When the newest value was last written (quantitative), or the newest rating's occasion.
    letzte_lieferung: datetime.datetime | datetime.date | None
    erwartetes_jahr: int | None
    faellig_am: datetime.date | None
    ueberfaellig: bool


def _monate_spaeter(tag: datetime.date, monate: int) -> datetime.date:
    """The same day ``monate`` months later (the month's last day where it is shorter)."""
    monat = tag.month - 1 + monate
    jahr, monat = tag.year + monat // 12, monat % 12 + 1
    return tag.replace(
        year=jahr, month=monat, day=min(tag.day, calendar.monthrange(jahr, monat)[1])
    )


def faellig_am(
    indikator: Indikator, letztes_jahr: int | None
) -> tuple[int | None, datetime.date | None]:
    """The year expected next and the day by which it is due (module docstring), or (None, None)
    without a fixed expectation. Uses ``indikator.datenquelle`` (load it with the indicator)."""
    if letztes_jahr is None or indikator.rhythmus_wirksam not in JAEHRLICH_ERWARTET:
        return None, None
    erwartet = letztes_jahr + 1
    verzug = indikator.datenquelle.veroeffentlichungsverzug_monate if indikator.datenquelle else 0
    tag = _monate_spaeter(datetime.date(erwartet, 12, 31), verzug)
    return erwartet, tag + datetime.timedelta(days=settings.LIEFERUNG_NACHFRIST_TAGE)


def lieferstand(
    indikator: Indikator,
    letztes_jahr: int | None,
    letzte_lieferung: datetime.datetime | datetime.date | None = None,
    *,
    heute: datetime.date | None = None,
) -> Lieferstand:
    heute = heute or timezone.localdate()
    erwartet, faellig = faellig_am(indikator, letztes_jahr)
    return Lieferstand(
        letztes_jahr=letztes_jahr,
        letzte_lieferung=letzte_lieferung,
        erwartetes_jahr=erwartet,
        faellig_am=faellig,
        ueberfaellig=faellig is not None and heute > faellig,
    )


def mit_lieferdaten(indikatoren: QuerySet[Indikator], nutzer) -> QuerySet[Indikator]:
    """``indikatoren`` annotated with ``letztes_jahr`` (latest year with a value or rating the
    reader may see), ``letzte_lieferung`` (newest write of a value) and
    ``letzte_einschaetzung_am`` (newest rating's occasion): subqueries of the same query."""
    werte = Messwert.objects.fuer(nutzer).filter(indikator=OuterRef("pk")).order_by()
    bewertungen = Einschaetzung.objects.fuer(nutzer).filter(indikator=OuterRef("pk")).order_by()

    def groesstes(qs, feld: str) -> Subquery:
        return Subquery(
            qs.values("indikator").annotate(m=Max(feld)).values("m")[:1],
        )

    return indikatoren.annotate(
        letztes_jahr=Coalesce(groesstes(werte, "jahr"), groesstes(bewertungen, "jahr")),
        letzte_lieferung=groesstes(werte, "geaendert_am"),
        letzte_einschaetzung_am=groesstes(bewertungen, "datum"),
    )


def lieferstand_aus(indikator: Indikator, *, heute: datetime.date | None = None) -> Lieferstand:
    """The delivery state of an indicator loaded through ``mit_lieferdaten``."""
    return lieferstand(
        indikator,
        indikator.letztes_jahr,
        indikator.letzte_lieferung or indikator.letzte_einschaetzung_am,
        heute=heute,
    )


def ueberfaellige_ids(indikatoren: QuerySet[Indikator], nutzer) -> list[int]:
    """The keys of the overdue indicators among ``indikatoren`` (for the list's filter); one
    query over the indicators' keys, rhythms, lags and latest years."""
    heute = timezone.localdate()
    return [
        i.pk
        for i in mit_lieferdaten(
            indikatoren.prefetch_related(None)
            .select_related(None)
            .select_related("datenquelle")
            .only(
                "pk",
                "rhythmus",
                "datenquelle__rhythmus",
                "datenquelle__veroeffentlichungsverzug_monate",
            ),
            nutzer,
        )
        if lieferstand_aus(i, heute=heute).ueberfaellig
    ]
