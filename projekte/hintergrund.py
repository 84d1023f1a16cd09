"""The measures' long work in the task queue: the export of a long measure list."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django_tasks import task

from aktionsplan.hintergrundexport import Exportdatei, als_querydict, export_ausfuehren
from aktionsplan.rollen import darf_lesen
from aufgaben.models import Aufgabe
from aufgaben.services import AufgabeFehler
from projekte import exporte


def _massnahmen_export_bauen(aufgabe: Aufgabe) -> Exportdatei:
    """The file the list's export writes in the request (projekte.exporte), for the person who
    started the task and within what they may see."""
    nutzer = aufgabe.gestartet_von
    if not darf_lesen(nutzer):
        raise AufgabeFehler(
            _("Sie dürfen diese Daten nicht mehr exportieren. Es wurde keine Datei erstellt.")
        )
    daten = als_querydict(aufgabe.eingabe["parameter"])
    format_ = daten.get("format")
    filter_, _sortierung = exporte.gefiltert(daten, nutzer)
    if format_ not in ("csv", "xlsx") or not filter_.is_valid():
        raise AufgabeFehler(
            _("Die Filter passen nicht mehr zu den Daten. Es wurde keine Datei erstellt.")
        )
    return Exportdatei(
        exporte.datei(filter_.qs, format_), exporte.dateiname(format_), filter_.qs.count()
    )


@task()
def massnahmen_export(aufgabe_id: str) -> None:
    """Write the export of a measure list longer than a request may (see
    aktionsplan.hintergrundexport)."""
    export_ausfuehren(aufgabe_id, _massnahmen_export_bauen)
