"""Indicators, their measured values, and qualitative findings."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from akteure.models import Datenquelle
from aktionsplan.eingaben import anzahl_unplausibel
from aktionsplan.historie import Historie
from aktionsplan.models import (
    Beteiligungsformat,
    Raum,
    Thema,
    UNBRKArtikel,
    kommune_feld,
    kommune_vorgeben,
)
from aktionsplan.querysets import BasisQuerySet, GeteiltQuerySet
from aktionsplan.sperre import Versioniert
from monitoring.zahlen import ist_kleine_anzahl, zahl_formatieren
from projekte.models import Projektskizze


class Lizenz(models.TextChoices):
    """Licences an indicator's values may be published under (the open-data licences of GovData
    and Creative Commons); ``LIZENZ_URI`` gives each one's address."""

    DL_DE_BY_2_0 = "dl-de-by-2.0", _("Datenlizenz Deutschland – Namensnennung – Version 2.0")
    DL_DE_ZERO_2_0 = "dl-de-zero-2.0", _("Datenlizenz Deutschland – Zero – Version 2.0")
    CC_BY_4_0 = "cc-by-4.0", _("Creative Commons Namensnennung 4.0 International (CC BY 4.0)")
    CC0_1_0 = "cc0-1.0", _("CC0 1.0 Universell (Public Domain Dedication)")


LIZENZ_URI = {
    Lizenz.DL_DE_BY_2_0: "https://www.govdata.de/dl-de/by-2-0",
    Lizenz.DL_DE_ZERO_2_0: "https://www.govdata.de/dl-de/zero-2-0",
    Lizenz.CC_BY_4_0: "https://creativecommons.org/licenses/by/4.0/",
    Lizenz.CC0_1_0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class IndikatorQuerySet(BasisQuerySet):
    geteilt = True

    def mit_bezuegen(self, nutzer, *relationen: str):
        """``relationen`` ("themen", "projekte") prefetched as ``nutzer`` may see them: an
        indicator is shared by the region, its themes and measures belong to Kommunen
        (aktionsplan.bereich), so another Kommune's never show on its pages. Call it before
        ``fuer_liste`` (its plain prefetch of the themes is then skipped; ``steckbrief_menge``
        scopes the themes itself);
        one query per relation, as the plain prefetch."""
        modelle = {"themen": Thema, "projekte": Projektskizze}
        return self.prefetch_related(
            *(
                models.Prefetch(
                    name,
                    queryset=modelle[name]._default_manager.fuer(nutzer),
                )
                for name in relationen
            )
        )

    def fuer_liste(self):
        return self.select_related("datenquelle", "datenquelle__akteur").prefetch_related("themen")

    def oeffentlich(self):
        """The indicators the public pages show: those marked "öffentlich"."""
        return self.filter(oeffentlich=True)


class Indikator(Versioniert):
    class Art(models.TextChoices):
        QUANTITATIV = "quantitativ", _("quantitativ")
        QUALITATIV = "qualitativ", _("qualitativ")

    class Richtung(models.TextChoices):
        HOEHER_BESSER = "hoeher", _("höher ist besser")
        NIEDRIGER_BESSER = "niedriger", _("niedriger ist besser")

    class Typ(models.TextChoices):
        """The indicator types of the OHCHR's human rights indicator framework (OHCHR, "Human
        Rights Indicators: A Guide to Measurement and Implementation", 2012, ch. II)."""

        STRUKTUR = "struktur", _("Strukturindikator")
        PROZESS = "prozess", _("Prozessindikator")
        ERGEBNIS = "ergebnis", _("Ergebnisindikator")

    name = models.CharField(_("Name"), max_length=250, unique=True)
    beschreibung = models.TextField(_("Definition"), blank=True)
    art = models.CharField(_("Art"), max_length=20, choices=Art.choices, default=Art.QUANTITATIV)
    einheit = models.CharField(_("Einheit"), max_length=50, blank=True)
    ist_fallzahl = models.BooleanField(
        _("Wert ist eine Fallzahl"),
        default=True,
        help_text=_(
            "Fallzahlen unter der Mindestfallzahl werden außerhalb der Datenpflege nur als "
            "„< N“ gezeigt."
        ),
    )
    richtung = models.CharField(
        _("Richtung"), max_length=20, choices=Richtung.choices, default=Richtung.HOEHER_BESSER
    )
    datenquelle = models.ForeignKey(
        Datenquelle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indikatoren",
        verbose_name=_("Datenquelle"),
    )
    themen = models.ManyToManyField(
        Thema, blank=True, related_name="indikatoren", verbose_name=_("Themen")
    )
    projekte = models.ManyToManyField(
        Projektskizze, blank=True, related_name="indikatoren", verbose_name=_("Maßnahmen")
    )
    unbrk_artikel = models.ManyToManyField(
        UNBRKArtikel,
        blank=True,
        related_name="indikatoren",
        verbose_name=_("UN-BRK-Artikel"),
        help_text=_("Die Artikel der UN-BRK, über deren Umsetzung der Indikator Auskunft gibt."),
    )
    raeumliche_ebene = models.CharField(
        _("räumliche Ebene"), max_length=20, choices=Raum.Ebene.choices
    )
    rhythmus = models.CharField(
        _("Rhythmus"), max_length=20, choices=Datenquelle.Rhythmus.choices, blank=True
    )
    basiswert = models.DecimalField(
        _("Basiswert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    basisjahr = models.PositiveSmallIntegerField(_("Basisjahr"), null=True, blank=True)
    zielwert = models.DecimalField(
        _("Zielwert"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    zieljahr = models.PositiveSmallIntegerField(_("Zieljahr"), null=True, blank=True)
    mindestfallzahl = models.PositiveSmallIntegerField(
        _("Mindestfallzahl für Veröffentlichung"), default=3
    )
    # Rates and shares: numerator ÷ denominator × factor (issue 9).
    zaehler = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quoten_als_zaehler",
        verbose_name=_("Zähler"),
        help_text=_(
            "Die Fallzahl, auf der diese Quote oder dieser Anteil beruht. Wo sie geschützt ist, "
            "wird auch die Quote zurückgehalten."
        ),
    )
    nenner = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="quoten_als_nenner",
        verbose_name=_("Nenner"),
        help_text=_("Die Bezugsgröße, z. B. die Einwohnerzahl."),
    )
    faktor = models.PositiveIntegerField(
        _("Faktor"),
        null=True,
        blank=True,
        help_text=_("100 für Prozent, 1.000 für „je 1.000 Einwohnerinnen und Einwohner“."),
    )
    berechnet = models.BooleanField(
        _("Werte werden berechnet"),
        default=False,
        help_text=_(
            "Die Werte werden je Raum und Jahr als Zähler ÷ Nenner × Faktor berechnet und nie "
            "eingegeben oder importiert."
        ),
    )
    ist_einwohnerzahl = models.BooleanField(
        _("Einwohnerzahl der Räume"),
        default=False,
        help_text=_("Dieser Indikator führt die Einwohnerzahl jedes Raums je Jahr."),
    )
    ohne_n_freigegeben_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Anteile ohne Fallzahl freigegeben von"),
    )
    ohne_n_freigegeben_am = models.DateTimeField(
        _("Anteile ohne Fallzahl freigegeben am"), null=True, blank=True
    )
    # The indicator profile (Indikatorensteckbrief).
    berechnung = models.TextField(
        _("Berechnungsmethode"),
        blank=True,
        help_text=_("Wie der Wert gebildet wird: Zähler, Nenner, Stichtag, Abgrenzung."),
    )
    qualitaetshinweise = models.TextField(_("Hinweise zur Datenqualität"), blank=True)
    grenzen = models.TextField(_("Bekannte Grenzen"), blank=True)
    typ = models.CharField(
        _("Typ nach OHCHR"),
        max_length=20,
        choices=Typ.choices,
        blank=True,
        help_text=_(
            "Strukturindikator (Regeln und Einrichtungen), Prozessindikator (Anstrengungen und "
            "Maßnahmen) oder Ergebnisindikator (erreichte Lage der Menschen)."
        ),
    )
    verantwortlich = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verantwortete_indikatoren",
        verbose_name=_("verantwortliche Person"),
    )
    lizenz = models.CharField(
        _("Lizenz"),
        max_length=20,
        choices=Lizenz.choices,
        blank=True,
        help_text=_("Leer: die Standardlizenz dieser Installation."),
    )

    oeffentlich = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_(
            "Der Indikator erscheint mit seinen Werten (kleine Fallzahlen geschützt) auf den "
            "öffentlichen Seiten."
        ),
    )

    objects = IndikatorQuerySet.as_manager()
    history = Historie(m2m_fields=["themen", "projekte", "unbrk_artikel"])

    class Meta:
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art__in=["quantitativ", "qualitativ"]),
                name="indikator_art_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Art."),
            ),
            models.CheckConstraint(
                condition=Q(richtung__in=["hoeher", "niedriger"]),
                name="indikator_richtung_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Richtung."),
            ),
            models.CheckConstraint(
                condition=Q(raeumliche_ebene__in=["region", "kommune", "sozialraum", "viertel"]),
                name="indikator_ebene_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige räumliche Ebene."),
            ),
            models.CheckConstraint(
                condition=Q(mindestfallzahl__gte=1),
                name="indikator_mindestfallzahl_ab_1",
                violation_error_message=_("Die Mindestfallzahl ist mindestens 1."),
            ),
            models.CheckConstraint(
                condition=Q(basisjahr__isnull=True)
                | Q(zieljahr__isnull=True)
                | Q(zieljahr__gte=F("basisjahr")),
                name="indikator_zieljahr_nicht_vor_basisjahr",
                violation_error_message=_("Das Zieljahr liegt vor dem Basisjahr."),
            ),
            models.CheckConstraint(
                condition=Q(berechnet=False)
                | Q(zaehler__isnull=False, nenner__isnull=False, faktor__gte=1),
                name="indikator_berechnet_mit_zaehler_nenner_faktor",
                violation_error_message=_(
                    "Ein berechneter Indikator braucht Zähler, Nenner und Faktor."
                ),
            ),
            models.UniqueConstraint(
                fields=["ist_einwohnerzahl"],
                condition=Q(ist_einwohnerzahl=True),
                name="indikator_eine_einwohnerzahl",
                violation_error_message=_("Es gibt schon einen Indikator für die Einwohnerzahl."),
            ),
            models.CheckConstraint(
                condition=Q(typ__in=["", "struktur", "prozess", "ergebnis"]),
                name="indikator_typ_gueltig",
                violation_error_message=_("Bitte wählen Sie einen gültigen Typ."),
            ),
            models.CheckConstraint(
                condition=Q(
                    lizenz__in=["", "dl-de-by-2.0", "dl-de-zero-2.0", "cc-by-4.0", "cc0-1.0"]
                ),
                name="indikator_lizenz_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Lizenz."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:indikator_detail", kwargs={"pk": self.pk})

    def wert_unplausibel(self, wert: Decimal) -> str:
        """Why a value cannot be right for this indicator ("" if it is plausible): a count is a
        whole number from 0 to ANZAHL_MAX (aktionsplan.eingaben), a percentage lies between 0
        and 100."""
        if self.ist_fallzahl and wert < 0:
            return gettext("Eine Fallzahl kann nicht negativ sein.")
        if self.ist_anzahl and (grund := anzahl_unplausibel(wert)):
            return grund
        if self.ist_anteil and not 0 <= wert <= 100:
            return gettext("Ein Anteil in Prozent liegt zwischen 0 und 100.")
        return ""

    @property
    def ist_anzahl(self) -> bool:
        """Whether values count people or cases ("Wert ist eine Fallzahl", unit e.g. "Personen",
        "Kinder") and are therefore whole numbers. A percentage is none even when marked as a
        case count; an indicator whose values may be fractional (an average, a rate) is no case
        count and must not be marked as one."""
        return self.ist_fallzahl and not self.ist_anteil

    @property
    def ist_anteil(self) -> bool:
        """Whether values are percentages (unit "%", "Prozent", "% der …")."""
        einheit = self.einheit.strip().lower()
        return einheit.startswith(("%", "prozent"))

    def clean(self) -> None:
        """Baseline and target obey the same plausibility as the values. A computed indicator
        (``berechnet``) names numerator, denominator and factor; both sources are entered
        quantitative indicators other than itself, and it has no entered values of its own."""
        fehler = {}
        for feld in ("basiswert", "zielwert"):
            wert = getattr(self, feld)
            if wert is not None and (grund := self.wert_unplausibel(wert)):
                fehler[feld] = ValidationError(grund, code="unplausibel")
        for feld in ("zaehler", "nenner"):
            quelle = getattr(self, feld)
            if quelle is None:
                continue
            if self.pk is not None and quelle.pk == self.pk:
                fehler[feld] = ValidationError(
                    _("Ein Indikator kann nicht auf sich selbst beruhen."), code="selbst"
                )
            elif quelle.berechnet or quelle.art != Indikator.Art.QUANTITATIV:
                fehler[feld] = ValidationError(
                    _("Zähler und Nenner sind eingegebene quantitative Indikatoren."),
                    code="quelle",
                )
        if self.berechnet:
            for feld in ("zaehler", "nenner", "faktor"):
                if getattr(self, feld) is None and feld not in fehler:
                    fehler[feld] = ValidationError(
                        _("Ein berechneter Indikator braucht Zähler, Nenner und Faktor."),
                        code="pflicht",
                    )
            if self.zaehler_id is not None and self.zaehler_id == self.nenner_id:
                fehler["nenner"] = ValidationError(
                    _("Zähler und Nenner sind verschiedene Indikatoren."), code="gleich"
                )
            if self.art != Indikator.Art.QUANTITATIV:
                fehler["art"] = ValidationError(
                    _("Nur ein quantitativer Indikator kann berechnet werden."), code="art"
                )
            if self.ist_fallzahl:
                fehler["ist_fallzahl"] = ValidationError(
                    _("Eine berechnete Quote ist keine Fallzahl."), code="fallzahl"
                )
            if self.pk is not None and not self._war_berechnet() and self.messwerte.exists():
                fehler["berechnet"] = ValidationError(
                    _(
                        "Der Indikator hat eingegebene Werte. Löschen Sie sie, bevor seine "
                        "Werte berechnet werden."
                    ),
                    code="eingegeben",
                )
        elif self.pk is not None and self._war_berechnet():
            fehler["berechnet"] = ValidationError(
                _(
                    "Die Werte dieses Indikators sind berechnet. Legen Sie für eingegebene Werte "
                    "einen neuen Indikator an."
                ),
                code="war_berechnet",
            )
        if (
            self.berechnet
            and self.pk is not None
            and Indikator.objects.filter(Q(zaehler=self.pk) | Q(nenner=self.pk)).exists()
        ):
            fehler["berechnet"] = ValidationError(
                _("Ein Indikator, auf dem andere beruhen, kann nicht selbst berechnet sein."),
                code="kette",
            )
        if fehler:
            raise ValidationError(fehler)

    def _war_berechnet(self) -> bool:
        return Indikator.objects.filter(pk=self.pk, berechnet=True).exists()

    @property
    def ist_quote(self) -> bool:
        """Whether values are shares or rates (entered or computed), not counts: a percentage,
        a factor, or a numerator named."""
        return (
            self.berechnet
            or self.faktor is not None
            or self.zaehler_id is not None
            or self.ist_anteil
        )

    @property
    def hoeher_besser(self) -> bool:
        return self.richtung == self.Richtung.HOEHER_BESSER

    def ist_kleine_zahl(self, wert) -> bool:
        return self.ist_fallzahl and ist_kleine_anzahl(wert, self.mindestfallzahl)

    def zielwert_text(self) -> str:
        return zahl_formatieren(self.zielwert)

    @property
    def lizenz_wirksam(self) -> Lizenz:
        """The indicator's licence, or the installation's default (``STANDARDLIZENZ``)."""
        return Lizenz(self.lizenz or settings.STANDARDLIZENZ)

    @property
    def lizenz_uri(self) -> str:
        return LIZENZ_URI[self.lizenz_wirksam]

    @property
    def rhythmus_wirksam(self) -> str:
        """The indicator's own rhythm, else its data source's ("" if neither is known)."""
        if self.rhythmus:
            return self.rhythmus
        return self.datenquelle.rhythmus if self.datenquelle_id else ""


class MesswertQuerySet(BasisQuerySet):
    # A value belongs to the Kommune of its area; a value of the region is shared.
    kommune_pfad = "raum__kommune"

    def fuer_anzeige(self, *, indikator=None, indikatoren=None, jahre=None):
        """Complete protection groups (never filtered by area), with indikator and raum loaded.

        Pass the result to monitoring.schutz.schuetzen(); one query.
        """
        qs = self.select_related("raum", "indikator")
        if indikator is not None:
            qs = qs.filter(indikator=indikator)
        if indikatoren is not None:
            qs = qs.filter(indikator__in=indikatoren)
        if jahre is not None:
            qs = qs.filter(jahr__in=list(jahre))
        return qs.order_by("indikator_id", "jahr", "raum__ebene", "raum__name")

    def neuestes_jahr_je_indikator(self, *, mit_basisjahr: bool = False, **raum_filter):
        """Values of each indicator in the latest year that has a value matching ``raum_filter``
        (e.g. raum=…, raum__ebene="kommune") — whole groups of that year, in one query.

        ``mit_basisjahr`` adds the whole groups of each indicator's base year (same query).
        """
        neuestes = (
            Messwert.objects.filter(indikator=OuterRef("indikator_id"), **raum_filter)
            .order_by("-jahr")
            .values("jahr")[:1]
        )
        bedingung = Q(jahr=Subquery(neuestes))
        if mit_basisjahr:
            bedingung |= Q(jahr=F("indikator__basisjahr"))
        return self.filter(bedingung).fuer_anzeige()


class Messwert(Versioniert):
    """One value of an indicator for a year and an area (the Kommune itself for the whole city)."""

    indikator = models.ForeignKey(
        Indikator, on_delete=models.CASCADE, related_name="messwerte", verbose_name=_("Indikator")
    )
    jahr = models.PositiveSmallIntegerField(_("Jahr"))
    raum = models.ForeignKey(
        Raum, on_delete=models.PROTECT, related_name="messwerte", verbose_name=_("Raum")
    )
    wert = models.DecimalField(_("Wert"), max_digits=14, decimal_places=2)
    fallzahl = models.PositiveIntegerField(
        _("Fallzahl n"),
        null=True,
        blank=True,
        help_text=_(
            "Bei einem eingegebenen Anteil oder einer Quote: die Zahl der Fälle dahinter. Unter "
            "der Mindestfallzahl wird der Wert zurückgehalten."
        ),
    )
    vorlaeufig = models.BooleanField(_("vorläufig"), default=False)
    quellenhinweis = models.CharField(_("Quellenhinweis"), max_length=300, blank=True)
    geaendert_am = models.DateTimeField(_("geändert am"), auto_now=True)

    objects = MesswertQuerySet.as_manager()
    history = Historie()

    class Meta:
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        ordering = ["indikator", "jahr", "raum"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "jahr", "raum"],
                name="messwert_je_indikator_jahr_raum",
                violation_error_message=_(
                    "Für diesen Indikator, dieses Jahr und diesen Raum gibt es schon einen Wert."
                ),
            ),
            models.CheckConstraint(
                condition=Q(jahr__gte=1990, jahr__lte=2100),
                name="messwert_jahr_plausibel",
                violation_error_message=_("Das Jahr liegt nicht zwischen 1990 und 2100."),
            ),
        ]

    def __str__(self) -> str:
        # Never the number: this name appears in messages (a stale save, the admin's "changed")
        # that people outside the Datenpflege read, and the value may be a protected small one.
        # Never a query either: the indicator's and area's names only if they were loaded.
        teile = [str(self.jahr)]
        if Messwert.raum.is_cached(self):
            teile.append(self.raum.name)
        if Messwert.indikator.is_cached(self):
            teile.append(self.indikator.name)
        return ", ".join(teile)

    def clean(self) -> None:
        """A value must be possible for its indicator (``Indikator.wert_unplausibel``). A
        computed indicator's values are never entered or imported (monitoring.quoten writes
        them); a case count n belongs to shares and rates only. A value is measured: its year
        has begun (the running year's values may be provisional, ``vorlaeufig``)."""
        if isinstance(self.jahr, int) and self.jahr > timezone.localdate().year:
            raise ValidationError(
                {
                    "jahr": _(
                        "Für das Jahr %(jahr)s gibt es noch keinen Messwert: es hat noch nicht "
                        "begonnen."
                    )
                    % {"jahr": self.jahr}
                },
                code="zukunft",
            )
        if self.indikator_id is not None and self.indikator.berechnet:
            raise ValidationError(
                {
                    "indikator": _(
                        "Die Werte dieses Indikators werden aus Zähler und Nenner berechnet und "
                        "können nicht eingegeben werden."
                    )
                },
                code="berechnet",
            )
        if (
            self.fallzahl is not None
            and self.indikator_id is not None
            and not self.indikator.ist_quote
        ):
            raise ValidationError(
                {"fallzahl": _("Eine Fallzahl n gibt es nur bei Anteilen und Quoten.")},
                code="fallzahl",
            )
        if self.wert is not None and self.indikator_id is not None:
            if self.indikator.art != Indikator.Art.QUANTITATIV:
                raise ValidationError(
                    {"indikator": _("Ein qualitativer Indikator hat keine Zahlenwerte.")},
                    code="qualitativ",
                )
            if grund := self.indikator.wert_unplausibel(self.wert):
                raise ValidationError({"wert": grund}, code="unplausibel")


class ErkenntnisQuerySet(BasisQuerySet):
    kommune_pfad = "kommune"

    def fuer_liste(self):
        return self.select_related("beteiligungsformat").prefetch_related("themen", "raeume")


class Erkenntnis(Versioniert):
    """A qualitative finding: what was heard or observed, and where."""

    class Quelle(models.TextChoices):
        VERANSTALTUNG = "veranstaltung", _("Veranstaltung")
        INTERVIEW = "interview", _("Interview")
        ARBEITSGRUPPE = "arbeitsgruppe", _("Arbeitsgruppe")
        BEFRAGUNG = "befragung", _("Befragung")
        BEOBACHTUNG = "beobachtung", _("Beobachtung")

    titel = models.CharField(_("Titel"), max_length=250)
    text = models.TextField(_("Erkenntnis"))
    datum = models.DateField(_("Datum"), default=timezone.localdate)
    quelle = models.CharField(_("Quelle"), max_length=20, choices=Quelle.choices)
    beteiligungsformat = models.ForeignKey(
        Beteiligungsformat,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erkenntnisse",
        verbose_name=_("Beteiligungsformat"),
    )
    themen = models.ManyToManyField(
        Thema, blank=True, related_name="erkenntnisse", verbose_name=_("Themen")
    )
    projekte = models.ManyToManyField(
        Projektskizze, blank=True, related_name="erkenntnisse", verbose_name=_("Maßnahmen")
    )
    raeume = models.ManyToManyField(
        Raum, blank=True, related_name="erkenntnisse", verbose_name=_("Räume")
    )
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="erkenntnisse",
        verbose_name=_("erfasst von"),
    )
    ist_kernaussage = models.BooleanField(_("Kernaussage für den Jahresbericht"), default=False)
    kommune = kommune_feld(
        "erkenntnisse",
        _("Die Kommune der Erkenntnis; mit einem Beteiligungsformat immer dessen Kommune."),
    )

    objects = ErkenntnisQuerySet.as_manager()
    history = Historie(m2m_fields=["themen", "projekte", "raeume"])

    class Meta:
        verbose_name = _("Erkenntnis")
        verbose_name_plural = _("Erkenntnisse")
        ordering = ["-datum", "titel"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    quelle__in=[
                        "veranstaltung",
                        "interview",
                        "arbeitsgruppe",
                        "befragung",
                        "beobachtung",
                    ]
                ),
                name="erkenntnis_quelle_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Quelle."),
            ),
        ]

    def __str__(self) -> str:
        return self.titel

    def get_absolute_url(self) -> str:
        return reverse("monitoring:erkenntnis_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs) -> None:
        kommune_vorgeben(self, kwargs, "beteiligungsformat")
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """A finding records what was heard or observed: its date is today or earlier."""
        if isinstance(self.datum, datetime.date) and self.datum > timezone.localdate():
            raise ValidationError(
                {"datum": _("Eine Erkenntnis kann nicht in der Zukunft liegen.")}, code="zukunft"
            )


# --- qualitative indicators: scale, rater groups, ratings -------------------------------------


class Bewertergruppe(Versioniert):
    """Who rates a qualitative indicator (reference data): Verwaltung, Behindertenbeirat,
    Selbstvertretung … A group's view is always shown on its own, never averaged with another's."""

    name = models.CharField(_("Name"), max_length=150, unique=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = GeteiltQuerySet.as_manager()
    history = Historie()

    class Meta:
        verbose_name = _("Bewertergruppe")
        verbose_name_plural = _("Bewertergruppen")
        ordering = ["reihenfolge", "name"]

    def __str__(self) -> str:
        return self.name


class Bewertungsstufe(Versioniert):
    """One labelled step of a qualitative indicator's own scale; ``stufe`` orders the steps
    (1 = the lowest)."""

    indikator = models.ForeignKey(
        Indikator, on_delete=models.CASCADE, related_name="stufen", verbose_name=_("Indikator")
    )
    stufe = models.PositiveSmallIntegerField(_("Stufe"))
    name = models.CharField(_("Bezeichnung"), max_length=150)
    beschreibung = models.CharField(_("Beschreibung"), max_length=300, blank=True)

    objects = GeteiltQuerySet.as_manager()
    history = Historie()

    class Meta:
        verbose_name = _("Bewertungsstufe")
        verbose_name_plural = _("Bewertungsstufen")
        ordering = ["indikator", "stufe"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "stufe"],
                name="bewertungsstufe_je_indikator_eindeutig",
                violation_error_message=_("Diese Stufe hat der Indikator schon."),
            ),
            models.UniqueConstraint(
                fields=["indikator", "name"],
                name="bewertungsstufe_bezeichnung_eindeutig",
                violation_error_message=_("Diese Bezeichnung hat eine andere Stufe schon."),
            ),
            models.CheckConstraint(
                condition=Q(stufe__gte=1, stufe__lte=10),
                name="bewertungsstufe_1_bis_10",
                violation_error_message=_("Eine Stufe liegt zwischen 1 und 10."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stufe} – {self.name}"

    def clean(self) -> None:
        """Only a qualitative indicator has a scale."""
        if self.indikator_id is not None and self.indikator.art != Indikator.Art.QUALITATIV:
            raise ValidationError(
                {"indikator": _("Nur ein qualitativer Indikator hat eine Bewertungsskala.")},
                code="quantitativ",
            )


class EinschaetzungQuerySet(BasisQuerySet):
    kommune_pfad = "kommune"

    def fuer_anzeige(self):
        return self.select_related("gruppe", "stufe").order_by(
            "jahr", "gruppe__reihenfolge", "gruppe__name"
        )


class Einschaetzung(Versioniert):
    """A rater group's rating of a qualitative indicator for one year: a step of the indicator's
    scale, a text, the occasion (e.g. the Beirat's meeting of a date). The Redaktion enters it on
    the group's behalf; findings can be linked as evidence. One rating per group and year."""

    indikator = models.ForeignKey(
        Indikator,
        on_delete=models.CASCADE,
        related_name="einschaetzungen",
        verbose_name=_("Indikator"),
    )
    jahr = models.PositiveSmallIntegerField(_("Jahr"))
    gruppe = models.ForeignKey(
        Bewertergruppe,
        on_delete=models.PROTECT,
        related_name="einschaetzungen",
        verbose_name=_("bewertet von"),
    )
    stufe = models.ForeignKey(
        Bewertungsstufe,
        on_delete=models.PROTECT,
        related_name="einschaetzungen",
        verbose_name=_("Bewertung"),
    )
    text = models.TextField(_("Begründung"))
    anlass = models.CharField(
        _("Anlass"),
        max_length=250,
        help_text=_("z. B. „Sitzung des Behindertenbeirats am 12.03.2025“"),
    )
    datum = models.DateField(_("Datum des Anlasses"))
    erkenntnisse = models.ManyToManyField(
        Erkenntnis,
        blank=True,
        related_name="einschaetzungen",
        verbose_name=_("belegende Erkenntnisse"),
    )
    erfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="einschaetzungen",
        verbose_name=_("erfasst von"),
    )
    kommune = kommune_feld("einschaetzungen")

    objects = EinschaetzungQuerySet.as_manager()
    history = Historie(m2m_fields=["erkenntnisse"])

    class Meta:
        verbose_name = _("Einschätzung")
        verbose_name_plural = _("Einschätzungen")
        ordering = ["indikator", "jahr", "gruppe"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "jahr", "gruppe"],
                name="einschaetzung_je_indikator_jahr_gruppe",
                violation_error_message=_(
                    "Für diesen Indikator, dieses Jahr und diese Gruppe gibt es schon eine "
                    "Einschätzung."
                ),
            ),
            models.CheckConstraint(
                condition=Q(jahr__gte=1990, jahr__lte=2100),
                name="einschaetzung_jahr_plausibel",
                violation_error_message=_("Das Jahr liegt nicht zwischen 1990 und 2100."),
            ),
        ]

    def __str__(self) -> str:
        # No query: the names only if they were loaded.
        teile = [str(self.jahr)]
        if Einschaetzung.gruppe.is_cached(self):
            teile.append(self.gruppe.name)
        if Einschaetzung.indikator.is_cached(self):
            teile.append(self.indikator.name)
        return ", ".join(teile)

    def save(self, *args, **kwargs) -> None:
        kommune_vorgeben(self, kwargs)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The indicator is qualitative, the step is one of its own scale, the occasion has
        not yet to come. Raises ValidationError by field."""
        fehler = {}
        if self.indikator_id is not None:
            if self.indikator.art != Indikator.Art.QUALITATIV:
                fehler["indikator"] = ValidationError(
                    _("Nur ein qualitativer Indikator wird eingeschätzt."), code="quantitativ"
                )
            elif self.stufe_id is not None and self.stufe.indikator_id != self.indikator_id:
                fehler["stufe"] = ValidationError(
                    _("Diese Stufe gehört nicht zur Skala dieses Indikators."), code="fremde_stufe"
                )
        if self.datum is not None and self.datum > timezone.localdate():
            fehler["datum"] = ValidationError(
                _("Der Anlass kann nicht in der Zukunft liegen."), code="zukunft"
            )
        if fehler:
            raise ValidationError(fehler)


# The yearly report's life cycle (its own module, so that this one stays readable).
from monitoring.models_bericht import Berichtsdatei, Berichtsfassung  # noqa: E402, F401
