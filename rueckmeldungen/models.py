"""The accessibility statement and the feedback people send (issue 11, point 4).

The statement follows the EU model (Durchführungsbeschluss (EU) 2018/1523, Anhang) as BGG NRW
§ 10b and BITV NRW §§ 4, 5 ask: conformity status, the parts that are not accessible with their
reasons, how and when it was prepared and last reviewed, the feedback contact, and the
enforcement procedure (the Ombudsstelle, BGG NRW § 10d, BITV NRW §§ 9 ff.). There is one
statement per installation, kept by the Datenpflege.

Feedback (``Rueckmeldung``) comes from the form every page links (BGG NRW § 10b Abs. 2 Nr. 2,
"Feedback-Mechanismus"), or as a note on a public measure. It is answered within the deadline
of BITV NRW § 5 Abs. 2 (``services.antwortfrist``).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktionsplan import bereich
from aktionsplan.historie import Historie
from aktionsplan.models import kommune_feld, kommune_vorgeben
from aktionsplan.querysets import BasisQuerySet
from aktionsplan.sperre import Versioniert
from projekte.models import Projektskizze

# The one row of the statement (a CheckConstraint keeps it the only one).
ERKLAERUNG_PK = 1

OMBUDSSTELLE_NAME = (
    "Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen"
)
# Name, e-mail and web address as the state publishes them (lbbp.nrw.de/ombudsstelle; IT.NRW,
# 3 January 2020); the postal address is left to the Datenpflege, who checks it at each review.
OMBUDSSTELLE_ANSCHRIFT = (
    "bei der Beauftragten der Landesregierung für die Belange der Menschen mit Behinderung"
)
OMBUDSSTELLE_EMAIL = "ombudsstelle-barrierefreie-it@mags.nrw.de"
OMBUDSSTELLE_URL = "https://www.lbbp.nrw.de/ombudsstelle"


class Erklaerung(Versioniert):
    """The accessibility statement (Erklärung zur Barrierefreiheit), one per installation."""

    class Konformitaet(models.TextChoices):
        VOLLSTAENDIG = "vollstaendig", _("vollständig vereinbar")
        TEILWEISE = "teilweise", _("teilweise vereinbar")
        NICHT = "nicht", _("nicht vereinbar")

    class Methode(models.TextChoices):
        SELBSTBEWERTUNG = "selbstbewertung", _("Selbstbewertung")
        FREMDBEWERTUNG = "fremdbewertung", _("Bewertung durch Dritte")

    id = models.PositiveSmallIntegerField(primary_key=True, default=ERKLAERUNG_PK, editable=False)
    konformitaet = models.CharField(
        _("Stand der Vereinbarkeit"),
        max_length=20,
        choices=Konformitaet.choices,
        default=Konformitaet.TEILWEISE,
    )
    nicht_barrierefrei = models.TextField(
        _("Nicht barrierefreie Inhalte"),
        blank=True,
        help_text=_(
            "Ein Inhalt je Zeile, jeweils mit dem Grund und, wenn vorhanden, der barrierefreien "
            "Alternative."
        ),
    )
    erstellt_am = models.DateField(_("Erstellt am"), default=timezone.localdate)
    methode = models.CharField(
        _("Methode"), max_length=20, choices=Methode.choices, default=Methode.SELBSTBEWERTUNG
    )
    methode_text = models.TextField(
        _("Beschreibung der Prüfung"),
        blank=True,
        help_text=_("Wie geprüft wurde: Werkzeuge, Verfahren, was noch aussteht."),
    )
    zuletzt_geprueft = models.DateField(_("Zuletzt überprüft am"), default=timezone.localdate)
    kontakt_stelle = models.CharField(_("Zuständige Stelle"), max_length=250, blank=True)
    kontakt_email = models.EmailField(_("E-Mail für Rückmeldungen"), blank=True)
    kontakt_telefon = models.CharField(_("Telefon"), max_length=50, blank=True)
    kontakt_anschrift = models.TextField(_("Anschrift"), blank=True)
    durchsetzung_name = models.CharField(
        _("Durchsetzungsstelle"), max_length=250, default=OMBUDSSTELLE_NAME
    )
    durchsetzung_anschrift = models.TextField(
        _("Anschrift der Durchsetzungsstelle"), blank=True, default=OMBUDSSTELLE_ANSCHRIFT
    )
    durchsetzung_email = models.EmailField(
        _("E-Mail der Durchsetzungsstelle"), blank=True, default=OMBUDSSTELLE_EMAIL
    )
    durchsetzung_url = models.URLField(
        _("Internetseite der Durchsetzungsstelle"), blank=True, default=OMBUDSSTELLE_URL
    )
    leichte_sprache = models.TextField(
        _("Erklärung in Leichter Sprache"),
        blank=True,
        help_text=_("Kurze Sätze, ein Gedanke je Satz. Leere Zeilen trennen Absätze."),
    )

    objects = BasisQuerySet.as_manager()
    history = Historie()

    class Meta:
        verbose_name = _("Erklärung zur Barrierefreiheit")
        verbose_name_plural = _("Erklärungen zur Barrierefreiheit")
        constraints = [
            models.CheckConstraint(condition=Q(id=ERKLAERUNG_PK), name="erklaerung_nur_eine"),
            models.CheckConstraint(
                condition=Q(konformitaet__in=["vollstaendig", "teilweise", "nicht"]),
                name="erklaerung_konformitaet_gueltig",
                violation_error_message=_("Bitte wählen Sie einen gültigen Stand."),
            ),
            models.CheckConstraint(
                condition=Q(methode__in=["selbstbewertung", "fremdbewertung"]),
                name="erklaerung_methode_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Methode."),
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def get_absolute_url(self) -> str:
        return reverse("barrierefreiheit")

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.zuletzt_geprueft and self.erstellt_am and self.zuletzt_geprueft < self.erstellt_am:
            raise ValidationError(
                {
                    "zuletzt_geprueft": _(
                        "Die letzte Überprüfung kann nicht vor der Erstellung liegen."
                    )
                },
                code="pruefung_vor_erstellung",
            )
        if (
            self.konformitaet != self.Konformitaet.VOLLSTAENDIG
            and not (self.nicht_barrierefrei or "").strip()
        ):
            raise ValidationError(
                {
                    "nicht_barrierefrei": _(
                        "Nennen Sie die Inhalte, die nicht barrierefrei sind, mit ihren Gründen "
                        "(BGG NRW § 10b Abs. 2 Nr. 1)."
                    )
                },
                code="inhalte_fehlen",
            )

    def nicht_barrierefreie_inhalte(self) -> list[str]:
        """The non-accessible items, one per non-empty line."""
        return [z.strip() for z in (self.nicht_barrierefrei or "").splitlines() if z.strip()]

    def leichte_sprache_absaetze(self) -> list[str]:
        """The Leichte-Sprache text as paragraphs (separated by empty lines)."""
        text = (self.leichte_sprache or "").replace("\r\n", "\n")
        return [a.strip() for a in text.split("\n\n") if a.strip()]


class RueckmeldungQuerySet(BasisQuerySet):
    # The message's own Kommune (``Rueckmeldung.kommune``); NULL: the region's (shared).
    kommune_pfad = "kommune"

    def fuer_liste(self):
        return self.select_related("massnahme__plan").order_by("-eingegangen_am", "-pk")


class Rueckmeldung(Versioniert):
    """A message sent through the feedback form or as a note on a public measure."""

    class Status(models.TextChoices):
        NEU = "neu", _("neu")
        IN_BEARBEITUNG = "in_bearbeitung", _("in Bearbeitung")
        BEANTWORTET = "beantwortet", _("beantwortet")

    seite = models.CharField(
        _("Seite"),
        max_length=500,
        blank=True,
        help_text=_("Die Adresse oder der Name der Seite, um die es geht."),
    )
    problem = models.TextField(
        _("Ihre Nachricht"),
        max_length=5000,
        help_text=_("Beschreiben Sie das Problem oder Ihren Hinweis (höchstens 5000 Zeichen)."),
    )
    email = models.EmailField(
        _("E-Mail-Adresse (freiwillig)"),
        blank=True,
        help_text=_("Nur wenn Sie eine Antwort wünschen."),
    )
    einwilligung = models.BooleanField(_("Einwilligung in die Speicherung"), default=False)
    massnahme = models.ForeignKey(
        Projektskizze,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rueckmeldungen",
        verbose_name=_("Maßnahme"),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.NEU
    )
    notiz = models.TextField(
        _("Interne Notiz"),
        blank=True,
        help_text=_("Was getan oder geantwortet wurde; nur für die Datenpflege sichtbar."),
    )
    eingegangen_am = models.DateTimeField(_("Eingegangen am"), default=timezone.now)
    antwort_bis = models.DateField(_("Antwort bis"))
    kommune = kommune_feld(
        "rueckmeldungen",
        _(
            "Die Kommune, die die Rückmeldung bearbeitet: bei einem Hinweis die Kommune der "
            "Maßnahme. Leer: die ganze Region."
        ),
    )

    objects = RueckmeldungQuerySet.as_manager()
    history = Historie(excluded_fields=["problem", "email"])

    class Meta:
        verbose_name = _("Rückmeldung")
        verbose_name_plural = _("Rückmeldungen")
        ordering = ["-eingegangen_am", "-pk"]
        indexes = [models.Index(fields=["status", "-eingegangen_am"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["neu", "in_bearbeitung", "beantwortet"]),
                name="rueckmeldung_status_gueltig",
                violation_error_message=_("Bitte wählen Sie einen gültigen Status."),
            ),
            models.CheckConstraint(
                condition=Q(einwilligung=True),
                name="rueckmeldung_mit_einwilligung",
                violation_error_message=_(
                    "Ohne Ihre Einwilligung können wir die Rückmeldung nicht speichern."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Rückmeldung Nr. %(nr)s") % {"nr": self.pk or "–"}

    def get_absolute_url(self) -> str:
        return reverse("rueckmeldungen:detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs) -> None:
        """A note on a measure always belongs to the measure's Kommune (issue 12: feedback is
        handled by the Kommune it concerns); any other message keeps the Kommune it was given
        (``services.kommune_der_seite``: the Kommune whose public pages it was sent from; None:
        the region), in an installation with one Kommune that one
        (``aktionsplan.models.kommune_vorgeben``). One query when the measure's plan is not
        loaded, in an installation with several Kommunen."""
        vorher = self.kommune_id
        if self.massnahme_id is not None and bereich.einzige_kommune() is None:
            self.kommune_id = bereich.kommune_von(self.massnahme)
        kommune_vorgeben(self, kwargs)
        felder = kwargs.get("update_fields")
        if felder is not None and self.kommune_id != vorher and "kommune" not in felder:
            kwargs["update_fields"] = [*felder, "kommune"]
        super().save(*args, **kwargs)

    @property
    def ist_hinweis(self) -> bool:
        """A note on a measure ("Hinweis geben"), not general feedback."""
        return self.massnahme_id is not None

    def ist_ueberfaellig(self, heute: datetime.date | None = None) -> bool:
        """Not answered and past its deadline."""
        heute = heute or timezone.localdate()
        return self.status != self.Status.BEANTWORTET and self.antwort_bis < heute
