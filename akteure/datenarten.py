"""Actors and data sources as kinds of data in files (aktionsplan.datenimport).

Both are identified by their name. Contact persons (personal data) are not part of any file. An
actor names its Kommune (column „Kommune“, by name or Amtlicher Gemeindeschlüssel; empty: the
importing person's only Kommune for a municipal actor, none for a regional one).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from akteure.models import Akteur, Akteurstyp, Datenquelle
from aktionsplan.datenarten import KOMMUNEN_VERZEICHNIS, RAEUME_VERZEICHNIS
from aktionsplan.datenimport import Datenart
from aktionsplan.datenspalten import (
    Auswahl,
    Bezug,
    JaNein,
    Kommunenbezug,
    Liste,
    Text,
    Verzeichnisart,
    gleich,
)

AKTEURSTYPEN_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Akteurstyp.objects.all(),
    schluessel=(lambda t: t.name,),
    export=lambda t: t.name,
    unbekannt=_("„%(wert)s“ ist kein bekannter Akteurstyp."),
    eingrenzen=gleich("name"),
)

AKTEURE_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Akteur.objects.all(),
    schluessel=(lambda a: a.name, lambda a: a.kurzname),
    export=lambda a: a.name,
    unbekannt=_("„%(wert)s“ ist kein bekannter Akteur."),
    mehrdeutig=_("„%(wert)s“ ist mehrdeutig – bitte geben Sie den vollen Namen des Akteurs an."),
    eingrenzen=gleich("name", "kurzname"),
)

DATENQUELLEN_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Datenquelle.objects.all(),
    schluessel=(lambda d: d.name,),
    export=lambda d: d.name,
    unbekannt=_("„%(wert)s“ ist keine bekannte Datenquelle."),
    eingrenzen=gleich("name"),
)

AKTEURE = Datenart(
    modell=Akteur,
    spalten=[
        Text("name"),
        Text("kurzname"),
        Bezug("typ", verzeichnis=AKTEURSTYPEN_VERZEICHNIS),
        Auswahl("ebene"),
        # After the level: an empty cell gives a municipal actor the importing person's Kommune.
        Kommunenbezug(
            verzeichnis=KOMMUNEN_VERZEICHNIS,
            vorgabe_fuer=lambda akteur: akteur.ebene == Akteur.Ebene.KOMMUNAL,
        ),
        Text("beschreibung"),
        Text("website"),
        Liste("raeume", verzeichnis=RAEUME_VERZEICHNIS, aliase=("Räume",)),
        JaNein("aktiv"),
    ],
    schluessel=("name",),
)

DATENQUELLEN = Datenart(
    modell=Datenquelle,
    spalten=[
        Text("name"),
        Bezug("akteur", verzeichnis=AKTEURE_VERZEICHNIS),
        Text("beschreibung"),
        Auswahl("raeumliche_ebene"),
        Auswahl("rhythmus"),
        Text("format"),
        Auswahl("vertraulichkeit"),
        Text("vertraulichkeitsregel"),
    ],
    schluessel=("name",),
)
