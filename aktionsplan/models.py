"""The plan frame: Leitbild and its themes, areas, plans, reference lists, participation events."""

from collections.abc import Iterable, Mapping

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, When
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from aktionsplan import bereich
from aktionsplan.geometrie import aus_wkt
from aktionsplan.historie import Historie, register_benutzer_historie
from aktionsplan.querysets import BasisQuerySet, GeteiltQuerySet
from aktionsplan.sperre import Versioniert

# The help text of every "Text in Leichter Sprache" (plan, Leitbild, theme, measure).
LS_HILFE = _(
    "Erscheint auf der öffentlichen Seite in Leichter Sprache. Kurze Sätze, ein Gedanke je "
    "Satz, bekannte Wörter, schwere Wörter erklärt (Regeln des Netzwerks Leichte Sprache)."
)


def kommune_feld(related_name: str, hilfe: str | None = None) -> models.ForeignKey:
    """The owning Kommune of a row (aktionsplan.bereich): a ``Raum`` of the level Kommune; NULL
    means shared by the whole region (or, in an installation with one Kommune, not yet set)."""
    return models.ForeignKey(
        "aktionsplan.Raum",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"ebene": "kommune"},
        related_name=f"{related_name}_der_kommune",
        verbose_name=_("Kommune"),
        help_text=hilfe
        or _("Die Kommune, der der Eintrag gehört. Leer: gilt für die ganze Region."),
    )


class LeitbildQuerySet(BasisQuerySet):
    kommune_pfad = "kommune"


class Leitbild(Versioniert):
    name = models.CharField(_("Name"), max_length=200)
    leitmotiv = models.CharField(_("Leitmotiv"), max_length=300, blank=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    text_leichte_sprache = models.TextField(
        _("Text in Leichter Sprache"),
        blank=True,
        help_text=LS_HILFE,
    )
    zieljahr = models.PositiveSmallIntegerField(_("Zieljahr"), null=True, blank=True)
    kommune = kommune_feld("leitbilder")

    history = Historie()
    objects = LeitbildQuerySet.as_manager()

    class Meta:
        verbose_name = _("Leitbild")
        verbose_name_plural = _("Leitbilder")
        ordering = ["name"]
        # Unique within its Kommune: another Kommune's Leitbild of the same name is neither
        # a conflict nor something a person of this Kommune may learn of (issue 12).
        constraints = [
            models.UniqueConstraint(
                fields=["kommune", "name"],
                name="leitbild_name_je_kommune",
                violation_error_message=_("Diese Kommune hat schon ein Leitbild mit diesem Namen."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(kommune__isnull=True),
                name="leitbild_name_ohne_kommune",
                violation_error_message=_("Es gibt schon ein Leitbild mit diesem Namen."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def kommune_vorab(self, save_kwargs: dict | None = None) -> None:
        """The owning Kommune (``kommune_vorgeben``), also before the checks
        (``Versioniert.clean_fields``): the name is unique within it."""
        kommune_vorgeben(self, {} if save_kwargs is None else save_kwargs)

    def save(self, *args, **kwargs) -> None:
        self.kommune_vorab(kwargs)
        super().save(*args, **kwargs)


class ThemaQuerySet(BasisQuerySet):
    kommune_pfad = "leitbild__kommune"

    def geordnet(self):
        return self.order_by("reihenfolge", "name")


class Thema(Versioniert):
    """A Leitbild-Schwerpunkt. Themes are data, not code."""

    leitbild = models.ForeignKey(
        Leitbild, on_delete=models.PROTECT, related_name="themen", verbose_name=_("Leitbild")
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    text_leichte_sprache = models.TextField(
        _("Text in Leichter Sprache"),
        blank=True,
        help_text=LS_HILFE,
    )
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    objects = ThemaQuerySet.as_manager()

    history = Historie()

    class Meta:
        verbose_name = _("Thema")
        verbose_name_plural = _("Themen")
        ordering = ["reihenfolge", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["leitbild", "name"],
                name="thema_name_je_leitbild",
                violation_error_message=_("Dieses Leitbild hat schon ein Thema mit diesem Namen."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("aktionsplan:thema_detail", kwargs={"slug": self.slug})


class RaumQuerySet(BasisQuerySet):
    # A Kommune is its own Kommune; the region (and its Kommune-less rows) are shared.
    kommune_pfad = "kommune"

    def sozialraeume(self):
        return self.filter(ebene=Raum.Ebene.SOZIALRAUM)

    def kommunen(self):
        return self.filter(ebene=Raum.Ebene.KOMMUNE)

    def eigene_kommune(self):
        """The municipality this installation serves (one query; None if there is none yet).

        The one rule, used everywhere through ``aktionsplan.kommune.eigene_kommune()``: the
        Kommune with an official key (``amtlicher_schluessel``) created first, else the Kommune
        created first. An installation that serves several Kommunen (a later issue) replaces
        this rule in this one place.
        """
        return self.kommunen_eigene_zuerst().first()

    def auswahl_gruppieren(self, feld) -> None:
        """Dropdowns over areas group them by Kommune (aktionsplan.raumauswahl); called where
        choices are scoped (aktionsplan.querysets.auswahl_eingrenzen)."""
        from aktionsplan.raumauswahl import nach_kommune_gruppieren

        nach_kommune_gruppieren(feld)

    def kommunen_eigene_zuerst(self):
        """The Kommunen, the own one first (the rule of ``eigene_kommune``)."""
        # Those with an official key before those without, each in the order they were
        # created (a region's Kommunen loaded later never displace the first one: ordering by
        # the key made Aachen, 05334002, the own Kommune of the Stolberg installation).
        return self.kommunen().order_by(
            Case(When(amtlicher_schluessel__isnull=True, then=1), default=0), "pk"
        )


AGS_LAENDER = range(1, 17)


def amtlichen_schluessel_pruefen(wert: str) -> None:
    """Check an Amtlicher Gemeindeschlüssel (AGS): exactly 8 digits, the first two the Land
    (01 Schleswig-Holstein … 05 Nordrhein-Westfalen … 16 Thüringen), then Regierungsbezirk (1),
    Kreis (2) and Gemeinde (3). Source: Statistisches Bundesamt, Gemeindeverzeichnis (GV-ISys),
    "Amtlicher Gemeindeschlüssel"; Stolberg (Rhld.) is 05334032 (Land 05, Regierungsbezirk Köln 3,
    StädteRegion Aachen 34, Gemeinde 032).

    Raises ``ValidationError`` (code ``ags``) with a German message.
    """
    if len(wert) != 8 or not wert.isascii() or not wert.isdigit():
        raise ValidationError(
            _("Der Amtliche Gemeindeschlüssel hat genau 8 Ziffern, z. B. 05334032."),
            code="ags",
        )
    if int(wert[:2]) not in AGS_LAENDER:
        raise ValidationError(
            _(
                "Der Amtliche Gemeindeschlüssel beginnt mit der Nummer des Landes, 01 bis 16 "
                "(Nordrhein-Westfalen: 05)."
            ),
            code="ags",
        )


# The first segments of the public pages' addresses (oeffentlich/urls.py; a test compares).
OEFFENTLICHE_ABSCHNITTE = [
    "berichte",
    "daten",
    "gebaerdensprache",
    "indikatoren",
    "leicht",
    "massnahmen",
    "plaene",
    "themen",
]


class Raum(Versioniert):
    """An area in the tree Region → Kommune → Sozialraum → Viertel."""

    class Ebene(models.TextChoices):
        REGION = "region", _("Region")
        KOMMUNE = "kommune", _("Kommune")
        SOZIALRAUM = "sozialraum", _("Sozialraum")
        VIERTEL = "viertel", _("Viertel")

    # The level a child must have, per level of its parent.
    KIND_EBENE = {
        Ebene.REGION: Ebene.KOMMUNE,
        Ebene.KOMMUNE: Ebene.SOZIALRAUM,
        Ebene.SOZIALRAUM: Ebene.VIERTEL,
    }

    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    ebene = models.CharField(_("Ebene"), max_length=20, choices=Ebene.choices)
    uebergeordnet = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="untergeordnete",
        verbose_name=_("übergeordneter Raum"),
    )
    schluessel = models.CharField(
        _("Gebietsschlüssel"),
        max_length=40,
        blank=True,
        help_text=_("Amtlicher oder kommunaler Schlüssel, falls vorhanden."),
    )
    amtlicher_schluessel = models.CharField(
        _("Amtlicher Gemeindeschlüssel"),
        max_length=8,
        null=True,
        blank=True,
        unique=True,
        validators=[amtlichen_schluessel_pruefen],
        help_text=_(
            "Nur für eine Kommune: die 8 Ziffern des Statistischen Bundesamts, z. B. 05334032 "
            "für Stolberg (Rhld.)."
        ),
    )
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    geometrie = models.TextField(
        _("Umriss"),
        blank=True,
        help_text=_(
            "Die Fläche des Raums als WKT in ETRS89/UTM 32N (EPSG:25832), vereinfacht. Sie kommt "
            "mit dem Import von Räumen (GeoJSON in WGS84) und zeichnet die Karten."
        ),
    )
    umriss_hinweis = models.CharField(
        _("Hinweis zum Umriss"),
        max_length=200,
        blank=True,
        help_text=_("Steht unter jeder Karte, z. B. „schematisch“ oder die Quelle der Umrisse."),
    )
    # Denormalised (kept by save()): the Kommune itself, the Kommune above a Sozialraum or
    # Viertel, NULL for the region. The owner of an area's values (aktionsplan.bereich).
    kommune = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="raeume_der_kommune",
        verbose_name=_("Kommune"),
    )

    objects = RaumQuerySet.as_manager()

    # The Kommune is derived from the tree, which the history already records.
    history = Historie(excluded_fields=["kommune"])

    class Meta:
        verbose_name = _("Raum")
        verbose_name_plural = _("Räume")
        ordering = ["ebene", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ebene__in=["region", "kommune", "sozialraum", "viertel"]),
                name="raum_ebene_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Ebene."),
            ),
            models.CheckConstraint(
                condition=Q(ebene__in=["region", "kommune"]) | Q(uebergeordnet__isnull=False),
                name="raum_sozialraum_viertel_haben_oberraum",
                violation_error_message=_(
                    "Ein Sozialraum oder Viertel liegt immer in einem übergeordneten Raum."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(uebergeordnet=F("pk")),
                name="raum_nicht_eigener_oberraum",
                violation_error_message=_("Ein Raum kann nicht in sich selbst liegen."),
            ),
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(uebergeordnet__isnull=True),
                name="raum_name_ohne_oberraum",
                violation_error_message=_("Es gibt schon einen Raum mit diesem Namen."),
            ),
            models.UniqueConstraint(
                fields=["uebergeordnet", "name"],
                name="raum_name_je_oberraum",
                violation_error_message=_(
                    "Im übergeordneten Raum gibt es schon einen Raum mit diesem Namen."
                ),
            ),
            models.CheckConstraint(
                # The slug of a Kommune is the prefix of its public pages in a region
                # (aktionsplan.oeffentliche_kommune): never a first segment of those pages.
                condition=~Q(ebene="kommune", slug__in=OEFFENTLICHE_ABSCHNITTE),
                name="raum_kommune_kurzname_frei",
                violation_error_message=_(
                    "Dieser Kurzname ist ein Teil der Adressen der öffentlichen Seiten; bitte "
                    "wählen Sie für die Kommune einen anderen."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amtlicher_schluessel__isnull=True) | Q(ebene="kommune"),
                name="raum_ags_nur_kommune",
                violation_error_message=_(
                    "Einen Amtlichen Gemeindeschlüssel hat nur ein Raum der Ebene Kommune."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("aktionsplan:raum_detail", kwargs={"slug": self.slug})

    def kommune_bestimmen(self) -> int | None:
        """The pk of the Kommune this area belongs to: itself for a Kommune, the Kommune above
        a Sozialraum or Viertel, None for the region (one query when the parent is not loaded).
        """
        if self.ebene == self.Ebene.KOMMUNE:
            return self.pk
        if self.ebene == self.Ebene.REGION or self.uebergeordnet_id is None:
            return None
        oben = self.uebergeordnet
        return oben.pk if oben.ebene == self.Ebene.KOMMUNE else oben.kommune_id

    def save(self, *args, **kwargs) -> None:
        """Save, keeping ``kommune`` right for this area and the areas below it."""
        vorher = self.kommune_id
        neu = self._state.adding
        self.kommune_id = self.kommune_bestimmen()
        felder = kwargs.get("update_fields")
        if felder is not None and self.kommune_id != vorher:
            kwargs["update_fields"] = [*felder, "kommune"]
        super().save(*args, **kwargs)
        if self.ebene == self.Ebene.KOMMUNE and self.kommune_id != self.pk:
            # A new Kommune knows its pk only now.
            Raum.objects.filter(pk=self.pk).update(kommune=self.pk)
            self.kommune_id = self.pk
        if not neu and self.kommune_id != vorher and self.ebene != self.Ebene.REGION:
            # Max. two levels below (Kommune → Sozialraum → Viertel).
            Raum.objects.filter(
                Q(uebergeordnet=self) | Q(uebergeordnet__uebergeordnet=self),
                ~Q(ebene=self.Ebene.KOMMUNE),
            ).update(kommune=self.kommune_id)

    def clean(self) -> None:
        if self.geometrie:
            # Canonical and valid (aktionsplan.geometrie); the import projects GeoJSON first.
            try:
                self.geometrie = aus_wkt(self.geometrie)
            except ValidationError as fehler:
                raise ValidationError({"geometrie": fehler.messages}, code="geometrie") from fehler
        if not self.amtlicher_schluessel:
            self.amtlicher_schluessel = None  # unique when set: an empty form field is "none"
        elif self.ebene != self.Ebene.KOMMUNE:
            raise ValidationError(
                {
                    "amtlicher_schluessel": _(
                        "Einen Amtlichen Gemeindeschlüssel hat nur ein Raum der Ebene Kommune."
                    )
                },
                code="ags_ebene",
            )
        if self.uebergeordnet_id is None:
            return
        erwartet = self.KIND_EBENE.get(self.uebergeordnet.ebene)
        if erwartet != self.ebene:
            raise ValidationError(
                {
                    "ebene": _("Unter einem Raum der Ebene „%(oben)s“ liegt nur: %(kind)s.")
                    % {
                        "oben": self.uebergeordnet.get_ebene_display(),
                        "kind": Raum.Ebene(erwartet).label if erwartet else "–",
                    }
                },
                code="ebene",
            )


class UNBRKArtikelQuerySet(BasisQuerySet):
    geteilt = True

    def inhaltlich(self):
        """The substantive articles (the rights, Art. 5–30), in their order."""
        return self.filter(inhaltlich=True).order_by("nummer")


class UNBRKArtikel(Versioniert):
    """An article of the UN Convention on the Rights of Persons with Disabilities (UN-BRK)."""

    nummer = models.PositiveSmallIntegerField(_("Artikel"), unique=True)
    titel = models.CharField(_("Titel"), max_length=200)
    kurztitel = models.CharField(_("Kurztitel"), max_length=80, blank=True)
    inhaltlich = models.BooleanField(
        _("inhaltlicher Artikel"),
        default=False,
        help_text=_(
            "Ein Artikel mit einem Recht, das Maßnahmen umsetzen (Art. 5–30); er erscheint in "
            "der Abdeckung „UN-BRK-Artikel × Themen“."
        ),
    )

    history = Historie()
    objects = UNBRKArtikelQuerySet.as_manager()

    class Meta:
        verbose_name = _("UN-BRK-Artikel")
        verbose_name_plural = _("UN-BRK-Artikel")
        ordering = ["nummer"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nummer__gte=1, nummer__lte=50),
                name="unbrk_artikel_nummer_1_50",
                violation_error_message=_("Die UN-BRK hat die Artikel 1 bis 50."),
            ),
        ]

    def __str__(self) -> str:
        return f"Art. {self.nummer} {self.kurztitel or self.titel}"


class Zielgruppe(Versioniert):
    name = models.CharField(_("Name"), max_length=120, unique=True)
    reihenfolge = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    history = Historie()
    objects = GeteiltQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zielgruppe")
        verbose_name_plural = _("Zielgruppen")
        ordering = ["reihenfolge", "name"]

    def __str__(self) -> str:
        return self.name


class PlanQuerySet(BasisQuerySet):
    kommune_pfad = "kommune"


class Plan(Versioniert):
    """A programme that holds measures (Aktionsplan Inklusion, Integriertes Handlungskonzept …)."""

    class Art(models.TextChoices):
        AKTIONSPLAN = "aktionsplan", _("Aktionsplan Inklusion")
        HANDLUNGSKONZEPT = "handlungskonzept", _("Integriertes Handlungskonzept")
        SONSTIGES = "sonstiges", _("Sonstiges Programm")

    name = models.CharField(_("Name"), max_length=250)
    kurzname = models.CharField(_("Kurzname"), max_length=80, blank=True)
    slug = models.SlugField(_("Kurzname (URL)"), max_length=80, unique=True)
    art = models.CharField(_("Art"), max_length=30, choices=Art.choices)
    kommune = models.ForeignKey(
        Raum,
        on_delete=models.PROTECT,
        related_name="plaene_der_kommune",
        verbose_name=_("Kommune"),
        help_text=_("Die Kommune, der der Plan gehört."),
    )
    leitbild = models.ForeignKey(
        Leitbild,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plaene",
        verbose_name=_("Leitbild"),
    )
    ziel = models.TextField(_("Ziel"), blank=True)
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    text_leichte_sprache = models.TextField(
        _("Text in Leichter Sprache"),
        blank=True,
        help_text=LS_HILFE,
    )
    gesamtstaedtisch = models.BooleanField(_("gesamtstädtisch"), default=False)
    raeume = models.ManyToManyField(
        Raum, blank=True, related_name="plaene", verbose_name=_("Räume")
    )
    foerderkontext = models.CharField(
        _("Förderkontext"),
        max_length=250,
        blank=True,
        help_text=_("z. B. Förderaufruf „Starke Quartiere, starke Menschen“"),
    )
    beginn = models.DateField(_("Beginn"))
    ende = models.DateField(_("Ende"), null=True, blank=True)
    beschluss_datum = models.DateField(_("Ratsbeschluss am"), null=True, blank=True)
    beschluss_gremium = models.CharField(_("beschließendes Gremium"), max_length=200, blank=True)

    history = Historie(m2m_fields=["raeume"])
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("Plan")
        verbose_name_plural = _("Pläne")
        ordering = ["beginn", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(art__in=["aktionsplan", "handlungskonzept", "sonstiges"]),
                name="plan_art_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Art des Plans."),
            ),
            models.CheckConstraint(
                condition=Q(ende__isnull=True) | Q(ende__gte=F("beginn")),
                name="plan_ende_nicht_vor_beginn",
                violation_error_message=_("Das Ende liegt vor dem Beginn."),
            ),
            # Unique within its Kommune (issue 12): two Kommunen may both adopt an
            # "Aktionsplan Inklusion 2025–2030".
            models.UniqueConstraint(
                fields=["kommune", "name"],
                name="plan_name_je_kommune",
                violation_error_message=_("Diese Kommune hat schon einen Plan mit diesem Namen."),
            ),
        ]

    def __str__(self) -> str:
        return self.kurzname or self.name

    def get_absolute_url(self) -> str:
        return reverse("aktionsplan:plan_detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.kommune_id is not None and self.kommune.ebene != Raum.Ebene.KOMMUNE:
            raise ValidationError(
                {"kommune": _("Ein Plan gehört zu einem Raum der Ebene „Kommune“.")},
                code="keine_kommune",
            )

    # --- the plan's area ---

    def gebiet(self, raeume: Iterable[Raum] | None = None) -> list[Raum]:
        """The areas the plan covers: its own areas, or its whole Kommune when it is
        gesamtstädtisch or names none. ``raeume``: the plan's areas as a form is about to set
        them (default: as stored, one query)."""
        raeume = list(self.raeume.all() if raeume is None else raeume)
        if self.gesamtstaedtisch or not raeume:
            return [self.kommune] if self.kommune_id is not None else []
        return raeume

    def ist_begrenzt(self, raeume: Iterable[Raum] | None = None) -> bool:
        """Whether the plan covers only part of its Kommune (named areas, not gesamtstädtisch)."""
        return self.gebiet(raeume) != ([self.kommune] if self.kommune_id is not None else [])

    @staticmethod
    def ausserhalb(raeume: Iterable[Raum], gebiet: Iterable[Raum]) -> list[Raum]:
        """The areas of ``raeume`` that are neither one of ``gebiet`` nor lie below one (the
        tree has at most four levels; one query for the areas' ancestors)."""
        gebiet_ids = {r.pk for r in gebiet}
        ids = [r.pk for r in raeume]
        if not ids:
            return []
        draussen = []
        for raum in (
            Raum.objects.filter(pk__in=ids)
            .select_related("uebergeordnet__uebergeordnet__uebergeordnet")
            .order_by("name")
        ):
            knoten, drin = raum, False
            while knoten is not None:
                if knoten.pk in gebiet_ids:
                    drin = True
                    break
                knoten = knoten.uebergeordnet
            if not drin:
                draussen.append(raum)
        return draussen

    def gebiet_text(self, raeume: Iterable[Raum] | None = None) -> str:
        """The plan's area in words ("Münsterbusch, Oberstolberg")."""
        return ", ".join(sorted(r.name for r in self.gebiet(raeume))) or "–"

    def beziehungen_pruefen(self, m2m: Mapping[str, Iterable], felder: Iterable[str] | None):
        """The plan's area holds the areas of all its measures (the rule of
        ``Projektskizze.beziehungen_pruefen`` seen from the plan): a change of the areas, of
        "gesamtstädtisch" or of the Kommune that would leave a measure outside is refused.
        Called by ``aktionsplan.sperre.speichern`` on every write; raises ValidationError on
        ``raeume``. Two queries, only when one of those fields changes on a stored plan."""
        if self.pk is None:
            return
        geaendert = set(felder) if felder is not None else None
        if (
            geaendert is not None
            and "raeume" not in m2m
            and not {"gesamtstaedtisch", "kommune"} & geaendert
        ):
            return
        raeume = list(m2m["raeume"]) if "raeume" in m2m else None
        gebiet = self.gebiet(raeume)
        genutzt = Raum.objects.filter(projekte__plan=self).distinct()
        draussen = self.ausserhalb(genutzt, gebiet)
        begrenzt = self.ist_begrenzt(raeume)
        gesamtstaedtische = (
            self.projekte.filter(gesamtstaedtisch=True).order_by("nummer")[:5] if begrenzt else []
        )
        if draussen or gesamtstaedtische:
            namen = [r.name for r in draussen] + [
                _("gesamtstädtisch (Maßnahme %(nr)s)") % {"nr": p.nummer} for p in gesamtstaedtische
            ]
            raise ValidationError(
                {
                    "raeume": _(
                        "Maßnahmen dieses Plans liegen dann außerhalb seines Gebiets "
                        "(%(gebiet)s): %(namen)s. Ändern Sie zuerst die Räume dieser Maßnahmen."
                    )
                    % {"gebiet": self.gebiet_text(raeume), "namen": ", ".join(namen)}
                },
                code="gebiet_zu_klein",
            )


class FortschreibungQuerySet(BasisQuerySet):
    kommune_pfad = "plan__kommune"


class Fortschreibung(Versioniert):
    """A version of a plan, each with its own council decision."""

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="fortschreibungen", verbose_name=_("Plan")
    )
    nummer = models.PositiveSmallIntegerField(_("Version"))
    beschluss_datum = models.DateField(_("beschlossen am"), null=True, blank=True)
    beschluss_gremium = models.CharField(_("Gremium"), max_length=200, blank=True)
    aenderungen = models.TextField(_("Änderungen"), blank=True)

    history = Historie()
    objects = FortschreibungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Fortschreibung")
        verbose_name_plural = _("Fortschreibungen")
        ordering = ["plan", "nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "nummer"],
                name="fortschreibung_je_plan",
                violation_error_message=_("Diese Version des Plans gibt es schon."),
            ),
            models.CheckConstraint(
                condition=Q(nummer__gte=1),
                name="fortschreibung_version_ab_1",
                violation_error_message=_("Versionen beginnen bei 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.kurzname or self.plan.name}, Version {self.nummer}"

    # No get_absolute_url: a version is shown on its plan's page, which needs the plan's slug
    # (the audit page builds links from the primary key alone and then takes the admin page).

    @property
    def bezeichnung(self) -> str:
        """The version without its plan ("Version 2, beschlossen am 09.05.2023"); no query."""
        if self.beschluss_datum:
            return _("Version %(nr)s vom %(datum)s") % {
                "nr": self.nummer,
                # In the format of the page's language (20.05.2026, 05/20/2026).
                "datum": formats.date_format(self.beschluss_datum, "SHORT_DATE_FORMAT"),
            }
        return _("Version %(nr)s") % {"nr": self.nummer}


class BeteiligungsformatQuerySet(BasisQuerySet):
    kommune_pfad = "kommune"

    def fuer_liste(self):
        return self.select_related("plan").prefetch_related("raeume")


class Beteiligungsformat(Versioniert):
    """A participation event (Kick-off-Workshop, Arbeitsgruppe, Begegnungstag …)."""

    class Art(models.TextChoices):
        KICK_OFF = "kick_off", _("Kick-off-Workshop")
        ARBEITSGRUPPE = "arbeitsgruppe", _("Arbeitsgruppe")
        BEGEGNUNGSTAG = "begegnungstag", _("Begegnungstag")
        SOZIALRAUMKONFERENZ = "sozialraumkonferenz", _("Sozialraumkonferenz")
        WORKSHOP = "workshop", _("Workshop")
        BEFRAGUNG = "befragung", _("Befragung")
        SONSTIGES = "sonstiges", _("Sonstiges")

    titel = models.CharField(_("Titel"), max_length=250)
    art = models.CharField(_("Art"), max_length=30, choices=Art.choices)
    datum = models.DateField(_("Datum"))
    plan = models.ForeignKey(
        Plan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="beteiligungsformate",
        verbose_name=_("Plan"),
    )
    raeume = models.ManyToManyField(
        Raum, blank=True, related_name="beteiligungsformate", verbose_name=_("Räume")
    )
    beschreibung = models.TextField(_("Beschreibung"), blank=True)
    teilnehmende = models.PositiveIntegerField(_("Teilnehmende"), null=True, blank=True)
    teilnehmende_mit_behinderung = models.PositiveIntegerField(
        _("davon Menschen mit Behinderung"), null=True, blank=True
    )
    kommune = kommune_feld(
        "beteiligungsformate",
        _("Die Kommune, die das Format veranstaltet; bei einem Plan immer die Kommune des Plans."),
    )

    objects = BeteiligungsformatQuerySet.as_manager()
    history = Historie(m2m_fields=["raeume"])
    anzahlfelder = ("teilnehmende", "teilnehmende_mit_behinderung")

    class Meta:
        verbose_name = _("Beteiligungsformat")
        verbose_name_plural = _("Beteiligungsformate")
        ordering = ["-datum", "titel"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    art__in=[
                        "kick_off",
                        "arbeitsgruppe",
                        "begegnungstag",
                        "sozialraumkonferenz",
                        "workshop",
                        "befragung",
                        "sonstiges",
                    ]
                ),
                name="beteiligungsformat_art_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Art."),
            ),
            models.CheckConstraint(
                condition=Q(teilnehmende_mit_behinderung__isnull=True)
                | Q(teilnehmende__isnull=False)
                & Q(teilnehmende_mit_behinderung__lte=F("teilnehmende")),
                name="beteiligungsformat_teilnehmende_mb_hoechstens_alle",
                violation_error_message=_(
                    "Es können nicht mehr Teilnehmende mit Behinderung als Teilnehmende "
                    "insgesamt sein."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.titel} ({formats.date_format(self.datum, 'SHORT_DATE_FORMAT')})"

    def clean(self) -> None:
        """Participants with disabilities are a part of all participants."""
        alle, davon = self.teilnehmende, self.teilnehmende_mit_behinderung
        if davon is not None and alle is None:
            raise ValidationError(
                {"teilnehmende": _("Bitte geben Sie die Zahl aller Teilnehmenden an.")},
                code="teilnehmende_fehlt",
            )
        if davon is not None and davon > alle:
            raise ValidationError(
                {
                    "teilnehmende_mit_behinderung": _(
                        "Es können nicht mehr Teilnehmende mit Behinderung als Teilnehmende "
                        "insgesamt sein."
                    )
                },
                code="davon_zu_gross",
            )

    def get_absolute_url(self) -> str:
        return reverse("monitoring:beteiligungsformat_detail", kwargs={"pk": self.pk})

    def save(self, *args, **kwargs) -> None:
        kommune_vorgeben(self, kwargs, "plan")
        super().save(*args, **kwargs)


def kommune_vorgeben(objekt: models.Model, save_kwargs: dict, eltern: str | None = None) -> None:
    """Fill the owning Kommune of ``objekt`` (a model with a ``kommune`` field) in its save():
    in an installation with one Kommune that one (aktionsplan.bereich.einzige_kommune); with
    several, the Kommune of its parent ``eltern`` when it has one (the parent's always wins),
    else it stays as set (None: shared by the region). A changed Kommune is added to the
    ``update_fields`` of ``save_kwargs``. No query while the cache holds the Kommunen; with
    several Kommunen one when the parent is not loaded."""
    vorher = objekt.kommune_id
    einzige = bereich.einzige_kommune()
    if einzige is not None and (eltern is not None or objekt.kommune_id is None):
        objekt.kommune_id = einzige  # every parent belongs to it: no need to load one
    elif eltern is not None and getattr(objekt, f"{eltern}_id") is not None:
        objekt.kommune_id = getattr(objekt, eltern).kommune_id
    felder = save_kwargs.get("update_fields")
    if felder is not None and objekt.kommune_id != vorher:
        save_kwargs["update_fields"] = [*felder, "kommune"]


# Changes of people and their roles are recorded like every other change (who gave whom which role
# when); the history model lives in this app's migrations. Never the password hash (a copy of it
# would outlive every password change), and not the time of the last login (a login is no edit).
register_benutzer_historie(
    User, app="aktionsplan", m2m_fields=["groups"], excluded_fields=["password", "last_login"]
)
# What a role may do is the most security-relevant change of all: groups (the roles) and their
# permissions are recorded too (QA 2026-11-29, F-4).
register_benutzer_historie(Group, app="aktionsplan", m2m_fields=["permissions"])


class ZustaendigkeitQuerySet(BasisQuerySet):
    kommune_pfad = "kommune"


class Zustaendigkeit(models.Model):
    """For which Kommune a person's roles (the groups Lesen, Redaktion, Datenpflege) hold: one
    row per Kommune, or one row without a Kommune for the whole region (aktionsplan.bereich).
    A person without any row sees only what the region shares, once the installation has more
    than one Kommune."""

    nutzer = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="zustaendigkeiten",
        verbose_name=_("Person"),
    )
    kommune = models.ForeignKey(
        Raum,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        limit_choices_to={"ebene": "kommune"},
        related_name="zustaendigkeiten",
        verbose_name=_("Kommune"),
        help_text=_("Leer: die ganze Region (alle Kommunen)."),
    )

    history = Historie()
    objects = ZustaendigkeitQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zuständigkeit")
        verbose_name_plural = _("Zuständigkeiten")
        ordering = ["nutzer", "kommune__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nutzer", "kommune"],
                name="zustaendigkeit_je_kommune",
                violation_error_message=_("Diese Zuständigkeit hat die Person schon."),
            ),
            models.UniqueConstraint(
                fields=["nutzer"],
                condition=Q(kommune__isnull=True),
                name="zustaendigkeit_region_einmal",
                violation_error_message=_("Die Person ist schon für die ganze Region zuständig."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.kommune) if self.kommune_id else str(_("ganze Region"))


class Einmalmarke(models.Model):
    """A writing form's one-time mark, used once (aktionsplan.einmal): the form renders a fresh
    random mark, the first successful POST with it stores it here together with where it led and
    a checksum of what was sent, and a repeat of the same POST (a double click, a reload) finds
    it and is sent there instead of creating or saving a second time. Marks are per user; old
    ones are removed as new ones come in."""

    nutzer = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="+", verbose_name=_("Benutzer")
    )
    marke = models.CharField(_("Marke"), max_length=64)
    ziel = models.CharField(_("Ziel"), max_length=2000, blank=True)
    # SHA-256 (hex) of the first POST's fields and files (aktionsplan.einmal.pruefsumme).
    pruefsumme = models.CharField(_("Prüfsumme"), max_length=64, blank=True)
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("Einmalmarke")
        verbose_name_plural = _("Einmalmarken")
        constraints = [
            models.UniqueConstraint(fields=["nutzer", "marke"], name="einmalmarke_je_nutzer"),
        ]

    def __str__(self) -> str:
        return self.marke
