"""Measures as a kind of data in files (aktionsplan.datenimport).

A measure is created or updated by plan and number. Status and Ampel never come from a file:
they come from status reports (a "Status" column is listed as not read). Every write goes through
projekte.services (projekt_anlegen, projekt_aendern with the version the check saw), so a file
passes the same rules and the same lock as the staff form.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from aktionsplan.datenarten import (
    BENUTZER_VERZEICHNIS,
    PLAENE_VERZEICHNIS,
    RAEUME_VERZEICHNIS,
    THEMEN_VERZEICHNIS,
    UNBRK_VERZEICHNIS,
    ZIELGRUPPEN_VERZEICHNIS,
)
from aktionsplan.datenimport import Datenart, Zeile
from aktionsplan.datenspalten import (
    Bezug,
    Datum,
    Ganzzahl,
    JaNein,
    Liste,
    Text,
    Verzeichnisart,
    Zahl,
    gleich,
)
from aktionsplan.eingaben import id_aus
from aktionsplan.sperre import VeralteterStandError
from projekte.models import Projektskizze, Sachstand
from projekte.services import projekt_aendern, projekt_anlegen

_KENNUNG = re.compile(r"^(?P<plan>.*\S)\s+(?P<nummer>\d{1,5})$")


def _projekt_eingrenzen(text: str) -> Q:
    bedingung = gleich("titel")(text)
    if treffer := _KENNUNG.match(" ".join(text.split())):
        bedingung |= Q(nummer=int(treffer["nummer"])) & gleich("plan__kurzname", "plan__name")(
            treffer["plan"]
        )
    return bedingung


# A measure by its Kennung (plan and number, "Aktionsplan 12", as the staff pages show it) or by
# its title.
PROJEKTE_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Projektskizze.objects.select_related("plan"),
    schluessel=(lambda p: p.kennung, lambda p: p.titel),
    export=lambda p: p.kennung,
    unbekannt=gettext_lazy("„%(wert)s“ ist keine bekannte Maßnahme."),
    mehrdeutig=gettext_lazy(
        "„%(wert)s“ ist mehrdeutig – bitte geben Sie die Kennung der Maßnahme an (Plan und "
        "Nummer, z. B. „Aktionsplan 12“)."
    ),
    eingrenzen=_projekt_eingrenzen,
    hinweis=gettext_lazy("Der Titel oder die Kennung (Plan und Nummer, z. B. „Aktionsplan 12“)."),
)

# A status report has no name: it is named by its number (the ID in its admin address).
SACHSTAENDE_VERZEICHNIS = Verzeichnisart(
    abfrage=lambda: Sachstand.objects.all(),
    schluessel=(lambda s: str(s.pk),),
    export=lambda s: str(s.pk),
    unbekannt=gettext_lazy("„%(wert)s“ ist kein bekannter Sachstand."),
    eingrenzen=lambda text: Q(pk=id_aus(text)) if id_aus(text) is not None else Q(pk=None),
    hinweis=gettext_lazy(
        "Die Nummer des Sachstands (die Zahl in der Adresse seiner Seite in der Datenpflege)."
    ),
)


def _schreiben(zeile: Zeile, benutzer) -> Projektskizze:
    """One row through the services; a measure changed since the check is refused."""
    projekt: Projektskizze = zeile.objekt
    m2m_felder = {s.feld for s in MASSNAHMEN.spalten if s.m2m}
    if not zeile.bestehend:
        daten = {f: getattr(projekt, f) for f in zeile.zellen if f not in m2m_felder}
        return projekt_anlegen(benutzer=benutzer, daten=daten, m2m=zeile.m2m)
    try:
        return projekt_aendern(
            projekt=projekt,
            benutzer=benutzer,
            erwartete_version=projekt.version,
            daten={f: getattr(projekt, f) for f in zeile.geaenderte_felder},
            m2m=zeile.m2m,
        )
    except VeralteterStandError as fehler:
        raise ValidationError(
            _("%(meldung)s Bitte laden Sie die Datei erneut hoch.")
            % {"meldung": fehler.veraltet.meldung()},
            code="veraltet",
        ) from fehler


MASSNAHMEN = Datenart(
    modell=Projektskizze,
    spalten=[
        Bezug("plan", verzeichnis=PLAENE_VERZEICHNIS),
        Ganzzahl("nummer"),
        Text("titel"),
        Text("kurzbeschreibung"),
        Text("ziele"),
        Bezug("hauptthema", verzeichnis=THEMEN_VERZEICHNIS),
        Liste("weitere_themen", verzeichnis=THEMEN_VERZEICHNIS),
        Liste("zielgruppen", verzeichnis=ZIELGRUPPEN_VERZEICHNIS),
        Liste("unbrk_artikel", verzeichnis=UNBRK_VERZEICHNIS),
        Liste("raeume", verzeichnis=RAEUME_VERZEICHNIS),
        Datum("beginn"),
        Datum("ende"),
        Zahl("kosten", aliase=("Kosten", "Kosten (EUR)")),
        Bezug("verantwortlich", verzeichnis=BENUTZER_VERZEICHNIS, aliase=("verantwortlich",)),
        JaNein("veroeffentlicht"),
    ],
    schluessel=("plan", "nummer"),
    schreiben=_schreiben,
)
