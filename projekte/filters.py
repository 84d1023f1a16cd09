"""Filters for the measure list and its export (a GET form; works without JavaScript).

The queryset must carry ``mit_aktuellem_stand()`` (status and Ampel filter on its annotations).
Many-to-many filters use ``pk IN (subquery)`` so that a measure never appears twice.
"""

from collections.abc import Callable

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from akteure.models import Akteur
from aktionsplan.bereich import mehrere_kommunen, sichtbare_kommunenliste
from aktionsplan.models import Plan, Raum, Thema, UNBRKArtikel, Zielgruppe
from aktionsplan.personen import PERSONEN_SUCHFELDER, anzeigename, durchsuchbar
from aktionsplan.suchauswahl import Suchauswahl, Suchbegriff
from aktionsplan.suche import Suchfilter
from projekte.models import Ampel, Meilenstein, Projektbeteiligung, Projektskizze, Status


def _durch(feld: str):
    return getattr(Projektskizze, feld).through.objects


def _kommunenwahl(nutzer) -> Callable[[], list[tuple[str, str]]]:
    """The choices of the Kommune filter: the Kommunen ``nutzer`` sees (through the scope hook,
    ``fuer``), by name; read once (one query) however often the form asks."""
    gelesen: list[list[tuple[str, str]]] = []

    def auswahl() -> list[tuple[str, str]]:
        if not gelesen:
            kommunen = Raum.objects.fuer(nutzer).kommunen().order_by("name", "pk")
            gelesen.append([(str(pk), name) for pk, name in kommunen.values_list("pk", "name")])
        return gelesen[0]

    return auswahl


class ProjektFilter(django_filters.FilterSet):
    q = Suchfilter(
        label=_("Suche in Nummer, Titel und Kurzbeschreibung"),
        felder=("titel", "kurzbeschreibung"),
        zahlfeld="nummer",
    )
    # Only in an installation with several Kommunen and for a person who sees more than one
    # (the regional views link each Kommune's measures here, issue 12; decided from the cache,
    # no query): the choices are the Kommunen the person sees (``_kommunenwahl``, one query when
    # the form is validated or shown). Removed otherwise (``__init__``).
    kommune = django_filters.ChoiceFilter(
        label=_("Kommune"), choices=[], method="nach_kommune", empty_label=_("alle")
    )
    plan = django_filters.ModelChoiceFilter(
        label=_("Plan"), queryset=Plan.objects.order_by("beginn", "name")
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        queryset=Thema.objects.geordnet(),
        method="nach_thema",
        help_text=_("Haupt- oder weiteres Thema"),
    )
    hauptthema = django_filters.ModelChoiceFilter(
        label=_("Hauptthema"),
        queryset=Thema.objects.geordnet(),
        help_text=_("Nur Maßnahmen mit diesem Hauptthema (so zählt die Übersicht)"),
    )
    # Narrows the theme filter above; no choices from the database (no query of its own).
    themenrolle = django_filters.ChoiceFilter(
        label=_("Thema als"),
        choices=[("haupt", _("Hauptthema")), ("weiteres", _("weiteres Thema"))],
        method="nach_themenrolle",
        empty_label=_("Haupt- oder weiteres Thema"),
        help_text=_("Gilt für den Filter „Thema“"),
    )
    gesamtstaedtisch = django_filters.ChoiceFilter(
        label=_("gesamtstädtisch"),
        choices=[("ja", _("ja")), ("nein", _("nein"))],
        method="nach_gesamtstaedtisch",
        empty_label=_("alle"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, field_name="aktueller_status"
    )
    aktiv = django_filters.ChoiceFilter(
        label=_("aktiv"),
        choices=[("ja", _("nur aktive")), ("nein", _("nur nicht aktive"))],
        method="nach_aktiv",
        empty_label=_("alle"),
        help_text=_("Aktiv: In Planung, In Umsetzung oder Verstetigt (so zählt die Abdeckung)"),
    )
    ampel = django_filters.ChoiceFilter(
        label=_("Ampel"), choices=Ampel.choices, field_name="aktuelle_ampel"
    )
    # What needs action (the overview's counts link here): no choices from the database.
    meilenstein = django_filters.ChoiceFilter(
        label=_("Meilensteine"),
        choices=[("ueberfaellig", _("nur mit überfälligem Meilenstein"))],
        method="nach_meilenstein",
        empty_label=_("alle"),
    )
    sachstand = django_filters.ChoiceFilter(
        label=_("Sachstand"),
        choices=[("veraltet", _("nur ohne aktuellen Sachstand"))],
        method="nach_sachstand",
        empty_label=_("alle"),
        help_text=_(
            "Idee, In Planung oder In Umsetzung, und der neueste Sachstand ist älter als die "
            "erwartete Frist oder fehlt"
        ),
    )
    # Gaps in Leichte Sprache (issue 11, point 2); the overview's tile links "fehlt_oeffentlich".
    leichte_sprache = django_filters.ChoiceFilter(
        label=_("Leichte Sprache"),
        choices=[
            ("fehlt", _("nur ohne Text in Leichter Sprache")),
            ("fehlt_oeffentlich", _("nur veröffentlichte ohne Text in Leichter Sprache")),
        ],
        method="nach_leichter_sprache",
        empty_label=_("alle"),
    )
    raum = django_filters.ModelChoiceFilter(
        label=_("Raum"), queryset=Raum.objects.order_by("name"), method="nach_raum"
    )
    # Actors and responsible persons are many: searched, not listed (aktionsplan/suchauswahl.py).
    akteur = Suchauswahl(
        label=_("Akteur"),
        queryset=Akteur.objects.order_by("name"),
        suchfelder=("name", "kurzname"),
        bedingung=lambda akteure: Q(
            pk__in=Projektbeteiligung.objects.filter(akteur__in=akteure).values("projekt_id")
        ),
    )
    akteur_suche = Suchbegriff(
        auswahl="akteur",
        label=_("Akteur"),
        help_text=_("Name oder Kurzname, auch ein Teil davon"),
    )
    zielgruppe = django_filters.ModelChoiceFilter(
        label=_("Zielgruppe"), queryset=Zielgruppe.objects.all(), method="nach_zielgruppe"
    )
    unbrk_artikel = django_filters.ModelChoiceFilter(
        label=_("UN-BRK-Artikel"),
        queryset=UNBRKArtikel.objects.order_by("nummer"),
        method="nach_artikel",
    )
    verantwortlich = Suchauswahl(
        label=_("verantwortlich (Verwaltung)"),
        queryset=durchsuchbar(get_user_model().objects.filter(verantwortete_projekte__isnull=False))
        .distinct()
        .order_by("last_name", "first_name", "username"),
        suchfelder=PERSONEN_SUCHFELDER,
        bedingung=lambda personen: Q(verantwortlich__in=personen),
        anzeige=anzeigename,
    )
    verantwortlich_suche = Suchbegriff(
        auswahl="verantwortlich",
        label=_("verantwortlich (Verwaltung)"),
        help_text=_("Vor- oder Nachname oder Benutzername, auch ein Teil davon"),
    )

    class Meta:
        model = Projektskizze
        fields = [
            "q",
            "kommune",
            "plan",
            "thema",
            "hauptthema",
            "themenrolle",
            "status",
            "aktiv",
            "ampel",
            "meilenstein",
            "sachstand",
            "leichte_sprache",
            "raum",
            "akteur",
            "akteur_suche",
            "zielgruppe",
            "unbrk_artikel",
            "verantwortlich",
            "verantwortlich_suche",
            "gesamtstaedtisch",
        ]

    def __init__(self, *args, nutzer=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if mehrere_kommunen() and len(sichtbare_kommunenliste(nutzer)) > 1:
            self.filters["kommune"].extra["choices"] = _kommunenwahl(nutzer)
        else:
            del self.filters["kommune"]

    def nach_kommune(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(plan__kommune=int(value))

    def nach_thema(self, queryset: QuerySet, name: str, value: Thema) -> QuerySet:
        weitere = _durch("weitere_themen").filter(thema=value).values("projektskizze_id")
        rolle = self.form.cleaned_data.get("themenrolle")
        if rolle == "haupt":
            return queryset.filter(hauptthema=value)
        if rolle == "weiteres":
            return queryset.filter(pk__in=weitere)
        return queryset.filter(Q(hauptthema=value) | Q(pk__in=weitere))

    def nach_themenrolle(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Applied by nach_thema (a role without a theme filters nothing).
        return queryset

    def nach_aktiv(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "ja":
            return queryset.filter(aktueller_status__in=Status.aktive())
        return queryset.exclude(aktueller_status__in=Status.aktive())

    def nach_meilenstein(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Open milestones due before today (MeilensteinQuerySet.ueberfaellig, as the overview).
        return queryset.filter(pk__in=Meilenstein.objects.ueberfaellig().values("projekt_id"))

    def nach_sachstand(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The rule of the overview and the reminder e-mails (ohne_aktuellen_sachstand).
        return queryset.sachstand_veraltet()

    def nach_leichter_sprache(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The rule of the overview's tile (ProjektskizzeQuerySet.ohne_leichte_sprache).
        return queryset.ohne_leichte_sprache(nur_veroeffentlichte=value == "fehlt_oeffentlich")

    def nach_gesamtstaedtisch(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(gesamtstaedtisch=value == "ja")

    def nach_raum(self, queryset: QuerySet, name: str, value: Raum) -> QuerySet:
        return queryset.filter(
            pk__in=_durch("raeume").filter(raum=value).values("projektskizze_id")
        )

    def nach_zielgruppe(self, queryset: QuerySet, name: str, value: Zielgruppe) -> QuerySet:
        return queryset.filter(
            pk__in=_durch("zielgruppen").filter(zielgruppe=value).values("projektskizze_id")
        )

    def nach_artikel(self, queryset: QuerySet, name: str, value: UNBRKArtikel) -> QuerySet:
        return queryset.filter(
            pk__in=_durch("unbrk_artikel").filter(unbrkartikel=value).values("projektskizze_id")
        )
