"""Imports of more than ``GROSS_AB_ZEILEN`` rows in the task queue (aktionsplan.datenimport).

The import page hands a big upload as it is to a task "Import prüfen" (no request reads it). The
task reads the file — a file that cannot be read fails the task with the reason — keeps its
parsed rows in place of the bytes, runs the engine's check — everything a confirm would do,
rolled back — and stores the preview on its record. Its status page shows the preview and, when
every row is valid, a confirm form that posts to the import page; the page starts "Import
speichern", which writes all rows or none (the engine's transaction and fingerprint, as in the
request). A confirm that finds target rows changed since the preview, or a row failing now,
writes nothing and stores a fresh preview, which can be confirmed in turn. A task that fails
writes nothing.

How rows are shown is the page's business: each import page passes a ``Darstellung`` that turns
the engine's result into JSON-safe table rows (the staff page hides protected small numbers).
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from aktionsplan import dateien
from aktionsplan.dateien import DateiFehler, Tabelle
from aktionsplan.datenimport import Datenart, Pruefung, pruefen, pruefsumme, uebernehmen
from aufgaben.models import Aufgabe
from aufgaben.services import AufgabeFehler, starten

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django_tasks import Task

# Turns a check's or confirm's result into what the status page shows: "kopf" (column headers),
# "zeilen" (per row: nummer, status, status_text, zellen, fehler, hinweise — all JSON-safe),
# "anzahl" (rows per outcome) and "text" (the sentence after a successful confirm).
Darstellung = Callable[[Pruefung], dict]


def pruefung_starten(
    task: Task,
    *,
    art: Datenart,
    inhalt: bytes,
    dateiname: str,
    zeilen: int,
    benutzer: AbstractBaseUser,
    herkunft_url: str,
) -> Aufgabe:
    """Enqueue the check of a big uploaded file (``zeilen``: about how many data rows)."""
    return starten(
        task,
        art=Aufgabe.Art.IMPORT_PRUEFEN,
        titel=_("%(name)s importieren: %(datei)s") % {"name": art.name, "datei": dateiname},
        benutzer=benutzer,
        herkunft_url=herkunft_url,
        eingabe={
            "datenart": art.kennung,
            "dateiname": dateiname,
            # The upload as it is (at most aktionsplan.dateien.MAX_BYTES), read by the task.
            "datei": base64.b64encode(inhalt).decode("ascii"),
        },
        zeilen=zeilen,
    )


def _tabelle(aufgabe: Aufgabe, art: Datenart) -> tuple[Tabelle, str]:
    """The rows of the file a check or confirm works on, and their checksum. The first check
    reads the uploaded bytes and keeps the parsed rows in their place (saved with the result).

    Raises DateiFehler for a file that cannot be read.
    """
    daten = aufgabe.vorlage or aufgabe
    if "tabelle" not in daten.eingabe:
        tabelle = dateien.lesen(
            base64.b64decode(daten.eingabe["datei"]), daten.eingabe["dateiname"]
        )
        daten.eingabe = {
            "datenart": daten.eingabe["datenart"],
            "dateiname": daten.eingabe["dateiname"],
            "tabelle": tabelle.als_json(),
            "pruefsumme": pruefsumme(art, tabelle),
        }
        return tabelle, daten.eingabe["pruefsumme"]
    return Tabelle.aus_json(daten.eingabe["tabelle"]), daten.eingabe["pruefsumme"]


def uebernahme_starten(
    task: Task,
    *,
    art: Datenart,
    aufgabe_id: str,
    pruefsumme: str,
    benutzer: AbstractBaseUser,
    herkunft_url: str,
) -> Aufgabe | None:
    """Enqueue the confirm of the preview ``aufgabe_id``, or return None if it cannot be
    confirmed: not the person's own, not done, not of this kind of data, not error-free, of
    another file (``pruefsumme``), or saved already."""
    try:
        uuid.UUID(str(aufgabe_id))
    except ValueError:
        return None
    vorschau = (
        Aufgabe.objects.fuer(benutzer)
        .filter(
            pk=aufgabe_id,
            gestartet_von=benutzer,
            art__in=[Aufgabe.Art.IMPORT_PRUEFEN, Aufgabe.Art.IMPORT_UEBERNEHMEN],
            status=Aufgabe.Status.FERTIG,
        )
        .defer("eingabe")
        .first()
    )
    if vorschau is None:
        return None
    ergebnis = vorschau.ergebnis
    if (
        ergebnis.get("datenart") != art.kennung
        or ergebnis.get("pruefsumme") != pruefsumme
        or not ergebnis.get("fehlerfrei")
        or ergebnis.get("gespeichert")
    ):
        return None
    return starten(
        task,
        art=Aufgabe.Art.IMPORT_UEBERNEHMEN,
        titel=vorschau.titel,
        benutzer=benutzer,
        herkunft_url=herkunft_url,
        eingabe={"fingerabdruck": ergebnis["fingerabdruck"]},
        zeilen=vorschau.zeilen,
        # The rows stay on the first preview; a confirm of a confirm's fresh preview reads them
        # there too.
        vorlage_id=vorschau.vorlage_id or vorschau.pk,
    )


def datenart_der_aufgabe(aufgabe: Aufgabe) -> str:
    """The kind of data (``Datenart.kennung``) a check or confirm works on."""
    daten = aufgabe.vorlage or aufgabe
    return daten.eingabe["datenart"]


def import_ausfuehren(aufgabe: Aufgabe, *, art: Datenart, darstellen: Darstellung) -> None:
    """The work of a check or confirm task (run through aufgaben.services.ausfuehren).

    Raises AufgabeFehler when the file as a whole cannot be read or its owner is gone.
    """
    benutzer = aufgabe.gestartet_von
    if benutzer is None or not benutzer.is_active:
        raise AufgabeFehler(
            _("Die Person, die den Import gestartet hat, hat kein aktives Konto mehr.")
        )
    try:
        tabelle, summe = _tabelle(aufgabe, art)
        if aufgabe.art == Aufgabe.Art.IMPORT_UEBERNEHMEN:
            pruefung = uebernehmen(
                art, tabelle, benutzer=benutzer, fingerabdruck=aufgabe.eingabe["fingerabdruck"]
            )
        else:
            pruefung = pruefen(art, tabelle, benutzer=benutzer)
    except DateiFehler as fehler:
        raise AufgabeFehler(str(fehler)) from fehler
    aufgabe.zeilen = len(pruefung.zeilen)
    aufgabe.ergebnis = {
        "datenart": art.kennung,
        "pruefsumme": summe,
        "fingerabdruck": pruefung.fingerabdruck,
        "fehlerfrei": pruefung.fehlerfrei,
        "gespeichert": pruefung.gespeichert,
        "veraltet": pruefung.veraltet,
        "ignoriert": list(pruefung.ignoriert),
        "fehlerzahl": pruefung.anzahl("fehler"),
        **darstellen(pruefung),
    }
