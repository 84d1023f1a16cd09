"""Actors (organisations), their contact persons and the data they supply."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aktionsplan import bereich
from aktionsplan.historie import Historie
from aktionsplan.models import Raum, kommune_feld, kommune_vorgeben
from aktionsplan.querysets import BasisQuerySet, GeteiltQuerySet
from aktionsplan.sperre import Versioniert

# Contact data must be re-confirmed regularly (data minimisation, DESIGN.md); older
# confirmations are listed for follow-up or deletion.
BESTAETIGUNG_HOECHSTENS_JAHRE = 2


def bestaetigung_stichtag(heute: datetime.date | None = None) -> datetime.date:
    """The date before which a confirmation counts as outdated (29 Feb → 28 Feb)."""
    heute = heute or timezone.localdate()
    jahr = heute.year - BESTAETIGUNG_HOECHSTENS_JAHRE
    try:
        return heute.replace(year=jahr)
    except ValueError:
        return heute.replace(year=jahr, day=28)


class Akteurstyp(Versioniert):
    name = models.CharField(_("Name"), max_length=150, unique=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    history = Historie()
    objects = GeteiltQuerySet.as_manager()

    class Meta:
        verbose_name = _("Akteurstyp")
        verbose_name_plural = _("Akteurstypen")
        ordering = ["reihenfolge", "name"]

    def __str__(self) -> str:
        return self.name


class AkteurQuerySet(BasisQuerySet):
    # NULL: a regional actor (Versorgungsamt, Bundesagentur für Arbeit, LVR), shared by all.
    kommune_pfad = "kommune"

    def aktiv(self):
        return self.filter(aktiv=True)

    def fuer_liste(self):
        return self.select_related("typ")


class Akteur(Versioniert):
    class Ebene(models.TextChoices):
        KOMMUNAL = "kommunal", _("kommunal")
        STAEDTEREGION = "staedteregion", _("StädteRegion")
        LAND = "land", _("Land")
        BUND = "bund", _("Bund")

    name = models.CharField(_("Name"), max_length=250, unique=True)
    kurzname = models.CharField(_("Kurzname"), max_length=80, blank=True)
    typ = models.ForeignKey(
        Akteurstyp, on_delete=models.PROTECT, related_name="akteure", verbose_name=_("Typ")
    )
    ebene = models.CharField(_("Ebene"), max_length=20, choices=Ebene.choices)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    raeume = models.ManyToManyField(
        Raum,
        blank=True,
        related_name="akteure",
        verbose_name=_("tätig in"),
    )
    aktiv = models.BooleanField(_("aktiv"), default=True)
    kommune = kommune_feld(
        "akteure",
        _(
            "Die Kommune eines örtlichen Akteurs. Leer: ein regionaler Akteur (z. B. "
            "Versorgungsamt, Bundesagentur für Arbeit, LVR), den alle Kommunen sehen."
        ),
    )

    objects = AkteurQuerySet.as_manager()
    history = Historie(m2m_fields=["raeume"])

    class Meta:
        verbose_name = _("Akteur")
        verbose_name_plural = _("Akteure")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ebene__in=["kommunal", "staedteregion", "land", "bund"]),
                name="akteur_ebene_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Ebene."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("akteure:akteur_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        """In an installation with several Kommunen a municipal actor names its Kommune
        (aktionsplan.bereich); one of a higher level is shared by the region."""
        if (
            self.ebene == self.Ebene.KOMMUNAL
            and self.kommune_id is None
            and bereich.mehrere_kommunen()
        ):
            raise ValidationError(
                {"kommune": _("Bitte wählen Sie die Kommune dieses örtlichen Akteurs.")},
                code="kommune_fehlt",
            )

    def ohne_kommune_geteilt(self) -> bool:
        """Whether this row, without a Kommune, is shared by the region by its nature: an actor
        of a level above the Kommune (aktionsplan.bereich.vor_dem_schreiben gives a new row of
        one Kommune's person that Kommune otherwise)."""
        return self.ebene != self.Ebene.KOMMUNAL and self.kommune_id is None

    def save(self, *args, **kwargs) -> None:
        # A municipal actor belongs to a Kommune; one of a higher level is shared by the region.
        if self.ebene == self.Ebene.KOMMUNAL:
            kommune_vorgeben(self, kwargs)
        super().save(*args, **kwargs)


class AnsprechpersonQuerySet(BasisQuerySet):
    kommune_pfad = "akteur__kommune"


class Ansprechperson(Versioniert):
    """Personal data: staff-only, minimal, with its legal basis and last confirmation; deletable."""

    RECHTSGRUNDLAGE_STANDARD = "Art. 6 Abs. 1 lit. e DSGVO"

    akteur = models.ForeignKey(
        Akteur,
        on_delete=models.CASCADE,
        related_name="ansprechpersonen",
        verbose_name=_("Akteur"),
    )
    name = models.CharField(_("Name"), max_length=200)
    funktion = models.CharField(_("Funktion"), max_length=200, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    telefon = models.CharField(_("Telefon"), max_length=50, blank=True)
    rechtsgrundlage = models.CharField(
        _("Rechtsgrundlage"), max_length=200, default=RECHTSGRUNDLAGE_STANDARD
    )
    bestaetigt_am = models.DateField(
        _("zuletzt bestätigt am"),
        help_text=_("Wann die Person zuletzt bestätigt hat, dass die Angaben stimmen."),
    )

    history = Historie()
    objects = AnsprechpersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("Ansprechperson")
        verbose_name_plural = _("Ansprechpersonen")
        ordering = ["akteur", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.bestaetigt_am is not None and self.bestaetigt_am > timezone.localdate():
            raise ValidationError(
                {"bestaetigt_am": _("Eine Bestätigung kann nicht in der Zukunft liegen.")},
                code="zukunft",
            )


class DatenquelleQuerySet(BasisQuerySet):
    # A regional actor's sources are shared; a local actor's belong to its Kommune.
    kommune_pfad = "akteur__kommune"


class Datenquelle(Versioniert):
    """What an actor supplies, e.g. the Schwerbehindertenstatistik of the Versorgungsamt."""

    class Rhythmus(models.TextChoices):
        MONATLICH = "monatlich", _("monatlich")
        QUARTALSWEISE = "quartalsweise", _("quartalsweise")
        JAEHRLICH = "jaehrlich", _("jährlich")
        MEHRJAEHRLICH = "mehrjaehrlich", _("mehrjährlich")
        UNREGELMAESSIG = "unregelmaessig", _("unregelmäßig")

    class Vertraulichkeit(models.TextChoices):
        OEFFENTLICH = "oeffentlich", _("öffentlich")
        INTERN = "intern", _("nur intern")
        VERTRAULICH = "vertraulich", _("vertraulich")

    name = models.CharField(_("Name"), max_length=250, unique=True)
    akteur = models.ForeignKey(
        Akteur, on_delete=models.PROTECT, related_name="datenquellen", verbose_name=_("Akteur")
    )
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    raeumliche_ebene = models.CharField(
        _("räumliche Ebene"),
        max_length=20,
        choices=Raum.Ebene.choices,
    )
    rhythmus = models.CharField(_("Rhythmus"), max_length=20, choices=Rhythmus.choices)
    veroeffentlichungsverzug_monate = models.PositiveSmallIntegerField(
        _("Veröffentlichungsverzug (Monate)"),
        default=0,
        help_text=_(
            "Wie viele Monate nach dem Ende eines Zeitraums die Werte üblicherweise geliefert "
            "werden, z. B. 6 für eine Jahresstatistik, die im Juni des Folgejahres erscheint."
        ),
    )
    format = models.CharField(_("Format"), max_length=100, blank=True)
    vertraulichkeit = models.CharField(
        _("Vertraulichkeit"),
        max_length=20,
        choices=Vertraulichkeit.choices,
        default=Vertraulichkeit.INTERN,
    )
    vertraulichkeitsregel = models.TextField(
        _("Regel zur Vertraulichkeit"),
        blank=True,
        help_text=_("z. B. „Fallzahlen unter 3 werden nicht veröffentlicht (Regel der BA)“."),
    )

    history = Historie()
    objects = DatenquelleQuerySet.as_manager()

    class Meta:
        verbose_name = _("Datenquelle")
        verbose_name_plural = _("Datenquellen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(raeumliche_ebene__in=["region", "kommune", "sozialraum", "viertel"]),
                name="datenquelle_ebene_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige räumliche Ebene."),
            ),
            models.CheckConstraint(
                condition=Q(
                    rhythmus__in=[
                        "monatlich",
                        "quartalsweise",
                        "jaehrlich",
                        "mehrjaehrlich",
                        "unregelmaessig",
                    ]
                ),
                name="datenquelle_rhythmus_gueltig",
                violation_error_message=_("Bitte wählen Sie einen gültigen Rhythmus."),
            ),
            models.CheckConstraint(
                condition=Q(vertraulichkeit__in=["oeffentlich", "intern", "vertraulich"]),
                name="datenquelle_vertraulichkeit_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Vertraulichkeit."),
            ),
            models.CheckConstraint(
                condition=Q(veroeffentlichungsverzug_monate__lte=60),
                name="datenquelle_verzug_hoechstens_60_monate",
                violation_error_message=_(
                    "Der Veröffentlichungsverzug beträgt höchstens 60 Monate."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("akteure:datenquelle_detail", kwargs={"pk": self.pk})
