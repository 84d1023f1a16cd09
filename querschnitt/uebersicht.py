"""The overview: every number aggregated in SQL over ``mit_aktuellem_stand()``; the page costs a
fixed number of queries whatever the amount of data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from aktionsplan.models import Thema
from aktionsplan.querysets import anzahl
from monitoring.abdeckung import Abdeckung, abdeckung_laden
from monitoring.lieferung import ueberfaellige_ids
from monitoring.models import Indikator
from projekte.models import (
    OHNE_LEICHTE_SPRACHE,
    Ampel,
    Meilenstein,
    Projektskizze,
    ProjektskizzeQuerySet,
    Sachstand,
    Status,
    stand_beschriften,
)
from querschnitt.balken import Teil, farbfeld, fortschrittsbalken, gestapelter_balken


def _aktive_massnahmen_zu_thema(massnahmen: ProjektskizzeQuerySet) -> QuerySet:
    # A measure counts for its main theme and for all its further themes.
    return massnahmen.aktiv().filter(
        Q(hauptthema=OuterRef("pk")) | Q(weitere_themen=OuterRef("pk"))
    )


@dataclass
class Themenzeile:
    """One theme's measures (or all of them: ``thema`` None), counted by their main theme."""

    thema: Thema | None
    # (status value, label, count) in lifecycle order
    je_status: list[tuple[str, str, int]] = field(default_factory=list)
    gesamt: int = 0
    im_plan: int = 0
    gefaehrdet: int = 0
    kritisch: int = 0
    ohne_ampel: int = 0
    mittlerer_fortschritt: float | None = None
    # Measures with a report, over which the mean progress is taken.
    mit_fortschritt: int = 0

    @property
    def status_teile(self) -> list[Teil]:
        return [Teil(wert, label, anzahl) for wert, label, anzahl in self.je_status]

    @property
    def ampel_teile(self) -> list[Teil]:
        """The Ampel from good to bad, then the measures without a report."""
        return [
            Teil(Ampel.IM_PLAN.value, Ampel.IM_PLAN.label, self.im_plan),
            Teil(Ampel.GEFAEHRDET.value, Ampel.GEFAEHRDET.label, self.gefaehrdet),
            Teil(Ampel.KRITISCH.value, Ampel.KRITISCH.label, self.kritisch),
            Teil("ohne", _("ohne Sachstand"), self.ohne_ampel),
        ]

    @property
    def status_legende(self) -> list[tuple[Teil, SafeString]]:
        """The statuses with measures, each with its colour square."""
        return [(t, farbfeld("status", t.schluessel)) for t in self.status_teile if t.anzahl]

    @property
    def ampel_legende(self) -> list[tuple[Teil, SafeString]]:
        return [(t, farbfeld("ampel", t.schluessel)) for t in self.ampel_teile if t.anzahl]

    @property
    def status_balken(self) -> SafeString:
        return gestapelter_balken(self.status_teile, art="status")

    @property
    def ampel_balken(self) -> SafeString:
        return gestapelter_balken(self.ampel_teile, art="ampel")

    @property
    def fortschritt_balken(self) -> SafeString:
        return fortschrittsbalken(self.mittlerer_fortschritt)


@dataclass
class Uebersicht:
    themenzeilen: list[Themenzeile]
    # Every measure the reader may see, whatever its main theme.
    alle: Themenzeile
    # Indicators whose next value is overdue (monitoring.lieferung).
    anzahl_lieferung_ueberfaellig: int
    summen_je_status: list[tuple[str, str, int]]
    summe: int
    ueberfaellige_meilensteine: list[Meilenstein]
    anzahl_ueberfaellig: int
    ohne_aktuellen_sachstand: list[Projektskizze]
    anzahl_ohne_aktuellen_sachstand: int
    # Published measures without a text in Leichte Sprache (counted with query 2).
    anzahl_ohne_leichte_sprache: int
    neueste_sachstaende: list[Sachstand]
    themen_ohne_aktive: list[Thema]
    # How many themes there are: with none, "every theme has an active measure" would be a
    # claim about nothing (the page says that no theme exists yet instead).
    anzahl_themen: int
    abdeckung: Abdeckung
    stichtag: datetime.date


# The overview's lists show at most this many rows (newest first), with the total count, so the
# page does not grow with the data.
LISTE_HOECHSTENS = 25


def _zeile(thema: Thema | None, roh: dict) -> Themenzeile:
    zeile = Themenzeile(thema=thema, gesamt=roh.get("gesamt", 0))
    for s in Status:
        zeile.je_status.append((s.value, s.label, roh.get(f"status_{s.value}", 0)))
    zeile.im_plan = roh.get(f"ampel_{Ampel.IM_PLAN}", 0)
    zeile.gefaehrdet = roh.get(f"ampel_{Ampel.GEFAEHRDET}", 0)
    zeile.kritisch = roh.get(f"ampel_{Ampel.KRITISCH}", 0)
    zeile.ohne_ampel = zeile.gesamt - zeile.im_plan - zeile.gefaehrdet - zeile.kritisch
    zeile.mittlerer_fortschritt = roh.get("mittel")
    zeile.mit_fortschritt = roh.get("mit_fortschritt", 0)
    return zeile


def _summe(zeilen: list[dict]) -> dict:
    """The grouped counts of all main themes added up; the mean progress weighted by the
    measures with a report."""
    summe: dict = {}
    for roh in zeilen:
        for schluessel, wert in roh.items():
            if schluessel not in ("hauptthema", "mittel"):
                summe[schluessel] = summe.get(schluessel, 0) + (wert or 0)
    gewichtet = sum(
        float(roh["mittel"]) * roh["mit_fortschritt"] for roh in zeilen if roh["mittel"] is not None
    )
    if summe.get("mit_fortschritt"):
        summe["mittel"] = gewichtet / summe["mit_fortschritt"]
    return summe


def uebersicht_laden(nutzer, stichtag: datetime.date | None = None) -> Uebersicht:
    """All numbers of the overview, as ``nutzer`` may see them, in nine queries:

    1. themes, each with a flag whether an active measure exists for it (EXISTS subquery);
    2. measures grouped by Hauptthema: COUNT per status and per Ampel, AVG progress, and the
       published ones without a text in Leichte Sprache;
    3./4. overdue milestones with measure and plan (at most LISTE_HOECHSTENS), and their count;
    5./6. measures without a recent report (``ohne_aktuellen_sachstand``), and their count;
    7. the ten latest reports with measure, plan and author;
    8. the coverage matrix: substantive UN-BRK articles × themes, every count as a subquery
       (monitoring.abdeckung);
    9. the indicators' rhythms, lags and latest years, for the count of overdue deliveries
       (monitoring.lieferung.ueberfaellige_ids).

    "Meine Maßnahmen" depend on the reader, not only on what they may see: ``meine_laden()``.
    """
    stichtag = stichtag or timezone.localdate()
    massnahmen = Projektskizze.objects.fuer(nutzer)
    ueberfaellig = (
        Meilenstein.objects.fuer(nutzer)
        .ueberfaellig(stichtag)
        .select_related("projekt", "projekt__plan")
        .order_by("-faellig_am", "pk")
    )
    ohne_sachstand = massnahmen.ohne_aktuellen_sachstand(stichtag)
    themen = list(
        Thema.objects.fuer(nutzer)
        .geordnet()
        .annotate(hat_aktive=Exists(_aktive_massnahmen_zu_thema(massnahmen)))
    )
    zaehlungen = {
        f"status_{s.value}": Count("pk", filter=Q(aktueller_status=s.value)) for s in Status
    }
    zaehlungen.update(
        {f"ampel_{a.value}": Count("pk", filter=Q(aktuelle_ampel=a.value)) for a in Ampel}
    )
    zaehlungen["ohne_leichte_sprache"] = Count(
        "pk", filter=OHNE_LEICHTE_SPRACHE & Q(veroeffentlicht=True)
    )
    gruppen = list(
        massnahmen.mit_aktuellem_stand()
        .order_by()
        .values("hauptthema")
        .annotate(
            gesamt=Count("pk"),
            mittel=Avg("aktueller_fortschritt"),
            mit_fortschritt=Count("aktueller_fortschritt"),
            **zaehlungen,
        )
    )
    zeilen = {z["hauptthema"]: z for z in gruppen}
    themenzeilen = []
    summen = dict.fromkeys(Status.values, 0)
    for thema in themen:
        zeile = _zeile(thema, zeilen.get(thema.pk, {}))
        for wert, _label, anzahl_status in zeile.je_status:
            summen[wert] += anzahl_status
        themenzeilen.append(zeile)

    summe_aller = _summe(gruppen)
    return Uebersicht(
        themenzeilen=themenzeilen,
        alle=_zeile(None, summe_aller),
        anzahl_lieferung_ueberfaellig=len(
            ueberfaellige_ids(Indikator.objects.fuer(nutzer), nutzer)
        ),
        summen_je_status=[(s.value, s.label, summen[s.value]) for s in Status],
        summe=sum(summen.values()),
        ueberfaellige_meilensteine=list(ueberfaellig[:LISTE_HOECHSTENS]),
        anzahl_ueberfaellig=ueberfaellig.count(),
        ohne_aktuellen_sachstand=list(ohne_sachstand[:LISTE_HOECHSTENS]),
        anzahl_ohne_aktuellen_sachstand=ohne_sachstand.count(),
        anzahl_ohne_leichte_sprache=summe_aller.get("ohne_leichte_sprache", 0),
        neueste_sachstaende=list(
            Sachstand.objects.fuer(nutzer)
            .neueste_zuerst()
            .select_related("projekt", "projekt__plan", "verfasst_von")[:10]
        ),
        themen_ohne_aktive=[t for t in themen if not t.hat_aktive],
        anzahl_themen=len(themen),
        abdeckung=abdeckung_laden(nutzer, themen),
        stichtag=stichtag,
    )


@dataclass
class MeineMassnahmen:
    """The measures ``nutzer`` is responsible for (``Projektskizze.verantwortlich``)."""

    massnahmen: list[Projektskizze]
    anzahl: int
    stichtag: datetime.date


# Open milestones shown per measure under "Meine Maßnahmen" (the next ones due).
MEILENSTEINE_JE_MASSNAHME = 3


def meine_laden(nutzer, stichtag: datetime.date | None = None) -> MeineMassnahmen:
    """The reader's own measures, the one with the earliest open milestone first (then by
    plan and number), each with ``offene_meilensteine`` (their count) and
    ``naechste_meilensteine`` (at most MEILENSTEINE_JE_MASSNAHME, earliest due first, each
    with ``ueberfaellig``). At most LISTE_HOECHSTENS measures; two queries, a third (the count)
    only when the list is full.
    """
    stichtag = stichtag or timezone.localdate()
    offene = Meilenstein.objects.offen().filter(projekt=OuterRef("pk")).order_by()
    meine = (
        Projektskizze.objects.fuer(nutzer)
        .filter(verantwortlich=nutzer.pk)
        .mit_aktuellem_stand()
        .select_related("plan")
        .annotate(
            offene_meilensteine=anzahl(offene),
            naechste_faelligkeit=Subquery(
                offene.values("projekt").annotate(m=Min("faellig_am")).values("m")[:1]
            ),
        )
        .prefetch_related(
            Prefetch(
                "meilensteine",
                queryset=Meilenstein.objects.offen().order_by("faellig_am", "pk")[
                    :MEILENSTEINE_JE_MASSNAHME
                ],
                to_attr="naechste_meilensteine",
            )
        )
        .order_by(F("naechste_faelligkeit").asc(nulls_last=True), "plan__name", "nummer")
    )
    liste = list(meine[:LISTE_HOECHSTENS])
    for projekt in liste:
        stand_beschriften(projekt)
        for meilenstein in projekt.naechste_meilensteine:
            meilenstein.ueberfaellig = meilenstein.ist_ueberfaellig(stichtag)
    gesamt = meine.count() if len(liste) == LISTE_HOECHSTENS else len(liste)
    return MeineMassnahmen(massnahmen=liste, anzahl=gesamt, stichtag=stichtag)
