"""The yearly report for the council committee, built from the data as it stood on the Stichtag.

Stichtag: 31 December of the year, or today for the current year. Rules:

* A measure's status, Ampel, progress and report text are those of its newest Sachstand with
  ``datum`` ≤ Stichtag; a measure without one counts as "Idee" (as everywhere in the app).
* A measure is part of the report if it was created by the Stichtag or has a Sachstand dated by
  then (reports entered afterwards for that time count, because reports are dated history).
* Titles and numbers of measures are taken from the change history as of the end of the
  Stichtag (``HistoricalRecords.as_of``) where a history entry exists by then; otherwise the
  current ones. Plans, themes and indicator definitions (baseline, target, minimum case count) are
  taken as they are now — their history is not recorded or not used here.
* Indicator values are the installation's own Kommune's values (``Raum.objects.eigene_kommune``)
  for the year and the previous year as they stood at the end of the Stichtag (change history of
  the values; corrections entered later do not change a report already given), protected through
  ``monitoring.schutz`` (whole groups are fetched, so secondary suppression holds). The base
  year's groups are fetched too, so a baseline equal to a withheld value is withheld as well.
* The annex holds every indicator's profile (``monitoring.steckbrief``) as it stands when the
  report is built — its last delivery and overdue mark are today's, not the Stichtag's.
* The assessment against the target (``monitoring.bewertung``) uses the report year's value of
  the Kommune and the baseline, both as shown; no value in the report year gives "nicht
  bewertbar".

Query cost is fixed (does not grow with the number of measures, values or findings): see
``jahresbericht_erstellen``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from aktionsplan.bereich import (
    bereichsschluessel,
    kommunen,
    mehrere_kommunen,
)
from aktionsplan.dateien import zahl_kompakt
from aktionsplan.kommune import kommunenname
from aktionsplan.models import Beteiligungsformat, Fortschreibung, Plan, Raum, Thema
from monitoring.bewertung import Bewertung, Klasse, indikator_bewerten
from monitoring.fortschritt import Fortschritt, indikator_fortschritt
from monitoring.models import Berichtsfassung, Erkenntnis, Indikator, Messwert
from monitoring.schutz import Anzeigewert, basiswert_text, schuetzen
from monitoring.steckbrief import Steckbrief, steckbrief_menge, steckbriefe
from monitoring.zahlen import zahl_formatieren
from projekte.models import Ampel, Meilenstein, Projektskizze, Sachstand, Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# The order of the status columns in the report.
STATUS_REIHENFOLGE = list(Status)


def stichtag_fuer(jahr: int, heute: datetime.date | None = None) -> datetime.date:
    heute = heute or timezone.localdate()
    ende = datetime.date(jahr, 12, 31)
    return min(ende, heute)


def _tagesende(tag: datetime.date) -> datetime.datetime:
    """The last moment of a day in the current time zone (Europe/Berlin), aware."""
    naechster = datetime.datetime.combine(tag + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(naechster) - datetime.timedelta(microseconds=1)


@dataclass
class Themenzeile:
    thema: Thema
    je_status: list[tuple[str, int]]
    gesamt: int


@dataclass
class Massnahmenzeile:
    projekt: Projektskizze
    titel: str
    nummer: int
    status: str
    status_vorjahr: str
    ampel: str | None
    fortschritt: int | None
    text: str
    sachstand_am: datetime.date | None
    # The comparison with the previous adopted report or the previous year (``Jahresbericht.
    # vergleich_bezug``): one text per changed characteristic ("Status: Idee → In Umsetzung").
    vergleich: list[str] = field(default_factory=list)

    @property
    def status_text(self) -> str:
        return str(Status(self.status).label)

    @property
    def status_vorjahr_text(self) -> str:
        return str(Status(self.status_vorjahr).label)

    @property
    def ampel_text(self) -> str:
        return str(Ampel(self.ampel).label) if self.ampel else ""

    @property
    def kennung(self) -> str:
        plan = self.projekt.plan
        return f"{plan.kurzname or plan.name} {self.nummer}"


@dataclass
class Meilensteinzeile:
    """A milestone reached, with its measure's title and number as of the Stichtag."""

    meilenstein: Meilenstein
    projekt_titel: str
    projekt_nummer: int

    @property
    def titel(self) -> str:
        return self.meilenstein.titel

    @property
    def faellig_am(self) -> datetime.date:
        return self.meilenstein.faellig_am

    @property
    def erledigt_am(self) -> datetime.date | None:
        return self.meilenstein.erledigt_am

    @property
    def projekt(self) -> Projektskizze:
        return self.meilenstein.projekt

    @property
    def kennung(self) -> str:
        plan = self.meilenstein.projekt.plan
        return f"{plan.kurzname or plan.name} {self.projekt_nummer}"


@dataclass
class Indikatorzeile:
    indikator: Indikator
    wert: Anzeigewert | None
    vorjahr: Anzeigewert | None
    fortschritt: Fortschritt
    # Against the target with the report year's value (monitoring.bewertung).
    bewertung: Bewertung
    basiswert_text: str = ""
    # The baseline as a number where it is shown (the XLSX stores it as a number); None where
    # it is protected or missing.
    basiswert_zahl: Decimal | None = None
    vergleich: list[str] = field(default_factory=list)


@dataclass
class Jahresbericht:
    jahr: int
    stichtag: datetime.date
    stichtag_vorjahr: datetime.date
    status_spalten: list[tuple[str, str]]
    themen: list[Themenzeile]
    massnahmen: list[Massnahmenzeile]
    meilensteine: list[Meilensteinzeile]
    indikatoren: list[Indikatorzeile]
    kernaussagen: list[Erkenntnis]
    aenderungen: list[Massnahmenzeile] = field(default_factory=list)
    # The annex: every indicator's profile (monitoring.steckbrief), as it stands today.
    steckbriefe: list[Steckbrief] = field(default_factory=list)
    # The plans' versions decided by the Stichtag (with their plan), by plan and number.
    fortschreibungen: list[Fortschreibung] = field(default_factory=list)
    # All measures of the report where ``massnahmen`` holds one page of them (the HTML page).
    massnahmen_gesamt: int | None = None
    # The report page: the page of each section (``BERICHT_ABSCHNITTE``) that the lists hold.
    seiten: dict[str, Page] = field(default_factory=dict)

    # The report's own texts and state (monitoring.models_bericht.Berichtsfassung), if it is one.
    stand: datetime.date | None = None
    einleitung: str = ""
    schluss: str = ""
    # The public variant: published measures only, no staff names.
    oeffentlich: bool = False
    # What the comparison goes against, in words ("" without comparison).
    vergleich_bezug: str = ""
    gremium: str = ""
    beschluss_datum: datetime.date | None = None

    @property
    def anzahl_massnahmen(self) -> int:
        if self.massnahmen_gesamt is not None:
            return self.massnahmen_gesamt
        return len(self.massnahmen)


def oeffentliche_sachstaende() -> Q:
    """The status reports that the public variant of a report may show (of a published measure,
    ``Projektskizze.veroeffentlicht``): those the Redaktion marked public (``Sachstand.
    oeffentlich``, the flag of the public pages, issue 11)."""
    return Q(oeffentlich=True)


def oeffentliche_indikatoren() -> Q:
    """The indicators that the public variant may show: those marked public
    (``Indikator.oeffentlich``, issue 11); their values are protected as everywhere."""
    return Q(oeffentlich=True)


def _stand_bis(
    tag: datetime.date, erfasst_bis: datetime.datetime | None = None, oeffentlich: bool = False
):
    """The status reports dated by ``tag``, newest first; with ``erfasst_bis`` only those
    entered by then (a report's Stand), with ``oeffentlich`` only public ones."""
    berichte = Sachstand.objects.filter(projekt=OuterRef("pk"), datum__lte=tag)
    if erfasst_bis is not None:
        berichte = berichte.filter(erstellt_am__lte=erfasst_bis)
    if oeffentlich:
        berichte = berichte.filter(oeffentliche_sachstaende())
    return berichte.order_by("-datum", "-pk")


def massnahmen_zum_stichtag(
    massnahmen: QuerySet[Projektskizze],
    stichtag: datetime.date,
    stichtag_vorjahr: datetime.date,
    *,
    erfasst_bis: datetime.datetime | None = None,
    oeffentlich: bool = False,
) -> QuerySet[Projektskizze]:
    """The measures of ``massnahmen`` that existed by the Stichtag, annotated with their state then
    and a year before; with ``erfasst_bis`` (a report's Stand) from the reports entered by then."""
    stand = _stand_bis(stichtag, erfasst_bis, oeffentlich)
    vorjahr = _stand_bis(stichtag_vorjahr, erfasst_bis, oeffentlich)
    return massnahmen.filter(
        Q(erstellt_am__lte=erfasst_bis or _tagesende(stichtag))
        | Exists(stand.order_by().values("pk"))
    ).annotate(
        status_stichtag=Coalesce(Subquery(stand.values("status")[:1]), Value(Status.IDEE.value)),
        ampel_stichtag=Subquery(stand.values("ampel")[:1]),
        fortschritt_stichtag=Subquery(stand.values("fortschritt")[:1]),
        text_stichtag=Subquery(stand.values("text")[:1]),
        sachstand_am=Subquery(stand.values("datum")[:1]),
        status_vorjahr=Coalesce(Subquery(vorjahr.values("status")[:1]), Value(Status.IDEE.value)),
        ampel_vorjahr=Subquery(vorjahr.values("ampel")[:1]),
        fortschritt_vorjahr=Subquery(vorjahr.values("fortschritt")[:1]),
    )


def messwerte_zum_stand(
    ende: datetime.datetime, bedingung: Q, messwerte: QuerySet[Messwert]
) -> list[Messwert]:
    """The values matching ``bedingung`` as they stood at ``ende``, with indikator and raum loaded;
    four queries whatever the number of values. ``messwerte`` are the values the reader may see
    (``Messwert.objects.fuer(user)``); ``bedingung`` must restrict the history to them too (by
    indicators read through the same hook).

    Per value the newest history entry by then, unless it records the deletion; ``bedingung``
    applies to the state then (a value moved to another year counts in its old year). Values
    without any history (loaded in bulk, which bypasses the history) are taken as they are now
    if they were last changed by then.

    The rows are read as tuples and each indicator and area is loaded once and shared by its
    values: at 100× the demo a report reads about 30,000 values, and a model instance per row and
    relation (four per value) cost seconds.
    """
    historie = Messwert.history.model
    vorhanden = {f.attname for f in historie._meta.concrete_fields}
    felder = [f.attname for f in Messwert._meta.concrete_fields if f.attname in vorhanden]
    neueste = (
        historie.objects.filter(id=OuterRef("id"), history_date__lte=ende)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    zeilen = list(
        historie.objects.filter(bedingung, history_id=Subquery(neueste))
        .exclude(history_type="-")
        .values_list(*felder)
    )
    zeilen += messwerte.filter(
        bedingung,
        ~Exists(historie.objects.filter(id=OuterRef("pk"))),
        geaendert_am__lte=ende,
    ).values_list(*felder)
    if not zeilen:
        return []
    spalte = {name: i for i, name in enumerate(felder)}
    indikatoren = Indikator.objects.in_bulk({z[spalte["indikator_id"]] for z in zeilen})
    raeume = Raum.objects.in_bulk({z[spalte["raum_id"]] for z in zeilen})
    werte = []
    for zeile in zeilen:
        mw = Messwert.from_db(None, felder, zeile)
        mw.indikator = indikatoren[mw.indikator_id]
        mw.raum = raeume[mw.raum_id]
        werte.append(mw)
    return werte


# The report page's long lists are paged, so that a page's cost does not grow with the data: the
# sections (attributes of Jahresbericht) and the rows per page. The PDF and XLSX hold everything.
BERICHT_ABSCHNITTE = (
    "aenderungen",
    "massnahmen",
    "meilensteine",
    "indikatoren",
    "kernaussagen",
    "steckbriefe",
)
BERICHT_ZEILEN_JE_SEITE = 50


def jahresbericht_erstellen(
    jahr: int,
    *,
    nutzer: AbstractBaseUser | AnonymousUser,
    heute: datetime.date | None = None,
    seiten: Mapping[str, str | int | None] | None = None,
    stand: datetime.date | None = None,
    oeffentlich: bool = False,
    einleitung: str = "",
    schluss: str = "",
    kommune: int | None = None,
) -> Jahresbericht:
    """Build the report as ``nutzer`` may see it.

    ``kommune``: in an installation with several Kommunen, the pk of the Kommune the report is
    about (``berichtskommune``): its rows and the shared ones only, its values, its earlier
    adopted reports. None (and every value in an installation with one Kommune): all that
    ``nutzer`` sees, as before the region.

    ``stand`` (a report's Stand, issue 9 point 7): the data for the year as recorded by the end
    of that day — status reports dated in the year and entered by then, milestones reached in
    the year whose completion was recorded by then, values of the year as they stood then.
    Without it the Stichtag (31 December, or today) is the Stand too. ``oeffentlich``: the public
    variant (published measures, ``oeffentliche_sachstaende``, no staff names).
    The comparison (``vergleich`` of each row) goes against the newest adopted report of an
    earlier year, or the previous year's data where there is none (one query more).

    ``seiten``: for the report page, the requested page of each section in
    ``BERICHT_ABSCHNITTE`` (a number, or None or junk for the first); each list then holds that
    page only, built from SQL pages (a COUNT and a LIMIT each), and ``Jahresbericht.seiten`` holds
    the Page objects. Without it, every row (the PDF and XLSX).

    Queries (fixed): 1 measures with their state, 2 status counts per theme, 3 titles from the
    history, 4 themes, 5 milestones reached, 6 indicators (with source, actor, responsible person
    and delivery dates for the annex of profiles), 7 their themes, 8 their UN-BRK articles
    (prefetches), 9 the own Kommune, 10 values as of the Stichtag from the history (year,
    previous year, base years), 11 values without history, 12 their indicators, 13 their areas,
    14 key findings, 15 their themes (prefetch), 16 the plans' versions decided by the Stichtag.
    Paged: the changed measures are a query of their own, the annex of profiles is its own page
    of indicators (three queries), and each section adds its COUNT.
    """
    if stand is not None:
        stichtag = min(datetime.date(jahr, 12, 31), stand)
        erfasst_bis = _tagesende(stand)
    else:
        stichtag = stichtag_fuer(jahr, heute)
        erfasst_bis = _tagesende(stichtag)
    stichtag_vorjahr = datetime.date(jahr - 1, 12, 31)
    massnahmen_lesbar = Projektskizze.objects.fuer(nutzer).in_kommune(kommune)
    if oeffentlich:
        massnahmen_lesbar = massnahmen_lesbar.oeffentlich()
    basis = massnahmen_zum_stichtag(
        massnahmen_lesbar,
        stichtag,
        stichtag_vorjahr,
        erfasst_bis=erfasst_bis if stand is not None else None,
        oeffentlich=oeffentlich,
    )
    geordnet = basis.select_related("plan", "hauptthema").order_by("plan__name", "nummer")
    blaetter: dict[str, Page] = {}

    def blatt(name: str, zeilen: QuerySet) -> list:
        if seiten is None:
            return list(zeilen)
        blaetter[name] = Paginator(zeilen, BERICHT_ZEILEN_JE_SEITE).get_page(seiten.get(name))
        return list(blaetter[name].object_list)

    projekte = blatt("massnahmen", geordnet)
    if seiten is None:
        geaenderte = [p for p in projekte if p.status_stichtag != p.status_vorjahr]
    else:
        geaenderte = blatt("aenderungen", geordnet.exclude(status_stichtag=F("status_vorjahr")))
    erreicht = (
        Meilenstein.objects.fuer(nutzer)
        .in_kommune(kommune)
        .filter(erledigt_am__gte=datetime.date(jahr, 1, 1), erledigt_am__lte=stichtag)
    )
    if oeffentlich:
        erreicht = erreicht.filter(projekt__in=massnahmen_lesbar)
    if stand is not None:
        # Reached as recorded by the Stand: the completion date as the history had it then.
        # Milestones without any history (bulk loads) count as they are.
        erreicht = erreicht.filter(
            Q(
                pk__in=Meilenstein.history.as_of(erfasst_bis)
                .filter(erledigt_am__gte=datetime.date(jahr, 1, 1), erledigt_am__lte=stichtag)
                .values("id")
            )
            | ~Exists(Meilenstein.history.model.objects.filter(id=OuterRef("pk")))
        )
    meilensteine_then = blatt(
        "meilensteine",
        erreicht.select_related("projekt", "projekt__plan").order_by("erledigt_am", "pk"),
    )

    # The counts per theme are an SQL aggregation over the same measures (by main theme).
    stand_stichtag = _stand_bis(stichtag, erfasst_bis if stand is not None else None, oeffentlich)
    zaehlung = (
        massnahmen_lesbar.filter(pk__in=basis.values("pk"))
        .annotate(
            st=Coalesce(Subquery(stand_stichtag.values("status")[:1]), Value(Status.IDEE.value))
        )
        .values("hauptthema_id", "st")
        .annotate(anzahl=Count("pk"))
        .order_by()
    )
    je_thema: dict[int, dict[str, int]] = defaultdict(dict)
    for zeile in zaehlung:
        je_thema[zeile["hauptthema_id"]][zeile["st"]] = zeile["anzahl"]

    titel_vorher = Projektskizze.history.as_of(erfasst_bis)
    if seiten is not None:
        titel_vorher = titel_vorher.filter(
            id__in={p.pk for p in projekte}
            | {p.pk for p in geaenderte}
            | {ms.projekt_id for ms in meilensteine_then}
        )
    historisch = {
        pk: (titel, nummer)
        for pk, titel, nummer in titel_vorher.values_list("id", "titel", "nummer")
    }

    bezug = vorheriger_beschluss(jahr, nutzer, kommune=kommune)
    if bezug is not None:
        vergleich_bezug = gettext("dem beschlossenen Bericht %(jahr)s (%(gremium)s, %(datum)s)") % {
            "jahr": bezug.jahr,
            "gremium": bezug.gremium,
            "datum": date_format(bezug.beschluss_datum, "SHORT_DATE_FORMAT"),
        }
        vorher_massnahmen = bezug.daten.get("massnahmen", {})
        vorher_indikatoren = bezug.daten.get("indikatoren", {})
    else:
        vergleich_bezug = gettext("dem Ende des Vorjahres %(jahr)s") % {"jahr": jahr - 1}

    def zeile_fuer(p: Projektskizze) -> Massnahmenzeile:
        titel, nummer = historisch.get(p.pk, (p.titel, p.nummer))
        jetzt = _massnahme_stand(p.status_stichtag, p.ampel_stichtag, p.fortschritt_stichtag)
        if bezug is not None:
            vorher = vorher_massnahmen.get(str(p.pk))
        else:
            vorher = _massnahme_stand(p.status_vorjahr, p.ampel_vorjahr, p.fortschritt_vorjahr)
        return Massnahmenzeile(
            vergleich=massnahme_vergleichen(vorher, jetzt),
            projekt=p,
            titel=titel,
            nummer=nummer,
            status=p.status_stichtag,
            status_vorjahr=p.status_vorjahr,
            ampel=p.ampel_stichtag,
            fortschritt=p.fortschritt_stichtag,
            text=p.text_stichtag or "",
            sachstand_am=p.sachstand_am,
        )

    massnahmen = [zeile_fuer(p) for p in projekte]

    themen = []
    for thema in Thema.objects.fuer(nutzer).in_kommune(kommune).geordnet():
        zahlen = je_thema.get(thema.pk, {})
        themen.append(
            Themenzeile(
                thema=thema,
                je_status=[(s.value, zahlen.get(s.value, 0)) for s in STATUS_REIHENFOLGE],
                gesamt=sum(zahlen.values()),
            )
        )

    meilensteine = []
    for ms in meilensteine_then:
        titel, nummer = historisch.get(ms.projekt_id, (ms.projekt.titel, ms.projekt.nummer))
        meilensteine.append(Meilensteinzeile(ms, projekt_titel=titel, projekt_nummer=nummer))

    indikatoren_lesbar = Indikator.objects.fuer(nutzer)
    if oeffentlich:
        indikatoren_lesbar = indikatoren_lesbar.filter(oeffentliche_indikatoren())
    profile = steckbrief_menge(indikatoren_lesbar.fuer_liste(), nutzer, kommune=kommune)
    indikatoren = blatt("indikatoren", profile)
    raeume = Raum.objects.fuer(nutzer)
    eigene = raeume.eigene_kommune() if kommune is None else raeume.filter(pk=kommune).first()
    bedingung = Q(indikator__in=[i.pk for i in indikatoren]) & (
        Q(jahr__in=[jahr - 1, jahr]) | Q(jahr=F("indikator__basisjahr"))
    )
    # The sources of the shown rates and shares, as of the same date, so that their protection
    # carries over (monitoring.schutz): their groups in the years the rates are shown for.
    quoten = [i for i in indikatoren if i.ist_quote]
    if quoten:
        bedingung |= Q(
            indikator__in={q for i in quoten for q in (i.zaehler_id, i.nenner_id) if q},
            jahr__in={jahr - 1, jahr} | {i.basisjahr for i in quoten if i.basisjahr},
        )
    # Complete groups of every Kommune (monitoring.schutz.werte_im_bereich); the report shows only
    # its Kommune's own values.
    messwerte = messwerte_zum_stand(erfasst_bis, bedingung, Messwert.objects.all())
    anzeige = schuetzen(messwerte)
    werte_der_kommune: dict[tuple[int, int], Anzeigewert] = {
        (mw.indikator_id, mw.jahr): anzeige[mw.pk]
        for mw in messwerte
        if eigene is not None and mw.raum_id == eigene.pk
    }
    indikatorzeilen = []
    for indikator in indikatoren:
        wert = werte_der_kommune.get((indikator.pk, jahr))
        basiswert = werte_der_kommune.get((indikator.pk, indikator.basisjahr))
        vorjahr = werte_der_kommune.get((indikator.pk, jahr - 1))
        bewertung = indikator_bewerten(indikator, wert, basiswert)
        jetzt = _indikator_stand(wert, bewertung)
        if bezug is not None:
            vorher = vorher_indikatoren.get(str(indikator.pk))
        else:
            vorher = _indikator_stand(vorjahr, indikator_bewerten(indikator, vorjahr, basiswert))
        text = basiswert_text(indikator, basiswert)
        indikatorzeilen.append(
            Indikatorzeile(
                indikator=indikator,
                wert=wert,
                vorjahr=vorjahr,
                fortschritt=indikator_fortschritt(indikator, wert, basiswert),
                bewertung=bewertung,
                basiswert_text=text,
                basiswert_zahl=(
                    zahl_kompakt(indikator.basiswert)
                    if indikator.basiswert is not None
                    and text == zahl_formatieren(indikator.basiswert)
                    else None
                ),
                vergleich=indikator_vergleichen(vorher, jetzt),
            )
        )

    kernaussagen = blatt(
        "kernaussagen",
        Erkenntnis.objects.fuer(nutzer)
        .in_kommune(kommune)
        .filter(ist_kernaussage=True, datum__gte=datetime.date(jahr, 1, 1), datum__lte=stichtag)
        .select_related("beteiligungsformat")
        .prefetch_related("themen")
        .order_by("datum", "titel"),
    )

    fortschreibungen = list(
        Fortschreibung.objects.fuer(nutzer)
        .in_kommune(kommune)
        .filter(beschluss_datum__lte=stichtag)
        .select_related("plan")
        .order_by("plan__beginn", "plan__name", "nummer")
    )

    return Jahresbericht(
        jahr=jahr,
        stichtag=stichtag,
        stichtag_vorjahr=stichtag_vorjahr,
        status_spalten=[(s.value, str(s.label)) for s in STATUS_REIHENFOLGE],
        themen=themen,
        massnahmen=massnahmen,
        meilensteine=meilensteine,
        indikatoren=indikatorzeilen,
        kernaussagen=kernaussagen,
        aenderungen=[zeile_fuer(p) for p in geaenderte],
        steckbriefe=steckbriefe(
            indikatoren if seiten is None else blatt("steckbriefe", profile), heute=heute
        ),
        massnahmen_gesamt=blaetter["massnahmen"].paginator.count if blaetter else None,
        seiten=blaetter,
        fortschreibungen=fortschreibungen,
        stand=stand,
        einleitung=einleitung,
        schluss=schluss,
        oeffentlich=oeffentlich,
        vergleich_bezug=vergleich_bezug,
    )


# --- the comparison with the previous adopted report -------------------------------------------


def vorheriger_beschluss(
    jahr: int, nutzer: AbstractBaseUser | AnonymousUser, *, kommune: int | None = None
):
    """The adopted report of the newest year before ``jahr`` (with its snapshot), of the Kommune
    ``kommune`` in a region, or None; one query."""
    return (
        Berichtsfassung.objects.fuer(nutzer)
        .in_kommune(kommune)
        .beschlossen()
        .filter(jahr__lt=jahr)
        .only("jahr", "gremium", "beschluss_datum", "daten")
        .order_by("-jahr")
        .first()
    )


def _massnahme_stand(status: str, ampel: str | None, fortschritt: int | None) -> dict:
    return {"status": status, "ampel": ampel or "", "fortschritt": fortschritt}


def _indikator_stand(wert: Anzeigewert | None, bewertung: Bewertung) -> dict:
    """A value as shown (protected: its sign, "< 3" or "•"; else the number as a plain string,
    so that the comparison does not depend on the language) and the assessment's class."""
    if wert is None:
        text = ""
    elif wert.geschuetzt or wert.wert is None:
        text = wert.text
    else:
        text = str(zahl_kompakt(wert.wert))
    return {"wert": text, "bewertung": bewertung.klasse.value}


def _wert_anzeigen(text: str) -> str:
    if not text:
        return "–"
    try:
        return zahl_formatieren(Decimal(text))
    except ArithmeticError:
        return text


def _fortschritt_anzeigen(wert: int | None) -> str:
    return "–" if wert is None else f"{wert} %"


def massnahme_vergleichen(vorher: dict | None, jetzt: dict) -> list[str]:
    """What changed of a measure (status, Ampel, progress) as texts; "neu im Bericht" without a
    state before."""
    if vorher is None:
        return [gettext("neu im Bericht")]
    texte = []
    if vorher.get("status") != jetzt["status"]:
        texte.append(
            gettext("Status: %(vorher)s → %(jetzt)s")
            % {
                "vorher": Status(vorher.get("status") or Status.IDEE).label,
                "jetzt": Status(jetzt["status"]).label,
            }
        )
    if (vorher.get("ampel") or "") != jetzt["ampel"]:
        texte.append(
            gettext("Ampel: %(vorher)s → %(jetzt)s")
            % {
                "vorher": Ampel(vorher["ampel"]).label if vorher.get("ampel") else "–",
                "jetzt": Ampel(jetzt["ampel"]).label if jetzt["ampel"] else "–",
            }
        )
    if vorher.get("fortschritt") != jetzt["fortschritt"]:
        texte.append(
            gettext("Fortschritt: %(vorher)s → %(jetzt)s")
            % {
                "vorher": _fortschritt_anzeigen(vorher.get("fortschritt")),
                "jetzt": _fortschritt_anzeigen(jetzt["fortschritt"]),
            }
        )
    return texte


def indikator_vergleichen(vorher: dict | None, jetzt: dict) -> list[str]:
    """What changed of an indicator (value of the Kommune as shown, assessment) as texts."""
    if vorher is None:
        return [gettext("neu im Bericht")]
    texte = []
    if vorher.get("wert", "") != jetzt["wert"]:
        texte.append(
            gettext("Wert: %(vorher)s → %(jetzt)s")
            % {
                "vorher": _wert_anzeigen(vorher.get("wert", "")),
                "jetzt": _wert_anzeigen(jetzt["wert"]),
            }
        )
    if vorher.get("bewertung") != jetzt["bewertung"]:
        texte.append(
            gettext("Bewertung: %(vorher)s → %(jetzt)s")
            % {
                "vorher": Klasse(vorher.get("bewertung") or Klasse.NICHT_BEWERTBAR).label,
                "jetzt": Klasse(jetzt["bewertung"]).label,
            }
        )
    return texte


def schnappschuss(bericht: Jahresbericht) -> dict:
    """The numbers of a complete report (built without ``seiten``) as JSON-safe data: per
    measure its status, Ampel and progress, per indicator its value as shown and its
    assessment. Stored with an adopted report; the next report compares against it."""
    return {
        "jahr": bericht.jahr,
        "stichtag": bericht.stichtag.isoformat(),
        "massnahmen": {
            str(m.projekt.pk): {
                "kennung": m.kennung,
                "titel": m.titel,
                **_massnahme_stand(m.status, m.ampel, m.fortschritt),
            }
            for m in bericht.massnahmen
        },
        "indikatoren": {
            str(z.indikator.pk): {"name": z.indikator.name, **_indikator_stand(z.wert, z.bewertung)}
            for z in bericht.indikatoren
        },
    }


def berichtsjahre(
    nutzer: AbstractBaseUser | AnonymousUser, heute: datetime.date | None = None
) -> list[int]:
    """Years that have data ``nutzer`` may see (reports, values, findings), newest first; three
    queries."""
    heute = heute or timezone.localdate()
    jahre = {d.year for d in Sachstand.objects.fuer(nutzer).dates("datum", "year")}
    jahre |= set(Messwert.objects.fuer(nutzer).values_list("jahr", flat=True).distinct())
    jahre |= {d.year for d in Erkenntnis.objects.fuer(nutzer).dates("datum", "year")}
    return sorted((j for j in jahre if j <= heute.year), reverse=True)


# --- the report's Kommune in a region ---------------------------------------------------------


def berichtskommune(
    nutzer: AbstractBaseUser | AnonymousUser,
    gewuenscht: object = None,
    *,
    sichtbar: list[tuple[int, str]] | None = None,
) -> int | None:
    """The pk of the Kommune a yearly report is about: None in an installation with one Kommune
    (the report shows everything, as before the region); with several, ``gewuenscht`` (a pk as
    sent by the report page's choice) when ``nutzer`` may see it, else the first Kommune
    ``nutzer`` sees (the own Kommune first), None when they see none. ``sichtbar``: the result
    of ``berichtskommunen`` if the caller has it (else one query, in a region only)."""
    if not mehrere_kommunen():
        return None
    if sichtbar is None:
        sichtbar = berichtskommunen(nutzer)
    try:
        wunsch = int(str(gewuenscht))
    except ValueError:
        wunsch = None
    if wunsch in {pk for pk, _name in sichtbar}:
        return wunsch
    return sichtbar[0][0] if sichtbar else None


def berichtskommunen(nutzer: AbstractBaseUser | AnonymousUser) -> list[tuple[int, str]]:
    """The Kommunen (pk, name; own first) ``nutzer`` may choose a report for; empty (and no
    query) in an installation with one Kommune, else one query."""
    if not mehrere_kommunen():
        return []
    # Through the scope hook, as every read (one query, in a region only).
    return list(Raum.objects.fuer(nutzer).kommunen_eigene_zuerst().values_list("pk", "name"))


def berichtskommune_name(kommune: int | None) -> str:
    """The name of the Kommune a report is about (``kommune``; None: the installation's own), as
    the report's files carry it. No query while the cache holds the Kommunen."""
    if kommune is None:
        return kommunenname()
    return {pk: name for pk, name, _slug in kommunen()}.get(kommune, "") or kommunenname()


# --- the data stand: when did anything the report shows last change? --------------------------

# The models whose rows the report shows (measures, their reports and milestones, plans and their
# versions, themes,
# indicators and values, findings and their events, the own Kommune).
BERICHTSMODELLE = (
    Projektskizze,
    Sachstand,
    Meilenstein,
    Plan,
    Fortschreibung,
    Thema,
    Indikator,
    Messwert,
    Erkenntnis,
    Beteiligungsformat,
    Raum,
    Berichtsfassung,
)
# Raised when the report's layout changes, so that files built before are not served again.
BERICHT_FASSUNG = 3


def datenstand() -> datetime.datetime | None:
    """The newest change-history date over every model the report shows (creations, changes and
    deletions alike), or None without any history. One query: the newest date of each history
    table (simple-history indexes it), joined by UNION ALL.

    Rows written around the history (bulk loads that skip it) do not move it.
    """
    teile = [
        modell.history.model.objects.annotate(_k=Value(1))
        .values("_k")
        .annotate(neueste=Max("history_date"))
        .values("neueste")
        .order_by()
        for modell in BERICHTSMODELLE
    ]
    daten = [d for d in teile[0].union(*teile[1:], all=True).values_list("neueste", flat=True) if d]
    return max(daten, default=None)


def berichtsschluessel(
    jahr: int,
    format_: str,
    *,
    sprache: str,
    nutzer: AbstractBaseUser | AnonymousUser,
    heute: datetime.date | None = None,
    fassung: Berichtsfassung | None = None,
    kommune: int | None = None,
) -> str:
    """The content key of a report file: year, Stichtag, data stand, format, language (PDF; the
    XLSX is always German), the report's Kommune (``kommune``, its name), what ``nutzer`` may see
    (``aktionsplan.bereich.bereichsschluessel``: a file built for one person's Kommunen is never
    served to a person of other Kommunen) and the layout's version. Two requests with the same
    key get the same file (aufgaben.services.fertige_datei). One query (the data stand), plus the
    person's memberships once per request in a region.
    """
    stand = datenstand()
    teile = [
        BERICHT_FASSUNG,
        jahr,
        stichtag_fuer(jahr, heute).isoformat(),
        stand.isoformat() if stand else "",
        format_,
        sprache if format_ == "pdf" else "de",
        berichtskommune_name(kommune),
        kommune,
        bereichsschluessel(nutzer),
    ]
    if fassung is not None:
        # A draft: its Stand and texts (the version moves with every change of them).
        teile += [fassung.pk, fassung.version, fassung.stand.isoformat()]
    summe = hashlib.sha256(json.dumps(teile).encode()).hexdigest()[:40]
    return f"jahresbericht-{jahr}-{format_}-{summe}"
