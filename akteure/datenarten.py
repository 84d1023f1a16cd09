"""How files name actor types, actors and data sources (aktionsplan.datenimport)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from akteure.models import Akteur, Akteurstyp, Datenquelle
from aktionsplan.datenspalten import (
    Verzeichnisart,
)

AKTEURSTYPEN_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Akteurstyp.objects.all(),
    schluessel=(lambda t: t.name,),
    export=lambda t: t.name,
    unbekannt=_("„%(wert)s“ ist kein bekannter Akteurstyp."),
)

AKTEURE_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Akteur.objects.all(),
    schluessel=(lambda a: a.name, lambda a: a.kurzname),
    export=lambda a: a.name,
    unbekannt=_("„%(wert)s“ ist kein bekannter Akteur."),
    mehrdeutig=_("„%(wert)s“ ist mehrdeutig – bitte geben Sie den vollen Namen des Akteurs an."),
)

DATENQUELLEN_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Datenquelle.objects.all(),
    schluessel=(lambda d: d.name,),
    export=lambda d: d.name,
    unbekannt=_("„%(wert)s“ ist keine bekannte Datenquelle."),
)
