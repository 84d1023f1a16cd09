"""Exports of many rows in the task queue (issue 8: no request over 1 s at 100× the demo).

An export of at most ``SOFORT_BIS_ZEILEN`` rows is written in the request, as before. A bigger
one is built by the task queue, like the yearly report's files (monitoring.hintergrund): a GET
shows a page that names the row count and offers to build the file — or hands out the file at
once if one was built for the same content —, its POST starts the task "Export" and leads to the
task's status page (aufgaben), which offers the download when it is done.

A file is built once per content key (:func:`exportschluessel`): the kind of export, its query,
what the reader may see (scope and roles: protected small numbers differ by role), the data stand
— the newest change-history date of every model with a history, and the shared data version
(aktionsplan.zwischenspeicher), which every recorded change raises — and the day. Asking again
for the same content takes the built file (aufgaben.services.fertige_datei) without any worker
time; any change makes a new key. The task computes the key before it reads the data, so a file
is never handed out for a state newer than the one it shows.

Each app keeps its own task (a module-level ``@task()`` function that calls
:func:`export_ausfuehren` with the function that writes its file), so that the worker imports
exactly the code it runs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Max, Value
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from aktionsplan import dateien
from aktionsplan.historie import historienmodelle
from aktionsplan.querysets import bereichsschluessel
from aktionsplan.rollen import rollenschluessel
from aktionsplan.zwischenspeicher import datenstand as datenversion
from aufgaben.models import Aufgabe
from aufgaben.services import (
    AufgabeFehler,
    ausfuehren,
    datei_ablegen,
    datei_starten,
    datei_uebernehmen,
    fertige_datei,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django_tasks import Task

# Up to this many rows an export is written in the request; above, by the task queue. Issue 8
# calls work on more than 500 rows long. Measured at 100× the demo on PostgreSQL (2 cores): the
# admin's measure file takes about 1.1 ms per row (2,900 rows: 3.3 s), the staff value export
# about 0.15 ms per row (79,100 values: 12 s); 500 rows stay well under 1 s for every kind.
SOFORT_BIS_ZEILEN = 500
# Raised when the layout of an export file changes, so that files built before are not reused.
EXPORT_FASSUNG = 1


def ist_gross(zeilen: int) -> bool:
    """Whether an export of ``zeilen`` rows goes to the task queue."""
    return zeilen > SOFORT_BIS_ZEILEN


def datenstand() -> str:
    """The data stand of an export's content key: the newest change-history date over every
    model with a history (one query, each table's newest date from its index, UNION ALL) and the
    shared data version (one cache read), as text."""
    teile = [
        modell.history.model.objects.annotate(_k=Value(1))
        .values("_k")
        .annotate(neueste=Max("history_date"))
        .values("neueste")
        .order_by()
        for modell in historienmodelle()
    ]
    daten = [d for d in teile[0].union(*teile[1:], all=True).values_list("neueste", flat=True) if d]
    neueste = max(daten, default=None)
    return f"{neueste.isoformat() if neueste else ''}/{datenversion()}"


def parameter_aus(abfrage: QueryDict, *, ohne: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """A query string as JSON-safe parameters (every value of every name, in order), without the
    names in ``ohne``."""
    return {name: abfrage.getlist(name) for name in abfrage if name not in ohne}


def als_querydict(parameter: Mapping[str, list[str]]) -> QueryDict:
    abfrage = QueryDict(mutable=True)
    for name, werte in parameter.items():
        abfrage.setlist(name, list(werte))
    abfrage._mutable = False
    return abfrage


def exportschluessel(
    kennung: str,
    parameter: Mapping[str, list[str]],
    nutzer: AbstractBaseUser | AnonymousUser,
) -> str:
    """The content key of an export file (module docstring); two queries at most (the data stand,
    the roles the role check has cached already)."""
    teile = [
        EXPORT_FASSUNG,
        kennung,
        sorted((name, list(werte)) for name, werte in parameter.items()),
        bereichsschluessel(nutzer),
        rollenschluessel(nutzer),
        datenstand(),
        timezone.localdate().isoformat(),
    ]
    summe = hashlib.sha256(json.dumps(teile, ensure_ascii=True).encode()).hexdigest()[:40]
    return f"export-{summe}"


@dataclass(frozen=True)
class Exportdatei:
    """What an export's builder returns: the file's bytes, its name with extension, its rows."""

    inhalt: bytes
    dateiname: str
    zeilen: int


def export_starten(
    task: Task,
    *,
    kennung: str,
    titel: str,
    parameter: Mapping[str, list[str]],
    benutzer: AbstractBaseUser,
    herkunft_url: str,
    zeilen: int | None = None,
    eingabe: Mapping[str, object] | None = None,
) -> Aufgabe:
    """The record of an export for ``benutzer``: done at once if a file with the same content
    key exists, else queued (``task`` builds it). ``eingabe`` is what the builder needs beyond
    the parameters (JSON-safe)."""
    return datei_starten(
        task,
        schluessel=exportschluessel(kennung, parameter, benutzer),
        art=Aufgabe.Art.EXPORT,
        titel=titel,
        benutzer=benutzer,
        herkunft_url=herkunft_url,
        eingabe={**(eingabe or {}), "kennung": kennung, "parameter": dict(parameter)},
        zeilen=zeilen,
    )


def export_ausfuehren(aufgabe_id: str, bauen: Callable[[Aufgabe], Exportdatei]) -> None:
    """Run an export task: the content key first, then the file — or the file of a task with the
    same key that finished meanwhile. ``bauen`` raises AufgabeFehler with a message for the
    person (e.g. they may not see the data any more)."""

    def arbeit(aufgabe: Aufgabe) -> None:
        if aufgabe.gestartet_von is None or not aufgabe.gestartet_von.is_active:
            raise AufgabeFehler(_nicht_berechtigt())
        schluessel = exportschluessel(
            aufgabe.eingabe["kennung"], aufgabe.eingabe["parameter"], aufgabe.gestartet_von
        )
        vorhanden = fertige_datei(schluessel)
        if vorhanden is not None:
            datei_uebernehmen(aufgabe, vorhanden)
            return
        datei = bauen(aufgabe)
        aufgabe.zeilen = datei.zeilen
        aufgabe.ergebnis = {"zeilen": datei.zeilen, "bytes": len(datei.inhalt)}
        datei_ablegen(aufgabe, datei.inhalt, dateiname=datei.dateiname, schluessel=schluessel)

    ausfuehren(aufgabe_id, arbeit)


def _nicht_berechtigt() -> str:
    return _("Sie dürfen diese Daten nicht mehr exportieren. Es wurde keine Datei erstellt.")


def fertige_antwort(
    kennung: str, parameter: Mapping[str, list[str]], nutzer: AbstractBaseUser
) -> HttpResponse | None:
    """The file built for this content, as a download, if there is one (else None)."""
    vorhanden = fertige_datei(exportschluessel(kennung, parameter, nutzer))
    if vorhanden is None:
        return None
    try:
        datei = vorhanden.datei.open("rb")
    except FileNotFoundError:  # cleaned up a moment ago: offer to build it again
        return None
    format_ = vorhanden.dateiname.rsplit(".", 1)[-1]
    return FileResponse(
        datei,
        as_attachment=True,
        filename=vorhanden.dateiname,
        content_type=dateien.XLSX_CONTENT_TYPE if format_ == "xlsx" else dateien.CSV_CONTENT_TYPE,
    )


def gross_beantworten(
    request: HttpRequest,
    *,
    task: Task,
    kennung: str,
    titel: str,
    parameter: Mapping[str, list[str]],
    zeilen: int,
    herkunft_url: str,
    angebot: Callable[[], HttpResponse],
    eingabe: Mapping[str, object] | None = None,
) -> HttpResponse:
    """The answer to a big export (more than SOFORT_BIS_ZEILEN rows). POST: start it (or take
    the built file) and redirect to the task's status page. GET: the built file if there is one,
    else ``angebot()``, the page that offers to build it."""
    if request.method == "POST":
        aufgabe = export_starten(
            task,
            kennung=kennung,
            titel=titel,
            parameter=parameter,
            benutzer=request.user,
            herkunft_url=herkunft_url,
            zeilen=zeilen,
            eingabe=eingabe,
        )
        return redirect(aufgabe)
    return fertige_antwort(kennung, parameter, request.user) or angebot()


def angebotsseite(
    request: HttpRequest, *, titel: str, zeilen: int, zurueck_url: str
) -> HttpResponse:
    """The staff pages' offer to build a big export (templates/aufgaben/export_anbieten.html)."""
    return render(
        request,
        "aufgaben/export_anbieten.html",
        {
            "titel": titel,
            "zeilen": zeilen,
            "grenze": SOFORT_BIS_ZEILEN,
            "zurueck_url": zurueck_url,
        },
    )
