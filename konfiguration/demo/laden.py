"""Load the whole Stolberg setting in one transaction."""

from dataclasses import dataclass, field

from django.apps import apps
from django.db import transaction

from aktionsplan.models import Raum

from .akteure import akteure_laden
from .benutzer import (
    BENUTZER,
    DEMO_PASSWORT,
    ESCHWEILER_REDAKTION,
    REGION_BENUTZER,
    REGION_ZUSTAENDIGKEIT,
    benutzer_laden,
    region_benutzer_laden,
    zustaendigkeiten_laden,
)
from .eschweiler import eschweiler_laden
from .gebaerdensprache import gebaerdenvideos_laden
from .jahresbericht import jahresbericht_laden
from .monitoring import beteiligung_laden, indikatoren_laden
from .projekte import projekte_laden
from .rahmen import KOMMUNE, rahmen_laden
from .region import region_raeume_laden
from .rueckmeldungen import rueckmeldungen_laden
from .sichern import Lader
from .steckbriefe import einschaetzungen_laden
from .umrisse import umrisse_laden

# Models whose row counts the summary reports, in reading order.
ZUSAMMENFASSUNG_MODELLE = [
    "aktionsplan.Thema",
    "aktionsplan.Raum",
    "aktionsplan.Zielgruppe",
    "aktionsplan.Plan",
    "akteure.Akteur",
    "akteure.Ansprechperson",
    "akteure.Datenquelle",
    "projekte.Projektskizze",
    "projekte.Sachstand",
    "projekte.Meilenstein",
    "projekte.Finanzierung",
    "monitoring.Indikator",
    "monitoring.Messwert",
    "aktionsplan.Beteiligungsformat",
    "monitoring.Erkenntnis",
    "monitoring.Einschaetzung",
    "monitoring.Berichtsfassung",
    "rueckmeldungen.Rueckmeldung",
    "oeffentlich.Gebaerdenvideo",
]


@dataclass(frozen=True)
class Ergebnis:
    # (verbose_name_plural, rows in the database, created now, changed now)
    zeilen: list[tuple[str, int, int, int]]
    logins: list[tuple[str, str]]
    passwort: str
    # region demo: (username, Rolle, the Kommune the role holds for or "" for the whole region)
    region_logins: list[tuple[str, str, str]] = field(default_factory=list)


@transaction.atomic
def demo_laden(*, region: bool = False) -> Ergebnis:
    """Create or update the demo data. Idempotent: a second run writes nothing.

    ``region``: also the StädteRegion Aachen (``region.py``: its 10 Kommunen and 93 Sozialräume
    with their population) with Eschweiler's plan, and the logins of the region. Without it the
    Stolberg setting is written as always; rows of the region loaded before stay as they are."""
    # Stolberg owns its new rows also when other Kommunen exist already (the region loaded
    # first): the Kommune is known once the frame is loaded, or before when it exists.
    lader = Lader(kommune=Raum.objects.filter(slug=KOMMUNE[0], ebene=Raum.Ebene.KOMMUNE).first())
    benutzer = benutzer_laden()
    rahmen = rahmen_laden(lader)
    lader.kommune = rahmen.kommune
    # Memberships before the outlines: in an installation with several Kommunen (after
    # `demo --region`) the Datenpflege imports them as a person of Stolberg.
    zustaendigkeiten_laden(benutzer, kommune=rahmen.kommune)
    umrisse_laden(lader, benutzer=benutzer["datenpflege"])
    akteure, datenquellen = akteure_laden(lader, rahmen)
    projekte = projekte_laden(lader, rahmen=rahmen, akteure=akteure, benutzer=benutzer)
    indikatoren = indikatoren_laden(
        lader, rahmen=rahmen, datenquellen=datenquellen, projekte=projekte, benutzer=benutzer
    )
    beteiligung_laden(lader, rahmen=rahmen, projekte=projekte, benutzer=benutzer)
    einschaetzungen_laden(lader, indikatoren=indikatoren, benutzer=benutzer)
    jahresbericht_laden(lader, projekte=projekte, benutzer=benutzer)
    rueckmeldungen_laden(lader, projekte=projekte)
    gebaerdenvideos_laden(lader, projekte=projekte, benutzer=benutzer)
    region_logins = []
    if region:
        raeume = region_raeume_laden(lader)
        region_benutzer = region_benutzer_laden()
        eschweiler_laden(
            lader,
            region=raeume,
            zielgruppen=rahmen.zielgruppen,
            akteure=akteure,
            redaktion=region_benutzer[ESCHWEILER_REDAKTION],
        )
        region_logins = [
            (username, rolle, rahmen.kommune.name) for username, _v, _n, rolle in BENUTZER
        ] + [
            (
                username,
                rolle,
                raeume.kommune(REGION_ZUSTAENDIGKEIT[username]).name
                if REGION_ZUSTAENDIGKEIT[username]
                else "",
            )
            for username, _v, _n, rolle in REGION_BENUTZER
        ]

    zeilen = []
    for label in ZUSAMMENFASSUNG_MODELLE:
        modell = apps.get_model(label)
        name = str(modell._meta.verbose_name_plural)
        zeilen.append(
            (name, modell._default_manager.count(), lader.neu[name], lader.geaendert[name])
        )
    logins = [(username, rolle) for username, _v, _n, rolle in BENUTZER]
    return Ergebnis(
        zeilen=zeilen, logins=logins, passwort=DEMO_PASSWORT, region_logins=region_logins
    )
