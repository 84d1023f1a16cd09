"""The overview: every number aggregated in SQL over ``mit_aktuellem_stand()``; the page costs a
fixed number of queries whatever the amount of data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from aktionsplan.models import Thema
from monitoring.abdeckung import Abdeckung, abdeckung_laden
from projekte.models import (
    Ampel,
    Meilenstein,
    Projektskizze,
    ProjektskizzeQuerySet,
    Sachstand,
    Status,
)


def _aktive_massnahmen_zu_thema(massnahmen: ProjektskizzeQuerySet) -> QuerySet:
    # A measure counts for its main theme and for all its further themes.
    return massnahmen.aktiv().filter(
        Q(hauptthema=OuterRef("pk")) | Q(weitere_themen=OuterRef("pk"))
    )


@dataclass
class Themenzeile:
    thema: Thema
    # (status value, label, count) in lifecycle order
    je_status: list[tuple[str, str, int]] = field(default_factory=list)
    gesamt: int = 0
    im_plan: int = 0
    gefaehrdet: int = 0
    kritisch: int = 0
    ohne_ampel: int = 0
    mittlerer_fortschritt: float | None = None


@dataclass
class Uebersicht:
    themenzeilen: list[Themenzeile]
    summen_je_status: list[tuple[str, str, int]]
    summe: int
    ueberfaellige_meilensteine: list[Meilenstein]
    anzahl_ueberfaellig: int
    ohne_aktuellen_sachstand: list[Projektskizze]
    anzahl_ohne_aktuellen_sachstand: int
    neueste_sachstaende: list[Sachstand]
    themen_ohne_aktive: list[Thema]
    abdeckung: Abdeckung
    stichtag: datetime.date


# The overview's lists show at most this many rows (newest first), with the total count, so the
# page does not grow with the data.
LISTE_HOECHSTENS = 25


def uebersicht_laden(nutzer, stichtag: datetime.date | None = None) -> Uebersicht:
    """All numbers of the overview, as ``nutzer`` may see them, in eight queries:

    1. themes, each with a flag whether an active measure exists for it (EXISTS subquery);
    2. measures grouped by Hauptthema: COUNT per status and per Ampel, AVG progress;
    3./4. overdue milestones with measure and plan (at most LISTE_HOECHSTENS), and their count;
    5./6. measures without a recent report (``ohne_aktuellen_sachstand``), and their count;
    7. the ten latest reports with measure, plan and author;
    8. the coverage matrix: substantive UN-BRK articles × themes, every count as a subquery
       (monitoring.abdeckung).
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
    zeilen = {
        z["hauptthema"]: z
        for z in massnahmen.mit_aktuellem_stand()
        .order_by()
        .values("hauptthema")
        .annotate(gesamt=Count("pk"), mittel=Avg("aktueller_fortschritt"), **zaehlungen)
    }
    themenzeilen = []
    summen = dict.fromkeys(Status.values, 0)
    for thema in themen:
        roh = zeilen.get(thema.pk, {})
        zeile = Themenzeile(thema=thema, gesamt=roh.get("gesamt", 0))
        for s in Status:
            anzahl = roh.get(f"status_{s.value}", 0)
            zeile.je_status.append((s.value, s.label, anzahl))
            summen[s.value] += anzahl
        zeile.im_plan = roh.get(f"ampel_{Ampel.IM_PLAN}", 0)
        zeile.gefaehrdet = roh.get(f"ampel_{Ampel.GEFAEHRDET}", 0)
        zeile.kritisch = roh.get(f"ampel_{Ampel.KRITISCH}", 0)
        zeile.ohne_ampel = zeile.gesamt - zeile.im_plan - zeile.gefaehrdet - zeile.kritisch
        zeile.mittlerer_fortschritt = roh.get("mittel")
        themenzeilen.append(zeile)

    return Uebersicht(
        themenzeilen=themenzeilen,
        summen_je_status=[(s.value, s.label, summen[s.value]) for s in Status],
        summe=sum(summen.values()),
        ueberfaellige_meilensteine=list(ueberfaellig[:LISTE_HOECHSTENS]),
        anzahl_ueberfaellig=ueberfaellig.count(),
        ohne_aktuellen_sachstand=list(ohne_sachstand[:LISTE_HOECHSTENS]),
        anzahl_ohne_aktuellen_sachstand=ohne_sachstand.count(),
        neueste_sachstaende=list(
            Sachstand.objects.fuer(nutzer)
            .neueste_zuerst()
            .select_related("projekt", "projekt__plan", "verfasst_von")[:10]
        ),
        themen_ohne_aktive=[t for t in themen if not t.hat_aktive],
        abdeckung=abdeckung_laden(nutzer, themen),
        stichtag=stichtag,
    )
