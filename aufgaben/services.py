"""The one write path of task records: start a task, run it, store its file, clean up.

A task of an app is a module-level function decorated with django-tasks' ``@task()`` that takes
the record's id and calls :func:`ausfuehren` with the work to do::

    @task()
    def bericht_datei(aufgabe_id: str) -> None:
        ausfuehren(aufgabe_id, _bericht_bauen)

:func:`starten` creates the record and enqueues the task. The worker (``manage.py arbeiter``)
runs it; in the tests the immediate backend runs it inside ``starten``.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from aufgaben.models import Aufgabe

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django_tasks import Task

logger = logging.getLogger(__name__)

# A running task whose worker died (killed, machine restarted) never ends by itself; after this
# long `manage.py aufgaben_aufraeumen` marks it failed.
ABGEBROCHEN_NACH = datetime.timedelta(hours=6)


class AufgabeFehler(Exception):  # noqa: N818 — German domain word
    """A failure whose message is meant for the person who started the task (shown as is)."""


def starten(
    task: Task,
    *,
    art: str,
    titel: str,
    benutzer: AbstractBaseUser | None,
    sprache: str | None = None,
    herkunft_url: str = "",
    eingabe: dict | None = None,
    zeilen: int | None = None,
    vorlage_id: object = None,
) -> Aufgabe:
    """Create the record of a task and enqueue ``task`` with the record's id.

    Returns the record as it stands after enqueueing (done already with the immediate backend).
    The record is written before the task is enqueued, in the caller's transaction if there is
    one; the database backend's queue row joins the same transaction.
    ``vorlage_id`` names an earlier task whose input this one continues (an import's preview).
    Raises ValidationError for an unknown kind.
    """
    aufgabe = Aufgabe(
        art=art,
        titel=titel[:200],
        gestartet_von=benutzer,
        sprache=sprache or translation.get_language() or "de",
        herkunft_url=herkunft_url,
        eingabe=eingabe or {},
        zeilen=zeilen,
        vorlage_id=vorlage_id,
    )
    aufgabe.full_clean(exclude=["datei", "eingabe", "ergebnis"])
    aufgabe.save(force_insert=True)
    ergebnis = task.enqueue(str(aufgabe.pk))
    Aufgabe.objects.filter(pk=aufgabe.pk).update(task_id=str(ergebnis.id)[:64])
    aufgabe.refresh_from_db()
    return aufgabe


def ausfuehren(aufgabe_id: str, arbeit: Callable[[Aufgabe], None]) -> None:
    """Run ``arbeit`` for the record ``aufgabe_id``: running, then done or failed.

    ``arbeit`` fills the record's ``ergebnis``, ``zeilen`` and file (:func:`datei_ablegen`) and
    may replace its ``eingabe`` (e.g. an upload by its parsed rows); they are saved when it
    returns. It runs in the language of the person who started the task.
    Its writes to the data must lie in one transaction of its own (the import engine's): when it
    raises, they are rolled back, a file it stored is deleted, the record is marked failed with
    the error, and the exception is raised again, so that the queue records the failure and logs
    the traceback. A record that is not queued any more (a task delivered twice) is left alone.
    """
    jetzt = timezone.now()
    if not Aufgabe.objects.filter(pk=aufgabe_id, status=Aufgabe.Status.WARTET).update(
        status=Aufgabe.Status.LAEUFT, begonnen_am=jetzt
    ):
        logger.warning("Aufgabe %s ist nicht mehr in der Warteschlange; übersprungen.", aufgabe_id)
        return
    aufgabe = Aufgabe.objects.get(pk=aufgabe_id)
    with translation.override(aufgabe.sprache):
        try:
            arbeit(aufgabe)
        except Exception as fehler:
            _fehlgeschlagen(aufgabe, fehler)
            raise
        aufgabe.status = Aufgabe.Status.FERTIG
        aufgabe.beendet_am = timezone.now()
        aufgabe.save(
            update_fields=[
                "status",
                "beendet_am",
                "eingabe",
                "ergebnis",
                "zeilen",
                "datei",
                "dateiname",
                "schluessel",
            ]
        )


def _fehlgeschlagen(aufgabe: Aufgabe, fehler: Exception) -> None:
    if aufgabe.datei and not _anderswo_genutzt(aufgabe.datei.name, ausser=aufgabe.pk):
        default_storage.delete(aufgabe.datei.name)
    if isinstance(fehler, AufgabeFehler):
        text = str(fehler)
    else:
        text = _(
            "Die Aufgabe ist mit einem unerwarteten Fehler abgebrochen. Es wurde nichts "
            "gespeichert. Bitte versuchen Sie es noch einmal; tritt der Fehler wieder auf, "
            "wenden Sie sich an die Datenpflege."
        )
    Aufgabe.objects.filter(pk=aufgabe.pk).update(
        status=Aufgabe.Status.FEHLGESCHLAGEN,
        beendet_am=timezone.now(),
        fehler=text,
        fehler_technisch=f"{type(fehler).__module__}.{type(fehler).__qualname__}: {fehler}"[:2000],
    )


def datei_ablegen(aufgabe: Aufgabe, inhalt: bytes, *, dateiname: str, schluessel: str = "") -> None:
    """Store a file the task produced in the media storage (``aufgaben/<id>/<dateiname>``) and
    note it on the record; saved with the result by :func:`ausfuehren`. ``schluessel`` names
    its content (see :func:`fertige_datei`)."""
    aufgabe.datei.save(dateiname, ContentFile(inhalt), save=False)
    aufgabe.dateiname = dateiname
    aufgabe.schluessel = schluessel


def fertige_datei(schluessel: str) -> Aufgabe | None:
    """The newest done task whose file shows the content ``schluessel`` (one query), if its
    file is still in the storage.

    The caller has checked that the person may see that content (e.g. the yearly report);
    the file is the same for everyone who may.
    """
    if not schluessel:
        return None
    vorhanden = (
        Aufgabe.objects.filter(schluessel=schluessel, status=Aufgabe.Status.FERTIG)
        .exclude(datei="")
        .order_by("-beendet_am")
        .first()
    )
    if vorhanden is None or not default_storage.exists(vorhanden.datei.name):
        return None
    return vorhanden


def datei_uebernehmen(aufgabe: Aufgabe, vorhanden: Aufgabe) -> None:
    """Point the record at the file of an earlier task with the same content (no copy)."""
    aufgabe.datei.name = vorhanden.datei.name
    aufgabe.dateiname = vorhanden.dateiname
    aufgabe.schluessel = vorhanden.schluessel
    aufgabe.zeilen = vorhanden.zeilen
    aufgabe.ergebnis = {**vorhanden.ergebnis, "uebernommen": True}


def fertig_anlegen(
    *,
    art: str,
    titel: str,
    benutzer: AbstractBaseUser | None,
    vorhanden: Aufgabe,
    herkunft_url: str = "",
    sprache: str | None = None,
) -> Aufgabe:
    """A done record of ``benutzer`` for a file that exists already: asking again for the same
    content costs no worker time, and the person gets a status page of their own."""
    jetzt = timezone.now()
    aufgabe = Aufgabe(
        art=art,
        titel=titel[:200],
        gestartet_von=benutzer,
        sprache=sprache or translation.get_language() or "de",
        herkunft_url=herkunft_url,
        status=Aufgabe.Status.FERTIG,
        begonnen_am=jetzt,
        beendet_am=jetzt,
    )
    datei_uebernehmen(aufgabe, vorhanden)
    aufgabe.full_clean(exclude=["datei", "eingabe", "ergebnis"])
    aufgabe.save(force_insert=True)
    return aufgabe


def datei_starten(
    task: Task,
    *,
    schluessel: str,
    art: str,
    titel: str,
    benutzer: AbstractBaseUser | None,
    sprache: str | None = None,
    herkunft_url: str = "",
    eingabe: dict | None = None,
    zeilen: int | None = None,
) -> Aufgabe:
    """The record of a file for ``benutzer``: done at once with the file of an earlier task of
    the same content ``schluessel`` (:func:`fertige_datei`), else ``task`` queued to build it
    (:func:`starten`)."""
    vorhanden = fertige_datei(schluessel)
    if vorhanden is not None:
        return fertig_anlegen(
            art=art,
            titel=titel,
            benutzer=benutzer,
            vorhanden=vorhanden,
            herkunft_url=herkunft_url,
            sprache=sprache,
        )
    return starten(
        task,
        art=art,
        titel=titel,
        benutzer=benutzer,
        sprache=sprache,
        herkunft_url=herkunft_url,
        eingabe=eingabe,
        zeilen=zeilen,
    )


def _anderswo_genutzt(name: str, *, ausser) -> bool:
    return Aufgabe.objects.filter(datei=name).exclude(pk=ausser).exists()


def aufraeumen(*, aelter_als: datetime.timedelta) -> tuple[int, int, int]:
    """Delete ended tasks older than ``aelter_als`` and the files no remaining task points to;
    mark tasks running for longer than ABGEBROCHEN_NACH as failed (their worker died).

    Returns (tasks marked failed, tasks deleted, files deleted).
    """
    jetzt = timezone.now()
    abgebrochen = Aufgabe.objects.filter(
        status=Aufgabe.Status.LAEUFT, begonnen_am__lt=jetzt - ABGEBROCHEN_NACH
    ).update(
        status=Aufgabe.Status.FEHLGESCHLAGEN,
        beendet_am=jetzt,
        fehler=_(
            "Die Aufgabe wurde nicht beendet (der Hintergrunddienst wurde unterbrochen). Es "
            "wurde nichts gespeichert. Bitte starten Sie sie noch einmal."
        ),
    )
    alt = Aufgabe.objects.filter(
        ~Q(status__in=[Aufgabe.Status.WARTET, Aufgabe.Status.LAEUFT]),
        erstellt_am__lt=jetzt - aelter_als,
    )
    namen = set(alt.exclude(datei="").values_list("datei", flat=True))
    # A preview is kept while a later confirm that reads its rows is kept.
    geloescht, _je_modell = alt.exclude(folgeaufgaben__erstellt_am__gte=jetzt - aelter_als).delete()
    noch_genutzt = set(Aufgabe.objects.filter(datei__in=namen).values_list("datei", flat=True))
    dateien = 0
    for name in sorted(namen - noch_genutzt):
        if default_storage.exists(name):
            default_storage.delete(name)
            dateien += 1
    return abgebrochen, geloescht, dateien
