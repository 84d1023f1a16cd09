"""A piece of long work handed to the task queue: who started it, what it is, how far it got.

The queue itself (django-tasks with its database backend) keeps its own rows; an ``Aufgabe``
is what people see: its status page shows queued, running, done or failed, the row counts, the
error, and the result (a file in the media storage, or an import's outcome). The status is kept
here by :func:`aufgaben.services.ausfuehren`, so the page reads the same whatever the backend
(the worker in production, the immediate backend in tests).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Who may see every task, not only their own (granted to the Datenpflege, aktionsplan.rollen).
ALLE_SEHEN = "aufgaben.alle_sehen"
# Limits "every task" to a person's area of responsibility (queryset, user) -> queryset; set by
# the domain (aktionsplan.apps: aktionsplan.bereich.aufgaben_filtern), None: no limit.
BEREICH: Callable[[models.QuerySet, AbstractBaseUser], models.QuerySet] | None = None


def ablageort(aufgabe: Aufgabe, dateiname: str) -> str:
    """Where a task's file lies in the media storage: one folder per task."""
    return f"aufgaben/{aufgabe.pk}/{dateiname}"


class AufgabeQuerySet(models.QuerySet):
    def fuer(self, nutzer: AbstractBaseUser | AnonymousUser) -> Self:
        """The tasks ``nutzer`` may see: those they started; every task with ``ALLE_SEHEN``.

        The permission check costs two queries per request at most (Django caches it on the
        user object); anonymous users see nothing.
        """
        if not nutzer.is_authenticated or not nutzer.is_active:
            return self.none()
        if nutzer.has_perm(ALLE_SEHEN):
            return self.all() if BEREICH is None else BEREICH(self.all(), nutzer)
        return self.filter(gestartet_von=nutzer)

    def fuer_liste(self) -> Self:
        """What the list and the status page show, without the large input (an import's file)."""
        return self.select_related("gestartet_von").defer("eingabe")


class Aufgabe(models.Model):
    class Art(models.TextChoices):
        BERICHT_PDF = "bericht_pdf", _("Jahresbericht als PDF")
        BERICHT_XLSX = "bericht_xlsx", _("Jahresbericht als Excel-Datei (XLSX)")
        IMPORT_PRUEFEN = "import_pruefen", _("Import prüfen")
        IMPORT_UEBERNEHMEN = "import_uebernehmen", _("Import speichern")
        ERINNERUNG = "erinnerung", _("Erinnerung per E-Mail")
        EXPORT = "export", _("Export")

    class Status(models.TextChoices):
        WARTET = "wartet", _("in der Warteschlange")
        LAEUFT = "laeuft", _("läuft")
        FERTIG = "fertig", _("fertig")
        FEHLGESCHLAGEN = "fehlgeschlagen", _("fehlgeschlagen")

    # A random id: the status page's URL gives nothing away about other people's tasks.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    art = models.CharField(_("Art"), max_length=30, choices=Art.choices)
    titel = models.CharField(_("Titel"), max_length=200)
    gestartet_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestartet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aufgaben",
        help_text=_("Leer bei Aufgaben, die ein zeitgesteuerter Befehl (cron) eingereiht hat."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.WARTET
    )
    # The language of the person who started it: messages and the PDF are written in it.
    sprache = models.CharField(_("Sprache"), max_length=10, default=settings.LANGUAGE_CODE)
    # The page the task came from (the report, an import page); an import's confirm posts there.
    herkunft_url = models.CharField(_("Herkunft"), max_length=300, blank=True)
    # What the task works on (e.g. an import's parsed file) and what it found (JSON-safe).
    eingabe = models.JSONField(_("Eingabe"), default=dict, blank=True)
    ergebnis = models.JSONField(_("Ergebnis"), default=dict, blank=True)
    zeilen = models.PositiveIntegerField(
        _("Zeilen"), null=True, blank=True, help_text=_("Wie viele Zeilen die Aufgabe bearbeitet.")
    )
    fehler = models.TextField(_("Fehler"), blank=True)
    # Exception class and message, for the Datenpflege only (the traceback is in the log).
    fehler_technisch = models.TextField(_("technische Fehlerangabe"), blank=True)
    datei = models.FileField(_("Datei"), upload_to=ablageort, max_length=200, blank=True)
    dateiname = models.CharField(_("Dateiname"), max_length=200, blank=True)
    # What the file shows (e.g. a report's year, Stichtag and data stand): a file with the same key
    # is built once and then served.
    schluessel = models.CharField(_("Inhaltsschlüssel"), max_length=100, blank=True)
    # An import's confirm continues the preview that holds the file's rows.
    vorlage = models.ForeignKey(
        "self",
        verbose_name=_("Vorschau"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="folgeaufgaben",
    )
    task_id = models.CharField(_("Kennung in der Warteschlange"), max_length=64, blank=True)
    erstellt_am = models.DateTimeField(_("eingereiht am"), default=timezone.now)
    begonnen_am = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    beendet_am = models.DateTimeField(_("beendet am"), null=True, blank=True)

    objects = AufgabeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")
        ordering = ["-erstellt_am", "-pk"]
        permissions = [("alle_sehen", _("Aufgaben aller Personen sehen"))]
        indexes = [
            models.Index(fields=["gestartet_von", "-erstellt_am"], name="aufgabe_person_idx"),
            models.Index(fields=["schluessel", "status"], name="aufgabe_schluessel_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["wartet", "laeuft", "fertig", "fehlgeschlagen"]),
                name="aufgabe_status_gueltig",
            ),
            models.CheckConstraint(
                condition=Q(
                    art__in=[
                        "bericht_pdf",
                        "bericht_xlsx",
                        "import_pruefen",
                        "import_uebernehmen",
                        "erinnerung",
                        "export",
                    ]
                ),
                name="aufgabe_art_gueltig",
            ),
            # A task that ended has its end time (the status page shows how long it ran).
            models.CheckConstraint(
                condition=Q(status__in=["wartet", "laeuft"]) | Q(beendet_am__isnull=False),
                name="aufgabe_beendet_mit_zeit",
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("aufgaben:detail", kwargs={"pk": self.pk})

    @property
    def ist_offen(self) -> bool:
        """Queued or running: the page offers a reload."""
        return self.status in (self.Status.WARTET, self.Status.LAEUFT)

    @property
    def hat_datei(self) -> bool:
        return self.status == self.Status.FERTIG and bool(self.datei)

    @property
    def dauer(self):
        """How long it ran (a timedelta), or None before it ended."""
        if self.begonnen_am and self.beendet_am:
            return self.beendet_am - self.begonnen_am
        return None
