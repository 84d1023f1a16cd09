"""Monitoring's long work in the task queue (aufgaben): the yearly report's files, the staff
import of values from big files, and reminder mails.

Each task takes the id of its record (aufgaben.models.Aufgabe) and runs through
aufgaben.services.ausfuehren, which keeps the record's status; the views and the command start
them with the ``*_starten`` functions below.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from aktionsplan.datenimport import GEAENDERT, NEU, STATUS_TEXT, UNVERAENDERT, Pruefung
from aktionsplan.hintergrundexport import Exportdatei, als_querydict, export_ausfuehren
from aktionsplan.hintergrundimport import import_ausfuehren
from aktionsplan.personen import anzeigename
from aktionsplan.querysets import auswahl_eingrenzen
from aktionsplan.rollen import darf_bearbeiten, ist_datenpflege
from aufgaben.models import Aufgabe
from aufgaben.services import (
    AufgabeFehler,
    ausfuehren,
    datei_ablegen,
    datei_starten,
    datei_uebernehmen,
    fertige_datei,
    starten,
)
from monitoring import importe
from monitoring.berichtsfassungen import bericht_der_fassung
from monitoring.datenarten import MESSWERTE
from monitoring.erinnerungen import erinnerung_senden
from monitoring.forms_indikatoren import MesswertExportForm
from monitoring.jahresbericht import (
    berichtskommune,
    berichtskommune_name,
    berichtsschluessel,
    jahresbericht_erstellen,
)
from monitoring.jahresbericht_export import als_pdf, als_xlsx, dateiname
from monitoring.models import Berichtsfassung

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

    from monitoring.erinnerungen import Erinnerung

BERICHT_ARTEN = {"pdf": Aufgabe.Art.BERICHT_PDF, "xlsx": Aufgabe.Art.BERICHT_XLSX}


# --- the yearly report as a file -----------------------------------------------------------------


def bericht_titel(jahr: int, format_: str) -> str:
    if format_ == "pdf":
        return _("Jahresbericht %(jahr)s als PDF") % {"jahr": jahr}
    return _("Jahresbericht %(jahr)s als Excel-Datei (XLSX)") % {"jahr": jahr}


def bericht_starten(
    *,
    jahr: int,
    format_: str,
    benutzer: AbstractBaseUser,
    sprache: str,
    herkunft_url: str,
    fassung: Berichtsfassung | None = None,
    kommune: int | None = None,
) -> Aufgabe:
    """The record of a report file for ``benutzer``: done at once if a file for the report's
    current state exists (monitoring.jahresbericht.berichtsschluessel), else queued.
    ``fassung``: a draft (its Stand and texts, its Kommune); the file is kept until its data or
    Stand changes. ``kommune``: the report's Kommune in a region (``berichtskommune``)."""
    if fassung is not None:
        kommune = fassung.kommune_id
    return datei_starten(
        bericht_datei,
        schluessel=berichtsschluessel(
            jahr, format_, sprache=sprache, nutzer=benutzer, fassung=fassung, kommune=kommune
        ),
        art=BERICHT_ARTEN[format_],
        titel=bericht_titel(jahr, format_),
        benutzer=benutzer,
        sprache=sprache,
        herkunft_url=herkunft_url,
        eingabe={
            "jahr": jahr,
            "format": format_,
            "fassung": fassung.pk if fassung else None,
            "kommune": kommune,
        },
    )


def _bericht_bauen(aufgabe: Aufgabe) -> None:
    jahr, format_ = aufgabe.eingabe["jahr"], aufgabe.eingabe["format"]
    # The key before the data is read: a change during the build gives the next request a new
    # key, so a file is never served for a state newer than the one it was started on.
    fassung = None
    if aufgabe.eingabe.get("fassung"):
        fassung = (
            Berichtsfassung.objects.defer("daten").filter(pk=aufgabe.eingabe["fassung"]).first()
        )
        if fassung is None or not fassung.ist_entwurf:
            raise AufgabeFehler(_("Den Entwurf gibt es nicht mehr. Es wurde keine Datei erstellt."))
    leser = aufgabe.gestartet_von or AnonymousUser()
    # The Kommune as the page chose it, checked again against the person's memberships now.
    kommune = (
        fassung.kommune_id
        if fassung is not None
        else berichtskommune(leser, aufgabe.eingabe.get("kommune"))
    )
    schluessel = berichtsschluessel(
        jahr, format_, sprache=aufgabe.sprache, nutzer=leser, fassung=fassung, kommune=kommune
    )
    vorhanden = fertige_datei(schluessel)
    if vorhanden is not None:
        # Built meanwhile by a task queued before this one.
        datei_uebernehmen(aufgabe, vorhanden)
        return
    if fassung is not None:
        bericht = bericht_der_fassung(fassung, nutzer=leser)
    else:
        bericht = jahresbericht_erstellen(jahr, nutzer=leser, kommune=kommune)
    name = berichtskommune_name(kommune)
    inhalt = als_pdf(bericht, kommune=name) if format_ == "pdf" else als_xlsx(bericht)
    aufgabe.zeilen = bericht.anzahl_massnahmen
    aufgabe.ergebnis = {
        "stichtag": bericht.stichtag.isoformat(),
        "massnahmen": bericht.anzahl_massnahmen,
        "indikatoren": len(bericht.indikatoren),
        "bytes": len(inhalt),
    }
    datei_ablegen(aufgabe, inhalt, dateiname=dateiname(bericht, format_), schluessel=schluessel)


@task()
def bericht_datei(aufgabe_id: str) -> None:
    """Build the yearly report's PDF or XLSX (9–12 s of WeasyPrint for a big PDF)."""
    ausfuehren(aufgabe_id, _bericht_bauen)


# --- the staff import of values ------------------------------------------------------------------


def _messwert_darstellung(pruefung: Pruefung, *, datenpflege: bool) -> dict:
    """The staff preview's rows; protected numbers as "< N" or "•" outside the data stewards."""
    texte = {**STATUS_TEXT, importe.GESCHUETZT: _("überschreibt geschützten Wert")}
    zeilen = []
    for z in importe.vorschauzeilen(pruefung, datenpflege=datenpflege):
        wert = z["neu"]
        if z["status"] in (GEAENDERT, importe.GESCHUETZT):
            wert = f"{z['alt']} → {z['neu']}"
        if z["vorlaeufig"]:
            wert = f"{wert} ({_('vorläufig')})"
        zeilen.append(
            {
                "nummer": z["nummer"],
                "status": z["status"],
                "status_text": str(texte.get(z["status"], "")),
                "zellen": [str(z["indikator"]), str(z["jahr"]), str(z["raum"]), wert],
                "fehler": list(z["fehler"]),
                "hinweise": [],
            }
        )
    return {
        "kopf": [_("Indikator"), _("Jahr"), _("Raum"), _("Wert")],
        "zeilen": zeilen,
        "anzahl": {
            s: importe.anzahl(pruefung, s, datenpflege=datenpflege)
            for s in (NEU, GEAENDERT, UNVERAENDERT, importe.GESCHUETZT, "fehler")
        },
        "text": importe.erfolgstext(pruefung, datenpflege=datenpflege),
    }


def _messwert_import_arbeit(aufgabe: Aufgabe) -> None:
    datenpflege = aufgabe.gestartet_von is not None and ist_datenpflege(aufgabe.gestartet_von)
    import_ausfuehren(
        aufgabe,
        art=MESSWERTE,
        darstellen=lambda pruefung: _messwert_darstellung(pruefung, datenpflege=datenpflege),
    )


@task()
def messwert_import(aufgabe_id: str) -> None:
    """Check or write a big file of measured values (the task's kind says which)."""
    ausfuehren(aufgabe_id, _messwert_import_arbeit)


# --- the staff export of values ------------------------------------------------------------------

MESSWERT_EXPORT = "messwerte"


def messwert_export_titel(indikator) -> str:
    if indikator is None:
        return _("Export aller Messwerte")
    return _("Export der Messwerte: %(name)s") % {"name": indikator.name}


def messwert_exportdateiname(indikator, format_: str) -> str:
    name = f"messwerte-{indikator.pk}" if indikator else "messwerte"
    return f"{name}-{timezone.localdate():%Y-%m-%d}.{format_}"


def _messwert_export_bauen(aufgabe: Aufgabe) -> Exportdatei:
    """The file the staff export writes in the request (monitoring.importe.exportieren), for
    the person who started the task, with their role's protection of small numbers."""
    nutzer = aufgabe.gestartet_von
    if not darf_bearbeiten(nutzer):
        raise AufgabeFehler(
            _("Sie dürfen diese Daten nicht mehr exportieren. Es wurde keine Datei erstellt.")
        )
    form = MesswertExportForm(als_querydict(aufgabe.eingabe["parameter"]))
    auswahl_eingrenzen(form, nutzer)
    if not form.is_valid():
        raise AufgabeFehler(_("Den Indikator gibt es nicht mehr. Es wurde keine Datei erstellt."))
    indikator, format_ = form.cleaned_data["indikator"], form.cleaned_data["format"]
    inhalt = importe.exportieren(
        nutzer=nutzer, datenpflege=ist_datenpflege(nutzer), indikator=indikator, format_=format_
    )
    zeilen = importe.exportmenge(nutzer=nutzer, indikator=indikator).count()
    return Exportdatei(inhalt, messwert_exportdateiname(indikator, format_), zeilen)


@task()
def messwert_export(aufgabe_id: str) -> None:
    """Write the staff export of more values than a request may (aktionsplan.hintergrundexport)."""
    export_ausfuehren(aufgabe_id, _messwert_export_bauen)


# --- reminder mails ------------------------------------------------------------------------------


def erinnerung_starten(erinnerung: Erinnerung, *, stichtag: datetime.date) -> Aufgabe:
    """Enqueue the reminder mail to one person (started by cron: no person starts it)."""
    person = erinnerung.person
    return starten(
        erinnerungsmail,
        art=Aufgabe.Art.ERINNERUNG,
        titel=_("Erinnerung an %(name)s (%(email)s)")
        % {"name": anzeigename(person), "email": person.email},
        benutzer=None,
        sprache=settings.LANGUAGE_CODE,
        eingabe={"person": person.pk, "stichtag": stichtag.isoformat()},
        zeilen=len(erinnerung.meilensteine) + len(erinnerung.projekte),
    )


def _erinnerung_arbeit(aufgabe: Aufgabe) -> None:
    person_id = aufgabe.eingabe["person"]
    stichtag = datetime.date.fromisoformat(aufgabe.eingabe["stichtag"])
    erinnerung = erinnerung_senden(person_id=person_id, stichtag=stichtag)
    if erinnerung is None:
        aufgabe.zeilen = 0
        aufgabe.ergebnis = {"gesendet": False}
        return
    aufgabe.zeilen = len(erinnerung.meilensteine) + len(erinnerung.projekte)
    aufgabe.ergebnis = {
        "gesendet": True,
        "an": erinnerung.person.email,
        "meilensteine": len(erinnerung.meilensteine),
        "massnahmen": len(erinnerung.projekte),
    }


@task()
def erinnerungsmail(aufgabe_id: str) -> None:
    """Send one person's reminder mail."""
    ausfuehren(aufgabe_id, _erinnerung_arbeit)
