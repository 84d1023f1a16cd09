"""Project sketches (measures) with their actors, status reports, milestones and funding."""

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from akteure.models import Akteur
from aktionsplan.historie import Historie
from aktionsplan.models import (
    LS_HILFE,
    Fortschreibung,
    Plan,
    Raum,
    Thema,
    UNBRKArtikel,
    Zielgruppe,
)
from aktionsplan.querysets import BasisQuerySet
from aktionsplan.sperre import Versioniert


class Status(models.TextChoices):
    IDEE = "idee", _("Idee")
    IN_PLANUNG = "in_planung", _("In Planung")
    IN_UMSETZUNG = "in_umsetzung", _("In Umsetzung")
    UMGESETZT = "umgesetzt", _("Umgesetzt")
    VERSTETIGT = "verstetigt", _("Verstetigt")
    ZURUECKGESTELLT = "zurueckgestellt", _("Zurückgestellt")
    VERWORFEN = "verworfen", _("Verworfen")

    @classmethod
    def aktive(cls) -> list[str]:
        """Statuses in which a measure is being worked on."""
        return [cls.IN_PLANUNG, cls.IN_UMSETZUNG, cls.VERSTETIGT]


# Statuses in which regular status reports are expected. Finished (Umgesetzt, Verstetigt),
# paused (Zurückgestellt) and dropped (Verworfen) measures are not chased for reports.
SACHSTAND_ERWARTET = [Status.IDEE, Status.IN_PLANUNG, Status.IN_UMSETZUNG]


class Ampel(models.TextChoices):
    IM_PLAN = "gruen", _("im Plan")
    GEFAEHRDET = "gelb", _("gefährdet")
    KRITISCH = "rot", _("kritisch")


# Lifecycle order for sorting by status; Ampel from good to bad.
_STATUS_RANG = Case(
    *[When(aktueller_status=s.value, then=Value(i)) for i, s in enumerate(Status)],
    output_field=IntegerField(),
)
_AMPEL_RANG = Case(
    *[When(aktuelle_ampel=a.value, then=Value(i)) for i, a in enumerate(Ampel)],
    default=Value(len(Ampel)),
    output_field=IntegerField(),
)

# Sort parameter → ORDER BY (ascending; "-" before the key reverses it with QuerySet.reverse()).
# Only these keys are accepted (anything else falls back to "nummer").
SORTIERUNGEN: dict[str, tuple] = {
    "nummer": ("plan__beginn", "plan__name", "nummer"),
    "titel": ("titel", "pk"),
    "status": (_STATUS_RANG.asc(), "plan__name", "nummer"),
    "ampel": (_AMPEL_RANG.asc(), "plan__name", "nummer"),
    "fortschritt": (F("aktueller_fortschritt").asc(nulls_first=True), "plan__name", "nummer"),
    "sachstand": (F("letzter_sachstand_am").asc(nulls_first=True), "plan__name", "nummer"),
}
STANDARD_SORTIERUNG = "nummer"


def sortierung_pruefen(wert: str | None) -> str:
    """The sort key from the request if it is on the whitelist ("-" prefix = descending)."""
    if wert and wert.removeprefix("-") in SORTIERUNGEN:
        return wert
    return STANDARD_SORTIERUNG


class ProjektskizzeQuerySet(BasisQuerySet):
    kommune_pfad = "plan__kommune"

    def mit_aktuellem_stand(self):
        """Annotate the current state (status, Ampel, progress, date of the newest report) from
        the stored reference ``aktueller_sachstand`` — one join, no per-row subquery.

        A measure without a report counts as "Idee". Costs no extra query.
        """
        return self.annotate(
            aktueller_status=Coalesce(F("aktueller_sachstand__status"), Value(Status.IDEE.value)),
            aktuelle_ampel=F("aktueller_sachstand__ampel"),
            aktueller_fortschritt=F("aktueller_sachstand__fortschritt"),
            letzter_sachstand_am=F("aktueller_sachstand__datum"),
        )

    def mit_oeffentlichem_stand(self):
        """The public pages' current state: the same annotations as ``mit_aktuellem_stand()``
        (status, Ampel, progress, date), taken from the newest report marked ``oeffentlich``
        only. A newer internal report must not show through a public page's status line, its
        theme counts or the open data (QA 2026-11-30, H1). A measure without a public report
        counts as "Idee". Four correlated subqueries of the same index, no extra query."""
        neuester = Sachstand.objects.filter(projekt=OuterRef("pk"), oeffentlich=True).order_by(
            "-datum", "-pk"
        )
        return self.annotate(
            aktueller_status=Coalesce(
                Subquery(neuester.values("status")[:1]), Value(Status.IDEE.value)
            ),
            aktuelle_ampel=Subquery(neuester.values("ampel")[:1]),
            aktueller_fortschritt=Subquery(neuester.values("fortschritt")[:1]),
            letzter_sachstand_am=Subquery(neuester.values("datum")[:1]),
        )

    def stand_auffrischen(self) -> int:
        """Set every measure's ``aktueller_sachstand`` to its newest report (by date, then entry)
        in one UPDATE; for bulk writes that bypass the report service (migrations, bulk loads).
        Returns the number of measures."""
        neuester = Sachstand.objects.filter(projekt=OuterRef("pk")).order_by("-datum", "-pk")
        return self.update(aktueller_sachstand=Subquery(neuester.values("pk")[:1]))

    def aktiv(self):
        return self.mit_aktuellem_stand().filter(aktueller_status__in=Status.aktive())

    def sachstand_veraltet(self, stichtag: datetime.date | None = None):
        """The rule of ``ohne_aktuellen_sachstand()`` as a bare filter, for a queryset that
        carries ``mit_aktuellem_stand()`` already (the measure list's filter "sachstand")."""
        stichtag = stichtag or timezone.localdate()
        grenze = stichtag - datetime.timedelta(days=settings.SACHSTAND_MAX_ALTER_TAGE)
        grenze_beginn = timezone.make_aware(datetime.datetime.combine(grenze, datetime.time.min))
        return self.filter(aktueller_status__in=SACHSTAND_ERWARTET).filter(
            Q(letzter_sachstand_am__lt=grenze)
            | Q(letzter_sachstand_am__isnull=True, erstellt_am__lt=grenze_beginn)
        )

    def oeffentlich(self):
        """The measures the public pages show: those marked "veröffentlicht"."""
        return self.filter(veroeffentlicht=True)

    def ohne_leichte_sprache(self, *, nur_veroeffentlichte: bool = False):
        """Measures without a text in Leichte Sprache (issue 11, point 2): their public page in
        Leichte Sprache says so and links the page in standard language. The measure list's
        filter and the overview's tile (published ones) use this rule."""
        bedingung = OHNE_LEICHTE_SPRACHE
        if nur_veroeffentlichte:
            bedingung &= Q(veroeffentlicht=True)
        return self.filter(bedingung)

    def ohne_aktuellen_sachstand(self, stichtag: datetime.date | None = None):
        """Measures someone is working on or planning (Idee, In Planung, In Umsetzung) whose
        newest report is older than SACHSTAND_MAX_ALTER_TAGE days before ``stichtag`` — or that
        have none and were created before that limit. The overview and the reminder e-mails both
        use this, so they always name the same measures. With plan and responsible person; no
        extra query.
        """
        return (
            self.mit_aktuellem_stand()
            .sachstand_veraltet(stichtag)
            .select_related("plan", "verantwortlich")
            .order_by(F("letzter_sachstand_am").asc(nulls_first=True), "plan__name", "nummer")
        )

    def fuer_tabelle(self):
        """Measures with their current report state, plan, main theme and responsible person
        (the list, its export and the status report form)."""
        return self.mit_aktuellem_stand().select_related("plan", "hauptthema", "verantwortlich")

    def sortiert(self, schluessel: str | None):
        """Ordered by a key of SORTIERUNGEN; "-schluessel" is the same order reversed."""
        schluessel = sortierung_pruefen(schluessel)
        qs = self.order_by(*SORTIERUNGEN[schluessel.removeprefix("-")])
        return qs.reverse() if schluessel.startswith("-") else qs

    def fuer_detail(self):
        """Everything the detail page shows of the measure itself (5 queries: the row and four
        prefetches)."""
        return (
            self.mit_aktuellem_stand()
            .select_related(
                "plan", "plan__kommune", "hauptthema", "verantwortlich", "fortschreibung"
            )
            .prefetch_related("weitere_themen", "zielgruppen", "unbrk_artikel", "raeume")
        )


# A measure without a text in Leichte Sprache (ProjektskizzeQuerySet.ohne_leichte_sprache).
OHNE_LEICHTE_SPRACHE = Q(text_leichte_sprache="")


def stand_beschriften(projekt: "Projektskizze") -> "Projektskizze":
    """Attach display labels to the annotated status and Ampel codes of
    ``mit_aktuellem_stand()`` (no query)."""
    projekt.status_text = Status(projekt.aktueller_status).label
    projekt.ampel_text = Ampel(projekt.aktuelle_ampel).label if projekt.aktuelle_ampel else ""
    return projekt


class Projektskizze(Versioniert):
    """A measure of a plan (the Aktionsplan Inklusion has 24)."""

    class Prioritaet(models.TextChoices):
        HOCH = "hoch", _("hoch")
        MITTEL = "mittel", _("mittel")
        NIEDRIG = "niedrig", _("niedrig")

    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="projekte", verbose_name=_("Plan")
    )
    nummer = models.PositiveSmallIntegerField(_("Nummer"))
    titel = models.CharField(_("Titel"), max_length=250)
    kurzbeschreibung = models.TextField(_("Kurzbeschreibung"), blank=True)
    ziele = models.TextField(_("Ziele"), blank=True)
    zielgruppen = models.ManyToManyField(
        Zielgruppe, blank=True, related_name="projekte", verbose_name=_("Zielgruppen")
    )
    hauptthema = models.ForeignKey(
        Thema,
        on_delete=models.PROTECT,
        related_name="projekte_hauptthema",
        verbose_name=_("Hauptthema"),
    )
    weitere_themen = models.ManyToManyField(
        Thema, blank=True, related_name="projekte_weitere", verbose_name=_("weitere Themen")
    )
    unbrk_artikel = models.ManyToManyField(
        UNBRKArtikel, blank=True, related_name="projekte", verbose_name=_("UN-BRK-Artikel")
    )
    gesamtstaedtisch = models.BooleanField(_("gesamtstädtisch"), default=False)
    raeume = models.ManyToManyField(
        Raum, blank=True, related_name="projekte", verbose_name=_("Räume")
    )
    akteure = models.ManyToManyField(
        Akteur,
        through="Projektbeteiligung",
        blank=True,
        related_name="projekte",
        verbose_name=_("Akteure"),
    )
    verantwortlich = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verantwortete_projekte",
        verbose_name=_("verantwortlich (Verwaltung)"),
    )
    fortschreibung = models.ForeignKey(
        Fortschreibung,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="neue_projekte",
        verbose_name=_("eingeführt mit Fortschreibung"),
        help_text=_("Die Version des Plans, mit der die Maßnahme hinzukam."),
    )
    beginn = models.DateField(_("Beginn"), null=True, blank=True)
    ende = models.DateField(_("Ende"), null=True, blank=True)
    kosten = models.DecimalField(
        _("geschätzte Kosten (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    beteiligung = models.TextField(
        _("Beteiligung von Menschen mit Behinderung"),
        blank=True,
        help_text=_("Wie Menschen mit Behinderung an Planung und Umsetzung mitwirken."),
    )
    prioritaet = models.CharField(
        _("Priorität"), max_length=10, choices=Prioritaet.choices, default=Prioritaet.MITTEL
    )
    veroeffentlicht = models.BooleanField(_("veröffentlicht"), default=False)
    kosten_oeffentlich = models.BooleanField(
        _("Kosten und Finanzierung veröffentlichen"),
        default=False,
        help_text=_(
            "Nur wenn die Maßnahme veröffentlicht ist: die geschätzten Kosten und die "
            "Finanzierungen erscheinen auf der öffentlichen Seite."
        ),
    )
    text_leichte_sprache = models.TextField(
        _("Text in Leichter Sprache"), blank=True, help_text=LS_HILFE
    )
    erstellt_am = models.DateTimeField(_("erstellt am"), auto_now_add=True)
    geaendert_am = models.DateTimeField(_("geändert am"), auto_now=True)
    # The current state: the newest report, kept by the write path that adds reports, in the
    # same transaction (Sachstand.eltern_nachfuehren), so pages read it with one join.
    aktueller_sachstand = models.ForeignKey(
        "Sachstand",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("aktueller Sachstand"),
    )

    objects = ProjektskizzeQuerySet.as_manager()
    history = Historie(m2m_fields=["weitere_themen", "zielgruppen", "unbrk_artikel", "raeume"])

    class Meta:
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        ordering = ["plan", "nummer"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "nummer"],
                name="projekt_nummer_je_plan",
                violation_error_message=_("Diese Nummer ist in diesem Plan schon vergeben."),
            ),
            models.CheckConstraint(
                condition=Q(nummer__gte=1),
                name="projekt_nummer_ab_1",
                violation_error_message=_("Die Nummer einer Maßnahme beginnt bei 1."),
            ),
            models.CheckConstraint(
                condition=Q(beginn__isnull=True) | Q(ende__isnull=True) | Q(ende__gte=F("beginn")),
                name="projekt_ende_nicht_vor_beginn",
                violation_error_message=_("Das Ende liegt vor dem Beginn."),
            ),
            models.CheckConstraint(
                condition=Q(kosten__isnull=True) | Q(kosten__gte=0),
                name="projekt_kosten_nicht_negativ",
                violation_error_message=_("Kosten können nicht negativ sein."),
            ),
            models.CheckConstraint(
                condition=Q(prioritaet__in=["hoch", "mittel", "niedrig"]),
                name="projekt_prioritaet_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Priorität."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nummer}. {self.titel}"

    def get_absolute_url(self) -> str:
        return reverse("projekte:projekt_detail", kwargs={"pk": self.pk})

    @property
    def kennung(self) -> str:
        return f"{self.plan.kurzname or self.plan.name} {self.nummer}"

    def clean(self) -> None:
        if (
            self.fortschreibung_id is not None
            and self.plan_id is not None
            and self.fortschreibung.plan_id != self.plan_id
        ):
            raise ValidationError(
                {
                    "fortschreibung": _(
                        "Die Fortschreibung gehört zu einem anderen Plan als die Maßnahme."
                    )
                },
                code="fortschreibung_anderer_plan",
            )

    def beziehungen_pruefen(self, m2m: Mapping[str, Iterable], felder: Iterable[str] | None):
        """Rules across the many-to-many relations, run by ``aktionsplan.sperre.speichern`` on
        every write (staff forms, admin, imports, demo) and by the forms while they validate.
        ``m2m``: the relations as they are about to be set (others: as stored); ``felder``: the
        plain fields that change (None: all). Raises ValidationError:

        * the main theme is not also a further theme (``weitere_themen``);
        * the measure's areas lie in its plan's area (``Plan.gebiet``), and a measure of a plan
          for part of the Kommune is not gesamtstädtisch (``raeume``).

        At most three queries (the stored relations, the plan's areas, the areas' ancestors),
        none when neither plan, main theme, "gesamtstädtisch" nor a relation changes."""
        geaendert = set(felder) if felder is not None else None
        if (
            geaendert is not None
            and not m2m
            and not {"plan", "hauptthema", "gesamtstaedtisch"} & geaendert
        ):
            return

        def aktuell(feld: str) -> list:
            if feld in m2m:
                return list(m2m[feld])
            return list(getattr(self, feld).all()) if self.pk is not None else []

        themen_pruefen(self.hauptthema if self.hauptthema_id else None, aktuell("weitere_themen"))
        if self.plan_id is None:
            return
        plan = self.plan
        raeume = aktuell("raeume")
        gebiet = plan.gebiet()
        draussen = Plan.ausserhalb(raeume, gebiet)
        if draussen:
            raise ValidationError(
                {
                    "raeume": _(
                        "Außerhalb des Gebiets des Plans „%(plan)s“ (%(gebiet)s) liegt: "
                        "%(raeume)s. Wählen Sie Räume in diesem Gebiet oder einen anderen Plan."
                    )
                    % {
                        "raeume": ", ".join(r.name for r in draussen),
                        "plan": plan,
                        "gebiet": ", ".join(sorted(r.name for r in gebiet)),
                    }
                },
                code="ausserhalb_des_plans",
            )
        if self.gesamtstaedtisch and plan.ist_begrenzt(gebiet):
            raise ValidationError(
                {
                    "gesamtstaedtisch": _(
                        "Der Plan „%(plan)s“ gilt nur für %(gebiet)s; eine gesamtstädtische "
                        "Maßnahme liegt außerhalb davon. Wählen Sie Räume in diesem Gebiet."
                    )
                    % {"plan": plan, "gebiet": ", ".join(sorted(r.name for r in gebiet))}
                },
                code="gesamtstaedtisch_ausserhalb",
            )


def themen_pruefen(hauptthema: Thema | None, weitere_themen: Iterable | None) -> None:
    """The main theme is not also a further theme (a rule across a many-to-many field, run by
    ``Projektskizze.beziehungen_pruefen``). Raises ValidationError on ``weitere_themen``."""
    if hauptthema is not None and weitere_themen and hauptthema in list(weitere_themen):
        raise ValidationError(
            {"weitere_themen": _("Das Hauptthema ist nicht zugleich ein weiteres Thema.")},
            code="hauptthema_doppelt",
        )


class ProjektbeteiligungQuerySet(BasisQuerySet):
    kommune_pfad = "projekt__plan__kommune"


class Projektbeteiligung(Versioniert):
    """The role of an actor in a measure."""

    class Rolle(models.TextChoices):
        FEDERFUEHREND = "federfuehrend", _("federführend")
        PARTNER = "partner", _("Partner")
        FOERDERGEBER = "foerdergeber", _("Fördergeber")
        BERATEND = "beratend", _("beratend")
        DATENLIEFERANT = "datenlieferant", _("Datenlieferant")

    projekt = models.ForeignKey(
        Projektskizze,
        on_delete=models.CASCADE,
        related_name="beteiligungen",
        verbose_name=_("Maßnahme"),
    )
    akteur = models.ForeignKey(
        Akteur, on_delete=models.PROTECT, related_name="beteiligungen", verbose_name=_("Akteur")
    )
    rolle = models.CharField(_("Rolle"), max_length=20, choices=Rolle.choices)
    aufgabe = models.CharField(_("Aufgabe im Projekt"), max_length=250, blank=True)

    # The measure's change history reads these rows by measure (projekte/verlauf.py).
    history = Historie(gelesen_nach=["projekt"])
    sperre_eltern = "projekt"
    objects = ProjektbeteiligungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Beteiligung eines Akteurs")
        verbose_name_plural = _("Beteiligungen von Akteuren")
        ordering = ["projekt", "rolle", "akteur__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["projekt", "akteur"],
                name="akteur_einmal_je_projekt",
                violation_error_message=_("Dieser Akteur ist an der Maßnahme schon beteiligt."),
            ),
            models.UniqueConstraint(
                fields=["projekt"],
                condition=Q(rolle="federfuehrend"),
                name="ein_federfuehrender_akteur_je_projekt",
                violation_error_message=_("Die Maßnahme hat schon einen federführenden Akteur."),
            ),
            models.CheckConstraint(
                condition=Q(
                    rolle__in=[
                        "federfuehrend",
                        "partner",
                        "foerdergeber",
                        "beratend",
                        "datenlieferant",
                    ]
                ),
                name="beteiligung_rolle_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Rolle."),
            ),
        ]

    def __str__(self) -> str:
        # Never query here: the actor's name only if it was loaded with the row.
        if Projektbeteiligung.akteur.is_cached(self):
            return f"{self.akteur.name} – {self.get_rolle_display()}"
        return f"{self.akteur_id} – {self.get_rolle_display()}"


class SachstandQuerySet(BasisQuerySet):
    kommune_pfad = "projekt__plan__kommune"

    def neueste_zuerst(self):
        return self.order_by("-datum", "-pk")

    def oeffentlich(self):
        """The reports the public pages show: marked public, of a published measure."""
        return self.filter(oeffentlich=True, projekt__veroeffentlicht=True)


class Sachstand(Versioniert):
    """A dated, signed status report. Reports are history: none is overwritten."""

    projekt = models.ForeignKey(
        Projektskizze,
        on_delete=models.CASCADE,
        related_name="sachstaende",
        verbose_name=_("Maßnahme"),
    )
    datum = models.DateField(_("Datum"), default=timezone.localdate)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices)
    ampel = models.CharField(_("Ampel"), max_length=10, choices=Ampel.choices)
    fortschritt = models.PositiveSmallIntegerField(
        _("Fortschritt (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    text = models.TextField(_("Sachstand"))
    verfasst_von = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="sachstaende",
        verbose_name=_("verfasst von"),
    )
    erstellt_am = models.DateTimeField(_("erfasst am"), auto_now_add=True)
    berichtigt = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="berichtigungen",
        verbose_name=_("berichtigt den Sachstand"),
        help_text=_(
            "Ein Sachstand wird nie überschrieben: eine Korrektur ist ein neuer Sachstand, der "
            "den berichtigten nennt."
        ),
    )
    oeffentlich = models.BooleanField(
        _("öffentlich"),
        default=False,
        help_text=_(
            "Der Sachstand erscheint auf der öffentlichen Seite der Maßnahme, wenn diese "
            "veröffentlicht ist."
        ),
    )

    objects = SachstandQuerySet.as_manager()
    # The measure's change history reads these rows by measure (projekte/verlauf.py).
    history = Historie(gelesen_nach=["projekt"])
    sperre_eltern = "projekt"
    unveraenderlich = True
    # Publishing is a decision about the report, not a change of what it says.
    freigabefelder = ("oeffentlich",)

    class Meta:
        verbose_name = _("Sachstand")
        verbose_name_plural = _("Sachstände")
        ordering = ["-datum", "-pk"]
        get_latest_by = ["datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fortschritt__gte=0, fortschritt__lte=100),
                name="sachstand_fortschritt_0_100",
                violation_error_message=_("Der Fortschritt liegt zwischen 0 und 100 %."),
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "idee",
                        "in_planung",
                        "in_umsetzung",
                        "umgesetzt",
                        "verstetigt",
                        "zurueckgestellt",
                        "verworfen",
                    ]
                ),
                name="sachstand_status_gueltig",
                violation_error_message=_("Bitte wählen Sie einen gültigen Status."),
            ),
            models.CheckConstraint(
                condition=Q(ampel__in=["gruen", "gelb", "rot"]),
                name="sachstand_ampel_gueltig",
                violation_error_message=_("Bitte wählen Sie eine gültige Ampel."),
            ),
        ]
        indexes = [models.Index(fields=["projekt", "-datum"], name="sachstand_projekt_datum")]

    def __str__(self) -> str:
        return (
            f"{formats.date_format(self.datum, 'SHORT_DATE_FORMAT')}: {self.get_status_display()}"
        )

    def eltern_nachfuehren(self, projekt: Projektskizze) -> list[str]:
        """Called by the write path (aktionsplan.sperre) after this report was written: the
        measure's current state becomes its newest report. Returns the fields to save."""
        projekt.aktueller_sachstand_id = (
            Sachstand.objects.filter(projekt_id=projekt.pk)
            .order_by("-datum", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        return ["aktueller_sachstand"]

    def clean(self) -> None:
        fehler = {}
        if self.datum and self.datum > timezone.localdate():
            fehler["datum"] = ValidationError(
                _("Ein Sachstand kann nicht in der Zukunft liegen."), code="zukunft"
            )
        if self.berichtigt_id is not None and self.berichtigt.projekt_id != self.projekt_id:
            fehler["berichtigt"] = ValidationError(
                _("Ein Sachstand berichtigt nur einen Sachstand derselben Maßnahme."),
                code="andere_massnahme",
            )
        if fehler:
            raise ValidationError(fehler)


class MeilensteinQuerySet(BasisQuerySet):
    kommune_pfad = "projekt__plan__kommune"

    def offen(self):
        return self.filter(erledigt_am__isnull=True)

    def ueberfaellig(self, stichtag: datetime.date | None = None):
        return self.offen().filter(faellig_am__lt=stichtag or timezone.localdate())


class Meilenstein(Versioniert):
    projekt = models.ForeignKey(
        Projektskizze,
        on_delete=models.CASCADE,
        related_name="meilensteine",
        verbose_name=_("Maßnahme"),
    )
    titel = models.CharField(_("Titel"), max_length=250)
    faellig_am = models.DateField(_("fällig am"))
    erledigt_am = models.DateField(_("erledigt am"), null=True, blank=True)

    objects = MeilensteinQuerySet.as_manager()
    # The measure's change history reads these rows by measure (projekte/verlauf.py).
    history = Historie(gelesen_nach=["projekt"])
    sperre_eltern = "projekt"

    class Meta:
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")
        ordering = ["faellig_am", "pk"]
        indexes = [models.Index(fields=["erledigt_am", "faellig_am"], name="meilenstein_offen")]

    def __str__(self) -> str:
        return self.titel

    def clean(self) -> None:
        if self.erledigt_am and self.erledigt_am > timezone.localdate():
            raise ValidationError(
                {"erledigt_am": _("Das Erledigt-Datum kann nicht in der Zukunft liegen.")},
                code="zukunft",
            )

    def ist_ueberfaellig(self, stichtag: datetime.date | None = None) -> bool:
        return self.erledigt_am is None and self.faellig_am < (stichtag or timezone.localdate())


class FinanzierungQuerySet(BasisQuerySet):
    kommune_pfad = "projekt__plan__kommune"


class Finanzierung(Versioniert):
    class Quelle(models.TextChoices):
        BUND = "bund", _("Bund")
        LAND = "land", _("Land")
        EU = "eu", _("EU")
        STIFTUNG = "stiftung", _("Stiftung")
        EIGENMITTEL = "eigenmittel", _("Eigenmittel")
        SONSTIGE = "sonstige", _("Sonstige")

    class Antragsstatus(models.TextChoices):
        GEPLANT = "geplant", _("geplant")
        BEANTRAGT = "beantragt", _("beantragt")
        BEWILLIGT = "bewilligt", _("bewilligt")
        ABGELEHNT = "abgelehnt", _("abgelehnt")

    projekt = models.ForeignKey(
        Projektskizze,
        on_delete=models.CASCADE,
        related_name="finanzierungen",
        verbose_name=_("Maßnahme"),
    )
    quelle = models.CharField(_("Mittelgeber"), max_length=20, choices=Quelle.choices)
    programm = models.CharField(_("Förderprogramm"), max_length=250, blank=True)
    betrag = models.DecimalField(_("Betrag (EUR)"), max_digits=12, decimal_places=2)
    status = models.CharField(_("Antragsstatus"), max_length=20, choices=Antragsstatus.choices)
    beantragt_am = models.DateField(_("beantragt am"), null=True, blank=True)
    entschieden_am = models.DateField(_("entschieden am"), null=True, blank=True)

    history = Historie()
    sperre_eltern = "projekt"
    objects = FinanzierungQuerySet.as_manager()

    class Meta:
        verbose_name = _("Finanzierung")
        verbose_name_plural = _("Finanzierungen")
        ordering = ["projekt", "quelle"]
        constraints = [
            models.CheckConstraint(
                condition=Q(betrag__gte=0),
                name="finanzierung_betrag_nicht_negativ",
                violation_error_message=_("Ein Betrag kann nicht negativ sein."),
            ),
            models.CheckConstraint(
                condition=Q(
                    quelle__in=["bund", "land", "eu", "stiftung", "eigenmittel", "sonstige"]
                ),
                name="finanzierung_quelle_gueltig",
                violation_error_message=_("Bitte wählen Sie einen gültigen Mittelgeber."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["geplant", "beantragt", "bewilligt", "abgelehnt"]),
                name="finanzierung_status_gueltig",
                violation_error_message=_("Bitte wählen Sie einen gültigen Antragsstatus."),
            ),
            models.CheckConstraint(
                condition=Q(beantragt_am__isnull=True)
                | Q(entschieden_am__isnull=True)
                | Q(entschieden_am__gte=F("beantragt_am")),
                name="finanzierung_entscheidung_nicht_vor_antrag",
                violation_error_message=_("Die Entscheidung liegt vor dem Antrag."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_quelle_display()}: {self.programm or '–'}"
