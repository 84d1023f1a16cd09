"""Indicators and measured values as kinds of data in files (aktionsplan.datenimport).

Indicators are identified by their name; values by indicator (name), year and area (Kurzname,
Schlüssel or name), so importing the same file twice changes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from akteure.datenarten import DATENQUELLEN_VERZEICHNIS
from aktionsplan.datenarten import RAEUME_VERZEICHNIS, THEMEN_VERZEICHNIS, UNBRK_VERZEICHNIS
from aktionsplan.datenimport import Datenart
from aktionsplan.datenspalten import (
    Auswahl,
    Bezug,
    Ganzzahl,
    JaNein,
    Liste,
    Text,
    Verzeichnisart,
    Zahl,
    gleich,
)
from monitoring.models import Bewertergruppe, Erkenntnis, Indikator, Messwert
from monitoring.schutz import Anzeigewert, schuetzen

INDIKATOREN_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Indikator.objects.all(),
    schluessel=(lambda i: i.name,),
    export=lambda i: i.name,
    unbekannt=_("„%(wert)s“ ist kein bekannter Indikator."),
    eingrenzen=gleich("name"),
)

BEWERTERGRUPPEN_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Bewertergruppe.objects.all(),
    schluessel=(lambda g: g.name,),
    export=lambda g: g.name,
    unbekannt=_("„%(wert)s“ ist keine bekannte Bewertergruppe."),
    eingrenzen=gleich("name"),
)

ERKENNTNISSE_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Erkenntnis.objects.all(),
    schluessel=(lambda e: e.titel,),
    export=lambda e: e.titel,
    unbekannt=_("„%(wert)s“ ist keine bekannte Erkenntnis."),
    mehrdeutig=_(
        "„%(wert)s“ ist mehrdeutig – mehrere Erkenntnisse tragen diesen Titel. Bitte wählen Sie "
        "sie mit JavaScript aus oder geben Sie ihnen verschiedene Titel."
    ),
    eingrenzen=gleich("titel"),
)

INDIKATOREN = Datenart(
    modell=Indikator,
    spalten=[
        Text("name"),
        Text("beschreibung", aliase=("Beschreibung",)),
        Auswahl("art"),
        Text("einheit"),
        JaNein("ist_fallzahl", aliase=("Fallzahl",)),
        Auswahl("richtung"),
        Bezug("datenquelle", verzeichnis=DATENQUELLEN_VERZEICHNIS),
        Liste("themen", verzeichnis=THEMEN_VERZEICHNIS),
        Liste("unbrk_artikel", verzeichnis=UNBRK_VERZEICHNIS),
        Auswahl("raeumliche_ebene"),
        Auswahl("rhythmus"),
        Zahl("basiswert"),
        Ganzzahl("basisjahr"),
        Zahl("zielwert"),
        Ganzzahl("zieljahr"),
        Ganzzahl("mindestfallzahl", aliase=("Mindestfallzahl",)),
    ],
    schluessel=("name",),
)


def _schutz_vorher(messwerte: list[Messwert]) -> dict[int, Anzeigewert]:
    """The existing target values as everyone but the data stewards sees them, by pk (their
    whole protection groups, one query)."""
    if not messwerte:
        return {}
    gruppen = Messwert.objects.fuer_anzeige(
        indikatoren={m.indikator_id for m in messwerte}, jahre={m.jahr for m in messwerte}
    )
    return schuetzen(list(gruppen))


MESSWERTE = Datenart(
    modell=Messwert,
    spalten=[
        Bezug("indikator", verzeichnis=INDIKATOREN_VERZEICHNIS),
        Ganzzahl("jahr"),
        Bezug("raum", verzeichnis=RAEUME_VERZEICHNIS),
        Zahl("wert"),
        JaNein("vorlaeufig"),
        Text("quellenhinweis", aliase=("Quelle",)),
        Ganzzahl("fallzahl", aliase=("n",)),
    ],
    schluessel=("indikator", "jahr", "raum"),
    pflicht=("wert",),
    bestandsinfo=_schutz_vorher,
    beispiel=[
        "Name des Indikators",
        2025,
        "Atsch",
        Decimal("1234.5"),
        False,
        "Lieferung 03/2026",
        None,
    ],
)
