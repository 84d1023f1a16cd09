"""The yearly report's life cycle (issue 9, point 7): a draft with its Stand, the adopted and
frozen report, and its stored files.

A ``Berichtsfassung`` is one report of a year: a draft (``entwurf``) that the Redaktion can
preview and change, then adopted (``beschlossen``) by a committee, then possibly withdrawn
(``zurueckgezogen``) by the Datenpflege. Adoption freezes the report: a snapshot of its numbers
(``daten``, the base of the next report's comparison) and its files (``Berichtsdatei``: HTML,
PDF and XLSX, internal and public) are stored in the database, which every app server shares.
The rules of the transitions live in ``monitoring.berichtsfassungen`` (the one write path).
"""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktionsplan.historie import Historie
from aktionsplan.models import kommune_feld, kommune_vorgeben
from aktionsplan.querysets import BasisQuerySet
from aktionsplan.sperre import Versioniert


class BerichtsfassungQuerySet(BasisQuerySet):
    kommune_pfad = "kommune"

    def beschlossen(self) -> Self:
        return self.filter(status=Berichtsfassung.Status.BESCHLOSSEN)

    def fuer_liste(self) -> Self:
        return self.select_related("beschlossen_von", "zurueckgezogen_von", "kommune").defer(
            "daten"
        )


class Berichtsfassung(Versioniert):
    class Status(models.TextChoices):
        ENTWURF = "entwurf", _("Entwurf")
        BESCHLOSSEN = "beschlossen", _("beschlossen")
        ZURUECKGEZOGEN = "zurueckgezogen", _("zurückgezogen")

    jahr = models.PositiveSmallIntegerField(_("Berichtsjahr"))
    stand = models.DateField(
        _("Stand"),
        help_text=_(
            "Stichtag der Daten: Sachstände, Meilensteine und Messwerte für das Berichtsjahr, "
            "so wie sie bis zu diesem Tag erfasst waren."
        ),
    )
    einleitung = models.TextField(_("Einleitung"), blank=True)
    schluss = models.TextField(_("Schlussbemerkung"), blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.ENTWURF
    )
    gremium = models.CharField(_("beschließendes Gremium"), max_length=200, blank=True)
    beschluss_datum = models.DateField(_("Datum des Beschlusses"), null=True, blank=True)
    beschlossen_am = models.DateTimeField(_("als beschlossen erfasst am"), null=True, blank=True)
    beschlossen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("als beschlossen erfasst von"),
    )
    rueckzug_grund = models.TextField(_("Grund des Rückzugs"), blank=True)
    zurueckgezogen_am = models.DateTimeField(_("zurückgezogen am"), null=True, blank=True)
    zurueckgezogen_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zurückgezogen von"),
    )
    # The numbers of the adopted report (monitoring.jahresbericht.schnappschuss): the base of
    # the next report's comparison. Empty for a draft.
    daten = models.JSONField(_("Schnappschuss der Daten"), default=dict, blank=True, editable=False)
    erstellt_am = models.DateTimeField(_("angelegt am"), default=timezone.now, editable=False)

    kommune = kommune_feld("berichtsfassungen")

    objects = BerichtsfassungQuerySet.as_manager()
    history = Historie(excluded_fields=["daten"])

    class Meta:
        verbose_name = _("Jahresbericht (Fassung)")
        verbose_name_plural = _("Jahresberichte (Fassungen)")
        ordering = ["-jahr", "-erstellt_am", "-pk"]
        constraints = [
            # Per Kommune (aktionsplan.bereich); a report without one (no Kommune recorded
            # yet) counts as one more Kommune.
            models.UniqueConstraint(
                Coalesce("kommune", 0),
                "jahr",
                condition=Q(status="beschlossen"),
                name="berichtsfassung_ein_beschluss_je_jahr",
                violation_error_message=_(
                    "Für dieses Jahr gibt es schon einen beschlossenen Bericht. Er muss erst "
                    "zurückgezogen werden."
                ),
            ),
            models.UniqueConstraint(
                Coalesce("kommune", 0),
                "jahr",
                condition=Q(status="entwurf"),
                name="berichtsfassung_ein_entwurf_je_jahr",
                violation_error_message=_("Für dieses Jahr gibt es schon einen Entwurf."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["entwurf", "beschlossen", "zurueckgezogen"]),
                name="berichtsfassung_status_gueltig",
            ),
            models.CheckConstraint(
                condition=Q(jahr__gte=1990, jahr__lte=2100),
                name="berichtsfassung_jahr_plausibel",
                violation_error_message=_("Das Jahr liegt nicht zwischen 1990 und 2100."),
            ),
            models.CheckConstraint(
                condition=Q(status="entwurf") | (Q(beschluss_datum__isnull=False) & ~Q(gremium="")),
                name="berichtsfassung_beschluss_mit_gremium_und_datum",
                violation_error_message=_(
                    "Ein beschlossener Bericht nennt das Gremium und das Datum des Beschlusses."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="zurueckgezogen") | ~Q(rueckzug_grund=""),
                name="berichtsfassung_rueckzug_mit_grund",
                violation_error_message=_("Ein Rückzug nennt seinen Grund."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jahr} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:fassung_detail", kwargs={"pk": self.pk})

    @property
    def ist_entwurf(self) -> bool:
        return self.status == self.Status.ENTWURF

    @property
    def ist_beschlossen(self) -> bool:
        return self.status == self.Status.BESCHLOSSEN

    def beschlossene_des_jahres(self, nutzer) -> Berichtsfassung | None:
        """For a draft: the adopted report of the same year as ``nutzer`` may see it (one
        query), which must be withdrawn before this draft can be adopted (the constraint
        ``berichtsfassung_ein_beschluss_je_jahr``); None for a report that is no draft."""
        if not self.ist_entwurf:
            return None
        return (
            Berichtsfassung.objects.fuer(nutzer)
            .beschlossen()
            .filter(jahr=self.jahr, kommune_id=self.kommune_id)
            .exclude(pk=self.pk)
            .only("pk", "jahr", "beschluss_datum", "gremium")
            .first()
        )

    def save(self, *args, **kwargs) -> None:
        kommune_vorgeben(self, kwargs)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The Stand lies in the report year or after it, and not in the future; a decision
        not in the future and not before the Stand. Raises ValidationError by field."""
        fehler = {}
        heute = timezone.localdate()
        if self.stand is not None and self.jahr is not None:
            if self.stand.year < self.jahr:
                fehler["stand"] = ValidationError(
                    _("Der Stand liegt vor dem Berichtsjahr."), code="stand_vor_jahr"
                )
            elif self.stand > heute:
                fehler["stand"] = ValidationError(
                    _("Der Stand kann nicht in der Zukunft liegen."), code="zukunft"
                )
        if self.beschluss_datum is not None:
            if self.beschluss_datum > heute:
                fehler["beschluss_datum"] = ValidationError(
                    _("Der Beschluss kann nicht in der Zukunft liegen."), code="zukunft"
                )
            elif self.stand is not None and self.beschluss_datum < self.stand:
                fehler["beschluss_datum"] = ValidationError(
                    _("Der Beschluss kann nicht vor dem Stand der Daten liegen."),
                    code="vor_stand",
                )
        if fehler:
            raise ValidationError(fehler)


class Berichtsdatei(models.Model):
    """One frozen file of an adopted report: written once, in the adopting transaction (HTML,
    XLSX) or by the background task right after it from the frozen HTML (PDF), then served
    unchanged. Stored in the database, so that every app server serves the same bytes."""

    class Variante(models.TextChoices):
        INTERN = "intern", _("intern")
        OEFFENTLICH = "oeffentlich", _("öffentlich")

    class Format(models.TextChoices):
        HTML = "html", "HTML"
        PDF = "pdf", "PDF"
        XLSX = "xlsx", _("Excel (XLSX)")

    fassung = models.ForeignKey(
        Berichtsfassung,
        on_delete=models.PROTECT,
        related_name="dateien",
        verbose_name=_("Jahresbericht"),
    )
    variante = models.CharField(_("Variante"), max_length=20, choices=Variante.choices)
    format = models.CharField(_("Format"), max_length=10, choices=Format.choices)
    inhalt = models.BinaryField(_("Inhalt"))
    groesse = models.PositiveIntegerField(_("Größe (Bytes)"))
    sha256 = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64)
    erstellt_am = models.DateTimeField(_("erstellt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Datei eines Jahresberichts")
        verbose_name_plural = _("Dateien der Jahresberichte")
        ordering = ["fassung", "variante", "format"]
        constraints = [
            models.UniqueConstraint(
                fields=["fassung", "variante", "format"], name="berichtsdatei_je_variante_format"
            ),
            models.CheckConstraint(
                condition=Q(variante__in=["intern", "oeffentlich"]),
                name="berichtsdatei_variante_gueltig",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["html", "pdf", "xlsx"]), name="berichtsdatei_format_gueltig"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variante}.{self.format}"

    @property
    def dateiname(self) -> str:
        zusatz = "" if self.variante == self.Variante.INTERN else "-oeffentlich"
        return f"jahresbericht-{self.fassung.jahr}{zusatz}.{self.format}"
